//! The manifest of an output folder (`manifest.json`): what the folder was made from, from
//! which input file, and every file written with its SHA-256, so that a later run can tell
//! the files it made from the files a person changed or added.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// The manifest's file name in each output folder.
pub const MANIFEST: &str = "manifest.json";

/// What an output folder was made from: equal keys make equal documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// SHA-256 of the input file.
    pub input: String,
    /// SHA-256 of the configuration text (with its per-input overrides).
    pub config: String,
    /// The templates' fingerprint.
    pub templates: String,
    /// The tool's version and the options that change the output.
    pub options: String,
}

/// One file of a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// The path inside the folder, with `/`.
    pub path: String,
    /// SHA-256 of its content.
    pub sha256: String,
}

/// The manifest of an output folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The input's file name ("tuan-giao-2019.xlsx"), so that `a.ods` does not silently
    /// replace the folder made from `a.xlsx` (issue 11). Manifests written before it was
    /// recorded have none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// What the folder was made from.
    pub key: Key,
    /// Every file written, in order.
    pub files: Vec<ManifestFile>,
}

impl Manifest {
    /// The manifest in `folder`, when there is a readable one.
    pub fn read(folder: &Path) -> Option<Manifest> {
        let text = fs::read_to_string(folder.join(MANIFEST)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Whether the manifest lists `path` (with `/`) with the content hash `sha256`.
    pub fn vouches_for(&self, path: &str, sha256: &str) -> bool {
        self.files
            .iter()
            .any(|f| f.path == path && f.sha256 == sha256)
    }

    /// The manifest as the file's text.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// SHA-256 of `bytes`, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}
