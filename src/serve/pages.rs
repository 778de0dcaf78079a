//! The clerk's pages: the workspace's inputs and their documents, an upload, what was read
//! from a table, "Lập văn bản", downloads. HTML from Tera templates embedded in the binary
//! (autoescaped: every text from a table is escaped), a little script for drag and drop.

use super::api::{ascii_name, zip_folder};
use super::{State, guard};
use crate::analyze::Analysis;
use crate::error::Error;
use crate::model::Warning;
use crate::text::vn;
use axum::extract::{Form, Multipart, Path as UrlPath, State as Shared};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;
use std::sync::LazyLock;
use tera::{Context, Tera};

/// The page templates, parsed once. Named `.html`: Tera escapes what they print.
static PAGES: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::default();
    for (name, text) in [
        ("base.html", include_str!("web/base.html")),
        ("index.html", include_str!("web/index.html")),
        ("input.html", include_str!("web/input.html")),
        ("login.html", include_str!("web/login.html")),
    ] {
        // The templates are part of the binary and covered by the tests.
        tera.add_raw_template(name, text)
            .unwrap_or_else(|e| panic!("page template {name}: {e}"));
    }
    tera
});

fn page(name: &str, context: &Context, status: StatusCode) -> Response {
    match PAGES.render(name, context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("trang lỗi: {e}")).into_response(),
    }
}

/// An error as the page shows it: the message and what to do.
#[derive(Serialize)]
struct Shown {
    message: String,
    hint: Option<String>,
}

impl From<&Error> for Shown {
    fn from(e: &Error) -> Self {
        Shown {
            message: e.to_string(),
            hint: e.hint(),
        }
    }
}

/// `GET /`: the inputs of the workspace and the upload form.
pub async fn index(Shared(state): Shared<State>) -> Response {
    #[derive(Serialize)]
    struct Row {
        name: String,
        url: String,
        documents: Vec<String>,
    }
    let rows: Vec<Row> = state
        .workspace
        .list()
        .into_iter()
        .map(|l| Row {
            url: input_url(&l.name),
            documents: l.documents,
            name: l.name,
        })
        .collect();
    let mut c = Context::new();
    c.insert("inputs", &rows);
    index_page(c, StatusCode::OK)
}

fn index_page(mut c: Context, status: StatusCode) -> Response {
    c.insert("limit_mb", &(super::UPLOAD_LIMIT / 1024 / 1024));
    page("index.html", &c, status)
}

/// `POST /upload`: saves each file into `input/`, then shows the one uploaded (or the list,
/// for several).
pub async fn upload(Shared(state): Shared<State>, multipart: Multipart) -> Response {
    let files = match read_files(multipart).await {
        Ok(files) => files,
        Err((status, message)) => {
            return error_page(
                status,
                &Shown {
                    message,
                    hint: None,
                },
            );
        }
    };
    let saved = state
        .work(move |state| {
            files
                .iter()
                .map(|(name, bytes)| state.workspace.save_upload(name, bytes))
                .collect::<crate::Result<Vec<String>>>()
        })
        .await;
    match saved {
        Ok(names) if names.len() == 1 => Redirect::to(&input_url(&names[0])).into_response(),
        Ok(_) => Redirect::to("/").into_response(),
        Err(err) => error_page(super::api::status_of(&err), &Shown::from(&err)),
    }
}

/// The files of the form's `files` field, each within the limit.
async fn read_files(
    mut multipart: Multipart,
) -> Result<Vec<(String, Vec<u8>)>, (StatusCode, String)> {
    let mut files = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("files") => {
                let name = field.file_name().unwrap_or("").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| (e.status(), too_large_or(&e.body_text())))?;
                if name.is_empty() && bytes.is_empty() {
                    continue;
                }
                if bytes.len() > super::UPLOAD_LIMIT {
                    return Err((StatusCode::PAYLOAD_TOO_LARGE, too_large_or("")));
                }
                files.push((name, bytes.to_vec()));
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return Err((e.status(), too_large_or(&e.body_text()))),
        }
    }
    if files.is_empty() {
        return Err((
            StatusCode::BAD_REQUEST,
            "chưa chọn tệp nào để tải lên".into(),
        ));
    }
    Ok(files)
}

fn too_large_or(detail: &str) -> String {
    if detail.is_empty() || detail.contains("length limit") {
        format!(
            "tệp tải lên vượt quá giới hạn {} MB",
            super::UPLOAD_LIMIT / 1024 / 1024
        )
    } else {
        format!("dữ liệu tải lên không đọc được: {detail}")
    }
}

fn error_page(status: StatusCode, shown: &Shown) -> Response {
    let mut c = Context::new();
    c.insert("error", shown);
    index_page(c, status)
}

/// "/input/tuan-giao-2019.xlsx", the name percent-encoded.
pub(super) fn input_url(name: &str) -> String {
    format!("/input/{}", encode(name))
}

/// Percent-encodes everything but unreserved ASCII.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A warning with the cells of its row, shown when the clerk opens it.
#[derive(Serialize)]
struct WarningView {
    place: String,
    message: String,
    cells: Vec<(String, String)>,
}

fn warning_views(analysis: &Analysis, warnings: &[Warning]) -> Vec<WarningView> {
    warnings
        .iter()
        .map(|w| {
            let row = w
                .row
                .and_then(|r| analysis.appraisal.rows.iter().find(|x| x.row == r));
            let cells = row
                .map(|r| {
                    vec![
                        ("Mã".to_string(), r.code.to_string()),
                        ("Tiêu chí".into(), r.title.clone()),
                        (
                            "Điểm".into(),
                            r.score
                                .map(|s| format!("{}/{}", vn(s.achieved), vn(s.max)))
                                .unwrap_or_default(),
                        ),
                        ("Cơ quan chủ trì".into(), r.units.join("; ")),
                        ("Ý kiến thẩm định".into(), r.opinion.clone()),
                        ("Nguyên nhân, giải pháp".into(), r.solution.clone()),
                        ("Ghi chú".into(), r.note.clone()),
                    ]
                })
                .unwrap_or_default();
            WarningView {
                place: w.row.map(|r| format!("Dòng {r}")).unwrap_or_default(),
                message: w.message.clone(),
                cells,
            }
        })
        .collect()
}

/// `GET /input/{name}`: what was read, the documents, "Lập văn bản".
pub async fn input(Shared(state): Shared<State>, UrlPath(name): UrlPath<String>) -> Response {
    show_input(&state, name, None, StatusCode::OK).await
}

async fn show_input(
    state: &State,
    name: String,
    failed: Option<Shown>,
    status: StatusCode,
) -> Response {
    let Some(path) = state.workspace.input(&name) else {
        return not_found();
    };
    let previous = state.workspace.previous(&name);
    let checked = state
        .work(move |state| {
            let (config, analyzed) = state.read_input(&path)?;
            let today = (state.clock)().date();
            let form = super::settings::form(&analyzed.output, &config, today);
            let compared = match previous {
                Some(old) => {
                    let old = crate::load(&old, None, &config)?.output;
                    Some(crate::analyze::diff::diff(&old, &analyzed.output))
                }
                None => None,
            };
            Ok((analyzed, compared, form))
        })
        .await;
    let mut c = Context::new();
    c.insert("name", &name);
    c.insert("url", &input_url(&name));
    c.insert("documents", &state.workspace.documents(&name));
    c.insert("failed", &failed);
    c.insert("pdf_available", &crate::pdf::find_soffice().is_some());
    c.insert("pdf", &super::pdf_job::status_of(state, &name));
    c.insert(
        "preview",
        &preview(
            &state
                .workspace
                .folder(&name)
                .join(crate::render::docx::COVER_LETTER),
        ),
    );
    match checked {
        Ok((analyzed, previous, form)) => {
            c.insert("form", &form);
            let a = &analyzed.output;
            let figures = crate::render::figures::Printed::of(a);
            c.insert(
                "index",
                &a.index
                    .map(|i| format!("{}/{}", vn(i.score.achieved), vn(i.score.max))),
            );
            c.insert("lost", &crate::text::vn_fixed(figures.lost, 2));
            c.insert("shortfalls", &a.shortfalls().count());
            c.insert(
                "summary",
                &crate::render::summary::render(a, &analyzed.warnings),
            );
            c.insert("warnings", &warning_views(a, &analyzed.warnings));
            c.insert(
                "previous",
                &previous.as_ref().map(crate::render::summary::render_diff),
            );
            page("input.html", &c, status)
        }
        Err(err) => {
            c.insert("error", &Shown::from(&err));
            page("input.html", &c, super::api::status_of(&err))
        }
    }
}

/// The cover letter's paragraphs as written, up to its annex: what the page previews.
fn preview(docx: &std::path::Path) -> Vec<String> {
    use quick_xml::events::Event;
    let Ok(file) = std::fs::File::open(docx) else {
        return Vec::new();
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Vec::new();
    };
    let mut xml = String::new();
    if std::io::Read::read_to_string(
        &mut match zip.by_name("word/document.xml") {
            Ok(part) => part,
            Err(_) => return Vec::new(),
        },
        &mut xml,
    )
    .is_err()
    {
        return Vec::new();
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut out, mut current, mut in_text) = (Vec::new(), String::new(), false);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == "w:t" => in_text = true,
            Ok(Event::End(e)) if e.name().as_ref() == "w:t" => in_text = false,
            Ok(Event::Text(t)) if in_text => current.push_str(&t),
            Ok(Event::GeneralRef(r)) if in_text => {
                // The writer escapes only the XML's own five characters.
                current.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Ok(Event::Empty(e)) if e.name().as_ref() == "w:br" => current.push('\n'),
            Ok(Event::End(e)) if e.name().as_ref() == "w:p" => {
                let line = std::mem::take(&mut current);
                // The annex starts its own landscape section.
                if line == "Phụ lục" {
                    break;
                }
                if !line.trim().is_empty() {
                    out.push(line);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// `POST /input/{name}/settings`: saves the form into the input's own settings file.
pub async fn settings(
    Shared(state): Shared<State>,
    UrlPath(name): UrlPath<String>,
    Form(submitted): Form<Vec<(String, String)>>,
) -> Response {
    let Some(path) = state.workspace.input(&name) else {
        return not_found();
    };
    match state
        .work(move |state| {
            let (config, analyzed) = state.read_input(&path)?;
            let shown = super::settings::form(&analyzed.output, &config, (state.clock)().date());
            super::settings::save(&path, &submitted, &shown)
        })
        .await
    {
        Ok(()) => Redirect::to(&format!("{}#thong-tin", input_url(&name))).into_response(),
        Err(err) => {
            let status = super::api::status_of(&err);
            show_input(&state, name, Some(Shown::from(&err)), status).await
        }
    }
}

/// `POST /input/{name}/generate`: "Lập văn bản", with the previous round when there is one.
pub async fn generate(Shared(state): Shared<State>, UrlPath(name): UrlPath<String>) -> Response {
    let Some(path) = state.workspace.input(&name) else {
        return not_found();
    };
    let previous = state.workspace.previous(&name);
    let result = state
        .work(move |state| {
            let options = state.options(&state.workspace.outputs(), state.config_file(), previous);
            crate::generate::generate(&path, &options)
        })
        .await;
    match result {
        Ok(_) => Redirect::to(&format!("{}#van-ban", input_url(&name))).into_response(),
        Err(err) => {
            let status = super::api::status_of(&err);
            show_input(&state, name, Some(Shown::from(&err)), status).await
        }
    }
}

/// `GET /input/{name}/all.zip`.
pub async fn zip(Shared(state): Shared<State>, UrlPath(name): UrlPath<String>) -> Response {
    if state.workspace.input(&name).is_none() {
        return not_found();
    }
    let folder = state.workspace.folder(&name);
    let stem = crate::generate::output_name(std::path::Path::new(&name));
    match state.work(move |_| zip_folder(&folder)).await {
        Ok(bytes) => download(&format!("{stem}.zip"), "application/zip", bytes),
        Err(_) => not_found(),
    }
}

/// `GET /input/{name}/view/{path}`: a PDF the manifest lists, shown by the browser rather
/// than downloaded (the cover letter's pages, from the page's preview).
pub async fn view(
    Shared(state): Shared<State>,
    UrlPath((name, path)): UrlPath<(String, String)>,
) -> Response {
    let Some(file) = state
        .workspace
        .document(&name, &path)
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
    else {
        return not_found();
    };
    match std::fs::read(&file) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response(),
        Err(_) => not_found(),
    }
}

/// `GET /input/{name}/file/{path}`: a document its folder's manifest lists; nothing else.
pub async fn file(
    Shared(state): Shared<State>,
    UrlPath((name, path)): UrlPath<(String, String)>,
) -> Response {
    let Some(file) = state.workspace.document(&name, &path) else {
        return not_found();
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    match std::fs::read(&file) {
        Ok(bytes) => {
            let shown = file.file_name().and_then(|n| n.to_str()).unwrap_or("tep");
            download(shown, kind, bytes)
        }
        Err(_) => not_found(),
    }
}

fn download(name: &str, kind: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name(name),
        encode(name)
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "không có trang hoặc tệp này").into_response()
}

/// `GET /login`.
pub async fn login_form() -> Response {
    page("login.html", &Context::new(), StatusCode::OK)
}

/// The login form's field.
#[derive(serde::Deserialize)]
pub struct Login {
    token: String,
}

/// `POST /login`: sets the cookie when the token is right.
pub async fn login(Shared(state): Shared<State>, Form(form): Form<Login>) -> Response {
    match &state.token {
        Some(token) if guard::equal(form.token.trim().as_bytes(), token.as_bytes()) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/".to_string()),
                (
                    header::SET_COOKIE,
                    format!(
                        "{}={}; HttpOnly; SameSite=Strict; Path=/",
                        guard::COOKIE,
                        form.token.trim()
                    ),
                ),
            ],
        )
            .into_response(),
        Some(_) => {
            let mut c = Context::new();
            c.insert("wrong", &true);
            page("login.html", &c, StatusCode::UNAUTHORIZED)
        }
        None => Redirect::to("/").into_response(),
    }
}

/// `GET /assets/{file}`: the stylesheet and the script, from the binary.
pub async fn asset(UrlPath(file): UrlPath<String>) -> Response {
    let (kind, body) = match file.as_str() {
        "style.css" => ("text/css; charset=utf-8", include_str!("web/style.css")),
        "app.js" => ("text/javascript; charset=utf-8", include_str!("web/app.js")),
        _ => return not_found(),
    };
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_parse_and_escape() {
        let mut c = Context::new();
        c.insert(
            "error",
            &Shown {
                message: "<script>x</script>".into(),
                hint: None,
            },
        );
        c.insert("limit_mb", &20);
        let html = PAGES.render("index.html", &c).unwrap();
        PAGES.render("login.html", &Context::new()).unwrap();
        let mut c = Context::new();
        c.insert("name", "a.xlsx");
        c.insert("url", "/input/a.xlsx");
        c.insert("documents", &Vec::<String>::new());
        c.insert(
            "error",
            &Shown {
                message: "m".into(),
                hint: Some("h".into()),
            },
        );
        let page = PAGES.render("input.html", &c).unwrap();
        assert!(page.contains("Gợi ý"), "{page}");
        assert!(
            html.contains("&lt;script&gt;x&lt;&#x2F;script&gt;") || html.contains("&lt;script&gt;"),
            "{html}"
        );
    }
}
