//! Boundaries that hold: a login's streams end with it at once (by signal, not at a later
//! look at the store), guessing is slowed without refusing the right credential, new
//! passwords follow the rule on every path, streams are capped, and only a request that
//! waits can be approved.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use tests::{
    Gateway, SseClient, jid, keeper_config, register_user, spawn_gateway, spawn_user_admin_gateway,
    stack_var, unique,
};

const WAIT: Duration = Duration::from_secs(10);
/// How soon a stream hears that its login ended: a signal, not a poll (the backstop looks
/// at the store every five minutes).
const AT_ONCE: Duration = Duration::from_secs(1);
const SECRET: &str = "user-service-secret-0123456789";

fn data(event: &eventsource_stream::Event) -> Value {
    serde_json::from_str(&event.data).unwrap()
}

/// Logs in: (access token, refresh token).
async fn login(gw: &Gateway, username: &str, password: &str) -> (String, String) {
    let response = gw.try_login(username, password).await;
    assert_eq!(response.status(), 200, "login of {username}");
    let tokens: Value = response.json().await.unwrap();
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

/// An open stream, past its `onConnect`.
async fn open_stream(gw: &Gateway, token: &str) -> SseClient {
    let mut tab = gw.sse(token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");
    tab
}

/// The stream's session events until it ends, which must be within [`AT_ONCE`] of now:
/// the last says the login ended and why, and none before it said the connection was lost.
async fn ends_at_once_because(tab: &mut SseClient, why: &str, what: &str) {
    let deadline = Instant::now() + AT_ONCE;
    let mut states = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = tab.next(left).await;
        if event.event != "chatapi.session" {
            continue;
        }
        let change = data(&event);
        states.push(change["state"].as_str().unwrap().to_string());
        if change["state"] == "ended" {
            assert!(
                change["reason"].as_str().unwrap().contains(why),
                "{what}: {change}"
            );
            break;
        }
    }
    assert_eq!(states, ["ended"], "{what}: nothing before the end");
    assert!(tab.ends(AT_ONCE).await, "{what}: the stream ends");
}

/// The stream still delivers: a note to self arrives.
async fn still_delivers(gw: &Gateway, token: &str, user: &str, tab: &mut SseClient) {
    let text = unique("still-here-");
    assert_eq!(gw.send_chat(token, &jid(user), &text).await, 200);
    loop {
        let chat = tab.next_named("chatapi.chat", WAIT).await;
        if chat.data.contains(&text) {
            return;
        }
    }
}

#[tokio::test]
async fn ending_one_login_ends_exactly_its_streams_at_once() {
    let gw = spawn_gateway().await;
    for ending in ["logout", "refresh token reused"] {
        let (user, password) = register_user("tabs");
        let (a, a_refresh) = login(&gw, &user, &password).await;
        let (b, _) = login(&gw, &user, &password).await;
        let (mut a_tab, mut a_tab2) = (open_stream(&gw, &a).await, open_stream(&gw, &a).await);
        let mut b_tab = open_stream(&gw, &b).await;
        let why = match ending {
            "logout" => {
                assert_eq!(gw.logout(&a).await, 200);
                "logged out"
            }
            _ => {
                let next = refresh(&gw, &a_refresh).await;
                assert_eq!(next.status(), 200);
                assert_eq!(refresh(&gw, &a_refresh).await.status(), 401, "a copy");
                "refresh token"
            }
        };
        ends_at_once_because(&mut a_tab, why, ending).await;
        ends_at_once_because(&mut a_tab2, why, ending).await;
        assert_eq!(gw.user(Some(&a)).await.status(), 401, "{ending}");
        still_delivers(&gw, &b, &user, &mut b_tab).await;
    }
}

#[tokio::test]
async fn ending_an_account_ends_every_stream_at_once_with_its_reason() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let admin = |method: Method, path: String, body: Value| {
        gw.http
            .request(method, gw.url(&format!("/plugins/restapi/v1/{path}")))
            .header("Authorization", SECRET)
            .json(&body)
            .send()
    };
    for (ending, why) in [
        ("password change", "password was changed"),
        ("lock", "locked"),
        ("deletion", "deleted"),
    ] {
        let (user, password) = register_user("ending");
        let (a, _) = login(&gw, &user, &password).await;
        let (b, _) = login(&gw, &user, &password).await;
        let mut tabs = [open_stream(&gw, &a).await, open_stream(&gw, &b).await];
        let path = format!("users/{user}");
        let answer = match ending {
            "password change" => {
                admin(Method::PUT, path, json!({"password": "a-new-password-1"})).await
            }
            "lock" => admin(Method::POST, format!("{path}/lockout"), json!({})).await,
            _ => admin(Method::DELETE, path, json!({})).await,
        };
        assert!(answer.unwrap().status().is_success(), "{ending}");
        for tab in &mut tabs {
            ends_at_once_because(tab, why, ending).await;
        }
        for token in [&a, &b] {
            assert_eq!(gw.user(Some(token)).await.status(), 401, "{ending}");
        }
    }
}

/// A client whose connections come from `source` (a loopback address of its own).
fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_right_secret_passes_during_a_guessing_run_from_its_address() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let nat = client_from("127.0.0.9");
    let list = |secret: String| {
        nat.get(gw.url("/plugins/restapi/v1/users"))
            .header("Authorization", secret)
            .send()
    };
    let mut statuses = Vec::new();
    for i in 0..14 {
        let answer = list(format!("guess-{i}")).await.unwrap();
        if answer.status() == 429 {
            assert!(answer.headers().contains_key("retry-after"));
        }
        statuses.push(answer.status().as_u16());
    }
    assert!(statuses[..10].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[10..].iter().all(|s| *s == 429), "{statuses:?}");
    // The operator behind the same address, while guessing goes on beside it.
    let guessing = tokio::spawn({
        let (nat, url) = (nat.clone(), gw.url("/plugins/restapi/v1/users"));
        async move {
            for i in 0..3 {
                let wrong = nat.get(&url).header("Authorization", format!("more-{i}"));
                assert_eq!(wrong.send().await.unwrap().status(), 429);
            }
        }
    });
    let right = list(SECRET.to_string()).await.unwrap();
    assert_eq!(right.status(), 200, "the right secret passes");
    guessing.await.unwrap();
    // The legacy endpoint takes the same secret the same way.
    let legacy = nat
        .get(gw.url("/plugins/userService/userservice"))
        .query(&[("type", "grouplist"), ("secret", SECRET)])
        .send()
        .await
        .unwrap();
    assert_eq!(legacy.text().await.unwrap(), "<result></result>");
}

#[tokio::test]
async fn the_right_password_passes_during_a_guessing_run_from_its_address() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("guessed");
    let nat = client_from("127.0.0.10");
    let attempt = |password: String| {
        nat.post(gw.url(&format!("/sparkweb/api/rest/login/{user}")))
            .body(password)
            .send()
    };
    let mut statuses = Vec::new();
    for i in 0..12 {
        statuses.push(
            attempt(format!("guess-{i}"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert!(statuses[..10].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[10..].iter().all(|s| *s == 429), "{statuses:?}");
    let right = attempt(password.clone()).await.unwrap();
    assert_eq!(right.status(), 200, "the owner behind the same address");
}

#[tokio::test]
async fn a_taken_name_does_not_count_against_registrations_from_an_address() {
    let gw = spawn_gateway().await;
    let taken = unique("taken");
    let client = client_from("127.0.0.11");
    let register = |name: String| {
        client
            .post(gw.url(&format!("/sparkweb/api/rest/register/{name}")))
            .body("a-long-enough-password")
            .send()
    };
    assert_eq!(register(taken.clone()).await.unwrap().status(), 200);
    // A client that registers and then logs in, again and again: far past the hourly
    // allowance of new accounts, every answer is "taken".
    for _ in 0..25 {
        assert_eq!(register(taken.clone()).await.unwrap().status(), 409);
    }
    assert_eq!(register(unique("fresh")).await.unwrap().status(), 200);
}

/// The machine name of an error answer (JSON), or the legacy endpoint's error text.
async fn refusal(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    match serde_json::from_str::<Value>(&text) {
        Ok(json) => (
            status,
            json["error"].as_str().unwrap_or_default().to_string(),
            json["message"].as_str().unwrap_or_default().to_string(),
        ),
        Err(_) => (status, text, String::new()),
    }
}

#[tokio::test]
async fn new_passwords_follow_the_rule_on_every_path() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let rule = "8 to 256 characters";
    for bad in ["x", "seven-7"] {
        let name = unique("short");
        let (status, _, message) = refusal(gw.register(&name, bad).await).await;
        assert_eq!(status, 400, "register {bad:?}");
        assert!(message.contains(rule), "{message}");
        let passkey = gw
            .http
            .post(gw.url(&format!(
                "/sparkweb/api/rest/webauthn/register/start/{name}"
            )))
            .body(bad)
            .send()
            .await
            .unwrap();
        let (status, _, message) = refusal(passkey).await;
        assert_eq!(status, 400, "passkey registration of a new account");
        assert!(message.contains(rule), "{message}");

        let add = gw
            .http
            .get(gw.url("/plugins/userService/userservice"))
            .query(&[
                ("type", "add"),
                ("secret", SECRET),
                ("username", &name),
                ("password", bad),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            add.text().await.unwrap(),
            "<error>IllegalArgumentException</error>"
        );
        let create = gw
            .http
            .post(gw.url("/plugins/restapi/v1/users"))
            .header("Authorization", SECRET)
            .json(&json!({"username": name, "password": bad}))
            .send()
            .await
            .unwrap();
        let (status, _, message) = refusal(create).await;
        assert_eq!(status, 400, "admin create");
        assert!(message.contains(rule), "{message}");
    }
    // The username as the password.
    let name = unique("same");
    let (status, _, message) = refusal(gw.register(&name, &name).await).await;
    assert_eq!(status, 400);
    assert!(message.contains("username"), "{message}");

    // Changes by an administrator follow it too, and leave the old password working.
    let (user, password) = register_user("changed");
    for path in ["update"] {
        let update = gw
            .http
            .get(gw.url("/plugins/userService/userservice"))
            .query(&[
                ("type", path),
                ("secret", SECRET),
                ("username", &user),
                ("password", "short"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            update.text().await.unwrap(),
            "<error>IllegalArgumentException</error>"
        );
    }
    let put = gw
        .http
        .put(gw.url(&format!("/plugins/restapi/v1/users/{user}")))
        .header("Authorization", SECRET)
        .json(&json!({"password": user}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 400, "the username as the new password");
    login(&gw, &user, &password).await;

    // Spaces and any script are fine.
    let spaced = unique("spaced");
    assert_eq!(
        gw.register(&spaced, "correct horse ünïcødé 密码")
            .await
            .status(),
        200
    );
    login(&gw, &spaced, "correct horse ünïcødé 密码").await;
}

#[tokio::test]
async fn streams_are_capped_per_login_and_per_user_and_closed_ones_reaped() {
    let keeper = xwg_core::config::KeeperConfig {
        streams: xwg_core::config::StreamCaps {
            per_login: 3,
            per_user: 5,
        },
        ..keeper_config(Duration::from_secs(600))
    };
    let gw = Gateway::builder().keeper(keeper).spawn().await;
    let (user, password) = register_user("many");
    let (a, _) = login(&gw, &user, &password).await;
    let (b, _) = login(&gw, &user, &password).await;
    let sse = |token: String| {
        gw.http
            .get(gw.url(&format!("/sparkweb/sse?token={token}")))
            .send()
    };
    let mut a_tabs = Vec::new();
    for _ in 0..3 {
        a_tabs.push(open_stream(&gw, &a).await);
    }
    let (status, error, message) = refusal(sse(a.clone()).await.unwrap()).await;
    assert_eq!((status, error.as_str()), (429, "TooManyStreams"));
    assert!(
        message.contains("This login has 3 event streams open"),
        "{message}"
    );
    let mut b_tabs = vec![open_stream(&gw, &b).await, open_stream(&gw, &b).await];
    let (status, _, message) = refusal(sse(b.clone()).await.unwrap()).await;
    assert_eq!(status, 429);
    assert!(
        message.contains("You have 5 event streams open"),
        "{message}"
    );

    // A tab closed: its stream is noticed gone at its next heartbeat, and its place freed.
    drop(b_tabs.pop());
    let closed = Instant::now();
    let reopened = loop {
        let answer = sse(b.clone()).await.unwrap();
        if answer.status() == 200 {
            break answer;
        }
        assert!(
            closed.elapsed() < Duration::from_secs(20),
            "the closed stream was not reaped within a heartbeat"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let mut reopened = SseClient::new(reopened);
    assert_eq!(reopened.next(WAIT).await.event, "onConnect");
    drop(a_tabs);
}

#[tokio::test]
async fn only_a_waiting_request_can_be_approved() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("approver");
    let (token, _) = login(&gw, &user, &password).await;
    let (stranger, _) = register_user("stranger");
    let domain = stack_var("XWG_XMPP_DOMAIN");
    let approve = async |who: &str| {
        refusal(
            gw.rest(
                Method::POST,
                &format!("roster/{who}/subscription/approve"),
                &token,
                "",
            )
            .await,
        )
        .await
    };
    let (status, error, message) = approve(&jid(&stranger)).await;
    assert_eq!((status, error.as_str()), (404, "NoSubscriptionRequest"));
    assert!(message.contains("subscriptionType 2"), "{message}");
    // (The server's own domain, `localhost` here, reads as a username: it has no dot.)
    for not_an_account in [
        format!("conference.{domain}"),
        jid(&user),
        format!("{}%2Fphone", jid(&stranger)),
    ] {
        let (status, _, message) = approve(&not_an_account).await;
        assert_eq!(status, 400, "{not_an_account}: {message}");
    }
}

#[tokio::test]
async fn push_endpoints_that_lead_into_the_gateways_network_are_refused() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("pusher");
    let (token, _) = login(&gw, &user, &password).await;
    let subscribe = async |endpoint: &str| {
        // RFC 8291's example keys: a well-formed subscription but for its endpoint.
        let subscription = json!({
            "endpoint": endpoint,
            "keys": {
                "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
                "auth": "BTBZMqHH6r4Tts7J_aSIgg"
            }
        });
        refusal(
            gw.rest(Method::PUT, "webpush/subscribe/tab", &token, subscription)
                .await,
        )
        .await
    };
    for endpoint in [
        "https://[::127.0.0.1]/push/1",
        "https://[2002:7f00:1::]/push/1",
        "https://[2001:0:7f00:1::]/push/1",
        "https://[::ffff:169.254.169.254]/push/1",
    ] {
        let (status, _, message) = subscribe(endpoint).await;
        assert_eq!(status, 400, "{endpoint}");
        assert!(message.contains("public address"), "{endpoint}: {message}");
    }
    let (status, _, message) = subscribe("https://[2002:808:808::1]/push/1").await;
    assert_eq!(status, 200, "6to4 of a public address: {message}");
}
