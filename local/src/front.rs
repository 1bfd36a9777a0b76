//! The local front of the cloud shape (`xwg-local front`, run by `./local/up --cloud`): it
//! stands where API Gateway, the load balancer and CloudFront stand in the cloud. Each
//! path of the route table — the template's paths (`tests/tests/template.rs` checks that
//! they agree) — goes to that route's own function under `cargo lambda watch`, except the
//! streams, which go to the keeper tasks in turn (as the load balancer does; a task that
//! does not answer is skipped). Answers stream back as they come. The browser side and the
//! CORS policy are the local runtime's.

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::{HeaderMap, StatusCode, header};
use url::Url;
use xwg_api::routes::Route;
use xwg_api::{ApiError, ErrorKind};

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::ConnectInfo;
use http::HeaderValue;
use xwg_api::routes::edge;

use xwg_api::table::ROUTES;

use crate::router::{mount, shell, with_pages};

/// Where the front sends requests.
pub struct Backends {
    /// Where `cargo lambda watch` serves the functions, e.g.
    /// `http://127.0.0.1:9000/lambda-url` (a route's function is `<functions>/<route name>`).
    pub functions: String,
    /// The keeper tasks' stream listeners, e.g. `http://127.0.0.1:8081`.
    pub streams: Vec<String>,
    /// What CloudFront adds to every request it passes on (`XWG_ORIGIN_SECRET`), with the
    /// viewer's address: the backends refuse requests without it (`routes::edge`).
    pub origin_secret: Option<String>,
}

pub fn router(backends: Backends, web: &Path, cors_origins: &[String]) -> Router {
    let http = reqwest::Client::new();
    let functions = backends.functions.trim_end_matches('/').to_string();
    let streams: Arc<Vec<String>> = Arc::new(
        backends
            .streams
            .iter()
            .map(|url| url.trim_end_matches('/').to_string())
            .collect(),
    );
    let turn = Arc::new(AtomicUsize::new(0));
    let origin_secret = backends.origin_secret;
    let routes = mount(ROUTES.iter().copied(), move |route, mut req| {
        let (http, functions) = (http.clone(), functions.clone());
        let (streams, turn) = (Arc::clone(&streams), Arc::clone(&turn));
        as_cloudfront_passes_it_on(&mut req, origin_secret.as_deref());
        Box::pin(async move {
            if route.streams {
                let first = turn.fetch_add(1, Ordering::Relaxed);
                to_a_stream_task(http, &streams, first, route, req).await
            } else {
                to_function(http, &functions, route, req).await
            }
        })
    });
    shell(with_pages(routes, web), cors_origins)
}

/// The headers CloudFront adds on the way to the origins: the origin secret, and the
/// viewer's address (over any the viewer sent).
fn as_cloudfront_passes_it_on(req: &mut Request, origin_secret: Option<&str>) {
    let Some(secret) = origin_secret.and_then(|s| HeaderValue::from_str(s).ok()) else {
        return;
    };
    let viewer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .and_then(|peer| HeaderValue::from_str(&peer.0.ip().to_string()).ok());
    let headers = req.headers_mut();
    headers.insert(edge::ORIGIN_HEADER, secret);
    headers.remove(edge::VIEWER_HEADER);
    if let Some(viewer) = viewer {
        headers.insert(edge::VIEWER_HEADER, viewer);
    }
}

/// A stream to the keeper tasks, starting with the `first`th: one that cannot be reached
/// is skipped (a stream request has no body, so it can be sent again).
async fn to_a_stream_task(
    http: reqwest::Client,
    tasks: &[String],
    first: usize,
    route: &Route,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut last_error = "no keeper task is configured (XWG_STREAMS_URLS)".to_string();
    for i in 0..tasks.len() {
        let task = &tasks[(first + i) % tasks.len()];
        let Ok(url) = Url::parse(&format!("{task}{path}")) else {
            return ApiError::bad_request("The path cannot be passed on as it is.")
                .into_response(parts.uri.path());
        };
        let sent = http
            .request(parts.method.clone(), url)
            .headers(end_to_end(parts.headers.clone()))
            .send()
            .await;
        match sent {
            Err(e) if e.is_connect() => last_error = e.without_url().to_string(),
            sent => return answer(sent, route),
        }
    }
    unavailable(route, &last_error)
}

/// The request to `route`'s function, and its answer back.
async fn to_function(
    http: reqwest::Client,
    functions: &str,
    route: &Route,
    req: Request,
) -> Response {
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let Some(url) = function_url(functions, route, path) else {
        return ApiError::bad_request(
            "The path cannot be passed on as it is: send it without `.` or `..` segments and \
             backslashes, other characters percent-encoded.",
        )
        .into_response(req.uri().path());
    };
    let (parts, body) = req.into_parts();
    let sent = http
        .request(parts.method, url)
        .headers(end_to_end(parts.headers))
        .body(reqwest::Body::wrap_stream(body.into_data_stream()))
        .send()
        .await;
    answer(sent, route)
}

/// The backend's answer, streamed back as it comes.
fn answer(sent: reqwest::Result<reqwest::Response>, route: &Route) -> Response {
    match sent {
        Ok(answer) => {
            let mut response = Response::builder().status(answer.status());
            if let Some(headers) = response.headers_mut() {
                *headers = end_to_end(answer.headers().clone());
            }
            response
                .body(Body::from_stream(answer.bytes_stream()))
                .unwrap_or_else(|e| unavailable(route, &e.to_string()))
        }
        // Without the URL: it holds the query string, a token perhaps.
        Err(e) => unavailable(route, &e.without_url().to_string()),
    }
}

/// `<functions>/<route name><path>`, when the URL keeps the path as it came: URL parsing
/// resolves `..` (also written `%2e%2e`) and reads `\` as `/`, which would reach other
/// functions or the emulator's own invoke API.
fn function_url(functions: &str, route: &Route, path: &str) -> Option<Url> {
    let prefix = Url::parse(&format!("{functions}/{}", route.name)).ok()?;
    let url = Url::parse(&format!("{functions}/{}{path}", route.name)).ok()?;
    let raw_path = path.split('?').next().unwrap_or_default();
    let unchanged =
        !raw_path.contains('\\') && url.path() == format!("{}{raw_path}", prefix.path());
    unchanged.then_some(url)
}

fn unavailable(route: &Route, reason: &str) -> Response {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        ErrorKind::FunctionUnavailable,
        format!("The function {} did not answer: {reason}", route.name),
    )
    .into_response("")
}

/// The headers that pass a proxy (RFC 9110 §7.6.1): not the connection's own — the fixed
/// ones and those its `Connection` header names — and not `Host`.
fn end_to_end(mut headers: HeaderMap) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    for name in named {
        headers.remove(name.as_str());
    }
    for name in [
        header::CONNECTION,
        header::HOST,
        header::TE,
        header::TRAILER,
        header::TRANSFER_ENCODING,
        header::UPGRADE,
        header::PROXY_AUTHORIZATION,
        header::PROXY_AUTHENTICATE,
        header::CONTENT_LENGTH,
    ] {
        headers.remove(name);
    }
    headers.remove("keep-alive");
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_never_leaves_its_functions_prefix() {
        let route = &xwg_api::table::LOGIN;
        let functions = "http://127.0.0.1:9000/lambda-url";
        let url = |path: &str| function_url(functions, route, path).map(|u| u.to_string());
        assert_eq!(
            url("/sparkweb/api/rest/login/alice?x=1").as_deref(),
            Some("http://127.0.0.1:9000/lambda-url/login/sparkweb/api/rest/login/alice?x=1")
        );
        for hostile in [
            r"/sparkweb/api/rest/login/..\..\..\..\..\2015-03-31\functions\admin_create_user\invocations",
            "/sparkweb/api/rest/login/../../../../../../2015-03-31/functions/x/invocations",
            "/sparkweb/api/rest/login/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/x",
            "/sparkweb/api/rest/login/./alice",
        ] {
            assert_eq!(url(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn headers_the_connection_names_stop_at_the_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONNECTION,
            "keep-alive, X-Secret-Hop".parse().unwrap(),
        );
        headers.insert("x-secret-hop", "1".parse().unwrap());
        headers.insert(header::AUTHORIZATION, "token".parse().unwrap());
        let passed = end_to_end(headers);
        assert!(passed.get("x-secret-hop").is_none());
        assert!(passed.get(header::CONNECTION).is_none());
        assert_eq!(passed[header::AUTHORIZATION], "token");
    }
}
