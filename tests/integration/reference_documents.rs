//! The sample's documents against their reference copies in `tests/snapshots/` (issue 12):
//! every Word letter's `word/document.xml`, the workbook's sheets and strings, and the
//! `check` summary, compared part by part, one XML element per line, so that any change to
//! a document shows up in review as a readable diff. A deliberate change is recorded with
//! `INSTA_UPDATE=always cargo test --test reference_documents` (or `cargo insta review`).

use crate::support::docx::{generate_sample, part};
use quick_xml::events::Event;
use quick_xml::{Reader, Writer};
use std::path::Path;

/// `xml` with one element per line, indented: a change reads as a change of one line.
fn pretty(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            event => writer.write_event(event).unwrap(),
        }
    }
    String::from_utf8(writer.into_inner()).unwrap()
}

fn assert_part(name: &str, package: &Path, part_name: &str) {
    insta::assert_snapshot!(name, pretty(&part(package, part_name)));
}

#[test]
fn the_sample_documents_match_their_references() {
    let dir = tempfile::tempdir().unwrap();
    let folder = generate_sample(dir.path());
    assert_part(
        "cong-van.document",
        &folder.join("cong-van.docx"),
        "word/document.xml",
    );
    let mut letters: Vec<String> = std::fs::read_dir(folder.join("don-vi"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    letters.sort();
    assert_eq!(letters.len(), 6);
    for letter in letters {
        let stem = letter.trim_end_matches(".docx");
        assert_part(
            &format!("don-vi.{stem}.document"),
            &folder.join("don-vi").join(&letter),
            "word/document.xml",
        );
    }
    let annex = folder.join("phu-luc.xlsx");
    assert_part("phu-luc.sheet1", &annex, "xl/worksheets/sheet1.xml");
    assert_part("phu-luc.sheet2", &annex, "xl/worksheets/sheet2.xml");
    assert_part("phu-luc.strings", &annex, "xl/sharedStrings.xml");
}

#[test]
fn the_check_summary_matches_its_reference() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["check", "input/tuan-giao-2019.xlsx"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success());
    insta::assert_snapshot!("check.summary", String::from_utf8(o.stdout).unwrap());
}
