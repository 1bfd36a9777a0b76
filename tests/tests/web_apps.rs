//! What a web app written for upstream SparkWeb relies on: tokens that live with the login,
//! presence subscriptions through routes (and upstream's accept-all as an option), and
//! carbons of the user's other devices — against real Prosody and native XMPP clients.

use std::time::Duration;

use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{Gateway, jid, register_user, spawn_gateway};
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::message::{Lang, Message};
use tokio_xmpp::parsers::presence::{Presence, Show, Type as PresenceType};
use tokio_xmpp::parsers::roster::Roster;
use tokio_xmpp::{Client, Event, Stanza};

const WAIT: Duration = Duration::from_secs(10);

fn data(event: &eventsource_stream::Event) -> Value {
    serde_json::from_str(&event.data).expect("event data is JSON")
}

async fn refresh(gw: &Gateway, refresh_token: &str) -> Value {
    let response = gw
        .http
        .post(gw.url("/sparkweb/api/rest/token/refresh"))
        .json(&json!({ "refreshToken": refresh_token }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "refresh");
    response.json().await.unwrap()
}

#[tokio::test]
async fn an_upstream_client_outlives_the_access_token_lifetime_until_its_login_ends() {
    let gw = Gateway::builder()
        .config(|config| {
            config.tokens.lifetime = Duration::from_secs(2);
        })
        .spawn()
        .await;
    let (name, password) = register_user("upstream");
    let login: Value = gw.try_login(&name, &password).await.json().await.unwrap();
    let token = login["token"].as_str().unwrap();

    // Past the access-token lifetime, the login's own token (no refresh) still works…
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        gw.user(Some(token)).await.status(),
        200,
        "the login's token lives with it"
    );
    // …while a refreshed token is a short one, for apps that refresh.
    let next = refresh(&gw, login["refreshToken"].as_str().unwrap()).await;
    let short = next["token"].as_str().unwrap();
    assert_eq!(gw.user(Some(short)).await.status(), 200);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        gw.user(Some(short)).await.status(),
        401,
        "refreshed tokens are short"
    );
    assert_eq!(gw.user(Some(token)).await.status(), 200);

    // A password on every call (upstream's Basic auth) is refused with what to do instead.
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{name}:{password}")
        )
    );
    let refused = gw.user(Some(&basic)).await;
    assert_eq!(refused.status(), 401);
    assert!(refused.text().await.unwrap().contains("log in once"));

    // Ending the login ends its long token too.
    assert_eq!(gw.logout(token).await, 200);
    assert_eq!(
        gw.user(Some(token)).await.status(),
        401,
        "a revoked login's token is refused"
    );
}

/// A native XMPP client of a fresh account that asked for its roster (so that subscription
/// requests reach it, RFC 6121 §2.1.6), and its bare JID.
async fn native(prefix: &str) -> (String, BareJid, Client) {
    let (name, password) = register_user(prefix);
    let mut client = tests::native_client(&name, &password).await;
    let roster = Roster {
        ver: None,
        items: Vec::new(),
    };
    let get = Iq::from_get("roster", roster);
    client.send_stanza(get.into()).await.unwrap();
    tests::next_stanza(&mut client, |stanza| match stanza {
        Stanza::Iq(iq) if iq.id() == "roster" => Some(()),
        _ => None,
    })
    .await;
    (name.clone(), jid(&name).parse().unwrap(), client)
}

/// The next presence the native client receives of the given type from `from`.
async fn presence_of(client: &mut Client, kind: PresenceType, from: &BareJid) -> Presence {
    tests::next_stanza(client, |stanza| match stanza {
        Stanza::Presence(p)
            if p.type_ == kind && p.from.as_ref().is_some_and(|f| f.to_bare() == *from) =>
        {
            Some(p)
        }
        _ => None,
    })
    .await
}

async fn send_presence(client: &mut Client, kind: PresenceType, to: &BareJid) {
    let mut presence = Presence::new(kind);
    presence.to = Some(Jid::from(to.clone()));
    client.send_stanza(presence.into()).await.unwrap();
}

/// The next `chatapi.presence` of `user`'s that `wanted` accepts.
async fn presence_from(
    stream: &mut tests::SseClient,
    user: &str,
    wanted: impl Fn(&Value) -> bool,
) -> Value {
    loop {
        let presence = data(&stream.next_named("chatapi.presence", WAIT).await);
        let from = presence["from"].as_str().unwrap_or_default();
        if from.starts_with(&jid(user)) && wanted(&presence) {
            return presence;
        }
    }
}

async fn roster_item(gw: &Gateway, token: &str, contact: &str) -> Value {
    let roster = tests::ok_json(gw.rest(Method::GET, "roster", token, "").await).await;
    roster["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["jid"] == contact)
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn subscriptions_both_ways_through_the_routes_then_presence_flows() {
    let gw = spawn_gateway().await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    let alice_jid: BareJid = jid(&alice).parse().unwrap();
    let mut stream = gw.sse(&token, None).await;
    let (bob, bob_jid, mut bob_client) = native("bob").await;

    // Alice adds Bob asking to see his presence (1: to): Bob is asked.
    let item = json!({"jid": jid(&bob), "nickname": "Bob", "subscriptionType": 1});
    let added = gw.rest(Method::POST, "roster", &token, item).await;
    assert_eq!(added.status(), 200);
    presence_of(&mut bob_client, PresenceType::Subscribe, &alice_jid).await;

    // Bob asks too: Alice's app sees the request as an event and in the list.
    send_presence(&mut bob_client, PresenceType::Subscribe, &alice_jid).await;
    let request = stream.next_named("chatapi.subscription", WAIT).await;
    assert_eq!(data(&request)["type"], "subscribe");
    assert_eq!(data(&request)["from"], jid(&bob));
    let waiting = tests::ok_json(gw.rest(Method::GET, "roster/requests", &token, "").await).await;
    assert_eq!(waiting["requests"][0]["jid"], jid(&bob), "{waiting}");

    // Alice approves; Bob approves hers. Both see each other's presence from now on.
    let approve = format!("roster/{bob}/subscription/approve");
    assert_eq!(
        gw.rest(Method::POST, &approve, &token, "").await.status(),
        200
    );
    presence_of(&mut bob_client, PresenceType::Subscribed, &alice_jid).await;
    let after = tests::ok_json(gw.rest(Method::GET, "roster/requests", &token, "").await).await;
    assert_eq!(
        after["requests"],
        json!([]),
        "an answered request is off the list"
    );
    send_presence(&mut bob_client, PresenceType::Subscribed, &alice_jid).await;

    // Bob's presence as his approval brings it: plain availability, in Smack's words in
    // the event and in the roster alike.
    let available = presence_from(&mut stream, &bob, |p| p["presence"] == "available").await;
    assert_eq!(available["show"], "available");
    assert_eq!(
        roster_item(&gw, &token, &jid(&bob)).await["show"],
        "available"
    );

    let mut away = Presence::available();
    away.show = Some(Show::Away);
    away.set_status("", "lunch");
    bob_client.send_stanza(away.into()).await.unwrap();
    let away = presence_from(&mut stream, &bob, |p| p["show"] == "away").await;
    assert_eq!(away["status"], "lunch");
    assert_eq!(
        roster_item(&gw, &token, &jid(&bob)).await["subscriptionType"],
        3,
        "both"
    );
    let seen = tests::ok_json(
        gw.rest(Method::GET, &format!("presence/{bob}"), &token, "")
            .await,
    )
    .await;
    assert_eq!(
        seen,
        json!({"username": bob, "show": "away", "status": "lunch"})
    );

    // Alice cancels her subscription: Bob is told.
    let cancel = format!("roster/{bob}/subscription/cancel");
    assert_eq!(
        gw.rest(Method::POST, &cancel, &token, "").await.status(),
        200
    );
    presence_of(&mut bob_client, PresenceType::Unsubscribe, &alice_jid).await;

    // Nonsense is refused plainly.
    let odd = gw
        .rest(
            Method::POST,
            &format!("roster/{bob}/subscription/maybe"),
            &token,
            "",
        )
        .await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);
    let remove = json!({"jid": jid(&bob_jid.to_string()), "subscriptionType": -1});
    assert_eq!(
        gw.rest(Method::POST, "roster", &token, remove)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn accept_all_sessions_approve_requests_themselves() {
    let gw = Gateway::builder()
        .config(|config| {
            config.xmpp.accept_all_subscriptions = true;
        })
        .spawn()
        .await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    let alice_jid: BareJid = jid(&alice).parse().unwrap();
    let mut stream = gw.sse(&token, None).await;
    stream.next_named("onConnect", WAIT).await;
    let (_, _, mut bob_client) = native("bob").await;
    send_presence(&mut bob_client, PresenceType::Subscribe, &alice_jid).await;
    presence_of(&mut bob_client, PresenceType::Subscribed, &alice_jid).await;
}

#[tokio::test]
async fn messages_of_the_users_other_devices_arrive_as_carbons() {
    let gw = spawn_gateway().await;
    let (alice, password) = register_user("alice");
    let token = gw.login(&alice, &password).await;
    let mut stream = gw.sse(&token, None).await;
    stream.next_named("onConnect", WAIT).await;
    // Carbons are enabled as the session's stream opens, before any request on it: once a
    // roster query came back, the server has the enable too.
    assert_eq!(
        gw.rest(Method::GET, "roster", &token, "").await.status(),
        200
    );

    let mut phone = tests::native_client(&alice, &password).await;
    let (bob, _, mut bob_client) = native("bob").await;
    let to_bob = Message::chat(Some(jid(&bob).parse().unwrap()))
        .with_body(Lang::new(), "from my phone".into());
    phone.send_stanza(to_bob.into()).await.unwrap();
    let sent = data(&stream.next_named("chatapi.chat", WAIT).await);
    assert_eq!(
        (sent["carbon"].as_str(), sent["body"].as_str()),
        (Some("sent"), Some("from my phone")),
        "{sent}"
    );
    assert!(
        sent["to"].as_str().unwrap().starts_with(&jid(&bob)),
        "{sent}"
    );

    // Bob answers the phone's resource only: the web app gets a received carbon.
    let phone_jid = loop {
        if let Some(Event::Stanza(Stanza::Message(m))) = bob_client.next().await
            && m.bodies.values().any(|b| b == "from my phone")
        {
            break m.from.unwrap();
        }
    };
    let reply = Message::chat(Some(phone_jid)).with_body(Lang::new(), "to your phone".into());
    bob_client.send_stanza(reply.into()).await.unwrap();
    let received = data(&stream.next_named("chatapi.chat", WAIT).await);
    assert_eq!(
        (received["carbon"].as_str(), received["body"].as_str()),
        (Some("received"), Some("to your phone")),
        "{received}"
    );
}

#[tokio::test]
async fn upstreams_payload_conventions_are_accepted() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("alice");
    let alice_token = gw.login(&alice, &alice_password).await;
    let (bob, bob_password) = register_user("bob");
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut bob_stream = gw.sse(&bob_token, None).await;
    bob_stream.next_named("onConnect", WAIT).await;

    // A JSON chat body: the text as the body, `data` carried along and surfaced.
    let sent = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/chat/message/{bob}")))
        .header("Authorization", &alice_token)
        .json(&json!({"body": "vote?", "data": {"poll": ["yes", "no"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let chat = data(&bob_stream.next_named("chatapi.chat", WAIT).await);
    assert_eq!(
        (&chat["body"], &chat["data"]),
        (&json!("vote?"), &json!({"poll": ["yes", "no"]}))
    );

    // `data` alone (no text) is upstream's `chatapi.notify {type: "notify", to, from, data}`.
    let data_only = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/chat/message/{bob}")))
        .header("Authorization", &alice_token)
        .json(&json!({"data": {"reaction": "+1"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(data_only.status(), 200);
    let notify = data(&bob_stream.next_named("chatapi.notify", WAIT).await);
    assert_eq!(
        (&notify["type"], &notify["data"], notify.get("body")),
        (&json!("notify"), &json!({"reaction": "+1"}), None)
    );
    assert!(
        notify["from"].as_str().unwrap().starts_with(&jid(&alice)),
        "{notify}"
    );

    // A stanza without xmlns is a jabber:client one.
    let raw = format!(
        "<message to='{}' type='chat'><body>raw</body></message>",
        jid(&bob)
    );
    assert_eq!(
        gw.rest(Method::POST, "xmpp", &alice_token, raw)
            .await
            .status(),
        200
    );
    let chat = data(&bob_stream.next_named("chatapi.chat", WAIT).await);
    assert_eq!(chat["body"], "raw");

    // A JSON item for a PEP node.
    let node = tests::unique("urn:example:state:");
    let published = gw
        .rest(
            Method::POST,
            &format!("pep/publish/{node}"),
            &alice_token,
            r#"{"mood": "fine"}"#,
        )
        .await;
    assert_eq!(published.status(), 200);
    let nodes = tests::ok_json(gw.rest(Method::GET, "pep/nodes", &alice_token, "").await).await;
    assert!(
        nodes["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == node.as_str()),
        "{nodes}"
    );
    let broken = gw
        .rest(
            Method::POST,
            &format!("pep/publish/{node}"),
            &alice_token,
            "{mood",
        )
        .await;
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);

    // Upstream's dates (MM/dd/yy, `yy` as Java reads it: 45 is 2045, 99 would be 1999) as
    // well as ISO 8601.
    let since = gw
        .rest(
            Method::GET,
            "chat/messages?start=01/01/20",
            &alice_token,
            "",
        )
        .await;
    let page = tests::ok_json(since).await;
    assert_eq!(
        page["conversations"][0]["messages"][0]["body"], "vote?",
        "{page}"
    );
    let future = tests::ok_json(
        gw.rest(
            Method::GET,
            "chat/messages?start=01/01/45",
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(future["conversations"], json!([]));
    let nonsense = gw
        .rest(
            Method::GET,
            "chat/messages?start=02/30/20",
            &alice_token,
            "",
        )
        .await;
    assert_eq!(nonsense.status(), StatusCode::BAD_REQUEST);

    // Joining a group nobody made yet makes it.
    let group = tests::unique("team-");
    assert_eq!(
        gw.rest(
            Method::POST,
            &format!("user/groups/{group}"),
            &alice_token,
            ""
        )
        .await
        .status(),
        200
    );
    let groups = tests::ok_json(gw.rest(Method::GET, "user/groups", &alice_token, "").await).await;
    assert_eq!(groups["groupnames"], json!([group]));
    // …and it goes with its last member; names that show nothing are refused; a user is in
    // at most 100 groups.
    let leave = format!("user/groups/{group}");
    assert_eq!(
        gw.rest(Method::DELETE, &leave, &alice_token, "")
            .await
            .status(),
        200
    );
    assert_eq!(
        gw.rest(Method::DELETE, &leave, &alice_token, "")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let invisible = gw
        .rest(
            Method::POST,
            "user/groups/%E2%80%8B%E2%80%8B",
            &alice_token,
            "",
        )
        .await;
    assert_eq!(invisible.status(), StatusCode::BAD_REQUEST);
    let hundred: Vec<String> = (0..100).map(|i| format!("{group}-{i}")).collect();
    let body = json!({ "groupnames": hundred }).to_string();
    assert_eq!(
        gw.rest(Method::POST, "user/groups", &alice_token, body)
            .await
            .status(),
        200
    );
    let one_more = gw
        .rest(
            Method::POST,
            &format!("user/groups/{group}-x"),
            &alice_token,
            "",
        )
        .await;
    assert_eq!(one_more.status(), StatusCode::CONFLICT);

    // A room's occupants, for someone not in it: what the room lists by disco (Prosody
    // lists none: XEP-0045 leaves that to the room), rather than a refusal; no such room: 404.
    let room = tests::unique("lobby");
    assert_eq!(
        gw.rest(
            Method::PUT,
            &format!("groupchat/room/{room}"),
            &alice_token,
            ""
        )
        .await
        .status(),
        200
    );
    let occupants = gw
        .rest(
            Method::GET,
            &format!("groupchat/room/{room}/occupants"),
            &bob_token,
            "",
        )
        .await;
    // What a room lists to a non-occupant is the room's choice (XEP-0045 §6.5): Prosody
    // lists none, ejabberd its occupants' room JIDs.
    let listed = tests::ok_json(occupants).await["occupants"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(listed, usize::from(tests::on_ejabberd()));
    let nowhere = format!("groupchat/room/{}/occupants", tests::unique("nowhere"));
    assert_eq!(
        gw.rest(Method::GET, &nowhere, &bob_token, "")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// The show of the next available presence of `from` the native client receives (within
/// the time a closed page takes to be noticed and the away delay to pass).
async fn next_show_of(client: &mut Client, from: &BareJid) -> Option<Show> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let event = tokio::time::timeout_at(deadline, client.next())
            .await
            .expect("a presence in time");
        if let Some(Event::Stanza(Stanza::Presence(p))) = event
            && p.type_ == PresenceType::None
            && p.from.as_ref().is_some_and(|f| f.to_bare() == *from)
        {
            return p.show;
        }
    }
}

#[tokio::test]
async fn contacts_see_the_user_away_once_no_page_is_open_and_back_with_a_page() {
    let keeper = xwg_core::config::KeeperConfig {
        away_after: Duration::from_secs(1),
        ..tests::keeper_config(Duration::from_secs(600))
    };
    let gw = Gateway::builder().keeper(keeper).spawn().await;
    let (alice, password) = register_user("away");
    let token = gw.login(&alice, &password).await;
    let alice_jid: BareJid = jid(&alice).parse().unwrap();
    let mut stream = gw.sse(&token, None).await;
    let (bob, _, mut bob_client) = native("watcher").await;

    // Bob asks to see Alice's presence; her app approves: Bob sees her there.
    send_presence(&mut bob_client, PresenceType::Subscribe, &alice_jid).await;
    stream.next_named("chatapi.subscription", WAIT).await;
    let approve = format!("roster/{bob}/subscription/approve");
    assert_eq!(
        gw.rest(Method::POST, &approve, &token, "").await.status(),
        200
    );
    assert_eq!(
        next_show_of(&mut bob_client, &alice_jid).await,
        None,
        "there"
    );

    // Her last page closes: after a while Bob sees her away; a page again: there.
    drop(stream);
    assert_eq!(
        next_show_of(&mut bob_client, &alice_jid).await,
        Some(Show::Away)
    );
    let _page = gw.sse(&token, None).await;
    assert_eq!(
        next_show_of(&mut bob_client, &alice_jid).await,
        None,
        "back"
    );
}
