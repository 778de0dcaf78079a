//! Batch regeneration (issue 5): byte-identical with 1 and 4 threads, hand edits kept,
//! per-input settings. Kills and faults are in `nothing_lost.rs`.

use crate::support::docx::part;
use crate::support::{cchc, fixture, seed_with_score, text, tree};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A batch folder `in/` with `n` inputs (TSV copies of the seed, one per-column xlsx) and
/// the sample config beside them.
fn batch(dir: &Path, n: usize) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for i in 0..n {
        std::fs::copy(
            fixture("bang-phan-tich.tsv"),
            input.join(format!("xa-{i:03}.tsv")),
        )
        .unwrap();
    }
    std::fs::copy(
        fixture("ket-qua-tham-dinh.xlsx"),
        input.join("so-noi-vu.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("input/cchc.toml"),
        input.join("cchc.toml"),
    )
    .unwrap();
}

fn docx_text(path: &Path) -> String {
    part(path, "word/document.xml")
}

#[test]
fn reruns_are_byte_identical_with_one_and_four_threads() {
    let dir = tempfile::tempdir().unwrap();
    batch(dir.path(), 5);
    let one = cchc(
        &["generate", "in", "--out", "one", "--jobs", "1"],
        dir.path(),
    );
    assert!(one.status.success(), "{}", text(&one));
    let four = cchc(
        &["generate", "in", "--out", "four", "--jobs", "4"],
        dir.path(),
    );
    assert!(four.status.success(), "{}", text(&four));
    let (a, b) = (
        tree(&dir.path().join("one")),
        tree(&dir.path().join("four")),
    );
    assert_eq!(
        a.len(),
        6 * (1 + 1 + 6 + 1),
        "annex, letter, six unit letters, manifest per input"
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between 1 and 4 threads",
            path.display()
        );
    }
    assert!(text(&four).contains("Tổng kết: 6 tệp đầu vào, 6 đã lập (0 không thay đổi), 48 văn bản đã ghi, 12 cảnh báo, 0 tệp sửa tay được giữ lại, 0 lỗi."), "{}", text(&four));
}

#[test]
fn hand_edits_are_kept_and_unchanged_inputs_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    batch(dir.path(), 1);
    assert!(
        cchc(&["generate", "in", "--out", "out"], dir.path())
            .status
            .success()
    );
    let folder = dir.path().join("out/xa-000");
    let letter = folder.join("don-vi/phong-noi-vu.docx");
    let mut edited = std::fs::read(&letter).unwrap();
    edited.extend_from_slice(b"chu ky");
    std::fs::write(&letter, &edited).unwrap();
    std::fs::write(folder.join("cong-van-da-ky.pdf"), b"%PDF signed").unwrap();

    // Nothing changed: nothing is rewritten, the edit stays where it is.
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("in/xa-000.tsv: không thay đổi"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&letter).unwrap(), edited);

    // Round 2 changes a score: the folder is regenerated and the edits are kept aside.
    std::fs::write(
        dir.path().join("in/xa-000.tsv"),
        seed_with_score("5.8.", "1/1,5"),
    )
    .unwrap();
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("đã giữ lại 2 tệp đã sửa tay hoặc thêm vào: ban-cu/"),
        "{out}"
    );
    let backups: Vec<PathBuf> = tree(&folder.join("ban-cu")).into_keys().collect();
    assert_eq!(backups.len(), 2, "{backups:?}");
    assert!(
        backups
            .iter()
            .any(|p| p.ends_with("don-vi/phong-noi-vu.docx"))
    );
    assert!(backups.iter().any(|p| p.ends_with("cong-van-da-ky.pdf")));
    assert_eq!(
        std::fs::read(
            folder.join("ban-cu").join(
                backups
                    .iter()
                    .find(|p| p.ends_with("phong-noi-vu.docx"))
                    .unwrap()
            )
        )
        .unwrap(),
        edited
    );
    let signed = backups
        .iter()
        .find(|p| p.ends_with("cong-van-da-ky.pdf"))
        .unwrap();
    assert_eq!(
        std::fs::read(folder.join("ban-cu").join(signed)).unwrap(),
        b"%PDF signed",
        "the signed scan is kept as it was"
    );
    assert_ne!(
        std::fs::read(&letter).unwrap(),
        edited,
        "a fresh letter replaces the edited one"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["files"].as_array().unwrap().len(), 8);
}

#[test]
fn per_input_settings() {
    let dir = tempfile::tempdir().unwrap();
    batch(dir.path(), 3);
    let config = dir.path().join("in/cchc.toml");
    let mut text_config = std::fs::read_to_string(&config).unwrap();
    text_config.push_str("\n[files.\"xa-001.tsv\"]\nletter = { number = \"77\" }\norgan = { place = \"Mường Ảng\" }\n");
    std::fs::write(&config, text_config).unwrap();
    std::fs::write(
        dir.path().join("in/xa-002.toml"),
        "[letter]\nnumber = \"88\"\n",
    )
    .unwrap();
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let letter = |i: usize| docx_text(&dir.path().join(format!("out/xa-{i:03}/cong-van.docx")));
    assert!(letter(0).contains("1356/UBND-NV"));
    assert!(
        letter(1).contains("77/UBND-NV")
            && letter(1).contains("Mường Ảng, ngày 30 tháng 10 năm 2020")
    );
    assert!(letter(2).contains("88/UBND-NV"));

    // A mistyped key in an override names it.
    std::fs::write(
        dir.path().join("in/xa-002.toml"),
        "[letter]\nnumbr = \"88\"\n",
    )
    .unwrap();
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("xa-002.toml`, dòng 2: khóa `numbr` không hợp lệ"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("1/4 tệp đầu vào không xử lý được"),
        "{}",
        text(&o)
    );
}

#[test]
fn two_inputs_for_one_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    batch(dir.path(), 1);
    std::fs::copy(
        fixture("bang-phan-tich.xlsx"),
        dir.path().join("in/xa-000.xlsx"),
    )
    .unwrap();
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("cùng ghi vào thư mục kết quả `xa-000`"),
        "{}",
        text(&o)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn previous_round_in_the_summary_and_the_letter() {
    let dir = tempfile::tempdir().unwrap();
    batch(dir.path(), 1);
    std::fs::create_dir(dir.path().join("vong-1")).unwrap();
    std::fs::copy(
        fixture("bang-phan-tich.tsv"),
        dir.path().join("vong-1/xa-000.tsv"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("in/xa-000.tsv"),
        seed_with_score("5.8.", "0,5/1,5"),
    )
    .unwrap();
    let o = cchc(
        &["generate", "in", "--out", "out", "--previous", "vong-1"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let letter = docx_text(&dir.path().join("out/xa-000/cong-van.docx"));
    assert!(
        letter.contains("So với kết quả thẩm định vòng trước, tổng điểm bị trừ giảm từ 20,58 xuống 20,08 điểm; 1 tiêu chí thay đổi điểm (5.8: 0/1,5 thành 0,5/1,5)"),
        "{letter}"
    );
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(dir.path().join("out/xa-000/phu-luc.xlsx")).unwrap();
    let summary = book.worksheet_range("Tổng hợp").unwrap();
    let rows: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let at = rows
        .iter()
        .position(|r| r[0] == "V. SO SÁNH VỚI KẾT QUẢ VÒNG TRƯỚC")
        .expect("section V");
    let noi_vu = rows[at..].iter().find(|r| r[1] == "Phòng Nội vụ").unwrap();
    assert_eq!(
        (noi_vu[2].as_str(), noi_vu[3].as_str(), noi_vu[4].as_str()),
        ("5.52", "5.02", "-0.5")
    );
    let changed = rows[at..]
        .iter()
        .find(|r| r[1].starts_with("5.8 "))
        .unwrap();
    assert_eq!(
        (changed[2].as_str(), changed[3].as_str()),
        ("0/1,5", "0,5/1,5")
    );

    // Without --previous the letter says nothing of a previous round.
    let o = cchc(&["generate", "in", "--out", "plain"], dir.path());
    assert!(o.status.success());
    assert!(!docx_text(&dir.path().join("plain/xa-000/cong-van.docx")).contains("vòng trước"));
}

/// The `ban-cu/<date-time>/` folder is named by the clerk's own clock: with the computer
/// set to Việt Nam's time (UTC+7, no summer time) the stamp is 7 hours ahead of UTC.
#[test]
fn kept_files_are_stamped_in_local_time() {
    let dir = tempfile::tempdir().unwrap();
    batch(dir.path(), 1);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_cchc"))
            .args(["generate", "in/xa-000.tsv", "--out", "out"])
            .current_dir(dir.path())
            .env("TZ", "Asia/Ho_Chi_Minh")
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    std::fs::write(dir.path().join("out/xa-000/ky-so.pdf"), b"signed").unwrap();
    std::fs::write(
        dir.path().join("in/xa-000.tsv"),
        seed_with_score("5.8.", "1/1,5"),
    )
    .unwrap();
    let before = chrono::Utc::now() + chrono::Duration::hours(7);
    let o = run();
    let after = chrono::Utc::now() + chrono::Duration::hours(7);
    assert!(o.status.success(), "{}", text(&o));
    let stamps: Vec<String> = std::fs::read_dir(dir.path().join("out/xa-000/ban-cu"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stamps.len(), 1, "{stamps:?}");
    let stamp = chrono::NaiveDateTime::parse_from_str(&stamps[0], "%Y-%m-%d-%H%M%S").unwrap();
    let slack = chrono::Duration::seconds(1);
    assert!(
        before.naive_utc() - slack <= stamp && stamp <= after.naive_utc() + slack,
        "{stamp} is not Việt Nam's time ({before} … {after})"
    );
}
