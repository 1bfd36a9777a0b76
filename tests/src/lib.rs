//! Helpers for the end-to-end tests: the real services `local/test` started (Prosody,
//! moto), fresh XMPP accounts, and a gateway served on a free loopback port.
//!
//! The tests need the stack: run them with `./local/test`, which starts it and sets the
//! variables read here.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use std::time::Duration;

pub mod counting_store;
pub mod exercised;
pub mod raw_xmpp;

use keeper::SessionKeeper;
use xwg_api::Ctx;
use xwg_api::config::{Config, KeeperConfig, StoreConfig, TokenConfig};
use xwg_core::clock::{Clock, SystemClock};
use xwg_core::store::Store;
use xwg_core::store::dynamodb::DynamoStore;
use xwg_core::store::embedded::EmbeddedStore;

/// A variable `local/test` sets; a clear failure when the suite runs without it.
pub fn stack_var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the suite with ./local/test, which starts the XMPP server and moto")
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

/// The XMPP server the suite runs against: `prosody` (the default) or `ejabberd`
/// (`XWG_TEST_SERVER`, set by `local/test`).
pub fn server_kind() -> String {
    std::env::var("XWG_TEST_SERVER").unwrap_or_else(|_| "prosody".into())
}

/// Whether the suite runs against ejabberd.
pub fn on_ejabberd() -> bool {
    server_kind() == "ejabberd"
}

/// Creates a fresh account on the test server by in-band registration (XEP-0077, which both
/// test servers allow from loopback) and returns (username, password).
pub fn register_user(prefix: &str) -> (String, String) {
    let username = unique(prefix);
    let password = unique("pw-");
    let vars: std::collections::HashMap<String, String> = [
        ("XWG_XMPP_DOMAIN", stack_var("XWG_XMPP_DOMAIN")),
        ("XWG_XMPP_SERVER", stack_var("XWG_XMPP_SERVER")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let server =
        xwg_core::config::XmppConfig::from_vars(&vars).expect("the test server's settings");
    let jid: tokio_xmpp::jid::BareJid = format!("{username}@{}", stack_var("XWG_XMPP_DOMAIN"))
        .parse()
        .expect("a bare JID");
    // A runtime of its own on a thread of its own: callers are sync and async alike.
    let registered = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime")
                    .block_on(xwg_core::protocol::registration::register(
                        &server, &jid, &password,
                    ))
            })
            .join()
            .expect("the registration thread")
    });
    registered.unwrap_or_else(|err| panic!("registering {jid} on the test server: {err}"));
    (username, password)
}

/// Creates a fresh account on a Prosody of a test's own (see [`OwnProsody`]).
pub fn register_user_in(prosody_dir: &str, prefix: &str) -> (String, String) {
    let username = unique(prefix);
    let password = unique("pw-");
    let jid = format!("{username}@{}", stack_var("XWG_XMPP_DOMAIN"));
    prosodyctl_with_password(prosody_dir, "adduser", &jid, &password);
    (username, password)
}

/// Runs `prosodyctl ACTION JID` (adduser, passwd) answering its password prompts on stdin,
/// as an administrator would, so that the password never sits on a command line.
fn prosodyctl_with_password(prosody_dir: &str, action: &str, jid: &str, password: &str) {
    use std::io::Write;
    let config = format!("{prosody_dir}/prosody.cfg.lua");
    let mut child = Command::new("prosodyctl")
        .args(["--config", &config, action, jid])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("prosodyctl runs");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "{password}\n{password}").expect("prosodyctl reads the password");
    drop(stdin);
    assert!(
        child.wait().expect("prosodyctl ends").success(),
        "prosodyctl {action} {jid}"
    );
}

/// A native XMPP client (tokio-xmpp's `Client`, not our code) logged in as the user and
/// online with initial presence. Panics when the server refuses the login.
pub async fn native_client(username: &str, password: &str) -> tokio_xmpp::Client {
    use futures::StreamExt;
    use tokio_xmpp::parsers::presence::Presence;
    let jid = format!("{username}@{}", stack_var("XWG_XMPP_DOMAIN"));
    let mut client = tokio_xmpp::Client::new_plaintext(
        jid.parse::<tokio_xmpp::jid::BareJid>().expect("a bare JID"),
        password.to_string(),
        tokio_xmpp::connect::DnsConfig::addr(&stack_var("XWG_XMPP_SERVER")),
        tokio_xmpp::xmlstream::Timeouts::tight(),
    );
    loop {
        match tokio::time::timeout(Duration::from_secs(10), client.next())
            .await
            .expect("native client online in time")
        {
            Some(tokio_xmpp::Event::Online { .. }) => break,
            Some(tokio_xmpp::Event::Disconnected(err)) => {
                panic!("native client could not log in: {err}")
            }
            _ => {}
        }
    }
    client
        .send_stanza(Presence::available().into())
        .await
        .unwrap();
    client
}

/// The admin account and component secrets `local/prosody` or `local/ejabberd` made for the
/// test server.
fn server_secrets() -> std::collections::HashMap<String, String> {
    let path = format!("{}/secrets.env", stack_var("XWG_TEST_SERVER_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{path}: {err}"))
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The test server's admin account: (username, password).
pub fn server_admin() -> (String, String) {
    let secrets = server_secrets();
    let user = secrets["XWG_XMPP_ADMIN_JID"]
        .split('@')
        .next()
        .unwrap()
        .to_string();
    (user, secrets["XWG_XMPP_ADMIN_PASSWORD"].clone())
}

/// A keeper holding the test Prosody's push component (XEP-0357 notifications). Prosody
/// takes one connection per component: one such gateway at a time.
pub fn push_component_keeper_config() -> (String, KeeperConfig) {
    let secrets = server_secrets();
    let component = secrets["XWG_PUSH_COMPONENT"].clone();
    let config = KeeperConfig {
        push_component: Some(xwg_core::config::ComponentConfig {
            jid: component.clone(),
            secret: secrets["XWG_PUSH_COMPONENT_SECRET"].clone(),
            server: stack_var("XWG_XMPP_COMPONENT_SERVER"),
        }),
        ..keeper_config(Duration::from_secs(600))
    };
    (component, config)
}

/// The admin account `local/prosody` made for the test Prosody (XEP-0133 admin and
/// XEP-0356 privileged entity), for gateways that administer users.
pub fn user_admin_keeper_config() -> KeeperConfig {
    let secrets = server_secrets();
    KeeperConfig {
        admin: Some(xwg_core::config::AdminAccount {
            user: secrets["XWG_XMPP_ADMIN_JID"]
                .split('@')
                .next()
                .unwrap()
                .to_string(),
            password: secrets["XWG_XMPP_ADMIN_PASSWORD"].clone(),
        }),
        ..keeper_config(Duration::from_secs(600))
    }
}

/// A gateway with user administration: the user service enabled with `secret`, and
/// `admins` holding the admin role.
pub async fn spawn_user_admin_gateway(secret: &str, admins: &[&str]) -> Gateway {
    let (secret, admins) = (
        secret.to_string(),
        admins.iter().map(|a| a.to_string()).collect(),
    );
    Gateway::builder()
        .keeper(user_admin_keeper_config())
        .config(move |config| {
            config.user_service = xwg_api::config::UserServiceConfig {
                enabled: true,
                secret: Some(secret),
                allowed: Vec::new(),
            };
            config.tokens.admins = admins;
        })
        .spawn()
        .await
}

/// A route's path with every parameter filled in (`x@localhost`): what the suites that
/// walk the route table call.
pub fn concrete_path(route: &xwg_api::routes::Route) -> String {
    route
        .path
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "x@localhost"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The bare JID of a user of the test domain.
pub fn jid(username: &str) -> String {
    format!("{username}@{}", stack_var("XWG_XMPP_DOMAIN"))
}

/// The JSON of a 200 response (a failure names the URL).
pub async fn ok_json(response: reqwest::Response) -> serde_json::Value {
    assert_eq!(response.status(), 200, "{}", response.url());
    response.json().await.unwrap()
}

/// The bodies of a `Conversations` answer (chat/messages), in order.
pub fn archive_bodies(page: &serde_json::Value) -> Vec<String> {
    page["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["messages"].as_array().unwrap().iter())
        .map(|m| m["body"].as_str().unwrap().to_string())
        .collect()
}

/// The first thing the native client receives that `wanted` accepts, within ten seconds.
pub async fn next_stanza<T>(
    client: &mut tokio_xmpp::Client,
    mut wanted: impl FnMut(tokio_xmpp::Stanza) -> Option<T>,
) -> T {
    use futures::StreamExt;
    loop {
        match tokio::time::timeout(Duration::from_secs(10), client.next())
            .await
            .expect("a stanza in time")
        {
            Some(tokio_xmpp::Event::Stanza(stanza)) => {
                if let Some(found) = wanted(stanza) {
                    return found;
                }
            }
            Some(_) => {}
            None => panic!("the native client stopped"),
        }
    }
}

/// The tests' push service (`tests/push_receiver.py`): independent VAPID checks and
/// decryption (py-vapid, http_ece) of every push it receives.
/// The loopback address push receivers listen on (see `XWG_PUSH_ALLOW_ENDPOINTS`).
pub const PUSH_RECEIVER_HOST: &str = "127.0.0.2";

pub struct PushReceiver {
    pub base: String,
    http: reqwest::Client,
    _process: Process,
}

impl PushReceiver {
    pub async fn start() -> Self {
        let port = free_port();
        let mut command = Command::new(stack_var("XWG_TEST_PYTHON"));
        command
            .arg(workspace_root().join("tests/push_receiver.py"))
            .arg(port.to_string())
            .arg(PUSH_RECEIVER_HOST);
        let process = Process::start_on(command, PUSH_RECEIVER_HOST, port, "push receiver").await;
        Self {
            base: format!("http://{PUSH_RECEIVER_HOST}:{port}"),
            http: reqwest::Client::new(),
            _process: process,
        }
    }

    /// A new subscription, as a browser makes one: (its id here, its JSON).
    pub async fn subscription(&self) -> (String, serde_json::Value) {
        let json: serde_json::Value = self
            .http
            .post(format!("{}/subscriptions", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = json["endpoint"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        (id, json)
    }

    /// What the endpoint received: `{attempts, pushes: [{payload, ttl, urgency, topic,
    /// claims}], refused}`.
    pub async fn received(&self, id: &str) -> serde_json::Value {
        self.http
            .get(format!("{}/received/{id}", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Waits until the endpoint holds `n` verified pushes (or `within` passed) and returns
    /// them. Fails when the receiver refused one (bad VAPID, undecryptable).
    pub async fn pushes(&self, id: &str, n: usize, within: Duration) -> Vec<serde_json::Value> {
        let deadline = std::time::Instant::now() + within;
        loop {
            let received = self.received(id).await;
            assert_eq!(
                received["refused"],
                serde_json::json!([]),
                "the receiver refused pushes"
            );
            let pushes = received["pushes"].as_array().unwrap().clone();
            if pushes.len() >= n || std::time::Instant::now() > deadline {
                return pushes;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The endpoint's next answers (`{"answers": [[status, retry_after], …]}`), or
    /// `{"gone": true}` for 410 from now on.
    pub async fn behave(&self, id: &str, behaviour: serde_json::Value) {
        let status = self
            .http
            .put(format!("{}/behaviour/{id}", self.base))
            .json(&behaviour)
            .send()
            .await
            .unwrap()
            .status();
        assert!(status.is_success());
    }
}

/// A Prosody of a test's own (started by `local/prosody`), for tests that stop or restart
/// the server; stopped when dropped.
pub struct OwnProsody {
    dir: PathBuf,
    ports: [u16; 3],
}

impl OwnProsody {
    pub fn start() -> Self {
        let dir = std::env::temp_dir().join(unique("xwg-prosody-"));
        let ports = [free_port(), free_port(), free_port()];
        let prosody = Self { dir, ports };
        prosody.run("start");
        prosody
    }

    fn run(&self, action: &str) {
        let status = Command::new(workspace_root().join("local/prosody"))
            .arg(action)
            .env("PROSODY_DIR", &self.dir)
            .env("PROSODY_C2S_PORT", self.ports[0].to_string())
            .env("PROSODY_COMPONENT_PORT", self.ports[1].to_string())
            .env("PROSODY_HTTP_PORT", self.ports[2].to_string())
            .status()
            .expect("local/prosody runs");
        assert!(status.success(), "local/prosody {action}");
    }

    pub fn restart(&self) {
        self.stop();
        self.start_again();
    }

    pub fn stop(&self) {
        self.run("stop");
    }

    pub fn start_again(&self) {
        self.run("start");
    }

    /// `host:port` of its c2s listener.
    pub fn server(&self) -> String {
        format!("127.0.0.1:{}", self.ports[0])
    }

    pub fn register_user(&self, prefix: &str) -> (String, String) {
        register_user_in(self.dir.to_str().unwrap(), prefix)
    }

    /// Changes a password the way an administrator would (`prosodyctl passwd`).
    pub fn change_password(&self, username: &str, password: &str) {
        let jid = format!("{username}@{}", stack_var("XWG_XMPP_DOMAIN"));
        prosodyctl_with_password(self.dir.to_str().unwrap(), "passwd", &jid, password);
    }
}

impl Drop for OwnProsody {
    fn drop(&mut self) {
        self.run("stop");
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs the checker the stack variable `tool` names (a linter, a validator) from the
/// workspace root, and fails the test with its output unless it passes.
pub fn tool_passes(tool: &str, args: &[&str]) {
    let output = Command::new(stack_var(tool))
        .args(args)
        .env("SAM_CLI_TELEMETRY", "0")
        .current_dir(workspace_root())
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    assert!(
        output.status.success(),
        "{tool} {args:?}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A loopback port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The configuration of the test stack, with a fresh signing key and the given store.
pub fn test_config(store: StoreConfig) -> Config {
    test_config_for(&stack_var("XWG_XMPP_SERVER"), store)
}

/// The same against another XMPP server (`host:port`) of the test domain: read from
/// variables as an entry point reads them.
pub fn test_config_for(xmpp_server: &str, store: StoreConfig) -> Config {
    let key = unique("key-0123456789abcdef0123456789");
    let vars: std::collections::HashMap<String, String> = [
        ("XWG_XMPP_DOMAIN", stack_var("XWG_XMPP_DOMAIN")),
        ("XWG_XMPP_SERVER", xmpp_server.to_string()),
        ("XWG_JWT_KEYS", format!("test={key}")),
        ("XWG_SEAL_KEY", "6d".repeat(32)),
        ("XWG_TOKEN_LIFETIME_SECS", "600".into()),
        ("XWG_REFRESH_LIFETIME_SECS", "3600".into()),
        ("XWG_REGISTRATION", "true".into()),
        ("XWG_VAPID_SUBJECT", "mailto:tests@example.org".into()),
        ("XWG_WEBAUTHN_RP_NAME", "tests".into()),
        // The tests' push receivers: plain http on a loopback address of their own, so that
        // pushes to 127.0.0.1 are still refused.
        (
            "XWG_PUSH_ALLOW_ENDPOINTS",
            format!("{PUSH_RECEIVER_HOST}:*"),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Config {
        store,
        ..Config::from_vars(&vars).expect("a valid test configuration")
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
        credential_keys: xwg_core::seal::SealKeys::single(seal_key),
        seal_keys: None,
        idle,
        away_after: Duration::from_secs(60),
        event_ttl: Duration::from_secs(3600),
        ping: Duration::from_secs(2),
        lease: Duration::from_secs(3),
        admin: None,
        push_component: None,
        streams: xwg_core::config::StreamCaps::default(),
        webhooks: xwg_core::config::WebhookConfig::default(),
    }
}

/// A gateway (the local router with the keeper in-process) on a free port, over an
/// embedded store in a temp file, against the test Prosody; sessions idle out after ten
/// minutes. [`Gateway::builder`] changes any of that.
pub async fn spawn_gateway() -> Gateway {
    Gateway::builder().spawn().await
}

type Wrap<'a, T> = Box<dyn FnOnce(Arc<T>) -> Arc<T> + 'a>;
type Adjust<'a> = Box<dyn FnOnce(&mut Config) + 'a>;

/// How a test gateway differs from [`spawn_gateway`]'s.
pub struct GatewayBuilder<'a> {
    server: String,
    keeper: KeeperConfig,
    adjust: Vec<Adjust<'a>>,
    wrap_keeper: Wrap<'a, dyn xwg_core::keeper::Keeper>,
    wrap_store: Wrap<'a, dyn Store>,
}

impl<'a> GatewayBuilder<'a> {
    /// Another XMPP server of the test domain (`host:port`).
    pub fn server(mut self, server: &str) -> Self {
        self.server = server.to_string();
        self
    }

    /// How long an unused session lives.
    pub fn idle(mut self, idle: Duration) -> Self {
        self.keeper.idle = idle;
        self
    }

    /// The in-process keeper's whole configuration.
    pub fn keeper(mut self, keeper: KeeperConfig) -> Self {
        self.keeper = keeper;
        self
    }

    /// A change to the gateway's configuration (e.g. registration off).
    pub fn config(mut self, adjust: impl FnOnce(&mut Config) + 'a) -> Self {
        self.adjust.push(Box::new(adjust));
        self
    }

    /// The handlers reach the keeper through `wrap` (to inject a fault the real parts
    /// cannot produce on demand).
    pub fn keeper_through(
        mut self,
        wrap: impl FnOnce(Arc<dyn xwg_core::keeper::Keeper>) -> Arc<dyn xwg_core::keeper::Keeper> + 'a,
    ) -> Self {
        self.wrap_keeper = Box::new(wrap);
        self
    }

    /// Everything reaches the store through `wrap`.
    pub fn store_through(
        mut self,
        wrap: impl FnOnce(Arc<dyn Store>) -> Arc<dyn Store> + 'a,
    ) -> Self {
        self.wrap_store = Box::new(wrap);
        self
    }

    /// Spawns the gateway, with a handle on its store (to read or change what it keeps).
    pub async fn spawn_keeping_store(self) -> (Gateway, Arc<dyn Store>) {
        let mut kept = None;
        let gw = self
            .store_through(|store| {
                kept = Some(Arc::clone(&store));
                store
            })
            .spawn()
            .await;
        (gw, kept.expect("the gateway opened its store"))
    }

    pub async fn spawn(self) -> Gateway {
        xwg_core::logging::init();
        let path = std::env::temp_dir().join(format!("{}.db", unique("xwg-gw-")));
        let mut config =
            test_config_for(&self.server, StoreConfig::Embedded { path: path.clone() });
        for adjust in self.adjust {
            adjust(&mut config);
        }
        let tokens = config.tokens.clone();
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let store = (self.wrap_store)(Arc::new(EmbeddedStore::open(&path, clock.clone()).unwrap()));
        let keeper = Arc::new(SessionKeeper::new(
            store.clone(),
            config.xmpp.clone(),
            self.keeper,
            clock.clone(),
        ));
        let ctx = Arc::new(
            Ctx::new(config, store, clock, (self.wrap_keeper)(keeper.clone()))
                .expect("a valid test configuration"),
        );
        keeper.enable_push(Arc::clone(&ctx.push));
        keeper.spawn_lease_keeping();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = local::router::router(ctx, &workspace_root().join("web/dist"));
        let app = exercised::record(app);
        tokio::spawn(local::serve::serve(listener, app, std::future::pending()));
        Gateway {
            base,
            http: reqwest::Client::new(),
            keeper: Some(keeper),
            tokens: Some(tokens),
        }
    }
}

pub struct Gateway {
    pub base: String,
    pub http: reqwest::Client,
    /// The in-process keeper, when the gateway runs inside the test.
    pub keeper: Option<Arc<SessionKeeper>>,
    /// The token settings (keys included), when the gateway runs inside the test.
    pub tokens: Option<TokenConfig>,
}

impl Gateway {
    /// A gateway to spawn in this process, as [`spawn_gateway`]'s unless told otherwise.
    pub fn builder<'a>() -> GatewayBuilder<'a> {
        GatewayBuilder {
            server: stack_var("XWG_XMPP_SERVER"),
            keeper: keeper_config(Duration::from_secs(600)),
            adjust: Vec::new(),
            wrap_keeper: Box::new(|keeper| keeper),
            wrap_store: Box::new(|store| store),
        }
    }

    /// A gateway running elsewhere (another process).
    pub fn at(base: &str) -> Self {
        Self {
            base: base.to_string(),
            http: reqwest::Client::new(),
            keeper: None,
            tokens: None,
        }
    }

    /// The number of open sessions of the in-process keeper.
    pub fn sessions(&self) -> usize {
        self.keeper
            .as_ref()
            .expect("an in-process gateway")
            .session_count()
    }

    /// The in-process keeper.
    pub fn keeper(&self) -> &SessionKeeper {
        self.keeper.as_ref().expect("an in-process gateway")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A SparkWeb REST call: `path` below `/sparkweb/api/rest/`, the token as SparkWeb sends it.
    pub async fn rest(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: impl std::fmt::Display,
    ) -> reqwest::Response {
        self.http
            .request(method, self.url(&format!("/sparkweb/api/rest/{path}")))
            .header("Authorization", token)
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    /// Logs in and returns the token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response = self.try_login(username, password).await;
        assert_eq!(response.status(), 200, "login of {username}");
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().expect("{token: …}").to_string()
    }

    /// `POST register/{username}` with the password as body, whatever its outcome.
    pub async fn register(&self, username: &str, password: &str) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/sparkweb/api/rest/register/{username}")))
            .body(password.to_string())
            .send()
            .await
            .unwrap()
    }

    /// A login attempt, whatever its outcome.
    pub async fn try_login(&self, username: &str, password: &str) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/sparkweb/api/rest/login/{username}")))
            .body(password.to_string())
            .send()
            .await
            .unwrap()
    }

    /// `POST /rest/logout` with this token; returns the status.
    pub async fn logout(&self, token: &str) -> reqwest::StatusCode {
        let request = self.http.post(self.url("/sparkweb/api/rest/logout"));
        request
            .header("Authorization", token)
            .send()
            .await
            .unwrap()
            .status()
    }

    /// `GET /rest/user` with this Authorization header (or none).
    pub async fn user(&self, authorization: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(self.url("/sparkweb/api/rest/user"));
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        request.send().await.unwrap()
    }

    /// Enrols `username` in TOTP and returns the base32 secret from the otpauth URL.
    pub async fn enrol_totp(&self, username: &str, password: &str) -> String {
        let response = self
            .http
            .post(self.url(&format!("/sparkweb/api/rest/totp/register/{username}")))
            .body(password.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "TOTP enrolment of {username}");
        let body: serde_json::Value = response.json().await.unwrap();
        let qr = body["url"].as_str().unwrap_or_default();
        assert!(
            qr.starts_with("data:image/png;base64,"),
            "a QR code to scan"
        );
        let otpauth = body["otpauth"].as_str().unwrap_or_default();
        assert!(otpauth.starts_with("otpauth://totp/"), "{otpauth}");
        let secret = otpauth
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("secret="));
        secret.expect("the secret in the otpauth URL").to_string()
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

    /// The next event, or `None` once the stream has ended (or broke).
    pub async fn next_or_end(&mut self) -> Option<eventsource_stream::Event> {
        use futures::StreamExt;
        self.events.next().await.and_then(Result::ok)
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

    /// Whether the server ends the stream within `within` (events before the end are skipped).
    pub async fn ends(&mut self, within: Duration) -> bool {
        use futures::StreamExt;
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.events.next()).await {
                Err(_) => return false,
                Ok(None) | Ok(Some(Err(_))) => return true,
                Ok(Some(Ok(_))) => continue,
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

/// A child in a process group of its own, stopped with everything it spawned.
pub struct Process(std::process::Child);

impl Process {
    /// Starts `command` and waits until it listens on `port`.
    pub async fn start(command: Command, port: u16, what: &str) -> Self {
        Self::start_on(command, "127.0.0.1", port, what).await
    }

    /// Starts `command` and waits until it listens on `host:port`.
    pub async fn start_on(mut command: Command, host: &str, port: u16, what: &str) -> Self {
        use std::os::unix::process::CommandExt;
        let child = command
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("{what} starts: {e}"));
        let process = Process(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while tokio::net::TcpStream::connect((host, port)).await.is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "{what} did not listen on {port}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        process
    }

    /// `kill -TERM`, as a container runtime stops a task, and waits until it has exited.
    pub fn terminate(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }

    /// `kill -9`: no clean-up of any kind.
    pub fn kill9(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(std::process::Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

/// An `xwg-keeper` process on the emulator's `table`, with short leases and pings: the
/// binary the container image holds (`XWG_KEEPER_BIN`, built by `local/build-keeper`).
pub struct KeeperProcess {
    pub process: Process,
    pub id: String,
    pub url: String,
    /// Where it serves event streams, when it does.
    pub streams: Option<String>,
}

/// `xwg-local` (routes + keeper in one process, the built binary) on the store file
/// `gateway.db` in `state`, which outlives it: kill it and start it again on the same file.
pub async fn start_local_gateway(port: u16, state: &std::path::Path) -> Process {
    let mut gateway = Command::new(format!("{}/xwg-local", stack_var("XWG_BIN_DIR")));
    gateway
        .env("XWG_LISTEN", format!("127.0.0.1:{port}"))
        .env("XWG_STORE", "embedded")
        .env("XWG_STORE_PATH", state.join("gateway.db"))
        .env(
            "XWG_JWT_KEYS",
            "local=0123456789abcdef0123456789abcdef-failover",
        )
        .env("XWG_SEAL_KEY", "7a".repeat(32))
        .env("XWG_LEASE_SECS", "2");
    Process::start(gateway, port, "xwg-local").await
}

pub async fn spawn_keeper(table: &str, secret: &str, id: &str) -> KeeperProcess {
    start_keeper(table, secret, id, None).await
}

/// The token keys the functions and the keepers of a test fleet share.
pub const FLEET_JWT_KEYS: &str = "fleet=0123456789abcdef0123456789abcdef-fleet";

/// A keeper task of the fleet: it also serves event streams (`XWG_STREAMS_LISTEN`), for
/// tokens of [`spawn_functions`]' logins.
pub async fn spawn_stream_keeper(table: &str, secret: &str, id: &str) -> KeeperProcess {
    start_keeper(table, secret, id, Some("streams")).await
}

/// A keeper task that serves every route of the table, not only the streams
/// (`XWG_FLEET_ROUTES=all`: REST on the fleet).
pub async fn spawn_rest_keeper(table: &str, secret: &str, id: &str) -> KeeperProcess {
    start_keeper(table, secret, id, Some("all")).await
}

/// `serves`: what the stream listener serves (`XWG_FLEET_ROUTES`), if there is one.
async fn start_keeper(table: &str, secret: &str, id: &str, serves: Option<&str>) -> KeeperProcess {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let mut keeper = Command::new(stack_var("XWG_KEEPER_BIN"));
    keeper
        .env("XWG_KEEPER_LISTEN", format!("127.0.0.1:{port}"))
        .env("XWG_KEEPER_ID", id)
        .env("XWG_KEEPER_SECRET", secret)
        .env("XWG_SEAL_KEY", "5e".repeat(32))
        .env("XWG_LEASE_SECS", "2")
        .env("XWG_SESSION_PING_SECS", "2")
        .env("XWG_STORE", "dynamodb")
        .env("XWG_DYNAMODB_TABLE", table);
    let mut streams_url = None;
    let mut wait_for = port;
    if let Some(serves) = serves {
        let streams_port = free_port();
        keeper
            .env("XWG_STREAMS_LISTEN", format!("127.0.0.1:{streams_port}"))
            .env("XWG_FLEET_ROUTES", serves)
            .env("XWG_JWT_KEYS", FLEET_JWT_KEYS);
        streams_url = Some(format!("http://127.0.0.1:{streams_port}"));
        wait_for = streams_port;
    }
    let process = Process::start(keeper, wait_for, "xwg-keeper").await;
    KeeperProcess {
        process,
        id: id.to_string(),
        url,
        streams: streams_url,
    }
}

/// The routes as the cloud's functions run them, in this process: over DynamoDB on the
/// emulator's `table`, calling the keeper at `keeper_url` over its HTTP API.
pub async fn spawn_functions(table: &str, keeper_url: &str, secret: &str) -> Gateway {
    let vars: std::collections::HashMap<String, String> = [
        ("XWG_XMPP_DOMAIN", stack_var("XWG_XMPP_DOMAIN")),
        ("XWG_XMPP_SERVER", stack_var("XWG_XMPP_SERVER")),
        ("XWG_JWT_KEYS", FLEET_JWT_KEYS.to_string()),
        ("XWG_SEAL_KEY", "5e".repeat(32)),
        ("XWG_STORE", "dynamodb".into()),
        ("XWG_DYNAMODB_TABLE", table.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = Config::from_vars(&vars).expect("a valid fleet configuration");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = xwg_core::store::open(&config.store, clock.clone())
        .await
        .expect("the emulator's table");
    let keeper = Arc::new(xwg_core::keeper::KeeperClient::new(keeper_url, secret));
    let ctx = Arc::new(Ctx::new(config, store, clock, keeper).expect("a valid configuration"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = exercised::record(local::router::router(
        ctx,
        &workspace_root().join("web/dist"),
    ));
    tokio::spawn(local::serve::serve(listener, app, std::future::pending()));
    Gateway::at(&base)
}

/// Seconds since the epoch, as TOTP counts them.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The TOTP code an authenticator app shows at `time` for a base32 secret.
pub fn totp_code(secret: &str, time: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("a base32 secret");
    totp_rs::Builder::new()
        .with_secret(secret)
        .build()
        .unwrap()
        .generate(time)
        .to_string()
}

/// The claims of a JWT, read without checking anything.
pub fn claims_of(token: &str) -> serde_json::Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT");
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&json).expect("JSON claims")
}
