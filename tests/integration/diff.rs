//! `cchc diff` between two rounds built from the fixture: round 2 raises 4.1 to full marks,
//! lowers 5.8's maximum, assigns 7.2.4 to the Văn phòng, rewrites an opinion, drops 7.3.3 and
//! adds 3.1.1.

use crate::support::{cchc, fixture, round_two};
use std::path::Path;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let o = cchc(args, dir);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `cchc diff` from the seed to [`round_two`] with the sample config and `extra` options.
fn diff_with_round_two(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let new = round_two(dir);
    let old = fixture("bang-phan-tich.tsv");
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/cchc.toml");
    let mut args = vec!["diff", old.to_str().unwrap(), new.to_str().unwrap()];
    args.extend(extra);
    args.extend(["--config", config.to_str().unwrap()]);
    run(&args, dir)
}

#[test]
fn diff_names_exactly_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = diff_with_round_two(dir.path(), &["--json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes("changed"), ["4.1", "5.8"]);
    assert_eq!(codes("added"), ["3.1.1"]);
    assert_eq!(codes("removed"), ["7.3.3"]);
    assert_eq!(codes("reassigned"), ["7.2.4"]);
    assert_eq!(codes("opinions"), ["6.2.1"]);
    let c41 = &json["changed"][0];
    assert_eq!(c41["old_achieved"].to_string(), "0");
    assert_eq!(c41["new_achieved"].to_string(), "0.5");
    assert_eq!(c41["old_lost"].to_string(), "0.5");
    assert_eq!(c41["new_lost"].to_string(), "0");
    assert_eq!(c41["units"][0], "Phòng Nội vụ");
    let c58 = &json["changed"][1];
    assert_eq!(
        (c58["old_lost"].to_string(), c58["new_lost"].to_string()),
        ("1.5".into(), "1".into())
    );
    // 20.581 − 0.5 (4.1) − 0.5 (5.8) − 1.5 (7.3.3) + 0.5 (3.1.1) = 18.581
    assert_eq!(json["total"]["old_lost"].to_string(), "20.581");
    assert_eq!(json["total"]["new_lost"].to_string(), "18.581");
    let unit = |name: &str| {
        json["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["name"] == name)
            .unwrap()
            .clone()
    };
    let noi_vu = unit("Phòng Nội vụ");
    assert_eq!(
        (
            noi_vu["old_lost"].to_string(),
            noi_vu["new_lost"].to_string()
        ),
        ("5.52".into(), "4.52".into())
    );
    let vp = unit("Văn phòng HĐND-UBND");
    assert_eq!(
        (vp["old_lost"].to_string(), vp["new_lost"].to_string()),
        ("4.411".into(), "5.411".into())
    );
    let vhtt = unit("Phòng Văn hóa - Thông tin");
    assert_eq!(vhtt["new_lost"].to_string(), "3.5");
    let unassigned = unit("Chưa giao đơn vị");
    assert_eq!(
        (
            unassigned["old_lost"].to_string(),
            unassigned["new_lost"].to_string()
        ),
        ("1.14".into(), "0.64".into())
    );
}

#[test]
fn diff_text_and_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = diff_with_round_two(dir.path(), &["--out", "so-sanh.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Tổng điểm bị trừ: 20,581 → 18,581 (−2)"),
        "{out}"
    );
    assert!(out.contains("4.1 Tuân thủ các quy định"), "{out}");
    assert!(
        out.contains("0/0,5 → 0,5/0,5, bị trừ 0,5 → 0 (−0,5)"),
        "{out}"
    );
    assert!(out.contains("7.2.4:  → Văn phòng HĐND-UBND"), "{out}");
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(dir.path().join("so-sanh.xlsx")).unwrap();
    let changes = book.worksheet_range("Thay đổi").unwrap();
    assert_eq!(changes.get_value((1, 0)).unwrap().to_string(), "4.1");
    assert_eq!(changes.get_value((1, 2)).unwrap().to_string(), "0/0,5");
    assert_eq!(changes.get_value((1, 6)).unwrap().to_string(), "-0.5");
    let units = book.worksheet_range("Theo đơn vị").unwrap();
    let total_row = units.height() - 1;
    assert_eq!(
        units.get_value((total_row as u32, 0)).unwrap().to_string(),
        "Tổng cộng"
    );
    assert_eq!(
        units.get_value((total_row as u32, 2)).unwrap().to_string(),
        "18.58",
        "a sum, printed to two places (issue 14)"
    );
}
