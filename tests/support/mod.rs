//! Shared helpers for the integration tests: fixtures, the sample config, and small
//! spreadsheets built on the fly.

#![allow(dead_code)]

use cchc::Config;
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

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
pub fn seed_with_score(code: &str, score: &str) -> Vec<u8> {
    let mut rows = seed_rows();
    let row = rows.iter_mut().find(|r| r[0].starts_with(code)).unwrap();
    row[1] = score.to_string();
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

/// Whether LibreOffice is here; without it a test skips, unless `CI` is set.
pub fn soffice_or_skip(test: &str) -> bool {
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: LibreOffice (soffice) is required in CI"
        );
        eprintln!("{test}: skipped: LibreOffice not installed");
    }
    found
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
