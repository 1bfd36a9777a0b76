//! Sessions survive an XMPP server restart: they come back by themselves and every live
//! stream is told. Runs against a Prosody of its own, since it restarts it.

use std::time::Duration;

use serde_json::Value;
use tests::{OwnProsody, spawn_gateway_on};

const WAIT: Duration = Duration::from_secs(45);

fn data(event: &eventsource_stream::Event) -> Value {
    serde_json::from_str(&event.data).unwrap()
}

#[tokio::test]
async fn restarting_the_xmpp_server_brings_sessions_back_and_streams_are_told() {
    let prosody = OwnProsody::start();
    let gw = spawn_gateway_on(&prosody.server(), Duration::from_secs(600)).await;
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
    let gw = spawn_gateway_on(&prosody.server(), Duration::from_secs(600)).await;
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
