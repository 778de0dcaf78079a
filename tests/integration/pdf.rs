//! `generate --pdf` (issue 16): LibreOffice reused across an input's documents, stopped with
//! everything it started when it hangs, one profile per run; and PDFs that are page for page
//! what LibreOffice shows of the documents. The fault tests run a stand-in for LibreOffice
//! (`CCHC_SOFFICE`), a shell script; the others need LibreOffice and poppler-utils.

use crate::support::docx::{sample, sample_config};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A folder of inputs, each a copy of the sample under the given name, with the sample's
/// configuration.
fn inputs(dir: &Path, names: &[&str]) -> PathBuf {
    let folder = dir.join("in");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("cchc.toml"), sample_config()).unwrap();
    for name in names {
        std::fs::copy(sample(), folder.join(format!("{name}.xlsx"))).unwrap();
    }
    folder
}

/// A stand-in for LibreOffice, as `soffice --convert-to pdf --outdir DIR FILES…` is called:
/// it makes the profile folder, logs it, and writes a small PDF for each file into DIR,
/// printing LibreOffice's "convert" line; `behaviour` is shell code run first, with the
/// arguments in "$@" and the script's folder in "$here".
#[cfg(unix)]
fn fake_soffice(dir: &Path, behaviour: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("soffice.sh");
    std::fs::write(
        &script,
        format!(
            r#"#!/bin/sh
here=$(dirname "$0")
profile=${{1#-env:UserInstallation=file://}}
mkdir -p "$profile"
echo "$profile" >>"$here/profiles.log"
{behaviour}
shift 6
out=$1
shift
for f in "$@"; do
    name=$(basename "$f")
    echo "convert $f -> $out/${{name%.*}}.pdf using filter : fake"
    printf '%%PDF-1.4 fake\n' >"$out/${{name%.*}}.pdf"
done
"#
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// Runs `cchc generate ARGS` in `dir` with the stand-in and a temporary folder of its own.
#[cfg(unix)]
fn run_with(dir: &Path, soffice: &Path, args: &[&str]) -> Output {
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .arg("generate")
        .args(args)
        .current_dir(dir)
        .env("CCHC_SOFFICE", soffice)
        .env("TMPDIR", &tmp)
        .env("CI", "1")
        .output()
        .unwrap()
}

/// The PDFs an output folder's manifest lists.
fn listed_pdfs(folder: &Path) -> Vec<String> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .filter(|p| p.ends_with(".pdf"))
        .collect()
}

/// Whether process `pid` still runs (a zombie, killed and waiting to be reaped by init, does
/// not).
#[cfg(unix)]
fn running(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat.split(") ").nth(1).unwrap_or("").starts_with('Z'))
}

/// The profiles the stand-in logged, one a call.
fn profiles(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("profiles.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
#[cfg(unix)]
fn a_hung_conversion_is_stopped_named_and_spoils_no_other_input() {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path(), &["a", "treo", "c"]);
    // LibreOffice hangs on the documents of `treo`, in a child it started: the whole process
    // group has to be killed.
    let soffice = fake_soffice(
        dir.path(),
        r#"case "$*" in *treo.tmp*)
    echo $$ >>"$here/pids"
    sleep 600 &
    echo $! >>"$here/pids"
    wait
    exit 0;;
esac"#,
    );
    let out = run_with(
        dir.path(),
        &soffice,
        &[
            "in",
            "--out",
            "out",
            "--pdf",
            "--pdf-timeout",
            "1",
            "-j",
            "2",
        ],
    );
    let text = crate::support::text(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("không chuyển được `out/treo/phu-luc.xlsx` sang PDF: LibreOffice không chuyển xong sau 1 giây nên đã bị dừng"),
        "{text}"
    );
    assert!(text.contains("--pdf-timeout"), "{text}");
    assert!(text.contains("2 đã lập"), "{text}");
    for name in ["a", "c"] {
        let folder = dir.path().join("out").join(name);
        assert_eq!(listed_pdfs(&folder).len(), 8, "{name}");
        for pdf in listed_pdfs(&folder) {
            assert!(folder.join(&pdf).is_file(), "{pdf}");
        }
        assert!(!folder.join(".cchc-pdf").exists());
    }
    assert!(
        !dir.path().join("out/treo").exists(),
        "nothing written for treo"
    );
    // The stand-in and its child were killed: no process left behind.
    let pids = std::fs::read_to_string(dir.path().join("pids")).unwrap();
    assert!(!pids.trim().is_empty());
    for pid in pids.split_whitespace() {
        assert!(!running(pid), "process {pid} left running");
    }
    // The profiles are removed at the end of the run.
    let left: Vec<_> = std::fs::read_dir(dir.path().join("tmp"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
#[cfg(unix)]
fn a_crash_is_named_and_a_one_off_crash_is_retried() {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path(), &["hong", "mot-lan"]);
    // `hong` crashes LibreOffice on its cover letter every time; `mot-lan` crashes it once.
    let soffice = fake_soffice(
        dir.path(),
        r#"case "$*" in *hong.tmp/cong-van.docx*) kill -SEGV $$;; esac
case "$*" in *mot-lan.tmp*)
    if [ ! -e "$here/crashed" ]; then touch "$here/crashed"; kill -SEGV $$; fi;;
esac"#,
    );
    let out = run_with(
        dir.path(),
        &soffice,
        &[
            "in",
            "--out",
            "out",
            "--pdf",
            "--pdf-timeout",
            "5",
            "-j",
            "1",
        ],
    );
    let text = crate::support::text(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("không chuyển được `out/hong/cong-van.docx` sang PDF: LibreOffice dừng bất thường (bị hệ điều hành dừng)"),
        "{text}"
    );
    assert!(dir.path().join("crashed").exists());
    assert_eq!(
        listed_pdfs(&dir.path().join("out/mot-lan")).len(),
        8,
        "{text}"
    );
}

#[test]
#[cfg(unix)]
fn two_runs_at_once_share_no_profile_and_each_reuses_its_own() {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path(), &["a", "b", "c", "d"]);
    let runs: Vec<PathBuf> = ["run1", "run2"]
        .iter()
        .map(|name| {
            let run = dir.path().join(name);
            std::fs::create_dir_all(&run).unwrap();
            // A slow LibreOffice, so that the two runs overlap.
            fake_soffice(&run, "sleep 0.3")
        })
        .collect();
    let children: Vec<_> = runs
        .iter()
        .map(|soffice| {
            Command::new(env!("CARGO_BIN_EXE_cchc"))
                .args(["generate", "in", "--pdf", "-j", "2", "--out"])
                .arg(soffice.parent().unwrap().join("out"))
                .current_dir(dir.path())
                .env("CCHC_SOFFICE", soffice)
                .env("CI", "1")
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let used: Vec<Vec<String>> = runs
        .iter()
        .map(|soffice| profiles(soffice.parent().unwrap()))
        .collect();
    for (run, profiles) in runs.iter().zip(&used) {
        // Four inputs, one call each, on two workers: at most two profiles, reused.
        assert_eq!(profiles.len(), 4, "{run:?}");
        let mut distinct = profiles.clone();
        distinct.sort();
        distinct.dedup();
        assert!(distinct.len() <= 2, "{distinct:?}");
        for profile in profiles {
            assert!(!Path::new(profile).exists(), "{profile} not removed");
        }
        let out = run.parent().unwrap().join("out");
        for name in ["a", "b", "c", "d"] {
            assert_eq!(listed_pdfs(&out.join(name)).len(), 8);
        }
    }
    assert!(used[0].iter().all(|p| !used[1].contains(p)), "{used:?}");
}

/// Runs a poppler-utils program and returns what it printed.
fn poppler(program: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(pdf)
        .args(if program == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {pdf:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_count(pdf: &Path) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// Each page's size in points, width by height.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let last = page_count(pdf).to_string();
    poppler("pdfinfo", &["-f", "1", "-l", &last], pdf)
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size: "))
        .map(|l| {
            let size = l.split(" size: ").nth(1).unwrap();
            let mut parts = size.split_whitespace();
            let w = parts.next().unwrap().parse().unwrap();
            parts.next();
            let h = parts.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &page, "-l", &page], pdf)
}

#[test]
#[cfg_attr(not(office), ignore = "needs LibreOffice (soffice) and poppler-utils")]
fn every_page_is_what_libreoffice_shows_of_the_document() {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path(), &["tg"]);
    let out = crate::support::cchc(&["generate", "in", "--out", "out", "--pdf"], dir.path());
    assert!(out.status.success(), "{}", crate::support::text(&out));
    let folder = dir.path().join("out/tg");
    let pdfs = listed_pdfs(&folder);
    assert_eq!(pdfs.len(), 8, "{pdfs:?}");

    // The same documents converted by LibreOffice directly, one call (their names differ).
    let reference = dir.path().join("reference");
    let profile = dir.path().join("profile");
    let documents: Vec<PathBuf> = pdfs
        .iter()
        .map(|p| {
            let pdf = folder.join(p);
            ["docx", "xlsx"]
                .iter()
                .map(|e| pdf.with_extension(e))
                .find(|d| d.is_file())
                .unwrap()
        })
        .collect();
    let direct = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&reference)
        .args(&documents)
        .output()
        .unwrap();
    assert!(direct.status.success(), "{direct:?}");

    let a4 = |(w, h): (f64, f64)| {
        let (short, long) = if w < h { (w, h) } else { (h, w) };
        (short - 595.3).abs() < 1.0 && (long - 841.9).abs() < 1.0
    };
    for pdf in &pdfs {
        let ours = folder.join(pdf);
        let theirs = reference.join(Path::new(pdf).file_name().unwrap());
        let pages = page_count(&ours);
        assert_eq!(pages, page_count(&theirs), "{pdf}: page count");
        for page in 1..=pages {
            assert_eq!(
                page_text(&ours, page),
                page_text(&theirs, page),
                "{pdf}: page {page}"
            );
        }
        // Every font embedded: the `emb` column of pdffonts.
        let fonts = poppler("pdffonts", &[], &ours);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{pdf}: no fonts");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "{pdf}: font not embedded: {row}");
        }
        // A4; the annex pages landscape, the letters' pages portrait.
        let sizes = page_sizes(&ours);
        assert_eq!(sizes.len(), pages);
        assert!(sizes.iter().all(|s| a4(*s)), "{pdf}: {sizes:?}");
        let annex_from = if pdf == "phu-luc.pdf" {
            Some(1)
        } else {
            (1..=pages).find(|&p| page_text(&ours, p).trim_start().starts_with("Phụ lục"))
        };
        if pdf == "cong-van.pdf" {
            assert!(annex_from.is_some_and(|p| p > 1), "{pdf}: no annex pages");
        }
        for (i, (w, h)) in sizes.iter().enumerate() {
            let landscape = annex_from.is_some_and(|from| i + 1 >= from);
            assert_eq!(w > h, landscape, "{pdf}: page {}", i + 1);
        }
    }
}
