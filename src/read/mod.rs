//! Stage 1, read: the bytes of a spreadsheet (.xlsx, .xlsm, .xls, .ods, .csv, .tsv) to
//! [`Grid`]s of clean cells, bounded by [`limits`].
//!
//! Merged ranges are spread: every cell of a merged range gets the range's value, because a
//! unit cell merged over several rows is common when a Word table is pasted into Excel.

pub mod legacy;
pub mod limits;
pub mod prescan;

use crate::error::{Error, Location, Result};
use crate::text;
use calamine::{Data, DataRef, Dimensions, Reader, Sheets};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use std::io::Cursor;
use std::path::Path;

/// One cell's value, cleaned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// No value (or only whitespace).
    #[default]
    Empty,
    /// Text, NFC-normalized, trimmed, inner whitespace collapsed.
    Text(String),
    /// A numeric cell, exact.
    Number(Decimal),
}

impl Value {
    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    /// The cell as a person reads it: numbers with a dot, as in the file.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(d) => d.normalize().to_string(),
        }
    }
}

/// One sheet as a rectangle of cells; row 0 is the sheet's first row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The sheet name (the file name for .csv/.tsv).
    pub name: String,
    /// The rows; every row has the same length.
    pub cells: Vec<Vec<Value>>,
}

impl Grid {
    /// The cell at 0-based `row`, `col`, or empty outside the grid.
    pub fn get(&self, row: usize, col: usize) -> &Value {
        const EMPTY: &Value = &Value::Empty;
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(EMPTY)
    }

    /// The number of rows.
    pub fn height(&self) -> usize {
        self.cells.len()
    }

    /// The number of columns.
    pub fn width(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }
}

/// Reads the sheets of the spreadsheet at `path`: all of them, or only `sheet` when given.
///
/// # Errors
/// [`Error::Io`], [`Error::EmptyFile`], [`Error::UnsupportedFormat`], [`Error::NotWorkbook`],
/// [`Error::NotUtf8`], [`Error::TooLarge`], [`Error::SheetNotFound`].
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Vec<Grid>> {
    read_bytes(path, read_file(path)?, sheet)
}

/// The bytes of an input file, refused above [`limits::MAX_FILE_BYTES`] before reading.
///
/// # Errors
/// [`Error::Io`], [`Error::TooLarge`].
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > limits::MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            loc: Location::file(path),
            limit: format!("{} MB cho một tệp", limits::MAX_FILE_BYTES / 1024 / 1024),
        });
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Reads a spreadsheet already in memory; `path` names it in messages and gives its format.
///
/// # Errors
/// As [`read`].
pub fn read_bytes(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Vec<Grid>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(wanted) = sheet.filter(|s| *s != name) {
                return Err(Error::SheetNotFound {
                    path: path.to_path_buf(),
                    sheet: wanted.to_string(),
                    available: vec![name],
                });
            }
            Ok(vec![read_delimited(path, &bytes, &ext, name)?])
        }
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, bytes, sheet),
        _ => Err(Error::UnsupportedFormat {
            path: path.to_path_buf(),
        }),
    }
}

// ----------------------------------------------------------------------------------------
// Workbooks.

/// calamine panics on some malformed files (an .xls record shorter than it expects, found by
/// fuzzing): its work on an input is run under `catch_unwind`, and a panic becomes this
/// file's error instead of the whole batch's end.
fn read_workbook(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Vec<Grid>> {
    QUIET_PANICS.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook_unguarded(path, bytes, sheet)
    }));
    QUIET_PANICS.with(|q| q.set(false));
    result.unwrap_or_else(|_| {
        Err(Error::NotWorkbook {
            path: path.to_path_buf(),
            detail: "tệp hỏng: trình đọc bảng tính không đọc được cấu trúc của tệp".into(),
        })
    })
}

thread_local! {
    /// Set while calamine works on an input, so that [`quiet_reader_panics`] keeps a panic
    /// that [`read_workbook`] turns into an error off the terminal.
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that stays silent for panics inside the spreadsheet reader (they
/// are reported as the file's error) and defers to the previous hook for any other.
pub fn quiet_reader_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET_PANICS.with(std::cell::Cell::get) {
            previous(info);
        }
    }));
}

fn read_workbook_unguarded(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Vec<Grid>> {
    let not_workbook = |detail: String| Error::NotWorkbook {
        path: path.to_path_buf(),
        detail,
    };
    // Decide by content, not by name: a renamed file still reads, and a text file named
    // .xlsx gets a plain message.
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if !is_zip && !is_ole {
        return Err(not_workbook(
            "nội dung không phải Excel hay OpenDocument".into(),
        ));
    }
    if is_zip {
        prescan::check_zip(path, &bytes)?;
    } else {
        prescan::check_xls(path, &bytes)?;
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| not_workbook(e.to_string()))?;
    let names = book.sheet_names();
    let wanted: Vec<String> = match sheet {
        Some(s) => {
            let found = names
                .iter()
                .find(|n| *n == s || text::name_key(n) == text::name_key(s));
            match found {
                Some(n) => vec![n.clone()],
                None => {
                    return Err(Error::SheetNotFound {
                        path: path.to_path_buf(),
                        sheet: s.to_string(),
                        available: names,
                    });
                }
            }
        }
        None => names.into_iter().take(limits::MAX_SHEETS).collect(),
    };
    let mut grids = Vec::with_capacity(wanted.len());
    for name in wanted {
        let loc = Location::file(path).sheet(&name);
        let mut cells = SparseCells::new(loc.clone());
        let merges = match &mut book {
            Sheets::Xlsx(x) => {
                // Streamed and capped cell by cell: `worksheet_range` would allocate the
                // dense bounding box of whatever cells the file claims.
                let mut reader = x
                    .worksheet_cells_reader(&name)
                    .map_err(|e| not_workbook(e.to_string()))?;
                while let Some(cell) = reader
                    .next_cell()
                    .map_err(|e| not_workbook(e.to_string()))?
                {
                    let (r, c) = cell.get_position();
                    cells.push(r, c, value_of_ref(cell.get_value()))?;
                }
                drop(reader);
                x.merge_cells_by_sheet_name(&name).unwrap_or_default()
            }
            other => {
                let range = other
                    .worksheet_range(&name)
                    .map_err(|e| not_workbook(e.to_string()))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, v) in range.used_cells() {
                    cells.push(r0 + r as u32, c0 + c as u32, value_of(v))?;
                }
                match other {
                    Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
                    _ => Vec::new(),
                }
            }
        };
        grids.push(cells.into_grid(name, &merges));
    }
    Ok(grids)
}

/// Cells collected before the grid's size is known, checked against the limits as they come.
struct SparseCells {
    loc: Location,
    cells: Vec<(u32, u32, Value)>,
}

impl SparseCells {
    fn new(loc: Location) -> Self {
        SparseCells {
            loc,
            cells: Vec::new(),
        }
    }

    fn push(&mut self, row: u32, col: u32, value: Value) -> Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        let too_large = |limit: String| Error::TooLarge {
            loc: self.loc.clone().cell(row as usize + 1, col as usize + 1),
            limit,
        };
        if row >= limits::MAX_ROWS {
            return Err(too_large(format!("{} dòng", limits::MAX_ROWS)));
        }
        if col >= limits::MAX_COLUMNS {
            return Err(too_large(format!("{} cột", limits::MAX_COLUMNS)));
        }
        if self.cells.len() >= limits::MAX_CELLS {
            return Err(too_large(format!("{} ô có dữ liệu", limits::MAX_CELLS)));
        }
        self.cells.push((row, col, value));
        Ok(())
    }

    fn into_grid(self, name: String, merges: &[Dimensions]) -> Grid {
        let height = self.cells.iter().map(|c| c.0 + 1).max().unwrap_or(0) as usize;
        let width = self.cells.iter().map(|c| c.1 + 1).max().unwrap_or(0) as usize;
        let mut cells = vec![vec![Value::Empty; width]; height];
        for (r, c, v) in self.cells {
            cells[r as usize][c as usize] = v;
        }
        for m in merges {
            let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
            let value = match cells.get(r0).and_then(|r| r.get(c0)) {
                Some(v) if !v.is_empty() => v.clone(),
                _ => continue,
            };
            let r1 = (m.end.0 as usize).min(height.saturating_sub(1));
            let c1 = (m.end.1 as usize).min(width.saturating_sub(1));
            for row in cells.iter_mut().take(r1 + 1).skip(r0) {
                for cell in row.iter_mut().take(c1 + 1).skip(c0) {
                    if cell.is_empty() {
                        *cell = value.clone();
                    }
                }
            }
        }
        Grid { name, cells }
    }
}

fn value_of(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(Decimal::from(*i)),
        Data::Float(f) => float_value(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => text_value(s),
        Data::Bool(b) => text_value(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => text_value(&d.to_string()),
        Data::Error(e) => text_value(&format!("#{e:?}")),
    }
}

fn value_of_ref(data: &DataRef<'_>) -> Value {
    match data {
        DataRef::Empty => Value::Empty,
        DataRef::Int(i) => Value::Number(Decimal::from(*i)),
        DataRef::Float(f) => float_value(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text_value(s),
        DataRef::SharedString(s) => text_value(s),
        DataRef::Bool(b) => text_value(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) => text_value(&d.to_string()),
        DataRef::Error(e) => text_value(&format!("#{e:?}")),
    }
}

/// A float cell as an exact decimal: `from_f64` keeps the shortest decimal that round-trips
/// (0.743, not 0.74299999999999999378), never the binary noise.
fn float_value(f: f64) -> Value {
    match Decimal::from_f64(f) {
        Some(d) => Value::Number(d.normalize()),
        None => Value::Text(f.to_string()),
    }
}

fn text_value(raw: &str) -> Value {
    let s = text::clean(raw);
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

// ----------------------------------------------------------------------------------------
// Delimited text.

fn read_delimited(path: &Path, bytes: &[u8], ext: &str, name: String) -> Result<Grid> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let content = std::str::from_utf8(body).map_err(|e| {
        let before = &body[..e.valid_up_to()];
        let row = before.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::NotUtf8 {
            loc: Location::file(path).row(row),
        }
    })?;
    let delimiter = if ext == "tsv" {
        b'\t'
    } else {
        sniff_delimiter(content)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(content.as_bytes());
    let mut cells = SparseCells::new(Location::file(path));
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Error::NotWorkbook {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, field) in record.iter().enumerate() {
            let c = u32::try_from(c).unwrap_or(u32::MAX);
            cells.push(r, c, text_value(field))?;
        }
    }
    Ok(cells.into_grid(name, &[]))
}

/// Tab, semicolon (what a Vietnamese-locale Excel writes) or comma: whichever the first line
/// has most of.
fn sniff_delimiter(content: &str) -> u8 {
    let first = content.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|&d| (first.bytes().filter(|&b| b == d).count(), d == b','))
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_become_exact_decimals() {
        assert_eq!(float_value(0.743), Value::Number(Decimal::new(743, 3)));
        assert_eq!(float_value(0.1 + 0.2), Value::Number(Decimal::new(3, 1)));
        assert_eq!(float_value(2.0), Value::Number(Decimal::from(2)));
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
    }

    #[test]
    fn merged_ranges_spread_their_value() {
        let mut cells = SparseCells::new(Location::default());
        cells
            .push(0, 0, Value::Text("Phòng Nội vụ".into()))
            .unwrap();
        cells.push(2, 1, Value::Text("x".into())).unwrap();
        let merge = Dimensions {
            start: (0, 0),
            end: (2, 0),
        };
        let grid = cells.into_grid("S".into(), &[merge]);
        assert_eq!(grid.get(2, 0), &Value::Text("Phòng Nội vụ".into()));
    }
}
