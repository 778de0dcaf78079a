//! Stage 1, read: the bytes of a spreadsheet (.xlsx, .xlsm, .xls, .ods, .csv, .tsv) to
//! [`Grid`]s of clean cells, one sheet at a time, bounded by [`limits`] over the whole
//! workbook.
//!
//! Merged ranges are spread: every cell of a merged range gets the range's value, because a
//! unit cell merged over several rows is common when a Word table is pasted into Excel.

pub mod legacy;
pub mod limits;
pub mod prescan;

use crate::error::{Error, Location, Result};
use crate::text;
use calamine::{Data, DataRef, Dimensions, Reader, Sheets};
use limits::Budget;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use std::borrow::Cow;
use std::io::Cursor;
use std::path::{Path, PathBuf};

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

/// One sheet's cells; row 0 is the sheet's first row. Rows are kept as they are read: a
/// row ends at its last non-empty cell (an empty row holds nothing), so a sheet with one
/// far cell holds one long row, not a rectangle of empty cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The sheet name (the file name for .csv/.tsv).
    pub name: String,
    rows: Vec<Vec<Value>>,
    width: usize,
}

impl Grid {
    /// A grid of `rows`, as long as each is: trailing empty cells and rows are dropped.
    pub fn new(name: impl Into<String>, mut rows: Vec<Vec<Value>>) -> Grid {
        for row in &mut rows {
            let len = row.iter().rposition(|v| !v.is_empty()).map_or(0, |i| i + 1);
            row.truncate(len);
        }
        let height = rows
            .iter()
            .rposition(|r| !r.is_empty())
            .map_or(0, |i| i + 1);
        rows.truncate(height);
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        Grid {
            name: name.into(),
            rows,
            width,
        }
    }

    /// The cell at 0-based `row`, `col`, or empty outside the grid.
    pub fn get(&self, row: usize, col: usize) -> &Value {
        const EMPTY: &Value = &Value::Empty;
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(EMPTY)
    }

    /// The cells of 0-based `row` up to its last non-empty one; empty outside the grid.
    pub fn row(&self, row: usize) -> &[Value] {
        self.rows.get(row).map_or(&[], Vec::as_slice)
    }

    /// The rows, each up to its last non-empty cell.
    pub fn rows(&self) -> &[Vec<Value>] {
        &self.rows
    }

    /// The number of rows, up to the last one with a non-empty cell.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// The number of columns, up to the last non-empty cell of the widest row.
    pub fn width(&self) -> usize {
        self.width
    }
}

/// The sheets of one input, each read only when it is asked for, so that a caller that
/// stops at the sheet holding the table (as [`parse`](crate::parse::parse) does) never reads
/// the sheets after it, and that drops each sheet it is done with holds one at a time.
/// Every sheet read counts against one [`Budget`] for the whole workbook.
///
/// A sheet that cannot be read ends the sheets with its error.
pub struct Book {
    path: PathBuf,
    budget: Budget,
    source: Source,
}

enum Source {
    /// A .csv or .tsv: its one sheet, read already.
    Ready(Option<Grid>),
    /// A workbook and the names of the sheets still to read.
    Workbook {
        book: Box<Sheets<Cursor<Vec<u8>>>>,
        names: std::vec::IntoIter<String>,
    },
}

impl Iterator for Book {
    type Item = Result<Grid>;

    fn next(&mut self) -> Option<Result<Grid>> {
        let (book, names) = match &mut self.source {
            Source::Ready(grid) => return grid.take().map(Ok),
            Source::Workbook { book, names } => (book, names),
        };
        let name = names.next()?;
        let (path, budget) = (&self.path, &mut self.budget);
        let result = guarded(path, || read_sheet(book, &name, path, budget));
        if result.is_err() {
            // After an error (a panic inside calamine above all) nothing more is read.
            self.source = Source::Ready(None);
        }
        Some(result)
    }
}

/// The file extensions read, lower case: the one list the command line, the batch and the
/// previous-round lookup share (issue 12).
pub const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "csv", "tsv"];

/// Whether `path` names a spreadsheet cchc reads: one of the [`EXTENSIONS`], in any case,
/// and not an Excel lock file ("~$bang.xlsx", which sits beside an open workbook).
pub fn is_spreadsheet(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    !name.starts_with("~$") && EXTENSIONS.contains(&ext.as_str())
}

/// Reads the sheets of the spreadsheet at `path`: all of them, or only `sheet` when given.
///
/// # Errors
/// [`Error::Io`], [`Error::EmptyFile`], [`Error::UnsupportedFormat`], [`Error::NotWorkbook`],
/// [`Error::NotUtf8`], [`Error::TooLarge`], [`Error::SheetNotFound`]; the [`Book`] gives
/// [`Error::NotWorkbook`] and [`Error::TooLarge`] for a sheet as it reads it.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Book> {
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
pub fn read_bytes(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Book> {
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
    let mut budget = Budget::new();
    let source = match ext.as_str() {
        "csv" | "tsv" => {
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
            Source::Ready(Some(read_delimited(path, &bytes, &ext, name, &mut budget)?))
        }
        "xlsx" | "xlsm" | "xls" | "ods" => guarded(path, || open_workbook(path, bytes, sheet))?,
        _ => {
            return Err(Error::UnsupportedFormat {
                path: path.to_path_buf(),
            });
        }
    };
    Ok(Book {
        path: path.to_path_buf(),
        budget,
        source,
    })
}

// ----------------------------------------------------------------------------------------
// Workbooks.

/// calamine panics on some malformed files (an .xls record shorter than it expects, found by
/// fuzzing): its work on an input is run under `catch_unwind`, and a panic becomes this
/// file's error instead of the whole batch's end.
fn guarded<T>(path: &Path, work: impl FnOnce() -> Result<T>) -> Result<T> {
    QUIET_PANICS.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
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
    /// that [`guarded`] turns into an error off the terminal.
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

fn not_workbook(path: &Path, detail: impl ToString) -> Error {
    Error::NotWorkbook {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

/// Checks the workbook and opens it with the reader its content needs: the bytes move into
/// the reader, never copied (calamine's format detection would copy them for every format
/// it tries).
fn open_workbook(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Source> {
    // Decide by content, not by name: a renamed file still reads, and a text file named
    // .xlsx gets a plain message.
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let book = if is_zip {
        let format = prescan::check_zip(path, &bytes)?;
        let reader = Cursor::new(bytes);
        match format {
            prescan::ZipFormat::Xlsx => calamine::open_workbook_from_rs(reader)
                .map(Sheets::Xlsx)
                .map_err(|e: calamine::XlsxError| not_workbook(path, e))?,
            prescan::ZipFormat::Ods => calamine::open_workbook_from_rs(reader)
                .map(Sheets::Ods)
                .map_err(|e: calamine::OdsError| not_workbook(path, e))?,
        }
    } else if is_ole {
        prescan::check_xls(path, &bytes)?;
        calamine::open_workbook_from_rs(Cursor::new(bytes))
            .map(Sheets::Xls)
            .map_err(|e: calamine::XlsError| not_workbook(path, e))?
    } else {
        return Err(not_workbook(
            path,
            "nội dung không phải Excel hay OpenDocument",
        ));
    };
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
    Ok(Source::Workbook {
        book: Box::new(book),
        names: wanted.into_iter(),
    })
}

/// Reads one sheet of an open workbook into a [`Grid`], charging `budget`.
fn read_sheet(
    book: &mut Sheets<Cursor<Vec<u8>>>,
    name: &str,
    path: &Path,
    budget: &mut Budget,
) -> Result<Grid> {
    let mut sheet = SheetBuilder::new(Location::file(path).sheet(name), budget);
    let merges = match book {
        Sheets::Xlsx(x) => {
            // Streamed and counted cell by cell: `worksheet_range` would allocate the dense
            // bounding box of whatever cells the file claims.
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|e| not_workbook(path, e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| not_workbook(path, e))? {
                let (r, c) = cell.get_position();
                sheet.push(r, c, raw_of_ref(cell.get_value()))?;
            }
            drop(reader);
            x.merge_cells_by_sheet_name(name).unwrap_or_default()
        }
        // .xls and .ods sheets were built at open (within the limits the prescan checked);
        // calamine hands out a copy of one. Its cells are moved out of the copy, so that a
        // text is not copied a third time, and it is dropped before the next sheet.
        other => {
            let mut range = other
                .worksheet_range(name)
                .map_err(|e| not_workbook(path, e))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for r in 0..range.height() {
                for (c, cell) in range[r].iter_mut().enumerate() {
                    let raw = raw_of(std::mem::take(cell));
                    sheet.push(r0 + r as u32, c0 + c as u32, raw)?;
                }
            }
            drop(range);
            match other {
                Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    };
    sheet.spread(&merges)?;
    Ok(sheet.finish(name))
}

/// A sheet's rows as its cells come, in any order, each checked against the limits and
/// charged to the workbook's budget before it is kept.
struct SheetBuilder<'b> {
    loc: Location,
    budget: &'b mut Budget,
    rows: Vec<Vec<Value>>,
}

impl<'b> SheetBuilder<'b> {
    fn new(loc: Location, budget: &'b mut Budget) -> Self {
        SheetBuilder {
            loc,
            budget,
            rows: Vec::new(),
        }
    }

    fn too_large(&self, row: usize, col: usize, limit: String) -> Error {
        Error::TooLarge {
            loc: self.loc.clone().cell(row + 1, col + 1),
            limit,
        }
    }

    /// Keeps the cell at 0-based `row`, `col`, cleaned; an empty one is dropped.
    fn push(&mut self, row: u32, col: u32, raw: Raw<'_>) -> Result<()> {
        let (r, c) = (row as usize, col as usize);
        let value = match raw {
            Raw::Empty => return Ok(()),
            Raw::Number(d) => Value::Number(d),
            Raw::Text(s) => {
                // Refused before it is copied: a text longer than a cell may hold, or than
                // what is left.
                if s.len() > limits::MAX_CELL_TEXT_BYTES {
                    return Err(self.too_large(r, c, limits::cell_text_limit()));
                }
                if !self.budget.text_fits(s.len()) {
                    return Err(self.too_large(r, c, limits::text_limit()));
                }
                text_value(s)
            }
        };
        if value.is_empty() {
            return Ok(());
        }
        if row >= limits::MAX_ROWS {
            return Err(self.too_large(r, c, format!("{} dòng", limits::MAX_ROWS)));
        }
        if col >= limits::MAX_COLUMNS {
            return Err(self.too_large(r, c, format!("{} cột", limits::MAX_COLUMNS)));
        }
        let text = match &value {
            Value::Text(s) => s.len(),
            _ => 0,
        };
        if let Err(limit) = self.budget.cell(text) {
            return Err(self.too_large(r, c, limit));
        }
        self.place(r, c, value)
    }

    /// Puts `value` at `r`, `c`, lengthening the row as needed; the row's new room is
    /// charged as it is allocated.
    fn place(&mut self, r: usize, c: usize, value: Value) -> Result<()> {
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            let before = row.capacity();
            row.resize(c + 1, Value::Empty);
            let grown = row.capacity() - before;
            if let Err(limit) = self.budget.dense(grown) {
                return Err(self.too_large(r, c, limit));
            }
        }
        self.rows[r][c] = value;
        Ok(())
    }

    /// Spreads each merged range's value to every cell it covers, within the rows and
    /// columns the sheet uses. Every covered cell is charged, filled or not, so that a
    /// range over the whole sheet, or the same range listed a million times, ends at the
    /// budget instead of cloning a text millions of times.
    fn spread(&mut self, merges: &[Dimensions]) -> Result<()> {
        let height = self.rows.len();
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        for m in merges {
            let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
            let text = match self.rows.get(r0).and_then(|r| r.get(c0)) {
                Some(Value::Text(s)) => s.len(),
                Some(Value::Number(_)) => 0,
                _ => continue,
            };
            let r1 = (m.end.0 as usize).min(height.saturating_sub(1));
            let c1 = (m.end.1 as usize).min(width.saturating_sub(1));
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) == (r0, c0) {
                        continue;
                    }
                    let filled = !self.rows[r].get(c).is_none_or(Value::is_empty);
                    if let Err(limit) = self.budget.cell(if filled { 0 } else { text }) {
                        return Err(self.too_large(r, c, limit));
                    }
                    if !filled {
                        let value = self.rows[r0][c0].clone();
                        self.place(r, c, value)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(self, name: &str) -> Grid {
        Grid::new(name, self.rows)
    }
}

/// A cell's value as the spreadsheet reader gives it, before cleaning: text is cleaned
/// (copied) only once it is known to fit.
enum Raw<'a> {
    Empty,
    Number(Decimal),
    Text(Cow<'a, str>),
}

fn raw_of(data: Data) -> Raw<'static> {
    match data {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Number(Decimal::from(i)),
        Data::Float(f) => float_raw(f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.into()),
        Data::Bool(b) => Raw::Text(if b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(d) => Raw::Text(date_text(&d).into()),
        Data::Error(e) => Raw::Text(format!("#{e:?}").into()),
    }
}

fn raw_of_ref<'a>(data: &'a DataRef<'_>) -> Raw<'a> {
    match data {
        DataRef::Empty => Raw::Empty,
        DataRef::Int(i) => Raw::Number(Decimal::from(*i)),
        DataRef::Float(f) => float_raw(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Raw::Text(s.as_str().into())
        }
        DataRef::SharedString(s) => Raw::Text((*s).into()),
        DataRef::Bool(b) => Raw::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        DataRef::DateTime(d) => Raw::Text(date_text(d).into()),
        DataRef::Error(e) => Raw::Text(format!("#{e:?}").into()),
    }
}

/// A cell formatted as a date, as a Vietnamese reader writes it ("30/10/2020", with the time
/// when it has one), not as Excel's serial number (44134): a date typed in the title block
/// then reads as the text beside it would. A duration keeps its number.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    match d.as_datetime().filter(|_| d.is_datetime()) {
        Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%d/%m/%Y").to_string(),
        Some(t) => t.format("%d/%m/%Y %H:%M").to_string(),
        None => d.to_string(),
    }
}

fn float_raw(f: f64) -> Raw<'static> {
    match float_value(f) {
        Value::Number(d) => Raw::Number(d),
        _ => Raw::Text(f.to_string().into()),
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

fn text_value(raw: Cow<'_, str>) -> Value {
    let s = match raw {
        Cow::Owned(s) => text::clean_owned(s),
        Cow::Borrowed(s) => text::clean(s),
    };
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s)
    }
}

// ----------------------------------------------------------------------------------------
// Delimited text.

fn read_delimited(
    path: &Path,
    bytes: &[u8],
    ext: &str,
    name: String,
    budget: &mut Budget,
) -> Result<Grid> {
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
    let mut sheet = SheetBuilder::new(Location::file(path), budget);
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Error::NotWorkbook {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, field) in record.iter().enumerate() {
            let c = u32::try_from(c).unwrap_or(u32::MAX);
            sheet.push(r, c, Raw::Text(field.into()))?;
        }
    }
    Ok(sheet.finish(&name))
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
    fn date_cells_read_as_a_reader_writes_them() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        sheet
            .write_datetime_with_format(0, 0, ExcelDateTime::from_ymd(2020, 10, 30).unwrap(), &date)
            .unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut book = read_bytes(Path::new("d.xlsx"), bytes, None).unwrap();
        let grid = book.next().unwrap().unwrap();
        assert_eq!(grid.get(0, 0), &Value::Text("30/10/2020".into()));
    }

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

    fn text(s: &str) -> Raw<'_> {
        Raw::Text(s.into())
    }

    fn merge(start: (u32, u32), end: (u32, u32)) -> Dimensions {
        Dimensions { start, end }
    }

    #[test]
    fn merged_ranges_spread_their_value() {
        let mut budget = Budget::new();
        let mut sheet = SheetBuilder::new(Location::default(), &mut budget);
        sheet.push(0, 0, text("Phòng Nội vụ")).unwrap();
        sheet.push(2, 1, text("x")).unwrap();
        sheet.spread(&[merge((0, 0), (2, 0))]).unwrap();
        let grid = sheet.finish("S");
        assert_eq!(grid.get(2, 0), &Value::Text("Phòng Nội vụ".into()));
        assert_eq!(grid.get(1, 0), &Value::Text("Phòng Nội vụ".into()));
        assert_eq!(grid.get(1, 1), &Value::Empty);
    }

    #[test]
    fn rows_end_at_their_last_cell() {
        let mut budget = Budget::new();
        let mut sheet = SheetBuilder::new(Location::default(), &mut budget);
        sheet.push(0, 0, text("a")).unwrap();
        sheet.push(3, 5, Raw::Number(Decimal::ONE)).unwrap();
        sheet.push(3, 1, text("  ")).unwrap();
        let grid = sheet.finish("S");
        assert_eq!((grid.height(), grid.width()), (4, 6));
        assert_eq!(grid.row(0).len(), 1);
        assert!(grid.row(1).is_empty() && grid.row(2).is_empty());
        assert_eq!(grid.row(3).len(), 6);
        assert!(grid.row(9).is_empty());
        assert_eq!(grid.get(3, 5), &Value::Number(Decimal::ONE));
        assert_eq!(grid.get(0, 5), &Value::Empty);
        assert_eq!(grid.get(99, 99), &Value::Empty);
    }

    #[test]
    fn a_far_cell_holds_one_row_not_a_rectangle() {
        let mut budget = Budget::new();
        let mut sheet = SheetBuilder::new(Location::default(), &mut budget);
        sheet
            .push(limits::MAX_ROWS - 1, limits::MAX_COLUMNS - 1, text("x"))
            .unwrap();
        let grid = sheet.finish("S");
        assert_eq!(grid.height(), limits::MAX_ROWS as usize);
        let held: usize = grid.rows().iter().map(Vec::len).sum();
        assert_eq!(held, limits::MAX_COLUMNS as usize);
    }

    #[test]
    fn grid_new_trims_trailing_empties() {
        let grid = Grid::new(
            "S",
            vec![
                vec![Value::Text("a".into()), Value::Empty],
                vec![Value::Empty],
                vec![],
            ],
        );
        assert_eq!((grid.height(), grid.width()), (1, 1));
    }

    #[test]
    fn a_cell_longer_than_any_is_refused_before_it_is_copied() {
        let mut budget = Budget::new();
        let mut sheet = SheetBuilder::new(Location::default(), &mut budget);
        let long = "x".repeat(limits::MAX_CELL_TEXT_BYTES + 1);
        let err = sheet.push(0, 0, text(&long)).unwrap_err();
        assert!(
            matches!(&err, Error::TooLarge { limit, .. } if *limit == limits::cell_text_limit()),
            "{err:?}"
        );
    }

    #[test]
    fn a_merge_over_the_whole_sheet_ends_at_the_budget() {
        let mut budget = Budget::new();
        let mut sheet = SheetBuilder::new(Location::default(), &mut budget);
        let long = "Phòng Nội vụ ".repeat(2500);
        sheet.push(0, 0, text(&long)).unwrap();
        sheet
            .push(limits::MAX_ROWS - 1, limits::MAX_COLUMNS - 1, text("x"))
            .unwrap();
        let last = (limits::MAX_ROWS - 1, limits::MAX_COLUMNS - 1);
        let err = sheet.spread(&[merge((0, 0), last)]).unwrap_err();
        let Error::TooLarge { loc, limit } = err else {
            panic!("{err:?}");
        };
        assert_eq!(limit, limits::text_limit());
        assert!(loc.row.is_some() && loc.col.is_some(), "{loc:?}");
    }

    #[test]
    fn the_same_merge_listed_many_times_ends_at_the_budget() {
        let mut budget = Budget::new();
        let mut sheet = SheetBuilder::new(Location::default(), &mut budget);
        sheet.push(0, 0, Raw::Number(Decimal::ONE)).unwrap();
        sheet.push(99, 99, Raw::Number(Decimal::ONE)).unwrap();
        let merges = vec![merge((0, 0), (99, 99)); 1000];
        let err = sheet.spread(&merges).unwrap_err();
        assert!(
            matches!(&err, Error::TooLarge { limit, .. } if *limit == limits::cells_limit()),
            "{err:?}"
        );
    }

    #[test]
    fn one_budget_spans_the_sheets_of_a_workbook() {
        let mut budget = Budget::new();
        let long = "x".repeat(limits::MAX_CELL_TEXT_BYTES);
        let cells = limits::MAX_TEXT_BYTES / limits::MAX_CELL_TEXT_BYTES;
        let mut first = SheetBuilder::new(Location::default().sheet("A"), &mut budget);
        for r in 0..cells - 1 {
            first.push(r as u32, 0, text(&long)).unwrap();
        }
        drop(first.finish("A"));
        let mut second = SheetBuilder::new(Location::default().sheet("B"), &mut budget);
        second.push(0, 0, text(&long)).unwrap();
        let err = second.push(4, 2, text(&long)).unwrap_err();
        let Error::TooLarge { loc, limit } = err else {
            panic!("{err:?}");
        };
        assert_eq!(limit, limits::text_limit());
        assert_eq!(
            (loc.sheet.as_deref(), loc.row, loc.col),
            (Some("B"), Some(5), Some(3))
        );
    }
}
