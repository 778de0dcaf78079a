//! The interface for programs: `POST /api/check` answers with the `check --json` object,
//! `POST /api/generate` with a zip of the documents the command line writes; errors as
//! `{"error": {"message", "hint", "file", "sheet", "row", "column"}}` with a 4xx status
//! (413 over the size limit, 422 for a table that cannot be used).

use super::State;
use crate::config::Config;
use crate::error::Error;
use crate::render::json;
use axum::extract::Multipart;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::path::{Path, PathBuf};

/// An upload as the API takes it: the spreadsheet and, optionally, a configuration.
pub struct Upload {
    /// The file name the client gave (cleaned before it names anything on disk).
    pub name: String,
    /// The spreadsheet's bytes.
    pub bytes: Vec<u8>,
    /// `config`: TOML text, as in `cchc.toml`.
    pub config: Option<String>,
}

/// A JSON error with `status`; `hint` as the command line would print it.
pub fn error_response(status: StatusCode, message: &str, hint: Option<&str>) -> Response {
    let body = serde_json::json!({
        "error": {
            "message": message,
            "hint": hint,
            "file": null, "sheet": null, "row": null, "column": null,
        }
    });
    json_response(
        status,
        serde_json::to_string_pretty(&body).unwrap_or_default(),
    )
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The status of a library error: 413 for a file over a limit, 422 for an input or a
/// configuration that cannot be used, 409 for a folder another run is writing, 500 else.
pub fn status_of(err: &Error) -> StatusCode {
    match err {
        Error::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        Error::Busy { .. } => StatusCode::CONFLICT,
        Error::Io { .. }
        | Error::Render { .. }
        | Error::Tool { .. }
        | Error::CannotReplace { .. }
        | Error::SetAside { .. }
        | Error::Conversion { .. }
        | Error::Serve { .. }
        | Error::Failures { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// A library error as the API answers it.
pub fn error_of(err: &Error) -> Response {
    json_response(status_of(err), json::render_error(err))
}

/// Reads the multipart fields `file` and `config`.
///
/// # Errors
/// The response to send: 413 over the limit, 400 for a malformed body or no `file`.
pub async fn read_upload(mut multipart: Multipart) -> Result<Upload, Response> {
    let mut file = None;
    let mut config = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(&e)),
        };
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("bang.xlsx").to_string();
                let bytes = field.bytes().await.map_err(|e| multipart_error(&e))?;
                file = Some((name, bytes.to_vec()));
            }
            Some("config") => {
                config = Some(field.text().await.map_err(|e| multipart_error(&e))?);
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file else {
        return Err(error_response(
            StatusCode::BAD_REQUEST,
            "thiếu tệp bảng kết quả (trường `file` của biểu mẫu)",
            Some("gửi tệp .xlsx, .xls, .ods, .csv hoặc .tsv trong trường `file`"),
        ));
    };
    Ok(Upload {
        name,
        bytes,
        config: config.filter(|c| !c.trim().is_empty()),
    })
}

fn multipart_error(e: &axum::extract::multipart::MultipartError) -> Response {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        error_response(
            status,
            "tệp tải lên vượt quá giới hạn dung lượng",
            Some("mỗi tệp tối đa 20 MB; tách bảng hoặc bỏ các trang tính không cần"),
        )
    } else {
        error_response(
            status,
            &format!("dữ liệu tải lên không đọc được: {e}"),
            None,
        )
    }
}

/// The configuration of an API call: the one sent, else the workspace's.
fn config_for(state: &State, upload: &Upload) -> crate::Result<Config> {
    match &upload.config {
        Some(text) => Config::parse(Path::new("config.toml"), text),
        None => match state.config_file() {
            Some(path) => Config::load(&path),
            None => Ok(Config::default()),
        },
    }
}

/// The name an upload is handled under (see [`super::workspace::upload_name`]).
fn clean_name(name: &str) -> crate::Result<String> {
    super::workspace::upload_name(name).ok_or_else(|| Error::UnsupportedFormat {
        path: PathBuf::from(name),
    })
}

/// `POST /api/check`.
pub async fn check(
    axum::extract::State(state): axum::extract::State<State>,
    multipart: Multipart,
) -> Response {
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err(response) => return response,
    };
    let result = state
        .work(move |state| {
            let name = clean_name(&upload.name)?;
            let config = config_for(&state, &upload)?;
            crate::load_bytes(Path::new(&name), upload.bytes, None, &config)
        })
        .await;
    match result {
        Ok(analyzed) => json_response(
            StatusCode::OK,
            json::render(&analyzed.output, &analyzed.warnings),
        ),
        Err(err) => error_of(&err),
    }
}

/// `POST /api/generate`: the documents, zipped, as `generate` writes them.
pub async fn generate(
    axum::extract::State(state): axum::extract::State<State>,
    multipart: Multipart,
) -> Response {
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err(response) => return response,
    };
    let result = state.work(move |state| generate_zip(&state, upload)).await;
    match result {
        Ok((name, bytes)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}.zip\"", ascii_name(&name)),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error_of(&err),
    }
}

/// Generates into a scratch folder of its own and zips the result; the folder is removed
/// afterwards.
fn generate_zip(state: &State, upload: Upload) -> crate::Result<(String, Vec<u8>)> {
    let name = clean_name(&upload.name)?;
    let scratch = Scratch::new()?;
    let input = scratch.0.join(&name);
    crate::write::write_file(&input, &upload.bytes)?;
    let config = match &upload.config {
        Some(text) => {
            // Checked first, so that a bad configuration is named as the client's.
            Config::parse(Path::new("config.toml"), text)?;
            let path = scratch.0.join(crate::config::FILE_NAME);
            crate::write::write_file(&path, text.as_bytes())?;
            Some(path)
        }
        None => state.config_file(),
    };
    let out = scratch.0.join("out");
    let options = state.options(&out, config, None);
    let generated = crate::generate::generate(&input, &options)?.output;
    let bytes = zip_folder(&generated.folder)?;
    Ok((crate::generate::output_name(&input), bytes))
}

/// Every file of `folder` the manifest lists, and the manifest, in a zip with fixed dates:
/// the same folder gives the same bytes.
pub fn zip_folder(folder: &Path) -> crate::Result<Vec<u8>> {
    let manifest = crate::write::manifest::Manifest::read(folder).ok_or_else(|| Error::Io {
        path: folder.join("manifest.json"),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "không có manifest.json"),
    })?;
    let mut paths: Vec<String> = manifest.files.into_iter().map(|f| f.path).collect();
    paths.push("manifest.json".into());
    let fail = |e: &dyn std::fmt::Display| Error::Render {
        document: "tat-ca.zip".into(),
        detail: e.to_string(),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for path in paths {
        let bytes =
            std::fs::read(folder.join(&path)).map_err(|e| Error::io(&folder.join(&path), e))?;
        zip.start_file(path.as_str(), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

/// A file name for a header: ASCII, without quotes ("Kết quả" → "Ket qua").
pub fn ascii_name(name: &str) -> String {
    deunicode::deunicode(name).replace(['"', '\\', '\r', '\n'], "_")
}

/// A private folder under the system's temporary folder, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// Creates a folder no other request or process shares.
    ///
    /// # Errors
    /// [`Error::Io`].
    pub fn new() -> crate::Result<Scratch> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cchc-serve-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: only the server's own scratch files are in it.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
