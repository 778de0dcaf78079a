//! Shared helpers for the integration tests: fixtures, the sample config, and small
//! spreadsheets built on the fly.

#![allow(dead_code)]

use cchc::Config;
use cchc::generate::Options;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

pub mod docx;
pub mod xlsx;

/// A file of the Tuần Giáo 2019 fixture.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tuan-giao-2019")
        .join(name)
}

/// The sample configuration in `input/cchc.toml`.
pub fn sample_config() -> Config {
    Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("input/cchc.toml")).unwrap()
}

/// An exact decimal.
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// The seed table as text rows: the header and 54 rows (53 criteria and the total).
pub fn seed_rows() -> Vec<Vec<String>> {
    std::fs::read_to_string(fixture("bang-phan-tich.tsv"))
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// Runs the `cchc` binary with `args` in `dir`.
pub fn cchc(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Rows as a TSV file's bytes.
pub fn tsv(rows: &[Vec<String>]) -> Vec<u8> {
    rows.iter()
        .map(|r| r.join("\t"))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

/// The seed TSV with the score of the criterion whose cell starts with `code` replaced.
/// The total row is kept in step, as a second round's table is: otherwise it would
/// disagree with the criteria, and `generate` would refuse it.
pub fn seed_with_score(code: &str, score: &str) -> Vec<u8> {
    let achieved = |pair: &str| {
        pair.split('/')
            .next()
            .and_then(|a| Decimal::from_str(&a.replace(',', ".")).ok())
    };
    let mut rows = seed_rows();
    let row = rows.iter_mut().find(|r| r[0].starts_with(code)).unwrap();
    let delta = match (achieved(&row[1]), achieved(score)) {
        (Some(old), Some(new)) => new - old,
        _ => Decimal::ZERO,
    };
    row[1] = score.to_string();
    let total = rows.last_mut().unwrap();
    let (declared, max) = total[0].split_once('/').unwrap();
    let declared = Decimal::from_str(&declared.replace(',', ".")).unwrap() + delta;
    let lost = Decimal::from_str(&total[5].replace(',', ".")).unwrap() - delta;
    let comma = |d: Decimal| d.normalize().to_string().replace('.', ",");
    total[0] = format!("{}/{max}", comma(declared));
    total[5] = comma(lost);
    tsv(&rows)
}

/// A cell of a spreadsheet built by a test.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Text, written as a string.
    Text(String),
    /// A number, written as a numeric cell.
    Number(f64),
    /// Nothing.
    Empty,
}

/// Text cell shorthand.
pub fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

/// Writes rows to an xlsx on one sheet; `merges` are (first_row, col, last_row, last_col)
/// 0-based ranges merged with the value of their first cell.
pub fn write_xlsx(path: &Path, sheet: &str, rows: &[Vec<Cell>], merges: &[(u32, u16, u32, u16)]) {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let merged_away = merges.iter().any(|&(r0, c0, r1, c1)| {
                (r0..=r1).contains(&r) && (c0..=c1).contains(&c) && (r, c) != (r0, c0)
            });
            if merged_away {
                continue;
            }
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                Cell::Empty => {}
            }
        }
    }
    let format = rust_xlsxwriter::Format::new();
    for &(r0, c0, r1, c1) in merges {
        let value = match &rows[r0 as usize][c0 as usize] {
            Cell::Text(s) => s.clone(),
            _ => String::new(),
        };
        ws.merge_range(r0, c0, r1, c1, &value, &format).unwrap();
    }
    workbook.save(path).unwrap();
}

/// Converts `file` to `format` (e.g. "ods", "xls", "pdf") with LibreOffice headless, in its
/// own profile folder; returns the new file.
pub fn soffice_convert(file: &Path, format: &str, out_dir: &Path) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(status.status.success(), "soffice failed: {status:?}");
    let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
    let ext = format.split(':').next().unwrap();
    out_dir.join(format!("{stem}.{ext}"))
}

/// Runs `cchc check FILE` under an address-space cap of `cap` bytes and 20 s of CPU (when
/// prlimit exists): a reader that allocates past the cap aborts instead of passing.
pub fn check_capped(file: &Path, cap: u64) -> Output {
    let bin = env!("CARGO_BIN_EXE_cchc");
    let capped = Command::new("prlimit").arg("--version").output().is_ok();
    if capped {
        Command::new("prlimit")
            .arg(format!("--as={cap}"))
            .args(["--cpu=20", "--"])
            .arg(bin)
            .arg("check")
            .arg(file)
            .output()
    } else {
        Command::new(bin).arg("check").arg(file).output()
    }
    .unwrap()
}

/// A minimal .xlsx of `sheets` (name, the XML inside `<worksheet>`), as small as a hostile
/// file can be: no styles, no shared strings.
pub fn write_bare_xlsx(path: &Path, sheets: &[(String, String)]) {
    use std::io::Write;
    let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let rels_ns = r#"xmlns="http://schemas.openxmlformats.org/package/2006/relationships""#;
    let rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut workbook = format!("<workbook {ns}><sheets>");
    let mut rels = format!("<Relationships {rels_ns}>");
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        workbook.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{rel_type}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
    }
    workbook.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, content: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    };
    part(
        "_rels/.rels",
        &format!(
            r#"<Relationships {rels_ns}><Relationship Id="rId1" Type="{rel_type}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        ),
    );
    part("xl/workbook.xml", &workbook);
    part("xl/_rels/workbook.xml.rels", &rels);
    for (i, (_, body)) in sheets.iter().enumerate() {
        part(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &format!("<worksheet {ns}>{body}</worksheet>"),
        );
    }
    std::fs::write(path, zip.finish().unwrap().into_inner()).unwrap();
}

/// The namespaces an .ods `content.xml` opens with, up to `<office:spreadsheet>`.
pub const ODS_CONTENT_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>"#;

/// An .ods of `tables` (name, the XML inside `<table:table>`).
pub fn write_bare_ods(path: &Path, tables: &[(String, String)]) {
    let mut content = String::from(ODS_CONTENT_HEAD);
    for (name, body) in tables {
        content.push_str(&format!(
            r#"<table:table table:name="{name}">{body}</table:table>"#
        ));
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>");
    write_ods_content(path, &content);
}

/// An .ods whose `content.xml` is `content`, as written.
pub fn write_ods_content(path: &Path, content: &str) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#)
        .unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    std::fs::write(path, zip.finish().unwrap().into_inner()).unwrap();
}

/// Builds a legacy .xls (BIFF8 records in a compound file) record by record.
pub mod biff {
    use std::io::Write;
    use std::path::Path;

    /// One record: type, length, data.
    pub fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    /// DIMENSIONS: `rows` × `cols` from A1.
    pub fn dimensions(rows: u32, cols: u16) -> Vec<u8> {
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend_from_slice(&rows.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&cols.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        record(0x0200, &d)
    }

    /// NUMBER at 0-based `row`, `col`.
    pub fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
        let mut d = Vec::new();
        for v in [row, col, 0] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(&value.to_le_bytes());
        record(0x0203, &d)
    }

    /// LABELSST: shared string `index` at 0-based `row`, `col`.
    pub fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
        let mut d = Vec::new();
        for v in [row, col, 0] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(&index.to_le_bytes());
        record(0x00FD, &d)
    }

    /// The SST of `strings` (each in UTF-16), split into CONTINUE records as Excel splits
    /// it: a CONTINUE inside a string's characters starts with a flags byte.
    pub fn sst(strings: &[String]) -> Vec<u8> {
        const MAX: usize = 8224;
        let count = (strings.len() as u32).to_le_bytes();
        let mut blocks: Vec<Vec<u8>> = vec![[count, count].concat()];
        for s in strings {
            let units: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let current = blocks.last_mut().unwrap();
            if current.len() + 5 > MAX {
                blocks.push(Vec::new());
            }
            let current = blocks.last_mut().unwrap();
            current.extend_from_slice(&(s.encode_utf16().count() as u16).to_le_bytes());
            current.push(0x01);
            let mut rest = units.as_slice();
            while !rest.is_empty() {
                let current = blocks.last_mut().unwrap();
                let room = (MAX - current.len()) / 2 * 2;
                let n = room.min(rest.len());
                current.extend_from_slice(&rest[..n]);
                rest = &rest[n..];
                if !rest.is_empty() {
                    blocks.push(vec![0x01]);
                }
            }
        }
        let mut out = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            out.extend(record(if i == 0 { 0x00FC } else { 0x003C }, block));
        }
        out
    }

    fn bof(kind: u16) -> Vec<u8> {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend_from_slice(&kind.to_le_bytes());
        d.extend_from_slice(&[0; 12]);
        record(0x0809, &d)
    }

    fn bound_sheet(offset: u32, name: &str) -> Vec<u8> {
        let mut d = offset.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        d.extend_from_slice(name.as_bytes());
        record(0x0085, &d)
    }

    /// FORMULA at 0-based `row`, `col`: a cached number, then the parsed formula `rgce`.
    pub fn formula(row: u16, col: u16, rgce: &[u8]) -> Vec<u8> {
        let mut d = Vec::new();
        for v in [row, col, 0] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(&1.0f64.to_le_bytes());
        d.extend_from_slice(&[0; 6]);
        d.extend_from_slice(&(rgce.len() as u16).to_le_bytes());
        d.extend_from_slice(rgce);
        record(0x0006, &d)
    }

    /// EXTERNSHEET: one reference, to the first sheet.
    pub fn extern_sheet() -> Vec<u8> {
        record(0x0017, &[1, 0, 0, 0, 0, 0, 0, 0])
    }

    /// A workbook of `sheets` (an ASCII name, the records between the sheet's BOF and
    /// EOF) with `strings` shared and `globals` records added to the workbook's.
    pub fn write_xls(
        path: &Path,
        sheets: &[(String, Vec<u8>)],
        strings: &[String],
        globals: &[u8],
    ) {
        let globals = |offsets: &[u32]| {
            let mut g = bof(0x0005);
            for ((name, _), &offset) in sheets.iter().zip(offsets) {
                g.extend(bound_sheet(offset, name));
            }
            g.extend_from_slice(globals);
            if !strings.is_empty() {
                g.extend(sst(strings));
            }
            g.extend(record(0x000A, &[]));
            g
        };
        let mut offsets = Vec::new();
        let mut at = globals(&vec![0; sheets.len()]).len();
        let mut body = Vec::new();
        for (_, records) in sheets {
            offsets.push(at as u32);
            let mut sheet = bof(0x0010);
            sheet.extend_from_slice(records);
            sheet.extend(record(0x000A, &[]));
            at += sheet.len();
            body.extend(sheet);
        }
        let mut stream = globals(&offsets);
        stream.extend(body);
        let mut file = cfb::CompoundFile::create_with_version(
            cfb::Version::V3,
            std::io::Cursor::new(Vec::new()),
        )
        .unwrap();
        let mut workbook = file.create_stream("/Workbook").unwrap();
        workbook.write_all(&stream).unwrap();
        drop(workbook);
        file.flush().unwrap();
        std::fs::write(path, file.into_inner().into_inner()).unwrap();
    }
}

/// `generate`'s options writing into `out` with `config` and the given templates folder,
/// on 30 October 2020 (the sample letter's date): the one set every test starts from.
pub fn options(out: &Path, config: &Path, templates: Option<&Path>) -> Options {
    Options {
        config: Some(config.to_path_buf()),
        out: out.to_path_buf(),
        sheet: None,
        today: NaiveDate::from_ymd_opt(2020, 10, 30).unwrap(),
        templates: templates.map(Path::to_path_buf),
        pdf: false,
        stamp: "2020-11-02-000000".into(),
        previous: None,
        caches: Default::default(),
        force: false,
        wait: std::time::Duration::from_secs(60),
        score_column: None,
        accept_total: false,
    }
}

/// What a run printed, standard output then standard error.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `root` with its bytes, but the tool's own `.cchc/` (locks and the
/// folders of a replacement under way).
pub fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != ".cchc" {
                    stack.push(path);
                }
            } else {
                files.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

/// The seed's second round, written as `dir/vong-2.tsv`: 4.1 raised to full marks, 5.8's
/// maximum lowered, 7.2.4 assigned to the Văn phòng, an opinion rewritten, 7.3.3 dropped and
/// 3.1.1 added.
pub fn round_two(dir: &Path) -> PathBuf {
    let mut rows = seed_rows();
    let find = |rows: &mut Vec<Vec<String>>, code: &str| {
        rows.iter().position(|r| r[0].starts_with(code)).unwrap()
    };
    let i = find(&mut rows, "4.1.");
    rows[i][1] = "0,5/0,5".into();
    let i = find(&mut rows, "5.8.");
    rows[i][1] = "0/1".into();
    let i = find(&mut rows, "7.2.4");
    rows[i][2] = "Văn phòng HĐND-UBND".into();
    let i = find(&mut rows, "6.2.1.");
    rows[i][3] = "Vòng 2: giữ nguyên".into();
    let i = find(&mut rows, "7.3.3.");
    rows.remove(i);
    let at = find(&mut rows, "4.1.");
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
    let last = rows.len() - 1;
    rows[last][0] = "79,42/100".into();
    let path = dir.join("vong-2.tsv");
    std::fs::write(&path, tsv(&rows)).unwrap();
    path
}

/// Writes to `dest` the zip `source` with each part passed through `change` and the `extra`
/// parts added, deflated at `level` (`None`: the default); images are stored, as Excel does.
pub fn rewrite_zip(
    source: &[u8],
    dest: &Path,
    level: Option<i64>,
    change: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(String, Vec<u8>)],
) {
    use std::io::{Read, Write};
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(source)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(level);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&change(&name, content)).unwrap();
    }
    for (name, content) in extra {
        let options = if name.ends_with(".png") {
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
        } else {
            options
        };
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(content).unwrap();
    }
    std::fs::write(dest, out.finish().unwrap().into_inner()).unwrap();
}
