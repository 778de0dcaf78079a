//! Stage 5, write: an input's rendered documents into `OUT/NAME/`, atomically and without
//! losing anything a person put there (issue 5).
//!
//! - The files are written to a temporary folder inside OUT and moved into place only when
//!   all succeeded: a failure, or a kill in the middle, leaves the previous output intact and
//!   no partial files in it.
//! - Each folder has a manifest: every file with its SHA-256, and the key (hashes of the
//!   input, the config, the templates and the options) it was made from. A file whose content
//!   no longer matches the manifest (a person added the signer's name) or that the manifest
//!   does not list (a signed scan) is moved to `ban-cu/<date-time>/` in the new folder.
//! - When the key is unchanged, nothing is rewritten.

use crate::error::{Error, Result};
use crate::render::OutputFile;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

/// The manifest's file name in each output folder.
pub const MANIFEST: &str = "manifest.json";

/// The folder of kept files (bản cũ) in each output folder.
pub const BACKUP_DIR: &str = "ban-cu";

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
    /// What the folder was made from.
    pub key: Key,
    /// Every file written, in order.
    pub files: Vec<ManifestFile>,
}

/// What [`write_outputs`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The output folder.
    pub folder: PathBuf,
    /// The files written, relative to the folder (the manifest not included).
    pub files: Vec<PathBuf>,
    /// Files of the previous output kept under `ban-cu/<stamp>/`, relative to the folder.
    pub kept: Vec<PathBuf>,
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    text
}

/// SHA-256 of `bytes`, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The folder `out/name` when its manifest has `key` and every file it lists is there: the
/// output is up to date and nothing needs writing.
pub fn unchanged(out: &Path, name: &str, key: &Key) -> Option<PathBuf> {
    let folder = out.join(name);
    let manifest = read_manifest(&folder)?;
    (manifest.key == *key
        && manifest
            .files
            .iter()
            .all(|f| folder.join(&f.path).is_file()))
    .then_some(folder)
}

fn read_manifest(folder: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(folder.join(MANIFEST)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Writes `files` (paths relative to the input's folder) as `out/name/`, replacing what was
/// there. `finish` runs on the staging folder before anything is moved (PDF conversion) and
/// returns the files it added. Files of the previous output that a person changed or added
/// are moved to `ban-cu/<stamp>/`; earlier `ban-cu/` folders are carried over. What a killed
/// run left must have been cleared with [`recover`] first (`generate` does, before it looks
/// at the manifest).
///
/// # Errors
/// [`Error::Io`] when a file or folder cannot be written or moved; whatever `finish`
/// returns. The previous output is then left as it was.
pub fn write_outputs(
    out: &Path,
    name: &str,
    files: &[OutputFile],
    key: &Key,
    stamp: &str,
    finish: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
) -> Result<Written> {
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let target = out.join(name);
    let staging = staging_folder(out, name);
    let result = (|| {
        let mut written = stage(&staging, files)?;
        let added = finish(&staging)?;
        write_manifest(&staging, key, files, &added)?;
        written.extend(added);
        let kept = keep_previous(&target, &staging, stamp)?;
        swap_into_place(&staging, &target)?;
        Ok(Written {
            folder: target.clone(),
            files: written,
            kept,
        })
    })();
    if result.is_err() {
        // Best effort: the staging folder holds nothing anyone asked for.
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Clears what a killed run left for this name: a previous output moved aside but not yet
/// replaced (killed between the two renames of the swap) is put back, and hidden staging and
/// old folders are removed. Called before anything else looks at `out/name`, whether or not
/// the input then needs writing.
pub fn recover(out: &Path, name: &str) {
    // Fixed names, so this is two lookups rather than a listing of OUT for every input,
    // which made a batch quadratic in its size (issue 7).
    let target = out.join(name);
    let old = old_folder(out, name);
    if old.exists() && (target.exists() || fs::rename(&old, &target).is_err()) {
        let _ = fs::remove_dir_all(&old);
    }
    let staging = staging_folder(out, name);
    if staging.exists() {
        let _ = fs::remove_dir_all(&staging);
    }
}

/// Where the new output of `name` is built before it is swapped in.
fn staging_folder(out: &Path, name: &str) -> PathBuf {
    out.join(format!(".{name}.tmp"))
}

/// Where the previous output of `name` waits during the swap.
fn old_folder(out: &Path, name: &str) -> PathBuf {
    out.join(format!(".{name}.old"))
}

fn stage(staging: &Path, files: &[OutputFile]) -> Result<Vec<PathBuf>> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))?;
    }
    // Each folder made once: `create_dir_all` for every file cost a failing `mkdir` each.
    let mut made: Vec<&Path> = Vec::new();
    for file in files {
        let path = safe_join(staging, &file.path)?;
        let folder = file.path.parent().unwrap_or(Path::new(""));
        if !made.contains(&folder) {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            made.push(folder);
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))?;
    }
    Ok(files.iter().map(|f| f.path.clone()).collect())
}

/// The manifest of `files` (hashed from memory) and of the files `finish` added (read back).
fn write_manifest(
    staging: &Path,
    key: &Key,
    files: &[OutputFile],
    added: &[PathBuf],
) -> Result<()> {
    let mut entries: Vec<ManifestFile> = files
        .iter()
        .map(|f| ManifestFile {
            path: slash_path(&f.path),
            sha256: sha256(&f.bytes),
        })
        .collect();
    for file in added {
        let path = staging.join(file);
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        entries.push(ManifestFile {
            path: slash_path(file),
            sha256: sha256(&bytes),
        });
    }
    let manifest = Manifest {
        key: key.clone(),
        files: entries,
    };
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    let path = staging.join(MANIFEST);
    fs::write(&path, text + "\n").map_err(|e| Error::io(&path, e))
}

/// Moves into `staging/ban-cu/<stamp>/` every file of the previous output that its manifest
/// does not vouch for, and carries `ban-cu/` over. Returns the files kept this time.
fn keep_previous(target: &Path, staging: &Path, stamp: &str) -> Result<Vec<PathBuf>> {
    if !target.is_dir() {
        return Ok(Vec::new());
    }
    let manifest = read_manifest(target);
    let old_backups = target.join(BACKUP_DIR);
    if old_backups.is_dir() {
        let dest = staging.join(BACKUP_DIR);
        fs::rename(&old_backups, &dest).map_err(|e| Error::io(&old_backups, e))?;
    }
    let mut kept = Vec::new();
    for relative in files_under(target, Path::new(""))? {
        if relative == Path::new(MANIFEST) {
            continue;
        }
        let path = target.join(&relative);
        let generated = manifest.as_ref().is_some_and(|m| {
            let wanted = slash_path(&relative);
            m.files.iter().any(|f| {
                f.path == wanted && fs::read(&path).is_ok_and(|bytes| sha256(&bytes) == f.sha256)
            })
        });
        if generated {
            continue;
        }
        let dest = staging.join(BACKUP_DIR).join(stamp).join(&relative);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::rename(&path, &dest).map_err(|e| Error::io(&path, e))?;
        kept.push(Path::new(BACKUP_DIR).join(stamp).join(relative));
    }
    Ok(kept)
}

/// Every file (not folder, not followed link) under `root/relative`, relative to `root`,
/// sorted.
fn files_under(root: &Path, relative: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join(relative);
    let mut found = Vec::new();
    let entries = fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    for entry in entries.flatten() {
        let rel = relative.join(entry.file_name());
        match entry.file_type() {
            Ok(t) if t.is_dir() => found.extend(files_under(root, &rel)?),
            Ok(_) => found.push(rel),
            Err(_) => {}
        }
    }
    found.sort();
    Ok(found)
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn swap_into_place(staging: &Path, target: &Path) -> Result<()> {
    if target.exists() {
        let (out, name) = (
            target.parent().unwrap_or(Path::new(".")),
            target
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
        );
        let old = old_folder(out, &name);
        fs::rename(target, &old).map_err(|e| Error::io(target, e))?;
        if let Err(e) = fs::rename(staging, target) {
            // Put the previous output back before reporting.
            let _ = fs::rename(&old, target);
            return Err(Error::io(target, e));
        }
        fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    } else {
        fs::rename(staging, target).map_err(|e| Error::io(target, e))?;
    }
    Ok(())
}

/// Writes one file atomically: a temporary file beside it, then a rename.
///
/// # Errors
/// [`Error::Io`] when the file cannot be written; an existing file is then left as it was.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&temp, bytes).map_err(|e| Error::io(&temp, e))?;
    fs::rename(&temp, path).map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::io(path, e)
    })
}

/// Joins a relative output path under `base`, refusing anything that would leave it.
fn safe_join(base: &Path, relative: &Path) -> Result<PathBuf> {
    use std::path::Component;
    if relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        Ok(base.join(relative))
    } else {
        Err(Error::Render {
            document: relative.display().to_string(),
            detail: "đường dẫn ra ngoài thư mục kết quả".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str, b: &[u8]) -> OutputFile {
        OutputFile {
            path: PathBuf::from(p),
            bytes: b.to_vec(),
        }
    }

    fn key(input: &str) -> Key {
        Key {
            input: input.into(),
            config: String::new(),
            templates: String::new(),
            options: String::new(),
        }
    }

    fn write(dir: &Path, files: &[OutputFile], k: &Key, stamp: &str) -> Result<Written> {
        write_outputs(dir, "a", files, k, stamp, |_| Ok(Vec::new()))
    }

    #[test]
    fn replaces_the_folder_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[file("x.txt", b"1"), file("sub/y.txt", b"2")],
            &key("1"),
            "t1",
        )
        .unwrap();
        let w = write(dir.path(), &[file("x.txt", b"3")], &key("2"), "t2").unwrap();
        assert!(
            w.kept.is_empty(),
            "generated files are not kept: {:?}",
            w.kept
        );
        assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"3");
        assert!(!dir.path().join("a/sub/y.txt").exists());
        assert!(write(dir.path(), &[file("../z.txt", b"4")], &key("3"), "t3").is_err());
        assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"3");
        assert!(!dir.path().join("z.txt").exists());
    }

    #[test]
    fn edited_and_added_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[file("x.txt", b"1"), file("y.txt", b"2")],
            &key("1"),
            "t1",
        )
        .unwrap();
        fs::write(dir.path().join("a/x.txt"), b"1 + signer").unwrap();
        fs::write(dir.path().join("a/scan.pdf"), b"signed").unwrap();
        let w = write(
            dir.path(),
            &[file("x.txt", b"9"), file("y.txt", b"2")],
            &key("2"),
            "t2",
        )
        .unwrap();
        assert_eq!(
            w.kept,
            [
                PathBuf::from("ban-cu/t2/scan.pdf"),
                PathBuf::from("ban-cu/t2/x.txt")
            ]
        );
        assert_eq!(
            fs::read(dir.path().join("a/ban-cu/t2/x.txt")).unwrap(),
            b"1 + signer"
        );
        assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"9");
        // A later run carries the earlier backups over.
        write(dir.path(), &[file("x.txt", b"10")], &key("3"), "t3").unwrap();
        assert_eq!(
            fs::read(dir.path().join("a/ban-cu/t2/scan.pdf")).unwrap(),
            b"signed"
        );
        assert!(unchanged(dir.path(), "a", &key("3")).is_some());
        // Killed between the two renames of a swap: the previous output comes back.
        fs::rename(dir.path().join("a"), dir.path().join(".a.old")).unwrap();
        fs::create_dir(dir.path().join(".a.tmp")).unwrap();
        recover(dir.path(), "a");
        assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"10");
        assert!(!dir.path().join(".a.tmp").exists());
        assert!(unchanged(dir.path(), "a", &key("4")).is_none());
    }
}
