//! What every request passes before a handler: the access token when the server has one,
//! the Origin check on requests that change something (CSRF), and the headers that keep the
//! page to its own assets (issue 15).

use super::State;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// The cookie the login form sets.
pub const COOKIE: &str = "cchc_token";
/// The header a program sends the token in (or `Authorization: Bearer …`).
pub const TOKEN_HEADER: &str = "x-cchc-token";

/// Only the page's own scripts, styles and images; no frames, no foreign form targets.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; frame-src 'self'; form-action 'self'; \
                   frame-ancestors 'self'; base-uri 'none'";

/// Checks the token and the origin, then adds the security headers to the response.
pub async fn guard(
    axum::extract::State(state): axum::extract::State<State>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let api = path.starts_with("/api/");
    let open = path == "/login" || path == "/favicon.ico" || path.starts_with("/assets/");
    if let Some(token) = &state.token
        && !open
        && !presented(request.headers(), token)
    {
        return secured(if api {
            super::api::error_response(
                StatusCode::UNAUTHORIZED,
                "cần mã truy cập: gửi mã trong tiêu đề X-CCHC-Token",
                None,
            )
        } else {
            Redirect::to("/login").into_response()
        });
    }
    if changes_state(request.method()) && !same_origin(request.headers()) {
        let message = "yêu cầu đến từ một trang khác, không được chấp nhận";
        return secured(if api {
            super::api::error_response(StatusCode::FORBIDDEN, message, None)
        } else {
            (StatusCode::FORBIDDEN, message).into_response()
        });
    }
    secured(next.run(request).await)
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request carries `token`: in the cookie, the header, or as a bearer token.
fn presented(headers: &HeaderMap, token: &str) -> bool {
    let header = headers
        .get(TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string());
    [header, bearer, cookie]
        .into_iter()
        .flatten()
        .any(|given| equal(given.as_bytes(), token.as_bytes()))
}

/// Compares in time that does not depend on where the first difference is.
pub fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A browser names the page a request comes from in `Origin` (and `Sec-Fetch-Site`): it
/// must be this server. A program sends neither, and is let through (it holds the token
/// when one is needed).
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        return host
            .is_some_and(|h| origin == format!("http://{h}") || origin == format!("https://{h}"));
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}

/// Adds the Content-Security-Policy and its companions.
fn secured(mut response: Response<Body>) -> Response<Body> {
    let headers = response.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    // A PDF shown in the browser is its own viewer, which the page's policy would stop; it
    // may be framed only by the page itself.
    let pdf = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes() == b"application/pdf");
    if pdf {
        set(headers, "content-security-policy", "frame-ancestors 'self'");
    } else {
        set(headers, "content-security-policy", CSP);
    }
    set(headers, "x-content-type-options", "nosniff");
    // Not "no-referrer": with it a browser sends "Origin: null" on the page's own forms.
    set(headers, "referrer-policy", "same-origin");
    set(headers, "x-frame-options", "SAMEORIGIN");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_tokens() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&h), "a program");
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h));

        let mut h = HeaderMap::new();
        assert!(!presented(&h, "abc"));
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("x=1; cchc_token=abc"),
        );
        assert!(presented(&h, "abc"));
        assert!(!presented(&h, "abd"));
        assert!(equal(b"abc", b"abc") && !equal(b"abc", b"ab"));
    }
}
