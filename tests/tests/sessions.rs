//! The session keeper end to end, against real Prosody: one XMPP session per user shared by
//! REST calls and SSE streams, interop with a native XMPP client, resumption after
//! Last-Event-ID, idle timeout and logout.

use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;
use tests::{Gateway, jid, register_user, spawn_gateway, stack_var};
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::message::{Lang, Message};
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
use tokio_xmpp::parsers::receipts::{Received, Request};
use tokio_xmpp::{Client, Event, Stanza};
use xwg_core::keeper::Keeper;

const WAIT: Duration = Duration::from_secs(10);

fn data(event: &eventsource_stream::Event) -> Value {
    serde_json::from_str(&event.data).expect("event data is JSON")
}

/// A registered user, logged in: (username, token).
async fn user(gw: &Gateway, prefix: &str) -> (String, String) {
    let (username, password) = register_user(prefix);
    let token = gw.login(&username, &password).await;
    (username, token)
}

/// A native XMPP client (tokio-xmpp, not our code) of a fresh account.
async fn native_client(prefix: &str) -> (String, Client) {
    let (username, password) = register_user(prefix);
    let client = tests::native_client(&username, &password).await;
    (username, client)
}

/// The next chat body the native client receives.
async fn next_chat_body(client: &mut Client) -> (String, String) {
    loop {
        let event = tokio::time::timeout(WAIT, client.next())
            .await
            .expect("a message in time");
        if let Some(Event::Stanza(Stanza::Message(message))) = event
            && let Some((_, body)) = message.get_best_body_cloned(vec![])
        {
            return (
                message
                    .from
                    .map(|f| f.to_bare().to_string())
                    .unwrap_or_default(),
                body,
            );
        }
    }
}

#[tokio::test]
async fn a_rest_message_reaches_every_sse_stream_of_the_recipient() {
    let gw = spawn_gateway().await;
    let (alice, alice_token) = user(&gw, "alice").await;
    let (bob, bob_token) = user(&gw, "bob").await;
    let mut tab1 = gw.sse(&bob_token, None).await;
    let mut tab2 = gw.sse(&bob_token, None).await;
    for tab in [&mut tab1, &mut tab2] {
        let connect = tab.next(WAIT).await;
        assert_eq!(connect.event, "onConnect");
        assert_eq!(data(&connect)["username"], bob.as_str());
    }

    assert_eq!(
        gw.send_chat(&alice_token, &jid(&bob), "hello bob").await,
        200
    );

    let mut ids = Vec::new();
    for tab in [&mut tab1, &mut tab2] {
        let chat = tab.next_named("chatapi.chat", WAIT).await;
        let body = data(&chat);
        assert_eq!(body["type"], "chat");
        assert_eq!(body["body"], "hello bob");
        assert!(
            body["from"].as_str().unwrap().starts_with(&jid(&alice)),
            "{body}"
        );
        ids.push(chat.id.clone());
    }
    assert_eq!(ids[0], ids[1], "both tabs see the same event id");
    assert_eq!(
        gw.sessions(),
        2,
        "one session per user, shared by the calls and both tabs"
    );
}

#[tokio::test]
async fn a_native_xmpp_client_and_a_gateway_user_talk_both_ways() {
    let gw = spawn_gateway().await;
    let (bob, bob_token) = user(&gw, "bob").await;
    let (carol, mut carol_client) = native_client("carol").await;
    let mut tab = gw.sse(&bob_token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");

    let to: Jid = jid(&bob).parse().unwrap();
    let message = Message::chat(Some(to)).with_body(Lang::new(), "hi from a native client".into());
    carol_client.send_stanza(message.into()).await.unwrap();
    let chat = tab.next_named("chatapi.chat", WAIT).await;
    assert_eq!(data(&chat)["body"], "hi from a native client");
    assert!(
        data(&chat)["from"]
            .as_str()
            .unwrap()
            .starts_with(&jid(&carol))
    );

    assert_eq!(
        gw.send_chat(&bob_token, &jid(&carol), "hi back over REST")
            .await,
        200
    );
    let (from, body) = next_chat_body(&mut carol_client).await;
    assert_eq!(
        (from.as_str(), body.as_str()),
        (jid(&bob).as_str(), "hi back over REST")
    );
}

#[tokio::test]
async fn a_stream_resumes_after_last_event_id_without_loss_or_duplicates() {
    let gw = spawn_gateway().await;
    let (_, alice_token) = user(&gw, "alice").await;
    let (bob, bob_token) = user(&gw, "bob").await;

    let mut first = gw.sse(&bob_token, None).await;
    first.next(WAIT).await;
    assert_eq!(gw.send_chat(&alice_token, &jid(&bob), "one").await, 200);
    let seen = first.next_named("chatapi.chat", WAIT).await;
    let last_id: u64 = seen.id.parse().expect("events carry numeric ids");
    drop(first);

    // While no stream is open the session lives on and keeps logging.
    for text in ["two", "three", "four"] {
        assert_eq!(gw.send_chat(&alice_token, &jid(&bob), text).await, 200);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut resumed = gw.sse(&bob_token, Some(last_id)).await;
    assert_eq!(resumed.next(WAIT).await.event, "onConnect");
    assert_eq!(gw.send_chat(&alice_token, &jid(&bob), "five").await, 200);
    let mut bodies = Vec::new();
    let mut ids = Vec::new();
    while bodies.len() < 4 {
        let chat = resumed.next_named("chatapi.chat", WAIT).await;
        ids.push(chat.id.parse::<u64>().unwrap());
        bodies.push(data(&chat)["body"].as_str().unwrap().to_string());
    }
    assert_eq!(bodies, ["two", "three", "four", "five"]);
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > last_id,
        "{ids:?} after {last_id}"
    );
    assert!(
        resumed
            .quiet("chatapi.chat", Duration::from_millis(500))
            .await,
        "no duplicates"
    );

    // An id this gateway never sent would hold every later event back: refused.
    let newest = *ids.last().unwrap();
    let beyond = gw
        .http
        .get(gw.url(&format!("/sparkweb/sse?token={bob_token}")))
        .header("Last-Event-ID", (newest + 1_000_000).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), 400);
}

#[tokio::test]
async fn concurrent_first_calls_open_one_session() {
    let gw = spawn_gateway().await;
    let (dave, _) = user(&gw, "dave").await;
    let calls = (0..8).map(|_| gw.keeper().ensure_session(&dave));
    for result in futures::future::join_all(calls).await {
        result.expect("session online");
    }
    assert_eq!(gw.sessions(), 1);
}

#[tokio::test]
async fn an_idle_session_ends_and_logout_ends_a_session() {
    let gw = Gateway::builder()
        .idle(Duration::from_secs(1))
        .spawn()
        .await;
    let (erin, erin_token) = user(&gw, "erin").await;
    let (frank, frank_password) = register_user("frank");
    let frank_token = gw.login(&frank, &frank_password).await;
    assert_eq!(
        gw.send_chat(&erin_token, &jid(&erin), "note to self").await,
        200
    );
    assert_eq!(gw.sessions(), 1);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        gw.sessions(),
        0,
        "no calls and no stream for longer than the idle timeout"
    );

    // A live stream keeps a session open past the idle timeout.
    let mut tab = gw.sse(&frank_token, None).await;
    tab.next(WAIT).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(gw.sessions(), 1);

    // Logging out of one of two logins keeps the session; of the last one, ends it.
    let other_login = gw.login(&frank, &frank_password).await;
    assert_eq!(gw.logout(&other_login).await, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(gw.sessions(), 1, "another login of frank is still live");
    assert_eq!(gw.logout(&frank_token).await, 200);
    let ended = tab.next_named("chatapi.session", WAIT).await;
    assert_eq!(data(&ended)["state"], "ended");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(gw.sessions(), 0);
}

#[tokio::test]
async fn bad_sends_get_clear_errors() {
    let gw = spawn_gateway().await;
    let (_, token) = user(&gw, "gina").await;
    assert_eq!(gw.send_chat(&token, "a@@b", "x").await, 400);
    assert_eq!(gw.send_chat(&token, &jid("nobody"), "").await, 400);
    let no_token = gw
        .http
        .post(gw.url("/sparkweb/api/rest/chat/message/x"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 401);
    let sse = gw
        .http
        .get(gw.url("/sparkweb/sse?token=garbage"))
        .send()
        .await
        .unwrap();
    assert_eq!(sse.status(), 401);
    let bad_resume = gw
        .http
        .get(gw.url(&format!("/sparkweb/api/sse?token={token}")))
        .header("Last-Event-ID", "yesterday")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_resume.status(), 400);
}

#[tokio::test]
async fn iq_requests_get_their_answer_an_error_or_a_timeout() {
    use tokio_xmpp::parsers::ping::Ping;
    use xwg_core::keeper::{IqKind, KeeperError};

    let gw = spawn_gateway().await;
    let (hal, _) = user(&gw, "hal").await;
    let server: Jid = stack_var("XWG_XMPP_DOMAIN").parse().unwrap();
    let pong = gw
        .keeper()
        .iq(&hal, Some(server), IqKind::Get, Ping.into())
        .await;
    assert_eq!(
        pong,
        Ok(None),
        "the server answers a ping with an empty result"
    );

    let unknown = tokio_xmpp::minidom::Element::bare("query", "urn:example:not-served");
    let server: Jid = stack_var("XWG_XMPP_DOMAIN").parse().unwrap();
    let refused = gw
        .keeper()
        .iq(&hal, Some(server), IqKind::Get, unknown)
        .await;
    assert!(matches!(refused, Err(KeeperError::Xmpp(_))), "{refused:?}");

    // A peer that never answers: the caller gets a timeout, not a hang.
    let (_, silent_client) = native_client("ivy").await;
    let silent = Jid::from(silent_client.bound_jid().expect("bound").clone());
    let started = std::time::Instant::now();
    let unanswered = gw
        .keeper()
        .iq(&hal, Some(silent), IqKind::Get, Ping.into())
        .await;
    assert_eq!(unanswered, Err(KeeperError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// The first message with a body from `from` that carries a receipt (XEP-0184), by id.
async fn next_receipt(client: &mut Client, within: Duration) -> Option<String> {
    tokio::time::timeout(within, async {
        loop {
            match client.next().await {
                Some(Event::Stanza(Stanza::Message(message))) => {
                    if let Some(received) = message
                        .payloads
                        .iter()
                        .find_map(|p| Received::try_from(p.clone()).ok())
                    {
                        return received.id;
                    }
                }
                Some(_) => continue,
                None => std::future::pending::<()>().await,
            }
        }
    })
    .await
    .ok()
}

fn asking(to: &str, id: &str, text: &str) -> Stanza {
    let mut message = Message::chat(Some(to.parse().unwrap()))
        .with_body(Lang::new(), text.into())
        .with_payload(Request);
    message.id = Some(tokio_xmpp::parsers::message::Id(id.into()));
    message.into()
}

#[tokio::test]
async fn a_native_contact_is_told_a_message_reached_a_live_stream() {
    let gw = spawn_gateway().await;
    let (bob, bob_token) = user(&gw, "rcpt").await;
    let (carol, mut carol_client) = native_client("carol").await;
    let (_, mut stranger) = native_client("stranger").await;
    let mut tab = gw.sse(&bob_token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");

    // Carol asks to see Bob's presence; Bob approves: she may.
    let mut subscribe = Presence::new(PresenceType::Subscribe);
    subscribe.to = Some(jid(&bob).parse().unwrap());
    carol_client.send_stanza(subscribe.into()).await.unwrap();
    tab.next_named("chatapi.subscription", WAIT).await;
    let approved = gw
        .rest(
            reqwest::Method::POST,
            &format!("roster/{}/subscription/approve", jid(&carol)),
            &bob_token,
            "",
        )
        .await;
    assert_eq!(approved.status(), 200);
    tab.next_named("chatapi.roster", WAIT).await;

    carol_client
        .send_stanza(asking(&jid(&bob), "m-1", "did you get this?"))
        .await
        .unwrap();
    assert_eq!(
        data(&tab.next_named("chatapi.chat", WAIT).await)["body"],
        "did you get this?"
    );
    assert_eq!(
        next_receipt(&mut carol_client, WAIT).await.as_deref(),
        Some("m-1"),
        "delivered: a live stream has it"
    );

    // A stranger is not told that Bob is there.
    stranger
        .send_stanza(asking(&jid(&bob), "s-1", "anyone home?"))
        .await
        .unwrap();
    assert_eq!(
        data(&tab.next_named("chatapi.chat", WAIT).await)["body"],
        "anyone home?"
    );
    assert_eq!(
        next_receipt(&mut stranger, Duration::from_secs(2)).await,
        None,
        "no receipt to someone not allowed to see the user's presence"
    );
}
