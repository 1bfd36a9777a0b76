//! The local router, derived from the route table: each row becomes an axum route whose
//! requests are converted to the `lambda_http` types the handlers take, so the local
//! runtime runs exactly the code a Lambda function runs.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body as AxumBody;
use axum::extract::{ConnectInfo, Request as AxumRequest};
use axum::response::Response as AxumResponse;
use axum::routing::{MethodFilter, on};
use lambda_http::Body;
use shared::http_io::SourceAddr;
use shared::routes::{self, ROUTES, Route, Serve};
use shared::{ApiError, Ctx};

/// The largest request body accepted (the API Gateway payload limit).
const MAX_BODY: usize = 10 * 1024 * 1024;

/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so that handlers know
/// callers' addresses (per-address limits).
pub fn router(ctx: Arc<Ctx>) -> Router {
    let mut router = Router::new();
    for route in ROUTES {
        let filter = MethodFilter::try_from(route.method.clone())
            .unwrap_or_else(|_| panic!("route {} has a method axum cannot route", route.name));
        for path in route.paths() {
            let ctx = Arc::clone(&ctx);
            router = router.route(
                path,
                on(filter, move |req: AxumRequest| serve(ctx, route, req)),
            );
        }
    }
    router.route("/web/{file}", axum::routing::get(web_file))
}

/// The browser side (`web/`): the local runtime serves it, because a service worker must
/// come from the origin of the API it calls. In the cloud the web app's host serves it.
const WEB: &[(&str, &str, &str)] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_str!("../../web/index.html"),
    ),
    (
        "push.js",
        "text/javascript; charset=utf-8",
        include_str!("../../web/push.js"),
    ),
    (
        "sw.js",
        "text/javascript; charset=utf-8",
        include_str!("../../web/sw.js"),
    ),
];

async fn web_file(axum::extract::Path(file): axum::extract::Path<String>) -> AxumResponse {
    match WEB.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, text)) => AxumResponse::builder()
            .header(http::header::CONTENT_TYPE, *content_type)
            .body(AxumBody::from(*text))
            .unwrap_or_default(),
        None => to_axum(ApiError::not_found(format!("There is no web/{file}.")).into_response()),
    }
}

async fn serve(ctx: Arc<Ctx>, route: &'static Route, req: AxumRequest) -> AxumResponse {
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let err = ApiError::bad_request("The request body is too large or was cut off.");
            return to_axum(err.into_response());
        }
    };
    let body = match String::from_utf8(bytes.to_vec()) {
        Ok(text) if text.is_empty() => Body::Empty,
        Ok(text) => Body::Text(text),
        Err(err) => Body::Binary(err.into_bytes()),
    };
    let mut req = lambda_http::Request::from_parts(parts, body);
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(SourceAddr(peer.ip()));
    }
    match route.serve {
        Serve::Buffered(_) => to_axum(routes::dispatch(&ctx, route, req).await),
        // Already an axum body, streamed as it is produced.
        Serve::Stream(_) => routes::dispatch_stream(&ctx, route, req).await,
    }
}

fn to_axum(response: lambda_http::Response<Body>) -> AxumResponse {
    response.map(|body| match body {
        Body::Empty => AxumBody::empty(),
        Body::Text(text) => AxumBody::from(text),
        Body::Binary(bytes) => AxumBody::from(bytes),
        _ => AxumBody::empty(),
    })
}
