//! Web Push end to end: SparkWeb's webpush routes, and messages pushed to users with no live
//! stream. Every push goes to `tests/push_receiver.py`, which verifies the VAPID JWT and
//! decrypts the payload with independent implementations (py-vapid, http_ece).

use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{
    Gateway, PushReceiver, jid, native_client, push_component_keeper_config, register_user,
    spawn_gateway,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::message::{Lang, Message};

const WAIT: Duration = Duration::from_secs(10);

/// A call below `…/rest/webpush/`.
async fn call(
    gw: &Gateway,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: impl std::fmt::Display,
) -> reqwest::Response {
    gw.rest(method, &format!("webpush/{path}"), token, body)
        .await
}

async fn subscribe(gw: &Gateway, token: &str, resource: &str, subscription: &Value) -> StatusCode {
    call(
        gw,
        reqwest::Method::PUT,
        &format!("subscribe/{resource}"),
        token,
        subscription.to_string(),
    )
    .await
    .status()
}

/// Puts `contact` into the roster of the user of `token` (only contacts may push to a user).
async fn befriend(gw: &Gateway, token: &str, contact: &str) {
    let item = json!({ "jid": jid(contact) }).to_string();
    let added = gw.rest(reqwest::Method::POST, "roster", token, item).await;
    assert_eq!(added.status(), StatusCode::OK, "{contact} added");
}

/// A logged-in user with one subscription at the receiver: (username, token, endpoint id).
async fn subscribed(
    gw: &Gateway,
    receiver: &PushReceiver,
    prefix: &str,
) -> (String, String, String) {
    let (user, password) = register_user(prefix);
    let token = gw.login(&user, &password).await;
    let (id, subscription) = receiver.subscription().await;
    assert_eq!(
        subscribe(gw, &token, "laptop", &subscription).await,
        StatusCode::OK
    );
    (user, token, id)
}

#[tokio::test]
async fn pushes_are_signed_encrypted_and_carry_a_reply_action() {
    let gw = spawn_gateway().await;
    let receiver = PushReceiver::start().await;
    let (alice, alice_token, endpoint) = subscribed(&gw, &receiver, "pa-").await;
    let (bob, bob_password) = register_user("pb-");
    let bob_token = gw.login(&bob, &bob_password).await;

    let key: Value = call(&gw, reqwest::Method::GET, "vapidkey", &bob_token, "")
        .await
        .json()
        .await
        .unwrap();
    let public_key = key["publicKey"].as_str().unwrap().to_string();
    assert_eq!(
        public_key.len(),
        87,
        "65 bytes, URL-safe base64 without padding"
    );

    // Bob is not in Alice's contacts: he cannot push to her.
    let stranger = call(
        &gw,
        reqwest::Method::POST,
        &format!("message/{alice}"),
        &bob_token,
        "hello, Alice",
    )
    .await;
    assert_eq!(stranger.status(), StatusCode::FORBIDDEN);
    let stranger = call(
        &gw,
        reqwest::Method::POST,
        &format!("notify/{alice}"),
        &bob_token,
        "{}",
    )
    .await;
    assert_eq!(stranger.status(), StatusCode::FORBIDDEN);
    assert!(
        receiver
            .pushes(&endpoint, 1, Duration::from_millis(300))
            .await
            .is_empty()
    );
    befriend(&gw, &alice_token, &bob).await;

    let sent = call(
        &gw,
        reqwest::Method::POST,
        &format!("message/{alice}"),
        &bob_token,
        "hello, Alice",
    )
    .await;
    assert_eq!(sent.status(), StatusCode::OK);
    let pushes = receiver.pushes(&endpoint, 1, WAIT).await;
    assert_eq!(pushes.len(), 1);
    let push = &pushes[0];
    assert_eq!(
        push["vapid_key"],
        public_key.as_str(),
        "signed with the key the browser subscribed with"
    );
    assert_eq!(push["payload"]["body"], "hello, Alice");
    assert_eq!(
        push["payload"]["subject"],
        format!("Message from {}", jid(&bob))
    );
    assert_eq!(push["payload"]["data"], jid(&bob));
    assert_eq!(push["payload"]["actions"][0]["action"], "webpush.message");
    assert_eq!(push["ttl"], "86400");
    assert_eq!(push["urgency"], "normal");
    assert!(push["topic"].as_str().is_some_and(|t| t.len() == 32));

    // notify carries the NotificationEntity as sent; one over Web Push's size is refused.
    let entity =
        json!({"subject": "Build", "body": "green", "requireInteraction": true, "data": "ci"});
    let notified = call(
        &gw,
        reqwest::Method::POST,
        &format!("notify/{alice}"),
        &bob_token,
        entity.to_string(),
    )
    .await;
    assert_eq!(notified.status(), StatusCode::OK);
    let pushes = receiver.pushes(&endpoint, 2, WAIT).await;
    assert_eq!(pushes[1]["payload"]["subject"], "Build");
    assert_eq!(pushes[1]["payload"]["requireInteraction"], true);
    assert_eq!(pushes[1]["urgency"], "high");
    let huge = json!({"subject": "big", "body": "x".repeat(5000)});
    let refused = call(
        &gw,
        reqwest::Method::POST,
        &format!("notify/{alice}"),
        &bob_token,
        huge.to_string(),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"],
        "PayloadTooLarge"
    );

    // Subscribers; a user without a subscription cannot be pushed to; bad subscriptions.
    let listed: Value = call(&gw, reqwest::Method::GET, "subscribers", &bob_token, "")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        listed["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["username"] == alice.as_str())
    );
    let nobody = call(
        &gw,
        reqwest::Method::POST,
        &format!("message/{bob}"),
        &alice_token,
        "hi",
    )
    .await;
    assert_eq!(nobody.status(), StatusCode::NOT_FOUND);
    // Endpoints on the gateway's own network would make it a request forgery tool.
    let (_, good) = receiver.subscription().await;
    let at = |endpoint: &str| json!({"endpoint": endpoint, "keys": good["keys"]});
    for bad in [
        json!({"endpoint": "ftp://x/y", "keys": {"p256dh": "AAAA", "auth": "AAAA"}}),
        json!({"endpoint": "https://push.example/1"}),
        at("http://127.0.0.1:9/push"),
        at("http://10.0.0.1/push"),
        at("http://169.254.169.254/latest/meta-data/"),
        at("http://[::1]/push"),
        at("https://127.0.0.1/push"),
        at("https://localhost/push"),
    ] {
        assert_eq!(
            subscribe(&gw, &alice_token, "phone", &bad).await,
            StatusCode::BAD_REQUEST
        );
    }

    // Subscribing the same resource again replaces the subscription.
    let (replacement, subscription) = receiver.subscription().await;
    assert_eq!(
        subscribe(&gw, &alice_token, "laptop", &subscription).await,
        StatusCode::OK
    );
    call(
        &gw,
        reqwest::Method::POST,
        &format!("message/{alice}"),
        &bob_token,
        "again",
    )
    .await;
    assert_eq!(receiver.pushes(&replacement, 1, WAIT).await.len(), 1);
    assert_eq!(
        receiver.received(&endpoint).await["attempts"],
        2,
        "the replaced one got nothing more"
    );
}

#[tokio::test]
async fn a_message_is_pushed_only_while_no_stream_is_live() {
    let gw = spawn_gateway().await;
    let receiver = PushReceiver::start().await;
    let (alice, alice_token, endpoint) = subscribed(&gw, &receiver, "oa-").await;
    let (bob, bob_password) = register_user("ob-");
    let bob_token = gw.login(&bob, &bob_password).await;

    // With a live stream: the SSE event, no push.
    let mut stream = gw.sse(&alice_token, None).await;
    stream.next_named("onConnect", WAIT).await;
    assert_eq!(
        gw.send_chat(&bob_token, &jid(&alice), "while you watch")
            .await,
        StatusCode::OK
    );
    let event = stream.next_named("chatapi.chat", WAIT).await;
    assert!(event.data.contains("while you watch"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        receiver.received(&endpoint).await["attempts"],
        0,
        "no push beside a live stream"
    );

    // Without one (the session stays open): a push, from REST and from a native client.
    drop(stream);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        gw.send_chat(&bob_token, &jid(&alice), "while you are away")
            .await,
        StatusCode::OK
    );
    let pushes = receiver.pushes(&endpoint, 1, WAIT).await;
    assert_eq!(pushes[0]["payload"]["body"], "while you are away");
    assert_eq!(pushes[0]["payload"]["data"], jid(&bob));

    let (carol, carol_password) = register_user("oc-");
    let mut native = native_client(&carol, &carol_password).await;
    let message = Message::chat(Some(jid(&alice).parse().unwrap()))
        .with_body(Lang::new(), "from a native client".into());
    native.send_stanza(Stanza::Message(message)).await.unwrap();
    let pushes = receiver.pushes(&endpoint, 2, WAIT).await;
    assert_eq!(pushes[1]["payload"]["body"], "from a native client");
    assert_eq!(pushes[1]["payload"]["data"], jid(&carol));

    // The reply action sends the text back as a chat message, from Alice to Carol.
    let action = json!({"action": "webpush.message", "data": jid(&carol), "value": "got it"});
    let replied = call(
        &gw,
        reqwest::Method::POST,
        "action",
        &alice_token,
        action.to_string(),
    )
    .await;
    assert_eq!(replied.status(), StatusCode::OK);
    loop {
        let event = tokio::time::timeout(WAIT, native.next())
            .await
            .expect("the reply in time");
        if let Some(tokio_xmpp::Event::Stanza(Stanza::Message(message))) = event
            && let Some((_, body)) = message.get_best_body_cloned(vec![])
        {
            assert_eq!(body, "got it");
            assert_eq!(message.from.unwrap().to_bare().to_string(), jid(&alice));
            break;
        }
    }
    let unknown = json!({"action": "webpush.dance"});
    let refused = call(
        &gw,
        reqwest::Method::POST,
        "action",
        &alice_token,
        unknown.to_string(),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_gone_subscription_is_removed_and_a_busy_one_retried() {
    let gw = spawn_gateway().await;
    let receiver = PushReceiver::start().await;
    let (alice, alice_token, gone) = subscribed(&gw, &receiver, "ga-").await;
    let (bob, bob_password) = register_user("gb-");
    let bob_token = gw.login(&bob, &bob_password).await;
    befriend(&gw, &alice_token, &bob).await;

    receiver.behave(&gone, json!({"gone": true})).await;
    let sent = call(
        &gw,
        reqwest::Method::POST,
        &format!("message/{alice}"),
        &bob_token,
        "anyone?",
    )
    .await;
    assert_eq!(
        sent.status(),
        StatusCode::NOT_FOUND,
        "the only subscription was gone"
    );
    let again = call(
        &gw,
        reqwest::Method::POST,
        &format!("message/{alice}"),
        &bob_token,
        "anyone?",
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        receiver.received(&gone).await["attempts"],
        1,
        "removed after the 410: not tried again"
    );

    // 429 with Retry-After: 1, then accepted: delivered on the second attempt, a second later.
    let (busy, subscription) = receiver.subscription().await;
    assert_eq!(
        subscribe(&gw, &alice_token, "desk", &subscription).await,
        StatusCode::OK
    );
    receiver.behave(&busy, json!({"answers": [[429, 1]]})).await;
    let started = std::time::Instant::now();
    let sent = call(
        &gw,
        reqwest::Method::POST,
        &format!("message/{alice}"),
        &bob_token,
        "now?",
    )
    .await;
    assert_eq!(sent.status(), StatusCode::OK);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for Retry-After"
    );
    let received = receiver.received(&busy).await;
    assert_eq!(received["attempts"], 2);
    assert_eq!(received["pushes"][0]["payload"]["body"], "now?");
}

#[tokio::test]
async fn a_user_without_a_session_is_reached_through_the_servers_push() {
    let (component, keeper) = push_component_keeper_config();
    let gw = Gateway::builder()
        .keeper(keeper)
        .config(|config| {
            config.push.component = Some(component.parse().expect("the component's JID"));
        })
        .spawn()
        .await;
    let receiver = PushReceiver::start().await;
    // Subscribing enables XEP-0357 on the user's session, toward the gateway's component.
    let (alice, alice_token, endpoint) = subscribed(&gw, &receiver, "xa-").await;
    assert_eq!(gw.logout(&alice_token).await, StatusCode::OK);
    let deadline = std::time::Instant::now() + WAIT;
    while gw.sessions() > 0 {
        assert!(std::time::Instant::now() < deadline, "Alice's session ends");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // A native client writes to her: Prosody keeps it offline and tells the component.
    let (dave, dave_password) = register_user("xd-");
    let mut native = native_client(&dave, &dave_password).await;
    let message = Message::chat(Some(jid(&alice).parse().unwrap()))
        .with_body(Lang::new(), "are you there?".into());
    native.send_stanza(Stanza::Message(message)).await.unwrap();
    let pushes = receiver.pushes(&endpoint, 1, WAIT).await;
    assert_eq!(pushes.len(), 1, "one push, through mod_cloud_notify");
    assert_eq!(pushes[0]["payload"]["body"], "are you there?");
    assert_eq!(pushes[0]["payload"]["data"], jid(&dave));
    assert_eq!(
        pushes[0]["payload"]["actions"][0]["action"],
        "webpush.message"
    );
}

#[tokio::test]
async fn room_messages_are_pushed_on_a_mention_or_where_chosen_never_when_muted() {
    let gw = spawn_gateway().await;
    let receiver = PushReceiver::start().await;
    let (alice, alice_token, endpoint) = subscribed(&gw, &receiver, "ra-").await;
    let (bob, bob_password) = register_user("rb-");
    let bob_token = gw.login(&bob, &bob_password).await;
    let room = tests::unique("pushed-");
    let room_jid = format!("{room}@conference.{}", tests::stack_var("XWG_XMPP_DOMAIN"));
    for token in [&alice_token, &bob_token] {
        let joined = gw
            .rest(
                reqwest::Method::PUT,
                &format!("groupchat/room/{room}"),
                token,
                "",
            )
            .await;
        assert_eq!(joined.status(), StatusCode::OK);
    }
    let post = |text: &str| {
        let (gw, token, room, text) = (&gw, bob_token.clone(), room.clone(), text.to_string());
        async move {
            let posted = gw
                .rest(
                    reqwest::Method::POST,
                    &format!("groupchat/room/{room}"),
                    &token,
                    &text,
                )
                .await;
            assert_eq!(posted.status(), StatusCode::OK, "{text}");
        }
    };
    let choose = |settings: Value| {
        let (gw, token, room_jid) = (&gw, alice_token.clone(), room_jid.clone());
        async move {
            let chosen = gw
                .http
                .put(gw.url(&format!("/sparkweb/api/rest/inbox/{room_jid}")))
                .header("Authorization", token)
                .json(&settings)
                .send()
                .await
                .unwrap();
            assert_eq!(chosen.status(), StatusCode::OK, "{settings}");
        }
    };

    // By default only a message naming Alice (her nickname is her username).
    post("lunch, anyone?").await;
    let mention = format!("{alice}: lunch?");
    post(&mention).await;
    let pushes = receiver.pushes(&endpoint, 1, WAIT).await;
    assert_eq!(pushes[0]["payload"]["body"], mention);
    assert_eq!(pushes[0]["payload"]["data"], format!("{room_jid}/{bob}"));

    // Every message of a room she chose; none of a muted one.
    choose(json!({"notify": "all"})).await;
    post("anyone at all?").await;
    let pushes = receiver.pushes(&endpoint, 2, WAIT).await;
    assert_eq!(pushes[1]["payload"]["body"], "anyone at all?");
    choose(json!({"muted": true})).await;
    post(&mention).await;
    choose(json!({"muted": false})).await;
    post("back again").await;
    let pushes = receiver.pushes(&endpoint, 3, WAIT).await;
    assert_eq!(pushes[2]["payload"]["body"], "back again");
    assert_eq!(
        receiver.received(&endpoint).await["attempts"],
        3,
        "nothing for the first message nor while muted"
    );
}
