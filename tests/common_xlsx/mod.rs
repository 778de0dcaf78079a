//! Shared by the Excel annex tests: generating the annex from an input through the library.

use cchc::generate::{Options, generate};
use cchc::model::Date;
use std::path::{Path, PathBuf};

/// The sample with the seed's annex layout.
pub const SAMPLE: &str = "input/tuan-giao-2019.xlsx";

/// Runs `generate` on `input` with the sample's config into a fresh folder; returns the
/// folder (kept alive by the caller) and the annex's path.
pub fn generate_annex(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let options = Options {
        config: Some(PathBuf::from("input/cchc.toml")),
        out: out.path().to_path_buf(),
        sheet: None,
        today: Date::new(2020, 11, 2).expect("a date"),
        templates: std::sync::Arc::new(
            cchc::render::templates::Templates::defaults().expect("templates"),
        ),
        pdf: false,
        stamp: "2020-11-02-000000".into(),
        previous: None,
        configs: Default::default(),
    };
    let generated = generate(input, &options).expect("generate").output;
    let annex = generated.folder.join("phu-luc.xlsx");
    assert!(annex.is_file(), "{} missing", annex.display());
    (out, annex)
}
