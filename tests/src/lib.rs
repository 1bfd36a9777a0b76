//! Helpers for the end-to-end tests: the real services `local/test` started (Prosody,
//! moto), fresh XMPP accounts, and a gateway served on a free loopback port.
//!
//! The tests need the stack: run them with `./local/test`, which starts it and sets the
//! variables read here.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use std::time::Duration;

use keeper::SessionKeeper;
use shared::clock::{Clock, SystemClock};
use shared::config::{Config, KeeperConfig, StoreConfig, TokenConfig, XmppConfig};
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
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A unique name for this run, usable as an XMPP username and in table names.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

/// Creates a fresh account on the test Prosody and returns (username, password).
pub fn register_user(prefix: &str) -> (String, String) {
    let username = unique(prefix);
    let password = unique("pw-");
    let config = format!("{}/prosody.cfg.lua", stack_var("XWG_TEST_PROSODY_DIR"));
    let status = Command::new("prosodyctl")
        .args([
            "--config",
            &config,
            "register",
            &username,
            &stack_var("XWG_XMPP_DOMAIN"),
            &password,
        ])
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
            keys: vec![(
                "test".into(),
                unique("key-0123456789abcdef0123456789").into_bytes(),
            )],
        },
        store,
    }
}

/// A DynamoDB store on the emulator, in a table of its own (created here).
pub async fn dynamo_store(clock: Arc<dyn Clock>) -> DynamoStore {
    stack_var("AWS_ENDPOINT_URL");
    let store = DynamoStore::from_env(unique("xwg-test-"), clock).await;
    store
        .create_table()
        .await
        .expect("table created on the emulator");
    store
}

/// A fresh table on the emulator, for processes that open the store themselves.
pub async fn dynamo_table() -> String {
    dynamo_store(Arc::new(SystemClock))
        .await
        .table()
        .to_string()
}

/// A keeper configuration with a fresh seal key and the given idle timeout.
pub fn keeper_config(idle: Duration) -> KeeperConfig {
    let mut seal_key = [0u8; 32];
    seal_key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    seal_key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    KeeperConfig {
        seal_key,
        idle,
        event_ttl: Duration::from_secs(3600),
    }
}

/// A gateway (the local router with the keeper in-process) on a free port, over an
/// embedded store in a temp file; sessions idle out after ten minutes.
pub async fn spawn_gateway() -> Gateway {
    spawn_gateway_with_idle(Duration::from_secs(600)).await
}

pub async fn spawn_gateway_with_idle(idle: Duration) -> Gateway {
    let path = std::env::temp_dir().join(format!("{}.db", unique("xwg-gw-")));
    let config = test_config(StoreConfig::Embedded { path: path.clone() });
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store: Arc<dyn Store> = Arc::new(EmbeddedStore::open(&path, clock.clone()).unwrap());
    let keeper = Arc::new(SessionKeeper::new(
        store.clone(),
        config.xmpp.clone(),
        keeper_config(idle),
        clock.clone(),
    ));
    let ctx = Arc::new(Ctx::new(config, store, clock, keeper.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, local::router::router(ctx)).into_future());
    Gateway {
        base,
        http: reqwest::Client::new(),
        keeper,
    }
}

pub struct Gateway {
    pub base: String,
    pub http: reqwest::Client,
    pub keeper: Arc<SessionKeeper>,
}

impl Gateway {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in and returns the token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response = self
            .http
            .post(self.url(&format!("/sparkweb/api/rest/login/{username}")))
            .body(password.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "login of {username}");
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().expect("{token: …}").to_string()
    }

    /// `POST chat/message/{to}` with the text as body; returns the status.
    pub async fn send_chat(&self, token: &str, to: &str, text: &str) -> reqwest::StatusCode {
        self.http
            .post(self.url(&format!("/sparkweb/api/rest/chat/message/{to}")))
            .header("Authorization", token)
            .body(text.to_string())
            .send()
            .await
            .unwrap()
            .status()
    }

    /// Opens an SSE stream the way SparkWeb's client does (`/sparkweb/sse?token=`).
    pub async fn sse(&self, token: &str, last_event_id: Option<u64>) -> SseClient {
        let mut request = self
            .http
            .get(self.url(&format!("/sparkweb/sse?token={token}")));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "SSE stream opens");
        SseClient::new(response)
    }
}

/// An SSE reader (framing parsed by the `eventsource-stream` crate).
pub struct SseClient {
    events: std::pin::Pin<
        Box<
            dyn futures::Stream<
                    Item = Result<
                        eventsource_stream::Event,
                        eventsource_stream::EventStreamError<reqwest::Error>,
                    >,
                > + Send,
        >,
    >,
}

impl SseClient {
    pub fn new(response: reqwest::Response) -> Self {
        Self {
            events: Box::pin(response.bytes_stream().eventsource()),
        }
    }

    /// The next event, or a panic after `within`.
    pub async fn next(&mut self, within: Duration) -> eventsource_stream::Event {
        use futures::StreamExt;
        tokio::time::timeout(within, self.events.next())
            .await
            .expect("an SSE event in time")
            .expect("stream still open")
            .expect("well-formed SSE")
    }

    /// The next event named `name`, skipping others (presence, session states…).
    pub async fn next_named(&mut self, name: &str, within: Duration) -> eventsource_stream::Event {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let event = self.next(left).await;
            if event.event == name {
                return event;
            }
        }
    }

    /// Whether any event named `name` arrives within `within`.
    pub async fn quiet(&mut self, name: &str, within: Duration) -> bool {
        use futures::StreamExt;
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.events.next()).await {
                Err(_) => return true,
                Ok(Some(Ok(event))) if event.event == name => return false,
                Ok(Some(Ok(_))) => continue,
                Ok(_) => return true,
            }
        }
    }
}

use eventsource_stream::Eventsource;
