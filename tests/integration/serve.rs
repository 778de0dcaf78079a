//! `cchc serve` over HTTP (issue 15), through the router itself: the API gives what the
//! command line gives, limits and refusals have their statuses, names from a request never
//! reach outside the workspace, and the token and the Origin check hold.

use crate::support::cchc;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

const BOUNDARY: &str = "cchc-test-boundary";

fn project() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A workspace with the sample's configuration and, when `with_sample`, the sample.
fn workspace(with_sample: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(project().join("input/cchc.toml"), input.join("cchc.toml")).unwrap();
    if with_sample {
        std::fs::copy(
            project().join("input/tuan-giao-2019.xlsx"),
            input.join("tuan-giao-2019.xlsx"),
        )
        .unwrap();
    }
    dir
}

fn app(root: &Path, token: Option<&str>) -> axum::Router {
    cchc::serve::router(&cchc::serve::ServeOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        token: token.map(str::to_string),
        root: root.to_path_buf(),
        request_timeout: std::time::Duration::from_secs(60),
        workers: 2,
        clock: Arc::new(|| {
            chrono::NaiveDate::from_ymd_opt(2020, 10, 30)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap()
        }),
    })
    .unwrap()
}

/// A multipart body of `(field, file name, bytes)` parts.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(file) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{field}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn post(uri: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap()
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap()
}

async fn send(
    app: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn sample_bytes() -> Vec<u8> {
    std::fs::read(project().join("input/tuan-giao-2019.xlsx")).unwrap()
}

#[test]
fn the_api_check_is_the_command_lines_check() {
    let dir = workspace(false);
    let app = app(dir.path(), None);
    let (status, headers, body) = runtime().block_on(send(
        &app,
        post(
            "/api/check",
            multipart(&[("file", Some("tuan-giao-2019.xlsx"), &sample_bytes())]),
        ),
    ));
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let served: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let o = cchc(
        &[
            "check",
            "input/tuan-giao-2019.xlsx",
            "--config",
            "input/cchc.toml",
            "--json",
        ],
        &project(),
    );
    let mut cli: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The command line names the file by its path, the server by the name uploaded.
    cli["source"] = served["source"].clone();
    assert_eq!(served, cli);
    assert_eq!(served["total_lost"].to_string(), "20.581");
}

#[test]
fn the_api_generate_zips_the_command_lines_files() {
    let dir = workspace(false);
    let app = app(dir.path(), None);
    let (status, headers, body) = runtime().block_on(send(
        &app,
        post(
            "/api/generate",
            multipart(&[("file", Some("tuan-giao-2019.xlsx"), &sample_bytes())]),
        ),
    ));
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers[header::CONTENT_TYPE], "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body)).unwrap();

    let out = tempfile::tempdir().unwrap();
    let o = cchc(
        &[
            "generate",
            "input/tuan-giao-2019.xlsx",
            "--config",
            "input/cchc.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
        &project(),
    );
    assert!(o.status.success());
    let folder = out.path().join("tuan-giao-2019");
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names.len(), 9, "{names:?}");
    for name in names
        .iter()
        .filter(|n| n.ends_with(".docx") || n.ends_with(".xlsx"))
    {
        let mut served = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut served).unwrap();
        assert_eq!(
            served,
            std::fs::read(folder.join(name)).unwrap(),
            "{name} differs from the command line's"
        );
    }
    // Nothing is left behind in the workspace by an API call.
    assert!(!dir.path().join("output").join("tuan-giao-2019").exists());
}

#[test]
fn refusals_have_their_status_and_place() {
    let dir = workspace(false);
    let app = app(dir.path(), None);
    let rt = runtime();
    // Over the size limit: 413.
    let big = vec![b'a'; cchc::serve::UPLOAD_LIMIT + 4096];
    let (status, _, body) = rt.block_on(send(
        &app,
        post("/api/check", multipart(&[("file", Some("to.csv"), &big)])),
    ));
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("giới hạn")
    );

    // A table with a bad score: 422, with its row and column.
    let table = "Tiêu chí/tiêu chí thành phần\tĐiểm đạt/tối đa\tCơ quan chủ trì\n\
                 1.1. Kế hoạch CCHC\t0,5/1\tPhòng Nội vụ\n\
                 1.2. Báo cáo CCHC\tmột/1\tPhòng Nội vụ\n";
    let (status, _, body) = rt.block_on(send(
        &app,
        post(
            "/api/check",
            multipart(&[("file", Some("bang.tsv"), table.as_bytes())]),
        ),
    ));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"]["row"], 3, "{json}");
    assert_eq!(json["error"]["column"], "B", "{json}");
    assert!(
        json["error"]["message"].as_str().unwrap().contains("một/1"),
        "{json}"
    );

    // No file: 400; a name that is no spreadsheet: 422.
    let (status, _, _) = rt.block_on(send(
        &app,
        post("/api/check", multipart(&[("x", None, b"1")])),
    ));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = rt.block_on(send(
        &app,
        post("/api/check", multipart(&[("file", Some("a.exe"), b"MZ")])),
    ));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A bad configuration sent with the file: 422 naming its line.
    let (status, _, body) = rt.block_on(send(
        &app,
        post(
            "/api/generate",
            multipart(&[
                ("file", Some("tuan-giao-2019.xlsx"), &sample_bytes()),
                ("config", None, b"[letter]\nnumbr = \"1\"\n"),
            ]),
        ),
    ));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["error"]["row"], 2, "{json}");
}

#[test]
fn names_from_requests_stay_in_the_workspace() {
    let dir = workspace(true);
    std::fs::write(dir.path().join("bi-mat.csv"), "secret").unwrap();
    let app = app(dir.path(), None);
    let rt = runtime();
    // Documents exist once generated from the page.
    let mut request = post("/input/tuan-giao-2019.xlsx/generate", Vec::new());
    request
        .headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
    let (status, headers, _) = rt.block_on(send(&app, request));
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/input/tuan-giao-2019.xlsx#van-ban"
    );
    let (status, _, body) = rt.block_on(send(
        &app,
        get("/input/tuan-giao-2019.xlsx/file/cong-van.docx"),
    ));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        std::fs::read(dir.path().join("output/tuan-giao-2019/cong-van.docx")).unwrap()
    );
    for uri in [
        "/input/tuan-giao-2019.xlsx/file/../../bi-mat.csv",
        "/input/tuan-giao-2019.xlsx/file/..%2F..%2Fbi-mat.csv",
        "/input/tuan-giao-2019.xlsx/file/%2Fetc%2Fpasswd",
        "/input/tuan-giao-2019.xlsx/file/manifest.json",
        // Only a listed PDF is shown in the browser.
        "/input/tuan-giao-2019.xlsx/view/cong-van.docx",
        "/input/tuan-giao-2019.xlsx/view/../../bi-mat.csv",
        "/input/..%2Fbi-mat.csv",
        "/input/..%2Fbi-mat.csv/file/x",
        "/input/cchc.toml",
        "/input/khong-co.xlsx/all.zip",
    ] {
        let (status, _, body) = rt.block_on(send(&app, get(uri)));
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{uri}: {status}"
        );
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{uri}");
    }
    // An upload's name is cleaned to a file name in input/.
    let mut request = post(
        "/upload",
        multipart(&[("files", Some("../../thoat.csv"), b"Tieu chi\tDiem\n")]),
    );
    request
        .headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
    let (status, headers, _) = rt.block_on(send(&app, request));
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/input/thoat.csv");
    assert!(dir.path().join("input/thoat.csv").is_file());
    assert!(!dir.path().parent().unwrap().join("thoat.csv").exists());
}

#[test]
fn another_site_cannot_make_the_browser_post() {
    let dir = workspace(true);
    let app = app(dir.path(), None);
    let rt = runtime();
    for (origin, site) in [
        (Some("http://evil.example"), None),
        (Some("null"), None),
        (None, Some("cross-site")),
    ] {
        let mut request = post("/input/tuan-giao-2019.xlsx/generate", Vec::new());
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert(header::ORIGIN, origin.parse().unwrap());
        }
        if let Some(site) = site {
            request
                .headers_mut()
                .insert("sec-fetch-site", site.parse().unwrap());
        }
        let (status, _, _) = rt.block_on(send(&app, request));
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin:?} {site:?}");
    }
    assert!(!dir.path().join("output/tuan-giao-2019").exists());
    // Every response carries the policy that allows only the page's own assets.
    let (_, headers, body) = rt.block_on(send(&app, get("/")));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("tuan-giao-2019.xlsx") && page.contains("Tải lên"));
    assert!(!page.contains("<script>"), "no inline script");
}

#[test]
fn off_the_loopback_the_token_is_required() {
    // Without a token, serve refuses another address at once.
    let err = cchc::serve::run(
        cchc::serve::ServeOptions {
            listen: "0.0.0.0:0".parse().unwrap(),
            token: None,
            root: tempfile::tempdir().unwrap().path().to_path_buf(),
            request_timeout: std::time::Duration::from_secs(1),
            workers: 1,
            clock: Arc::new(chrono::NaiveDateTime::default),
        },
        |_| panic!("it must not listen"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("mã truy cập"), "{err}");
    assert!(err.hint().unwrap().contains("--token"));

    let dir = workspace(true);
    let app = app(dir.path(), Some("mat-khau-dai-123"));
    let rt = runtime();
    // Pages send to the login form, the API answers 401, without the token.
    let (status, headers, _) = rt.block_on(send(&app, get("/")));
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/login");
    let (status, _, _) = rt.block_on(send(&app, get("/input/tuan-giao-2019.xlsx")));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = rt.block_on(send(
        &app,
        post(
            "/api/check",
            multipart(&[("file", Some("a.xlsx"), &sample_bytes())]),
        ),
    ));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // With it, in the header: served.
    let mut request = post(
        "/api/check",
        multipart(&[("file", Some("a.xlsx"), &sample_bytes())]),
    );
    request
        .headers_mut()
        .insert("x-cchc-token", "mat-khau-dai-123".parse().unwrap());
    let (status, _, _) = rt.block_on(send(&app, request));
    assert_eq!(status, StatusCode::OK);
    // The login form sets the cookie a browser then sends.
    let (status, _, _) = rt.block_on(send(&app, form("/login", "token=sai")));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, headers, _) = rt.block_on(send(&app, form("/login", "token=mat-khau-dai-123")));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let mut request = get("/");
    request.headers_mut().insert(
        header::COOKIE,
        cookie.split(';').next().unwrap().parse().unwrap(),
    );
    let (status, _, _) = rt.block_on(send(&app, request));
    assert_eq!(status, StatusCode::OK);
}

fn form(uri: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ORIGIN, "http://127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What the clerk fills in is the input's own `NAME.toml`: the page and the command line
/// then give the same letters.
#[test]
fn the_clerks_settings_are_the_inputs_own_file() {
    let dir = workspace(true);
    let app = app(dir.path(), None);
    let rt = runtime();
    let body = format!(
        "letter_number=2468&organ_short={}&{}={}&{}={}",
        percent("UBND huyện Tuần Giáo"),
        percent("assign:7.2.4"),
        percent("Văn phòng HĐND-UBND"),
        percent("assign:7.6"),
        percent("Phòng Nội vụ"),
    );
    let (status, headers, _) = rt.block_on(send(
        &app,
        form("/input/tuan-giao-2019.xlsx/settings", &body),
    ));
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/input/tuan-giao-2019.xlsx#thong-tin"
    );
    let saved = std::fs::read_to_string(dir.path().join("input/tuan-giao-2019.toml")).unwrap();
    assert!(saved.contains("number = \"2468\""), "{saved}");
    assert!(
        saved.contains("\"7.2.4\" = \"Văn phòng HĐND-UBND\""),
        "{saved}"
    );
    // Unchanged fields stay with cchc.toml.
    assert!(!saved.contains("UBND huyện Tuần Giáo"), "{saved}");

    // The page's documents.
    let (status, _, _) = rt.block_on(send(&app, form("/input/tuan-giao-2019.xlsx/generate", "")));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let letter = crate::support::docx::part(
        &dir.path().join("output/tuan-giao-2019/cong-van.docx"),
        "word/document.xml",
    );
    assert!(letter.contains("Số: 2468/UBND-NV"));
    assert!(!letter.contains("Chưa giao đơn vị"));
    // The command line, on the same workspace, reads the same settings.
    let out = tempfile::tempdir().unwrap();
    let o = cchc(
        &[
            "generate",
            "input/tuan-giao-2019.xlsx",
            "--out",
            out.path().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_cli = std::fs::read(out.path().join("tuan-giao-2019/cong-van.docx")).unwrap();
    assert_eq!(
        from_cli,
        std::fs::read(dir.path().join("output/tuan-giao-2019/cong-van.docx")).unwrap()
    );
    // And the page shows what was saved.
    let (_, _, page) = rt.block_on(send(&app, get("/input/tuan-giao-2019.xlsx")));
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("value=\"2468\""));
    assert!(
        !page.contains("Giao đơn vị chủ trì"),
        "no criterion left to assign"
    );
}

/// Two spellings of one unit merged from the page give one unit, and one letter.
#[test]
fn two_spellings_merge_into_one_unit() {
    let dir = workspace(false);
    let table = "Tiêu chí/tiêu chí thành phần\tĐiểm đạt/tối đa\tCơ quan chủ trì\n\
                 1.1. Kế hoạch CCHC\t0,5/1\tPhòng Nội vụ\n\
                 1.2. Báo cáo CCHC\t0,5/1\tPhòng Tổ chức\n";
    std::fs::write(dir.path().join("input/bang.tsv"), table).unwrap();
    let app = app(dir.path(), None);
    let rt = runtime();
    let body = format!(
        "merge_from={}&merge_into={}",
        percent("Phòng Tổ chức"),
        percent("Phòng Nội vụ")
    );
    let (status, _, _) = rt.block_on(send(&app, form("/input/bang.tsv/settings", &body)));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = rt.block_on(send(&app, form("/input/bang.tsv/generate", "")));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let letters: Vec<_> = std::fs::read_dir(dir.path().join("output/bang/don-vi"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(letters, ["phong-noi-vu.docx"]);
}

/// Two clerks pressing "Lập văn bản" at once both end with complete documents.
#[test]
fn two_clerks_at_once_both_get_complete_documents() {
    let dir = workspace(true);
    let app = app(dir.path(), None);
    let rt = runtime();
    let (a, b) = rt.block_on(async {
        tokio::join!(
            send(&app, form("/input/tuan-giao-2019.xlsx/generate", "")),
            send(&app, form("/input/tuan-giao-2019.xlsx/generate", ""))
        )
    });
    assert_eq!(a.0, StatusCode::SEE_OTHER);
    assert_eq!(b.0, StatusCode::SEE_OTHER);
    let folder = dir.path().join("output/tuan-giao-2019");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 8);
    for f in files {
        assert!(folder.join(f["path"].as_str().unwrap()).is_file());
    }
}

/// A hostile file through the page gets the command line's refusal, and the server stays up.
#[test]
fn a_hostile_upload_is_refused_and_the_server_stays_up() {
    let dir = workspace(false);
    let app = app(dir.path(), None);
    let rt = runtime();
    let mut zip_bomb_like = b"PK\x03\x04".to_vec();
    zip_bomb_like.extend(std::iter::repeat_n(0xFFu8, 4096));
    let mut request = post(
        "/upload",
        multipart(&[("files", Some("hong.xlsx"), &zip_bomb_like)]),
    );
    request
        .headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
    let (status, headers, _) = rt.block_on(send(&app, request));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, page) =
        rt.block_on(send(&app, get(headers[header::LOCATION].to_str().unwrap())));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("không phải là bảng tính") && page.contains("Gợi ý"),
        "{page}"
    );
    let (status, _, _) = rt.block_on(send(&app, get("/")));
    assert_eq!(status, StatusCode::OK);
}

/// Clearing the number on the page makes a draft, even though `cchc.toml` numbers the
/// letter: the blank is written, not the key removed.
#[test]
fn a_number_cleared_on_the_page_gives_a_draft() {
    let dir = workspace(true);
    let app = app(dir.path(), None);
    let rt = runtime();
    let body = format!("letter_number=&letter_date={}", percent("2020-10"));
    let (status, _, _) = rt.block_on(send(
        &app,
        form("/input/tuan-giao-2019.xlsx/settings", &body),
    ));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = rt.block_on(send(&app, form("/input/tuan-giao-2019.xlsx/generate", "")));
    assert_eq!(status, StatusCode::SEE_OTHER);
    let p = crate::support::docx::paragraphs(&crate::support::docx::part(
        &dir.path().join("output/tuan-giao-2019/cong-van.docx"),
        "word/document.xml",
    ));
    let blank = "\u{a0}".repeat(6);
    assert!(p.contains(&format!("Số: {blank}/UBND-NV")), "{p:#?}");
    assert!(
        p.contains(&format!("Tuần Giáo, ngày{blank}tháng 10 năm 2020")),
        "{p:#?}"
    );
}
