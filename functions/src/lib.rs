//! Runs one route of the table as a Lambda function. Each binary in `src/bin/` is one line,
//! generated from the table: `functions::main!(LOGIN);` names its route's static
//! (`xwg_api::table::LOGIN`) and runs it, so it links that route's handler and nothing
//! else of the table.

use std::sync::Arc;

use lambda_http::request::RequestContext;
use lambda_http::{Body, Error, Request, RequestExt, Response, service_fn};
use xwg_api::Ctx;
use xwg_api::config::{self, Config};
use xwg_api::routes::request::SourceAddr;
use xwg_api::routes::{self, Route};
use xwg_core::clock::{Clock, SystemClock};
use xwg_core::keeper::KeeperClient;
use xwg_core::{logging, secrets, store};

/// The `main` of a route's function: `functions::main!(GET_USER);`.
#[macro_export]
macro_rules! main {
    ($route:ident) => {
        #[tokio::main]
        async fn main() -> Result<(), lambda_http::Error> {
            $crate::run(&xwg_api::table::$route).await
        }
    };
}

/// Serves `route` under the Lambda runtime until the runtime stops the process.
/// The context is built once here (cold start) and shared by every invocation.
pub async fn run(route: &'static Route) -> Result<(), Error> {
    logging::init();
    let ctx = Arc::new(context().await?);
    // Streams are not functions: the keeper fleet serves them (`local::fleet`).
    lambda_http::run(service_fn(move |req: Request| {
        let ctx = Arc::clone(&ctx);
        async move { buffered(route.serve(&ctx, into_route_request(req)).await).await }
    }))
    .await
}

/// The functions' wiring: the configuration (with its secrets), the configured store, the
/// wall clock, the keeper over HTTP.
async fn context() -> Result<Ctx, Error> {
    let vars = secrets::with_secrets(config::env_vars()).await?;
    let config = Config::from_vars(&vars)?;
    let keeper = KeeperClient::new(
        &config::keeper_url(&vars)?,
        xwg_core::config::keeper_secret(&vars)?.current(),
    );
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = store::open(&config.store, clock.clone()).await?;
    Ok(Ctx::new(config, store, clock, Arc::new(keeper))?)
}

/// The Lambda request as the routes take it: where it came from as an extension, the body
/// as it arrived.
fn into_route_request(req: Request) -> routes::Request {
    let source = req.request_context_ref().and_then(|context| {
        let ip = match context {
            RequestContext::ApiGatewayV2(context) => context.http.source_ip.clone(),
            RequestContext::ApiGatewayV1(context) => context.identity.source_ip.clone(),
            _ => None,
        };
        ip?.parse().ok()
    });
    let (mut parts, body) = req.into_parts();
    if let Some(addr) = source {
        parts.extensions.insert(SourceAddr(addr));
    }
    let body = match body {
        Body::Text(text) => axum::body::Body::from(text),
        Body::Binary(bytes) => axum::body::Body::from(bytes),
        _ => axum::body::Body::empty(),
    };
    routes::Request::from_parts(parts, body)
}

/// A buffered route's response for the Lambda runtime.
async fn buffered(response: routes::Response) -> Result<Response<Body>, Error> {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await?;
    let body = match String::from_utf8(bytes.to_vec()) {
        Ok(text) if text.is_empty() => Body::Empty,
        Ok(text) => Body::Text(text),
        Err(err) => Body::Binary(err.into_bytes()),
    };
    Ok(Response::from_parts(parts, body))
}
