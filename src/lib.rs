//! cchc turns the results of a PAR Index appraisal (Chỉ số cải cách hành chính) into the
//! papers an office must issue.
//!
//! The pipeline, one module per stage, each a verb over the previous stage's type:
//! 1. [`read`](read::read): bytes to [`Grid`](read::Grid)s of clean cells, one sheet at a
//!    time, bounded over the whole workbook;
//! 2. [`parse`](parse::parse): grids to an [`Appraisal`](model::Appraisal);
//! 3. [`analyze`](analyze::analyze): the appraisal to an [`Analysis`]
//!    (losses, units, areas, totals, warnings);
//! 4. [`render`]: the analysis to text or bytes, with no disk I/O;
//! 5. [`write`](write::Folder::replace): the bytes into the output folder, atomically; with
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
pub mod serve;
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
///
/// # Examples
///
/// ```
/// use cchc::Config;
/// use std::path::Path;
///
/// let config = Config::load(Path::new("input/cchc.toml"))?;
/// let analyzed = cchc::load(Path::new("input/tuan-giao-2019.xlsx"), None, &config)?;
/// let analysis = analyzed.output;
/// assert_eq!(analysis.criteria.len(), 47);
/// assert_eq!(analysis.totals.lost.to_string(), "20.581");
/// // Two criteria have no lead unit: each is a warning naming its row.
/// assert_eq!(analyzed.warnings.len(), 2);
/// # Ok::<(), cchc::Error>(())
/// ```
pub fn load(path: &Path, sheet: Option<&str>, config: &Config) -> Result<Warned<Analysis>> {
    load_bytes(path, read::read_file(path)?, sheet, config)
}

/// As [`load`], for an input already in memory; `path` names it and gives its format.
///
/// # Errors
/// Any error of [`read::read_bytes`] or [`parse::parse`].
///
/// # Examples
///
/// ```
/// use cchc::Config;
/// use std::path::Path;
///
/// let table = "Tiêu chí/tiêu chí thành phần\tĐiểm đạt/tối đa\tCơ quan chủ trì\n\
///              1.1. Ban hành kế hoạch CCHC\t0,5/1\tPhòng Nội vụ\n\
///              1.2. Báo cáo CCHC\t1/1\tPhòng Nội vụ\n";
/// let analyzed = cchc::load_bytes(
///     Path::new("bang.tsv"),
///     table.as_bytes().to_vec(),
///     None,
///     &Config::default(),
/// )?;
/// assert_eq!(analyzed.output.totals.lost.to_string(), "0.5");
/// assert_eq!(analyzed.output.units[0].name, "Phòng Nội vụ");
/// # Ok::<(), cchc::Error>(())
/// ```
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
