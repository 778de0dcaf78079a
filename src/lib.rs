//! cchc turns the results of a PAR Index appraisal (Chỉ số cải cách hành chính) into the
//! papers an office must issue.
//!
//! The pipeline, one module per stage, each a verb over the previous stage's type:
//! 1. [`read`](read::read): bytes to [`Grid`](read::Grid)s of clean cells, one sheet at a
//!    time, bounded over the whole workbook;
//! 2. [`parse`](parse::parse): grids to an [`Appraisal`](model::Appraisal);
//! 3. [`analyze`](analyze::analyze): the appraisal to an [`Analysis`](analyze::Analysis)
//!    (losses, units, areas, totals, warnings);
//! 4. [`render`]: the analysis to text or bytes, with no disk I/O;
//! 5. [`write`](write::write_outputs): the bytes into the output folder, atomically; with
//!    `--pdf`, [`pdf`] converts the documents with LibreOffice.
//!
//! [`load`] runs stages 1–3 for one input file; [`generate::generate`] runs them all.

#![warn(missing_docs)]

pub mod analyze;
pub mod batch;
pub mod config;
pub mod error;
pub mod generate;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod read;
pub mod render;
pub mod synthetic;
pub mod text;
pub mod write;

pub use analyze::{Analysis, analyze};
pub use config::Config;
pub use error::{Error, Location, Result};
pub use model::{Warned, Warning};

use std::path::Path;

/// Reads, parses and analyzes one input spreadsheet; `sheet` picks a sheet by name.
///
/// # Errors
/// Any error of [`read::read`] or [`parse::parse`].
pub fn load(path: &Path, sheet: Option<&str>, config: &Config) -> Result<Warned<Analysis>> {
    load_bytes(path, read::read_file(path)?, sheet, config)
}

/// As [`load`], for an input already in memory; `path` names it and gives its format.
///
/// # Errors
/// Any error of [`read::read_bytes`] or [`parse::parse`].
pub fn load_bytes(
    path: &Path,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    config: &Config,
) -> Result<Warned<Analysis>> {
    // Sheets are read as parse asks for them: reading stops at the table's sheet.
    let book = read::read_bytes(path, bytes, sheet)?;
    let parsed = parse::parse(book, path, config)?;
    let analyzed = analyze(parsed.output, config);
    let mut warnings = parsed.warnings;
    warnings.extend(analyzed.warnings);
    Ok(Warned {
        output: analyzed.output,
        warnings,
    })
}
