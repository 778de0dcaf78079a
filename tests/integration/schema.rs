//! Every kind of document the tool writes is valid against the ECMA-376 schemas (issue 12),
//! checked with the validator kept in `tests/ooxml-validate/` (python3 with lxml): the
//! sample's documents, a draft, a per-column input, a comparison with the previous round,
//! and the `diff` workbook. The Word writer exists because docx-rs's output failed this
//! check (1,955 errors on the sample); ours stays at zero.

use crate::support::{cchc, fixture};
use std::path::{Path, PathBuf};
use std::process::Command;

fn documents(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            documents(&path, found);
        } else if path.extension().is_some_and(|e| e == "docx" || e == "xlsx") {
            found.push(path);
        }
    }
}

#[test]
#[cfg_attr(not(lxml), ignore = "needs python3 with lxml")]
fn every_document_is_schema_valid() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir(d.join("in")).unwrap();
    std::fs::copy(project.join("input/cchc.toml"), d.join("in/cchc.toml")).unwrap();
    std::fs::copy(
        project.join("input/tuan-giao-2019.xlsx"),
        d.join("in/tuan-giao-2019.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        fixture("ket-qua-tham-dinh.xlsx"),
        d.join("in/ket-qua-tham-dinh.xlsx"),
    )
    .unwrap();
    std::fs::copy(fixture("bang-phan-tich.tsv"), d.join("in/vong-1.tsv")).unwrap();
    let runs: [&[&str]; 3] = [
        &["generate", "in", "--out", "out"],
        &[
            "generate",
            "in/tuan-giao-2019.xlsx",
            "--out",
            "previous",
            "--previous",
            "in/vong-1.tsv",
        ],
        &[
            "diff",
            "in/vong-1.tsv",
            "in/tuan-giao-2019.xlsx",
            "--out",
            "so-sanh/so-sanh.xlsx",
        ],
    ];
    for args in runs {
        let o = cchc(args, d);
        assert!(o.status.success(), "{args:?}: {o:?}");
    }
    let draft = std::fs::read_to_string(d.join("in/cchc.toml"))
        .unwrap()
        .replace("number = \"1356\"", "number = \"\"")
        .replacen("date = \"2020-10-30\"", "date = \"2020-11\"", 1);
    std::fs::write(d.join("draft.toml"), draft).unwrap();
    let o = cchc(
        &[
            "generate",
            "in/tuan-giao-2019.xlsx",
            "--out",
            "draft",
            "--config",
            "draft.toml",
        ],
        d,
    );
    assert!(o.status.success(), "{o:?}");

    let mut files = Vec::new();
    for folder in ["out", "previous", "so-sanh", "draft"] {
        documents(&d.join(folder), &mut files);
    }
    assert!(files.len() >= 30, "{files:?}");
    let o = Command::new("python3")
        .arg(project.join("tests/ooxml-validate/validate.py"))
        .arg("-q")
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "schema errors:\n{report}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        report.matches(": 0 genuine error(s)").count(),
        files.len(),
        "{report}"
    );
}
