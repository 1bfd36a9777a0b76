//! Integrations for back-ends: a service account's key, a webhook, and a back-end written
//! against them (`tests/webhook_backend.py`, which verifies every delivery with the Standard
//! Webhooks reference library) answering every message sent to its bot, with nothing lost
//! while it is down. Also: keys rotate without downtime and are shown in the audit log,
//! webhooks refuse the gateway's own network, and one failing for too long pauses with its
//! reason and resumes from where it stopped.

use std::process::Command;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{
    Gateway, Process, free_port, jid, register_user, spawn_user_admin_gateway, stack_var, unique,
    workspace_root,
};

const SECRET: &str = "integrations-user-service-secret";

/// An admin call with the User Service secret (the widest key).
async fn admin(
    gw: &Gateway,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> reqwest::Response {
    admin_as(gw, SECRET, method, path, body).await
}

async fn admin_as(
    gw: &Gateway,
    authorization: &str,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> reqwest::Response {
    let mut request = gw
        .http
        .request(method.clone(), gw.url(path))
        .header("Authorization", authorization);
    if method != reqwest::Method::GET && method != reqwest::Method::DELETE {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn json_of(response: reqwest::Response, expected: u16) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status.as_u16(), expected, "{body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

/// A gateway whose webhooks may reach this machine's loopback and retry quickly (`give_up`:
/// how long one may fail before it is paused).
async fn gateway(give_up: Duration) -> Gateway {
    gateway_with_admins(give_up, Vec::new()).await
}

async fn gateway_with_admins(give_up: Duration, admins: Vec<String>) -> Gateway {
    let mut keeper = tests::user_admin_keeper_config();
    keeper.webhooks = xwg_core::config::WebhookConfig {
        allow_endpoints: vec!["127.0.0.1:*".into()],
        retry_first: Duration::from_millis(200),
        retry_max: Duration::from_secs(1),
        give_up,
        ..Default::default()
    };
    let allowed = keeper.webhooks.clone();
    Gateway::builder()
        .keeper(keeper)
        .config(move |config| {
            config.user_service = xwg_api::config::UserServiceConfig {
                enabled: true,
                secret: Some(SECRET.into()),
                allowed: Vec::new(),
            };
            config.webhooks = allowed;
            config.tokens.admins = admins;
        })
        .spawn()
        .await
}

/// The back-end: a webhook receiver that answers the bot's messages as the bot.
struct Backend {
    port: u16,
    args: Vec<String>,
    process: Option<Process>,
}

impl Backend {
    /// A back-end on `port` acting as `bot` with the service account's `key`, verifying with
    /// the webhook's `secret`.
    fn new(gw: &Gateway, port: u16, bot: &str, secret: &str, key: &str) -> Self {
        let dir = std::env::temp_dir().join(unique("xwg-backend-"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("secret"), secret).unwrap();
        std::fs::write(dir.join("key"), key).unwrap();
        let args = vec![
            workspace_root()
                .join("tests/webhook_backend.py")
                .display()
                .to_string(),
            port.to_string(),
            gw.url(""),
            bot.to_string(),
            dir.join("secret").display().to_string(),
            dir.join("key").display().to_string(),
            dir.join("seen").display().to_string(),
        ];
        Self {
            port,
            args,
            process: None,
        }
    }

    async fn start(&mut self) {
        let mut command = Command::new(stack_var("XWG_TEST_PYTHON"));
        command.args(&self.args);
        self.process = Some(Process::start(command, self.port, "webhook back-end").await);
    }

    fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.kill9();
        }
    }

    async fn seen(&self) -> Value {
        reqwest::get(format!("http://127.0.0.1:{}/seen", self.port))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// Creates the bot account through the admin API (its password is kept sealed, so the
/// gateway can hold its session) and a service account that may act as it only.
async fn bot_with_key(gw: &Gateway, scopes: &[&str]) -> (String, String, Value) {
    let bot = unique("bot");
    let created = admin(
        gw,
        reqwest::Method::POST,
        "/plugins/restapi/v1/users",
        json!({"username": bot, "password": unique("pw-"), "name": "Support bot"}),
    )
    .await;
    assert_eq!(
        created.status(),
        StatusCode::CREATED,
        "the bot account is created"
    );
    let account = json_of(
        admin(
            gw,
            reqwest::Method::POST,
            "/sparkweb/api/admin/service-accounts",
            json!({"name": "support desk", "scopes": scopes, "users": [bot]}),
        )
        .await,
        200,
    )
    .await;
    let key = account["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("xwgk_"), "{account}");
    (bot, key, account)
}

/// How long a webhook may take to see a new registration (the keeper reads the list of
/// webhooks again every two seconds).
const REGISTRATION_SEEN: Duration = Duration::from_millis(2500);

/// The first webhook as listed, once `ready` holds (polled: delivery is asynchronous by
/// design), or a panic after 30 s.
async fn webhook_once(gw: &Gateway, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let listed = webhooks_call(gw, reqwest::Method::GET, json!({}), 200).await;
        let hook = listed["webhooks"][0].clone();
        if ready(&hook) {
            return hook;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "webhook never got there: {hook}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A call to the webhooks collection (`POST` registers, `GET` lists) with the User Service
/// secret: the answer's JSON, after checking its status.
async fn webhooks_call(gw: &Gateway, method: reqwest::Method, body: Value, expected: u16) -> Value {
    json_of(
        admin(gw, method, "/sparkweb/api/admin/webhooks", body).await,
        expected,
    )
    .await
}

/// Registers a webhook for the bot's chat messages, to a receiver on `port`.
async fn bot_webhook(gw: &Gateway, port: u16, bot: &str) -> Value {
    let url = format!("http://127.0.0.1:{port}/hook");
    let body = json!({"url": url, "events": ["chat"], "users": [bot]});
    webhooks_call(gw, reqwest::Method::POST, body, 200).await
}

/// A service account's key traded for a token of `user`: the answer.
async fn service_token(gw: &Gateway, key: &str, user: &str) -> reqwest::Response {
    gw.http
        .post(gw.url(&format!("/sparkweb/api/rest/service/token/{user}")))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
}

/// Waits for the next `re: …` chat on the stream, skipping other events.
async fn next_answer(stream: &mut tests::SseClient) -> String {
    loop {
        let event = stream
            .next_named("chatapi.chat", Duration::from_secs(20))
            .await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        if let Some(body) = data["body"].as_str().filter(|b| b.starts_with("re: ")) {
            return body.to_string();
        }
    }
}

#[tokio::test]
async fn a_back_end_answers_every_message_to_its_bot_and_loses_none_while_down() {
    let gw = gateway(Duration::from_secs(3600)).await;
    let (bot, key, _) = bot_with_key(&gw, &["chat:read", "chat:write"]).await;
    let hook = webhooks_call(&gw, reqwest::Method::POST, json!({}), 400).await;
    assert!(hook["message"].as_str().unwrap().contains("url"), "{hook}");

    let port = free_port();
    let hook = bot_webhook(&gw, port, &bot).await;
    let secret = hook["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"), "{hook}");
    let mut backend = Backend::new(&gw, port, &bot, secret, &key);
    backend.start().await;
    tokio::time::sleep(REGISTRATION_SEEN).await;
    // The bot's session is up once the back-end has its first token: take one now, as a
    // back-end does when it starts.
    let first = service_token(&gw, &key, &bot).await;
    assert_eq!(
        first.status(),
        StatusCode::OK,
        "{}",
        first.text().await.unwrap()
    );

    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    let mut stream = gw.sse(&token, None).await;
    assert_eq!(
        gw.send_chat(&token, &jid(&bot), "hello").await,
        StatusCode::OK
    );
    assert_eq!(next_answer(&mut stream).await, "re: hello");
    // Once it has acknowledged both deliveries (the question, and the bot's own answer
    // which its session logs too), the back-end goes down: five questions wait in the store.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while backend.seen().await["seen"].as_array().unwrap().len() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "hello never acknowledged"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    backend.stop();
    let asked: Vec<String> = (1..=5).map(|i| format!("question {i}")).collect();
    for text in &asked {
        assert_eq!(gw.send_chat(&token, &jid(&bot), text).await, StatusCode::OK);
    }
    // Deliveries are queued as the bot's session logs the messages (and the bot's own
    // answer, which its session logs too, may still be waiting), and attempts fail while the
    // back-end is down.
    let standing = webhook_once(&gw, |hook| {
        hook["waiting"].as_u64() >= Some(5) && hook["failures"].as_u64() >= Some(2)
    })
    .await;
    assert!(
        standing["lastError"]
            .as_str()
            .unwrap()
            .contains("not reached"),
        "{standing}"
    );
    assert_eq!(standing["paused"], Value::Null);
    tokio::time::sleep(Duration::from_secs(3)).await;

    // Back up: every question is answered, in order, once.
    backend.start().await;
    let mut answers = Vec::new();
    for _ in &asked {
        answers.push(next_answer(&mut stream).await);
    }
    let expected: Vec<String> = asked.iter().map(|q| format!("re: {q}")).collect();
    assert_eq!(answers, expected);
    // Everything queued is delivered (the bot's own answers too), each delivery once.
    let done = webhook_once(&gw, |hook| hook["waiting"] == 0 && hook["failures"] == 0).await;
    let seen = backend.seen().await;
    assert_eq!(seen["duplicates"], 0, "no delivery twice: {seen}");
    assert_eq!(seen["refused"], 0, "every signature verified: {seen}");
    let ids = seen["seen"].as_array().unwrap();
    let unique_ids: std::collections::BTreeSet<&str> =
        ids.iter().map(|id| id.as_str().unwrap()).collect();
    assert_eq!(unique_ids.len(), ids.len(), "{seen}");
    assert_eq!(done["delivered"], ids.len(), "{done} vs {seen}");
    assert!(ids.len() > asked.len(), "hello and every question: {seen}");
}

#[tokio::test]
async fn a_webhook_failing_too_long_pauses_with_its_reason_and_resumes_where_it_stopped() {
    let gw = gateway(Duration::from_secs(2)).await;
    let (bot, key, _) = bot_with_key(&gw, &["chat:read", "chat:write"]).await;
    let port = free_port();
    let hook = bot_webhook(&gw, port, &bot).await;
    let path = format!(
        "/sparkweb/api/admin/webhooks/{}",
        hook["id"].as_str().unwrap()
    );
    tokio::time::sleep(REGISTRATION_SEEN).await;
    let token = service_token(&gw, &key, &bot).await;
    assert_eq!(token.status(), StatusCode::OK);
    let (alice, password) = register_user("alice");
    let alice_token = gw.login(&alice, &password).await;
    assert_eq!(
        gw.send_chat(&alice_token, &jid(&bot), "anyone?").await,
        StatusCode::OK
    );
    // Paused once it has failed for two seconds.
    let paused = webhook_once(&gw, |hook| hook["paused"].is_string()).await["paused"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(paused.contains("paused after failing"), "{paused}");
    assert!(paused.contains("not reached"), "{paused}");

    // A receiver comes up; nothing arrives while paused; resuming delivers what waited.
    let rotated = json_of(
        admin(
            &gw,
            reqwest::Method::PUT,
            &path,
            json!({"rotateSecret": true}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rotated["secrets"], 2, "both secrets sign during a rotation");
    let secret = rotated["secret"].as_str().unwrap();
    let mut backend = Backend::new(&gw, port, &bot, secret, &key);
    backend.start().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        backend.seen().await["seen"],
        json!([]),
        "nothing while paused"
    );
    let mut alice_stream = gw.sse(&alice_token, None).await;
    json_of(
        admin(
            &gw,
            reqwest::Method::PUT,
            &path,
            json!({"paused": false, "dropOldSecret": true}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(next_answer(&mut alice_stream).await, "re: anyone?");
    assert_eq!(backend.seen().await["refused"], 0);
}

#[tokio::test]
async fn webhooks_refuse_the_gateways_own_network_and_bad_filters() {
    // No allow-list here: the production rule.
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    for (url, why) in [
        ("http://127.0.0.1:9/hook", "plain http"),
        ("https://127.0.0.1/hook", "loopback"),
        ("https://10.1.2.3/hook", "private"),
        ("https://169.254.169.254/latest/meta-data", "cloud metadata"),
        ("https://[::1]/hook", "IPv6 loopback"),
        ("https://user:pw@example.com/hook", "credentials in the URL"),
        ("not a url", "garbage"),
    ] {
        let refused = admin(
            &gw,
            reqwest::Method::POST,
            "/sparkweb/api/admin/webhooks",
            json!({"url": url, "events": ["chat"]}),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{why}");
    }
    let refused = webhooks_call(
        &gw,
        reqwest::Method::POST,
        json!({"url": "https://93.184.215.14/hook", "events": ["everything"]}),
        400,
    )
    .await;
    assert!(
        refused["message"].as_str().unwrap().contains("chat"),
        "{refused}"
    );
    let listed = webhooks_call(&gw, reqwest::Method::GET, json!({}), 200).await;
    assert_eq!(listed["webhooks"], json!([]), "nothing half-made");
}

#[tokio::test]
async fn service_account_keys_rotate_act_within_their_limits_and_are_audited() {
    let gw = gateway(Duration::from_secs(3600)).await;
    let (bot, old_key, account) = bot_with_key(&gw, &["chat:read", "admin:read"]).await;
    let id = account["id"].as_str().unwrap();
    // It acts as the bot only, with its user scopes only.
    let (alice, _) = register_user("alice");
    assert_eq!(
        service_token(&gw, &old_key, &alice).await.status(),
        StatusCode::FORBIDDEN
    );
    let minted = json_of(service_token(&gw, &old_key, &bot).await, 200).await;
    assert_eq!(minted["scopes"], json!(["chat:read"]));
    let bot_token = minted["token"].as_str().unwrap().to_string();
    let inbox = gw.rest(reqwest::Method::GET, "inbox", &bot_token, "").await;
    assert_eq!(inbox.status(), StatusCode::OK);
    let refused = json_of(
        gw.rest(
            reqwest::Method::POST,
            &format!("chat/message/{}", jid("x")),
            &bot_token,
            "hi",
        )
        .await,
        403,
    )
    .await;
    assert_eq!(refused["error"], "MissingScope");
    assert_eq!(refused["scope"], "chat:write");

    // Its admin scope reads users, and only reads.
    let bearer = format!("Bearer {old_key}");
    let users = admin_as(
        &gw,
        &bearer,
        reqwest::Method::GET,
        "/plugins/restapi/v1/users",
        json!({}),
    )
    .await;
    assert_eq!(users.status(), StatusCode::OK);
    let refused = json_of(
        admin_as(
            &gw,
            &bearer,
            reqwest::Method::POST,
            "/plugins/restapi/v1/users",
            json!({"username": unique("x"), "password": "a-long-password-1"}),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(refused["scope"], "admin:users", "{refused}");

    // Rotation: a second key works beside the first; a third is refused until one retires.
    let keys_path = format!("/sparkweb/api/admin/service-accounts/{id}/keys");
    let new_key = json_of(
        admin(&gw, reqwest::Method::POST, &keys_path, json!({})).await,
        200,
    )
    .await;
    let new_secret = new_key["key"].as_str().unwrap().to_string();
    assert_eq!(
        service_token(&gw, &old_key, &bot).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        service_token(&gw, &new_secret, &bot).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        admin(&gw, reqwest::Method::POST, &keys_path, json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let old_id = account["keys"][0]["id"].as_str().unwrap();
    let retired = admin(
        &gw,
        reqwest::Method::DELETE,
        &format!("{keys_path}/{old_id}"),
        json!({}),
    )
    .await;
    assert_eq!(retired.status(), StatusCode::OK);
    assert_eq!(
        service_token(&gw, &old_key, &bot).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        service_token(&gw, &new_secret, &bot).await.status(),
        StatusCode::OK
    );
    // The last digit changed (never to itself).
    let last = if new_secret.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &new_secret[..new_secret.len() - 1]);
    assert_eq!(
        service_token(&gw, &forged, &bot).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The bot sees the service account's token among its tokens.
    let listed = json_of(
        gw.rest(reqwest::Method::GET, "tokens", &bot_token, "")
            .await,
        403,
    )
    .await;
    assert_eq!(
        listed["scope"], "account",
        "a chat:read token cannot list tokens"
    );

    // The audit log names the service account where it acted.
    let log = json_of(
        admin(
            &gw,
            reqwest::Method::GET,
            "/plugins/restapi/v1/logs/security",
            json!({}),
        )
        .await,
        200,
    )
    .await;
    let names: Vec<&str> = log["logs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|entry| entry["username"].as_str())
        .collect();
    let by_it = format!("service:support desk ({id})");
    assert!(names.contains(&by_it.as_str()), "{log}");

    // Deleting the account ends its tokens at once.
    let deleted = admin(
        &gw,
        reqwest::Method::DELETE,
        &format!("/sparkweb/api/admin/service-accounts/{id}"),
        json!({}),
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::OK);
    let after = gw.rest(reqwest::Method::GET, "inbox", &bot_token, "").await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        service_token(&gw, &new_secret, &bot).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

/// A user made through the admin API (so the gateway keeps their password).
async fn created_user(gw: &Gateway, name: &str) -> String {
    let created = admin(
        gw,
        reqwest::Method::POST,
        "/plugins/restapi/v1/users",
        json!({"username": name, "password": unique("pw-")}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED, "{name}");
    name.to_string()
}

async fn service_account(gw: &Gateway, authorization: &str, body: Value) -> reqwest::Response {
    admin_as(
        gw,
        authorization,
        reqwest::Method::POST,
        "/sparkweb/api/admin/service-accounts",
        body,
    )
    .await
}

#[tokio::test]
async fn narrowed_credentials_never_widen_themselves_or_reach_administrators() {
    let root = unique("root");
    let gw = gateway_with_admins(Duration::from_secs(3600), vec![root.clone()]).await;
    created_user(&gw, &root).await;
    let alice = created_user(&gw, &unique("alice")).await;
    let carol = created_user(&gw, &unique("carol")).await;
    let key_of = |account: Value| format!("Bearer {}", account["key"].as_str().unwrap());

    // An integrations key creates no account wider than itself.
    let integrations = json_of(
        service_account(
            &gw,
            SECRET,
            json!({"name": "integ", "scopes": ["admin:integrations"]}),
        )
        .await,
        200,
    )
    .await;
    let wider = json_of(
        service_account(
            &gw,
            &key_of(integrations.clone()),
            json!({"name": "wider", "scopes": ["admin:users"]}),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(wider["scope"], "admin:users", "{wider}");
    json_of(
        service_account(
            &gw,
            &key_of(integrations),
            json!({"name": "same", "scopes": ["admin:integrations"]}),
        )
        .await,
        200,
    )
    .await;

    // A users key changes users, but not an administrator's account.
    let ops = key_of(
        json_of(
            service_account(
                &gw,
                SECRET,
                json!({"name": "ops", "scopes": ["admin:users"]}),
            )
            .await,
            200,
        )
        .await,
    );
    let new_password = json!({"password": "another-long-password-1"});
    for (user, expected) in [(&carol, StatusCode::OK), (&root, StatusCode::FORBIDDEN)] {
        let path = format!("/plugins/restapi/v1/users/{user}");
        let changed = admin_as(&gw, &ops, reqwest::Method::PUT, &path, new_password.clone()).await;
        assert_eq!(changed.status(), expected, "{user}");
    }
    let shouting = format!("/plugins/restapi/v1/users/{}", root.to_uppercase());
    let changed = admin_as(&gw, &ops, reqwest::Method::PUT, &shouting, new_password).await;
    assert_eq!(
        changed.status(),
        StatusCode::FORBIDDEN,
        "however the name is written"
    );

    // An account for any user acts as no administrator; what its tokens mint dies with it.
    let anyone = json_of(
        service_account(
            &gw,
            SECRET,
            json!({"name": "any", "scopes": ["chat:read", "account"]}),
        )
        .await,
        200,
    )
    .await;
    let key = anyone["key"].as_str().unwrap();
    assert_eq!(
        service_token(&gw, key, &root).await.status(),
        StatusCode::FORBIDDEN
    );
    let token = json_of(service_token(&gw, key, &alice).await, 200).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let child: Value = gw
        .http
        .post(gw.url("/sparkweb/api/rest/tokens"))
        .header("Authorization", &token)
        .json(&json!({"name": "child", "scopes": ["chat:read"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let child = child["token"].as_str().unwrap().to_string();
    assert_eq!(
        gw.rest(reqwest::Method::GET, "inbox", &child, "")
            .await
            .status(),
        StatusCode::OK
    );
    let path = format!(
        "/sparkweb/api/admin/service-accounts/{}",
        anyone["id"].as_str().unwrap()
    );
    assert_eq!(
        admin(&gw, reqwest::Method::DELETE, &path, json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        gw.rest(reqwest::Method::GET, "inbox", &child, "")
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "a token minted from a service account's token dies with the account"
    );
}

#[tokio::test]
async fn allowed_endpoints_still_take_http_urls_only_kept_as_parsed() {
    let gw = gateway(Duration::from_secs(3600)).await;
    let create = |url: &str, extra: Value| {
        let mut body = json!({"url": url, "events": ["chat"]});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        admin(
            &gw,
            reqwest::Method::POST,
            "/sparkweb/api/admin/webhooks",
            body,
        )
    };
    for url in [
        "ftp://127.0.0.1:9/hook",
        "http://127.0.0.1:9/hook\r\nX-Injected: 1",
    ] {
        let refused = create(url, json!({})).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{url}");
    }
    let refused = create("http://127.0.0.1:9/hook", json!({"paused": true})).await;
    assert_eq!(
        refused.status(),
        StatusCode::BAD_REQUEST,
        "paused is for changes"
    );
    let kept = json_of(create("HTTP://127.0.0.1:9/a/../hook", json!({})).await, 200).await;
    assert_eq!(kept["url"], "http://127.0.0.1:9/hook");
}

#[tokio::test]
async fn account_changes_reach_the_webhooks_that_ask_for_them() {
    let gw = gateway(Duration::from_secs(3600)).await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let hook = webhooks_call(
        &gw,
        reqwest::Method::POST,
        json!({"url": url, "events": ["account"]}),
        200,
    )
    .await;
    let mut backend = Backend::new(&gw, port, "nobody", hook["secret"].as_str().unwrap(), "");
    backend.start().await;
    let user = created_user(&gw, &unique("carol")).await;
    let path = format!("/plugins/restapi/v1/users/{user}");
    let deleted = admin(&gw, reqwest::Method::DELETE, &path, json!({})).await;
    assert_eq!(deleted.status(), StatusCode::OK);
    // Delivered asynchronously, by design.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let seen = loop {
        let seen = backend.seen().await;
        if seen["seen"].as_array().unwrap().len() >= 2 {
            break seen;
        }
        assert!(std::time::Instant::now() < deadline, "{seen}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let ids: Vec<&str> = seen["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{seen}");
    assert!(
        ids[0].starts_with(&format!("acct_{user}_created_")),
        "{seen}"
    );
    assert!(
        ids[1].starts_with(&format!("acct_{user}_deleted_")),
        "{seen}"
    );
    assert_eq!(seen["refused"], 0);
}
