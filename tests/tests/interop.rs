//! Message actions between a gateway user and a native client that is not ours: slixmpp
//! with its own plugins for corrections (XEP-0308), read markers (XEP-0333), retractions
//! (XEP-0424), reactions (XEP-0444) and replies (XEP-0461) (`tests/slixmpp_peer.py`). Each
//! action both ways; what slixmpp's plugins read of the gateway's stanzas, and what the
//! gateway's events and history show of slixmpp's.

use std::process::Stdio;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{Gateway, SseClient, ok_json, register_user, spawn_gateway, stack_var, workspace_root};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

const WAIT: Duration = Duration::from_secs(15);

/// The slixmpp client, driven through its stdin and read from its stdout.
struct Slixmpp {
    _child: Child,
    commands: ChildStdin,
    seen: Lines<BufReader<ChildStdout>>,
}

impl Slixmpp {
    async fn start(username: &str, password: &str) -> Self {
        let (host, port) = stack_var("XWG_XMPP_SERVER")
            .rsplit_once(':')
            .map(|(h, p)| (h.to_string(), p.to_string()))
            .unwrap();
        let jid = format!("{username}@{}", stack_var("XWG_XMPP_DOMAIN"));
        let mut child = Command::new(stack_var("XWG_TEST_PYTHON"))
            .arg(workspace_root().join("tests/slixmpp_peer.py"))
            .args([&jid, password, &host, &port])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python with slixmpp (local/test installs it)");
        let commands = child.stdin.take().unwrap();
        let seen = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut peer = Self {
            _child: child,
            commands,
            seen,
        };
        peer.next(|line| line["online"].is_string()).await;
        peer
    }

    /// Runs a command; its `done` line, with what it read.
    async fn command(&mut self, command: Value) -> Value {
        let line = format!("{command}\n");
        self.commands.write_all(line.as_bytes()).await.unwrap();
        self.next(|seen| seen["done"].is_string()).await
    }

    /// The next line that `wanted` picks (messages it received, in order).
    async fn next(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let line = tokio::time::timeout(WAIT, self.seen.next_line())
                .await
                .expect("slixmpp said something in time")
                .unwrap()
                .expect("slixmpp still running");
            let seen: Value = serde_json::from_str(&line).unwrap();
            if wanted(&seen) {
                return seen;
            }
        }
    }
}

async fn call(gw: &Gateway, method: Method, path: &str, token: &str, body: Value) -> Value {
    let response = gw
        .http
        .request(method, gw.url(&format!("/sparkweb/api/rest/{path}")))
        .header("Authorization", token)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    ok_json(response).await
}

async fn event(tab: &mut SseClient, name: &str, wanted: impl Fn(&Value) -> bool) -> Value {
    loop {
        let event = tab.next_named(name, WAIT).await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        if data["carbon"].is_null() && wanted(&data) {
            return data;
        }
    }
}

#[tokio::test]
async fn every_action_both_ways_with_slixmpp() {
    let gw = spawn_gateway().await;
    let domain = stack_var("XWG_XMPP_DOMAIN");
    let (alice, alice_password) = register_user("ia-");
    let (bob, bob_password) = register_user("ib-");
    let (alice_jid, bob_jid) = (format!("{alice}@{domain}"), format!("{bob}@{domain}"));
    let token = gw.login(&alice, &alice_password).await;
    let mut tab = gw.sse(&token, None).await;
    let mut slix = Slixmpp::start(&bob, &bob_password).await;
    let to_alice = |command: Value| {
        let mut command = command;
        command["to"] = json!(alice_jid);
        command
    };
    let at = |id: &str| format!("chat/message/{bob_jid}/{id}");

    // slixmpp → gateway: a message, then its correction.
    slix.command(to_alice(
        json!({"do": "send", "id": "s-1", "body": "hello from slixmpp"}),
    ))
    .await;
    let first = event(&mut tab, "chatapi.chat", |m| m["id"] == "s-1").await;
    assert_eq!(first["body"], "hello from slixmpp");
    slix.command(to_alice(
        json!({"do": "correct", "of": "s-1", "id": "s-1c", "body": "hello from slixmpp!"}),
    ))
    .await;
    let corrected = event(&mut tab, "chatapi.chat", |m| m["replaces"] == "s-1").await;
    assert_eq!(corrected["body"], "hello from slixmpp!");

    // gateway → slixmpp: a message slixmpp reads, reacts to, answers and marks read.
    let sent = call(
        &gw,
        Method::POST,
        &format!("chat/message/{bob_jid}"),
        &token,
        json!({"body": "hi bob"}),
    )
    .await;
    let mine = sent["id"].as_str().unwrap().to_string();
    let got = slix.next(|m| m["body"] == "hi bob").await;
    assert_eq!(got["id"], mine.as_str());
    slix.command(to_alice(
        json!({"do": "react", "of": mine, "reactions": ["👍"]}),
    ))
    .await;
    let reactions = event(&mut tab, "chatapi.reactions", |r| r["id"] == mine.as_str()).await;
    assert_eq!(reactions["reactions"], json!(["👍"]));
    slix.command(to_alice(
        json!({"do": "reply", "of": mine, "author": alice_jid, "id": "s-2", "body": "an answer"}),
    ))
    .await;
    let answer = event(&mut tab, "chatapi.chat", |m| m["id"] == "s-2").await;
    assert_eq!(answer["replyTo"]["id"], mine.as_str());
    slix.command(to_alice(json!({"do": "displayed", "of": mine})))
        .await;
    let read = event(&mut tab, "chatapi.displayed", |d| d["id"] == mine.as_str()).await;
    assert_eq!(
        read["from"].as_str().map(|f| f.split('/').next().unwrap()),
        Some(bob_jid.as_str())
    );

    // gateway → slixmpp: each action, as slixmpp's plugins read it.
    call(
        &gw,
        Method::PUT,
        &at(&mine),
        &token,
        json!({"body": "hi, bob"}),
    )
    .await;
    let correction = slix.next(|m| m["replaces"].is_string()).await;
    assert_eq!(
        (correction["replaces"].as_str(), correction["body"].as_str()),
        (Some(mine.as_str()), Some("hi, bob"))
    );
    call(
        &gw,
        Method::PUT,
        &at("s-1/reactions"),
        &token,
        json!({"reactions": ["🎉"]}),
    )
    .await;
    let reacted = slix.next(|m| m["reactions"].is_object()).await;
    assert_eq!(reacted["reactions"], json!({"id": "s-1", "values": ["🎉"]}));
    call(
        &gw,
        Method::POST,
        &format!("chat/message/{bob_jid}"),
        &token,
        json!({"body": "replying", "replyTo": "s-1"}),
    )
    .await;
    let reply = slix.next(|m| m["reply"].is_object()).await;
    assert_eq!(reply["reply"]["id"], "s-1");
    assert_eq!(
        reply["reply"]["to"]
            .as_str()
            .map(|t| t.split('/').next().unwrap()),
        Some(bob_jid.as_str())
    );
    call(&gw, Method::POST, &at("s-2/displayed"), &token, json!({})).await;
    let marker = slix.next(|m| m["displayed"].is_string()).await;
    assert_eq!(marker["displayed"], "s-2");
    let gone = gw
        .http
        .delete(gw.url(&format!("/sparkweb/api/rest/{}", at(&mine))))
        .header("Authorization", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::OK);
    let retraction = slix.next(|m| m["retracts"].is_string()).await;
    assert_eq!(retraction["retracts"], mine.as_str());

    // slixmpp → gateway: a retraction.
    slix.command(to_alice(json!({"do": "retract", "of": "s-2"})))
        .await;
    let withdrawn = event(&mut tab, "chatapi.retraction", |r| r["id"] == "s-2").await;
    assert_eq!(
        withdrawn["from"]
            .as_str()
            .map(|f| f.split('/').next().unwrap()),
        Some(bob_jid.as_str())
    );

    // The conversation as it stands, from the archive.
    let history = ok_json(
        gw.rest(
            Method::GET,
            &format!("chat/messages?to={bob_jid}"),
            &token,
            "",
        )
        .await,
    )
    .await;
    let messages: Vec<&Value> = history["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["messages"].as_array().unwrap())
        .collect();
    let by_id = |id: &str| {
        *messages
            .iter()
            .find(|m| m["messageId"] == id)
            .unwrap_or_else(|| panic!("{id} in {messages:#?}"))
    };
    let first = by_id("s-1");
    assert_eq!(first["body"], "hello from slixmpp!");
    assert!(first["edited"].is_string());
    assert_eq!(first["reactions"][0]["reaction"], "🎉");
    let second = by_id("s-2");
    assert!(
        second["retracted"].is_string() && second["body"] == "",
        "{second}"
    );
    let hi = by_id(&mine);
    assert!(hi["retracted"].is_string(), "{hi}");
    assert!(
        messages.iter().all(|m| m["action"].is_null()),
        "every action folded: {messages:#?}"
    );
}

/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

#[tokio::test]
async fn names_and_avatars_both_ways_with_slixmpp() {
    let gw = spawn_gateway().await;
    let domain = stack_var("XWG_XMPP_DOMAIN");
    let (alice, alice_password) = register_user("iva-");
    let (bob, bob_password) = register_user("ivb-");
    let token = gw.login(&alice, &alice_password).await;
    let mut slix = Slixmpp::start(&bob, &bob_password).await;

    // slixmpp publishes its vCard with a photo (XEP-0054, XEP-0153): the gateway reads both.
    slix.command(json!({"do": "set_vcard", "name": "Bob Slix", "type": "image/png", "photo": PNG}))
        .await;
    let card = ok_json(
        gw.rest(Method::GET, &format!("vcard/{bob}"), &token, "")
            .await,
    )
    .await;
    assert_eq!(card["name"], "Bob Slix", "{card}");
    assert_eq!(card["avatar"], format!("data:image/png;base64,{PNG}"));

    // The gateway's user sets a name and an avatar: slixmpp reads them from her vCard.
    for (path, body) in [
        ("user", json!({"name": "Alice Gateway"})),
        ("user/avatar", json!({"type": "image/png", "data": PNG})),
    ] {
        let set = gw.rest(Method::PUT, path, &token, body).await;
        assert_eq!(set.status(), StatusCode::OK, "{path}");
    }
    let read = slix
        .command(json!({"do": "get_vcard", "of": format!("{alice}@{domain}")}))
        .await;
    assert_eq!(
        read["vcard"],
        json!({"name": "Alice Gateway", "type": "image/png", "photo": PNG}),
        "{read}"
    );
}
