//! PDF copies of the written documents, converted by LibreOffice headless: offices sign and
//! send electronic documents as PDF. LibreOffice is optional; asking for PDF without it is
//! a clear error, never a silent skip.
//!
//! Starting LibreOffice costs more than converting a letter, so a run keeps one user profile
//! per worker ([`Converters`]) and converts all of an input's documents in one call. Each call
//! runs in its own process group under a time limit: a document that makes LibreOffice hang
//! is stopped with every process LibreOffice started, and named in the error.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const PROGRAM: &str = "LibreOffice (soffice)";

/// How long LibreOffice may go without finishing a document before it is stopped. The first
/// document's share includes starting LibreOffice; a letter takes well under a second, the
/// annex of a 5,000-criteria table about half a minute on a slow machine.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(120);

/// The environment variable that names the LibreOffice program to run, over the search of
/// [`find_soffice`] (a LibreOffice installed in an unusual place).
pub const PROGRAM_VAR: &str = "CCHC_SOFFICE";

/// The folder, inside the folder being converted, that LibreOffice writes into: it names each
/// PDF after its document's file name alone, so each call gets a folder of its own and the
/// PDFs are moved beside their documents from there.
const OUT_DIR: &str = ".cchc-pdf";

/// Whether `path` is a document LibreOffice converts (.docx, .xlsx).
pub fn convertible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("docx" | "xlsx")
    )
}

/// The LibreOffice program: the one `CCHC_SOFFICE` names, else `soffice` or `libreoffice` on
/// the PATH, else its usual place on Windows and macOS.
pub fn find_soffice() -> Option<PathBuf> {
    if let Some(program) = std::env::var_os(PROGRAM_VAR).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(program));
    }
    let names = ["soffice", "libreoffice", "soffice.exe"];
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        [
            "C:\\Program Files\\LibreOffice\\program\\soffice.exe",
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        ]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
    })
}

/// What a run's conversions report as they go, for a progress bar.
pub trait Progress: Send + Sync {
    /// `count` more documents (one input's) are to be converted.
    fn queued(&self, count: usize);
    /// `count` documents are done with: converted, or given up with an error.
    fn finished(&self, count: usize);
}

/// The LibreOffice conversions of one run.
///
/// LibreOffice runs one process per user profile: a second one started with a profile in use
/// hands its work to the first and exits. Each conversion that runs at the same time as
/// another therefore takes a profile of its own from a pool, so a run on `jobs` workers makes
/// at most `jobs` profiles. A profile is made by LibreOffice on its first call and reused by
/// the later ones (a warm profile starts faster); every profile lives in a folder of this run
/// alone, under the temporary folder, removed when the run ends (on drop), so two runs at once
/// never share one.
pub struct Converters {
    limit: Duration,
    progress: Option<Arc<dyn Progress>>,
    program: OnceLock<Option<PathBuf>>,
    root: OnceLock<std::result::Result<PathBuf, String>>,
    free: Mutex<Vec<PathBuf>>,
    made: AtomicUsize,
}

impl Default for Converters {
    fn default() -> Self {
        Converters::new(DEFAULT_LIMIT)
    }
}

impl fmt::Debug for Converters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Converters")
            .field("limit", &self.limit)
            .field("root", &self.root.get())
            .field("profiles", &self.made.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Drop for Converters {
    fn drop(&mut self) {
        // Best effort: the profiles are LibreOffice's scratch space, and every call has ended.
        if let Some(Ok(root)) = self.root.get() {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}

/// One input's documents being converted.
struct Job<'a> {
    program: &'a Path,
    /// The staging folder the documents are in.
    folder: &'a Path,
    /// The documents, relative to `folder`.
    documents: &'a [PathBuf],
    /// The output folder as the user knows it.
    shown: &'a Path,
    /// Which documents have their PDF in place.
    done: Vec<bool>,
    /// Which documents the progress bar has counted.
    reported: Vec<bool>,
}

/// Why one call of LibreOffice did not give every PDF.
enum Fault {
    /// The program could not be started.
    Start(io::Error),
    /// The folder LibreOffice writes into could not be made.
    Folder(PathBuf, io::Error),
    /// No document finished within the time limit: the call was stopped. The index is the
    /// first document of the call not finished (exact when the call had one document).
    TimedOut(usize),
    /// LibreOffice ended with an error or was killed by a signal (a crash), at the document
    /// of this index as above; how it ended.
    Crashed(usize, String),
    /// LibreOffice ended normally without the PDF of the document at this index.
    Missing(usize, String),
}

impl Fault {
    /// The fault placed at the document of index `i`.
    fn at(self, i: usize) -> Fault {
        match self {
            Fault::TimedOut(_) => Fault::TimedOut(i),
            Fault::Crashed(_, how) => Fault::Crashed(i, how),
            other => other,
        }
    }

    /// Whether LibreOffice was stopped or crashed, which may leave its profile half written
    /// or locked.
    fn spoils_profile(&self) -> bool {
        matches!(self, Fault::TimedOut(_) | Fault::Crashed(..))
    }
}

impl Converters {
    /// Conversions that stop LibreOffice when it goes `limit` without finishing a document.
    pub fn new(limit: Duration) -> Self {
        Converters {
            limit,
            progress: None,
            program: OnceLock::new(),
            root: OnceLock::new(),
            free: Mutex::new(Vec::new()),
            made: AtomicUsize::new(0),
        }
    }

    /// The same, reporting to `progress` as documents are queued and converted.
    #[must_use]
    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Converts `documents` (paths relative to `folder`) to PDF, each PDF beside its
    /// document, and returns the PDFs' paths relative to `folder`. `shown` is the folder as
    /// the user knows it (the output folder whose staging copy `folder` is), for the errors.
    ///
    /// # Errors
    /// [`Error::Tool`] when LibreOffice is not installed or cannot be started;
    /// [`Error::Conversion`] naming the first document LibreOffice failed on, crashed on or
    /// did not finish within the time limit. Some PDFs may have been made then.
    pub fn convert(
        &self,
        folder: &Path,
        documents: &[PathBuf],
        shown: &Path,
    ) -> Result<Vec<PathBuf>> {
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let program = self.program()?;
        self.report(|p| p.queued(documents.len()));
        let mut job = Job {
            program: &program,
            folder,
            documents,
            shown,
            done: vec![false; documents.len()],
            reported: vec![false; documents.len()],
        };
        let result = self.convert_job(&mut job);
        // Documents given up on count as done with too, so that the progress bar ends full.
        self.report(|p| p.finished(job.reported.iter().filter(|r| !**r).count()));
        result?;
        Ok(documents.iter().map(|d| d.with_extension("pdf")).collect())
    }

    fn convert_job(&self, job: &mut Job) -> Result<()> {
        let mut profile = self.take_profile()?;
        let result = (|| {
            for call in calls(job.documents) {
                let fault = match self.call(job, &profile, &call) {
                    Ok(()) => continue,
                    Err(fault) => fault,
                };
                if !fault.spoils_profile() {
                    return Err(self.error(job, fault));
                }
                // A stopped or crashed LibreOffice may leave its profile half written or
                // locked: what is left is converted with a fresh one, a document at a time,
                // so that the error names the document (and a one-off crash costs nothing).
                discard(&profile);
                profile = self.new_profile()?;
                for i in call {
                    if job.done[i] {
                        continue;
                    }
                    if let Err(fault) = self.call(job, &profile, &[i]) {
                        if fault.spoils_profile() {
                            discard(&profile);
                            profile = self.new_profile()?;
                        }
                        return Err(self.error(job, fault));
                    }
                }
            }
            Ok(())
        })();
        self.give_back(profile);
        result
    }

    /// One LibreOffice call converting the documents of `call` (indexes into
    /// `job.documents`) into a fresh output folder inside `job.folder`, then moving each PDF
    /// beside its document.
    fn call(
        &self,
        job: &mut Job,
        profile: &Path,
        call: &[usize],
    ) -> std::result::Result<(), Fault> {
        let out = job.folder.join(OUT_DIR);
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir(&out).map_err(|e| Fault::Folder(out.clone(), e))?;
        let sources: Vec<PathBuf> = call
            .iter()
            .map(|&i| job.folder.join(&job.documents[i]))
            .collect();
        let mut command = Command::new(job.program);
        command
            .arg(format!("-env:UserInstallation={}", file_url(profile)))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&out)
            .args(&sources);
        // LibreOffice's own temporary files go in this run's folder too: a LibreOffice that
        // is stopped leaves them behind, and the folder is removed at the end of the run.
        if let Some(root) = profile.parent() {
            for var in ["TMPDIR", "TMP", "TEMP"] {
                command.env(var, root);
            }
        }
        // LibreOffice prints "convert SOURCE -> PDF ..." as it starts writing each PDF: every
        // document before that one is finished.
        let ran = run(&mut command, self.limit, |line| {
            let Some(rest) = line.strip_prefix("convert ") else {
                return;
            };
            if let Some(at) = sources
                .iter()
                .position(|s| rest.starts_with(&format!("{} -> ", s.display())))
            {
                call[..at]
                    .iter()
                    .for_each(|&i| self.report_finished(job, i));
            }
        });
        let current = call
            .iter()
            .copied()
            .find(|&i| !job.reported[i])
            .unwrap_or(call[0]);
        let result = ran
            .map_err(|fault| fault.at(current))
            .and_then(|(status, stderr)| {
                if !status.success() {
                    return Err(Fault::Crashed(current, exit_text(status, &stderr)));
                }
                for &i in call {
                    let pdf = job.documents[i].with_extension("pdf");
                    let made = out.join(pdf.file_name().unwrap_or_default());
                    if std::fs::rename(&made, job.folder.join(&pdf)).is_err() {
                        return Err(Fault::Missing(i, stderr));
                    }
                    job.done[i] = true;
                    self.report_finished(job, i);
                }
                Ok(())
            });
        let _ = std::fs::remove_dir_all(&out);
        result
    }

    /// The user-facing error for a failed call of `job`.
    fn error(&self, job: &Job, fault: Fault) -> Error {
        let (i, detail) = match fault {
            Fault::Start(e) => {
                return Error::Tool {
                    program: PROGRAM.into(),
                    detail: format!("không chạy được `{}`: {e}", job.program.display()),
                };
            }
            Fault::Folder(path, e) => return Error::io(&path, e),
            Fault::TimedOut(i) => (
                i,
                format!(
                    "LibreOffice không chuyển xong sau {} giây nên đã bị dừng",
                    self.limit.as_secs()
                ),
            ),
            Fault::Crashed(i, how) => (i, format!("LibreOffice dừng bất thường ({how})")),
            Fault::Missing(i, stderr) => (i, missing_text(&stderr)),
        };
        Error::Conversion {
            document: job.shown.join(&job.documents[i]),
            detail,
        }
    }

    /// Reports document `i` of `job` finished to the progress bar, once.
    fn report_finished(&self, job: &mut Job, i: usize) {
        if !job.reported[i] {
            job.reported[i] = true;
            self.report(|p| p.finished(1));
        }
    }

    fn report(&self, event: impl FnOnce(&dyn Progress)) {
        if let Some(progress) = &self.progress {
            event(progress.as_ref());
        }
    }

    fn program(&self) -> Result<PathBuf> {
        self.program
            .get_or_init(find_soffice)
            .clone()
            .ok_or_else(|| Error::Tool {
                program: PROGRAM.into(),
                detail: "không tìm thấy LibreOffice, cần để chuyển văn bản sang PDF (--pdf)".into(),
            })
    }

    /// A profile no other conversion is using: one a finished conversion gave back, else a
    /// new one.
    fn take_profile(&self) -> Result<PathBuf> {
        let free = self
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match free {
            Some(profile) => Ok(profile),
            None => self.new_profile(),
        }
    }

    fn give_back(&self, profile: PathBuf) {
        self.free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(profile);
    }

    /// The path of a profile not used yet, in this run's folder; LibreOffice fills it on its
    /// first start.
    fn new_profile(&self) -> Result<PathBuf> {
        let root = self
            .root
            .get_or_init(make_root)
            .as_ref()
            .map_err(|detail| Error::Tool {
                program: PROGRAM.into(),
                detail: detail.clone(),
            })?;
        Ok(root.join(self.made.fetch_add(1, Ordering::Relaxed).to_string()))
    }
}

/// A new folder for this run's profiles under the temporary folder: the process id and the
/// clock name it, and creating it fails if it exists, so no other run has it.
fn make_root() -> std::result::Result<PathBuf, String> {
    let base = std::env::temp_dir();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut last = None;
    for attempt in 0..100u32 {
        let root = base.join(format!(
            "cchc-pdf-{}-{nanos:09}-{attempt}",
            std::process::id()
        ));
        match std::fs::create_dir(&root) {
            Ok(()) => return Ok(root),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => {
                last = Some(e);
                break;
            }
        }
    }
    Err(format!(
        "không tạo được thư mục tạm cho LibreOffice trong `{}` ({})",
        base.display(),
        last.map_or_else(String::new, |e| e.to_string())
    ))
}

/// Removes a profile a stopped or crashed LibreOffice may have left half written.
fn discard(profile: &Path) {
    let _ = std::fs::remove_dir_all(profile);
}

/// The documents (indexes into `documents`) split into calls in which no two PDFs have the
/// same name: `a/x.docx` and `b/x.docx` go in different calls. Names are compared without
/// case, as Windows and macOS do. Usually one call.
fn calls(documents: &[PathBuf]) -> Vec<Vec<usize>> {
    let mut calls: Vec<(HashSet<OsString>, Vec<usize>)> = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let stem = document
            .file_stem()
            .map(|s| OsString::from(s.to_string_lossy().to_lowercase()))
            .unwrap_or_default();
        match calls.iter_mut().find(|(names, _)| !names.contains(&stem)) {
            Some((names, call)) => {
                names.insert(stem);
                call.push(i);
            }
            None => calls.push((HashSet::from([stem]), vec![i])),
        }
    }
    calls.into_iter().map(|(_, call)| call).collect()
}

/// Runs `command` in a process group of its own, passing each line it prints to `line`, and
/// returns its exit status and what it wrote to standard error. When it prints nothing for
/// `limit`, the whole group is killed (LibreOffice's launcher and the office it starts).
fn run(
    command: &mut Command,
    limit: Duration,
    mut line: impl FnMut(&str),
) -> std::result::Result<(ExitStatus, String), Fault> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command.spawn().map_err(Fault::Start)?;
    let (lines, received) = mpsc::channel::<String>();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut buf = Vec::new();
            while reader.read_until(b'\n', &mut buf).is_ok_and(|n| n > 0) {
                if lines
                    .send(String::from_utf8_lossy(&buf).into_owned())
                    .is_err()
                {
                    break;
                }
                buf.clear();
            }
        });
    }
    let (errors, error_text) = mpsc::channel::<String>();
    if let Some(mut stderr) = child.stderr.take() {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            let _ = errors.send(String::from_utf8_lossy(&buf).into_owned());
        });
    }
    loop {
        match received.recv_timeout(limit) {
            Ok(text) => line(text.trim_end()),
            Err(RecvTimeoutError::Timeout) => {
                stop(&mut child);
                return Err(Fault::TimedOut(0));
            }
            // Standard output closed: the program is ending.
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(None) => {
                stop(&mut child);
                return Err(Fault::TimedOut(0));
            }
            Err(e) => {
                stop(&mut child);
                return Err(Fault::Crashed(0, e.to_string()));
            }
        }
    };
    let stderr = error_text.recv_timeout(limit).unwrap_or_default();
    Ok((status, stderr))
}

/// Kills `child` and everything it started, then reaps it.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(group) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) takes plain integers. `child` leads its own process group (see
        // `run`) and has not been reaped yet, so the group id cannot name another group.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// What LibreOffice said when it ended without a PDF.
fn missing_text(stderr: &str) -> String {
    let said = stderr.trim();
    if said.is_empty() {
        "LibreOffice không tạo ra tệp PDF".into()
    } else {
        format!("LibreOffice không tạo ra tệp PDF (chi tiết: {said})")
    }
}

/// How a program ended, with what it said.
fn exit_text(status: ExitStatus, stderr: &str) -> String {
    let how = match status.code() {
        Some(code) => format!("mã thoát {code}"),
        None => "bị hệ điều hành dừng".into(),
    };
    let said = stderr.trim();
    if said.is_empty() {
        how
    } else {
        format!("{how}; chi tiết: {said}")
    }
}

/// A `file://` URL for a local path, as LibreOffice's `-env:` option wants it.
fn file_url(path: &Path) -> String {
    let text = path.display().to_string().replace('\\', "/");
    if text.starts_with('/') {
        format!("file://{text}")
    } else {
        format!("file:///{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_kinds() {
        assert_eq!(file_url(Path::new("/tmp/x")), "file:///tmp/x");
        assert!(convertible(Path::new("don-vi/a.docx")));
        assert!(!convertible(Path::new("a.pdf")));
    }

    #[test]
    fn one_call_unless_two_pdfs_share_a_name() {
        let paths = |list: &[&str]| list.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(
            calls(&paths(&["cong-van.docx", "phu-luc.xlsx", "don-vi/a.docx"])),
            vec![vec![0, 1, 2]]
        );
        assert_eq!(
            calls(&paths(&[
                "cong-van.docx",
                "don-vi/cong-van.docx",
                "don-vi/b.docx",
                "x/Cong-Van.docx"
            ])),
            vec![vec![0, 2], vec![1], vec![3]]
        );
    }
}
