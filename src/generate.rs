//! The driver: one input through every stage, read → parse → analyze → render → write.

use crate::config::Config;
use crate::error::Result;
use crate::model::{Date, Warned};
use crate::render::{self, RenderContext, meta::Meta, templates::Templates};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What `generate` needs besides the input.
#[derive(Debug, Clone)]
pub struct Options {
    /// `--config FILE`; else `cchc.toml` beside the input, else `input/cchc.toml`.
    pub config: Option<PathBuf>,
    /// The output folder (`output/`).
    pub out: PathBuf,
    /// `--sheet NAME`.
    pub sheet: Option<String>,
    /// Today, for whatever the config and the input leave undated.
    pub today: Date,
    /// The wording templates, parsed once for the whole run.
    pub templates: Arc<Templates>,
    /// `--pdf`: convert each document to PDF with LibreOffice.
    pub pdf: bool,
}

/// What one input produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The input.
    pub input: PathBuf,
    /// Its output folder, `OUT/NAME/`.
    pub folder: PathBuf,
    /// The files written, relative to the folder.
    pub files: Vec<PathBuf>,
}

/// The configuration for `input`: the located file, or the defaults when there is none.
///
/// # Errors
/// [`crate::Error::Io`] or [`crate::Error::Config`] for a file that cannot be used.
pub fn config_for(explicit: Option<&Path>, input: &Path) -> Result<Config> {
    match Config::locate(explicit, input) {
        Some(path) => Config::load(&path),
        None => Ok(Config::default()),
    }
}

/// The output folder name of an input: its file name without the extension.
pub fn output_name(input: &Path) -> String {
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ket-qua".into())
}

/// Runs every stage for one input and writes its documents into `OUT/NAME/`; with `pdf`,
/// converts each document to PDF beside it.
///
/// # Errors
/// Any error of the stages; nothing is written then. [`crate::Error::Tool`] when `pdf` is
/// asked and LibreOffice is missing or fails (the documents are written by then).
pub fn generate(input: &Path, options: &Options) -> Result<Warned<Generated>> {
    let config = config_for(options.config.as_deref(), input)?;
    let analyzed = crate::load(input, options.sheet.as_deref(), &config)?;
    let meta = Meta::resolve(&analyzed.output, &config, options.today);
    let ctx = RenderContext {
        analysis: &analyzed.output,
        meta: &meta,
        config: &config,
        templates: &options.templates,
    };
    let files = render::render_documents(&ctx)?;
    let folder = crate::write::write_outputs(&options.out, &output_name(input), &files)?;
    let mut written: Vec<PathBuf> = files.into_iter().map(|f| f.path).collect();
    if options.pdf {
        let documents: Vec<PathBuf> = written
            .iter()
            .filter(|p| crate::pdf::convertible(p))
            .cloned()
            .collect();
        for document in documents {
            let pdf = crate::pdf::convert(&folder.join(&document))?;
            written.push(document.with_extension(pdf.extension().unwrap_or_default()));
        }
    }
    Ok(Warned {
        output: Generated {
            input: input.to_path_buf(),
            folder,
            files: written,
        },
        warnings: analyzed.warnings,
    })
}

/// The templates folder for a run: `explicit` (`--templates DIR`), else a `templates/`
/// folder beside the configuration file, when there is one.
pub fn templates_dir(explicit: Option<&Path>, config: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    config
        .and_then(Path::parent)
        .map(|dir| dir.join("templates"))
        .filter(|dir| dir.is_dir())
}
