//! Memory per input (issue 11): what reading may hold is bounded over a whole workbook, not
//! per sheet, and reading stops at the first sheet that holds the table. Every hostile file
//! here runs under a 512 MB address-space cap and must end with a message that names the
//! limit, never an abort.

use crate::support::{biff, check_capped, fixture, write_bare_ods, write_bare_xlsx};
use cchc::read::limits;
use std::path::{Path, PathBuf};

/// The address-space cap for hostile files: far below what the issue's files took (4.8 GB
/// for 40 sheets, 24 GB for 200).
const CAP: u64 = 512_000_000;

fn temp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}

/// Runs `cchc check` under the cap; returns (exit code, stdout, stderr).
fn check(file: &Path) -> (Option<i32>, String, String) {
    let output = check_capped(file, CAP);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Refused cleanly: exit 2 (not a signal), the limit named in Vietnamese, and a hint.
fn assert_refused(file: &Path, expected: &str) -> String {
    let (code, _, err) = check(file);
    assert_eq!(code, Some(2), "{}: {err}", file.display());
    assert!(
        err.contains(&format!("vượt giới hạn {expected}")),
        "{}: expected {expected:?} in {err}",
        file.display()
    );
    assert!(err.contains("Gợi ý:"), "{err}");
    err
}

/// The sheet a refusal names (`trang tính `S12``), as its number.
fn sheet_number(err: &str) -> usize {
    let start = err.find("trang tính `S").expect("a sheet named") + "trang tính `S".len();
    let digits: String = err[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

/// A sheet with one number at column IV (the 256th, the last allowed) in each of its first
/// `rows` rows: each row holds 256 cells once read.
fn far_rows(rows: usize) -> String {
    let cells: String = (1..=rows)
        .map(|r| format!(r#"<row r="{r}"><c r="IV{r}"><v>1</v></c></row>"#))
        .collect();
    format!("<sheetData>{cells}</sheetData>")
}

/// The issue's sheet: one inline string at IV20000, the farthest cell allowed.
fn far_cell() -> String {
    r#"<sheetData><row r="20000"><c r="IV20000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#.into()
}

fn sheets(count: usize, body: impl Fn() -> String) -> Vec<(String, String)> {
    (1..=count).map(|i| (format!("S{i}"), body())).collect()
}

#[test]
fn the_issues_workbooks_end_with_no_table() {
    // 40 and 200 sheets, each with one cell at IV20000: 4.8 GB and 24 GB before.
    for count in [40, 200] {
        let (_dir, path) = temp("far.xlsx");
        write_bare_xlsx(&path, &sheets(count, far_cell));
        let (code, _, err) = check(&path);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("không tìm thấy bảng kết quả thẩm định trong trang tính `S1`"),
            "{err}"
        );
        assert!(
            err.contains(&format!("`S{count}`")),
            "every sheet named: {err}"
        );
        assert!(err.contains("Gợi ý:"), "{err}");
    }
}

#[test]
fn far_cells_on_many_sheets_add_up_to_one_limit() {
    // Each sheet alone is far under every limit; together they pass the workbook's.
    for (count, rows) in [(40, 100), (200, 20)] {
        let (_dir, one) = temp("one.xlsx");
        write_bare_xlsx(&one, &sheets(1, || far_rows(rows)));
        let (code, _, err) = check(&one);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("không tìm thấy bảng"),
            "one sheet reads: {err}"
        );

        let (_dir, path) = temp("many.xlsx");
        write_bare_xlsx(&path, &sheets(count, || far_rows(rows)));
        let err = assert_refused(&path, &limits::dense_limit());
        let sheet = sheet_number(&err);
        assert!(
            1 < sheet && sheet < count,
            "refused at sheet {sheet}: {err}"
        );
        assert!(err.contains("cột IV"), "{err}");
    }
}

#[test]
fn an_ods_with_far_cells_on_many_sheets() {
    // A1 and IV20000 filled: the spreadsheet library builds every sheet's 20000 × 256
    // rectangle at open, 5 million cells a sheet.
    let corners = || {
        let cell = r#"<table:table-cell office:value-type="float" office:value="1"/>"#;
        format!(
            r#"<table:table-row>{cell}</table:table-row><table:table-row table:number-rows-repeated="19998"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="255"/>{cell}</table:table-row>"#
        )
    };
    let (_dir, path) = temp("corners.ods");
    write_bare_ods(&path, &sheets(40, corners));
    let err = assert_refused(&path, &limits::dense_limit());
    // The sheet that reached it is named.
    assert!(err.contains("trang tính `S1`: vượt giới hạn"), "{err}");
}

#[test]
fn an_ods_repeating_a_long_text() {
    let long = "Ý kiến thẩm định ".repeat(60);
    let row = format!(
        r#"<table:table-row table:number-rows-repeated="20000"><table:table-cell office:value-type="string" table:number-columns-repeated="10"><text:p>{long}</text:p></table:table-cell></table:table-row>"#
    );
    let (_dir, path) = temp("repeats.ods");
    write_bare_ods(&path, &[("S".into(), row)]);
    assert_refused(&path, &limits::text_limit());

    // Two thousand million spaces in 30 bytes.
    let spaces = r#"<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#;
    let (_dir, path) = temp("spaces.ods");
    write_bare_ods(&path, &[("S".into(), spaces.into())]);
    assert_refused(&path, &limits::cell_text_limit());
}

#[test]
fn an_xls_with_far_cells_on_many_sheets() {
    let mut corners = biff::dimensions(20_000, 256);
    corners.extend(biff::number(0, 0, 1.0));
    corners.extend(biff::number(19_999, 255, 1.0));
    let (_dir, path) = temp("corners.xls");
    let sheets: Vec<(String, Vec<u8>)> = (1..=40)
        .map(|i| (format!("S{i}"), corners.clone()))
        .collect();
    biff::write_xls(&path, &sheets, &[], &[]);
    let err = assert_refused(&path, &limits::dense_limit());
    assert!(err.contains("trang tính `S1`: vượt giới hạn"), "{err}");
}

#[test]
fn an_xls_cloning_a_long_shared_string() {
    // Every LABELSST cell gets its own copy of the string at open: 90 KB × 2,000.
    let long = "ệ".repeat(30_000);
    let cells: Vec<u8> = (0..2_000u16)
        .flat_map(|r| biff::label_sst(r, 0, 0))
        .collect();
    let (_dir, path) = temp("clones.xls");
    biff::write_xls(&path, &[("S".into(), cells)], &[long], &[]);
    assert_refused(&path, &limits::text_limit());
}

#[test]
fn an_xls_whose_formulas_name_a_long_sheet() {
    // Every reference writes the sheet's name out: 7 bytes become 270 characters.
    let name = "x".repeat(255);
    let reference = [0x3a, 0, 0, 0, 0, 0, 0];
    let mut rgce = reference.to_vec();
    for _ in 0..1_100 {
        rgce.extend_from_slice(&reference);
        rgce.push(0x03);
    }
    let cells: Vec<u8> = (0..600u16)
        .flat_map(|r| biff::formula(r, 0, &rgce))
        .collect();
    let (_dir, path) = temp("formulas.xls");
    biff::write_xls(&path, &[(name, cells)], &[], &biff::extern_sheet());
    assert_refused(
        &path,
        &format!(
            "{} KB chữ của một công thức",
            limits::MAX_FORMULA_BYTES / 1024
        ),
    );
}

#[test]
fn an_xls_within_the_limits_reads() {
    let mut cells = biff::dimensions(3, 2);
    cells.extend(biff::label_sst(0, 0, 0));
    cells.extend(biff::number(2, 1, 0.75));
    let (_dir, path) = temp("small.xls");
    biff::write_xls(&path, &[("S".into(), cells)], &["Phòng Nội vụ".into()], &[]);
    let (code, _, err) = check(&path);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("không tìm thấy bảng kết quả thẩm định trong trang tính `S`"),
        "{err}"
    );
}

#[test]
fn a_merge_over_the_whole_sheet_with_a_long_text() {
    // The text would be copied into 5 million cells.
    let long = "Phòng Nội vụ ".repeat(2_500);
    let body = format!(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{long}</t></is></c></row><row r="20000"><c r="IV20000"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:IV20000"/></mergeCells>"#
    );
    let (_dir, path) = temp("merge.xlsx");
    write_bare_xlsx(&path, &[("S".into(), body)]);
    let err = assert_refused(&path, &limits::text_limit());
    assert!(err.contains("trang tính `S`, dòng "), "{err}");
}

#[test]
fn a_long_shared_string_in_many_cells() {
    // 64 KB of text (varied, so that it does not look like a zip bomb) in 400 cells.
    let long: String = (0..8_000)
        .map(|i| format!("{:07} ", i * 7919 % 10_000_000))
        .collect();
    let cells: String = (1..=400)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let (_dir, path) = temp("shared.xlsx");
    write_bare_xlsx(
        &path,
        &[("S".into(), format!("<sheetData>{cells}</sheetData>"))],
    );
    // Add the shared strings part and its relationship.
    let sst = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="400" uniqueCount="1"><si><t>{long}</t></si></sst>"#
    );
    rewrite(
        &path,
        |name, content| {
            match name {
        "xl/_rels/workbook.xml.rels" => String::from_utf8(content).unwrap().replace(
            "</Relationships>",
            r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ).into_bytes(),
        _ => content,
    }
        },
        &[("xl/sharedStrings.xml".into(), sst.into_bytes())],
    );
    let err = assert_refused(&path, &limits::text_limit());
    assert!(err.contains("trang tính `S`, dòng"), "{err}");
}

/// Rewrites the zip at `path`: each part through `change`, then `extra` parts added.
fn rewrite(path: &Path, change: impl Fn(&str, Vec<u8>) -> Vec<u8>, extra: &[(String, Vec<u8>)]) {
    let bytes = std::fs::read(path).unwrap();
    rewrite_from(&bytes, path, change, extra);
}

fn rewrite_from(
    source: &[u8],
    dest: &Path,
    change: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(String, Vec<u8>)],
) {
    crate::support::rewrite_zip(source, dest, None, change, extra);
}

/// The seed workbook with table-less sheets listed `before` and `after` its own sheet.
fn seed_among(dest: &Path, before: &[(String, String)], after: &[(String, String)]) {
    let source = std::fs::read(fixture("bang-phan-tich.xlsx")).unwrap();
    let listed = |sheets: &[(String, String)], from: usize| -> (String, String) {
        let mut list = String::new();
        let mut rels = String::new();
        for (i, (name, _)) in sheets.iter().enumerate() {
            let n = from + i;
            list.push_str(&format!(
                r#"<sheet name="{name}" sheetId="{}" r:id="rIdX{n}"/>"#,
                n + 10
            ));
            rels.push_str(&format!(
                r#"<Relationship Id="rIdX{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/extra{n}.xml"/>"#
            ));
        }
        (list, rels)
    };
    let (list_before, rels_before) = listed(before, 0);
    let (list_after, rels_after) = listed(after, before.len());
    let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
    let extra: Vec<(String, Vec<u8>)> = before
        .iter()
        .chain(after)
        .enumerate()
        .map(|(n, (_, body))| {
            (
                format!("xl/worksheets/extra{n}.xml"),
                format!("<worksheet {ns}>{body}</worksheet>").into_bytes(),
            )
        })
        .collect();
    rewrite_from(
        &source,
        dest,
        |name, content| {
            let text = || String::from_utf8(content.clone()).unwrap();
            match name {
                "xl/workbook.xml" => text()
                    .replace("<sheets>", &format!("<sheets>{list_before}"))
                    .replace("</sheets>", &format!("{list_after}</sheets>"))
                    .into_bytes(),
                "xl/_rels/workbook.xml.rels" => text()
                    .replace(
                        "</Relationships>",
                        &format!("{rels_before}{rels_after}</Relationships>"),
                    )
                    .into_bytes(),
                _ => content,
            }
        },
        &extra,
    );
}

/// What `cchc check` prints for the seed itself, but for the line naming the file.
fn seed_report() -> String {
    let (code, out, err) = check(&fixture("bang-phan-tich.xlsx"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("điểm bị trừ: 20,581"), "{out}");
    without_file_line(&out)
}

fn without_file_line(report: &str) -> String {
    report.lines().skip(1).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_table_on_the_first_sheet_reads_past_sheets_over_the_limits() {
    // The sheets after the table's would be refused if read: they are not read.
    let (_dir, path) = temp("first.xlsx");
    seed_among(&path, &[], &sheets(40, || far_rows(100)));
    let (code, out, err) = check(&path);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("trang tính `Bảng phân tích`"), "{out}");
    assert_eq!(without_file_line(&out), seed_report());
}

#[test]
fn a_table_after_table_less_sheets_still_reads() {
    let (_dir, path) = temp("later.xlsx");
    seed_among(&path, &sheets(5, far_cell), &[]);
    let (code, out, err) = check(&path);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(without_file_line(&out), seed_report());

    // With `--sheet`, only the sheet named is read, wherever it is.
    let (_dir, path) = temp("named.xlsx");
    seed_among(&path, &sheets(40, || far_rows(100)), &[]);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["check", "--sheet", "Bảng phân tích"])
        .arg(&path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{out}");
    assert_eq!(without_file_line(&out), seed_report());
    // Without it, the sheets before the table add up past a limit first.
    assert_refused(&path, &limits::dense_limit());
}

#[test]
fn a_file_at_the_size_limit_reads() {
    let source = std::fs::read(fixture("bang-phan-tich.xlsx")).unwrap();
    // A picture that does not compress, filling the file to just under the limit.
    let room = limits::MAX_FILE_BYTES as usize - source.len() - 4 * 1024;
    let mut picture = Vec::with_capacity(room);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    while picture.len() < room {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        picture.extend_from_slice(&state.to_le_bytes());
    }
    picture.truncate(room);
    let (_dir, path) = temp("big.xlsx");
    rewrite_from(
        &source,
        &path,
        |_, c| c,
        &[("xl/media/image1.png".into(), picture.clone())],
    );
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size <= limits::MAX_FILE_BYTES && size > limits::MAX_FILE_BYTES - 64 * 1024,
        "{size}"
    );
    let (code, out, err) = check(&path);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(without_file_line(&out), seed_report());

    // A little more is refused before it is read.
    picture.extend_from_slice(&[0; 8 * 1024]);
    rewrite_from(
        &source,
        &path,
        |_, c| c,
        &[("xl/media/image1.png".into(), picture)],
    );
    assert_refused(
        &path,
        &format!("{} MB cho một tệp", limits::MAX_FILE_BYTES / 1024 / 1024),
    );
}

/// The text of a full appraisal row, about 300 bytes (the seed has 270): criterion, units,
/// opinion, solution.
fn full_row_texts(sheet: usize, row: usize) -> [String; 4] {
    [
        format!("{sheet}.{row}. Ban hành kế hoạch cải cách hành chính năm của đơn vị số {row}"),
        "Phòng Nội vụ, Văn phòng HĐND-UBND".into(),
        format!(
            "Đã ban hành kế hoạch nhưng chưa đầy đủ nội dung theo hướng dẫn, cần bổ sung {sheet}-{row}"
        ),
        format!(
            "Rà soát, bổ sung nội dung kế hoạch năm sau, hoàn thành trước quý {}",
            row % 4 + 1
        ),
    ]
}

/// A real workbook at its largest: 30 sheets of 300 rows, each row four texts and four
/// numbers. It reads whole in every format, with room to spare.
const FULL_SHEETS: usize = 30;
const FULL_ROWS: usize = 300;

#[test]
fn a_full_workbook_of_thirty_sheets_reads_in_every_format() {
    // .xlsx, the table on the last sheet: every sheet before it is read.
    let table_less: Vec<(String, String)> = (1..FULL_SHEETS)
        .map(|s| {
            let rows: String = (1..=FULL_ROWS)
                .map(|r| {
                    let texts = full_row_texts(s, r);
                    let mut cells = String::new();
                    for (c, t) in texts.iter().enumerate() {
                        let col = (b'A' + c as u8) as char;
                        cells.push_str(&format!(
                            r#"<c r="{col}{r}" t="inlineStr"><is><t>{t}</t></is></c>"#
                        ));
                    }
                    for col in ['E', 'F', 'G', 'H'] {
                        cells.push_str(&format!(r#"<c r="{col}{r}"><v>0.75</v></c>"#));
                    }
                    format!(r#"<row r="{r}">{cells}</row>"#)
                })
                .collect();
            (format!("S{s}"), format!("<sheetData>{rows}</sheetData>"))
        })
        .collect();
    let (_dir, path) = temp("full.xlsx");
    seed_among(&path, &table_less, &[]);
    let (code, out, err) = check(&path);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(without_file_line(&out), seed_report());

    // .xls and .ods, built whole at open: read to the end, no table.
    let mut strings = Vec::new();
    let mut xls_sheets = Vec::new();
    let mut ods_sheets = Vec::new();
    for s in 1..=FULL_SHEETS {
        let mut records = biff::dimensions(FULL_ROWS as u32, 8);
        let mut table = String::new();
        for r in 0..FULL_ROWS {
            table.push_str("<table:table-row>");
            for (c, t) in full_row_texts(s, r).into_iter().enumerate() {
                records.extend(biff::label_sst(r as u16, c as u16, strings.len() as u32));
                table.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
                ));
                strings.push(t);
            }
            for c in 4..8 {
                records.extend(biff::number(r as u16, c, 0.75));
                table.push_str(
                    r#"<table:table-cell office:value-type="float" office:value="0.75"/>"#,
                );
            }
            table.push_str("</table:table-row>");
        }
        xls_sheets.push((format!("S{s}"), records));
        ods_sheets.push((format!("S{s}"), table));
    }
    let (_dir, xls) = temp("full.xls");
    biff::write_xls(&xls, &xls_sheets, &strings, &[]);
    let (_dir, ods) = temp("full.ods");
    write_bare_ods(&ods, &ods_sheets);
    for path in [xls, ods] {
        let (code, _, err) = check(&path);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("không tìm thấy bảng kết quả thẩm định trong trang tính `S1`"),
            "{}: {err}",
            path.display()
        );
        assert!(err.contains(&format!("`S{FULL_SHEETS}`")), "{err}");
    }
}
