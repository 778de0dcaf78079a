//! The driver: one input through every stage, read → parse → analyze → render → write.

use crate::config::{Config, ConfigCache};
use crate::error::{Error, Result};
use crate::model::Warned;
use crate::render::templates::{DEFAULTS, Override, Templates};
use crate::render::{self, RenderContext, meta::Meta};
use crate::write;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

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
    pub today: NaiveDate,
    /// `--templates DIR`: the wording templates for every input; else each input's come
    /// from a `templates/` folder beside its configuration, when there is one.
    pub templates: Option<PathBuf>,
    /// `--pdf`: convert each document to PDF with LibreOffice.
    pub pdf: bool,
    /// The run's date and time, naming the `ban-cu/` folder of kept files
    /// ("2026-11-29-2258").
    pub stamp: String,
    /// `--previous`: the previous round's spreadsheet, or a folder holding one per input
    /// under the same name, to compare with.
    pub previous: Option<PathBuf>,
    /// The configuration files and template folders read so far in this run, shared by
    /// every input.
    pub caches: Arc<Caches>,
    /// `--force`: replace an output folder made from another input of the same name stem.
    pub force: bool,
    /// `--wait`: how long to wait while another run writes the same output folder.
    pub wait: Duration,
    /// `--score-column`: the achieved-points column to read, over the config's
    /// `score_column`.
    pub score_column: Option<String>,
    /// `--accept-total`: write the documents even when the table's total row disagrees with
    /// its criteria (their figures are used, and the index is not stated from the row).
    pub accept_total: bool,
}

/// What a run reads once and every input shares.
#[derive(Debug, Default)]
pub struct Caches {
    /// The configuration files.
    pub configs: ConfigCache,
    /// The wording templates, by folder (`None`: the defaults).
    pub templates: TemplateCache,
    /// The LibreOffice profiles of `--pdf`, one per worker converting at the same time,
    /// removed when the run ends.
    pub pdf: crate::pdf::Converters,
}

/// The wording templates of each templates folder of a run, read and parsed once.
#[derive(Debug, Default)]
pub struct TemplateCache {
    sets: Mutex<HashMap<Option<PathBuf>, Arc<Templates>>>,
}

impl TemplateCache {
    /// The templates of `dir` (see [`load_templates`]), read on first use. A folder that
    /// fails is not kept, so each input reports it.
    ///
    /// # Errors
    /// As [`load_templates`].
    pub fn get(&self, dir: Option<&Path>) -> Result<Arc<Templates>> {
        let key = dir.map(Path::to_path_buf);
        let mut sets = self.sets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(set) = sets.get(&key) {
            return Ok(Arc::clone(set));
        }
        let set = Arc::new(load_templates(dir)?);
        sets.insert(key, Arc::clone(&set));
        Ok(set)
    }
}

/// The default templates, each replaced by a file of the same stem (`cong-van.txt` or
/// `cong-van.tera`) in `dir`, when given and present. The renderer reads no files: this is
/// where the texts come from the disk.
///
/// # Errors
/// [`Error::Io`] when an override cannot be read; [`Error::Template`] naming the file and
/// line when one does not parse.
pub fn load_templates(dir: Option<&Path>) -> Result<Templates> {
    let mut overrides = Vec::new();
    for (default, _) in DEFAULTS {
        let found = dir.and_then(|dir| {
            Templates::override_files(default)
                .into_iter()
                .map(|file| dir.join(file))
                .find(|path| path.is_file())
        });
        if let Some(path) = found {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let file = path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
            overrides.push(Override {
                default,
                file,
                text,
            });
        }
    }
    Templates::new(overrides)
}

/// What one input produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The input.
    pub input: PathBuf,
    /// Its output folder, `OUT/NAME/`.
    pub folder: PathBuf,
    /// The files written, relative to the folder; empty when unchanged.
    pub files: Vec<PathBuf>,
    /// Files of the previous output that a person changed or added, kept under `ban-cu/`.
    pub kept: Vec<PathBuf>,
    /// Whether input, config, templates and options were as last time, so nothing was
    /// written.
    pub unchanged: bool,
}

/// The configuration for `input`: the located file, or the defaults when there is none.
///
/// # Errors
/// [`crate::Error::Io`] or [`crate::Error::Config`] for a file that cannot be used.
pub fn config_for(explicit: Option<&Path>, input: &Path) -> Result<Config> {
    Config::load_for(explicit, input).map(|(config, _)| config)
}

/// The output folder name of an input: its file name without the extension.
pub fn output_name(input: &Path) -> String {
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ket-qua".into())
}

/// Runs every stage for one input and writes its documents into `OUT/NAME/` (see
/// [`write::Folder::replace`]); with `pdf`, converts each document to PDF beside it first.
/// When the output's manifest shows the same input, config, templates and options, nothing
/// is read or written.
///
/// # Errors
/// Any error of the stages; nothing is written then. [`crate::Error::Tool`] when `pdf` is
/// asked and LibreOffice is missing; [`crate::Error::Conversion`] when it fails on a
/// document, crashes or hangs (see [`crate::pdf::Converters`]).
///
/// # Examples
///
/// ```
/// use cchc::generate::{Options, generate};
/// use std::path::Path;
/// use std::time::Duration;
///
/// let out = tempfile::tempdir()?;
/// let options = Options {
///     config: Some("input/cchc.toml".into()),
///     out: out.path().to_path_buf(),
///     sheet: None,
///     // The clock is read by the caller, once.
///     today: chrono::NaiveDate::from_ymd_opt(2020, 10, 30).unwrap(),
///     templates: None,
///     pdf: false,
///     stamp: "2020-10-30-090000".into(),
///     previous: None,
///     caches: Default::default(),
///     force: false,
///     wait: Duration::from_secs(60),
///     score_column: None,
///     accept_total: false,
/// };
/// let done = generate(Path::new("input/tuan-giao-2019.xlsx"), &options)?;
/// assert_eq!(done.output.files.len(), 8);
/// assert!(out.path().join("tuan-giao-2019/cong-van.docx").is_file());
/// // Again with nothing changed: nothing is rewritten.
/// assert!(generate(Path::new("input/tuan-giao-2019.xlsx"), &options)?.output.unchanged);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn generate(input: &Path, options: &Options) -> Result<Warned<Generated>> {
    let (mut config, config_key) = options
        .caches
        .configs
        .load_for(options.config.as_deref(), input)?;
    if let Some(column) = &options.score_column {
        config.score_column = Some(column.clone());
    }
    let templates = options.caches.templates.get(
        templates_dir(
            options.templates.as_deref(),
            Config::locate(options.config.as_deref(), input).as_deref(),
        )
        .as_deref(),
    )?;
    let bytes = crate::read::read_file(input)?;
    let name = output_name(input);
    let previous = previous_for(options.previous.as_deref(), input);
    let previous_bytes = match &previous {
        Some(path) => Some(crate::read::read_file(path)?),
        None => None,
    };
    let key = write::Key {
        input: write::sha256(&bytes),
        config: config_key,
        templates: templates.fingerprint().to_string(),
        options: format!(
            "cchc {}; sheet {:?}; score column {:?}; accept total {}; pdf {}; year {}; previous {}",
            env!("CARGO_PKG_VERSION"),
            options.sheet,
            options.score_column,
            options.accept_total,
            options.pdf,
            options.today.year(),
            previous_bytes
                .as_deref()
                .map_or_else(String::new, write::sha256)
        ),
    };
    let source = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unchanged = |folder: PathBuf, kept: Vec<PathBuf>| Warned {
        output: Generated {
            input: input.to_path_buf(),
            folder,
            files: Vec::new(),
            kept,
            unchanged: true,
        },
        warnings: Vec::new(),
    };
    // Up to date, and nothing left by a killed run: nothing to lock or write.
    if write::unchanged_at_rest(&options.out, &name, &key, &source) {
        return Ok(unchanged(options.out.join(&name), Vec::new()));
    }
    // What a killed run left is put right first, so that the previous output is back in
    // its place even when this input turns out unreadable.
    let mut recovered = Vec::new();
    if write::has_leftovers(&options.out, &name) {
        let folder = write::Folder::lock(&options.out, &name, options.wait)?;
        recovered = folder.recover(&options.stamp)?;
    }
    let mut analyzed = crate::load_bytes(input, bytes, options.sheet.as_deref(), &config)?;
    // Never a letter with a figure that may be wrong (issue 13): a total row that disagrees
    // with the criteria stops the run unless the clerk accepts the criteria's figures.
    if let Some(r) = analyzed
        .output
        .reconciliation
        .as_ref()
        .filter(|r| !r.agrees)
        && !options.accept_total
    {
        return Err(crate::Error::TotalMismatch {
            loc: crate::Location::file(input)
                .sheet(&analyzed.output.appraisal.sheet)
                .row(r.declared.row),
            computed: analyzed.output.totals.lost,
            declared: r.declared_lost,
        });
    }
    let diff = match (&previous, previous_bytes) {
        (Some(path), Some(old_bytes)) => {
            let old = crate::load_bytes(path, old_bytes, options.sheet.as_deref(), &config)?;
            Some(crate::analyze::diff::diff(&old.output, &analyzed.output))
        }
        _ => None,
    };
    if options.previous.is_some() && previous.is_none() {
        analyzed.warnings.push(crate::model::Warning {
            row: None,
            code: None,
            message: "không tìm thấy kết quả vòng trước cùng tên; văn bản không có phần so sánh"
                .into(),
        });
    }
    let meta = Meta::resolve(&analyzed.output, &config, options.today);
    if config.file.is_none() {
        analyzed.warnings.push(crate::model::Warning {
            row: None,
            code: None,
            message: no_config_message(&meta.organ_short),
        });
    }
    let ctx = RenderContext {
        analysis: &analyzed.output,
        meta: &meta,
        config: &config,
        templates: &templates,
        previous: diff.as_ref(),
    };
    let files = render::render_documents(&ctx)?;
    // Everything that looks at or changes the folder from here happens under its lock
    // (issue 11); a bad input, refused above, wrote nothing.
    let folder = write::Folder::lock(&options.out, &name, options.wait)?;
    recovered.extend(folder.recover(&options.stamp)?);
    folder.check_source(&source, options.force)?;
    if folder.unchanged(&key, &source) {
        return Ok(unchanged(folder.path(), recovered));
    }
    let written = folder.replace(&files, &key, &source, &options.stamp, |staging| {
        if !options.pdf {
            return Ok(Vec::new());
        }
        let documents: Vec<PathBuf> = files
            .iter()
            .map(|f| f.path.clone())
            .filter(|p| crate::pdf::convertible(p))
            .collect();
        options
            .caches
            .pdf
            .convert(staging, &documents, &folder.path())
    })?;
    let mut warnings = analyzed.warnings;
    warnings.extend(
        written
            .warnings
            .into_iter()
            .map(|message| crate::model::Warning {
                row: None,
                code: None,
                message,
            }),
    );
    let mut kept = recovered;
    kept.extend(written.kept);
    Ok(Warned {
        output: Generated {
            input: input.to_path_buf(),
            folder: written.folder,
            files: written.files,
            kept,
            unchanged: false,
        },
        warnings,
    })
}

/// The one line a run without a configuration says (issue 13): what it assumed.
pub fn no_config_message(organ: &str) -> String {
    format!(
        "không tìm thấy tệp cấu hình cchc.toml: văn bản lập ở dạng dự thảo (để trống số và ngày), cơ quan ban hành lấy theo tiêu đề bảng là `{organ}`; `cchc init THƯ_MỤC` tạo một tệp cấu hình mẫu"
    )
}

/// The previous round's file for `input`: `previous` itself when it is a file, else the
/// spreadsheet in that folder with the input's file name, else with its stem.
fn previous_for(previous: Option<&Path>, input: &Path) -> Option<PathBuf> {
    let previous = previous?;
    if previous.is_file() {
        return Some(previous.to_path_buf());
    }
    let same_name = input
        .file_name()
        .map(|n| previous.join(n))
        .filter(|p| p.is_file());
    same_name.or_else(|| {
        let stem = input.file_stem()?;
        crate::read::EXTENSIONS
            .iter()
            .map(|ext| previous.join(stem).with_extension(ext))
            .find(|p| p.is_file())
    })
}

/// The templates folder for an input: `explicit` (`--templates DIR`), else a `templates/`
/// folder beside its configuration file, when there is one.
pub fn templates_dir(explicit: Option<&Path>, config: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    config
        .and_then(Path::parent)
        .map(|dir| dir.join("templates"))
        .filter(|dir| dir.is_dir())
}
