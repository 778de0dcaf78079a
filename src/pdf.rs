//! PDF copies of the written documents, converted by LibreOffice headless: offices sign and
//! send electronic documents as PDF. LibreOffice is optional; asking for PDF without it is
//! a clear error, never a silent skip.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const PROGRAM: &str = "LibreOffice (soffice)";

/// Whether `path` is a document LibreOffice converts (.docx, .xlsx).
pub fn convertible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("docx" | "xlsx")
    )
}

/// The LibreOffice program: `soffice` or `libreoffice` on the PATH, else its usual place on
/// Windows and macOS.
pub fn find_soffice() -> Option<PathBuf> {
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

/// Converts `document` to PDF beside it and returns the PDF's path.
///
/// # Errors
/// [`Error::Tool`] when LibreOffice is not installed, fails, or writes no PDF.
pub fn convert(document: &Path) -> Result<PathBuf> {
    let fail = |detail: String| Error::Tool {
        program: PROGRAM.into(),
        detail,
    };
    let soffice = find_soffice().ok_or_else(|| {
        fail("không tìm thấy LibreOffice, cần để chuyển văn bản sang PDF (--pdf)".into())
    })?;
    let dir = document.parent().unwrap_or(Path::new("."));
    // A profile of its own for each call: two LibreOffice processes sharing one profile
    // block or fail (a known fragility of headless conversion).
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let profile = std::env::temp_dir().join(format!(
        "cchc-lo-{}-{}",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    let output = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(document)
        .output();
    // Best effort: the profile is LibreOffice's scratch space.
    let _ = std::fs::remove_dir_all(&profile);
    let output =
        output.map_err(|e| fail(format!("không chạy được `{}`: {e}", soffice.display())))?;
    let pdf = document.with_extension("pdf");
    if !output.status.success() || !pdf.is_file() {
        return Err(fail(format!(
            "không chuyển được `{}` sang PDF ({})",
            document.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(pdf)
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
}
