//! Helpers for the end-to-end tests: the real services `local/test` started (Prosody,
//! moto), fresh XMPP accounts, and a gateway served on a free loopback port.
//!
//! The tests need the stack: run them with `./local/test`, which starts it and sets the
//! variables read here.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use shared::clock::{Clock, SystemClock};
use shared::config::{Config, StoreConfig, TokenConfig, XmppConfig};
use shared::store::dynamodb::DynamoStore;
use shared::store::embedded::EmbeddedStore;
use shared::{Ctx, store::Store};

/// A variable `local/test` sets; a clear failure when the suite runs without it.
pub fn stack_var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the suite with ./local/test, which starts Prosody and moto")
    })
}

/// The workspace root (tests run with the crate folder as working directory).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A unique name for this run, usable as an XMPP username and in table names.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

/// Creates a fresh account on the test Prosody and returns (username, password).
pub fn register_user(prefix: &str) -> (String, String) {
    let username = unique(prefix);
    let password = unique("pw-");
    let config = format!("{}/prosody.cfg.lua", stack_var("XWG_TEST_PROSODY_DIR"));
    let status = Command::new("prosodyctl")
        .args(["--config", &config, "register", &username, &stack_var("XWG_XMPP_DOMAIN"), &password])
        .status()
        .expect("prosodyctl runs");
    assert!(status.success(), "prosodyctl register {username} failed");
    (username, password)
}

/// The configuration of the test stack, with a fresh signing key and the given store.
pub fn test_config(store: StoreConfig) -> Config {
    Config {
        xmpp: XmppConfig {
            domain: stack_var("XWG_XMPP_DOMAIN"),
            server: stack_var("XWG_XMPP_SERVER"),
        },
        tokens: TokenConfig {
            issuer: "xmpp-web-gateway".into(),
            audience: "sparkweb".into(),
            lifetime: std::time::Duration::from_secs(600),
            keys: vec![("test".into(), unique("key-0123456789abcdef0123456789").into_bytes())],
        },
        store,
    }
}

/// A DynamoDB store on the emulator, in a table of its own (created here).
pub async fn dynamo_store(clock: Arc<dyn Clock>) -> DynamoStore {
    stack_var("AWS_ENDPOINT_URL");
    let store = DynamoStore::from_env(unique("xwg-test-"), clock).await;
    store.create_table().await.expect("table created on the emulator");
    store
}

/// A fresh table on the emulator, for processes that open the store themselves.
pub async fn dynamo_table() -> String {
    dynamo_store(Arc::new(SystemClock)).await.table().to_string()
}

/// A gateway (the local router) on a free port, over an embedded store in a temp file.
pub async fn spawn_gateway() -> Gateway {
    let path = std::env::temp_dir().join(format!("{}.db", unique("xwg-gw-")));
    let config = test_config(StoreConfig::Embedded { path: path.clone() });
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store: Arc<dyn Store> = Arc::new(EmbeddedStore::open(&path, clock.clone()).unwrap());
    let ctx = Arc::new(Ctx::new(config, store, clock));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, local::router::router(ctx)).into_future());
    Gateway { base, http: reqwest::Client::new() }
}

pub struct Gateway {
    pub base: String,
    pub http: reqwest::Client,
}

impl Gateway {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}
