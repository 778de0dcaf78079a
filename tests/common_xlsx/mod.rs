//! Shared by the Excel annex tests: generating the annex from an input through the library.

#![allow(dead_code)]

use cchc::generate::{Options, generate};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The sample with the seed's annex layout.
pub const SAMPLE: &str = "input/tuan-giao-2019.xlsx";

/// Runs `generate` on `input` with the sample's config into a fresh folder; returns the
/// folder (kept alive by the caller) and the annex's path.
pub fn generate_annex(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let options = options(PathBuf::from("input/cchc.toml"), out.path().to_path_buf());
    let generated = generate(input, &options).expect("generate").output;
    let annex = generated.folder.join("phu-luc.xlsx");
    assert!(annex.is_file(), "{} missing", annex.display());
    (out, annex)
}

/// Options with `config`, writing into `out`, on 2 November 2020 with the default templates.
pub fn options(config: PathBuf, out: PathBuf) -> Options {
    Options {
        config: Some(config),
        out,
        sheet: None,
        today: NaiveDate::from_ymd_opt(2020, 11, 2).expect("a date"),
        templates: None,
        pdf: false,
        stamp: "2020-11-02-000000".into(),
        previous: None,
        caches: Default::default(),
        force: false,
        wait: std::time::Duration::from_secs(60),
    }
}
