//! Serving the router over TCP with deadlines of its own: a client has [`HEADER_TIMEOUT`] to
//! send a request's head, or its connection is closed (connections opened and left silent
//! would otherwise be held for ever); bodies have the dispatcher's deadline.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client may take to send a request's head.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Accepts connections until `shutdown` resolves; each is served on a task of its own,
/// with the caller's address known to the handlers (`ConnectInfo`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    tokio::pin!(shutdown);
    loop {
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: back off a moment and go on.
                Err(err) => {
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return Ok(()),
        };
        let app = app
            .clone()
            .map_request(move |req: hyper::Request<Incoming>| {
                let mut req: Request = req.map(Body::new);
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                req
            });
        let builder = builder.clone();
        tokio::spawn(async move {
            let service = TowerToHyperService::new(app);
            if let Err(err) = builder
                .serve_connection_with_upgrades(TokioIo::new(io), service)
                .await
            {
                tracing::debug!(%peer, error = %err, "connection ended");
            }
        });
    }
}
