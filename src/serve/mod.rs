//! `cchc serve`: the page a clerk uses from a browser, and the same work for programs under
//! `/api/` (issue 15). One model and one output path with the command line: the page
//! reads with [`crate::load`], writes with [`crate::generate::generate`] into the same
//! folders under the same lock.

pub mod api;
mod guard;
mod pages;
mod pdf_job;
mod settings;
pub mod workspace;

use crate::error::{Error, Result};
use crate::generate::{Caches, Options};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use chrono::NaiveDateTime;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use workspace::Workspace;

/// The largest upload, per file (the reader's own limit is the same).
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// How `serve` runs.
#[derive(Clone)]
pub struct ServeOptions {
    /// The address to listen on; `127.0.0.1:8080` by default.
    pub listen: SocketAddr,
    /// The access token every request must carry, required off the loopback address.
    pub token: Option<String>,
    /// The workspace: `input/` and `output/` under it.
    pub root: PathBuf,
    /// The longest a request may take.
    pub request_timeout: Duration,
    /// How many inputs are worked on at once (the number of cores).
    pub workers: usize,
    /// The local date and time, read by the caller: the server asks for it on each request.
    pub clock: Arc<dyn Fn() -> NaiveDateTime + Send + Sync>,
}

/// What every handler shares.
#[derive(Clone)]
pub struct State {
    workspace: Workspace,
    token: Option<String>,
    clock: Arc<dyn Fn() -> NaiveDateTime + Send + Sync>,
    /// A permit for each input worked on at once.
    permits: Arc<tokio::sync::Semaphore>,
    /// The PDF conversions under way or done, by input name.
    pdf_jobs: Arc<std::sync::Mutex<std::collections::HashMap<String, Arc<pdf_job::PdfJob>>>>,
}

impl State {
    /// The workspace's configuration, `input/cchc.toml`, when there is one.
    fn config_file(&self) -> Option<PathBuf> {
        let path = self.workspace.inputs().join(crate::config::FILE_NAME);
        path.is_file().then_some(path)
    }

    /// The input at `path` in the workspace, read with the workspace's configuration and
    /// the input's own settings over it, as `generate` reads them.
    fn read_input(&self, path: &Path) -> Result<(crate::Config, crate::Warned<crate::Analysis>)> {
        let (config, _) = crate::Config::load_for(self.config_file().as_deref(), path)?;
        let analyzed = crate::load(path, None, &config)?;
        Ok((config, analyzed))
    }

    /// The options of a run into `out`, dated now.
    fn options(&self, out: &Path, config: Option<PathBuf>, previous: Option<PathBuf>) -> Options {
        let now = (self.clock)();
        Options {
            config,
            out: out.to_path_buf(),
            sheet: None,
            today: now.date(),
            templates: None,
            pdf: false,
            stamp: now.format("%Y-%m-%d-%H%M%S").to_string(),
            previous,
            // Read afresh on each request: the clerk may have edited the files meanwhile.
            caches: Arc::new(Caches::default()),
            force: false,
            wait: Duration::from_secs(60),
            score_column: None,
            accept_total: false,
        }
    }

    /// Runs `job` on a blocking thread once a permit is free: reading and writing
    /// documents is CPU and disk work, bounded to the number of workers.
    async fn work<T: Send + 'static>(
        &self,
        job: impl FnOnce(State) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let stopped = |detail: &str| Error::Serve {
            detail: detail.to_string(),
            hint: String::new(),
        };
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| stopped("máy chủ đang dừng"))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || job(state))
            .await
            .map_err(|_| stopped("việc xử lý bảng bị dừng bất thường; hãy thử lại"))?
    }
}

/// The application: pages, API, assets, behind the guard and the limits.
///
/// # Errors
/// [`Error::Io`] when the workspace folders cannot be created.
pub fn router(options: &ServeOptions) -> Result<Router> {
    let state = State {
        workspace: Workspace::open(&options.root)?,
        token: options.token.clone(),
        clock: Arc::clone(&options.clock),
        permits: Arc::new(tokio::sync::Semaphore::new(options.workers.max(1))),
        pdf_jobs: Arc::default(),
    };
    Ok(Router::new()
        .route("/", get(pages::index))
        .route("/upload", post(pages::upload))
        .route("/input/{name}", get(pages::input))
        .route("/input/{name}/generate", post(pages::generate))
        .route("/input/{name}/settings", post(pages::settings))
        .route(
            "/input/{name}/pdf",
            post(pdf_job::start).get(pdf_job::status),
        )
        .route("/input/{name}/all.zip", get(pages::zip))
        .route("/input/{name}/file/{*path}", get(pages::file))
        .route("/input/{name}/view/{*path}", get(pages::view))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/assets/{file}", get(pages::asset))
        // Browsers ask for it on every page; there is none.
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
        .route("/api/check", post(api::check))
        .route("/api/generate", post(api::generate))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        // Several files at once from the page: the limit is per file, checked as each is
        // read; the whole request may hold a few.
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT + 1024 * 1024))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            options.request_timeout,
        ))
        .with_state(state))
}

/// Serves until interrupted (Ctrl+C).
///
/// # Errors
/// [`Error::Serve`] when the address is off the loopback and there is no token, or cannot be
/// listened on.
pub fn run(options: ServeOptions, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    if !options.listen.ip().is_loopback() && options.token.is_none() {
        return Err(Error::Serve {
            detail: format!(
                "không mở trang trên địa chỉ {} khi chưa có mã truy cập: máy khác trong mạng sẽ dùng được trang",
                options.listen
            ),
            hint: "đặt mã bằng --token MÃ (hoặc biến môi trường CCHC_TOKEN), hoặc bỏ --listen để chỉ dùng trên máy này".into(),
        });
    }
    let app = router(&options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Serve {
            detail: e.to_string(),
            hint: String::new(),
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|e| Error::Serve {
                detail: format!("không mở được địa chỉ {}: {e}", options.listen),
                hint: "địa chỉ đang được dùng? chọn cổng khác bằng --listen 127.0.0.1:8081".into(),
            })?;
        ready(listener.local_addr().unwrap_or(options.listen));
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Serve {
                detail: e.to_string(),
                hint: String::new(),
            })
    })
}
