//! `xwg-local`: the main job. Serves every route of the table on `XWG_LISTEN`.
//! `xwg-local create-table` creates the DynamoDB table of `XWG_DYNAMODB_TABLE` instead.
//! `xwg-local front` serves the routes' paths on `XWG_LISTEN` by calling each route's own
//! function at `XWG_FUNCTIONS_URL`, and the streams at the keeper tasks of `XWG_STREAMS_URLS`
//! (the cloud shape on one machine: `./local/up --cloud`).
//! `xwg-local keygen [kid]` prints a new ES256 token key pair: `XWG_JWT_KEYS` for the
//! functions that issue tokens, `XWG_JWT_PUBLIC_KEYS` for all the others.

use std::process::ExitCode;
use std::sync::Arc;

use keeper::SessionKeeper;
use xwg_api::Ctx;
use xwg_api::config::{self, Config, KeeperConfig, StoreConfig};
use xwg_core::clock::{Clock, SystemClock};
use xwg_core::store::dynamodb::DynamoStore;
use xwg_core::{logging, store};

#[tokio::main]
async fn main() -> ExitCode {
    logging::init();
    let result = match std::env::args().nth(1).as_deref() {
        None | Some("serve") => serve().await,
        Some("create-table") => create_table().await,
        Some("front") => front().await,
        Some("keygen") => keygen(std::env::args().nth(2).as_deref().unwrap_or("k1")),
        Some("reseal") => reseal().await,
        Some(other) => Err(format!(
            "unknown command `{other}`: use `serve`, `create-table`, `front`, `keygen` or `reseal`"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(line) => {
            eprintln!("xwg-local: {line}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    config.holds_every_secret().map_err(|e| e.to_string())?;
    let keeper_config = KeeperConfig::from_env().map_err(|e| e.to_string())?;
    let listen = config::listen_addr().map_err(|e| e.to_string())?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = store::open(&config.store, clock.clone())
        .await
        .map_err(|e| format!("store: {e}"))?;
    // The keeper runs in this process, behind the same port the functions use over HTTP.
    let keeper = Arc::new(SessionKeeper::new(
        store.clone(),
        config.xmpp.clone(),
        keeper_config,
        clock.clone(),
    ));
    // Sessions that were open when this process last stopped are opened again.
    keeper.spawn_lease_keeping();
    let ctx = Ctx::new(config, store, clock, keeper.clone()).map_err(|e| e.to_string())?;
    keeper.enable_push(Arc::clone(&ctx.push));
    let listener = bind(listen).await?;
    tracing::info!(%listen, "gateway listening");
    let app = local::router::router(Arc::new(ctx), &web_root());
    local::serve::serve(listener, app, xwg_core::signals::shutdown())
        .await
        .map_err(|e| format!("server stopped: {e}"))
}

async fn front() -> Result<(), String> {
    let vars = config::env_vars();
    let functions = vars.get("XWG_FUNCTIONS_URL").ok_or(
        "XWG_FUNCTIONS_URL is not set: expects where cargo lambda watch serves the functions, \
         e.g. http://127.0.0.1:9000/lambda-url",
    )?;
    let listen = config::listen_addr().map_err(|e| e.to_string())?;
    let listener = bind(listen).await?;
    tracing::info!(%listen, %functions, "front listening");
    let backends = local::front::Backends {
        functions: functions.clone(),
        streams: vars
            .get("XWG_STREAMS_URLS")
            .map(|urls| {
                urls.split(',')
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        origin_secret: vars.get("XWG_ORIGIN_SECRET").cloned(),
    };
    let app = local::front::router(backends, &web_root(), &config::cors_origins(&vars));
    local::serve::serve(listener, app, xwg_core::signals::shutdown())
        .await
        .map_err(|e| format!("front stopped: {e}"))
}

/// The listener on `XWG_LISTEN`, or a line that says what to do.
async fn bind(listen: std::net::SocketAddr) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        format!("cannot listen on {listen} ({e}): stop what uses it, or set XWG_LISTEN to a free address")
    })
}

/// The built browser side: `XWG_WEB_ROOT`, by default `web/dist` under the working
/// directory (the scripts run from the checkout and set it; no path is built in).
fn web_root() -> std::path::PathBuf {
    std::env::var("XWG_WEB_ROOT")
        .unwrap_or_else(|_| "web/dist".into())
        .into()
}

#[expect(
    clippy::print_stdout,
    reason = "the command's answer: what it sealed again"
)]
async fn reseal() -> Result<(), String> {
    println!(
        "{}",
        local::reseal::command(&xwg_core::config::env_vars()).await?
    );
    Ok(())
}

#[expect(
    clippy::print_stdout,
    reason = "the command's answer: keys for the operator's secrets"
)]
fn keygen(kid: &str) -> Result<(), String> {
    if kid.is_empty()
        || !kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
    {
        return Err("a key id is letters, digits, `_`, `.` or `-`".into());
    }
    let private = xwg_core::es256::new_secret_key().map_err(|e| e.to_string())?;
    let public = xwg_core::es256::secret_key(&private)
        .map(|secret| xwg_core::es256::public_key_of(&secret))
        .ok_or("the new key does not parse")?;
    println!("XWG_JWT_KEYS={kid}=es256:{private}");
    println!("XWG_JWT_PUBLIC_KEYS={kid}=es256:{public}");
    Ok(())
}

#[expect(
    clippy::print_stdout,
    reason = "the command's answer, for the script that called it"
)]
async fn create_table() -> Result<(), String> {
    let store = StoreConfig::from_vars(&config::env_vars()).map_err(|e| e.to_string())?;
    let StoreConfig::DynamoDb { table } = store else {
        return Err("create-table needs XWG_STORE=dynamodb".into());
    };
    let store = DynamoStore::from_env(table.clone(), Arc::new(SystemClock)).await;
    store.create_table().await.map_err(|e| e.to_string())?;
    println!("table {table} is ready");
    Ok(())
}
