//! The replacement under faults: a failure injected at every point of every step leaves the
//! previous output whole, or the new one complete, and never loses a file a person made
//! (issue 11). Compiled only for tests: `mod.rs` declares this module under #[cfg(test)].

use super::*;
use std::collections::BTreeMap;

fn file(p: &str, b: &[u8]) -> OutputFile {
    OutputFile {
        path: PathBuf::from(p),
        bytes: b.to_vec(),
    }
}

fn key(input: &str) -> Key {
    Key {
        input: input.into(),
        config: String::new(),
        templates: String::new(),
        options: String::new(),
    }
}

const WAIT: Duration = Duration::from_secs(5);

fn write(out: &Path, files: &[OutputFile], k: &Key, stamp: &str) -> Result<Written> {
    let folder = Folder::lock(out, "a", WAIT)?;
    folder.recover(stamp)?;
    folder.replace(files, k, "a.xlsx", stamp, |_| Ok(Vec::new()))
}

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(root)
        .unwrap_or_default()
        .into_iter()
        .map(|rel| {
            let bytes = fs::read(root.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// What a person made in the first round's folder: an edited letter, an added scan at the
/// top, and a signed scan under `ban-cu/`.
const PERSON: [&[u8]; 3] = [b"1 + signer", b"signed", b"signed scan"];

/// OUT with a first round (`x.txt`, `sub/y.txt`) and a person's edits in it.
fn first_round() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[file("x.txt", b"1"), file("sub/y.txt", b"2")],
        &key("1"),
        "t1",
    )
    .unwrap();
    let a = dir.path().join("a");
    fs::write(a.join("x.txt"), PERSON[0]).unwrap();
    fs::write(a.join("scan.pdf"), PERSON[1]).unwrap();
    fs::create_dir_all(a.join("ban-cu/2020-scan")).unwrap();
    fs::write(a.join("ban-cu/2020-scan/cong-van-ky-so.pdf"), PERSON[2]).unwrap();
    dir
}

fn second_round() -> Vec<OutputFile> {
    vec![file("x.txt", b"9"), file("sub/y.txt", b"8")]
}

/// The folder is the new output, complete: its manifest's files with their bytes, and every
/// file the person made somewhere in it.
fn assert_new_and_complete(out: &Path) {
    let a = out.join("a");
    let manifest = Manifest::read(&a).expect("a manifest");
    assert_eq!(manifest.key, key("2"));
    for f in &manifest.files {
        assert_eq!(
            sha256(&fs::read(a.join(&f.path)).unwrap()),
            f.sha256,
            "{}",
            f.path
        );
    }
    assert_eq!(fs::read(a.join("x.txt")).unwrap(), b"9");
    let contents: Vec<Vec<u8>> = tree(&a).into_values().collect();
    for made in PERSON {
        assert!(
            contents.iter().any(|c| c == made),
            "{:?} lost: {:?}",
            String::from_utf8_lossy(made),
            tree(&a).keys().collect::<Vec<_>>()
        );
    }
}

/// Calls of the fault hook at `step` in a run without faults.
fn calls_at(step: Step) -> usize {
    let dir = first_round();
    let folder = Folder::lock(dir.path(), "a", WAIT).unwrap();
    let mut calls = 0;
    folder
        .replace_with(
            &second_round(),
            &key("2"),
            "a.xlsx",
            "t2",
            |_| Ok(Vec::new()),
            &mut |s| {
                calls += usize::from(s == step);
                Ok(())
            },
        )
        .unwrap();
    calls
}

/// Fails the second round at each point of `step` in turn, checks what is left, and that
/// the next run finishes the job.
fn fail_at_every_point_of(step: Step) {
    let calls = calls_at(step);
    assert!(calls > 0, "{step:?} never reached");
    for nth in 1..=calls {
        let dir = first_round();
        let before = tree(&dir.path().join("a"));
        let folder = Folder::lock(dir.path(), "a", WAIT).unwrap();
        let mut seen = 0;
        let result = folder.replace_with(
            &second_round(),
            &key("2"),
            "a.xlsx",
            "t2",
            |_| Ok(Vec::new()),
            &mut |s| {
                if s == step {
                    seen += 1;
                    if seen == nth {
                        return Err(io::Error::other("injected"));
                    }
                }
                Ok(())
            },
        );
        let context = format!("{step:?} #{nth}: {result:?}");
        match step {
            // Before the swap: nothing changed, byte for byte, and nothing left over.
            Step::Stage | Step::Keep | Step::MoveOld | Step::MoveNew => {
                assert!(result.is_err(), "{context}");
                assert_eq!(tree(&dir.path().join("a")), before, "{context}");
                assert!(!exists(&folder.staging()), "{context}");
                assert!(!exists(&folder.old()), "{context}");
            }
            // After the swap: the new output is complete; the old folder waits, with
            // what it still holds, for the next run.
            Step::RemoveOld => {
                let written = result.unwrap();
                assert_eq!(written.warnings.len(), 1, "{context}");
                assert!(
                    written.warnings[0].contains("không tệp nào bị mất"),
                    "{context}"
                );
                assert_new_and_complete(dir.path());
            }
        }
        // The next run finishes the job and clears what is left.
        drop(folder);
        write(dir.path(), &second_round(), &key("2"), "t3").unwrap();
        assert_new_and_complete(dir.path());
        let work: Vec<PathBuf> = tree(&dir.path().join(WORK_DIR)).into_keys().collect();
        assert_eq!(work, [PathBuf::from("a.lock")], "{context}");
    }
}

#[test]
fn a_failure_while_the_new_output_is_staged() {
    fail_at_every_point_of(Step::Stage);
}

#[test]
fn a_failure_while_kept_files_are_set_aside() {
    fail_at_every_point_of(Step::Keep);
}

#[test]
fn a_failure_when_the_old_folder_is_moved_away() {
    fail_at_every_point_of(Step::MoveOld);
}

#[test]
fn a_failure_when_the_new_folder_is_moved_in() {
    fail_at_every_point_of(Step::MoveNew);
}

#[test]
fn a_failure_while_the_old_folder_is_removed() {
    fail_at_every_point_of(Step::RemoveOld);
}

#[test]
fn edited_and_added_files_are_kept() {
    let dir = first_round();
    let w = write(dir.path(), &second_round(), &key("2"), "t2").unwrap();
    assert_eq!(
        w.kept,
        [
            PathBuf::from("ban-cu/t2/scan.pdf"),
            PathBuf::from("ban-cu/t2/x.txt")
        ]
    );
    let a = dir.path().join("a");
    assert_eq!(fs::read(a.join("ban-cu/t2/x.txt")).unwrap(), PERSON[0]);
    assert_eq!(fs::read(a.join("ban-cu/t2/scan.pdf")).unwrap(), PERSON[1]);
    assert_eq!(
        fs::read(a.join("ban-cu/2020-scan/cong-van-ky-so.pdf")).unwrap(),
        PERSON[2]
    );
    assert!(!a.join("scan.pdf").exists(), "added files move to ban-cu/");
    // A later run in the same second keeps beside, not over, the earlier copies.
    fs::write(a.join("x.txt"), b"edited again").unwrap();
    let w = write(dir.path(), &second_round(), &key("3"), "t2").unwrap();
    assert_eq!(w.kept, [PathBuf::from("ban-cu/t2/x (2).txt")]);
    assert_eq!(fs::read(a.join("ban-cu/t2/x.txt")).unwrap(), PERSON[0]);
    assert_eq!(
        fs::read(a.join("ban-cu/t2/x (2).txt")).unwrap(),
        b"edited again"
    );
}

#[test]
fn generated_files_are_replaced_not_kept_and_escapes_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &second_round(), &key("1"), "t1").unwrap();
    let w = write(dir.path(), &[file("x.txt", b"3")], &key("2"), "t2").unwrap();
    assert!(w.kept.is_empty(), "{:?}", w.kept);
    assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"3");
    assert!(!dir.path().join("a/sub/y.txt").exists());
    assert!(write(dir.path(), &[file("../z.txt", b"4")], &key("3"), "t3").is_err());
    assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"3");
    assert!(!dir.path().join("z.txt").exists());
}

#[test]
fn a_kill_between_the_renames_is_put_right() {
    let dir = first_round();
    let folder = Folder::lock(dir.path(), "a", WAIT).unwrap();
    let before = tree(&folder.path());
    // Killed after the previous output was moved aside, with the staging folder built.
    fs::rename(folder.path(), folder.old()).unwrap();
    fs::create_dir_all(folder.staging()).unwrap();
    fs::write(folder.staging().join("x.txt"), b"half").unwrap();
    assert!(folder.recover("t2").unwrap().is_empty());
    assert_eq!(tree(&folder.path()), before);
    assert!(!exists(&folder.staging()) && !exists(&folder.old()));
}

#[test]
fn an_old_folder_left_beside_the_new_one_gives_up_only_what_is_safe() {
    let dir = first_round();
    write(dir.path(), &second_round(), &key("2"), "t2").unwrap();
    let folder = Folder::lock(dir.path(), "a", WAIT).unwrap();
    // As if killed during step 6, after a person saved a file into the old folder.
    let old = folder.old();
    fs::create_dir_all(old.join("don-vi")).unwrap();
    fs::write(old.join("x.txt"), b"9").unwrap();
    fs::write(old.join("don-vi/late.docx"), b"saved late").unwrap();
    let kept = folder.recover("t3").unwrap();
    assert_eq!(kept, [PathBuf::from("ban-cu/t3/don-vi/late.docx")]);
    assert_eq!(
        fs::read(folder.path().join("ban-cu/t3/don-vi/late.docx")).unwrap(),
        b"saved late"
    );
    assert!(!exists(&old));
}

#[test]
fn a_folder_from_the_versions_before_locks_is_recovered_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    // Killed between the two renames by an earlier version, whose staging folder held
    // the kept files it had moved.
    let legacy_old = dir.path().join(".a.old");
    fs::create_dir_all(&legacy_old).unwrap();
    fs::write(legacy_old.join("x.txt"), b"previous").unwrap();
    let legacy_staging = dir.path().join(".a.tmp/ban-cu/t0");
    fs::create_dir_all(&legacy_staging).unwrap();
    fs::write(legacy_staging.join("scan.pdf"), PERSON[1]).unwrap();
    let folder = Folder::lock(dir.path(), "a", WAIT).unwrap();
    let kept = folder.recover("t1").unwrap();
    assert_eq!(fs::read(folder.path().join("x.txt")).unwrap(), b"previous");
    assert_eq!(kept, [PathBuf::from("ban-cu/t1/ban-cu/t0/scan.pdf")]);
    assert_eq!(fs::read(folder.path().join(&kept[0])).unwrap(), PERSON[1]);
    assert!(!exists(&legacy_old) && !exists(&dir.path().join(".a.tmp")));
}

#[test]
fn a_second_lock_waits_then_says_busy() {
    let dir = tempfile::tempdir().unwrap();
    let first = Folder::lock(dir.path(), "a", WAIT).unwrap();
    let err = Folder::lock(dir.path(), "a", Duration::from_millis(200)).unwrap_err();
    assert!(matches!(err, Error::Busy { waited: 0, .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("một lần chạy khác đang ghi thư mục kết quả"),
        "{err}"
    );
    // Another folder is not held up, and the lock is free once dropped.
    Folder::lock(dir.path(), "b", WAIT).unwrap();
    drop(first);
    Folder::lock(dir.path(), "a", Duration::ZERO).unwrap();
}

#[test]
fn another_source_of_the_same_name_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &second_round(), &key("1"), "t1").unwrap();
    let folder = Folder::lock(dir.path(), "a", WAIT).unwrap();
    let err = folder.check_source("a.ods", false).unwrap_err();
    assert!(
        err.to_string()
            .contains("được lập từ tệp `a.xlsx`, không phải từ `a.ods`"),
        "{err}"
    );
    folder.check_source("A.XLSX", false).unwrap();
    folder.check_source("a.ods", true).unwrap();
    assert!(folder.unchanged(&key("1"), "a.xlsx"));
    assert!(!folder.unchanged(&key("1"), "a.ods"));
    assert!(unchanged_at_rest(dir.path(), "a", &key("1"), "a.xlsx"));
    fs::create_dir_all(folder.old()).unwrap();
    assert!(
        !unchanged_at_rest(dir.path(), "a", &key("1"), "a.xlsx"),
        "a half-replaced folder is looked at under its lock"
    );
}

/// A file that cannot be removed (what Word or Excel holding it open does on Windows):
/// the run stops before anything changed, naming the file. Needs `chattr` and the right to
/// use it (root on ext4, as in CI); elsewhere a read-only folder does it for a non-root
/// user.
#[cfg(target_os = "linux")]
#[test]
fn an_unmovable_file_stops_the_run_before_anything_changes() {
    let dir = first_round();
    let a = dir.path().join("a");
    let pinned = a.join("sub/y.txt");
    let before = tree(&a);
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&pinned)
        .status()
        .is_ok_and(|s| s.success());
    if !immutable {
        eprintln!("skipped: chattr +i not available here");
        return;
    }
    let result = write(dir.path(), &second_round(), &key("2"), "t2");
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(&pinned)
        .status();
    let err = result.unwrap_err();
    assert!(matches!(err, Error::CannotReplace { .. }), "{err:?}");
    assert!(err.to_string().contains("sub/y.txt"), "{err}");
    assert_eq!(tree(&a), before);
    // Once the file is free, the run goes through.
    write(dir.path(), &second_round(), &key("2"), "t2").unwrap();
    assert_new_and_complete(dir.path());
}
