//! The local front of the cloud shape (`xwg-local front`, run by `./local/up --cloud`): it
//! stands where API Gateway, the SSE function's URL and CloudFront stand in the cloud. Each
//! path of the route table — the template's paths (`tests/tests/template.rs` checks that
//! they agree) — goes to that route's own function under `cargo lambda watch`, and the
//! function's answer streams back as it comes (SSE included). The browser side and the
//! CORS policy are the local runtime's.

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::{HeaderMap, StatusCode, header};
use shared::ApiError;
use shared::routes::Route;

use crate::router::{mount, shell};

/// `functions`: where `cargo lambda watch` serves them, e.g.
/// `http://127.0.0.1:9000/lambda-url` (a route's function is `<functions>/<route name>`).
pub fn router(functions: &str, web: &Path, cors_origins: &[String]) -> Router {
    let http = reqwest::Client::new();
    let functions = functions.trim_end_matches('/').to_string();
    let routes =
        mount(move |route, req| Box::pin(forward(http.clone(), functions.clone(), route, req)));
    shell(routes, web, cors_origins)
}

/// The request to `route`'s function, and its answer back.
async fn forward(
    http: reqwest::Client,
    functions: String,
    route: &Route,
    req: Request,
) -> Response {
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let url = format!("{functions}/{}{path}", route.name);
    let (parts, body) = req.into_parts();
    let sent = http
        .request(parts.method, url)
        .headers(end_to_end(parts.headers))
        .body(reqwest::Body::wrap_stream(body.into_data_stream()))
        .send()
        .await;
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
        Err(e) => unavailable(route, &e.to_string()),
    }
}

fn unavailable(route: &Route, reason: &str) -> Response {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "FunctionUnavailable",
        format!("The function {} did not answer: {reason}", route.name),
    )
    .into_response()
}

/// The headers that pass a proxy (RFC 9110 §7.6.1): not the connection's own, not `Host`.
fn end_to_end(mut headers: HeaderMap) -> HeaderMap {
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
