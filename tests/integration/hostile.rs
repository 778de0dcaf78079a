//! Hostile spreadsheets, built here: each must end within seconds, under a 2 GB address-space
//! cap, with a clear message naming the limit (issue 6). What many sheets add up to is
//! tested in `memory.rs` (issue 11).

use crate::support;

use crate::support::{fixture, t, write_xlsx};
use cchc::read::limits;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

/// The seed workbook with some parts rewritten and others added.
fn rewrite_xlsx(
    dest: &Path,
    change: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(String, Vec<u8>)],
) {
    let bytes = std::fs::read(fixture("bang-phan-tich.xlsx")).unwrap();
    // The best compression: a hostile part as small as it can be.
    support::rewrite_zip(&bytes, dest, Some(9), change, extra);
}

fn replace(content: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(content).unwrap();
    assert!(text.contains(from), "{from} not found");
    text.replacen(from, to, 1).into_bytes()
}

/// Runs `cchc check FILE` under a 2 GB address-space cap (when prlimit exists) and returns
/// (exit code, stderr).
fn check_capped(file: &Path) -> (Option<i32>, String) {
    let output = support::check_capped(file, 2_000_000_000);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_refused(file: &Path, expected: &str) {
    let (code, err) = check_capped(file);
    assert_eq!(code, Some(2), "{}: {err}", file.display());
    assert!(
        err.contains(expected),
        "{}: expected {expected:?} in {err}",
        file.display()
    );
    assert!(err.contains("Gợi ý:"), "{err}");
}

fn temp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

#[test]
fn one_far_cell() {
    let (_dir, path) = temp("far.xlsx");
    rewrite_xlsx(
        &path,
        |name, content| match name {
            "xl/worksheets/sheet1.xml" => replace(
                content,
                "</sheetData>",
                r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#,
            ),
            _ => content,
        },
        &[],
    );
    assert_refused(&path, "dòng 1048576, cột XFD: vượt giới hạn 20000 dòng");
}

#[test]
fn billions_of_shared_strings_claimed() {
    let (_dir, path) = temp("sst.xlsx");
    rewrite_xlsx(
        &path,
        |name, content| match name {
            "xl/sharedStrings.xml" => replace(
                content,
                r#"uniqueCount="184""#,
                r#"uniqueCount="9000000000""#,
            ),
            _ => content,
        },
        &[],
    );
    assert_refused(
        &path,
        &format!(
            "vượt giới hạn {} chuỗi dùng chung",
            limits::MAX_SHARED_STRINGS
        ),
    );
}

#[test]
fn a_zip_bomb_by_ratio() {
    let (_dir, path) = temp("bomb.xlsx");
    rewrite_xlsx(
        &path,
        |name, content| match name {
            "xl/worksheets/sheet1.xml" => {
                let padding = " ".repeat(8 * 1024 * 1024);
                replace(content, "<sheetData>", &format!("<sheetData>{padding}"))
            }
            _ => content,
        },
        &[],
    );
    assert_refused(&path, "tỉ lệ nén 200:1 của phần `xl/worksheets/sheet1.xml`");
}

#[test]
fn a_zip_bomb_by_declared_size() {
    let (_dir, path) = temp("declared.xlsx");
    rewrite_xlsx(&path, |_, content| content, &[]);
    // Claim 3 GB for the sheet in the central directory, as a crafted archive would.
    let mut bytes = std::fs::read(&path).unwrap();
    let name = b"xl/worksheets/sheet1.xml";
    let central = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == [0x50, 0x4b, 0x01, 0x02])
        .map(|(i, _)| i)
        .find(|&i| bytes[i + 46..].starts_with(name))
        .unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&3_000_000_000u32.to_le_bytes());
    std::fs::write(&path, bytes).unwrap();
    let (code, err) = check_capped(&path);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("MB cho phần `xl/worksheets/sheet1.xml` sau giải nén")
            || err.contains("không phải là bảng tính"),
        "{err}"
    );
}

#[test]
fn thousands_of_archive_entries() {
    let (_dir, path) = temp("many.xlsx");
    let extra: Vec<(String, Vec<u8>)> = (0..1500).map(|i| (format!("x/{i}"), Vec::new())).collect();
    rewrite_xlsx(&path, |_, content| content, &extra);
    assert_refused(&path, "vượt giới hạn 1000 phần trong một tệp nén");
}

#[test]
fn an_ods_flooded_by_repeats() {
    let (_dir, path) = temp("flood.ods");
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="A"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="16000"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    out.write_all(content.as_bytes()).unwrap();
    std::fs::write(&path, out.finish().unwrap().into_inner()).unwrap();
    assert_refused(&path, "vượt giới hạn 256 cột");
}

/// A table left open to the end of the file: calamine reads past the end for ever, so it
/// is refused before calamine sees it.
#[test]
fn an_ods_table_that_never_ends() {
    let (_dir, path) = temp("open.ods");
    support::write_ods_content(
        &path,
        &format!(
            r#"{}<table:table table:name="A"><table:table-row><table:table-cell/></table:table-row>"#,
            support::ODS_CONTENT_HEAD
        ),
    );
    let (code, err) = check_capped(&path);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("không phải là bảng tính đọc được (content.xml: bảng không có thẻ đóng)"),
        "{err}"
    );
}

#[cfg_attr(not(office), ignore = "needs LibreOffice (soffice) and poppler-utils")]
#[test]
fn an_xls_with_a_far_cell() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("far-xls.xlsx");
    rewrite_xlsx(
        &source,
        |name, content| match name {
            "xl/worksheets/sheet1.xml" => replace(
                content,
                "</sheetData>",
                r#"<row r="65536"><c r="IV65536"><v>1</v></c></row></sheetData>"#,
            ),
            _ => content,
        },
        &[],
    );
    let xls = support::soffice_convert(&source, "xls", dir.path());
    assert_refused(&xls, "vượt giới hạn");
}

#[test]
fn a_csv_far_wider_than_a_table() {
    let (_dir, path) = temp("wide.csv");
    std::fs::write(
        &path,
        format!("Tiêu chí;Điểm đạt/tối đa{}x\n", ";".repeat(300)),
    )
    .unwrap();
    assert_refused(&path, "vượt giới hạn 256 cột");
}

#[test]
fn legacy_encodings_are_named() {
    let (_dir, path) = temp("tcvn3.xlsx");
    let header = [
        "Tiªu chÝ/tiªu chÝ thµnh phÇn",
        "§iÓm ®¹t/tèi ®a",
        "C¬ quan chñ tr×",
    ];
    write_xlsx(&path, "KQ", &[header.iter().map(|h| t(h)).collect()], &[]);
    assert_refused(
        &path,
        "trang tính `KQ`, dòng 1, cột A: văn bản `Tiªu chÝ/tiªu chÝ thµnh phÇn` được gõ bằng bảng mã cũ TCVN3",
    );
    let (_dir, path) = temp("vni.csv");
    std::fs::write(
        &path,
        "Tieâu chí/tieâu chí thaønh phaàn;Ñieåm ñaït/toái ña\n",
    )
    .unwrap();
    assert_refused(&path, "bảng mã cũ VNI Windows");
}

/// Found by the `read` fuzz target: an .xls whose DIMENSIONS record puts the first row past
/// the last, which calamine subtracts into a 1 TB allocation.
#[test]
fn an_xls_whose_dimensions_wrap_around() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/dimensions-wrap.xls");
    assert_refused(&path, "vượt giới hạn 20000 dòng");
}

/// Found by the `read` fuzz target: an .xls on which calamine panics (a record shorter than
/// it expects). The panic becomes this file's error; nothing reaches the terminal but the
/// message.
#[test]
fn an_xls_that_makes_the_reader_panic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/xls-panic.xls");
    let (code, err) = check_capped(&path);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("không phải là bảng tính đọc được (tệp hỏng"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

/// Found by the `read` fuzz target: a sheet offset (BOUNDSHEET) into the middle of a record,
/// so that calamine, reading from there, meets a DIMENSIONS record that a walk from the
/// start of the stream never sees.
#[test]
fn an_xls_sheet_offset_that_realigns_the_records() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile/sheet-offset-misaligned.xls");
    assert_refused(&path, "vượt giới hạn 20000 dòng");
}
