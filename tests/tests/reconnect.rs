//! Sessions survive an XMPP server restart: they come back by themselves and every live
//! stream is told. Runs against a Prosody of its own, since it restarts it.

use std::time::Duration;

use serde_json::Value;
use tests::{Gateway, OwnProsody};

const WAIT: Duration = Duration::from_secs(45);

fn data(event: &eventsource_stream::Event) -> Value {
    serde_json::from_str(&event.data).unwrap()
}

#[tokio::test]
async fn restarting_the_xmpp_server_brings_sessions_back_and_streams_are_told() {
    let prosody = OwnProsody::start();
    let gw = Gateway::builder().server(&prosody.server()).spawn().await;
    let (alice, alice_password) = prosody.register_user("alice");
    let (bob, bob_password) = prosody.register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut bob_tab = gw.sse(&bob_token, None).await;
    assert_eq!(bob_tab.next(WAIT).await.event, "onConnect");

    prosody.restart();

    // Told of the loss when a ping goes unanswered or the client reports it, and of the
    // return when the client is online again (whichever it notices first).
    let mut states = Vec::new();
    while states.last().map(String::as_str) != Some("online") {
        let event = bob_tab.next_named("chatapi.session", WAIT).await;
        states.push(data(&event)["state"].as_str().unwrap().to_string());
    }
    assert!(
        states.iter().all(|s| s == "reconnecting" || s == "online"),
        "{states:?}"
    );

    let domain = tests::stack_var("XWG_XMPP_DOMAIN");
    assert_eq!(
        gw.send_chat(
            &alice_token,
            &format!("{bob}@{domain}"),
            "after the restart"
        )
        .await,
        200
    );
    let chat = bob_tab.next_named("chatapi.chat", WAIT).await;
    assert_eq!(data(&chat)["body"], "after the restart");
    assert_eq!(gw.sessions(), 2);
}

#[tokio::test]
async fn a_changed_password_ends_the_session_with_a_clear_event() {
    let prosody = OwnProsody::start();
    let gw = Gateway::builder().server(&prosody.server()).spawn().await;
    let (carol, password) = prosody.register_user("carol");
    let token = gw.login(&carol, &password).await;
    let mut tab = gw.sse(&token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");

    prosody.change_password(&carol, "a-new-password");
    prosody.restart();

    // The keeper does not retry the old password forever: the session ends, and says why.
    let ended = loop {
        let event = tab.next_named("chatapi.session", WAIT).await;
        if data(&event)["state"] == "ended" {
            break event;
        }
    };
    assert!(
        data(&ended)["reason"].as_str().unwrap().contains("refused"),
        "{}",
        ended.data
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(gw.sessions(), 0);

    // Until the user logs in with the new password, calls say what to do.
    let domain = tests::stack_var("XWG_XMPP_DOMAIN");
    let response = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/chat/message/{carol}@{domain}")))
        .header("Authorization", &token)
        .body("hello?")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("log in with your password again"),
        "{body}"
    );
    let token = gw.login(&carol, "a-new-password").await;
    assert_eq!(
        gw.send_chat(&token, &format!("{carol}@{domain}"), "back")
            .await,
        200
    );
}

#[tokio::test]
async fn a_server_outage_under_load_is_told_in_time_and_loses_or_repeats_nothing() {
    const COUNT: usize = 60;
    const TOLD_WITHIN: Duration = Duration::from_secs(10);
    let prosody = OwnProsody::start();
    let gw = Gateway::builder().server(&prosody.server()).spawn().await;
    let (alice, alice_password) = prosody.register_user("alice");
    let (bob, bob_password) = prosody.register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut bob_tab = gw.sse(&bob_token, None).await;
    assert_eq!(bob_tab.next(WAIT).await.event, "onConnect");

    // Alice sends throughout, retrying whatever was not accepted with the same key.
    let domain = tests::stack_var("XWG_XMPP_DOMAIN");
    let (http, url) = (
        gw.http.clone(),
        gw.url(&format!("/sparkweb/api/rest/chat/message/{bob}@{domain}")),
    );
    let sender = tokio::spawn(async move {
        for i in 0..COUNT {
            loop {
                let sent = http
                    .post(&url)
                    .header("Authorization", &alice_token)
                    .header("Idempotency-Key", format!("key-{i}"))
                    .body(format!("o{i:02}"))
                    .timeout(Duration::from_secs(15))
                    .send()
                    .await;
                if sent.is_ok_and(|r| r.status() == 200 || r.status() == 202) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });

    let mut bodies = Vec::new();
    let state_change = async |tab: &mut tests::SseClient, want: &str, bodies: &mut Vec<String>| {
        loop {
            let event = tab.next(WAIT).await;
            match event.event.as_str() {
                "chatapi.chat" => bodies.push(data(&event)["body"].as_str().unwrap().to_string()),
                "chatapi.session" if data(&event)["state"] == want => return,
                _ => {}
            }
        }
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    let stopped = std::time::Instant::now();
    prosody.stop();
    state_change(&mut bob_tab, "reconnecting", &mut bodies).await;
    let told = stopped.elapsed();
    assert!(told <= TOLD_WITHIN, "reconnecting told after {told:?}");

    tokio::time::sleep(Duration::from_secs(20).saturating_sub(stopped.elapsed())).await;
    prosody.start_again();
    let started = std::time::Instant::now();
    state_change(&mut bob_tab, "online", &mut bodies).await;
    let back = started.elapsed();
    assert!(
        back <= TOLD_WITHIN,
        "online told {back:?} after the server's return"
    );

    sender.await.unwrap();
    while bodies.len() < COUNT {
        let event = bob_tab.next_named("chatapi.chat", WAIT).await;
        bodies.push(data(&event)["body"].as_str().unwrap().to_string());
    }
    assert!(
        bob_tab.quiet("chatapi.chat", Duration::from_secs(2)).await,
        "no duplicates"
    );
    bodies.sort();
    let expected: Vec<String> = (0..COUNT).map(|i| format!("o{i:02}")).collect();
    assert_eq!(bodies, expected, "every message once");
    println!("reconnecting told after {told:?}; online {back:?} after the server's return");
}

/// Waits until the stream says the session is in `state` (other events skipped).
async fn told(tab: &mut tests::SseClient, state: &str) {
    loop {
        let event = tab.next_named("chatapi.session", WAIT).await;
        if data(&event)["state"] == state {
            return;
        }
    }
}

#[tokio::test]
async fn a_send_during_an_outage_is_answered_at_once_and_sent_after_it() {
    let prosody = OwnProsody::start();
    let gw = Gateway::builder().server(&prosody.server()).spawn().await;
    let (alice, alice_password) = prosody.register_user("alice");
    let (bob, bob_password) = prosody.register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut alice_tab = gw.sse(&alice_token, None).await;
    assert_eq!(alice_tab.next(WAIT).await.event, "onConnect");

    prosody.stop();
    told(&mut alice_tab, "reconnecting").await;
    let domain = tests::stack_var("XWG_XMPP_DOMAIN");
    let url = gw.url(&format!("/sparkweb/api/rest/chat/message/{bob}@{domain}"));
    let send = || {
        gw.http
            .post(&url)
            .header("Authorization", &alice_token)
            .header("Idempotency-Key", "during-the-outage")
            .body("sent once the server is back")
            .send()
    };
    let asked = std::time::Instant::now();
    let refused = send().await.unwrap();
    let answered = asked.elapsed();
    assert_eq!(refused.status(), 503);
    assert!(
        answered < Duration::from_secs(1),
        "answered after {answered:?}"
    );
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=10).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "XmppReconnecting", "{body}");

    // Back: the client's retry goes out, once.
    prosody.start_again();
    told(&mut alice_tab, "online").await;
    let mut bob_tab = gw.sse(&bob_token, None).await;
    assert_eq!(bob_tab.next(WAIT).await.event, "onConnect");
    assert_eq!(send().await.unwrap().status(), 200);
    let chat = bob_tab.next_named("chatapi.chat", WAIT).await;
    assert_eq!(data(&chat)["body"], "sent once the server is back");
    assert!(bob_tab.quiet("chatapi.chat", Duration::from_secs(1)).await);
}

/// Panic messages seen in this test process since the hook was set (a task's panic is
/// caught by tokio, but its message and backtrace reach the log).
fn panics_seen() -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    static SEEN: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<String>>>> =
        std::sync::OnceLock::new();
    SEEN.get_or_init(|| {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let record = seen.clone();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            record.lock().unwrap().push(info.to_string());
            previous(info);
        }));
        seen
    })
    .clone()
}

#[tokio::test]
async fn a_session_ended_while_reconnecting_logs_no_panic() {
    let panics = panics_seen();
    let prosody = OwnProsody::start();
    let gw = Gateway::builder().server(&prosody.server()).spawn().await;
    let mut tabs = Vec::new();
    let mut tokens = Vec::new();
    for _ in 0..3 {
        let (user, password) = prosody.register_user("ending");
        let token = gw.login(&user, &password).await;
        let mut tab = gw.sse(&token, None).await;
        assert_eq!(tab.next(WAIT).await.event, "onConnect");
        tabs.push(tab);
        tokens.push(token);
    }
    prosody.stop();
    for tab in &mut tabs {
        told(tab, "reconnecting").await;
    }
    // The sessions end while their connectors are between attempts.
    for token in &tokens {
        assert_eq!(gw.logout(token).await, 200);
    }
    // Longer than the connectors' longest wait between attempts (5 s, +20% jitter).
    tokio::time::sleep(Duration::from_secs(8)).await;
    assert_eq!(gw.sessions(), 0);
    let reconnect_panics: Vec<String> = panics
        .lock()
        .unwrap()
        .iter()
        .filter(|p| p.contains("reconnect"))
        .cloned()
        .collect();
    assert!(reconnect_panics.is_empty(), "{reconnect_panics:?}");
}

/// The rooms a user was in are entered again when the session comes back on a new stream
/// (the server restarted: it counts the user in no room, and a room that was not
/// persistent is gone), so a post after the restart reaches the room's occupants.
#[tokio::test]
async fn rooms_are_entered_again_after_the_server_restarts() {
    use reqwest::{Method, StatusCode};
    let prosody = OwnProsody::start();
    let gw = Gateway::builder().server(&prosody.server()).spawn().await;
    let (alice, alice_password) = prosody.register_user("alice");
    let (bob, bob_password) = prosody.register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut alice_tab = gw.sse(&alice_token, None).await;
    let mut bob_tab = gw.sse(&bob_token, None).await;
    let room = tests::unique("again-");
    let room_jid = format!("{room}@conference.{}", tests::stack_var("XWG_XMPP_DOMAIN"));
    for token in [&alice_token, &bob_token] {
        let joined = gw
            .rest(Method::PUT, &format!("groupchat/room/{room}"), token, "")
            .await;
        assert_eq!(joined.status(), StatusCode::OK);
    }
    let bob_in_room = async |tab: &mut tests::SseClient| loop {
        let event = tab.next_named("chatapi.presence", WAIT).await;
        let presence = data(&event);
        if presence["from"] == format!("{room_jid}/{bob}") && presence["presence"] == "available" {
            return;
        }
    };
    bob_in_room(&mut alice_tab).await;

    prosody.restart();
    told(&mut alice_tab, "online").await;
    told(&mut bob_tab, "online").await;
    // Bob is in the room again once Alice's session sees him enter it (a presence in
    // flight: the one wait).
    bob_in_room(&mut alice_tab).await;

    let posted = gw
        .rest(
            Method::POST,
            &format!("groupchat/room/{room}"),
            &alice_token,
            "after the restart",
        )
        .await;
    assert_eq!(posted.status(), StatusCode::OK);
    loop {
        let event = bob_tab.next_named("chatapi.muc", WAIT).await;
        if data(&event)["body"] == "after the restart" {
            break;
        }
    }
    // A session that ended (idle, say) enters the rooms again as it opens for the next
    // call: the post is in the room.
    use xwg_core::keeper::Keeper;
    gw.keeper
        .as_ref()
        .unwrap()
        .end_session(&alice, "a test ends it")
        .await
        .unwrap();
    told(&mut alice_tab, "ended").await;
    let posted = gw
        .rest(
            Method::POST,
            &format!("groupchat/room/{room}"),
            &alice_token,
            "after the session ended",
        )
        .await;
    assert_eq!(posted.status(), StatusCode::OK);
    loop {
        let event = bob_tab.next_named("chatapi.muc", WAIT).await;
        if data(&event)["body"] == "after the session ended" {
            break;
        }
    }

    // Once Bob has left, his posts are refused, never a silent 200.
    let left = gw
        .rest(
            Method::DELETE,
            &format!("groupchat/room/{room}"),
            &bob_token,
            "",
        )
        .await;
    assert_eq!(left.status(), StatusCode::OK);
    let refused = gw
        .rest(
            Method::POST,
            &format!("groupchat/room/{room}"),
            &bob_token,
            "still here?",
        )
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
}
