//! The keeper fleet serving event streams (the cloud shape's load-balanced keeper tasks):
//! a stream on one task carries the session another task holds; a task killed with
//! `kill -9` or stopped for a deploy (SIGTERM: it drains) loses no message and repeats
//! none — the client resumes on another task with `Last-Event-ID`; an idle session costs
//! the store nothing.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tests::{
    Gateway, KeeperProcess, SseClient, jid, native_client, register_user, spawn_functions,
    spawn_rest_keeper, spawn_stream_keeper, stack_var, unique,
};
use tokio_xmpp::parsers::message::{Lang, Message};
use xwg_core::clock::SystemClock;
use xwg_core::store::Store;

const WAIT: Duration = Duration::from_secs(30);

/// A browser's stream that resumes: on any task that answers, after the last id it saw.
struct Client {
    token: String,
    last_id: Option<String>,
    stream: Option<SseClient>,
    /// Every chat body received, in order.
    bodies: Vec<String>,
}

impl Client {
    fn new(token: String) -> Self {
        Self {
            token,
            last_id: None,
            stream: None,
            bodies: Vec::new(),
        }
    }

    /// Opens the stream on the first of `tasks` that takes it, trying again until one does:
    /// while a dead task's sessions are taken over, a task may refuse for a moment.
    async fn connect(&mut self, tasks: &[&KeeperProcess]) {
        let http = reqwest::Client::new();
        let deadline = tokio::time::Instant::now() + WAIT;
        for round in 0.. {
            let task = tasks[round % tasks.len()];
            let url = format!(
                "{}/sparkweb/sse?token={}",
                task.streams.as_deref().unwrap(),
                self.token
            );
            let mut request = http.get(url);
            if let Some(id) = &self.last_id {
                request = request.header("Last-Event-ID", id);
            }
            if let Ok(response) = request.send().await
                && response.status() == 200
            {
                let mut stream = SseClient::new(response);
                assert_eq!(stream.next(WAIT).await.event, "onConnect");
                self.stream = Some(stream);
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no task took the stream"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Reads chat events until `want` bodies are in, reconnecting whenever the stream ends.
    async fn read_until(&mut self, want: usize, tasks: &[&KeeperProcess]) {
        let deadline = tokio::time::Instant::now() + WAIT * 2;
        while self.bodies.len() < want {
            assert!(
                tokio::time::Instant::now() < deadline,
                "only {} of {want} messages arrived: {:?}",
                self.bodies.len(),
                self.bodies
            );
            let Some(stream) = self.stream.as_mut() else {
                self.connect(tasks).await;
                continue;
            };
            match tokio::time::timeout(Duration::from_secs(5), stream.next_or_end()).await {
                // Quiet for now: keep listening.
                Err(_) => {}
                Ok(Some(event)) => {
                    if !event.id.is_empty() {
                        self.last_id = Some(event.id.clone());
                    }
                    if event.event == "chatapi.chat" {
                        let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
                        self.bodies.push(data["body"].as_str().unwrap().to_string());
                    }
                }
                Ok(None) => self.stream = None,
            }
        }
    }
}

/// A native client that sends numbered messages to `to`.
async fn send(from: &mut tokio_xmpp::Client, to: &str, text: &str) {
    let to = format!("{to}@{}", stack_var("XWG_XMPP_DOMAIN"));
    let message = Message::chat(Some(to.parse().unwrap())).with_body(Lang::new(), text.into());
    from.send_stanza(message.into()).await.unwrap();
}

async fn lease_owner(store: &dyn Store, user: &str) -> Option<String> {
    let lease = store
        .get(&format!("lease#{user}"), "keeper")
        .await
        .unwrap()?;
    lease.data["owner"].as_str().map(str::to_string)
}

async fn store_of(table: &str) -> Arc<dyn Store> {
    Arc::new(
        xwg_core::store::dynamodb::DynamoStore::from_env(table.into(), Arc::new(SystemClock)).await,
    )
}

#[tokio::test]
async fn a_stream_on_one_task_carries_the_session_of_another_and_moves_when_that_one_dies() {
    let table = tests::dynamo_table().await;
    let store = store_of(&table).await;
    let secret = unique("keeper-secret-0123456789abcdef-");
    let a = spawn_stream_keeper(&table, &secret, "task-a").await;
    let mut b = spawn_stream_keeper(&table, &secret, "task-b").await;
    // The functions call task B: Bob's session opens there at login.
    let functions = spawn_functions(&table, &b.url, &secret).await;
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    let token = functions.login(&bob, &bob_password).await;
    let roster = functions
        .rest(reqwest::Method::GET, "roster", &token, "")
        .await;
    assert_eq!(roster.status(), 200);
    assert_eq!(
        lease_owner(store.as_ref(), &bob).await.as_deref(),
        Some("task-b")
    );

    // Bob's browser lands on task A.
    let mut browser = Client::new(token);
    browser.connect(&[&a]).await;
    let mut alice_client = native_client(&alice, &alice_password).await;
    send(&mut alice_client, &bob, "m1").await;
    browser.read_until(1, &[&a]).await;
    assert_eq!(
        lease_owner(store.as_ref(), &bob).await.as_deref(),
        Some("task-b"),
        "no second session"
    );

    // B dies. What Alice sends meanwhile waits in the server's archive; A takes Bob's
    // session over (B's lease lapses after 2 s) and reads it from there.
    b.process.kill9();
    for i in 2..=6 {
        send(&mut alice_client, &bob, &format!("m{i}")).await;
    }
    browser.read_until(6, &[&a]).await;
    assert_eq!(
        browser.bodies,
        ["m1", "m2", "m3", "m4", "m5", "m6"],
        "none lost, none twice"
    );
    assert_eq!(
        lease_owner(store.as_ref(), &bob).await.as_deref(),
        Some("task-a")
    );
}

#[tokio::test]
async fn a_rolling_restart_under_a_message_flow_loses_and_repeats_nothing() {
    let table = tests::dynamo_table().await;
    let secret = unique("keeper-secret-0123456789abcdef-");
    let mut a = spawn_stream_keeper(&table, &secret, "roll-a1").await;
    let b = spawn_stream_keeper(&table, &secret, "roll-b1").await;
    let functions = spawn_functions(&table, &a.url, &secret).await;
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    let mut browser = Client::new(functions.login(&bob, &bob_password).await);
    browser.connect(&[&b]).await;
    let mut alice_client = native_client(&alice, &alice_password).await;

    // Alice sends 60 messages, one every 50 ms, while first A and then B are stopped as a
    // deploy stops tasks (SIGTERM) and a new task takes each one's place.
    const TOTAL: usize = 60;
    let flow = tokio::spawn(async move {
        for i in 1..=TOTAL {
            send(&mut alice_client, &bob, &format!("n{i}")).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        alice_client
    });
    browser.read_until(5, &[&b]).await;
    a.process.terminate();
    let a2 = spawn_stream_keeper(&table, &secret, "roll-a2").await;
    browser.read_until(20, &[&b, &a2]).await;
    let mut b = b;
    b.process.terminate();
    let b2 = spawn_stream_keeper(&table, &secret, "roll-b2").await;
    let _alice_client = flow.await.unwrap();
    browser.read_until(TOTAL, &[&a2, &b2]).await;

    let expected: Vec<String> = (1..=TOTAL).map(|i| format!("n{i}")).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for body in &browser.bodies {
        *counts.entry(body).or_default() += 1;
    }
    let repeated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "repeated: {repeated:?}");
    assert_eq!(browser.bodies, expected, "all {TOTAL}, in order");
    // Nothing more comes.
    if let Some(stream) = browser.stream.as_mut() {
        assert!(stream.quiet("chatapi.chat", Duration::from_secs(2)).await);
    }
}

#[tokio::test]
async fn the_keeper_secret_rotates_with_both_accepted_for_a_while() {
    let table = tests::dynamo_table().await;
    let (new, old) = (
        unique("new-keeper-secret-0123456789abcdef-"),
        unique("old-keeper-secret-0123456789abcdef-"),
    );
    // Mid-rotation: calls go out with the new secret, the old one is still taken.
    let keeper = tests::spawn_keeper(&table, &format!("{new},{old}"), "rotating").await;
    let http = reqwest::Client::new();
    let call = |secret: &str| {
        http.delete(format!("{}/users/nobody/session", keeper.url))
            .header(xwg_core::keeper::wire::SECRET_HEADER, secret)
            .send()
    };
    for accepted in [&new, &old] {
        assert_ne!(call(accepted).await.unwrap().status(), 403);
    }
    for refused in ["", "another-secret-0123456789abcdef-0123"] {
        assert_eq!(call(refused).await.unwrap().status(), 403);
    }
}

#[tokio::test]
async fn with_rest_on_the_fleet_a_task_answers_every_route_and_streams_reach_the_others() {
    let table = tests::dynamo_table().await;
    let secret = unique("keeper-secret-0123456789abcdef-");
    let rest = spawn_rest_keeper(&table, &secret, "rest-a").await;
    let streams_only = spawn_stream_keeper(&table, &secret, "rest-b").await;
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    // Logins and sends on task A, no function involved; Bob's stream on task B.
    let on_a = Gateway::at(rest.streams.as_deref().unwrap());
    let alice_token = on_a.login(&alice, &alice_password).await;
    let bob_token = on_a.login(&bob, &bob_password).await;
    let mut browser = Client::new(bob_token);
    browser.connect(&[&streams_only]).await;
    assert_eq!(
        on_a.send_chat(&alice_token, &jid(&bob), "via the fleet")
            .await,
        200
    );
    browser.read_until(1, &[&streams_only]).await;
    assert_eq!(browser.bodies, ["via the fleet"]);
    // A task that serves only streams does not answer REST.
    let on_b = Gateway::at(streams_only.streams.as_deref().unwrap());
    assert_eq!(on_b.user(Some(&alice_token)).await.status(), 404);
}
