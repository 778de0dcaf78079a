//! Stage 4, render: an [`Analysis`] to bytes or text. Renderers never touch the disk or the
//! clock: the CLI passes "today" in, and [`write`](crate::write) puts the bytes on disk.

pub mod docx;
pub mod json;
pub mod meta;
pub mod summary;
pub mod templates;
pub mod xlsx;

use crate::analyze::Analysis;
use crate::config::Config;
use crate::error::Result;
use meta::Meta;
use std::path::PathBuf;
use templates::Templates;

/// Everything a renderer needs for one input.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// The analysis.
    pub analysis: &'a Analysis,
    /// The documents' numbers, dates, organ and signer.
    pub meta: &'a Meta,
    /// The configuration.
    pub config: &'a Config,
    /// The wording templates, parsed once per run.
    pub templates: &'a Templates,
    /// The comparison with the previous round (`generate --previous`), when asked.
    pub previous: Option<&'a crate::analyze::diff::Diff>,
}

/// One rendered file, its path relative to the input's output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// "phu-luc.xlsx", "don-vi/phong-noi-vu.docx".
    pub path: PathBuf,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The deflate level of every file written, the Excel annex and the Word letters alike.
/// Level 1 (zlib-rs's quick strategy) deflates the sample's seven letters in about a quarter
/// of the default level 6's time, for files about a quarter larger (103 KB against 82 KB;
/// the annex 24 KB against 18 KB): the files are small either way, and at level 6 deflating
/// was the largest single cost of a run (`docs/performance.md`).
pub const DEFLATE_LEVEL: u8 = 1;

/// The file name of the Excel annex.
pub const ANNEX_XLSX: &str = "phu-luc.xlsx";

/// Renders every document of one input.
///
/// # Errors
/// [`crate::Error::Render`] when a document cannot be built; [`crate::Error::Template`]
/// when a wording template fails.
pub fn render_documents(ctx: &RenderContext<'_>) -> Result<Vec<OutputFile>> {
    let mut files = vec![
        OutputFile {
            path: PathBuf::from(ANNEX_XLSX),
            bytes: xlsx::annex(ctx)?,
        },
        OutputFile {
            path: PathBuf::from(docx::COVER_LETTER),
            bytes: docx::cover_letter(ctx)?,
        },
    ];
    files.extend(docx::unit_letters(ctx)?);
    Ok(files)
}
