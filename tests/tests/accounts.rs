//! Accounts and logins that hold: a deleted name does not pass its logins to whoever takes
//! it next, every login of an account ends with its deletion, password change or lock
//! (tokens, refresh tokens and open streams), a copied refresh token ends its login, admin
//! names cannot be claimed, and users learn and send only what they should.

use std::net::IpAddr;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{
    Gateway, Process, free_port, jid, register_user, server_admin, spawn_gateway,
    spawn_user_admin_gateway, stack_var, unique,
};
use xwg_core::clock::SystemClock;
use xwg_core::store::Store;
use xwg_core::store::embedded::EmbeddedStore;

/// One heartbeat of the event stream (15 s) and some slack.
const HEARTBEAT: Duration = Duration::from_secs(20);
const WAIT: Duration = Duration::from_secs(10);
const SECRET: &str = "user-service-secret-0123456789";

/// Logs in: (access token, refresh token).
async fn login(gw: &Gateway, username: &str, password: &str) -> (String, String) {
    let tokens: Value = gw.try_login(username, password).await.json().await.unwrap();
    (
        tokens["token"].as_str().unwrap().to_string(),
        tokens["refreshToken"].as_str().unwrap().to_string(),
    )
}

async fn refresh(gw: &Gateway, refresh_token: &str) -> reqwest::Response {
    gw.http
        .post(gw.url("/sparkweb/api/rest/token/refresh"))
        .json(&json!({ "refreshToken": refresh_token }))
        .send()
        .await
        .unwrap()
}

async fn admin(gw: &Gateway, method: Method, path: &str, body: Value) -> StatusCode {
    gw.http
        .request(method, gw.url(&format!("/plugins/restapi/v1/{path}")))
        .header("Authorization", SECRET)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
}

/// The stream says its login ended (and why), then ends.
async fn ended_because(tab: &mut tests::SseClient, why: &str) {
    let event = tab.next_named("chatapi.session", HEARTBEAT).await;
    let data: Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["state"], "ended", "{data}");
    assert!(data["reason"].as_str().unwrap().contains(why), "{data}");
    assert!(tab.ends(WAIT).await, "the stream ends");
}

#[tokio::test]
async fn a_recycled_name_does_not_inherit_the_deleted_users_logins() {
    let gw = spawn_gateway().await;
    let name = unique("recycled");
    assert_eq!(gw.register(&name, "first-owner-pw").await.status(), 200);
    let (access, refresh_token) = login(&gw, &name, "first-owner-pw").await;
    // The first owner leaves something in the event log: a note to self.
    let mut tab = gw.sse(&access, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");
    assert_eq!(gw.send_chat(&access, &name, "a private note").await, 200);
    tab.next_named("chatapi.chat", WAIT).await;
    // Deleting the account raw, behind the gateway's back, is refused.
    let remove = "<iq type='set'><query xmlns='jabber:iq:register'><remove/></query></iq>";
    let raw = gw.rest(Method::POST, "xmpp", &access, remove).await;
    assert_eq!(raw.status(), 403);
    assert_eq!(
        gw.user(Some(&access)).await.status(),
        200,
        "the account is still there"
    );
    let deleted = gw.rest(Method::DELETE, "user", &access, "").await;
    assert_eq!(deleted.status(), 200);

    // Someone else registers the name; the first owner's tokens give nothing of theirs.
    assert_eq!(gw.register(&name, "second-owner-pw").await.status(), 200);
    assert_eq!(refresh(&gw, &refresh_token).await.status(), 401);
    assert_eq!(gw.user(Some(&access)).await.status(), 401);
    // Nor does the log: a stream of the new owner replaying from the start finds nothing.
    let (second, _) = login(&gw, &name, "second-owner-pw").await;
    let mut replay = gw.sse(&second, Some(0)).await;
    assert_eq!(replay.next(WAIT).await.event, "onConnect");
    assert!(
        replay.quiet("chatapi.chat", Duration::from_secs(2)).await,
        "the first owner's events are gone"
    );
}

#[tokio::test]
async fn admin_delete_and_password_change_end_every_login_and_stream() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    for change in ["password", "delete"] {
        let (user, password) = register_user("ended");
        let (access, refresh_token) = login(&gw, &user, &password).await;
        let mut tab = gw.sse(&access, None).await;
        assert_eq!(tab.next(WAIT).await.event, "onConnect");
        let status = match change {
            "password" => {
                let body = json!({ "password": "a-new-password-1" });
                admin(&gw, Method::PUT, &format!("users/{user}"), body).await
            }
            _ => admin(&gw, Method::DELETE, &format!("users/{user}"), json!({})).await,
        };
        assert!(status.is_success(), "{change}: {status}");
        assert_eq!(
            gw.user(Some(&access)).await.status(),
            401,
            "{change}: access token"
        );
        assert_eq!(
            refresh(&gw, &refresh_token).await.status(),
            401,
            "{change}: refresh"
        );
        assert!(tab.ends(HEARTBEAT).await, "{change}: the open stream ends");
    }
}

#[tokio::test]
async fn a_spent_refresh_token_used_again_ends_the_whole_login() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("copied");
    let (_, first) = login(&gw, &user, &password).await;
    let next: Value = refresh(&gw, &first).await.json().await.unwrap();
    let (access, second) = (
        next["token"].as_str().unwrap(),
        next["refreshToken"].as_str().unwrap(),
    );
    assert_eq!(gw.user(Some(access)).await.status(), 200);

    // The first token again: someone holds a copy. The login ends for both holders.
    let reused = refresh(&gw, &first).await;
    assert_eq!(reused.status(), 401);
    assert_eq!(
        gw.user(Some(access)).await.status(),
        401,
        "the newest access token"
    );
    assert_eq!(
        refresh(&gw, second).await.status(),
        401,
        "the newest refresh token"
    );
    // Other logins of the user are not touched.
    let (other, _) = login(&gw, &user, &password).await;
    assert_eq!(gw.user(Some(&other)).await.status(), 200);
}

#[tokio::test]
async fn a_stream_ends_with_its_login_and_another_logins_stream_goes_on() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("tabs");
    let (a, _) = login(&gw, &user, &password).await;
    let (b, _) = login(&gw, &user, &password).await;
    let mut tab_a = gw.sse(&a, None).await;
    let mut tab_b = gw.sse(&b, None).await;
    assert_eq!(tab_a.next(WAIT).await.event, "onConnect");
    assert_eq!(tab_b.next(WAIT).await.event, "onConnect");

    assert_eq!(gw.logout(&a).await, 200);
    ended_because(&mut tab_a, "logged out").await;
    assert_eq!(gw.send_chat(&b, &jid(&user), "still here").await, 200);
    let chat = tab_b.next_named("chatapi.chat", WAIT).await;
    assert!(chat.data.contains("still here"));
}

#[tokio::test]
async fn names_of_admins_cannot_be_registered() {
    let gw = Gateway::builder()
        .config(|config| config.tokens.admins = vec!["root".into(), "ops".into()])
        .spawn()
        .await;
    for name in ["root", "OPS"] {
        let refused = gw.register(name, "claiming-it-1").await;
        assert_eq!(refused.status(), 403, "{name}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"], "ReservedName");
    }
}

/// `xwg-local` on `state`'s store file, with these admins.
async fn local_gateway(port: u16, state: &std::path::Path, admins: &str) -> Process {
    let mut gateway = Command::new(format!("{}/xwg-local", stack_var("XWG_BIN_DIR")));
    gateway
        .env("XWG_LISTEN", format!("127.0.0.1:{port}"))
        .env("XWG_STORE_PATH", state.join("gateway.db"))
        .env(
            "XWG_JWT_KEYS",
            "local=0123456789abcdef0123456789abcdef-admins",
        )
        .env("XWG_SEAL_KEY", "4b".repeat(32))
        .env("XWG_ADMINS", admins);
    Process::start(gateway, port, "xwg-local").await
}

#[tokio::test]
async fn a_name_taken_off_the_admins_loses_the_admin_routes_at_its_next_call() {
    let state = std::env::temp_dir().join(unique("xwg-admins-"));
    std::fs::create_dir_all(&state).unwrap();
    let (root, password) = server_admin();
    let port = free_port();
    let gw = Gateway::at(&format!("http://127.0.0.1:{port}"));
    let users = |token: String| {
        let gw = &gw;
        async move {
            gw.http
                .get(gw.url("/plugins/restapi/v1/users"))
                .header("Authorization", token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };

    let first = local_gateway(port, &state, &root).await;
    let token = gw.login(&root, &password).await;
    assert_eq!(users(token.clone()).await, 200);
    drop(first);

    // Restarted without the name in XWG_ADMINS: the same, unexpired token.
    let _second = local_gateway(port, &state, "").await;
    assert_eq!(users(token).await, 403);

    // The store file and its journal are readable by their owner only.
    use std::os::unix::fs::PermissionsExt;
    for entry in std::fs::read_dir(&state).unwrap() {
        let path = entry.unwrap().path();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    let _ = std::fs::remove_dir_all(&state);
}

#[tokio::test]
async fn user_search_shows_no_emails_to_users() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let email = format!("{bob}@mail.example");
    let profile = json!({ "name": "Bob B", "email": email });
    assert_eq!(
        gw.rest(Method::PUT, "user", &bob_token, profile)
            .await
            .status(),
        200
    );

    let found: Value = gw
        .rest(
            Method::GET,
            &format!("users?search={bob}"),
            &alice_token,
            "",
        )
        .await
        .json()
        .await
        .unwrap();
    let entry = &found["users"][0];
    assert_eq!(
        (&entry["username"], &entry["name"]),
        (&json!(bob), &json!("Bob B"))
    );
    assert_eq!(entry["email"], "", "no email for a user");
    let by_email: Value = gw
        .rest(Method::GET, "users?search=mail.example", &alice_token, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_email["users"], json!([]), "nor found by it");
    // The admin API shows it.
    let listed: Value = gw
        .http
        .get(gw.url(&format!("/plugins/restapi/v1/users?search={bob}")))
        .header("Authorization", SECRET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(listed.to_string().contains(&email), "{listed}");
}

/// A client whose connections come from `source` (a loopback address of its own).
fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn login_from(gw: &Gateway, client: &reqwest::Client, user: &str, password: &str) -> u16 {
    client
        .post(gw.url(&format!("/sparkweb/api/rest/login/{user}")))
        .body(password.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn wrong_passwords_from_one_place_do_not_lock_the_owner_out_from_another() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("target");
    let (attacker, owner) = (client_from("127.0.0.5"), client_from("127.0.0.6"));
    for _ in 0..10 {
        assert_eq!(login_from(&gw, &attacker, &user, "guess").await, 401);
    }
    assert_eq!(
        login_from(&gw, &attacker, &user, "guess").await,
        429,
        "X is slowed down"
    );
    assert_eq!(
        login_from(&gw, &owner, &user, &password).await,
        200,
        "Y still gets in"
    );
}

#[tokio::test]
async fn wrong_user_service_secrets_are_limited_per_source() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let guesser = client_from("127.0.0.7");
    let list = |client: &reqwest::Client, secret: &str| {
        client
            .get(gw.url("/plugins/restapi/v1/users"))
            .header("Authorization", secret.to_string())
            .send()
    };
    for i in 0..10 {
        let status = list(&guesser, &format!("guess-{i}"))
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401);
    }
    assert_eq!(list(&guesser, "guess-10").await.unwrap().status(), 429);
    assert_eq!(
        list(&gw.http, SECRET).await.unwrap().status(),
        200,
        "other sources"
    );
}

#[tokio::test]
async fn room_history_is_for_the_rooms_occupants() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("owner");
    let (eve, eve_password) = register_user("eve");
    let alice_token = gw.login(&alice, &alice_password).await;
    let eve_token = gw.login(&eve, &eve_password).await;
    let room = unique("secret-");
    let joined = gw
        .rest(
            Method::PUT,
            &format!("groupchat/room/{room}"),
            &alice_token,
            "",
        )
        .await;
    assert_eq!(joined.status(), 200);
    let posted = gw
        .rest(
            Method::POST,
            &format!("groupchat/room/{room}"),
            &alice_token,
            "plans",
        )
        .await;
    assert_eq!(posted.status(), 200);
    for path in [
        format!("groupchat/room/{room}/chathistory"),
        format!("groupchat/messages?room={room}"),
    ] {
        let read = gw.rest(Method::GET, &path, &eve_token, "").await;
        assert_eq!(read.status(), 403, "{path}");
        assert_eq!(
            gw.rest(Method::GET, &path, &alice_token, "").await.status(),
            200,
            "{path}"
        );
    }
}

/// TOTP secrets and the VAPID key are stored sealed, in both stores.
#[tokio::test]
async fn no_secret_is_stored_in_clear() {
    let path = std::env::temp_dir().join(format!("{}.db", unique("xwg-sealed-")));
    let clock = Arc::new(SystemClock);
    let embedded: Arc<dyn Store> = Arc::new(EmbeddedStore::open(&path, clock.clone()).unwrap());
    let dynamo: Arc<dyn Store> = Arc::new(tests::dynamo_store(clock).await);
    for store in [embedded, dynamo] {
        let raw = Arc::clone(&store);
        let gw = Gateway::builder()
            .store_through(move |_| store)
            .spawn()
            .await;
        let (user, password) = register_user("sealed");
        let secret = gw.enrol_totp(&user, &password).await;
        let item = raw
            .get(&format!("totp#{user}"), "secret")
            .await
            .unwrap()
            .unwrap();
        assert!(
            !item.data.to_string().contains(&secret),
            "TOTP secret in clear"
        );

        let token = gw.login(&user, &password).await;
        let key = gw.rest(Method::GET, "webpush/vapidkey", &token, "").await;
        assert_eq!(key.status(), 200);
        let vapid = raw.get("push", "vapid").await.unwrap().unwrap();
        assert!(
            vapid.data["private"]["sealed"].is_string(),
            "{}",
            vapid.data
        );
        assert!(!vapid.data["private"].is_string(), "VAPID key in clear");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[tokio::test]
async fn token_answers_are_not_cached_and_pages_are_not_framed() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("cache");
    let response = gw.try_login(&user, &password).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let page = gw
        .http
        .get(gw.url("/sparkweb/api/docs/"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
}
