//! What a keeper task serves to browsers, behind the cloud's load balancer: the routes of the
//! table whose answer is a stream (SSE) — and, with `XWG_FLEET_ROUTES=all`, every other
//! route too (the deployment's `RestOn=fleet`: no per-request fees of API Gateway and
//! Lambda) — a readiness check, the CORS policy. A stream may
//! land on any task: the keeper port finds the user's session by its lease and, when another
//! keeper holds it, feeds the stream from there over the keeper wire, so the per-login and
//! per-user caps hold fleet-wide (they are counted where the session is). Each task takes at
//! most `XWG_STREAMS_PER_TASK` streams and says it is not ready at that cap or while it
//! drains, so the load balancer sends new streams elsewhere.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::StreamExt;
use http::StatusCode;
use keeper::SessionKeeper;
use xwg_api::table::ROUTES;
use xwg_api::{ApiError, Ctx, ErrorKind};

use crate::router::{mount, serve, shell};

/// The load balancer's health check: 200 while the task takes new streams.
pub const READY: &str = "/ready";

/// Open streams of this task, against its cap.
pub struct Streams {
    open: AtomicUsize,
    cap: usize,
}

/// A stream's place under the task's cap, given back when its answer ends.
struct Slot(Arc<Streams>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Streams {
    pub fn new(cap: usize) -> Arc<Self> {
        Arc::new(Self {
            open: AtomicUsize::new(0),
            cap,
        })
    }

    pub fn open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    fn take(self: &Arc<Self>) -> Option<Slot> {
        self.open
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |open| {
                (open < self.cap).then_some(open + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(self)))
    }
}

/// Which routes a task serves besides the streams.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Serves {
    Streams,
    All,
}

pub fn router(
    ctx: Arc<Ctx>,
    keeper: Arc<SessionKeeper>,
    streams: Arc<Streams>,
    serves: Serves,
) -> Router {
    let cors_origins = ctx.config.cors_origins.clone();
    let ready = {
        let streams = Arc::clone(&streams);
        move || async move {
            if keeper.is_ready() && streams.open() < streams.cap {
                (StatusCode::OK, "ready")
            } else {
                (StatusCode::SERVICE_UNAVAILABLE, "not taking streams")
            }
        }
    };
    let routes = mount(
        ROUTES
            .iter()
            .copied()
            .filter(move |route| route.streams || serves == Serves::All),
        move |route, req| {
            let ctx = Arc::clone(&ctx);
            if route.streams {
                Box::pin(stream(ctx, Arc::clone(&streams), route, req))
            } else {
                Box::pin(serve(ctx, route, req))
            }
        },
    );
    shell(routes.route(READY, get(ready)), &cors_origins)
}

/// A streaming route's answer, holding a place under the task's cap while it streams.
async fn stream(
    ctx: Arc<Ctx>,
    streams: Arc<Streams>,
    route: &'static xwg_api::routes::Route,
    req: Request,
) -> Response {
    let path = req.uri().path().to_string();
    let Some(slot) = streams.take() else {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::KeeperUnavailable,
            "This server holds as many streams as it takes; try again (the load balancer \
             sends it elsewhere).",
        )
        .with_retry_after(1)
        .into_response(&path);
    };
    let response = serve(ctx, route, req).await;
    let (parts, body) = response.into_parts();
    let body = body.into_data_stream().map(move |chunk| {
        let _held = &slot;
        chunk
    });
    (parts, Body::from_stream(body)).into_response()
}
