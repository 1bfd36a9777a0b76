//! `xwg-keeper`: the session keeper as a process of its own (the cloud shape, a task of the
//! keeper fleet), serving its internal API on `XWG_KEEPER_LISTEN` to the functions and the
//! other keepers and, given `XWG_STREAMS_LISTEN`, the event streams to browsers (behind the
//! load balancer: `local::fleet`; with `XWG_FLEET_ROUTES=all`, every route). On SIGTERM it drains: it stops taking streams and
//! sessions, hands its sessions over (they end here, keeping their leases, and it resigns
//! its own lease so another keeper opens them at once) and tells its open streams to
//! reconnect, which they do on another task, resuming from the event log.
//! `xwg-keeper health` asks the keeper on `XWG_KEEPER_LISTEN` whether it serves (a
//! container's health check has no curl); `xwg-keeper reseal` seals every stored secret
//! again under the current keys (after a rotation: `local::reseal`).

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use keeper::SessionKeeper;
use xwg_api::Ctx;
use xwg_api::config::Config;
use xwg_core::clock::{Clock, SystemClock};
use xwg_core::config::{KeeperConfig, PushConfig, StoreConfig, XmppConfig, env_vars};
use xwg_core::{logging, store};

#[tokio::main]
async fn main() -> ExitCode {
    logging::init();
    let run = match std::env::args().nth(1).as_deref() {
        None => serve().await,
        Some("health") => health().await,
        Some("reseal") => reseal().await,
        Some(other) => Err(format!(
            "unknown command {other:?} (expected none, health or reseal)"
        )),
    };
    match run {
        Ok(()) => ExitCode::SUCCESS,
        Err(line) => {
            eprintln!("xwg-keeper: {line}");
            ExitCode::FAILURE
        }
    }
}

#[expect(
    clippy::print_stdout,
    reason = "the command's answer: what it sealed again"
)]
async fn reseal() -> Result<(), String> {
    let vars = xwg_core::secrets::with_secrets(env_vars()).await?;
    println!("{}", local::reseal::command(&vars).await?);
    Ok(())
}

async fn serve() -> Result<(), String> {
    // Only what a keeper uses; token keys and web settings only when it serves streams.
    let vars = xwg_core::secrets::with_secrets(env_vars()).await?;
    let xmpp = XmppConfig::from_vars(&vars).map_err(|e| e.to_string())?;
    let store_config = StoreConfig::from_vars(&vars).map_err(|e| e.to_string())?;
    let push = PushConfig::from_vars(&vars).map_err(|e| e.to_string())?;
    let keeper_config = KeeperConfig::from_vars(&vars).map_err(|e| e.to_string())?;
    let listen = xwg_core::config::keeper_listen_addr().map_err(|e| e.to_string())?;
    let secret = xwg_core::config::keeper_secret(&vars).map_err(|e| e.to_string())?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = store::open(&store_config, clock.clone())
        .await
        .map_err(|e| format!("store: {e}"))?;
    let me = keeper::lease::Identity {
        id: std::env::var("XWG_KEEPER_ID")
            .unwrap_or_else(|_| format!("keeper-{}-{}", hostname(), std::process::id())),
        url: std::env::var("XWG_KEEPER_ADVERTISE_URL")
            .unwrap_or_else(|_| format!("http://{}", advertised(listen))),
    };
    tracing::info!(id = %me.id, url = %me.url, "keeper identity");
    let sealer = keeper_config
        .seal_keys
        .as_ref()
        .map_or_else(xwg_core::seal::Sealer::none, xwg_core::seal::Sealer::new);
    let pusher = Arc::new(xwg_core::push::Pusher::new(store.clone(), push, sealer));
    let keeper = Arc::new(SessionKeeper::in_cluster(
        store.clone(),
        xmpp,
        keeper_config,
        clock.clone(),
        me,
        secret.current().to_string(),
    ));
    keeper.enable_push(pusher);
    keeper.spawn_lease_keeping();
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        format!("cannot listen on {listen} ({e}): set XWG_KEEPER_LISTEN to a free address")
    })?;
    tracing::info!(%listen, "keeper listening");
    let internal = keeper::api::router(keeper.clone(), secret);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let until_stopped = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|stop| *stop).await;
    };
    let mut servers = tokio::task::JoinSet::new();
    servers.spawn(local::serve::serve(
        listener,
        internal,
        until_stopped(stopped.clone()),
    ));
    let ctx = match streams_listen()? {
        Some(streams_listen) => {
            let config = Config::from_vars(&vars).map_err(|e| e.to_string())?;
            config.holds_every_secret().map_err(|e| e.to_string())?;
            let ctx = Arc::new(
                Ctx::new(config, store.clone(), clock.clone(), keeper.clone())
                    .map_err(|e| e.to_string())?,
            );
            let cap = vars
                .get("XWG_STREAMS_PER_TASK")
                .map(|cap| cap.parse::<usize>())
                .transpose()
                .map_err(|_| "XWG_STREAMS_PER_TASK must be a number".to_string())?
                .unwrap_or(DEFAULT_STREAMS_PER_TASK);
            let streams = local::fleet::Streams::new(cap);
            let listener = tokio::net::TcpListener::bind(streams_listen)
                .await
                .map_err(|e| {
                    format!("cannot listen on {streams_listen} ({e}): set XWG_STREAMS_LISTEN to a free address")
                })?;
            tracing::info!(listen = %streams_listen, cap, "streams listening");
            let serves = match vars.get("XWG_FLEET_ROUTES").map(String::as_str) {
                None | Some("streams") => local::fleet::Serves::Streams,
                Some("all") => local::fleet::Serves::All,
                Some(other) => {
                    return Err(format!("XWG_FLEET_ROUTES is streams or all, not {other:?}"));
                }
            };
            let app = local::fleet::router(Arc::clone(&ctx), keeper.clone(), streams, serves);
            servers.spawn(local::serve::serve(listener, app, until_stopped(stopped)));
            Some(ctx)
        }
        None => None,
    };
    tokio::select! {
        Some(ended) = servers.join_next() => {
            return Err(format!("keeper stopped: {}", match ended {
                Ok(Ok(())) => "a listener closed".to_string(),
                Ok(Err(e)) => e.to_string(),
                Err(e) => e.to_string(),
            }));
        }
        _ = xwg_core::signals::shutdown() => {}
    }
    // Draining: sessions first (handed over with their leases), then the streams, which
    // reconnect elsewhere and find the sessions' new keeper.
    keeper.drain().await;
    if let Some(ctx) = ctx {
        ctx.shutting_down.send_replace(true);
    }
    let _ = stop.send(true);
    // A moment for the streams' last events to leave.
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(())
}

/// Streams a task takes unless `XWG_STREAMS_PER_TASK` says otherwise.
const DEFAULT_STREAMS_PER_TASK: usize = 10_000;

/// Where browsers' streams are served (`XWG_STREAMS_LISTEN`), if anywhere.
fn streams_listen() -> Result<Option<SocketAddr>, String> {
    std::env::var("XWG_STREAMS_LISTEN")
        .ok()
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse().map_err(|_| {
                format!("XWG_STREAMS_LISTEN must be an address like 0.0.0.0:8080, not {v:?}")
            })
        })
        .transpose()
}

/// Exits 0 when the keeper on `XWG_KEEPER_LISTEN` answers its health check within 2 s.
async fn health() -> Result<(), String> {
    let listen = xwg_core::config::keeper_listen_addr().map_err(|e| e.to_string())?;
    let local = SocketAddr::new(
        if listen.ip().is_unspecified() {
            IpAddr::from([127, 0, 0, 1])
        } else {
            listen.ip()
        },
        listen.port(),
    );
    let url = format!("http://{local}{}", xwg_core::keeper::wire::paths::HEALTH);
    let answer = reqwest::Client::new()
        .get(&url)
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if answer.status().is_success() {
        Ok(())
    } else {
        Err(format!("{url}: {}", answer.status()))
    }
}

/// Where peers reach a keeper listening on `listen`: that address, unless it is a wildcard
/// (`0.0.0.0:8090` in a container), then this machine's address on its default route (the
/// task's private address under ECS). Connecting a UDP socket sends nothing.
fn advertised(listen: SocketAddr) -> SocketAddr {
    if !listen.ip().is_unspecified() {
        return listen;
    }
    let primary = UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| {
            socket.connect("192.0.2.1:9")?;
            socket.local_addr()
        })
        .map(|addr| addr.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    SocketAddr::new(primary, listen.port())
}

/// The machine's name, to tell keepers apart in logs and leases.
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "host".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_listener_advertises_this_machines_address() {
        let named: SocketAddr = "127.0.0.1:8090".parse().unwrap();
        assert_eq!(advertised(named), named);
        let wildcard = advertised("0.0.0.0:8090".parse().unwrap());
        assert!(!wildcard.ip().is_unspecified(), "{wildcard}");
        assert_eq!(wildcard.port(), 8090);
    }
}
