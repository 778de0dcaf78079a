//! Before anything is moved: can every file of the previous output be moved and removed?
//!
//! A file that Word or Excel holds open on Windows, or one made immutable or read-only, is
//! found here, before the new output is swapped in, so that the run stops with a message
//! naming that file and leaves everything as it was (issue 11), instead of failing half-way
//! through the replacement.
//!
//! The probes create and remove only names of their own, never one that already exists.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The first of `files` (paths under `root`), or of their folders, that could not be moved
/// or removed, with the operating system's reason.
pub fn first_stuck(root: &Path, files: &[PathBuf]) -> Option<(PathBuf, io::Error)> {
    let mut folders: Vec<PathBuf> = vec![root.to_path_buf()];
    for file in files {
        if let Some(parent) = root.join(file).parent()
            && !folders.iter().any(|f| f == parent)
        {
            folders.push(parent.to_path_buf());
        }
    }
    for folder in &folders {
        if let Err(e) = folder_writable(folder) {
            return Some((folder.clone(), e));
        }
    }
    files.iter().find_map(|file| {
        let path = root.join(file);
        file_movable(&path).err().map(|e| (path, e))
    })
}

/// Runs `make` on fresh names in `dir` until one is free (`make` fails with
/// `AlreadyExists` on a taken name), and returns the name it made.
fn make_fresh(dir: &Path, make: impl Fn(&Path) -> io::Result<()>) -> io::Result<PathBuf> {
    for n in 0..100 {
        let path = dir.join(format!(".cchc-probe-{}-{n}", std::process::id()));
        match make(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
}

fn create_new(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
}

/// A file can be created and removed in `folder`: its entries can be renamed and unlinked.
fn folder_writable(folder: &Path) -> io::Result<()> {
    let probe = make_fresh(folder, create_new)?;
    fs::remove_file(probe)
}

/// On Linux and macOS a file that cannot be unlinked (immutable, append-only) cannot be
/// hard-linked either, and a link changes nothing a person sees: the probe link is made and
/// removed at once. Where the filesystem has no hard links (FAT, some network shares),
/// nothing more can be learned without touching the file, and the folder check stands.
#[cfg(unix)]
fn file_movable(path: &Path) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    match make_fresh(dir, |probe| fs::hard_link(path, probe)) {
        Ok(probe) => fs::remove_file(probe),
        Err(e) if links_supported(dir) => Err(e),
        Err(_) => Ok(()),
    }
}

#[cfg(unix)]
fn links_supported(dir: &Path) -> bool {
    let Ok(a) = make_fresh(dir, create_new) else {
        return false;
    };
    let linked = make_fresh(dir, |b| fs::hard_link(&a, b));
    if let Ok(b) = &linked {
        let _ = fs::remove_file(b);
    }
    let _ = fs::remove_file(&a);
    linked.is_ok()
}

/// On Windows a file open in Word or Excel cannot be opened without sharing, and a
/// read-only file cannot be opened for writing: either would stop the folder's rename.
#[cfg(windows)]
fn file_movable(path: &Path) -> io::Result<()> {
    use std::os::windows::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(0)
        .open(path)
        .map(drop)
}

#[cfg(not(any(unix, windows)))]
fn file_movable(_path: &Path) -> io::Result<()> {
    Ok(())
}
