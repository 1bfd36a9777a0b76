//! The store failing: paused (a hang, not an error), stopped (connections refused), or
//! refusing one kind of write. Requests answer 503 with `Retry-After` within the store's
//! deadline, and registration leaves no account behind.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use reqwest::Method;
use tests::{Gateway, Process, free_port, register_user, stack_var, unique, workspace_root};
use xwg_core::store::{Item, NewItem, Page, Query, Store, StoreError};

/// The store's deadline (3 s) and the time to answer after it.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);

/// A moto server of the test's own, so that it can be paused and stopped.
struct OwnMoto {
    dir: std::path::PathBuf,
    port: u16,
}

impl OwnMoto {
    fn start() -> Self {
        let moto = Self {
            dir: std::env::temp_dir().join(unique("xwg-moto-")),
            port: free_port(),
        };
        moto.run("start");
        moto
    }

    fn run(&self, action: &str) {
        let status = Command::new(workspace_root().join("local/moto"))
            .arg(action)
            .env("MOTO_DIR", &self.dir)
            .env("MOTO_PORT", self.port.to_string())
            .status()
            .expect("local/moto runs");
        assert!(status.success(), "local/moto {action}");
    }

    fn signal(&self, signal: &str) {
        let pid = std::fs::read_to_string(self.dir.join("moto.pid")).unwrap();
        let status = Command::new("kill")
            .args([signal, pid.trim()])
            .status()
            .unwrap();
        assert!(status.success(), "kill {signal} moto");
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for OwnMoto {
    fn drop(&mut self) {
        let _ = std::fs::read_to_string(self.dir.join("moto.pid"))
            .map(|pid| Command::new("kill").args(["-CONT", pid.trim()]).status());
        self.run("stop");
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `xwg-local` on DynamoDB at `endpoint`, its table created first as an operator would.
async fn gateway_on(endpoint: &str) -> (Process, Gateway) {
    let port = free_port();
    let local = format!("{}/xwg-local", stack_var("XWG_BIN_DIR"));
    let configure = |command: &mut Command| {
        command
            .env("XWG_LISTEN", format!("127.0.0.1:{port}"))
            .env("XWG_STORE", "dynamodb")
            .env("XWG_DYNAMODB_TABLE", "xwg-faults")
            .env("AWS_ENDPOINT_URL", endpoint)
            .env(
                "XWG_JWT_KEYS",
                "local=0123456789abcdef0123456789abcdef-faults",
            )
            .env("XWG_SEAL_KEY", "3c".repeat(32))
            .env("XWG_REGISTRATION", "true");
    };
    let mut create = Command::new(&local);
    configure(create.arg("create-table"));
    assert!(create.status().unwrap().success(), "table created");
    let mut serve = Command::new(&local);
    configure(&mut serve);
    let process = Process::start(serve, port, "xwg-local").await;
    (process, Gateway::at(&format!("http://127.0.0.1:{port}")))
}

/// Asserts a 503 with `Retry-After`, answered within the store's deadline.
async fn unavailable(call: impl Future<Output = reqwest::Response>, what: &str) {
    let started = Instant::now();
    let response = call.await;
    let took = started.elapsed();
    assert_eq!(response.status(), 503, "{what}");
    assert!(
        response.headers().contains_key("retry-after"),
        "{what}: Retry-After"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "StoreUnavailable", "{what}: {body}");
    assert!(took < ANSWER_WITHIN, "{what} answered after {took:?}");
}

#[tokio::test]
async fn a_paused_or_stopped_store_answers_503_with_retry_after_in_time() {
    let moto = OwnMoto::start();
    let (_gateway, gw) = gateway_on(&moto.endpoint()).await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    assert_eq!(
        gw.rest(Method::GET, "roster", &token, "").await.status(),
        200
    );

    moto.signal("-STOP");
    unavailable(gw.rest(Method::GET, "roster", &token, ""), "paused: a call").await;
    unavailable(gw.try_login(&alice, &password), "paused: a login").await;
    let newcomer = unique("newcomer");
    let register = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/register/{newcomer}")))
        .body("a-password-1")
        .send();
    unavailable(async { register.await.unwrap() }, "paused: a registration").await;

    moto.signal("-CONT");
    assert_eq!(
        gw.rest(Method::GET, "roster", &token, "").await.status(),
        200
    );

    moto.run("stop");
    unavailable(
        gw.rest(Method::GET, "roster", &token, ""),
        "stopped: a call",
    )
    .await;
    // The registration refused during the outage made no account: the name is still free.
    moto.run("start");
    let (_again, gw) = gateway_on(&moto.endpoint()).await;
    let register = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/register/{newcomer}")))
        .body("a-password-2")
        .send()
        .await
        .unwrap();
    assert_eq!(
        register.status(),
        200,
        "the name was not taken by the failed attempt"
    );
}

/// A store whose writes of one kind fail as an unreachable store's do: a fault between the
/// XMPP account and the gateway's records, which nothing real produces on demand.
struct FailingWrites {
    inner: Arc<dyn Store>,
    prefix: &'static str,
}

impl FailingWrites {
    fn check(&self, item: &NewItem) -> Result<(), StoreError> {
        match item.pk.starts_with(self.prefix) {
            true => Err(StoreError::Unavailable("injected".into())),
            false => Ok(()),
        }
    }
}

#[async_trait]
impl Store for FailingWrites {
    async fn create(&self, item: NewItem) -> Result<Item, StoreError> {
        self.check(&item)?;
        self.inner.create(item).await
    }
    async fn put(&self, item: NewItem) -> Result<Item, StoreError> {
        self.check(&item)?;
        self.inner.put(item).await
    }
    async fn update(&self, item: NewItem, expected_version: u64) -> Result<Item, StoreError> {
        self.check(&item)?;
        self.inner.update(item, expected_version).await
    }
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        self.inner.get(pk, sk).await
    }
    async fn delete(&self, pk: &str, sk: &str) -> Result<(), StoreError> {
        self.inner.delete(pk, sk).await
    }
    async fn query(&self, pk: &str, query: &Query) -> Result<Page, StoreError> {
        self.inner.query(pk, query).await
    }
    async fn increment(&self, pk: &str, sk: &str, by: i64) -> Result<i64, StoreError> {
        self.inner.increment(pk, sk, by).await
    }
}

#[tokio::test]
async fn a_registration_the_gateway_cannot_record_is_undone() {
    let gw = Gateway::builder()
        .store_through(|store| {
            Arc::new(FailingWrites {
                inner: store,
                prefix: "credential#",
            })
        })
        .spawn()
        .await;
    let (user, password) = (unique("half"), unique("pw-"));
    let response = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/register/{user}")))
        .body(password.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    // The XMPP account was removed again: the server refuses its password.
    assert_eq!(gw.try_login(&user, &password).await.status(), 401);
}
