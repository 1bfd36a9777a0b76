//! Hostile input, by REST and by XMPP: stanzas nested 1,000 to 100,000 deep, bodies of
//! megabytes, characters XML cannot carry, connections that never finish their request.
//! Whatever arrives, the gateway stays up, answers with a clear status, and the user's
//! next call and next message work.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use tests::raw_xmpp::{RawXmpp, deep_stanzas};
use tests::{Gateway, jid, register_user, spawn_gateway};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::message::{Lang, Message};

const WAIT: Duration = Duration::from_secs(20);
const DEPTHS: [usize; 3] = [1_000, 10_000, 100_000];
const MB: usize = 1024 * 1024;

fn nested(depth: usize) -> String {
    format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth))
}

async fn status_and_error(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// The user's next ordinary call still works.
async fn still_served(gw: &Gateway, token: &str) {
    let response = gw.rest(Method::GET, "roster", token, "").await;
    assert_eq!(response.status(), 200, "the user's next call works");
}

#[tokio::test]
async fn deep_and_huge_stanzas_from_any_account_neither_crash_nor_wedge_a_session() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("alice");
    let token = gw.login(&alice, &alice_password).await;
    let mut tab = gw.sse(&token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");

    // Mallory needs no gateway account: an account on the server is enough.
    let (mallory, mallory_password) = register_user("mallory");
    let mut attacker = RawXmpp::login(&mallory, &mallory_password).await;
    for depth in DEPTHS {
        if !attacker.still_connected().await {
            // The server cuts off a stanza over its own size limit (100,000 deep is 700 KB).
            attacker = RawXmpp::login(&mallory, &mallory_password).await;
        }
        attacker
            .send_lossy(&deep_stanzas(&jid(&alice), depth, "deep"))
            .await;
    }
    // The same path with a payload the gateway takes: proof the stanzas above reached it.
    let mut attacker = RawXmpp::login(&mallory, &mallory_password).await;
    attacker
        .send(&deep_stanzas(&jid(&alice), 40, "shallow"))
        .await;
    for size in [MB, 5 * MB] {
        let mut attacker = RawXmpp::login(&mallory, &mallory_password).await;
        let body = "x".repeat(size);
        // The server may cut the connection part-way (its own stanza limit).
        attacker
            .send_lossy(&format!(
                "<message to='{}' type='chat'><body>{body}</body></message>",
                jid(&alice)
            ))
            .await;
    }

    // An ordinary message after all that arrives, on the same session: it never reconnected.
    let (bob, bob_password) = register_user("bob");
    let mut bob_client = tests::native_client(&bob, &bob_password).await;
    let to = jid(&alice).parse().unwrap();
    bob_client
        .send_stanza(Stanza::Message(
            Message::chat(Some(to)).with_body(Lang::new(), "still here?".into()),
        ))
        .await
        .unwrap();
    let mut bodies = Vec::new();
    while bodies.last().map(String::as_str) != Some("still here?") {
        let event = tab.next(WAIT).await;
        assert_ne!(
            event.event, "chatapi.session",
            "the session was not interrupted: {}",
            event.data
        );
        if event.event == "chatapi.chat" {
            let data: Value = serde_json::from_str(&event.data).unwrap();
            bodies.push(data["body"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(
        bodies,
        ["shallow", "still here?"],
        "deep stanzas dropped, the rest delivered"
    );
    still_served(&gw, &token).await;
}

/// One long attribute value (the XML parser's default limit is 8 KiB; the servers pass
/// 256 KiB stanzas) in a message, a reaction, a read marker: the session goes on, the
/// messages are read from the archive again (history, catch-up) without ending it.
#[tokio::test]
async fn long_attributes_from_any_account_do_not_end_a_session() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("alice");
    let token = gw.login(&alice, &alice_password).await;
    let mut tab = gw.sse(&token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");
    let (mallory, mallory_password) = register_user("mallory");
    let mut attacker = RawXmpp::login(&mallory, &mallory_password).await;
    let to = jid(&alice);
    let long = "a".repeat(9_000);
    let longer = "b".repeat(100_000);
    attacker
        .send(&format!(
            "<message to='{to}' type='chat' id='{long}'><body>long id</body></message>\
             <message to='{to}' type='chat'><body>{longer}</body>\
             <reply xmlns='urn:xmpp:reply:0' id='{longer}'/></message>\
             <message to='{to}' type='chat'><reactions xmlns='urn:xmpp:reactions:0' id='{longer}'>\
             <reaction>x</reaction></reactions><store xmlns='urn:xmpp:hints'/></message>\
             <message to='{to}' type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='{long}'/>\
             <store xmlns='urn:xmpp:hints'/></message>\
             <message to='{to}' type='chat' id='last'><body>still here?</body></message>"
        ))
        .await;
    let mut bodies = Vec::new();
    while bodies.last().map(String::as_str) != Some("still here?") {
        let event = tab.next(WAIT).await;
        assert_ne!(
            event.event,
            "chatapi.session",
            "the session was not interrupted: {}",
            &event.data[..event.data.len().min(200)]
        );
        if event.event == "chatapi.chat" {
            let data: Value = serde_json::from_str(&event.data).unwrap();
            bodies.push(data["body"].as_str().unwrap().chars().take(20).collect());
        }
    }
    assert_eq!(bodies[0], "long id");
    // The archive holds them too: reading it goes through the same parser.
    let history = gw
        .rest(
            Method::GET,
            &format!("chat/messages?to={mallory}"),
            &token,
            "",
        )
        .await;
    assert_eq!(history.status(), 200);
    let history: Value = history.json().await.unwrap();
    assert_eq!(
        tests::archive_bodies(&history).last().map(String::as_str),
        Some("still here?")
    );
    still_served(&gw, &token).await;
}

#[tokio::test]
async fn deep_stanzas_over_rest_are_refused_and_the_next_call_works() {
    let gw = spawn_gateway().await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    for depth in DEPTHS {
        let stanza = format!(
            "<message xmlns='jabber:client' to='{}'>{}</message>",
            jid(&alice),
            nested(depth)
        );
        let expected = if stanza.len() > 256 * 1024 { 413 } else { 400 };
        let routes = ["xmpp", "pep/publish/deep", "pubsub/publish/deep"];
        for route in routes {
            let body = if route == "xmpp" {
                stanza.clone()
            } else {
                nested(depth)
            };
            let (status, error) =
                status_and_error(gw.rest(Method::POST, route, &token, body).await).await;
            assert_eq!(status, expected, "{route} at depth {depth}: {error}");
            assert!(error["message"].is_string(), "a JSON error: {error}");
        }
        still_served(&gw, &token).await;
    }
}

#[tokio::test]
async fn bodies_over_a_routes_limit_get_413_while_being_read() {
    let gw = spawn_gateway().await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    for size in [MB, 5 * MB] {
        let chat = gw
            .rest(
                Method::POST,
                &format!("chat/message/{}", jid(&alice)),
                &token,
                "x".repeat(size),
            )
            .await;
        assert_eq!(chat.status(), 413);
        let name = serde_json::json!({ "name": "n".repeat(size) });
        let response = gw.rest(Method::PUT, "user", &token, name).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, 413, "{text}");
        assert!(text.contains("PayloadTooLarge"), "{text}");
        still_served(&gw, &token).await;
    }
}

#[tokio::test]
async fn a_large_body_is_not_read_before_the_caller_is_known() {
    let gw = spawn_gateway().await;
    // Claims 5 MB and sends none of it: without a token the answer comes at once.
    let mut connection = tokio::net::TcpStream::connect(gw.base.trim_start_matches("http://"))
        .await
        .unwrap();
    connection
        .write_all(
            b"POST /sparkweb/api/rest/chat/message/x@y HTTP/1.1\r\nHost: gw\r\n\
              Content-Length: 5242880\r\n\r\n",
        )
        .await
        .unwrap();
    let mut answer = [0u8; 512];
    let n = tokio::time::timeout(Duration::from_secs(2), connection.read(&mut answer))
        .await
        .expect("answered before any body byte")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]);
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
}

#[tokio::test]
async fn characters_xml_cannot_carry_are_refused_and_do_not_wedge_the_session() {
    let gw = spawn_gateway().await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;

    let upload = gw.rest(Method::GET, "upload/a%00.txt/10", &token, "").await;
    let (status, error) = status_and_error(upload).await;
    assert_eq!(status, 400, "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("character"),
        "{error}"
    );
    let profile = serde_json::json!({ "name": "a\u{0}b" });
    let (status, error) =
        status_and_error(gw.rest(Method::PUT, "user", &token, profile).await).await;
    assert_eq!(status, 400, "{error}");
    let chat = gw
        .rest(
            Method::POST,
            &format!("chat/message/{}", jid(&alice)),
            &token,
            "bell\u{7}",
        )
        .await;
    assert_eq!(chat.status(), 400);

    // The session is fine: an upload slot and a message go through.
    let slot = gw.rest(Method::GET, "upload/a.txt/10", &token, "").await;
    assert_eq!(slot.status(), 200);
    assert_eq!(gw.send_chat(&token, &jid(&alice), "fine").await, 200);
}

#[tokio::test]
async fn one_stanza_per_xmpp_call() {
    let gw = spawn_gateway().await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    let two = format!(
        "<message xmlns='jabber:client' to='{0}'><body>1</body></message>\
         <message xmlns='jabber:client' to='{0}'><body>2</body></message>",
        jid(&alice)
    );
    let (status, error) = status_and_error(gw.rest(Method::POST, "xmpp", &token, two).await).await;
    assert_eq!(status, 400, "{error}");
}

#[tokio::test]
async fn a_stanza_over_the_servers_limit_is_refused_before_it_costs_the_session() {
    let gw = Gateway::builder()
        .config(|config| config.xmpp.max_stanza_bytes = 16 * 1024)
        .spawn()
        .await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    let mut tab = gw.sse(&token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");
    for _ in 0..3 {
        let response = gw
            .rest(
                Method::POST,
                &format!("chat/message/{}", jid(&alice)),
                &token,
                "x".repeat(32 * 1024),
            )
            .await;
        let (status, error) = status_and_error(response).await;
        assert_eq!(status, 413, "{error}");
    }
    assert!(
        tab.quiet("chatapi.session", Duration::from_secs(3)).await,
        "no reconnect"
    );
    assert_eq!(gw.send_chat(&token, &jid(&alice), "small").await, 200);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let gw = spawn_gateway().await;
    let missing = gw
        .http
        .get(gw.url("/sparkweb/api/rest/nothing-here"))
        .send()
        .await
        .unwrap();
    let (status, error) = status_and_error(missing).await;
    assert_eq!(status, 404);
    assert!(error["message"].is_string(), "{error}");
    let wrong = gw
        .http
        .patch(gw.url("/sparkweb/api/rest/roster"))
        .send()
        .await
        .unwrap();
    let (status, error) = status_and_error(wrong).await;
    assert_eq!(status, 405);
    assert!(error["message"].is_string(), "{error}");
    // The pages' folder too; and /web without its slash is sent to the page.
    let no_file = gw.http.get(gw.url("/web/nothing.js")).send().await.unwrap();
    let (status, error) = status_and_error(no_file).await;
    assert_eq!(status, 404);
    assert!(error["message"].is_string(), "{error}");
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let web = plain.get(gw.url("/web")).send().await.unwrap();
    assert_eq!(web.headers()["location"], "/web/");
}

#[tokio::test]
async fn connections_that_never_finish_their_request_are_closed() {
    let gw = spawn_gateway().await;
    let address = gw.base.trim_start_matches("http://").to_string();
    let mut idle = Vec::new();
    for _ in 0..300 {
        let mut connection = tokio::net::TcpStream::connect(&address).await.unwrap();
        connection
            .write_all(b"GET /sparkweb/api/rest/user HTTP/1.1\r\nHost: gw\r\n")
            .await
            .unwrap();
        idle.push(connection);
    }
    // A body that stops half-way gets 408 once its read deadline passes.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(
        b"POST /sparkweb/api/rest/login/alice HTTP/1.1\r\nHost: gw\r\n\
          Content-Length: 100\r\n\r\nhalf a passw",
    )
    .await
    .unwrap();

    let closed = futures::future::join_all(idle.iter_mut().map(|connection| async move {
        let mut buffer = [0u8; 256];
        matches!(
            tokio::time::timeout(Duration::from_secs(15), connection.read(&mut buffer)).await,
            Ok(Ok(_)) | Ok(Err(_))
        )
    }))
    .await;
    assert!(
        closed.iter().all(|c| *c),
        "every half-open connection was closed"
    );
    let mut answer = [0u8; 512];
    let n = tokio::time::timeout(Duration::from_secs(15), slow.read(&mut answer))
        .await
        .expect("answered")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..n]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");

    // And the gateway still serves.
    let (alice, password) = register_user("alice");
    gw.login(&alice, &password).await;
}
