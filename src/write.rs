//! Stage 5, write: an input's rendered documents into `OUT/NAME/`, atomically. The files are
//! written to a temporary folder inside OUT and moved into place only when all succeeded, so
//! a failure leaves the previous output intact and no partial files.

use crate::error::{Error, Result};
use crate::render::OutputFile;
use std::fs;
use std::path::{Path, PathBuf};

/// Writes `files` (paths relative to the input's folder) as `out/name/`, replacing what was
/// there. Returns the folder.
///
/// # Errors
/// [`Error::Io`] when a file or folder cannot be written or moved; the previous output is
/// then left as it was.
pub fn write_outputs(out: &Path, name: &str, files: &[OutputFile]) -> Result<PathBuf> {
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let target = out.join(name);
    let staging = out.join(format!(".{name}.tmp-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    let result = stage(&staging, files).and_then(|()| swap_into_place(&staging, &target));
    if result.is_err() {
        // Best effort: the staging folder holds nothing anyone asked for.
        let _ = fs::remove_dir_all(&staging);
    }
    result.map(|()| target)
}

fn stage(staging: &Path, files: &[OutputFile]) -> Result<()> {
    for file in files {
        let path = safe_join(staging, &file.path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

fn swap_into_place(staging: &Path, target: &Path) -> Result<()> {
    if target.exists() {
        let old = target.with_file_name(format!(
            ".{}.old-{}",
            target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            std::process::id()
        ));
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

    #[test]
    fn replaces_the_folder_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let file = |p: &str, b: &[u8]| OutputFile {
            path: PathBuf::from(p),
            bytes: b.to_vec(),
        };
        write_outputs(dir.path(), "a", &[file("x.txt", b"1"), file("sub/y.txt", b"2")]).unwrap();
        write_outputs(dir.path(), "a", &[file("x.txt", b"3")]).unwrap();
        assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"3");
        assert!(!dir.path().join("a/sub/y.txt").exists());
        assert!(write_outputs(dir.path(), "a", &[file("../z.txt", b"4")]).is_err());
        assert_eq!(fs::read(dir.path().join("a/x.txt")).unwrap(), b"3");
        assert!(!dir.path().join("z.txt").exists());
    }
}
