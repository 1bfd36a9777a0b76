//! The local router, derived from the route table: each row becomes an axum route that
//! hands the request to the row, so the local runtime runs exactly the code a Lambda
//! function runs.

use std::net::SocketAddr;
use std::sync::Arc;

use std::path::Path;

use axum::Router;
use axum::extract::{ConnectInfo, Request as AxumRequest};
use axum::handler::HandlerWithoutStateExt;
use axum::response::{IntoResponse, Redirect, Response as AxumResponse};
use axum::routing::{MethodFilter, get, on};
use http::HeaderValue;
use http::StatusCode;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use xwg_api::routes::Route;
use xwg_api::routes::request::SourceAddr;
use xwg_api::table::ROUTES;
use xwg_api::{ApiError, Ctx, ErrorKind};

/// Serve it with [`crate::serve::serve`], so that handlers know callers' addresses
/// (per-address limits). `web` is the built browser side (`web/dist`).
pub fn router(ctx: Arc<Ctx>, web: &Path) -> Router {
    let cors_origins = ctx.config.cors_origins.clone();
    let routes = mount(ROUTES.iter().copied(), move |route, req| {
        Box::pin(serve(Arc::clone(&ctx), route, req))
    });
    shell(with_pages(routes, web), &cors_origins)
}

/// What answers a request for one route of the table.
pub type Answer = futures::future::BoxFuture<'static, AxumResponse>;

/// Every path of the given routes of the table, each answered by `answer` with its route.
pub fn mount<F>(routes: impl IntoIterator<Item = &'static Route>, answer: F) -> Router
where
    F: Fn(&'static Route, AxumRequest) -> Answer + Clone + Send + Sync + 'static,
{
    let mut router = Router::new();
    for route in routes {
        let filter = MethodFilter::try_from(route.method.clone())
            .unwrap_or_else(|_| panic!("route {} has a method axum cannot route", route.name));
        for path in route.paths() {
            let answer = answer.clone();
            router = router.route(path, on(filter, move |req: AxumRequest| answer(route, req)));
        }
    }
    router
}

/// The browser side beside the routes: a service worker must come from the origin of the
/// API it calls, so the local runtime serves it; the API's try-it page beside the document
/// it reads.
pub fn with_pages(routes: Router, web: &Path) -> Router {
    routes
        // Without its slash the page's relative links would miss: redirect, as for the docs.
        .route("/web", get(|| async { Redirect::permanent("/web/") }))
        .nest_service("/web/", pages(web))
        .route(
            "/sparkweb/api/docs",
            get(|| async { Redirect::permanent("/sparkweb/api/docs/") }),
        )
        .nest_service("/sparkweb/api/docs/", pages(&web.join("docs")))
}

/// Around the routes: JSON errors for a path no route has or a method a path does not
/// take, and the CORS policy.
pub fn shell(routes: Router, cors_origins: &[String]) -> Router {
    routes
        .fallback(|req: AxumRequest| async move {
            ApiError::not_found(format!(
                "No route matches {}; the routes are listed at /sparkweb/api/openapi.json.",
                req.uri().path()
            ))
            .into_response(req.uri().path())
        })
        .method_not_allowed_fallback(|req: AxumRequest| async move {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorKind::MethodNotAllowed,
                format!(
                    "{} does not take {}; the routes are listed at /sparkweb/api/openapi.json.",
                    req.uri().path(),
                    req.method()
                ),
            )
            .into_response(req.uri().path())
        })
        .layer(axum::middleware::from_fn(client_page_for_browsers))
        // Outermost: a preflight is answered before any route or fallback sees it.
        .layer(cors(cors_origins))
}

/// `GET /` from a browser (it asks for HTML) opens the client page; anything else there
/// gets the API description (`about`).
async fn client_page_for_browsers(req: AxumRequest, next: axum::middleware::Next) -> AxumResponse {
    let wants_html = req
        .headers()
        .get(http::header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if req.method() == http::Method::GET && req.uri().path() == "/" && wants_html {
        return Redirect::to("/web/").into_response();
    }
    next.run(req).await
}

/// The CORS policy of `XWG_CORS_ORIGINS` (`template.yaml` gives API Gateway the same): the
/// methods and headers the API uses, `Retry-After` readable, preflights cached ten minutes.
fn cors(origins: &[String]) -> CorsLayer {
    use http::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION, RETRY_AFTER};
    let allowed = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        let origins = origins.to_vec();
        AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin
                .to_str()
                .is_ok_and(|origin| xwg_api::config::origin_allowed(&origins, origin))
        })
    };
    CorsLayer::new()
        .allow_origin(allowed)
        .allow_methods([
            http::Method::GET,
            http::Method::HEAD,
            http::Method::POST,
            http::Method::PUT,
            http::Method::DELETE,
        ])
        .allow_headers([
            AUTHORIZATION,
            CONTENT_TYPE,
            http::HeaderName::from_static("last-event-id"),
            http::HeaderName::from_static("x-auth-ticket"),
            http::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([RETRY_AFTER, LOCATION])
        .max_age(std::time::Duration::from_secs(600))
}

/// What pages may do: load only their own scripts and styles (Swagger UI sets inline styles),
/// talk to this origin, and never be framed by another site.
/// Uploads go straight to the XMPP server's upload service (XEP-0363), and images sent in
/// chats show inline from there: over https anywhere, over http only from this machine (a
/// local server).
const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: https: http://127.0.0.1:* http://localhost:*; \
    connect-src 'self' https: http://127.0.0.1:* http://localhost:*; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Static files of `dir`, with the security headers pages need.
fn pages(dir: &Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dir).not_found_service(no_such_file.into_service()))
        .layer(header(http::header::CONTENT_SECURITY_POLICY, PAGE_POLICY))
        .layer(header(http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(http::header::REFERRER_POLICY, "no-referrer"))
}

/// A missing page or file: a JSON 404 like every other answer of the gateway.
async fn no_such_file(req: AxumRequest) -> AxumResponse {
    let path = req.uri().path();
    ApiError::not_found(format!("There is no file {path} here.")).into_response(path)
}

fn header(name: http::HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// The request to the route's dispatcher, with the caller's address.
pub async fn serve(ctx: Arc<Ctx>, route: &'static Route, mut req: AxumRequest) -> AxumResponse {
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(SourceAddr(peer.ip()));
    }
    route.serve(&ctx, req).await
}
