//! PDFs from the page: LibreOffice takes seconds a document, so the conversion runs in the
//! background and the page shows its progress (`GET /input/{name}/pdf`) until it is done
//! (issue 15). The same `generate --pdf` as the command line, into the same folder.

use super::State;
use crate::generate::Caches;
use crate::pdf::{Converters, Progress};
use axum::Json;
use axum::extract::{Path as UrlPath, State as Shared};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// One input's conversion: how far it is, and how it ended.
#[derive(Default)]
pub struct PdfJob {
    queued: AtomicUsize,
    finished: AtomicUsize,
    done: AtomicBool,
    error: Mutex<Option<String>>,
}

impl Progress for PdfJob {
    fn queued(&self, count: usize) {
        self.queued.fetch_add(count, Ordering::Relaxed);
    }
    fn finished(&self, count: usize) {
        self.finished.fetch_add(count, Ordering::Relaxed);
    }
}

/// What the page polls.
#[derive(Serialize, Default)]
pub struct Status {
    /// Whether a conversion has been asked for this input since the server started.
    pub started: bool,
    /// Documents to convert, and converted.
    pub queued: usize,
    /// Documents converted (or given up on).
    pub finished: usize,
    /// Whether the conversion has ended.
    pub done: bool,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

impl PdfJob {
    fn status(&self) -> Status {
        Status {
            started: true,
            queued: self.queued.load(Ordering::Relaxed),
            finished: self.finished.load(Ordering::Relaxed),
            done: self.done.load(Ordering::Relaxed),
            error: self
                .error
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
        }
    }
}

/// The status of input `name`'s conversion, for the page.
pub fn status_of(state: &State, name: &str) -> Status {
    let jobs = state
        .pdf_jobs
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    jobs.get(name).map(|job| job.status()).unwrap_or_default()
}

/// `GET /input/{name}/pdf`.
pub async fn status(Shared(state): Shared<State>, UrlPath(name): UrlPath<String>) -> Response {
    Json(status_of(&state, &name)).into_response()
}

/// `POST /input/{name}/pdf`: starts the conversion unless one is under way.
pub async fn start(Shared(state): Shared<State>, UrlPath(name): UrlPath<String>) -> Response {
    let Some(path) = state.workspace.input(&name) else {
        return (axum::http::StatusCode::NOT_FOUND, "không có bảng này").into_response();
    };
    let back = Redirect::to(&format!("{}#van-ban", super::pages::input_url(&name)));
    let job = {
        let mut jobs = state
            .pdf_jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if jobs
            .get(&name)
            .is_some_and(|j| !j.done.load(Ordering::Relaxed))
        {
            return back.into_response();
        }
        let job = Arc::new(PdfJob::default());
        jobs.insert(name.clone(), Arc::clone(&job));
        job
    };
    let previous = state.workspace.previous(&name);
    let background = state.clone();
    tokio::spawn(async move {
        let progress: Arc<dyn Progress> = job.clone();
        let result = background
            .work(move |state| {
                let mut options =
                    state.options(&state.workspace.outputs(), state.config_file(), previous);
                options.pdf = true;
                options.caches = Arc::new(Caches {
                    pdf: Converters::default().with_progress(progress),
                    ..Caches::default()
                });
                crate::generate::generate(&path, &options)
            })
            .await;
        if let Err(err) = result {
            *job.error.lock().unwrap_or_else(PoisonError::into_inner) = Some(err.to_string());
        }
        job.done.store(true, Ordering::Relaxed);
    });
    back.into_response()
}
