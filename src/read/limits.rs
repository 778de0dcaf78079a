//! The limits on what an input may hold, in one place, and the [`Budget`] that counts a
//! workbook's cells against them as its sheets are read.
//!
//! They keep the peak memory of reading ANY input under 100 MB: a file built to reach every
//! limit at once peaks at 57 MB (.xlsx), 54 MB (.ods) and 76 MB (.xls), measured per case in
//! `docs/performance.md`, "Memory per input". A real appraisal workbook is far below them: a
//! sheet has at most a few hundred rows of about fifteen columns and 300 bytes of text a row
//! (the seed has 270), a workbook about thirty such sheets, and reading stops at the first
//! sheet that holds the table. Such a workbook at its largest, read whole (30 sheets of 300
//! rows, tested in `tests/memory.rs`), takes at most 59 % of a limit (the text of an .xls,
//! 68 % of the .xls file size); one such sheet takes under a twentieth of every limit.
//!
//! Two kinds of limit: the coordinates a sheet may use (rows, columns), and what a whole
//! workbook may make the reader hold (cells, text, the dense areas the spreadsheet library
//! allocates). The second kind is counted over all sheets: forty sheets each just under a
//! per-sheet limit would otherwise hold forty times the memory.

/// The largest input file read, in bytes. The whole file stays in memory while it is read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// The largest legacy .xls read: the spreadsheet library holds three copies of it while it
/// opens one (the file, its sectors, the workbook stream) and two after. A real appraisal
/// .xls is well under 1 MB.
pub const MAX_XLS_BYTES: u64 = 8 * 1024 * 1024;

/// The highest row number a sheet may use.
pub const MAX_ROWS: u32 = 20_000;

/// The highest column number a sheet may use.
pub const MAX_COLUMNS: u32 = 256;

/// The most sheets searched in one workbook, and the most an .xls may declare (each sheet
/// an .xls declares is built at open, even twice under one name).
pub const MAX_SHEETS: usize = 256;

/// The most non-empty cells read from a whole workbook, cells that a merged range spreads
/// its value to included. Bounds the work of reading, and, for .xls and .ods, the cells the
/// spreadsheet library builds at open.
pub const MAX_CELLS: usize = 300_000;

/// The most cells, empty ones between filled ones included, held in rows over a whole
/// workbook: the row slots of [`Grid`](super::Grid)s (24 bytes each), and the dense
/// rectangles that the spreadsheet library builds for every sheet of an .xls or .ods at open
/// (a value and a formula per cell, 56 bytes).
pub const MAX_DENSE_CELLS: usize = 300_000;

/// The most bytes of cell text a whole workbook may hold: the text of the cells read, and,
/// for .xls and .ods, the text the spreadsheet library holds at open (an .xls cell clones
/// its shared string, an .ods cell its text once per repeat).
pub const MAX_TEXT_BYTES: usize = 12 * 1024 * 1024;

/// The longest text one cell may hold (Excel's own limit is 32,767 characters, under
/// 100 KB): the spreadsheet library holds a cell's text whole, three times over, while it
/// reads it.
pub const MAX_CELL_TEXT_BYTES: usize = 1024 * 1024;

/// The most merged ranges in a whole workbook (the spreadsheet library lists a sheet's
/// ranges in memory before they are spread).
pub const MAX_MERGES: usize = 100_000;

/// The most entries a zip-based workbook may hold (a real .xlsx has about ten).
pub const MAX_ZIP_ENTRIES: usize = 1_000;

/// The largest one entry of a zip-based workbook may inflate to: no more than the whole
/// file may be, so that a large picture still fits (a picture is never read; a sheet's part
/// is read as a stream, one cell at a time).
pub const MAX_ENTRY_BYTES: u64 = MAX_FILE_BYTES;

/// The most all entries together may inflate to (bounds the time spent inflating).
pub const MAX_UNCOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// The highest compression ratio accepted for an entry larger than
/// [`RATIO_CHECK_FROM_BYTES`]; spreadsheet XML compresses about 10:1, a zip bomb 1000:1.
pub const MAX_COMPRESSION_RATIO: u64 = 200;

/// Entries below this size are not ratio-checked (tiny parts compress oddly).
pub const RATIO_CHECK_FROM_BYTES: u64 = 1024 * 1024;

/// The most shared strings an .xlsx or .xls may hold or declare: the spreadsheet library
/// keeps them all, each with about 50 bytes of bookkeeping, and reserves the declared
/// count at open.
pub const MAX_SHARED_STRINGS: u64 = 200_000;

/// The most bytes of text an .xlsx's shared strings and defined names may hold, with
/// about 50 bytes of bookkeeping counted for each (all kept from open to the end).
pub const MAX_SHARED_STRING_BYTES: u64 = 8 * 1024 * 1024;

/// The most defined names (named ranges) a workbook may hold; the spreadsheet library
/// keeps each with its formula at open.
pub const MAX_DEFINED_NAMES: usize = 20_000;

/// The most bytes the cell formats of an .xlsx may take once built: the spreadsheet
/// library copies a format's number format, font, fill and border into every cell format
/// that uses it.
pub const MAX_STYLE_BYTES: usize = 8 * 1024 * 1024;

/// The largest relationship part (`.rels`) of an .xlsx; the spreadsheet library keeps the
/// workbook's in memory.
pub const MAX_RELS_BYTES: u64 = 1024 * 1024;

/// The longest target one relationship may name: the spreadsheet library copies it into
/// every sheet that refers to it.
pub const MAX_RELS_TARGET_BYTES: usize = 8 * 1024;

/// The longest text one .xls formula may expand to (Excel's own limit is 8,192
/// characters): the spreadsheet library writes every formula out as text at open.
pub const MAX_FORMULA_BYTES: usize = 64 * 1024;

/// The most spaces the formulas of an .xls may ask for; the spreadsheet library inserts
/// them one by one, at a cost that grows with the formula's length.
pub const MAX_FORMULA_SPACES: usize = 64 * 1024;

/// What the sheets of one workbook read so far hold, counted against [`MAX_CELLS`],
/// [`MAX_TEXT_BYTES`] and [`MAX_DENSE_CELLS`]. One budget serves all the sheets of a
/// workbook, so that many sheets each under a limit cannot add up past it.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    cells: usize,
    text: usize,
    dense: usize,
}

impl Budget {
    /// A budget with nothing spent.
    pub fn new() -> Self {
        Budget::default()
    }

    /// Counts one non-empty cell holding `text` bytes of text (0 for a number).
    ///
    /// # Errors
    /// The exceeded limit in words (Vietnamese), for [`crate::Error::TooLarge`].
    pub fn cell(&mut self, text: usize) -> Result<(), String> {
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(cells_limit());
        }
        self.text(text)
    }

    /// Counts `bytes` more bytes of cell text.
    ///
    /// # Errors
    /// As [`Budget::cell`].
    pub fn text(&mut self, bytes: usize) -> Result<(), String> {
        self.text = self.text.saturating_add(bytes);
        if self.text > MAX_TEXT_BYTES {
            return Err(text_limit());
        }
        Ok(())
    }

    /// Whether `bytes` more bytes of text would still fit: checked before a long text is
    /// copied, so that the copy that would be refused is never made.
    pub fn text_fits(&self, bytes: usize) -> bool {
        self.text.saturating_add(bytes) <= MAX_TEXT_BYTES
    }

    /// Counts `cells` more cells held in rows, empty or not.
    ///
    /// # Errors
    /// As [`Budget::cell`].
    pub fn dense(&mut self, cells: usize) -> Result<(), String> {
        self.dense = self.dense.saturating_add(cells);
        if self.dense > MAX_DENSE_CELLS {
            return Err(dense_limit());
        }
        Ok(())
    }
}

/// [`MAX_CELLS`] in words.
pub fn cells_limit() -> String {
    format!("{MAX_CELLS} ô có dữ liệu trong cả tệp")
}

/// [`MAX_TEXT_BYTES`] in words.
pub fn text_limit() -> String {
    format!(
        "{} MB chữ trong các ô của cả tệp",
        MAX_TEXT_BYTES / 1024 / 1024
    )
}

/// [`MAX_CELL_TEXT_BYTES`] in words.
pub fn cell_text_limit() -> String {
    format!("{} MB chữ trong một ô", MAX_CELL_TEXT_BYTES / 1024 / 1024)
}

/// [`MAX_DENSE_CELLS`] in words.
pub fn dense_limit() -> String {
    format!("{MAX_DENSE_CELLS} ô của vùng dữ liệu (tính cả ô trống xen giữa) trong cả tệp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_budget_adds_up_cells_text_and_rows() {
        let mut budget = Budget::new();
        for _ in 0..MAX_CELLS {
            budget.cell(0).unwrap();
        }
        assert_eq!(budget.cell(0), Err(cells_limit()));

        let mut budget = Budget::new();
        budget.cell(MAX_TEXT_BYTES - 1).unwrap();
        assert!(budget.text_fits(1));
        assert!(!budget.text_fits(2));
        assert_eq!(budget.text(2), Err(text_limit()));

        let mut budget = Budget::new();
        budget.dense(MAX_DENSE_CELLS).unwrap();
        assert_eq!(budget.dense(1), Err(dense_limit()));
    }
}
