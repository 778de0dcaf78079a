//! The clerk's workspace on disk: the inputs in `input/`, their documents in `output/NAME/`.
//! Names that come from a browser are checked here before they touch a path: an upload's
//! name is cleaned to a plain file name, an input is named only by a file that is in
//! `input/`, and a download only by a path its folder's manifest lists (issue 15).

use crate::error::{Error, Result};
use crate::generate::output_name;
use crate::read;
use crate::write::manifest::Manifest;
use std::path::{Path, PathBuf};

/// The workspace folder.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

/// An input and what has been made from it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    /// Its file name in `input/`.
    pub name: String,
    /// The documents of its output folder, as its manifest lists them; empty when none.
    pub documents: Vec<String>,
}

impl Workspace {
    /// The workspace at `root`, with `input/` and `output/` under it (created when missing).
    ///
    /// # Errors
    /// [`Error::Io`] when the folders cannot be created.
    pub fn open(root: &Path) -> Result<Workspace> {
        let w = Workspace {
            root: root.to_path_buf(),
        };
        for dir in [w.inputs(), w.outputs()] {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        Ok(w)
    }

    /// `input/`.
    pub fn inputs(&self) -> PathBuf {
        self.root.join("input")
    }

    /// `output/`.
    pub fn outputs(&self) -> PathBuf {
        self.root.join("output")
    }

    /// The spreadsheets in `input/`, by name, with their documents.
    pub fn list(&self) -> Vec<Listed> {
        let Ok(entries) = std::fs::read_dir(self.inputs()) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter(|e| read::is_spreadsheet(&e.path()))
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|name| Listed {
                documents: self.documents(&name),
                name,
            })
            .collect()
    }

    /// The input named `name`, when it is a spreadsheet in `input/`: never another path.
    pub fn input(&self, name: &str) -> Option<PathBuf> {
        let clean = plain_name(name)?;
        let path = self.inputs().join(clean);
        (clean == name && read::is_spreadsheet(&path) && path.is_file()).then_some(path)
    }

    /// The output folder of input `name`.
    pub fn folder(&self, name: &str) -> PathBuf {
        self.outputs().join(output_name(Path::new(name)))
    }

    /// The documents of input `name`'s folder, as its manifest lists them.
    pub fn documents(&self, name: &str) -> Vec<String> {
        Manifest::read(&self.folder(name))
            .map(|m| m.files.into_iter().map(|f| f.path).collect())
            .unwrap_or_default()
    }

    /// The file `path` of input `name`'s folder, when the manifest lists it.
    pub fn document(&self, name: &str, path: &str) -> Option<PathBuf> {
        self.input(name)?;
        self.documents(name)
            .iter()
            .any(|d| d == path)
            .then(|| self.folder(name).join(path))
            .filter(|p| p.is_file())
    }

    /// Saves an upload into `input/` under its cleaned name and returns that name. A file
    /// of the same name with other bytes (the previous round) is first moved to
    /// `input/vong-truoc/`, where `--previous` finds it; nothing is overwritten.
    ///
    /// # Errors
    /// [`Error::UnsupportedFormat`] for a name that is not a spreadsheet's; [`Error::Io`].
    pub fn save_upload(&self, name: &str, bytes: &[u8]) -> Result<String> {
        let clean = upload_name(name).ok_or_else(|| Error::UnsupportedFormat {
            path: PathBuf::from(name),
        })?;
        let path = self.inputs().join(&clean);
        if let Ok(old) = std::fs::read(&path) {
            if old == bytes {
                return Ok(clean);
            }
            let previous = self.inputs().join(PREVIOUS);
            std::fs::create_dir_all(&previous).map_err(|e| Error::io(&previous, e))?;
            let kept = free_name(&previous, &clean);
            std::fs::rename(&path, &kept).map_err(|e| Error::io(&path, e))?;
        }
        crate::write::write_file(&path, bytes)?;
        Ok(clean)
    }

    /// The previous round of input `name`, when an upload set one aside.
    pub fn previous(&self, name: &str) -> Option<PathBuf> {
        let path = self.inputs().join(PREVIOUS).join(plain_name(name)?);
        path.is_file().then_some(path)
    }
}

/// The folder of `input/` where an input replaced by a new upload is kept.
pub const PREVIOUS: &str = "vong-truoc";

/// `dir/name`, or `dir/stem (2).ext`, … when taken.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let path = Path::new(name);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("bang");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}).{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// The longest file name taken, in bytes (file systems allow 255).
const NAME_BYTES: usize = 200;

/// `name` when it is a plain file name: no folder, no `..`, nothing hidden.
fn plain_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty()
        && name.len() <= NAME_BYTES
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0', ':'])
        && !name.chars().any(char::is_control);
    ok.then_some(name)
}

/// The name an upload is saved under: its last path part, in NFC, characters a file name
/// cannot hold replaced, leading dots dropped; `None` when it is not a spreadsheet's.
pub fn upload_name(name: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .nfc()
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_string();
    // A long name keeps its end, where the extension is, within what a name may hold.
    let start = cleaned
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| cleaned.len() - i <= NAME_BYTES)
        .unwrap_or(cleaned.len());
    let cleaned = cleaned[start..].to_string();
    let path = Path::new(&cleaned);
    (plain_name(&cleaned).is_some() && read::is_spreadsheet(path)).then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_become_plain_file_names() {
        assert_eq!(
            upload_name("../../etc/bang.xlsx").as_deref(),
            Some("bang.xlsx")
        );
        assert_eq!(
            upload_name("C:\\Users\\A\\Kết quả.xlsx").as_deref(),
            Some("Kết quả.xlsx")
        );
        assert_eq!(upload_name("..bang.ods").as_deref(), Some("bang.ods"));
        assert_eq!(upload_name("a<b>.csv").as_deref(), Some("a_b_.csv"));
        assert_eq!(upload_name("bang.exe"), None);
        let long = format!("{}.xlsx", "ă".repeat(200));
        let kept = upload_name(&long).unwrap();
        assert!(kept.len() <= 200 && kept.ends_with("ă.xlsx"), "{kept}");
        assert_eq!(upload_name(".."), None);
        assert_eq!(upload_name(""), None);
    }

    #[test]
    fn inputs_and_documents_are_named_only_from_the_workspace() {
        let dir = std::env::temp_dir().join(format!("cchc-ws-{}", std::process::id()));
        let w = Workspace::open(&dir).unwrap();
        std::fs::write(w.inputs().join("a.csv"), "x").unwrap();
        std::fs::write(dir.join("secret.csv"), "x").unwrap();
        assert!(w.input("a.csv").is_some());
        for bad in [
            "../secret.csv",
            "/etc/passwd",
            "a.csv/..",
            ".a.csv",
            "b.csv",
        ] {
            assert!(w.input(bad).is_none(), "{bad}");
        }
        assert!(w.document("a.csv", "../../secret.csv").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
