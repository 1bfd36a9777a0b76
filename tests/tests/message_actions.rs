//! Corrections (XEP-0308), retractions (XEP-0424), reactions (XEP-0444), read markers
//! (XEP-0333) and replies (XEP-0461), both ways between a gateway user and a native XMPP client (tokio-xmpp,
//! stanzas built with xmpp-parsers and minidom, not the gateway's code), and between two
//! gateway users in a room; history reads that fold them into the messages they act on;
//! and refusals: only its sender corrects or withdraws a message, through the gateway's
//! routes and in what history shows.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{
    Gateway, SseClient, jid, native_client, next_stanza, ok_json, register_user, spawn_gateway,
    stack_var, unique,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::displayed_markers::Displayed;
use tokio_xmpp::parsers::message::{Id, Lang, Message};
use tokio_xmpp::parsers::message_correct::Replace;
use tokio_xmpp::parsers::muc::muc::Muc;
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::parsers::reactions::{Reaction, Reactions};
use tokio_xmpp::parsers::stanza_id::OriginId;

const WAIT: Duration = Duration::from_secs(10);
const RETRACT: &str = "urn:xmpp:message-retract:1";
const REPLY: &str = "urn:xmpp:reply:0";
const MARKERS: &str = "urn:xmpp:chat-markers:0";

async fn call(
    gw: &Gateway,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    gw.http
        .request(method, gw.url(&format!("/sparkweb/api/rest/{path}")))
        .header("Authorization", token)
        // Media types are case-insensitive (RFC 9110 §8.3.1).
        .header("Content-Type", "Application/JSON")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn text_call(
    gw: &Gateway,
    method: Method,
    path: &str,
    token: &str,
    text: &str,
) -> reqwest::Response {
    gw.rest(method, path, token, text).await
}

/// The data of the next event of that name.
async fn next_event(stream: &mut SseClient, name: &str) -> Value {
    let event = stream.next_named(name, WAIT).await;
    serde_json::from_str(&event.data).unwrap()
}

/// The data of the next event of that name that is not a copy of what the user sent.
async fn next_received(stream: &mut SseClient, name: &str) -> Value {
    loop {
        let event = next_event(stream, name).await;
        if event["carbon"].is_null() {
            return event;
        }
    }
}

/// A chat message from the native client, with its id as its origin-id (as Conversations,
/// Gajim and slixmpp send them).
fn native_message(to: &str, id: &str, body: &str) -> Message {
    let mut message = Message::chat(Some(to.parse().unwrap()))
        .with_body(Lang::new(), body.to_string())
        .with_payload(OriginId { id: id.to_string() });
    message.id = Some(Id(id.to_string()));
    message
}

/// The first message the native client receives that carries `child`.
async fn received_with(client: &mut tokio_xmpp::Client, name: &str, ns: &str) -> Message {
    next_stanza(client, |stanza| match stanza {
        Stanza::Message(m) if m.payloads.iter().any(|p| p.is(name, ns)) => Some(m),
        _ => None,
    })
    .await
}

fn child<'m>(message: &'m Message, name: &str, ns: &str) -> &'m Element {
    message.payloads.iter().find(|p| p.is(name, ns)).unwrap()
}

#[tokio::test]
async fn each_action_both_ways_with_a_native_client_and_history_as_it_stands() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("ma-");
    let (bob, bob_password) = register_user("mb-");
    let alice_token = gw.login(&alice, &alice_password).await;
    let mut alice_tab = gw.sse(&alice_token, None).await;
    assert_eq!(alice_tab.next(WAIT).await.event, "onConnect");
    let mut bob_client = native_client(&bob, &bob_password).await;
    let chat = |rest: &str| format!("chat/message/{}{rest}", jid(&bob));

    // Bob writes, then corrects it: Alice's stream sees the message, then the correction
    // naming it.
    let helo = unique("b1-");
    bob_client
        .send_stanza(native_message(&jid(&alice), &helo, "helo").into())
        .await
        .unwrap();
    let first = next_received(&mut alice_tab, "chatapi.chat").await;
    assert_eq!(
        (first["body"].as_str(), first["id"].as_str()),
        (Some("helo"), Some(helo.as_str()))
    );
    let mut correction = native_message(&jid(&alice), &unique("b2-"), "hello");
    correction.payloads.push(
        Replace {
            id: Id(helo.clone()),
        }
        .into(),
    );
    bob_client.send_stanza(correction.into()).await.unwrap();
    let corrected = next_received(&mut alice_tab, "chatapi.chat").await;
    assert_eq!(
        (corrected["body"].as_str(), corrected["replaces"].as_str()),
        (Some("hello"), Some(helo.as_str()))
    );

    // Alice reacts to it: Bob's client gets XEP-0444 reactions naming his message.
    let reacted = call(
        &gw,
        Method::PUT,
        &chat(&format!("/{helo}/reactions")),
        &alice_token,
        json!({"reactions": ["👍"]}),
    )
    .await;
    assert_eq!(reacted.status(), StatusCode::OK);
    let reactions = received_with(&mut bob_client, "reactions", "urn:xmpp:reactions:0").await;
    let reactions =
        Reactions::try_from(child(&reactions, "reactions", "urn:xmpp:reactions:0").clone())
            .unwrap();
    assert_eq!(reactions.id, helo);
    assert_eq!(
        reactions.reactions,
        vec![Reaction {
            emoji: "👍".into()
        }]
    );

    // Alice answers it (XEP-0461): the reply names Bob's message and Bob.
    let sent = ok_json(
        call(
            &gw,
            Method::POST,
            &chat(""),
            &alice_token,
            json!({"body": "hi bob", "replyTo": helo}),
        )
        .await,
    )
    .await;
    let alice_message = sent["id"].as_str().unwrap().to_string();
    let reply = received_with(&mut bob_client, "reply", REPLY).await;
    assert_eq!(
        reply.id.as_ref().map(|id| id.0.as_str()),
        Some(alice_message.as_str())
    );
    let reference = child(&reply, "reply", REPLY);
    assert_eq!(reference.attr("id"), Some(helo.as_str()));
    assert_eq!(
        reference
            .attr("to")
            .map(|to| to.split('/').next().unwrap().to_string()),
        Some(jid(&bob))
    );
    assert!(
        reply.payloads.iter().any(|p| p.is("markable", MARKERS)),
        "a text asks to be told when it is read"
    );

    // Alice has read Bob's message: his client is told (XEP-0333), naming it.
    let read = text_call(
        &gw,
        Method::POST,
        &chat(&format!("/{helo}/displayed")),
        &alice_token,
        "",
    )
    .await;
    assert_eq!(read.status(), StatusCode::OK);
    let marker = received_with(&mut bob_client, "displayed", MARKERS).await;
    assert_eq!(
        child(&marker, "displayed", MARKERS).attr("id"),
        Some(helo.as_str())
    );

    // Alice corrects her reply: Bob's client gets the new text replacing her message's id.
    let put = text_call(
        &gw,
        Method::PUT,
        &chat(&format!("/{alice_message}")),
        &alice_token,
        "hi, Bob",
    )
    .await;
    assert_eq!(put.status(), StatusCode::OK);
    let fixed = received_with(&mut bob_client, "replace", "urn:xmpp:message-correct:0").await;
    assert_eq!(
        fixed
            .get_best_body_cloned(vec![])
            .map(|(_, body)| body)
            .as_deref(),
        Some("hi, Bob")
    );
    assert_eq!(
        child(&fixed, "replace", "urn:xmpp:message-correct:0").attr("id"),
        Some(alice_message.as_str())
    );

    // Bob reacts to Alice's message: her stream says who reacted to which message with what.
    let mut bob_reacts = Message::chat(Some(jid(&alice).parse().unwrap()));
    bob_reacts.payloads.push(
        Reactions {
            id: alice_message.clone(),
            reactions: vec![Reaction {
                emoji: "🎉".into()
            }],
        }
        .into(),
    );
    bob_reacts
        .payloads
        .push(Element::builder("store", "urn:xmpp:hints").build());
    bob_client.send_stanza(bob_reacts.into()).await.unwrap();
    let party = next_received(&mut alice_tab, "chatapi.reactions").await;
    assert_eq!(party["id"], alice_message.as_str());
    assert_eq!(party["reactions"], json!(["🎉"]));
    assert_eq!(
        party["from"].as_str().map(|f| f.split('/').next().unwrap()),
        Some(jid(&bob).as_str())
    );

    let mut bob_read = Message::chat(Some(jid(&alice).parse().unwrap()));
    bob_read.payloads.push(
        Displayed {
            id: Id(alice_message.clone()),
        }
        .into(),
    );
    bob_client.send_stanza(bob_read.into()).await.unwrap();
    let seen = next_received(&mut alice_tab, "chatapi.displayed").await;
    assert_eq!(seen["id"], alice_message.as_str());

    // Bob writes and withdraws a message: Alice's stream gets the retraction, not its
    // fallback text as a message.
    let oops = unique("b3-");
    bob_client
        .send_stanza(native_message(&jid(&alice), &oops, "oops, wrong window").into())
        .await
        .unwrap();
    assert_eq!(
        next_received(&mut alice_tab, "chatapi.chat").await["id"],
        oops.as_str()
    );
    let mut retraction = native_message(
        &jid(&alice),
        &unique("b4-"),
        "This person attempted to retract a previous message, but it's unsupported by your client.",
    );
    retraction.payloads.push(
        Element::builder("retract", RETRACT)
            .attr(
                tokio_xmpp::minidom::rxml::xml_ncname!("id").to_owned(),
                oops.as_str(),
            )
            .build(),
    );
    retraction
        .payloads
        .push(Element::builder("store", "urn:xmpp:hints").build());
    bob_client.send_stanza(retraction.into()).await.unwrap();
    let withdrawn = next_received(&mut alice_tab, "chatapi.retraction").await;
    assert_eq!(withdrawn["id"], oops.as_str());

    // Alice may not correct or withdraw Bob's messages; an id not in the conversation is
    // not found; what she may do she does.
    let theirs = text_call(
        &gw,
        Method::PUT,
        &chat(&format!("/{helo}")),
        &alice_token,
        "mine now",
    )
    .await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let theirs = text_call(
        &gw,
        Method::DELETE,
        &chat(&format!("/{helo}")),
        &alice_token,
        "",
    )
    .await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let nowhere = text_call(
        &gw,
        Method::DELETE,
        &chat("/no-such-message"),
        &alice_token,
        "",
    )
    .await;
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);
    let bad = call(
        &gw,
        Method::PUT,
        &chat(&format!("/{helo}/reactions")),
        &alice_token,
        json!({"reactions": ["a b"]}),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let empty = text_call(
        &gw,
        Method::PUT,
        &chat(&format!("/{alice_message}")),
        &alice_token,
        " ",
    )
    .await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);

    // Bob's client "corrects" Alice's message: a correction not from its sender, which
    // history must not apply.
    let mut forged = native_message(&jid(&alice), &unique("b5-"), "Alice agrees to everything");
    forged.payloads.push(
        Replace {
            id: Id(alice_message.clone()),
        }
        .into(),
    );
    bob_client.send_stanza(forged.into()).await.unwrap();
    assert_eq!(
        next_received(&mut alice_tab, "chatapi.chat").await["replaces"],
        alice_message.as_str()
    );

    // Bob's client sends a message under the id of Alice's: her message is still hers to
    // withdraw.
    bob_client
        .send_stanza(native_message(&jid(&alice), &alice_message, "copycat").into())
        .await
        .unwrap();
    assert_eq!(
        next_received(&mut alice_tab, "chatapi.chat").await["body"],
        "copycat"
    );

    // Alice withdraws her reply: Bob's client gets the retraction naming its origin-id.
    let gone = text_call(
        &gw,
        Method::DELETE,
        &chat(&format!("/{alice_message}")),
        &alice_token,
        "",
    )
    .await;
    assert_eq!(gone.status(), StatusCode::OK);
    let retracted = received_with(&mut bob_client, "retract", RETRACT).await;
    assert_eq!(
        child(&retracted, "retract", RETRACT).attr("id"),
        Some(alice_message.as_str())
    );

    // Once withdrawn, a message is not acted on again.
    let again = text_call(
        &gw,
        Method::DELETE,
        &chat(&format!("/{alice_message}")),
        &alice_token,
        "",
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    // Carol, in no conversation with Bob, reacts to Alice and names Bob's message: not
    // applied to it.
    let (carol, carol_password) = register_user("mc-");
    let mut carol_client = native_client(&carol, &carol_password).await;
    let mut carol_reacts = Message::chat(Some(jid(&alice).parse().unwrap()));
    carol_reacts.payloads.push(
        Reactions {
            id: helo.clone(),
            reactions: vec![Reaction {
                emoji: "💩".into()
            }],
        }
        .into(),
    );
    carol_reacts
        .payloads
        .push(Element::builder("store", "urn:xmpp:hints").build());
    carol_client.send_stanza(carol_reacts.into()).await.unwrap();
    let foreign = next_received(&mut alice_tab, "chatapi.reactions").await;
    assert_eq!(foreign["id"], helo.as_str());

    // History as it stands: one read, after everything above was confirmed delivered.
    let history = ok_json(
        text_call(
            &gw,
            Method::GET,
            &format!("chat/messages?to={bob}"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    let messages = history["conversations"][0]["messages"]
        .as_array()
        .unwrap()
        .clone();
    let by_id = |id: &str| {
        messages
            .iter()
            .find(|m| m["messageId"] == id && m["action"].is_null())
            .unwrap_or_else(|| panic!("{id} in {messages:#?}"))
            .clone()
    };
    let helo_now = by_id(&helo);
    assert_eq!(helo_now["body"], "hello", "corrected");
    assert!(helo_now["edited"].is_string());
    assert_eq!(
        helo_now["reactions"],
        json!([{"reaction": "👍", "by": [jid(&alice)]}])
    );
    assert_eq!(helo_now["displayedBy"], json!([jid(&alice)]));
    let alice_jid = jid(&alice);
    let of_alice = |m: &&Value| {
        m["from"]
            .as_str()
            .is_some_and(|f| f.starts_with(&alice_jid))
    };
    let reply_now = messages
        .iter()
        .filter(of_alice)
        .find(|m| m["messageId"] == alice_message.as_str())
        .unwrap()
        .clone();
    let copycat = messages
        .iter()
        .find(|m| m["body"] == "copycat")
        .expect("the copy under Alice's id is Bob's, untouched");
    assert!(copycat["retracted"].is_null() && copycat["edited"].is_null());
    assert_eq!(
        (
            reply_now["body"].as_str(),
            reply_now["retracted"].is_string()
        ),
        (Some(""), true)
    );
    let oops_now = by_id(&oops);
    assert_eq!(
        (oops_now["body"].as_str(), oops_now["retracted"].is_string()),
        (Some(""), true)
    );
    let forged_now = messages
        .iter()
        .find(|m| m["body"] == "Alice agrees to everything")
        .expect("a correction by someone else is shown as a message of its own");
    assert_eq!(forged_now["action"]["kind"], "correction");
    let actions_left: Vec<&Value> = messages
        .iter()
        .filter(|m| m["action"].is_object())
        .collect();
    assert_eq!(
        actions_left.len(),
        1,
        "only the refused correction stays unfolded: {actions_left:#?}"
    );

    // The raw archive keeps every message as it was sent.
    let raw = ok_json(
        text_call(
            &gw,
            Method::GET,
            &format!("chat/messages?to={bob}&raw=true"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    let raw_messages = raw["conversations"][0]["messages"].as_array().unwrap();
    assert!(
        raw_messages
            .iter()
            .any(|m| m["messageId"] == helo.as_str() && m["body"] == "helo")
    );
    assert!(raw_messages.len() > messages.len());

    // Every conversation at once: Carol's reaction stays in hers, off Bob's message.
    let all = ok_json(text_call(&gw, Method::GET, "chat/messages", &alice_token, "").await).await;
    let everywhere: Vec<&Value> = all["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["messages"].as_array().unwrap())
        .collect();
    let helo_everywhere = everywhere
        .iter()
        .find(|m| m["messageId"] == helo.as_str() && m["action"].is_null())
        .unwrap();
    assert_eq!(
        helo_everywhere["reactions"],
        json!([{"reaction": "👍", "by": [jid(&alice)]}])
    );
}

/// The room's history as it stands, as the user reads it.
async fn room_history(gw: &Gateway, room: &str, token: &str) -> Value {
    let path = format!("groupchat/room/{room}/chathistory");
    ok_json(text_call(gw, Method::GET, &path, token, "").await).await
}

#[tokio::test]
async fn in_a_room_actions_name_the_rooms_ids_and_only_the_sender_may_correct() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("mra-");
    let (bob, bob_password) = register_user("mrb-");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let room = unique("acts-");
    let room_jid = format!("{room}@conference.{}", stack_var("XWG_XMPP_DOMAIN"));
    let mut alice_tab = gw.sse(&alice_token, None).await;
    let mut bob_tab = gw.sse(&bob_token, None).await;
    for token in [&alice_token, &bob_token] {
        let joined = text_call(
            &gw,
            Method::PUT,
            &format!("groupchat/room/{room}"),
            token,
            "",
        )
        .await;
        assert_eq!(joined.status(), StatusCode::OK);
    }
    // Both see Bob in the room before anyone posts.
    loop {
        let presence = next_event(&mut alice_tab, "chatapi.presence").await;
        if presence["from"] == format!("{room_jid}/{bob}") {
            break;
        }
    }
    let post = |text: &'static str| {
        let (gw, token, room) = (&gw, alice_token.clone(), room.clone());
        async move {
            let posted = text_call(
                gw,
                Method::POST,
                &format!("groupchat/room/{room}"),
                &token,
                text,
            )
            .await;
            assert_eq!(posted.status(), StatusCode::OK);
        }
    };
    let in_room = |rest: &str| format!("groupchat/room/{room}/message/{rest}");

    // Alice posts; Bob's stream shows it with the room's id for it.
    post("helo all").await;
    let helo = loop {
        let message = next_event(&mut bob_tab, "chatapi.muc").await;
        if message["body"] == "helo all" {
            break message;
        }
    };
    let room_id = helo["stanzaId"]
        .as_str()
        .expect("the room stamps its ids")
        .to_string();
    let own_id = helo["id"]
        .as_str()
        .expect("the message's own id")
        .to_string();

    // Alice corrects it (named by the room's id): Bob sees the correction of her message.
    let put = text_call(
        &gw,
        Method::PUT,
        &in_room(&room_id),
        &alice_token,
        "hello all",
    )
    .await;
    assert_eq!(put.status(), StatusCode::OK);
    let corrected = loop {
        let message = next_event(&mut bob_tab, "chatapi.muc").await;
        if message["replaces"].is_string() {
            break message;
        }
    };
    assert_eq!(
        (corrected["body"].as_str(), corrected["replaces"].as_str()),
        (Some("hello all"), Some(own_id.as_str()))
    );

    // Bob may not correct or withdraw it; he reacts and answers.
    let theirs = text_call(&gw, Method::PUT, &in_room(&room_id), &bob_token, "hijacked").await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let theirs = text_call(&gw, Method::DELETE, &in_room(&room_id), &bob_token, "").await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let reacted = call(
        &gw,
        Method::PUT,
        &in_room(&format!("{room_id}/reactions")),
        &bob_token,
        json!({"reactions": ["❤️"]}),
    )
    .await;
    assert_eq!(reacted.status(), StatusCode::OK);
    let reactions = next_event(&mut alice_tab, "chatapi.reactions").await;
    assert_eq!(
        (reactions["id"].as_str(), reactions["reactions"].clone()),
        (Some(room_id.as_str()), json!(["❤️"]))
    );
    let answered = call(
        &gw,
        Method::POST,
        &format!("groupchat/room/{room}"),
        &bob_token,
        json!({"body": "hi alice", "replyTo": room_id}),
    )
    .await;
    assert_eq!(answered.status(), StatusCode::OK);
    let answer = loop {
        let message = next_event(&mut alice_tab, "chatapi.muc").await;
        if message["body"] == "hi alice" {
            break message;
        }
    };
    assert_eq!(answer["replyTo"]["id"], room_id.as_str());
    assert_eq!(answer["replyTo"]["to"], format!("{room_jid}/{alice}"));

    // Bob has read the room up to Alice's message: she sees it, by the room's id of it.
    let read = text_call(
        &gw,
        Method::POST,
        &in_room(&format!("{room_id}/displayed")),
        &bob_token,
        "",
    )
    .await;
    assert_eq!(read.status(), StatusCode::OK);
    let displayed = loop {
        let marker = next_event(&mut alice_tab, "chatapi.displayed").await;
        if marker["from"] == format!("{room_jid}/{bob}") {
            break marker;
        }
    };
    assert_eq!(displayed["id"], room_id.as_str());
    assert_eq!(displayed["type"], "groupchat");

    // Alice posts and withdraws a second message: Bob's stream gets the retraction naming
    // the room's id of it.
    post("wrong room").await;
    let wrong = loop {
        let message = next_event(&mut alice_tab, "chatapi.muc").await;
        if message["body"] == "wrong room" {
            break message;
        }
    };
    let wrong_id = wrong["stanzaId"].as_str().unwrap().to_string();
    let gone = text_call(&gw, Method::DELETE, &in_room(&wrong_id), &alice_token, "").await;
    assert_eq!(gone.status(), StatusCode::OK);
    let retraction = next_event(&mut bob_tab, "chatapi.retraction").await;
    assert_eq!(retraction["id"], wrong_id.as_str());

    // The room's history as it stands, read once.
    let history = room_history(&gw, &room, &bob_token).await;
    let messages = history["messages"].as_array().unwrap();
    let by_id = |id: &str| {
        messages
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {messages:#?}"))
    };
    let first = by_id(&room_id);
    assert_eq!(first["body"], "hello all");
    assert!(first["edited"].is_string());
    assert_eq!(
        first["reactions"],
        json!([{"reaction": "❤️", "by": [format!("{room_jid}/{bob}")]}])
    );
    let second = by_id(&wrong_id);
    assert_eq!(
        (second["body"].as_str(), second["retracted"].is_string()),
        (Some(""), true)
    );
    assert!(
        messages.iter().all(|m| m["action"].is_null()),
        "every action folded: {messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m["body"] == "hi alice" && m["replyTo"]["id"] == room_id.as_str())
    );

    // Moderation (XEP-0425), where the room's service offers it: Bob, a participant, may
    // not withdraw Alice's message; Alice, the room's owner (a moderator), withdraws Bob's.
    let moderate = |id: String, token: String| {
        let (gw, path) = (&gw, in_room(&format!("{id}/moderate")));
        async move {
            call(
                gw,
                Method::POST,
                &path,
                &token,
                json!({"reason": "off topic"}),
            )
            .await
        }
    };
    let refused = moderate(room_id.clone(), bob_token.clone()).await;
    if tests::on_ejabberd() {
        // ejabberd 23.01's rooms announce no urn:xmpp:message-moderate.
        assert_eq!(refused.status(), StatusCode::NOT_IMPLEMENTED);
        return;
    }
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let spam = call(
        &gw,
        Method::POST,
        &format!("groupchat/room/{room}"),
        &bob_token,
        json!({"body": "buy now"}),
    )
    .await;
    assert_eq!(spam.status(), StatusCode::OK);
    let spam_id = loop {
        let message = next_event(&mut alice_tab, "chatapi.muc").await;
        if message["body"] == "buy now" {
            break message["stanzaId"].as_str().unwrap().to_string();
        }
    };
    let done = moderate(spam_id.clone(), alice_token.clone()).await;
    assert_eq!(done.status(), StatusCode::OK);
    let moderated = loop {
        let retraction = next_event(&mut bob_tab, "chatapi.retraction").await;
        if retraction["id"] == spam_id.as_str() {
            break retraction;
        }
    };
    assert_eq!(
        moderated["from"],
        room_jid.as_str(),
        "announced by the room itself"
    );
    let history = room_history(&gw, &room, &bob_token).await;
    let gone = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == spam_id.as_str())
        .unwrap_or_else(|| panic!("a tombstone for {spam_id}: {history}"));
    assert!(
        gone["retracted"].is_string() && gone["body"] == "",
        "{gone}"
    );
}

#[tokio::test]
async fn in_a_room_a_nickname_taken_over_after_its_holder_left_corrects_and_withdraws_nothing() {
    if tests::on_ejabberd() {
        // ejabberd 23.01 stamps no author ids (XEP-0421): there authorship in rooms is by
        // nickname, a named limit (docs/compatibility.md).
        return;
    }
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("nka-");
    let (bob, bob_password) = register_user("nkb-");
    let (mallory, mallory_password) = register_user("nkm-");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let room = unique("takeover-");
    let room_jid = format!("{room}@conference.{}", stack_var("XWG_XMPP_DOMAIN"));
    let path = format!("groupchat/room/{room}");
    for token in [&alice_token, &bob_token] {
        let joined = text_call(&gw, Method::PUT, &path, token, "").await;
        assert_eq!(joined.status(), StatusCode::OK);
    }
    let posted = text_call(&gw, Method::POST, &path, &bob_token, "I will not pay").await;
    assert_eq!(posted.status(), StatusCode::OK);
    let history = room_history(&gw, &room, &alice_token).await;
    let said = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["body"] == "I will not pay")
        .unwrap_or_else(|| panic!("{history}"))
        .clone();
    assert!(
        said["occupantId"].is_string(),
        "the room names its author: {said}"
    );
    let left = text_call(&gw, Method::DELETE, &path, &bob_token, "").await;
    assert_eq!(left.status(), StatusCode::OK);
    let mut alice_tab = gw.sse(&alice_token, None).await;

    // Another account takes Bob's nickname and "corrects" and withdraws his message with
    // a client of its own (the gateway's routes would refuse it).
    let mut client = native_client(&mallory, &mallory_password).await;
    let mut join = Presence::available().with_payloads(vec![Muc::new().into()]);
    let taken = format!("{room_jid}/{bob}");
    join.to = Some(taken.parse().unwrap());
    client.send_stanza(join.into()).await.unwrap();
    next_stanza(&mut client, |s| match s {
        Stanza::Presence(p) if p.from.as_ref().is_some_and(|f| f.to_string() == taken) => Some(()),
        _ => None,
    })
    .await;
    let mut forged = Message::groupchat(Some(room_jid.parse().unwrap()))
        .with_body(Lang::new(), "I WILL pay 1000 EUR".to_string());
    forged.payloads.push(
        Replace {
            id: Id(said["messageId"].as_str().unwrap().to_string()),
        }
        .into(),
    );
    client.send_stanza(Stanza::Message(forged)).await.unwrap();
    let mut withdraw = Message::groupchat(Some(room_jid.parse().unwrap()));
    withdraw.payloads.push(
        Element::builder("retract", RETRACT)
            .attr(
                tokio_xmpp::minidom::rxml::xml_ncname!("id").to_owned(),
                said["id"].as_str().unwrap(),
            )
            .build(),
    );
    client.send_stanza(Stanza::Message(withdraw)).await.unwrap();
    // Alice's session saw both (its inbox folded them in before her page got them): her
    // conversations list still shows Bob's words, neither corrected nor withdrawn.
    next_event(&mut alice_tab, "chatapi.retraction").await;
    let inbox = ok_json(text_call(&gw, Method::GET, "inbox", &alice_token, "").await).await;
    let entry = inbox["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["with"] == room_jid)
        .unwrap_or_else(|| panic!("{inbox}"));
    assert_eq!(entry["last"]["body"], "I will not pay", "{entry}");
    assert!(entry["last"]["edited"].is_null(), "{entry}");
    assert_eq!(entry["last"]["retracted"], false, "{entry}");
    // The forged correction is archived (its own line) before history is read again.
    let forged_seen = loop {
        let history = room_history(&gw, &room, &alice_token).await;
        let messages = history["messages"].as_array().unwrap().clone();
        if messages.iter().any(|m| m["body"] == "I WILL pay 1000 EUR") && messages.len() >= 2 {
            break messages;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let original = forged_seen
        .iter()
        .find(|m| m["id"] == said["id"])
        .unwrap_or_else(|| panic!("{forged_seen:#?}"));
    assert_eq!(original["body"], "I will not pay", "{original}");
    assert!(
        original["edited"].is_null() && original["retracted"].is_null(),
        "{original}"
    );
}
