//! Stage 4, render: an [`Analysis`] to bytes or text. Renderers never touch the disk or the
//! clock: the CLI passes "today" in, and [`write`](crate::write) puts the bytes on disk.

pub mod docx;
pub mod figures;
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

/// Written in the unit column of a criterion that names no unit, in both annexes.
pub const UNASSIGNED: &str = "Chưa giao đơn vị";

/// "1.4.2. Có sáng kiến…": a criterion's code and name in one cell, as in the seed's annex.
pub fn criterion_text(row: &crate::model::Row) -> String {
    if row.title.is_empty() {
        format!("{}.", row.code)
    } else {
        format!("{}. {}", row.code, row.title)
    }
}

/// The annexes' unit cell: the lead unit first, then the co-operating ones, one a line.
pub fn units_text(units: &[String]) -> String {
    match units {
        [] => String::new(),
        [only] => only.clone(),
        [lead, others @ ..] => {
            let mut lines = vec![format!("{lead} (chủ trì)")];
            lines.extend(others.iter().map(|u| format!("{u} (phối hợp)")));
            lines.join("\n")
        }
    }
}

/// Renders every document of one input.
///
/// # Errors
/// [`crate::Error::Render`] when a document cannot be built; [`crate::Error::Template`]
/// when a wording template fails.
///
/// # Examples
///
/// ```
/// use cchc::render::{RenderContext, meta::Meta, templates::Templates};
/// use cchc::Config;
/// use std::path::Path;
///
/// let config = Config::load(Path::new("input/cchc.toml"))?;
/// let analysis = cchc::load(Path::new("input/tuan-giao-2019.xlsx"), None, &config)?.output;
/// // "Today" comes from the caller: the renderer never reads the clock.
/// let today = chrono::NaiveDate::from_ymd_opt(2020, 10, 30).unwrap();
/// let meta = Meta::resolve(&analysis, &config, today);
/// let templates = Templates::defaults()?;
/// let ctx = RenderContext {
///     analysis: &analysis,
///     meta: &meta,
///     config: &config,
///     templates: &templates,
///     previous: None,
/// };
/// let files = cchc::render::render_documents(&ctx)?;
/// // The annex, the cover letter and one letter to each of the six units.
/// assert_eq!(files.len(), 8);
/// assert_eq!(files[0].path, Path::new("phu-luc.xlsx"));
/// # Ok::<(), cchc::Error>(())
/// ```
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
