//! The JSON contract of `check --json` and `diff --json` (issue 12): every key and value of
//! the objects as first published is still there, exactly. New keys may be added; the
//! pinned files under `tests/reference/` are never rewritten by a test.

use crate::support::{cchc, fixture, seed_rows, tsv};
use serde_json::Value;
use std::path::Path;

/// Every key of `pinned` is in `now` with the same value, recursively; arrays have the
/// same length. Numbers compare by their exact digits.
fn assert_contains(pinned: &Value, now: &Value, path: &str) {
    match (pinned, now) {
        (Value::Object(p), Value::Object(n)) => {
            for (key, value) in p {
                let inner = format!("{path}.{key}");
                let found = n.get(key).unwrap_or_else(|| panic!("{inner}: key missing"));
                assert_contains(value, found, &inner);
            }
        }
        (Value::Array(p), Value::Array(n)) => {
            assert_eq!(p.len(), n.len(), "{path}: length");
            for (i, (a, b)) in p.iter().zip(n).enumerate() {
                assert_contains(a, b, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(pinned, now, "{path}"),
    }
}

fn pinned(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn stdout(args: &[&str], dir: &Path) -> String {
    let o = cchc(args, dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn check_json_keeps_its_contract() {
    let out = stdout(
        &["check", "input/tuan-giao-2019.xlsx", "--json"],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    let now: Value = serde_json::from_str(&out).unwrap();
    assert_contains(&pinned("check-json-contract.json"), &now, "");
}

/// The seed's second round as in `diff.rs`: 4.1 to full marks, 5.8's maximum lowered,
/// 7.2.4 assigned, an opinion rewritten, 7.3.3 dropped, 3.1.1 added.
fn round_two(dir: &Path) -> std::path::PathBuf {
    let mut rows = seed_rows();
    let find = |rows: &[Vec<String>], code: &str| {
        rows.iter().position(|r| r[0].starts_with(code)).unwrap()
    };
    let i = find(&rows, "4.1.");
    rows[i][1] = "0,5/0,5".into();
    let i = find(&rows, "5.8.");
    rows[i][1] = "0/1".into();
    let i = find(&rows, "7.2.4");
    rows[i][2] = "Văn phòng HĐND-UBND".into();
    let i = find(&rows, "6.2.1.");
    rows[i][3] = "Vòng 2: giữ nguyên".into();
    let i = find(&rows, "7.3.3.");
    rows.remove(i);
    let at = find(&rows, "4.1.");
    rows.insert(
        at,
        [
            "3.1.1. Công bố thủ tục hành chính",
            "0,5/1",
            "Văn phòng HĐND-UBND",
            "Chậm công bố",
            "",
            "0,5",
        ]
        .map(String::from)
        .to_vec(),
    );
    let path = dir.join("vong-2.tsv");
    std::fs::write(&path, tsv(&rows)).unwrap();
    path
}

#[test]
fn diff_json_keeps_its_contract() {
    let dir = tempfile::tempdir().unwrap();
    let new = round_two(dir.path());
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/cchc.toml");
    let out = stdout(
        &[
            "diff",
            fixture("bang-phan-tich.tsv").to_str().unwrap(),
            new.to_str().unwrap(),
            "--json",
            "--config",
            config.to_str().unwrap(),
        ],
        dir.path(),
    );
    let now: Value = serde_json::from_str(&out).unwrap();
    assert_contains(&pinned("diff-json-contract.json"), &now, "");
}
