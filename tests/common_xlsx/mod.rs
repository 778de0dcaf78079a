//! Shared by the Excel annex tests: generating the annex from an input through the library
//! and reading it back with calamine as a person would read it.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use cchc::generate::{Options, generate};
use cchc::model::Date;
use std::path::{Path, PathBuf};

/// The sample with the seed's annex layout.
pub const SAMPLE: &str = "input/tuan-giao-2019.xlsx";
/// The same rows in the per-column layout, with no title block and no total row.
pub const PER_COLUMN: &str = "tests/fixtures_xlsx/ket-qua-tham-dinh.xlsx";

/// Runs `generate` on `input` with the sample's config into a fresh folder; returns the
/// folder (kept alive by the caller) and the annex's path.
pub fn generate_annex(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let options = Options {
        config: Some(PathBuf::from("input/cchc.toml")),
        out: out.path().to_path_buf(),
        sheet: None,
        today: Date::new(2020, 11, 2).expect("a date"),
    };
    let generated = generate(input, &options).expect("generate").output;
    let annex = generated.folder.join("phu-luc.xlsx");
    assert!(annex.is_file(), "{} missing", annex.display());
    (out, annex)
}

/// One sheet read back: the cached values and the formulas.
pub struct Sheet {
    values: Range<Data>,
    formulas: Range<String>,
}

impl Sheet {
    /// Reads sheet `name` of the workbook at `path`.
    pub fn read(path: &Path, name: &str) -> Sheet {
        let mut workbook: Xlsx<_> = open_workbook(path).expect("open the annex");
        Sheet {
            values: workbook.worksheet_range(name).expect("sheet"),
            formulas: workbook.worksheet_formula(name).expect("formulas"),
        }
    }

    /// The number of rows down to the last used one.
    pub fn height(&self) -> u32 {
        self.values.end().map_or(0, |(row, _)| row + 1)
    }

    /// A cell as a person reads it: text as written, numbers as numbers print.
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.values.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => format!("{other:?}"),
        }
    }

    /// A numeric cell's value; `None` for text and empty cells.
    pub fn number(&self, row: u32, col: u32) -> Option<f64> {
        match self.values.get_value((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    /// Whether a cell holds a string (not a number, not a formula's result).
    pub fn is_string(&self, row: u32, col: u32) -> bool {
        matches!(self.values.get_value((row, col)), Some(Data::String(_)))
    }

    /// A cell's formula, empty when it holds none.
    pub fn formula(&self, row: u32, col: u32) -> String {
        self.formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }

    /// The rows whose cell in `col` starts with `prefix`.
    pub fn rows_starting(&self, col: u32, prefix: &str) -> Vec<u32> {
        (0..self.height())
            .filter(|&r| self.text(r, col).starts_with(prefix))
            .collect()
    }

    /// The single row whose cell in `col` starts with `prefix`.
    pub fn row_starting(&self, col: u32, prefix: &str) -> u32 {
        let rows = self.rows_starting(col, prefix);
        assert_eq!(
            rows.len(),
            1,
            "rows starting {prefix:?} in column {col}: {rows:?}"
        );
        rows[0]
    }
}

/// Whether two figures agree to well within the smallest place shown.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}
