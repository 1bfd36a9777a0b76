//! History reads are right every time: the same archive read 100 times gives the same
//! complete page 100 times, and paging forwards or backwards neither skips nor repeats.
//! No read here is retried: once the messages have arrived, one read must be right.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use tests::{Gateway, jid, ok_json, register_user, spawn_gateway};

const WAIT: Duration = Duration::from_secs(20);
const COUNT: usize = 30;

async fn read(gw: &Gateway, token: &str, query: &str) -> Value {
    ok_json(
        gw.rest(Method::GET, &format!("chat/messages?{query}"), token, "")
            .await,
    )
    .await
}

/// Alice's archive holds `COUNT` messages from Bob, all delivered to her stream first (the
/// only wait: messages in flight).
async fn archive_of_alice() -> (Gateway, String, String, Vec<String>) {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut tab = gw.sse(&alice_token, None).await;
    assert_eq!(tab.next(WAIT).await.event, "onConnect");
    let expected: Vec<String> = (0..COUNT).map(|i| format!("h{i:02}")).collect();
    for body in &expected {
        assert_eq!(gw.send_chat(&bob_token, &jid(&alice), body).await, 200);
    }
    for _ in 0..COUNT {
        tab.next_named("chatapi.chat", WAIT).await;
    }
    (gw, alice_token, bob, expected)
}

#[tokio::test]
async fn the_same_archive_read_a_hundred_times_gives_the_same_complete_answer() {
    let (gw, token, bob, expected) = archive_of_alice().await;
    let first = read(&gw, &token, &format!("to={bob}")).await;
    assert_eq!(tests::archive_bodies(&first), expected);
    for i in 1..100 {
        let again = read(&gw, &token, &format!("to={bob}")).await;
        assert_eq!(again, first, "read {i} differs from the first");
    }
    let history = ok_json(
        gw.rest(
            Method::GET,
            &format!("chat/messages?to={bob}&max=500"),
            &token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(tests::archive_bodies(&history), expected);
}

#[tokio::test]
async fn paging_forwards_and_backwards_neither_skips_nor_repeats() {
    let (gw, token, bob, expected) = archive_of_alice().await;

    let mut forwards = Vec::new();
    let mut query = format!("to={bob}&max=7");
    loop {
        let page = read(&gw, &token, &query).await;
        let got = tests::archive_bodies(&page);
        assert!(got.len() <= 7, "a page holds at most max: {got:?}");
        forwards.extend(got);
        match page["last"].as_str() {
            Some(last) => query = format!("to={bob}&max=7&after={last}"),
            None => break,
        }
    }
    assert_eq!(forwards, expected);

    let mut backwards: Vec<Vec<String>> = Vec::new();
    let mut query = format!("to={bob}&max=7&before=");
    loop {
        let page = read(&gw, &token, &query).await;
        let got = tests::archive_bodies(&page);
        if got.is_empty() {
            break;
        }
        backwards.push(got);
        match page["first"].as_str() {
            Some(first) => query = format!("to={bob}&max=7&before={first}"),
            None => break,
        }
    }
    let backwards: Vec<String> = backwards.into_iter().rev().flatten().collect();
    assert_eq!(backwards, expected);
}
