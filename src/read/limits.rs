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

/// The most entries a zip-based workbook may hold (a real .xlsx has about ten).
pub const MAX_ZIP_ENTRIES: usize = 1_000;

/// The largest one entry of a zip-based workbook may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// The most all entries together may inflate to.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 128 * 1024 * 1024;

/// The highest compression ratio accepted for an entry larger than
/// [`RATIO_CHECK_FROM_BYTES`]; spreadsheet XML compresses about 10:1, a zip bomb 1000:1.
pub const MAX_COMPRESSION_RATIO: u64 = 200;

/// Entries below this size are not ratio-checked (tiny parts compress oddly).
pub const RATIO_CHECK_FROM_BYTES: u64 = 1024 * 1024;

/// The most shared strings an .xlsx may declare (calamine reserves them all at open).
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
