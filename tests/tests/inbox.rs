//! The inbox (`GET inbox`): conversations newest first with the last message as it stands
//! and unread counts, the same from two logins, kept current by the session
//! (`chatapi.inbox`), marked read with a marker a native client receives, muted, hidden,
//! paged — and rebuilt from the archives exactly after a restart and after its stored copy
//! is deleted.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{
    Gateway, SseClient, free_port, native_client, next_stanza, ok_json, register_user, stack_var,
    start_local_gateway, unique,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::{Id, Lang, Message, MessageType};
use tokio_xmpp::parsers::message_correct::Replace;
use tokio_xmpp::parsers::muc::muc::Muc;
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::parsers::stanza_id::OriginId;
use xwg_core::clock::SystemClock;
use xwg_core::store::Store;
use xwg_core::store::embedded::EmbeddedStore;

const WAIT: Duration = Duration::from_secs(15);
const MARKERS: &str = "urn:xmpp:chat-markers:0";
const RETRACT: &str = "urn:xmpp:message-retract:1";

fn jid_of(user: &str) -> String {
    format!("{user}@{}", stack_var("XWG_XMPP_DOMAIN"))
}

async fn call(
    gw: &Gateway,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = gw
        .http
        .request(method, gw.url(&format!("/sparkweb/api/rest/{path}")))
        .header("Authorization", token);
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    request.send().await.unwrap()
}

async fn inbox(gw: &Gateway, token: &str, query: &str) -> Value {
    ok_json(call(gw, Method::GET, &format!("inbox{query}"), token, None).await).await
}

/// The conversations of a page, by whom they are with.
fn listed(page: &Value) -> Vec<String> {
    page["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["with"].as_str().unwrap().to_string())
        .collect()
}

fn conversation<'p>(page: &'p Value, with: &str) -> &'p Value {
    page["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["with"] == with)
        .unwrap_or_else(|| panic!("{with} listed: {page}"))
}

/// What a user sees of each conversation (not the times: the live fold stamps what it
/// saw when it saw it, a rebuild with the archive's stamps).
fn seen(page: &Value) -> Vec<Value> {
    page["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            json!({
                "with": c["with"], "room": c["room"], "unread": c["unread"],
                "muted": c["muted"], "hidden": c["hidden"],
                "body": c["last"]["body"], "mine": c["last"]["mine"],
                "id": c["last"]["id"], "retracted": c["last"]["retracted"],
                "edited": c["last"]["edited"].is_number(),
            })
        })
        .collect()
}

/// Waits for the `chatapi.inbox` event that shows `with`'s conversation as `wanted` says.
async fn inbox_event(stream: &mut SseClient, with: &str, wanted: impl Fn(&Value) -> bool) -> Value {
    inbox_event_with_id(stream, with, wanted).await.1
}

/// The same, with the event's id (where a stream resumes).
async fn inbox_event_with_id(
    stream: &mut SseClient,
    with: &str,
    wanted: impl Fn(&Value) -> bool,
) -> (u64, Value) {
    loop {
        let event = stream.next_named("chatapi.inbox", WAIT).await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        if data["with"] == with && wanted(&data) {
            return (event.id.parse().unwrap(), data);
        }
    }
}

fn chat(to: &str, id: &str, body: &str) -> Message {
    let mut message = Message::chat(Some(to.parse().unwrap()))
        .with_body(Lang::new(), body.to_string())
        .with_payload(OriginId { id: id.to_string() });
    message.id = Some(Id(id.to_string()));
    message
}

async fn send(client: &mut tokio_xmpp::Client, message: Message) {
    client.send_stanza(Stanza::Message(message)).await.unwrap();
}

/// Deletes the store's copy of the user's inbox (as a lost or cleared store would): the
/// next read rebuilds it from the archives.
async fn forget_inbox_copy(store: &dyn Store, user: &str) {
    for pk in [format!("inbox#{user}"), format!("inbox-state#{user}")] {
        for item in xwg_core::store::all(store, &pk, "").await.unwrap() {
            store.delete(&pk, &item.sk).await.unwrap();
        }
    }
}

#[tokio::test]
async fn conversations_newest_first_with_unread_counts_the_same_from_two_logins() {
    let gw = tests::spawn_gateway().await;
    let (alice, alice_password) = register_user("inba-");
    let (bob, bob_password) = register_user("inbb-");
    let (carol, carol_password) = register_user("inbc-");
    let (alice_jid, bob_jid, carol_jid) = (jid_of(&alice), jid_of(&bob), jid_of(&carol));
    let laptop = gw.login(&alice, &alice_password).await;
    let phone = gw.login(&alice, &alice_password).await;
    let mut phone_tab = gw.sse(&phone, None).await;
    let mut bob_client = native_client(&bob, &bob_password).await;
    let mut carol_client = native_client(&carol, &carol_password).await;

    for i in 1..=3 {
        send(
            &mut bob_client,
            chat(&alice_jid, &format!("b-{i}"), &format!("b{i}")),
        )
        .await;
    }
    inbox_event(&mut phone_tab, &bob_jid, |c| c["unread"] == 3).await;
    send(&mut carol_client, chat(&alice_jid, "c-1", "c1")).await;
    inbox_event(&mut phone_tab, &carol_jid, |c| c["unread"] == 1).await;

    let page = inbox(&gw, &laptop, "").await;
    assert_eq!(
        listed(&page),
        [carol_jid.clone(), bob_jid.clone()],
        "newest first: {page}"
    );
    let with_bob = conversation(&page, &bob_jid);
    assert_eq!(with_bob["last"]["body"], "b3");
    assert_eq!(with_bob["last"]["mine"], false);
    assert_eq!(with_bob["room"], false);

    // Bob corrects his last message; Carol sends one and withdraws it.
    let mut correction = chat(&alice_jid, "b-3c", "b3, corrected");
    correction.payloads.push(
        Replace {
            id: Id("b-3".into()),
        }
        .into(),
    );
    send(&mut bob_client, correction).await;
    let corrected = inbox_event(&mut phone_tab, &bob_jid, |c| {
        c["last"]["edited"].is_number()
    })
    .await;
    assert_eq!(corrected["last"]["body"], "b3, corrected");
    assert_eq!(corrected["unread"], 3, "a correction is not a new message");
    send(&mut carol_client, chat(&alice_jid, "c-2", "c2 oops")).await;
    inbox_event(&mut phone_tab, &carol_jid, |c| c["unread"] == 2).await;
    let mut retraction = Message::chat(Some(alice_jid.parse().unwrap()));
    retraction.payloads.push(retract("c-2"));
    send(&mut carol_client, retraction).await;
    let withdrawn = inbox_event(&mut phone_tab, &carol_jid, |c| {
        c["last"]["retracted"] == true
    })
    .await;
    assert_eq!(withdrawn["last"]["body"], "", "a tombstone");
    assert_eq!(withdrawn["unread"], 1, "a withdrawn message is not unread");

    // Read on the laptop: Bob's client gets the marker, the phone the new count.
    let read = ok_json(
        call(
            &gw,
            Method::POST,
            &format!("inbox/{bob_jid}/read"),
            &laptop,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(read["unread"], 0);
    let marker = next_stanza(&mut bob_client, |stanza| match stanza {
        Stanza::Message(m) if m.payloads.iter().any(|p| p.is("displayed", MARKERS)) => Some(m),
        _ => None,
    })
    .await;
    let displayed = marker
        .payloads
        .iter()
        .find(|p| p.is("displayed", MARKERS))
        .unwrap();
    assert_eq!(displayed.attr("id"), Some("b-3"), "up to the newest");
    inbox_event(&mut phone_tab, &bob_jid, |c| c["unread"] == 0).await;

    let page = inbox(&gw, &phone, "").await;
    assert_eq!(conversation(&page, &bob_jid)["unread"], 0);
    assert_eq!(conversation(&page, &carol_jid)["unread"], 1);

    // Writing in a conversation reads it.
    assert_eq!(
        gw.send_chat(&laptop, &carol, "hi carol").await,
        StatusCode::OK
    );
    let answered = inbox_event(&mut phone_tab, &carol_jid, |c| c["last"]["mine"] == true).await;
    assert_eq!(answered["unread"], 0);
    assert_eq!(answered["last"]["body"], "hi carol");

    // Carol writes twice and withdraws the last: no marker can name it, and the
    // conversation is read all the same.
    send(&mut carol_client, chat(&alice_jid, "c-3", "c3")).await;
    send(&mut carol_client, chat(&alice_jid, "c-4", "c4 oops")).await;
    inbox_event(&mut phone_tab, &carol_jid, |c| c["unread"] == 2).await;
    let mut retraction = Message::chat(Some(alice_jid.parse().unwrap()));
    retraction.payloads.push(retract("c-4"));
    send(&mut carol_client, retraction).await;
    inbox_event(&mut phone_tab, &carol_jid, |c| {
        c["last"]["retracted"] == true
    })
    .await;
    let read = ok_json(
        call(
            &gw,
            Method::POST,
            &format!("inbox/{carol_jid}/read"),
            &laptop,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(read["unread"], 0, "{read}");

    // Muted and hidden; hidden until something new happens.
    let muted = ok_json(
        call(
            &gw,
            Method::PUT,
            &format!("inbox/{carol_jid}"),
            &laptop,
            Some(json!({"muted": true})),
        )
        .await,
    )
    .await;
    assert_eq!(muted["muted"], true);
    let hidden = ok_json(
        call(
            &gw,
            Method::PUT,
            &format!("inbox/{bob}"),
            &laptop,
            Some(json!({"hidden": true})),
        )
        .await,
    )
    .await;
    assert_eq!(hidden["hidden"], true);
    assert_eq!(listed(&inbox(&gw, &phone, "").await), [carol_jid.as_str()]);
    assert_eq!(listed(&inbox(&gw, &phone, "?hidden=true").await).len(), 2);
    send(&mut bob_client, chat(&alice_jid, "b-4", "b4")).await;
    inbox_event(&mut phone_tab, &bob_jid, |c| c["last"]["body"] == "b4").await;
    let page = inbox(&gw, &phone, "").await;
    assert_eq!(
        listed(&page),
        [bob_jid.clone(), carol_jid.clone()],
        "back on top: {page}"
    );
    assert_eq!(conversation(&page, &bob_jid)["hidden"], false);
    assert_eq!(conversation(&page, &carol_jid)["muted"], true);

    // Pages: one at a time, neither skipping nor repeating.
    let first = inbox(&gw, &phone, "?max=1").await;
    assert_eq!(listed(&first), [bob_jid.as_str()]);
    let next = first["next"].as_str().expect("a next page").to_string();
    let second = inbox(&gw, &phone, &format!("?max=1&after={}", urlencoding(&next))).await;
    assert_eq!(listed(&second), [carol_jid.as_str()]);
    assert!(second["next"].is_null());

    // Bad input: a clear 400, nothing changed.
    for query in [
        "?max=0",
        "?max=501",
        "?max=x",
        "?after=nonsense",
        "?hidden=maybe",
    ] {
        let response = call(&gw, Method::GET, &format!("inbox{query}"), &phone, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    let odd = call(
        &gw,
        Method::PUT,
        &format!("inbox/{bob_jid}"),
        &phone,
        Some(json!({"muted": "yes"})),
    )
    .await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);
    let unknown = call(
        &gw,
        Method::PUT,
        &format!("inbox/{bob_jid}"),
        &phone,
        Some(json!({"pinned": true})),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        conversation(&inbox(&gw, &phone, "").await, &bob_jid)["muted"],
        false
    );
}

fn urlencoding(text: &str) -> String {
    text.replace('@', "%40").replace('/', "%2F")
}

/// Carol joins the room from a native client and waits until the room lets her in.
async fn join_natively(client: &mut tokio_xmpp::Client, room_jid: &str, nick: &str) {
    let mut join = Presence::available().with_payloads(vec![Muc::new().into()]);
    let me = format!("{room_jid}/{nick}");
    join.to = Some(me.parse().unwrap());
    client.send_stanza(join.into()).await.unwrap();
    next_stanza(client, |s| match s {
        Stanza::Presence(p) if p.from.as_ref().is_some_and(|f| f.to_string() == me) => Some(()),
        _ => None,
    })
    .await;
}

fn room_post(room_jid: &str, id: &str, body: &str) -> Message {
    let mut message = Message::groupchat(Some(room_jid.parse().unwrap()))
        .with_body(Lang::new(), body.to_string());
    message.id = Some(Id(id.to_string()));
    message.type_ = MessageType::Groupchat;
    message
}

#[tokio::test]
async fn the_inbox_is_rebuilt_from_the_archives_after_a_restart_and_after_its_copy_is_deleted() {
    let state = std::env::temp_dir().join(unique("xwg-inbox-"));
    std::fs::create_dir_all(&state).unwrap();
    let port = free_port();
    let mut gateway = start_local_gateway(port, &state).await;
    let gw = Gateway::at(&format!("http://127.0.0.1:{port}"));
    let (alice, alice_password) = register_user("inra-");
    let (bob, bob_password) = register_user("inrb-");
    let (carol, carol_password) = register_user("inrc-");
    let (alice_jid, bob_jid) = (jid_of(&alice), jid_of(&bob));
    let room = unique("inbox-");
    let room_jid = format!("{room}@conference.{}", stack_var("XWG_XMPP_DOMAIN"));
    let token = gw.login(&alice, &alice_password).await;
    let mut tab = gw.sse(&token, None).await;
    let joined = call(
        &gw,
        Method::PUT,
        &format!("groupchat/room/{room}"),
        &token,
        None,
    )
    .await;
    assert_eq!(joined.status(), StatusCode::OK);
    let mut bob_client = native_client(&bob, &bob_password).await;
    let mut carol_client = native_client(&carol, &carol_password).await;
    join_natively(&mut carol_client, &room_jid, "carol").await;

    send(&mut bob_client, chat(&alice_jid, "r-1", "one")).await;
    send(&mut bob_client, chat(&alice_jid, "r-2", "two")).await;
    inbox_event(&mut tab, &bob_jid, |c| c["unread"] == 2).await;
    send(&mut carol_client, room_post(&room_jid, "p-1", "hello room")).await;
    inbox_event(&mut tab, &room_jid, |c| c["unread"] == 1).await;
    let read = ok_json(
        call(
            &gw,
            Method::POST,
            &format!("inbox/{bob_jid}/read"),
            &token,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(read["unread"], 0);
    assert_eq!(
        gw.send_chat(&token, &bob, "mine last").await,
        StatusCode::OK
    );
    send(&mut bob_client, chat(&alice_jid, "r-3", "three")).await;
    let (seen_up_to, _) = inbox_event_with_id(&mut tab, &bob_jid, |c| c["unread"] == 1).await;
    let muted = call(
        &gw,
        Method::PUT,
        &format!("inbox/{room_jid}"),
        &token,
        Some(json!({"muted": true})),
    )
    .await;
    assert_eq!(muted.status(), StatusCode::OK);
    let before = inbox(&gw, &token, "").await;
    assert_eq!(
        listed(&before),
        [bob_jid.clone(), room_jid.clone()],
        "{before}"
    );
    drop(tab);

    // The gateway dies; the conversations go on; it comes back.
    gateway.kill9();
    send(&mut bob_client, chat(&alice_jid, "r-4", "four")).await;
    send(
        &mut carol_client,
        room_post(&room_jid, "p-2", "while you were out"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut gateway = start_local_gateway(port, &state).await;
    // The keeper opens the session again as it starts: the tab resumes where it was.
    let mut tab = gw.sse(&token, Some(seen_up_to)).await;
    // Bob's message arrives again through the archive's catch-up (in flight until then).
    inbox_event(&mut tab, &bob_jid, |c| c["last"]["body"] == "four").await;
    let after_restart = inbox(&gw, &token, "").await;
    let mut expected = seen(&before);
    expected[0]["body"] = json!("four");
    expected[0]["id"] = json!("r-4");
    expected[0]["unread"] = json!(2);
    expected[1]["body"] = json!("while you were out");
    expected[1]["id"] = json!("p-2");
    expected[1]["unread"] = json!(2);
    // Both within a second while the gateway was down: either may come first.
    let by_with = |mut listed: Vec<Value>| {
        listed.sort_by_key(|c| c["with"].to_string());
        listed
    };
    assert_eq!(
        by_with(seen(&after_restart)),
        by_with(expected),
        "{after_restart}"
    );
    drop(tab);

    // Its stored copy is deleted: the archives give the same inbox back.
    gateway.kill9();
    let store =
        EmbeddedStore::open(&state.join("gateway.db"), std::sync::Arc::new(SystemClock)).unwrap();
    forget_inbox_copy(&store, &alice).await;
    drop(store);
    let _gateway = start_local_gateway(port, &state).await;
    let rebuilt = inbox(&gw, &token, "").await;
    assert_eq!(
        by_with(seen(&rebuilt)),
        by_with(seen(&after_restart)),
        "{rebuilt}"
    );
    let _ = std::fs::remove_dir_all(&state);
}

/// What a native client of the user (Conversations, Monal, Cheogram) publishes when the
/// user reads a conversation there (XEP-0490 §4, with the node's options; `all_options`
/// false: only those ejabberd 23.01 takes, as a client retries there).
fn native_read_position(
    conversation: &str,
    stanza_id: &str,
    by: &str,
    all_options: bool,
) -> Stanza {
    let more_options = if all_options {
        "<field var='pubsub#max_items'><value>max</value></field>\
         <field var='pubsub#send_last_published_item'><value>never</value></field>"
    } else {
        ""
    };
    let payload: Element = format!(
        "<pubsub xmlns='http://jabber.org/protocol/pubsub'>\
           <publish node='urn:xmpp:mds:displayed:0'>\
             <item id='{conversation}'>\
               <displayed xmlns='urn:xmpp:mds:displayed:0'>\
                 <stanza-id xmlns='urn:xmpp:sid:0' by='{by}' id='{stanza_id}'/>\
               </displayed>\
             </item>\
           </publish>\
           <publish-options><x xmlns='jabber:x:data' type='submit'>\
             <field var='FORM_TYPE' type='hidden'>\
               <value>http://jabber.org/protocol/pubsub#publish-options</value></field>\
             <field var='pubsub#persist_items'><value>true</value></field>{more_options}\
             <field var='pubsub#access_model'><value>whitelist</value></field>\
           </x></publish-options>\
         </pubsub>"
    )
    .parse()
    .unwrap();
    Stanza::Iq(tokio_xmpp::parsers::iq::Iq::Set {
        from: None,
        to: None,
        id: "mds-publish".into(),
        payload,
    })
}

/// The items of the user's read-position node, as a native client of the user reads them.
async fn read_positions_seen_natively(client: &mut tokio_xmpp::Client) -> Vec<(String, String)> {
    let query: Element = "<pubsub xmlns='http://jabber.org/protocol/pubsub'>\
                            <items node='urn:xmpp:mds:displayed:0'/></pubsub>"
        .parse()
        .unwrap();
    let get = tokio_xmpp::parsers::iq::Iq::Get {
        from: None,
        to: None,
        id: "mds-read".into(),
        payload: query,
    };
    client.send_stanza(Stanza::Iq(get)).await.unwrap();
    let answer = next_stanza(client, |stanza| match stanza {
        Stanza::Iq(iq) if iq.id() == "mds-read" => Some(iq),
        _ => None,
    })
    .await;
    let tokio_xmpp::parsers::iq::Iq::Result {
        payload: Some(pubsub),
        ..
    } = answer
    else {
        return Vec::new();
    };
    pubsub
        .children()
        .flat_map(|items| items.children())
        .filter_map(|item| {
            let stamp = item.children().next()?.children().next()?;
            Some((item.attr("id")?.to_string(), stamp.attr("id")?.to_string()))
        })
        .collect()
}

#[tokio::test]
async fn read_positions_are_shared_with_the_users_native_clients_both_ways() {
    let (gw, store) = Gateway::builder().spawn_keeping_store().await;
    let (alice, alice_password) = register_user("mdsa-");
    let (bob, bob_password) = register_user("mdsb-");
    let (carol, carol_password) = register_user("mdsc-");
    let (alice_jid, bob_jid, carol_jid) = (jid_of(&alice), jid_of(&bob), jid_of(&carol));
    let token = gw.login(&alice, &alice_password).await;
    let mut tab = gw.sse(&token, None).await;
    let mut alice_phone = native_client(&alice, &alice_password).await;
    let mut bob_client = native_client(&bob, &bob_password).await;
    let mut carol_client = native_client(&carol, &carol_password).await;
    send(&mut bob_client, chat(&alice_jid, "m-1", "one")).await;
    send(&mut bob_client, chat(&alice_jid, "m-2", "two")).await;
    inbox_event(&mut tab, &bob_jid, |c| c["unread"] == 2).await;
    send(&mut carol_client, chat(&alice_jid, "n-1", "hi")).await;
    inbox_event(&mut tab, &carol_jid, |c| c["unread"] == 1).await;
    let page = inbox(&gw, &token, "").await;
    let bob_stamp = conversation(&page, &bob_jid)["last"]["stanzaId"]
        .as_str()
        .unwrap()
        .to_string();
    let carol_stamp = conversation(&page, &carol_jid)["last"]["stanzaId"]
        .as_str()
        .unwrap()
        .to_string();

    // Read through the gateway: Alice's phone finds where she read up to.
    let read = call(
        &gw,
        Method::POST,
        &format!("inbox/{bob_jid}/read"),
        &token,
        None,
    )
    .await;
    assert_eq!(read.status(), StatusCode::OK);
    let positions = read_positions_seen_natively(&mut alice_phone).await;
    assert!(
        positions.contains(&(bob_jid.clone(), bob_stamp)),
        "{positions:?}"
    );

    // Bob writes again; the phone shows it and says so to Bob (XEP-0333, with a `store`
    // hint, as Conversations sends it): the gateway's inbox follows at once.
    send(&mut bob_client, chat(&alice_jid, "m-3", "three")).await;
    inbox_event(&mut tab, &bob_jid, |c| c["unread"] == 1).await;
    let mut marker = Message::chat(Some(bob_jid.parse().unwrap()));
    marker.payloads.push(
        tokio_xmpp::parsers::displayed_markers::Displayed {
            id: Id("m-3".into()),
        }
        .into(),
    );
    marker
        .payloads
        .push(Element::builder("store", "urn:xmpp:hints").build());
    send(&mut alice_phone, marker).await;
    inbox_event(&mut tab, &bob_jid, |c| c["unread"] == 0).await;

    // Read on the phone: a rebuilt inbox counts it.
    for all_options in [true, false] {
        let publish = native_read_position(&carol_jid, &carol_stamp, &alice_jid, all_options);
        alice_phone.send_stanza(publish).await.unwrap();
        let answer = next_stanza(&mut alice_phone, |stanza| match stanza {
            Stanza::Iq(iq) if iq.id() == "mds-publish" => Some(iq),
            _ => None,
        })
        .await;
        if matches!(answer, tokio_xmpp::parsers::iq::Iq::Result { .. }) {
            break;
        }
    }
    forget_inbox_copy(store.as_ref(), &alice).await;
    let rebuilt = inbox(&gw, &token, "").await;
    assert_eq!(conversation(&rebuilt, &carol_jid)["unread"], 0, "{rebuilt}");
    assert_eq!(conversation(&rebuilt, &bob_jid)["unread"], 0, "{rebuilt}");
}

/// An invitation another account sends through a room, carrying a retraction "from" the
/// room (a room forwards the inviter's payloads from its own bare address).
fn invitation_with_a_retraction(room_jid: &str, invitee: &str, id: &str) -> Stanza {
    let mut message = Message::new(Some(room_jid.parse().unwrap()));
    message.type_ = MessageType::Normal;
    message.payloads.push(
        format!("<x xmlns='http://jabber.org/protocol/muc#user'><invite to='{invitee}'/></x>")
            .parse()
            .unwrap(),
    );
    message.payloads.push(retract(id));
    Stanza::Message(message)
}

/// A retraction (XEP-0424) of the message `id`.
fn retract(id: &str) -> Element {
    Element::builder("retract", RETRACT)
        .attr(tokio_xmpp::minidom::rxml::xml_ncname!("id").to_owned(), id)
        .build()
}

#[tokio::test]
async fn a_room_stays_a_room_whatever_its_address_forwards() {
    let gw = tests::spawn_gateway().await;
    let (alice, alice_password) = register_user("inva-");
    let (bob, bob_password) = register_user("invb-");
    let (mallory, mallory_password) = register_user("invm-");
    let alice_jid = jid_of(&alice);
    let (alice_token, bob_token) = (
        gw.login(&alice, &alice_password).await,
        gw.login(&bob, &bob_password).await,
    );
    let mut tab = gw.sse(&alice_token, None).await;
    let room = unique("invited-");
    let room_jid = format!("{room}@conference.{}", stack_var("XWG_XMPP_DOMAIN"));
    let path = format!("groupchat/room/{room}");
    assert_eq!(
        call(&gw, Method::PUT, &path, &bob_token, None)
            .await
            .status(),
        StatusCode::OK
    );

    // Bob invites Alice (the room forwards it from its bare address, with his text): no
    // conversation of its own; joined, the room is a room.
    let invite = gw
        .rest(
            Method::POST,
            &format!("{path}/{alice_jid}"),
            &bob_token,
            "join us",
        )
        .await;
    assert_eq!(invite.status(), StatusCode::OK);
    loop {
        let event = tab.next_named("chatapi.muc", WAIT).await;
        if event.data.contains("invitationReceived") {
            break;
        }
    }
    assert!(
        listed(&inbox(&gw, &alice_token, "").await).is_empty(),
        "an invitation is no conversation"
    );
    assert_eq!(
        call(&gw, Method::PUT, &path, &alice_token, None)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        gw.rest(Method::POST, &path, &bob_token, "hello alice")
            .await
            .status(),
        StatusCode::OK
    );
    let entry = inbox_event(&mut tab, &room_jid, |c| c["unread"] == 1).await;
    assert_eq!(entry["room"], true);
    let stamp = entry["last"]["stanzaId"].as_str().unwrap().to_string();

    // Mallory, another occupant, has the room forward a retraction of Bob's message to
    // Alice (Prosody forwards an inviter's payloads from the room's bare address; ejabberd
    // 23.01 forwards no such invitation, so there is nothing to try).
    if tests::on_ejabberd() {
        return;
    }
    let mut mallory_client = native_client(&mallory, &mallory_password).await;
    join_natively(&mut mallory_client, &room_jid, "mallory").await;
    mallory_client
        .send_stanza(invitation_with_a_retraction(&room_jid, &alice_jid, &stamp))
        .await
        .unwrap();
    loop {
        let event = tab.next(WAIT).await;
        if event.data.contains("invitationReceived") {
            break;
        }
    }
    let page = inbox(&gw, &alice_token, "").await;
    let kept = conversation(&page, &room_jid);
    assert_eq!(kept["last"]["body"], "hello alice", "{page}");
    assert_eq!(kept["last"]["retracted"], false);
    assert_eq!(kept["unread"], 1);
    assert_eq!(listed(&page), [room_jid.as_str()]);
    let read = call(
        &gw,
        Method::POST,
        &format!("inbox/{room_jid}/read"),
        &alice_token,
        None,
    )
    .await;
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(ok_json(read).await["unread"], 0);
}

#[tokio::test]
async fn a_message_sent_without_an_id_is_read_all_the_same_and_stays_read_after_a_rebuild() {
    let (gw, store) = Gateway::builder().spawn_keeping_store().await;
    let (alice, alice_password) = register_user("noida-");
    let (bob, bob_password) = register_user("noidb-");
    let (alice_jid, bob_jid) = (jid_of(&alice), jid_of(&bob));
    let token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut tab = gw.sse(&token, None).await;

    // Bob's client sends a message with no id at all (simple clients and bots do): no read
    // marker can name it (XEP-0333), yet Alice can read it.
    let raw = format!(
        "<message xmlns='jabber:client' to='{alice_jid}' type='chat'><body>no id</body></message>"
    );
    let sent = gw.rest(Method::POST, "xmpp", &bob_token, raw).await;
    assert!(sent.status().is_success(), "{}", sent.status());
    inbox_event(&mut tab, &bob_jid, |c| c["unread"] == 1).await;
    let read = call(
        &gw,
        Method::POST,
        &format!("inbox/{bob_jid}/read"),
        &token,
        None,
    )
    .await;
    let read = ok_json(read).await;
    assert_eq!(read["unread"], 0, "{read}");

    // Read for good: an inbox rebuilt from the archives counts it read (the position went
    // to the user's other clients by its archive id, XEP-0490).
    forget_inbox_copy(store.as_ref(), &alice).await;
    let rebuilt = inbox(&gw, &token, "").await;
    assert_eq!(conversation(&rebuilt, &bob_jid)["unread"], 0, "{rebuilt}");
}
