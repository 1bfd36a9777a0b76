//! `local/bench`: prints the keeper's figures against a Prosody of its own.
//! - memory per idle session with N sessions open in one keeper (RSS delta / N);
//! - REST → SSE latency (gateway user to gateway user) beside raw XMPP client → client
//!   latency through the same Prosody, p50/p99, measured in the same run;
//! - store units per message (DynamoDB's billing units, counted by `CountingStore`) and
//!   the gateway's CPU time per message, over the REST → SSE rounds;
//! - the inbox of a user with 500 conversations: its read from the store, and `GET inbox`;
//! - `BENCH_BURST` users logging in and opening a stream at the same moment: how many get
//!   in, how fast.
//!
//! Expects accounts `bench0` … `bench{N+3+BURST}` with password `BENCH_PASSWORD` (local/bench
//! makes them) and the usual XWG_XMPP_* variables.

use std::time::{Duration, Instant};

use futures::StreamExt;
use std::sync::Arc;
use tests::counting_store::CountingStore;
use tests::{Gateway, keeper_config, stack_var};
use tokio_xmpp::connect::DnsConfig;
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::parsers::message::{Lang, Message};
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::xmlstream::Timeouts;
use tokio_xmpp::{Client, Event, Stanza};

use xwg_core::config::KeeperConfig;
use xwg_core::events::conversation::Ids;
use xwg_core::keeper::Keeper;
use xwg_core::projections::inbox::{self, Entry, Seen, What};
use xwg_core::store::Store;

/// Resident memory of a process (`self` or a pid), from /proc.
fn rss_kib(process: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time (user + system) of this process so far, in ms.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |s| s.1)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) * 10.0 // USER_HZ is 100 on Linux
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{what}: n={} p50={:.2} ms p99={:.2} ms max={:.2} ms",
        samples.len(),
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3
    );
}

#[tokio::main]
async fn main() {
    let sessions: usize = std::env::var("BENCH_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let password = stack_var("BENCH_PASSWORD");
    let server = stack_var("XWG_XMPP_SERVER");
    let domain = stack_var("XWG_XMPP_DOMAIN");

    // Production defaults for pings and leases, so that idle sessions are as idle as in
    // service.
    let keeper_config = KeeperConfig {
        ping: Duration::from_secs(30),
        lease: Duration::from_secs(30),
        ..keeper_config(Duration::from_secs(3600))
    };
    let (mut units, mut shared) = (None, None);
    let gw = Gateway::builder()
        .server(&server)
        .keeper(keeper_config)
        .store_through(|store| {
            let counting = CountingStore::new(store);
            units = Some(counting.units.clone());
            let counting: Arc<dyn Store> = Arc::new(counting);
            shared = Some(Arc::clone(&counting));
            counting
        })
        .spawn()
        .await;
    let (units, store) = (
        units.expect("the store is wrapped"),
        shared.expect("the store is wrapped"),
    );
    let keeper = gw.keeper();

    // Memory: N idle sessions in one keeper, opened 100 at a time (Prosody's backlog is 128).
    let users: Vec<String> = (0..sessions).map(|i| format!("bench{i}")).collect();
    for user in &users {
        keeper.remember_password(user, &password).await.unwrap();
    }
    let prosody = std::env::var("BENCH_PROSODY_PID").unwrap_or_else(|_| "self".into());
    let (before, prosody_before) = (rss_kib("self"), rss_kib(&prosody));
    let started = Instant::now();
    let opened = futures::stream::iter(users.iter().map(|u| keeper.ensure_session(u)))
        .buffer_unordered(100)
        .filter(|r| std::future::ready(r.is_ok()))
        .count()
        .await;
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (after, prosody_after) = (rss_kib("self"), rss_kib(&prosody));
    println!(
        "sessions: {opened} of {sessions} online in {:.1} s ({:.0} logins/s); keeper RSS {before} KiB -> {after} KiB = {:.1} KiB per idle session",
        took.as_secs_f64(),
        opened as f64 / took.as_secs_f64(),
        (after.saturating_sub(before)) as f64 / opened.max(1) as f64
    );
    println!(
        "prosody RSS {prosody_before} KiB -> {prosody_after} KiB = {:.1} KiB per session",
        (prosody_after.saturating_sub(prosody_before)) as f64 / opened.max(1) as f64
    );

    // Store traffic of idle sessions: the keeper's lease renewals and fleet scans, nothing
    // per session (before leases per keeper: a read and a write per session every 10 s,
    // 720 calls per idle session-hour).
    let idle_secs: u64 = std::env::var("BENCH_IDLE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let idle_before = units.now();
    tokio::time::sleep(Duration::from_secs(idle_secs)).await;
    let idle_after = units.now();
    let idle_units = (idle_after.0 - idle_before.0) + (idle_after.1 - idle_before.1);
    println!(
        "idle: {opened} sessions for {idle_secs} s: {} read + {} write units = {:.3} store units per idle session-hour",
        idle_after.0 - idle_before.0,
        idle_after.1 - idle_before.1,
        idle_units as f64 * 3600.0 / idle_secs as f64 / opened.max(1) as f64
    );

    // REST -> SSE through the gateway (local router, the same keeper).
    let (a, b) = (format!("bench{sessions}"), format!("bench{}", sessions + 1));
    let a_token = gw.login(&a, &password).await;
    let b_token = gw.login(&b, &password).await;
    inbox_of_500(&gw, store.as_ref(), &a, &a_token, &domain).await;
    let mut b_stream = gw.sse(&b_token, None).await;
    b_stream.next(Duration::from_secs(10)).await;
    let to = format!("{b}@{domain}");
    let mut rest_to_sse = Vec::with_capacity(rounds);
    let (units_before, families_before, cpu_before) = (units.now(), units.by_family(), cpu_ms());
    for i in 0..rounds {
        let sent = Instant::now();
        assert_eq!(gw.send_chat(&a_token, &to, &format!("m{i}")).await, 200);
        b_stream
            .next_named("chatapi.chat", Duration::from_secs(10))
            .await;
        rest_to_sse.push(sent.elapsed());
    }
    let (units_after, cpu_after) = (units.now(), cpu_ms());
    println!(
        "per message (REST send -> SSE delivery, {rounds} rounds): {:.1} store read units, {:.1} write units; CPU {:.2} ms (gateway and the bench's own HTTP client, one process)",
        (units_after.0 - units_before.0) as f64 / rounds as f64,
        (units_after.1 - units_before.1) as f64 / rounds as f64,
        (cpu_after - cpu_before) / rounds as f64
    );
    for (family, (reads, writes)) in units.by_family() {
        let (reads_before, writes_before) =
            families_before.get(&family).copied().unwrap_or_default();
        let (reads, writes) = (reads - reads_before, writes - writes_before);
        if reads + writes > 0 {
            println!(
                "  of which {family}#: {:.2} read, {:.2} write units per message",
                reads as f64 / rounds as f64,
                writes as f64 / rounds as f64
            );
        }
    }

    // Raw XMPP client -> client through the same Prosody.
    let mut c1 = native(
        &format!("bench{}", sessions + 2),
        &password,
        &domain,
        &server,
    )
    .await;
    let mut c2 = native(
        &format!("bench{}", sessions + 3),
        &password,
        &domain,
        &server,
    )
    .await;
    let c2_jid: tokio_xmpp::jid::Jid = format!("bench{}@{domain}", sessions + 3).parse().unwrap();
    let mut raw = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let sent = Instant::now();
        let message = Message::chat(Some(c2_jid.clone())).with_body(Lang::new(), format!("m{i}"));
        c1.send_stanza(message.into()).await.unwrap();
        let received = tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                match c2.next().await {
                    Some(Event::Stanza(Stanza::Message(m)))
                        if m.get_best_body_cloned(vec![]).is_some() =>
                    {
                        break;
                    }
                    None => panic!("raw client stream ended"),
                    _ => {}
                }
            }
        });
        received
            .await
            .expect("the raw client received the message in time");
        raw.push(sent.elapsed());
    }
    println!("REST -> SSE rounds done");
    report("REST -> SSE (gateway)", rest_to_sse);
    report("XMPP client -> client (raw)", raw);

    let burst: usize = std::env::var("BENCH_BURST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    login_burst(&gw, &password, sessions + 4, burst).await;
}

/// `burst` users (`bench{first}` on) log in through REST at the same moment and open a
/// stream each (a password check, then a new XMPP session): how many got in and are
/// streaming, how fast, and what the others got.
async fn login_burst(gw: &Gateway, password: &str, first: usize, burst: usize) {
    if burst == 0 {
        return;
    }
    let started = Instant::now();
    let outcomes = futures::future::join_all((first..first + burst).map(|i| async move {
        let login = gw.try_login(&format!("bench{i}"), password).await;
        if login.status() != 200 {
            return (format!("login {}", login.status().as_u16()), None);
        }
        let body: serde_json::Value = login.json().await.unwrap_or_default();
        let token = body["token"].as_str().unwrap_or_default();
        let stream = gw
            .http
            .get(gw.url(&format!("/sparkweb/sse?token={token}")))
            .send()
            .await;
        match stream {
            Ok(stream) if stream.status() == 200 => ("streaming".to_string(), Some(stream)),
            Ok(stream) => (format!("stream {}", stream.status().as_u16()), None),
            Err(err) => (format!("stream {err}"), None),
        }
    }))
    .await;
    let took = started.elapsed().as_secs_f64();
    let mut by_outcome = std::collections::BTreeMap::new();
    for (outcome, _) in &outcomes {
        *by_outcome.entry(outcome.as_str()).or_insert(0) += 1;
    }
    let streaming = by_outcome.get("streaming").copied().unwrap_or(0);
    println!(
        "login burst: {burst} users log in and open a stream at the same moment: {streaming} streaming after {took:.1} s ({:.0} users/s); outcomes: {by_outcome:?}",
        streaming as f64 / took
    );
}

/// The inbox of a user with 500 conversations (ten unread messages each): read from the
/// store (every entry and setting, sorted), and through `GET inbox` (which also asks the
/// server for the roster's names), 200 times each.
async fn inbox_of_500(gw: &Gateway, store: &dyn Store, user: &str, token: &str, domain: &str) {
    const CONVERSATIONS: usize = 500;
    let entries: Vec<Entry> = (0..CONVERSATIONS)
        .map(|i| {
            let with: BareJid = format!("peer{i}@{domain}").parse().unwrap();
            let mut entry = Entry::new(with.clone(), false);
            for n in 0..10 {
                let seen = Seen {
                    with: with.clone(),
                    room: false,
                    mine: false,
                    from: Some(with.clone().into()),
                    occupant: None,
                    at: 1_800_000_000_000 + (i * 10 + n) as i64,
                    what: What::Message {
                        ids: Ids {
                            id: Some(format!("m{i}-{n}")),
                            origin_id: Some(format!("m{i}-{n}")),
                            stanza_id: Some(format!("s{i}-{n}")),
                        },
                        body: format!(
                            "message {n} of conversation {i}, as long as a short chat line"
                        ),
                    },
                };
                entry.apply(&seen);
            }
            entry
        })
        .collect();
    inbox::replace(store, user, entries, &Default::default())
        .await
        .unwrap();
    inbox::note_built(store, user, true).await.unwrap();

    let mut from_store = Vec::with_capacity(200);
    for _ in 0..200 {
        let started = Instant::now();
        let mut listed = inbox::all(store, user).await.unwrap();
        let settings = inbox::all_settings(store, user).await.unwrap();
        listed.sort_by_key(|entry| std::cmp::Reverse(entry.at));
        assert_eq!(listed.len(), CONVERSATIONS);
        std::hint::black_box(settings);
        from_store.push(started.elapsed());
    }
    report(
        "inbox of 500 conversations, read from the store",
        from_store,
    );
    for max in [50, 500] {
        let mut routed = Vec::with_capacity(200);
        for _ in 0..200 {
            let started = Instant::now();
            let response = gw
                .http
                .get(gw.url(&format!("/sparkweb/api/rest/inbox?max={max}")))
                .header("Authorization", token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.bytes().await.unwrap();
            routed.push(started.elapsed());
        }
        report(&format!("GET inbox?max={max} of 500 conversations"), routed);
    }
}

async fn native(user: &str, password: &str, domain: &str, server: &str) -> Client {
    let jid: BareJid = format!("{user}@{domain}").parse().unwrap();
    let mut client = Client::new_plaintext(
        jid,
        password.to_string(),
        DnsConfig::addr(server),
        Timeouts::tight(),
    );
    let online = async { while !matches!(client.next().await, Some(Event::Online { .. })) {} };
    tokio::time::timeout(Duration::from_secs(10), online)
        .await
        .expect("raw client online in time");
    client
        .send_stanza(Presence::available().into())
        .await
        .unwrap();
    client
}
