//! Keepers dying: two keeper processes share users through leases and one takes over the
//! sessions of the other after `kill -9`; a gateway killed with `kill -9` while messages
//! flow loses no stored event, and its clients resume without duplicates.

use std::time::Duration;

use futures::StreamExt;
use tests::{
    Gateway, free_port, register_user, spawn_keeper, stack_var, start_local_gateway, unique,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::message::{Lang, Message};
use xwg_core::clock::SystemClock;
use xwg_core::events::{Event, Payload};
use xwg_core::keeper::KeeperClient;
use xwg_core::keeper::{EventStream, Keeper, Live};
use xwg_core::store::Store;
use xwg_core::store::dynamodb::DynamoStore;

const WAIT: Duration = Duration::from_secs(20);

fn chat(to: &str, text: &str) -> Stanza {
    let to: Jid = format!("{to}@{}", stack_var("XWG_XMPP_DOMAIN"))
        .parse()
        .unwrap();
    Stanza::Message(Message::chat(Some(to)).with_body(Lang::new(), text.into()))
}

/// The next chat event of a keeper event stream.
/// The next chat message the user received (copies of what the user sent are skipped).
async fn next_chat(events: &mut EventStream) -> Event {
    loop {
        let live = tokio::time::timeout(WAIT, events.next())
            .await
            .expect("an event in time")
            .expect("stream open");
        if let Live::Event(event) = live
            && matches!(&event.payload, Payload::Chat(message) if message.carbon.is_none())
        {
            return *event;
        }
    }
}

/// A chat event's body.
fn body(event: &Event) -> &str {
    match &event.payload {
        Payload::Chat(message) => &message.body,
        other => panic!("not a chat message: {other:?}"),
    }
}

async fn lease_owner(store: &DynamoStore, user: &str) -> Option<String> {
    let lease = store
        .get(&format!("lease#{user}"), "keeper")
        .await
        .unwrap()?;
    lease.data["owner"].as_str().map(str::to_string)
}

#[tokio::test]
async fn two_keepers_share_users_and_one_takes_over_when_the_other_dies() {
    let table = tests::dynamo_table().await;
    let store = DynamoStore::from_env(table.clone(), std::sync::Arc::new(SystemClock)).await;
    let secret = unique("keeper-secret-0123456789abcdef-");
    let mut k1 = spawn_keeper(&table, &secret, "k1").await;
    let k2 = spawn_keeper(&table, &secret, "k2").await;
    let (c1, c2) = (
        KeeperClient::new(&k1.url, &secret),
        KeeperClient::new(&k2.url, &secret),
    );
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    c1.remember_password(&alice, &alice_password).await.unwrap();
    c2.remember_password(&bob, &bob_password).await.unwrap();

    // Alice's session is opened by k1, Bob's by k2: each holds the lease of its user.
    let mut alice_at_k1 = c1.subscribe(&alice, "a-login").await.unwrap();
    let mut bob_events = c2.subscribe(&bob, "a-login").await.unwrap();
    assert_eq!(lease_owner(&store, &alice).await.as_deref(), Some("k1"));
    assert_eq!(lease_owner(&store, &bob).await.as_deref(), Some("k2"));

    // Asked through the other keeper, a call reaches the holder: no second session.
    c2.send(&alice, chat(&bob, "via k2, sent by k1"))
        .await
        .unwrap();
    assert_eq!(
        body(&next_chat(&mut bob_events).await),
        "via k2, sent by k1"
    );
    let mut alice_via_k2 = c2.subscribe(&alice, "a-login").await.unwrap();
    c2.send(&bob, chat(&alice, "one")).await.unwrap();
    let first = next_chat(&mut alice_at_k1).await;
    assert_eq!(
        next_chat(&mut alice_via_k2).await,
        first,
        "both streams see k1's event"
    );
    assert_eq!(lease_owner(&store, &alice).await.as_deref(), Some("k1"));

    k1.process.kill9();

    // k2 takes Alice over once k1's lease has expired (2 s), without Alice calling.
    let deadline = tokio::time::Instant::now() + WAIT;
    while lease_owner(&store, &alice).await.as_deref() != Some("k2") {
        assert!(
            tokio::time::Instant::now() < deadline,
            "k2 did not take Alice over"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut alice_at_k2 = c2.subscribe(&alice, "a-login").await.unwrap();
    c2.send(&bob, chat(&alice, "two")).await.unwrap();
    let second = next_chat(&mut alice_at_k2).await;
    assert_eq!(body(&second), "two");
    assert!(
        second.id > first.id,
        "event ids go on from the shared log: {} then {}",
        first.id,
        second.id
    );
}

#[tokio::test]
async fn a_gateway_killed_while_messages_flow_loses_no_stored_event() {
    let state = std::env::temp_dir().join(unique("xwg-failover-"));
    std::fs::create_dir_all(&state).unwrap();
    let port = free_port();
    let mut first = start_local_gateway(port, &state).await;
    let gw = Gateway::at(&format!("http://127.0.0.1:{port}"));
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut stream = gw.sse(&bob_token, None).await;
    stream.next(WAIT).await;

    let bob_jid = format!("{bob}@{}", stack_var("XWG_XMPP_DOMAIN"));
    for i in 1..=5 {
        assert_eq!(
            gw.send_chat(&alice_token, &bob_jid, &format!("m{i}")).await,
            200
        );
    }
    // The client saw only the first two before the process died.
    let seen = stream.next_named("chatapi.chat", WAIT).await;
    let seen = stream
        .next_named("chatapi.chat", WAIT)
        .await
        .id
        .parse::<u64>()
        .unwrap()
        .max(seen.id.parse().unwrap());
    tokio::time::sleep(Duration::from_millis(300)).await;
    first.kill9();
    drop(stream);

    let _second = start_local_gateway(port, &state).await;
    let mut resumed = gw.sse(&bob_token, Some(seen)).await;
    assert_eq!(resumed.next(WAIT).await.event, "onConnect");
    assert_eq!(gw.send_chat(&alice_token, &bob_jid, "m6").await, 200);
    let mut bodies = Vec::new();
    let mut last = seen;
    while bodies.len() < 4 {
        let event = resumed.next_named("chatapi.chat", WAIT).await;
        let id: u64 = event.id.parse().unwrap();
        assert!(id > last, "ids increase without repeats: {id} after {last}");
        last = id;
        bodies.push(
            serde_json::from_str::<serde_json::Value>(&event.data).unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(bodies, ["m3", "m4", "m5", "m6"]);
    assert!(
        resumed
            .quiet("chatapi.chat", Duration::from_millis(500))
            .await,
        "no duplicates"
    );
    let _ = std::fs::remove_dir_all(&state);
}

/// Appends a chat event's body, checking that event ids only grow.
fn take(event: eventsource_stream::Event, last: &mut u64, bodies: &mut Vec<String>) {
    let id: u64 = event.id.parse().unwrap();
    assert!(
        id > *last,
        "ids increase without repeats: {id} after {last}"
    );
    *last = id;
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    bodies.push(data["body"].as_str().unwrap().to_string());
}

#[tokio::test]
async fn messages_that_arrive_while_the_gateway_is_down_reach_the_stream_once_in_order() {
    const COUNT: usize = 500;
    let state = std::env::temp_dir().join(unique("xwg-catchup-"));
    std::fs::create_dir_all(&state).unwrap();
    let port = free_port();
    let mut first = start_local_gateway(port, &state).await;
    let gw = Gateway::at(&format!("http://127.0.0.1:{port}"));
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let mut stream = gw.sse(&alice_token, None).await;
    assert_eq!(stream.next(WAIT).await.event, "onConnect");

    // Bob, on a native client, sends one message every 20 ms throughout.
    let mut bob_client = tests::native_client(&bob, &bob_password).await;
    let sender = tokio::spawn(async move {
        for i in 0..COUNT {
            bob_client
                .send_stanza(chat(&alice, &format!("n{i:03}")))
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bob_client
    });

    let mut bodies = Vec::new();
    let mut last = 0;
    while bodies.len() < 100 {
        take(
            stream.next_named("chatapi.chat", WAIT).await,
            &mut last,
            &mut bodies,
        );
    }
    first.kill9();
    drop(stream);
    tokio::time::sleep(Duration::from_secs(3)).await;

    let _second = start_local_gateway(port, &state).await;
    let mut resumed = gw.sse(&alice_token, Some(last)).await;
    assert_eq!(resumed.next(WAIT).await.event, "onConnect");
    while bodies.len() < COUNT {
        take(
            resumed.next_named("chatapi.chat", WAIT).await,
            &mut last,
            &mut bodies,
        );
    }
    let expected: Vec<String> = (0..COUNT).map(|i| format!("n{i:03}")).collect();
    assert_eq!(bodies, expected, "every message once, in order");
    sender.await.unwrap();
    assert!(
        resumed.quiet("chatapi.chat", Duration::from_secs(1)).await,
        "no duplicates"
    );
    let _ = std::fs::remove_dir_all(&state);
}

/// A chat message that carries a `stanza-id` naming the recipient's own archive: anyone can
/// put one there; only the server's own stamp is the message's archive id.
fn forged(to: &str, text: &str, id: &str) -> Stanza {
    let Stanza::Message(mut message) = chat(to, text) else {
        unreachable!("a message")
    };
    let by: Jid = format!("{to}@{}", stack_var("XWG_XMPP_DOMAIN"))
        .parse()
        .unwrap();
    message.payloads.push(
        tokio_xmpp::parsers::stanza_id::StanzaId {
            id: id.to_string(),
            by,
        }
        .into(),
    );
    Stanza::Message(message)
}

#[tokio::test]
async fn a_forged_archive_id_breaks_no_catch_up() {
    let state = std::env::temp_dir().join(unique("xwg-forged-"));
    std::fs::create_dir_all(&state).unwrap();
    let port = free_port();
    let mut first = start_local_gateway(port, &state).await;
    let gw = Gateway::at(&format!("http://127.0.0.1:{port}"));
    let (alice, alice_password) = register_user("alice");
    let (mallory, mallory_password) = register_user("mallory");
    let alice_token = gw.login(&alice, &alice_password).await;
    let mut stream = gw.sse(&alice_token, None).await;
    assert_eq!(stream.next(WAIT).await.event, "onConnect");

    // Another account puts an id of Alice's archive into its message.
    let mut mallory_client = tests::native_client(&mallory, &mallory_password).await;
    mallory_client
        .send_stanza(forged(&alice, "forged", "forged-id"))
        .await
        .unwrap();
    let event = stream.next_named("chatapi.chat", WAIT).await;
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(data["body"], "forged");
    assert_ne!(
        data["stanzaId"], "forged-id",
        "the server's own stamp: {data}"
    );
    let mut last: u64 = event.id.parse().unwrap();

    // The gateway dies; messages arrive meanwhile; it comes back and catches up.
    first.kill9();
    drop(stream);
    for i in 0..5 {
        mallory_client
            .send_stanza(chat(&alice, &format!("while down {i}")))
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _second = start_local_gateway(port, &state).await;
    let mut resumed = gw.sse(&alice_token, Some(last)).await;
    assert_eq!(resumed.next(WAIT).await.event, "onConnect");
    // A later message reusing the forged id is a message like any other.
    mallory_client
        .send_stanza(forged(&alice, "forged again", "forged-id"))
        .await
        .unwrap();
    let mut bodies = Vec::new();
    while bodies.len() < 6 {
        let event = resumed.next(WAIT).await;
        assert_ne!(event.event, "chatapi.gap", "no gap: {}", event.data);
        if event.event == "chatapi.chat" {
            take(event, &mut last, &mut bodies);
        }
    }
    let expected: Vec<String> = (0..5)
        .map(|i| format!("while down {i}"))
        .chain(["forged again".to_string()])
        .collect();
    assert_eq!(bodies, expected, "every message once, in order");
    let _ = std::fs::remove_dir_all(&state);
}
