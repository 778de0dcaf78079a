//! Nothing a person keeps is ever lost (issue 11): regeneration when a file cannot be
//! replaced, when the disk is full, when the run is killed at any moment, and when several
//! runs write the same folder at once.

use crate::support::{cchc, text, tree};
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn project(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The sample generated once from `dir/in` into `dir/out`; its output folder.
fn generated_once(dir: &Path) -> PathBuf {
    inputs(dir, 1);
    let o = cchc(&["generate", "in", "--out", "out"], dir);
    assert!(o.status.success(), "{}", text(&o));
    dir.join("out/tuan-giao-2019")
}

/// `dir/in/` with `n` copies of the sample (`x-01.xlsx`, …; the sample's own name when
/// `n` is 1) and the sample configuration.
fn inputs(dir: &Path, n: usize) -> Vec<String> {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let names: Vec<String> = if n == 1 {
        vec!["tuan-giao-2019".into()]
    } else {
        (1..=n).map(|i| format!("x-{i:02}")).collect()
    };
    for name in &names {
        std::fs::copy(
            project("input/tuan-giao-2019.xlsx"),
            input.join(format!("{name}.xlsx")),
        )
        .unwrap();
    }
    set_number(dir, "1356");
    names
}

/// Writes the sample configuration with the cover letter's number set to `number`.
fn set_number(dir: &Path, number: &str) {
    let config = std::fs::read_to_string(project("input/cchc.toml"))
        .unwrap()
        .replacen("number = \"1356\"", &format!("number = \"{number}\""), 1);
    std::fs::write(dir.join("in/cchc.toml"), config).unwrap();
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", sha2::Sha256::digest(bytes))
}

/// The folder is whole: every file its manifest lists is there with that hash (or, not yet
/// regenerated, with one of the `edits` a person made). Returns the cover letter's number.
fn assert_whole(folder: &Path) -> String {
    assert_whole_but(folder, &[])
}

fn assert_whole_but(folder: &Path, edits: &[&[u8]]) -> String {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("manifest.json"))
            .unwrap_or_else(|e| panic!("{}: no manifest ({e})", folder.display())),
    )
    .unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 8, "{}", folder.display());
    for file in files {
        let path = folder.join(file["path"].as_str().unwrap());
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: missing ({e})", path.display()));
        if edits.contains(&bytes.as_slice()) {
            continue;
        }
        assert_eq!(
            sha256(&bytes),
            file["sha256"].as_str().unwrap(),
            "{}",
            path.display()
        );
    }
    letter_number(&folder.join("cong-van.docx"))
}

/// The number in the cover letter's "Số: …/UBND-NV".
fn letter_number(docx: &Path) -> String {
    let xml = crate::support::docx::part(docx, "word/document.xml");
    let at = xml.find("/UBND-NV").expect("the letter's number");
    let digits: String = xml[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect()
}

/// Whether some file under `root` holds exactly `bytes`.
fn holds(root: &Path, bytes: &[u8]) -> bool {
    tree(root).values().any(|b| b == bytes)
}

fn chattr(flag: &str, path: &Path) -> bool {
    Command::new("chattr")
        .arg(flag)
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// The issue's first case: a signed scan under `ban-cu/`, a hand-edited letter and annex,
/// and the annex held open (immutable, as Excel holding it does on Windows) when the
/// number changes.
#[cfg(target_os = "linux")]
#[test]
fn a_file_held_open_stops_the_run_and_everything_stays() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated_once(dir.path());
    let scan = folder.join("ban-cu/2020-scan/cong-van-ky-so.pdf");
    std::fs::create_dir_all(scan.parent().unwrap()).unwrap();
    std::fs::write(&scan, b"%PDF-1.7 signed scan").unwrap();
    for edited in ["don-vi/phong-noi-vu.docx", "phu-luc.xlsx"] {
        let mut bytes = std::fs::read(folder.join(edited)).unwrap();
        bytes.extend_from_slice(b" hand edit");
        std::fs::write(folder.join(edited), bytes).unwrap();
    }
    let annex = folder.join("phu-luc.xlsx");
    if !chattr("+i", &annex) {
        eprintln!("skipped: chattr +i is not available here");
        return;
    }
    let before = tree(&folder);
    set_number(dir.path(), "1400");
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    chattr("-i", &annex);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("không di chuyển được `out/tuan-giao-2019/phu-luc.xlsx`"),
        "{said}"
    );
    assert!(
        said.contains(
            "Chưa có tệp nào bị thay đổi: văn bản cũ và các tệp sửa tay vẫn ở nguyên chỗ."
        ),
        "{said}"
    );
    assert_eq!(tree(&folder), before, "every file as it was, byte for byte");

    // Closed: the run goes through, and keeps the edits and the scan.
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("đã giữ lại 2 tệp đã sửa tay hoặc thêm vào: ban-cu/"),
        "{}",
        text(&o)
    );
    assert_eq!(assert_whole(&folder), "1400");
    assert_eq!(std::fs::read(&scan).unwrap(), b"%PDF-1.7 signed scan");
    for edited in ["don-vi/phong-noi-vu.docx", "phu-luc.xlsx"] {
        let old = &before[Path::new(edited)];
        assert!(holds(&folder.join("ban-cu"), old), "{edited} kept");
    }
}

/// A full disk, simulated by a file-size limit smaller than the annex: the new documents
/// cannot be written, and the previous ones stay.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated_once(dir.path());
    std::fs::write(folder.join("cong-van-ky-so.pdf"), b"signed").unwrap();
    let before = tree(&folder);
    set_number(dir.path(), "1400");
    // SIGXFSZ ignored, so that the write fails with EFBIG as on a full disk rather than
    // killing the process.
    let o = Command::new("bash")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 8; exec "$0" generate in --out out"#)
        .arg(env!("CARGO_BIN_EXE_cchc"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("không đọc/ghi được"), "{}", text(&o));
    assert_eq!(tree(&folder), before);
    assert!(!dir.path().join("out/.cchc/tuan-giao-2019.tmp").exists());
}

/// A small deterministic generator for the kill moments.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// A batch of 50 regenerations killed at 20 moments spread over the run: each time every
/// folder is the previous output or the new one, whole (or, killed between the two renames,
/// the previous one waiting whole in `.cchc/`), the person's files are all there, and a
/// rerun finishes the job.
#[test]
fn kills_at_random_moments_leave_every_folder_whole() {
    let dir = tempfile::tempdir().unwrap();
    let names = inputs(dir.path(), 50);
    let out = dir.path().join("out");
    let start = Instant::now();
    let o = cchc(
        &["generate", "in", "--out", "out", "--jobs", "2"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    let full_run = start.elapsed();
    // A person's files in every folder: a signed scan and an edited letter.
    let mut person: Vec<(String, Vec<u8>)> = Vec::new();
    for name in &names {
        let folder = out.join(name);
        let scan = format!("%PDF signed scan of {name}").into_bytes();
        std::fs::create_dir_all(folder.join("ban-cu/scan")).unwrap();
        std::fs::write(folder.join("ban-cu/scan/ky-so.pdf"), &scan).unwrap();
        let mut edited = std::fs::read(folder.join("don-vi/phong-noi-vu.docx")).unwrap();
        edited.extend_from_slice(name.as_bytes());
        std::fs::write(folder.join("don-vi/phong-noi-vu.docx"), &edited).unwrap();
        person.push((name.clone(), scan));
        person.push((name.clone(), edited));
    }
    let mut rng = Lcg(11);
    let numbers = ["1356", "1400"];
    for round in 0..20 {
        let number = numbers[(round + 1) % 2];
        assert!(round < 19 || number == numbers[20 % 2]);
        set_number(dir.path(), number);
        let mut child = Command::new(env!("CARGO_BIN_EXE_cchc"))
            .args(["generate", "in", "--out", "out", "--jobs", "2"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let at = rng.below(full_run.as_millis() as u64 + 50);
        std::thread::sleep(Duration::from_millis(at));
        child.kill().unwrap();
        child.wait().unwrap();
        for name in &names {
            let folder = out.join(name);
            let edits: Vec<&[u8]> = person
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, b)| b.as_slice())
                .collect();
            let found = if folder.exists() {
                assert_whole_but(&folder, &edits)
            } else {
                assert_whole_but(&out.join(".cchc").join(format!("{name}.old")), &edits)
            };
            assert!(
                numbers.contains(&found.as_str()),
                "round {round}, {name}: {found}"
            );
        }
        for (name, bytes) in &person {
            assert!(
                holds(&out.join(name), bytes)
                    || holds(&out.join(".cchc").join(format!("{name}.old")), bytes),
                "round {round}, killed at {at} ms: a file of {name} was lost"
            );
        }
    }
    let o = cchc(
        &["generate", "in", "--out", "out", "--jobs", "2"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", text(&o));
    // The configuration of the last round. A folder that no round reached before its kill
    // still has the first round's letters, which that configuration makes too: it is up to
    // date and keeps the person's edit in place.
    let last = numbers[20 % 2];
    for name in &names {
        let edits: Vec<&[u8]> = person
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .collect();
        assert_eq!(assert_whole_but(&out.join(name), &edits), last, "{name}");
    }
    for (name, bytes) in &person {
        assert!(holds(&out.join(name), bytes), "{name}: a file was lost");
    }
    let work: Vec<String> = std::fs::read_dir(out.join(".cchc"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    assert!(work.is_empty(), "left over: {work:?}");
}

/// Eight runs with eight configurations into one folder at once: one complete, valid
/// folder at the end, and each run either wrote it or said the folder was busy.
#[test]
fn concurrent_runs_leave_one_whole_folder() {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path(), 1);
    let numbers: Vec<String> = (0..8).map(|i| format!("{}", 1400 + i)).collect();
    for number in &numbers {
        let config = std::fs::read_to_string(project("input/cchc.toml"))
            .unwrap()
            .replacen("number = \"1356\"", &format!("number = \"{number}\""), 1);
        std::fs::write(dir.path().join(format!("in/{number}.toml")), config).unwrap();
    }
    let children: Vec<_> = numbers
        .iter()
        .map(|number| {
            Command::new(env!("CARGO_BIN_EXE_cchc"))
                .args(["generate", "in/tuan-giao-2019.xlsx", "--out", "out"])
                .arg("--config")
                .arg(format!("in/{number}.toml"))
                .current_dir(dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut written = 0;
    for child in children {
        let o = child.wait_with_output().unwrap();
        if o.status.success() {
            written += 1;
        } else {
            assert_eq!(o.status.code(), Some(2), "{}", text(&o));
            assert!(
                text(&o).contains("một lần chạy khác đang ghi thư mục kết quả"),
                "{}",
                text(&o)
            );
        }
    }
    assert!(written >= 1);
    let found = assert_whole(&dir.path().join("out/tuan-giao-2019"));
    assert!(numbers.contains(&found), "{found}");
}

/// A run that finds the folder locked by another waits, then says so and changes nothing.
#[test]
fn a_locked_folder_is_reported_busy() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated_once(dir.path());
    let before = tree(&folder);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("out/.cchc/tuan-giao-2019.lock"))
        .unwrap();
    lock.lock().unwrap();
    set_number(dir.path(), "1400");
    let o = cchc(
        &["generate", "in", "--out", "out", "--wait", "1"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(
            "một lần chạy khác đang ghi thư mục kết quả `out/tuan-giao-2019` (đã chờ 1 giây)"
        ),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("Gợi ý: chờ lần chạy kia xong"),
        "{}",
        text(&o)
    );
    assert_eq!(tree(&folder), before);
    drop(lock);
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(assert_whole(&folder), "1400");
}

/// `a.xlsx` then, in another run, `a.ods` into the same OUT: refused, unless `--force`.
#[test]
fn another_input_of_the_same_name_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated_once(dir.path());
    let before = tree(&folder);
    std::fs::create_dir(dir.path().join("other")).unwrap();
    std::fs::copy(
        project("tests/fixtures/tuan-giao-2019/bang-phan-tich.tsv"),
        dir.path().join("other/tuan-giao-2019.tsv"),
    )
    .unwrap();
    let args = [
        "generate",
        "other/tuan-giao-2019.tsv",
        "--out",
        "out",
        "--config",
        "in/cchc.toml",
    ];
    let o = cchc(&args, dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("thư mục kết quả `out/tuan-giao-2019` được lập từ tệp `tuan-giao-2019.xlsx`, không phải từ `tuan-giao-2019.tsv`; không ghi đè"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(tree(&folder), before);

    let o = cchc(&[&args[..], &["--force"]].concat(), dir.path());
    assert!(o.status.success(), "{}", text(&o));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["source"], "tuan-giao-2019.tsv");
    // Now the .tsv owns the folder: its reruns go through without --force.
    let o = cchc(&args, dir.path());
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("không thay đổi"), "{}", text(&o));
}

/// Killed between the two renames, then run again on an input that has since turned bad:
/// the input is refused, and the previous output is back in its place all the same.
#[test]
fn a_half_replaced_folder_is_put_back_even_when_the_input_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generated_once(dir.path());
    let before = tree(&folder);
    std::fs::rename(&folder, dir.path().join("out/.cchc/tuan-giao-2019.old")).unwrap();
    std::fs::write(dir.path().join("in/tuan-giao-2019.xlsx"), b"not a workbook").unwrap();
    let o = cchc(&["generate", "in", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(tree(&folder), before);
    assert!(!dir.path().join("out/.cchc/tuan-giao-2019.old").exists());
}
