//! The limits on what an input may hold, in one place. They are generous for real sheets (a
//! full appraisal sheet has a few hundred rows and about ten columns) and keep a hostile file
//! from taking the machine's memory.

/// The largest input file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The highest row number a sheet may use.
pub const MAX_ROWS: u32 = 20_000;

/// The highest column number a sheet may use.
pub const MAX_COLUMNS: u32 = 256;

/// The most non-empty cells read from one sheet.
pub const MAX_CELLS: usize = 1_000_000;

/// The most sheets searched in one workbook.
pub const MAX_SHEETS: usize = 256;
