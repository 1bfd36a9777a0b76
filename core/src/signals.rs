//! Stopping a long-lived process (local runtime, keeper): on Ctrl-C or SIGTERM (what
//! `local/up` and container schedulers send) the process stops at once instead of waiting
//! for open event streams, which never end by themselves; their clients reconnect with
//! `Last-Event-ID` and lose nothing.

use tokio::signal::unix::{SignalKind, signal};

/// Resolves on the first SIGINT or SIGTERM.
pub async fn shutdown() {
    let mut terminate = match signal(SignalKind::terminate()) {
        Ok(terminate) => terminate,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
    tracing::info!("stopping");
}
