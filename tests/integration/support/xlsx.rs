//! Shared by the Excel annex tests: generating the annex from an input through the library.

#![allow(dead_code)]

use super::options;
use cchc::generate::generate;
use std::path::{Path, PathBuf};

/// The sample with the seed's annex layout.
pub const SAMPLE: &str = "input/tuan-giao-2019.xlsx";

/// Runs `generate` on `input` with the sample's config into a fresh folder; returns the
/// folder (kept alive by the caller) and the annex's path.
pub fn generate_annex(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let options = options(out.path(), Path::new("input/cchc.toml"), None);
    let generated = generate(input, &options).expect("generate").output;
    let annex = generated.folder.join("phu-luc.xlsx");
    assert!(annex.is_file(), "{} missing", annex.display());
    (out, annex)
}
