//! Stage 5, write: an input's rendered documents into `OUT/NAME/`, replacing the previous
//! output without ever losing what a person put there (issues 5 and 11).
//!
//! One run at a time writes a folder: [`Folder::lock`] takes an advisory lock on
//! `OUT/.cchc/NAME.lock` for the whole run, waiting a bounded time for another run, and puts
//! right what a killed run left ([`Folder::recover`]). [`Folder::replace`] then goes step by
//! step; what a failure at each step leaves is in brackets:
//!
//! 1. **Probe**: every file and folder of the previous output can be moved and removed (a
//!    file Word holds open, an immutable or read-only one stops the run here, naming it)
//!    [nothing changed].
//! 2. **Stage**: the new documents, and their PDFs, are written into `OUT/.cchc/NAME.tmp/`
//!    [staging removed; nothing else changed].
//! 3. **Keep**: `ban-cu/` and every file of the previous output that a person changed or
//!    added are *copied* (hard-linked where the filesystem allows) into the staging folder,
//!    the latter under `ban-cu/<stamp>/`; the originals stay where they are [staging, which
//!    holds only new documents and copies, removed; nothing else changed]. Then the
//!    manifest is written.
//! 4. **Move old**: `OUT/NAME` → `OUT/.cchc/NAME.old` [staging removed; nothing changed].
//! 5. **Move new**: the staging folder → `OUT/NAME` [the old folder is moved back; if even
//!    that fails, it waits in `.cchc/` and the next run puts it back].
//! 6. **Remove old**: a file of the old folder is removed only when its manifest vouches for
//!    it (a document the tool made) or the new folder holds the same bytes; any other file
//!    (one saved there while the run went on) is moved into the new `ban-cu/<stamp>/`
//!    [the new output is complete; what is left of the old folder is cleared by the next
//!    run, the same way].
//!
//! So no failure path ever removes a folder that holds the only copy of something a person
//! made, and a kill at any moment leaves either the previous output or the new one, whole.
//! The manifest also records the input's file name, so that `a.ods` does not silently take
//! the folder made from `a.xlsx` ([`Folder::check_source`]).

pub mod manifest;
mod probe;
#[cfg(test)]
mod tests;

pub use manifest::{Key, MANIFEST, Manifest, ManifestFile, sha256};

use crate::error::{Error, Result};
use crate::render::OutputFile;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The folder of kept files (bản cũ) in each output folder.
pub const BACKUP_DIR: &str = "ban-cu";

/// The folder inside OUT that holds the locks and the folders of a replacement under way.
pub const WORK_DIR: &str = ".cchc";

/// What [`Folder::replace`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The output folder.
    pub folder: PathBuf,
    /// The files written, relative to the folder (the manifest not included).
    pub files: Vec<PathBuf>,
    /// Files of the previous output kept under `ban-cu/<stamp>/`, relative to the folder.
    pub kept: Vec<PathBuf>,
    /// What went wrong after the new output was in place (the old folder not fully
    /// removed), in Vietnamese.
    pub warnings: Vec<String>,
}

/// The points of a replacement where a test makes it fail (issue 11's fault injection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// After each new document is written into the staging folder.
    Stage,
    /// After each kept file is copied into the staging folder.
    Keep,
    /// Before the previous output is moved aside.
    MoveOld,
    /// Before the new output is moved into place.
    MoveNew,
    /// Before each file of the old folder is moved or removed.
    RemoveOld,
}

/// The fault hook of a run without faults.
fn no_fault(_: Step) -> io::Result<()> {
    Ok(())
}

/// An output folder `OUT/NAME/`, locked by this run until dropped.
#[derive(Debug)]
pub struct Folder {
    out: PathBuf,
    name: String,
    // Held for its lock: the operating system releases it when the file is closed, or when
    // the process dies, so a killed run never leaves the folder locked.
    _lock: fs::File,
}

impl Folder {
    /// Locks `out/name` for this run, waiting up to `wait` while another run (another
    /// process, or another clerk's request) writes it.
    ///
    /// # Errors
    /// [`Error::Busy`] when the other run has not finished within `wait`; [`Error::Io`] when
    /// the lock file cannot be made.
    pub fn lock(out: &Path, name: &str, wait: Duration) -> Result<Folder> {
        let dir = out.join(WORK_DIR);
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join(format!("{name}.lock"));
        // Never truncated nor removed: removing a lock file while another run waits on it
        // would let a third run lock a new file beside it.
        let file = fs::OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::Busy {
                        folder: out.join(name),
                        waited: wait.as_secs(),
                    });
                }
                // A filesystem without locks (some network shares) cannot be locked at all:
                // the run goes on as it did before locks existed.
                Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    break;
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        Ok(Folder {
            out: out.to_path_buf(),
            name: name.to_string(),
            _lock: file,
        })
    }

    /// The output folder, `OUT/NAME`.
    pub fn path(&self) -> PathBuf {
        self.out.join(&self.name)
    }

    /// Where the new output is built before it is moved into place.
    fn staging(&self) -> PathBuf {
        self.out.join(WORK_DIR).join(format!("{}.tmp", self.name))
    }

    /// Where the previous output waits while the new one is moved into place.
    fn old(&self) -> PathBuf {
        self.out.join(WORK_DIR).join(format!("{}.old", self.name))
    }

    /// Puts right what a killed run left for this folder, and returns the files it kept
    /// (relative to the folder). A previous output moved aside but not replaced is moved
    /// back; an old folder left beside a new one is cleared as step 6 of
    /// [`Folder::replace`] clears it; a staging folder is removed. Versions before issue 11
    /// kept these as `OUT/.NAME.old` and `OUT/.NAME.tmp`, and moved kept files into the
    /// latter: both are cleared the safe way too.
    ///
    /// # Errors
    /// [`Error::SetAside`] when the previous output cannot be moved back;
    /// [`Error::CannotReplace`] when a file of an old folder can be neither removed nor kept.
    pub fn recover(&self, stamp: &str) -> Result<Vec<PathBuf>> {
        let target = self.path();
        let mut kept = Vec::new();
        // A previous output moved aside, and the staging folders of the versions before
        // issue 11, which moved kept files into them: put back, or cleared the safe way.
        let legacy_old = self.out.join(format!(".{}.old", self.name));
        let legacy_staging = self.out.join(format!(".{}.tmp", self.name));
        for aside in [self.old(), legacy_old, legacy_staging] {
            if !exists(&aside) {
                continue;
            }
            if exists(&target) {
                kept.extend(self.retire(&aside, stamp, &mut no_fault)?);
            } else {
                fs::rename(&aside, &target).map_err(|source| Error::SetAside {
                    folder: target.clone(),
                    aside: aside.clone(),
                    source,
                })?;
            }
        }
        let staging = self.staging();
        if exists(&staging) {
            // Only new documents and copies of files that are still in place.
            fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        Ok(kept)
    }

    /// Refuses to replace a folder made from another input file of the same name stem
    /// (`a.xlsx`, then `a.ods`), unless `force`.
    ///
    /// # Errors
    /// [`Error::OtherSource`] naming both files.
    pub fn check_source(&self, source: &str, force: bool) -> Result<()> {
        match Manifest::read(&self.path()) {
            Some(m) if !force && !m.source.is_empty() && !same_name(&m.source, source) => {
                Err(Error::OtherSource {
                    folder: self.path(),
                    recorded: m.source,
                    input: source.to_string(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Whether the folder was made from `source` with `key` and every file its manifest
    /// lists is there: the output is up to date and nothing needs writing.
    pub fn unchanged(&self, key: &Key, source: &str) -> bool {
        up_to_date(&self.path(), key, source)
    }

    /// Writes `files` (paths relative to the folder) as the new content of the folder, made
    /// from the input file named `source` with `key`. `finish` runs on the staging folder
    /// before anything is moved (PDF conversion) and returns the files it added. Files of
    /// the previous output that a person changed or added are kept under
    /// `ban-cu/<stamp>/`; earlier `ban-cu/` folders are carried over. The steps, and what a
    /// failure at each leaves, are in the module documentation.
    ///
    /// # Errors
    /// [`Error::CannotReplace`] naming a file or folder of the previous output that cannot be
    /// moved (nothing has changed then); [`Error::Io`] when a new file cannot be written;
    /// whatever `finish` returns; [`Error::SetAside`] when the new output could not be moved
    /// in and the previous one not back.
    pub fn replace(
        &self,
        files: &[OutputFile],
        key: &Key,
        source: &str,
        stamp: &str,
        finish: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
    ) -> Result<Written> {
        self.replace_with(files, key, source, stamp, finish, &mut no_fault)
    }

    fn replace_with(
        &self,
        files: &[OutputFile],
        key: &Key,
        source: &str,
        stamp: &str,
        finish: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
        fault: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<Written> {
        let target = self.path();
        let staging = self.staging();
        // 1. Probe.
        let previous = Previous::scan(&target)?;
        if let Some(previous) = &previous
            && let Some((path, source)) = probe::first_stuck(&target, &previous.all)
        {
            return Err(Error::CannotReplace { path, source });
        }
        // 2, 3. Stage and keep.
        let built = (|| {
            let mut written = stage(&staging, files, fault)?;
            let added = finish(&staging)?;
            let kept = match &previous {
                Some(previous) => keep(previous, &target, &staging, stamp, fault)?,
                None => Vec::new(),
            };
            write_manifest(&staging, key, source, files, &added)?;
            written.extend(added);
            Ok((written, kept))
        })();
        let (written, mut kept) = match built {
            Ok(built) => built,
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        // 4, 5. Move old, move new.
        self.swap(&staging, previous.is_some(), fault)?;
        // 6. Remove old.
        let mut warnings = Vec::new();
        if previous.is_some() {
            let old = self.old();
            match self.retire(&old, stamp, fault) {
                Ok(salvaged) => kept.extend(salvaged),
                Err(e) => warnings.push(format!(
                    "văn bản mới đã ghi đầy đủ, nhưng thư mục tạm `{}` chưa dọn được ({e}); lần chạy sau sẽ dọn tiếp, không tệp nào bị mất",
                    old.display()
                )),
            }
        }
        Ok(Written {
            folder: target,
            files: written,
            kept,
            warnings,
        })
    }

    /// Steps 4 and 5: the previous output aside, the new one in place; on failure the
    /// previous output is put back and the staging folder removed.
    fn swap(
        &self,
        staging: &Path,
        had_previous: bool,
        fault: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<()> {
        let target = self.path();
        let old = self.old();
        if had_previous
            && let Err(source) = fault(Step::MoveOld).and_then(|()| fs::rename(&target, &old))
        {
            let _ = fs::remove_dir_all(staging);
            return Err(Error::CannotReplace {
                path: target,
                source,
            });
        }
        if let Err(source) = fault(Step::MoveNew).and_then(|()| fs::rename(staging, &target)) {
            if !had_previous {
                let _ = fs::remove_dir_all(staging);
                return Err(Error::io(&target, source));
            }
            return match fs::rename(&old, &target) {
                Ok(()) => {
                    let _ = fs::remove_dir_all(staging);
                    Err(Error::CannotReplace {
                        path: target,
                        source,
                    })
                }
                // Both left for `recover`: the previous output is whole in `old`.
                Err(_) => Err(Error::SetAside {
                    folder: target,
                    aside: old,
                    source,
                }),
            };
        }
        Ok(())
    }

    /// Step 6 (and [`Folder::recover`]): empties and removes `old`, a previous output that
    /// the folder replaced. A file is removed only when `old`'s manifest vouches for it or
    /// the folder holds the same bytes; any other file is moved into the folder's
    /// `ban-cu/<stamp>/`. Returns the files so kept, relative to the folder. Stops at the
    /// first failure, leaving the rest of `old` for the next run.
    fn retire(
        &self,
        old: &Path,
        stamp: &str,
        fault: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<Vec<PathBuf>> {
        let target = self.path();
        let stuck = |path: &Path, source: io::Error| Error::CannotReplace {
            path: path.to_path_buf(),
            source,
        };
        let manifest = Manifest::read(old);
        let mut held = HashSet::new();
        for rel in files_under(&target)? {
            if let Ok(print) = fingerprint(&target.join(rel)) {
                held.insert(print);
            }
        }
        let mut removable = Vec::new();
        let mut salvaged = Vec::new();
        for rel in files_under(old)? {
            let path = old.join(&rel);
            let print = fingerprint(&path).map_err(|e| stuck(&path, e))?;
            let vouched = rel == Path::new(MANIFEST)
                || manifest.as_ref().is_some_and(|m| match &print {
                    Print::File { sha256, .. } => m.vouches_for(&slash_path(&rel), sha256),
                    Print::Link(_) => false,
                })
                || held.contains(&print);
            if vouched {
                removable.push(path);
                continue;
            }
            let new = free_relative(&target, &Path::new(BACKUP_DIR).join(stamp).join(&rel));
            let dest = target.join(&new);
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            fault(Step::RemoveOld)
                .and_then(|()| fs::rename(&path, &dest))
                .map_err(|e| stuck(&path, e))?;
            salvaged.push(new);
        }
        for path in removable {
            fault(Step::RemoveOld)
                .and_then(|()| fs::remove_file(&path))
                .map_err(|e| stuck(&path, e))?;
        }
        // Folders deepest first, each only when empty: a file saved into one since the
        // listing keeps it.
        let mut folders = folders_under(old)?;
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in folders.iter().chain(std::iter::once(&old.to_path_buf())) {
            fs::remove_dir(folder).map_err(|e| stuck(folder, e))?;
        }
        Ok(salvaged)
    }
}

/// Whether a run is replacing `out/name`, or a killed one left it half-replaced (the
/// previous output may be waiting in `.cchc/`): then [`Folder::recover`] is due, under the
/// folder's lock. Only looks.
pub fn has_leftovers(out: &Path, name: &str) -> bool {
    let work = out.join(WORK_DIR);
    [
        work.join(format!("{name}.tmp")),
        work.join(format!("{name}.old")),
        out.join(format!(".{name}.tmp")),
        out.join(format!(".{name}.old")),
    ]
    .iter()
    .any(|p| exists(p))
}

/// Whether `out/name` is up to date (see [`Folder::unchanged`]) and nothing is left over
/// ([`has_leftovers`]): then it can be left alone without taking its lock. Only reads.
pub fn unchanged_at_rest(out: &Path, name: &str, key: &Key, source: &str) -> bool {
    !has_leftovers(out, name) && up_to_date(&out.join(name), key, source)
}

fn up_to_date(folder: &Path, key: &Key, source: &str) -> bool {
    Manifest::read(folder).is_some_and(|m| {
        m.key == *key
            // A manifest written before sources were recorded stands for any.
            && (m.source.is_empty() || same_name(&m.source, source))
            && m.files.iter().all(|f| folder.join(&f.path).is_file())
    })
}

/// The previous output, as found before a replacement.
struct Previous {
    /// Every file (the manifest too), relative to the folder.
    all: Vec<PathBuf>,
    /// Files under `ban-cu/`, carried over as they are.
    backups: Vec<PathBuf>,
    /// Files a person changed or added, kept under `ban-cu/<stamp>/`.
    kept: Vec<PathBuf>,
}

impl Previous {
    fn scan(target: &Path) -> Result<Option<Previous>> {
        let meta = match fs::symlink_metadata(target) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(target, e)),
        };
        if !meta.is_dir() {
            // Something a person made under the folder's name: never replaced.
            return Err(Error::CannotReplace {
                path: target.to_path_buf(),
                source: io::Error::from(io::ErrorKind::NotADirectory),
            });
        }
        let manifest = Manifest::read(target);
        let all = files_under(target)?;
        let mut backups = Vec::new();
        let mut kept = Vec::new();
        for rel in &all {
            if rel == Path::new(MANIFEST) {
                continue;
            }
            if rel.starts_with(BACKUP_DIR) {
                backups.push(rel.clone());
                continue;
            }
            let generated = manifest.as_ref().is_some_and(|m| {
                let wanted = slash_path(rel);
                m.files.iter().any(|f| {
                    f.path == wanted
                        && matches!(
                            fingerprint(&target.join(rel)),
                            Ok(Print::File { sha256, .. }) if sha256 == f.sha256
                        )
                })
            });
            if !generated {
                kept.push(rel.clone());
            }
        }
        Ok(Some(Previous { all, backups, kept }))
    }
}

/// Step 2: the new documents into a fresh staging folder.
fn stage(
    staging: &Path,
    files: &[OutputFile],
    fault: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<Vec<PathBuf>> {
    if exists(staging) {
        // Only a run holding this folder's lock writes here: what is left is from a run
        // that failed, and holds only its documents and copies.
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
        fault(Step::Stage).map_err(|e| Error::io(&path, e))?;
    }
    Ok(files.iter().map(|f| f.path.clone()).collect())
}

/// Step 3: copies of `ban-cu/` and of the kept files into the staging folder. Returns the
/// kept files' new paths, relative to the folder.
fn keep(
    previous: &Previous,
    target: &Path,
    staging: &Path,
    stamp: &str,
    fault: &mut dyn FnMut(Step) -> io::Result<()>,
) -> Result<Vec<PathBuf>> {
    for rel in &previous.backups {
        carry(&target.join(rel), &staging.join(rel))?;
        fault(Step::Keep).map_err(|e| Error::io(&staging.join(rel), e))?;
    }
    let mut kept = Vec::with_capacity(previous.kept.len());
    for rel in &previous.kept {
        let new = free_relative(staging, &Path::new(BACKUP_DIR).join(stamp).join(rel));
        carry(&target.join(rel), &staging.join(&new))?;
        fault(Step::Keep).map_err(|e| Error::io(&staging.join(&new), e))?;
        kept.push(new);
    }
    Ok(kept)
}

/// A copy of `from` at `to`: a hard link where the filesystem allows (no bytes copied, and
/// a signed scan is not stored twice), else a copy of the bytes; a symbolic link is made
/// again as a link.
fn carry(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    #[cfg(unix)]
    if fs::symlink_metadata(from).is_ok_and(|m| m.file_type().is_symlink()) {
        let link = fs::read_link(from).map_err(|e| Error::io(from, e))?;
        return std::os::unix::fs::symlink(link, to).map_err(|e| Error::io(to, e));
    }
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    fs::copy(from, to).map(drop).map_err(|e| Error::io(to, e))
}

/// The manifest of `files` (hashed from memory) and of the files `finish` added (read
/// back), written last: a staging folder without one was never finished.
fn write_manifest(
    staging: &Path,
    key: &Key,
    source: &str,
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
        source: source.to_string(),
        key: key.clone(),
        files: entries,
    };
    let path = staging.join(MANIFEST);
    fs::write(&path, manifest.to_text()).map_err(|e| Error::io(&path, e))
}

/// What a file holds, to tell whether two files are the same: its length and SHA-256, or
/// where a symbolic link points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Print {
    File { len: u64, sha256: String },
    Link(PathBuf),
}

/// Hashes in pieces: a signed scan may be large.
fn fingerprint(path: &Path) -> io::Result<Print> {
    use sha2::{Digest, Sha256};
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return fs::read_link(path).map(Print::Link);
    }
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 64 * 1024];
    let mut len = 0;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Ok(Print::File {
        len,
        sha256: format!("{:x}", hasher.finalize()),
    })
}

/// `relative` (under `root`), or `name (2).ext`, … when a run in the same second already
/// kept a file of that name.
fn free_relative(root: &Path, relative: &Path) -> PathBuf {
    if !exists(&root.join(relative)) {
        return relative.to_path_buf();
    }
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = relative
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| relative.with_file_name(format!("{stem} ({n}){ext}")))
        .find(|p| !exists(&root.join(p)))
        .unwrap_or_else(|| relative.to_path_buf())
}

/// Whether anything (a file, a folder, a dangling link) is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Two input file names are the same file's name: compared without case, as Windows does.
fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Every file (not folder, not followed link) under `root`, relative to it, sorted.
fn files_under(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    walk(root, Path::new(""), &mut files, &mut Vec::new())?;
    Ok(files)
}

/// Every folder under `root` (not `root` itself), with `root` prefixed.
fn folders_under(root: &Path) -> Result<Vec<PathBuf>> {
    let mut folders = Vec::new();
    walk(root, Path::new(""), &mut Vec::new(), &mut folders)?;
    Ok(folders.into_iter().map(|f| root.join(f)).collect())
}

fn walk(
    root: &Path,
    relative: &Path,
    files: &mut Vec<PathBuf>,
    folders: &mut Vec<PathBuf>,
) -> Result<()> {
    let dir = root.join(relative);
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .collect::<io::Result<_>>()
        .map_err(|e| Error::io(&dir, e))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let rel = relative.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(&root.join(&rel), e))?;
        if kind.is_dir() {
            folders.push(rel.clone());
            walk(root, &rel, files, folders)?;
        } else {
            files.push(rel);
        }
    }
    Ok(())
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
    // Unique within the process too: the server writes from several threads.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
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
