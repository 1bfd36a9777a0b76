//! SparkWeb's REST surface beyond login and chat, against real Prosody: roster and presence
//! with a native XMPP client on the other side, chat states and raw stanzas, HTTP upload,
//! private storage, the user's own account and groups, and the OpenAPI document.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{
    Gateway, jid, native_client, next_stanza, ok_json, register_user, spawn_gateway,
    spawn_user_admin_gateway, stack_var,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::chatstates::ChatState;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::{Presence, Show, Type as PresenceType};
use xwg_api::table::ROUTES;
use xwg_core::keeper::Keeper;

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn roster_and_presence_with_a_native_contact() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("ra-");
    let token = gw.login(&alice, &alice_password).await;
    let mut tab = gw.sse(&token, None).await;
    let (carol, carol_password) = register_user("rc-");
    let mut carol_client = native_client(&carol, &carol_password).await;
    let carol_jid = jid(&carol);

    // Add, refuse the same again, read back.
    let item = json!({"jid": carol_jid, "nickname": "Carol", "groups": ["Friends"]}).to_string();
    assert_eq!(
        gw.rest(Method::POST, "roster", &token, &item)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        gw.rest(Method::POST, "roster", &token, &item)
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let roster = ok_json(gw.rest(Method::GET, "roster", &token, "").await).await;
    assert_eq!(roster["roster"][0]["jid"], carol_jid.as_str());
    assert_eq!(roster["roster"][0]["nickname"], "Carol");
    assert_eq!(roster["roster"][0]["groups"], json!(["Friends"]));
    assert_eq!(roster["roster"][0]["show"], "unavailable");

    // Mutual subscription, the native side answering in its own way.
    let subscribe = format!("<presence xmlns='jabber:client' type='subscribe' to='{carol_jid}'/>");
    assert_eq!(
        gw.rest(Method::POST, "xmpp", &token, &subscribe)
            .await
            .status(),
        StatusCode::OK
    );
    next_stanza(&mut carol_client, |s| match s {
        Stanza::Presence(p) if p.type_ == PresenceType::Subscribe => Some(()),
        _ => None,
    })
    .await;
    let mut approve = Presence::new(PresenceType::Subscribed);
    approve.to = Some(jid(&alice).parse().unwrap());
    carol_client.send_stanza(approve.into()).await.unwrap();
    let mut ask = Presence::new(PresenceType::Subscribe);
    ask.to = Some(jid(&alice).parse().unwrap());
    carol_client.send_stanza(ask.into()).await.unwrap();
    // Alice answers Carol's request once it reached her (an answer before it would be a
    // pre-approval, which ejabberd 23.01 does not keep).
    loop {
        let event = tab.next_named("chatapi.subscription", WAIT).await;
        if serde_json::from_str::<Value>(&event.data).unwrap()["type"] == "subscribe" {
            break;
        }
    }
    let approve_back =
        format!("<presence xmlns='jabber:client' type='subscribed' to='{carol_jid}'/>");
    assert_eq!(
        gw.rest(Method::POST, "xmpp", &token, &approve_back)
            .await
            .status(),
        StatusCode::OK
    );

    // Carol's presence, as Alice's session saw it.
    let mut busy = Presence::available().with_show(Show::Dnd);
    busy.set_status("", "in a meeting");
    carol_client.send_stanza(busy.into()).await.unwrap();
    // Once Alice's session has it (the event), and the server's roster push says the
    // subscription is mutual (Alice's answer may be handled after Carol's presence arrives),
    // one read gives both.
    let (mut busy_seen, mut mutual) = (false, false);
    while !(busy_seen && mutual) {
        let event = tab.next(WAIT).await;
        let data: Value = serde_json::from_str(&event.data).unwrap_or_default();
        match event.event.as_str() {
            "chatapi.presence" => busy_seen |= data["show"] == "dnd",
            "chatapi.roster" => {
                mutual |= data["jid"] == carol_jid.as_str() && data["subscription"] == "both"
            }
            _ => {}
        }
    }
    let seen = ok_json(
        gw.rest(Method::GET, &format!("presence/{carol_jid}"), &token, "")
            .await,
    )
    .await;
    assert_eq!(
        seen,
        json!({"username": carol_jid, "show": "dnd", "status": "in a meeting"})
    );
    // Someone who is no contact: not "unavailable" (that would claim to know), but
    // upstream's "unknown".
    let (stranger, _) = register_user("nobody");
    let unknown = ok_json(
        gw.rest(
            Method::GET,
            &format!("presence/{}", jid(&stranger)),
            &token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(unknown["show"], "unknown", "{unknown}");
    let with_presence = ok_json(gw.rest(Method::GET, "presence/roster", &token, "").await).await;
    assert_eq!(with_presence["roster"][0]["show"], "dnd");
    assert_eq!(with_presence["roster"][0]["subscriptionType"], 3);

    // Alice's presence reaches Carol.
    let set = gw
        .rest(Method::POST, "presence?show=away&status=lunch", &token, "")
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    let (show, status) = next_stanza(&mut carol_client, |s| match s {
        Stanza::Presence(p)
            if p.from
                .as_ref()
                .is_some_and(|f| f.to_bare().to_string() == jid(&alice))
                && p.show.is_some() =>
        {
            Some((p.show, p.statuses.values().next().cloned()))
        }
        _ => None,
    })
    .await;
    assert_eq!((show, status.as_deref()), (Some(Show::Away), Some("lunch")));
    let bad = gw
        .rest(Method::POST, "presence?show=sleepy", &token, "")
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // Change and remove the contact.
    let rename = json!({"nickname": "Caro"}).to_string();
    let path = format!("roster/{carol_jid}");
    assert_eq!(
        gw.rest(Method::PUT, &path, &token, &rename).await.status(),
        StatusCode::OK
    );
    let roster = ok_json(gw.rest(Method::GET, "roster", &token, "").await).await;
    assert_eq!(roster["roster"][0]["nickname"], "Caro");
    assert_eq!(roster["roster"][0]["groups"], json!(["Friends"]));
    assert_eq!(
        gw.rest(Method::DELETE, &path, &token, "").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        gw.rest(Method::DELETE, &path, &token, "").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        gw.rest(Method::PUT, &path, &token, &rename).await.status(),
        StatusCode::NOT_FOUND
    );
    let bad_jid = gw
        .rest(Method::DELETE, "roster/not%20a%20jid@", &token, "")
        .await;
    assert_eq!(bad_jid.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn chat_states_and_raw_stanzas_reach_a_native_client() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("ca-");
    let token = gw.login(&alice, &alice_password).await;
    let (carol, carol_password) = register_user("cc-");
    let mut carol_client = native_client(&carol, &carol_password).await;
    let carol_jid = jid(&carol);

    let composing = gw
        .rest(
            Method::POST,
            &format!("chat/chatstate/composing/{carol_jid}"),
            &token,
            "",
        )
        .await;
    assert_eq!(composing.status(), StatusCode::OK);
    let state = next_stanza(&mut carol_client, |s| match s {
        Stanza::Message(m) => m
            .payloads
            .iter()
            .find_map(|p| ChatState::try_from(p.clone()).ok()),
        _ => None,
    })
    .await;
    assert_eq!(state, ChatState::Composing);
    let bad = gw
        .rest(
            Method::POST,
            &format!("chat/chatstate/dancing/{carol_jid}"),
            &token,
            "",
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // A raw message claiming to be from someone else arrives from Alice.
    let raw = format!(
        "<message xmlns='jabber:client' type='chat' to='{carol_jid}' from='mallory@{}'><body>raw hello</body></message>",
        stack_var("XWG_XMPP_DOMAIN")
    );
    assert_eq!(
        gw.rest(Method::POST, "xmpp", &token, &raw).await.status(),
        StatusCode::OK
    );
    let message: Message = next_stanza(&mut carol_client, |s| match s {
        Stanza::Message(m) if m.bodies.values().any(|b| b == "raw hello") => Some(m),
        _ => None,
    })
    .await;
    assert_eq!(message.from.unwrap().to_bare().to_string(), jid(&alice));
    for bad in [
        "<message",
        "<foo xmlns='jabber:client'/>",
        "<message xmlns='urn:other'/>",
    ] {
        assert_eq!(
            gw.rest(Method::POST, "xmpp", &token, bad).await.status(),
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn upload_properties_settings_and_the_openapi_document() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("ua-");
    let token = gw.login(&alice, &alice_password).await;

    // An HTTP upload slot from Prosody's upload service, and the upload through it.
    let slot = ok_json(
        gw.rest(Method::GET, "upload/notes.txt/11", &token, "")
            .await,
    )
    .await;
    // Upstream's names for the same URLs.
    assert_eq!(
        (&slot["put"], &slot["get"]),
        (&slot["putUrl"], &slot["getUrl"])
    );
    let mut put = gw
        .http
        .put(slot["putUrl"].as_str().unwrap())
        .body("hello world");
    for (name, value) in slot["headers"].as_object().unwrap() {
        put = put.header(name, value.as_str().unwrap());
    }
    assert!(put.send().await.unwrap().status().is_success());
    let fetched = gw
        .http
        .get(slot["getUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.text().await.unwrap(), "hello world");
    let empty = gw.rest(Method::GET, "upload/notes.txt/0", &token, "").await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);

    // Meetings and previews are answered plainly.
    for path in ["meet/jitsi/room1", "preview/low/https%3A%2F%2Fexample.org"] {
        let answer = gw.rest(Method::GET, path, &token, "").await;
        assert_eq!(answer.status(), StatusCode::NOT_IMPLEMENTED, "{path}");
    }

    // Client properties live in the server's private storage, shown with who the user is.
    let empty = ok_json(gw.rest(Method::GET, "config/properties", &token, "").await).await;
    assert_eq!(
        empty,
        json!({"domain": stack_var("XWG_XMPP_DOMAIN"), "username": alice, "name": "", "email": "", "groups": []})
    );
    let properties = r#"{"theme":"dark","sound":false}"#;
    assert_eq!(
        gw.rest(Method::POST, "config/properties", &token, properties)
            .await
            .status(),
        StatusCode::OK
    );
    // Upstream's form: a property, and the name (which changes the profile).
    let changes = r#"[{"name":"sound","value":true},{"name":"name","value":"Alice A."}]"#;
    assert_eq!(
        gw.rest(Method::POST, "config/properties", &token, changes)
            .await
            .status(),
        StatusCode::OK
    );
    gw.keeper().end_session(&alice, "a test").await.unwrap();
    let stored = ok_json(gw.rest(Method::GET, "config/properties", &token, "").await).await;
    assert_eq!(
        (&stored["theme"], &stored["sound"], &stored["name"]),
        (&json!("dark"), &json!(true), &json!("Alice A.")),
        "kept on the server, not in the session: {stored}"
    );
    let user = ok_json(gw.user(Some(&token)).await).await;
    assert_eq!(user["name"], "Alice A.");
    // Her groups as upstream lists them: each with its members.
    let group = tests::unique("team-");
    let joined = gw
        .rest(Method::POST, &format!("user/groups/{group}"), &token, "")
        .await;
    assert_eq!(joined.status(), StatusCode::OK);
    let with_group = ok_json(gw.rest(Method::GET, "config/properties", &token, "").await).await;
    assert_eq!(
        with_group["groups"],
        json!([{"group": group, "description": "", "shared": false,
                "members": [{"username": alice, "name": "Alice A.", "email": ""}]}])
    );
    let nonsense = gw
        .rest(Method::POST, "config/properties", &token, "dark mode")
        .await;
    assert_eq!(nonsense.status(), StatusCode::BAD_REQUEST);
    let global = ok_json(gw.rest(Method::GET, "config/global", &token, "").await).await;
    assert_eq!(global["domain"], stack_var("XWG_XMPP_DOMAIN"));

    // The OpenAPI document lists every route of the table.
    let doc: Value = gw
        .http
        .get(gw.url("/sparkweb/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for route in ROUTES {
        for path in route.paths() {
            let operation = &doc["paths"][path][route.method.as_str().to_lowercase()];
            assert_eq!(operation["summary"], route.summary, "{} {path}", route.name);
        }
    }
}

#[tokio::test]
async fn the_user_changes_their_profile_groups_and_deletes_their_account() {
    let gw = spawn_user_admin_gateway("a-user-service-secret", &[]).await;
    let (alice, alice_password) = register_user("da-");
    let token = gw.login(&alice, &alice_password).await;

    let profile = json!({"name": "Alice Liddell", "email": "alice@wonder.land"}).to_string();
    assert_eq!(
        gw.rest(Method::PUT, "user", &token, &profile)
            .await
            .status(),
        StatusCode::OK
    );
    let me = ok_json(gw.user(Some(&token)).await).await;
    assert_eq!(me["name"], "Alice Liddell");
    let found = ok_json(
        gw.rest(Method::GET, "users?search=liddell", &token, "")
            .await,
    )
    .await;
    assert!(
        found["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["username"] == alice.as_str())
    );

    // Groups: existing ones only.
    let group = tests::unique("club-");
    let created = gw
        .http
        .post(gw.url("/plugins/restapi/v1/groups"))
        .header("Authorization", "a-user-service-secret")
        .json(&json!({"name": group}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let join = gw
        .rest(Method::POST, &format!("user/groups/{group}"), &token, "")
        .await;
    assert_eq!(join.status(), StatusCode::OK);
    let groups = ok_json(gw.rest(Method::GET, "user/groups", &token, "").await).await;
    assert_eq!(groups, json!({"groupnames": [group]}));
    let shared = tests::unique("team-");
    let made = gw
        .http
        .post(gw.url("/plugins/restapi/v1/groups"))
        .header("Authorization", "a-user-service-secret")
        .json(&json!({"name": shared, "shared": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::CREATED);
    let refused = gw
        .rest(Method::POST, &format!("user/groups/{shared}"), &token, "")
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "shared groups are for administrators"
    );
    // Leaving a group that does not exist is a 404; joining one makes it (as upstream).
    let unknown = gw
        .rest(
            Method::DELETE,
            "user/groups",
            &token,
            r#"{"groupnames": ["no-such-group-x"]}"#,
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let made = gw
        .rest(
            Method::POST,
            "user/groups",
            &token,
            r#"{"groupnames": ["new-group-x"]}"#,
        )
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let leave = gw
        .rest(
            Method::DELETE,
            "user/groups",
            &token,
            &json!({"groupnames": [group, "new-group-x"]}).to_string(),
        )
        .await;
    assert_eq!(leave.status(), StatusCode::OK);
    let groups = ok_json(gw.rest(Method::GET, "user/groups", &token, "").await).await;
    assert_eq!(groups, json!({"groupnames": []}));

    // Deleting the account: gone on the server, and the token stops working.
    assert_eq!(
        gw.rest(Method::DELETE, "user", &token, "").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        gw.try_login(&alice, &alice_password).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        gw.user(Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn chat_history_comes_from_the_archive() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("ha-");
    let alice_token = gw.login(&alice, &alice_password).await;
    let mut alice_tab = gw.sse(&alice_token, None).await;
    let (bob, bob_password) = register_user("hb-");
    let bob_token = gw.login(&bob, &bob_password).await;
    let (carol, carol_password) = register_user("hc-");
    let mut carol_client = native_client(&carol, &carol_password).await;
    for text in ["one", "two", "three"] {
        assert_eq!(
            gw.send_chat(&bob_token, &jid(&alice), text).await,
            StatusCode::OK
        );
    }
    let from_carol = Message::chat(Some(jid(&alice).parse().unwrap())).with_body(
        tokio_xmpp::parsers::message::Lang::new(),
        "from carol".into(),
    );
    carol_client
        .send_stanza(Stanza::Message(from_carol))
        .await
        .unwrap();
    assert_eq!(
        gw.send_chat(&alice_token, &jid(&bob), "reply").await,
        StatusCode::OK
    );

    // Once the four incoming messages have reached Alice's stream, the archive has them
    // (her own reply went out on the session her archive queries use).
    for _ in 0..4 {
        alice_tab.next_named("chatapi.chat", WAIT).await;
    }
    let with_bob = ok_json(
        gw.rest(
            Method::GET,
            &format!("chat/messages?to={bob}"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(
        tests::archive_bodies(&with_bob),
        ["one", "two", "three", "reply"]
    );
    assert_eq!(
        with_bob["conversations"][0]["participantList"],
        json!([jid(&alice), jid(&bob)])
    );
    assert_eq!(with_bob["conversations"][0]["messageCount"], 4);
    let all = ok_json(
        gw.rest(Method::GET, "chat/messages", &alice_token, "")
            .await,
    )
    .await;
    assert_eq!(all["conversations"].as_array().unwrap().len(), 2);
    assert_eq!(tests::archive_bodies(&all).len(), 5);
    let found = ok_json(
        gw.rest(
            Method::GET,
            &format!("chat/messages?to={bob}&keywords=TWO"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(tests::archive_bodies(&found), ["two"]);

    // Paging through the archive.
    let first = ok_json(
        gw.rest(
            Method::GET,
            &format!("chat/messages?to={bob}&max=3"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(tests::archive_bodies(&first), ["one", "two", "three"]);
    let after = first["last"].as_str().expect("a next page").to_string();
    let second = ok_json(
        gw.rest(
            Method::GET,
            &format!("chat/messages?to={bob}&max=3&after={after}"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(tests::archive_bodies(&second), ["reply"]);
    assert!(second.get("last").is_none());

    let later = ok_json(
        gw.rest(
            Method::GET,
            "chat/messages?start=2999-01-01T00:00:00Z",
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(later["conversations"], json!([]));
    let bad = gw
        .rest(
            Method::GET,
            "chat/messages?start=yesterday",
            &alice_token,
            "",
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pubsub_nodes_items_subscribers_and_pep() {
    let gw = spawn_gateway().await;
    // Who may create nodes on the pubsub service is the server's policy: Prosody's admins
    // only; ejabberd's local users (`pubsub_createnode: local`).
    let (admin, admin_password) = tests::server_admin();
    let owner = gw.login(&admin, &admin_password).await;
    let (alice, alice_password) = register_user("pa-");
    let alice_token = gw.login(&alice, &alice_password).await;
    let (bob, bob_password) = register_user("pb-");
    let bob_token = gw.login(&bob, &bob_password).await;
    let node = tests::unique("news-");
    let create = format!("pubsub/create/{node}");

    let alices = tests::unique("pubsub/create/alices-");
    let by_alice = gw.rest(Method::POST, &alices, &alice_token, "");
    let expected = if tests::on_ejabberd() {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    };
    assert_eq!(by_alice.await.status(), expected);
    assert_eq!(
        gw.rest(Method::POST, &create, &owner, "").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        gw.rest(Method::POST, &create, &owner, "").await.status(),
        StatusCode::CONFLICT
    );
    let nodes = ok_json(gw.rest(Method::GET, "pubsub/nodes", &bob_token, "").await).await;
    assert!(
        nodes["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == node.as_str())
    );

    let mut bob_stream = gw.sse(&bob_token, None).await;
    let subscribe = format!("pubsub/subscribe/{node}");
    assert_eq!(
        gw.rest(Method::POST, &subscribe, &bob_token, "")
            .await
            .status(),
        StatusCode::OK
    );
    let subscribers_path = format!("pubsub/subscribers/{node}");
    let subscribers = ok_json(gw.rest(Method::GET, &subscribers_path, &owner, "").await).await;
    assert_eq!(subscribers["users"][0]["username"], jid(&bob));
    assert_eq!(subscribers["users"][0]["subscription"], "subscribed");
    let not_owner = gw
        .rest(Method::GET, &subscribers_path, &bob_token, "")
        .await;
    assert_eq!(not_owner.status(), StatusCode::FORBIDDEN);

    let publish = format!("pubsub/publish/{node}");
    let item = "<entry xmlns='urn:example:news'>Launch day</entry>";
    assert_eq!(
        gw.rest(Method::POST, &publish, &owner, item).await.status(),
        StatusCode::OK
    );
    loop {
        let event = bob_stream.next_named("chatapi.xmpp", WAIT).await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        use base64::Engine;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(data["xmpp"].as_str().unwrap())
            .unwrap();
        if String::from_utf8_lossy(&raw).contains("Launch day") {
            break;
        }
    }
    let not_xml = gw.rest(Method::POST, &publish, &owner, "plain text").await;
    assert_eq!(not_xml.status(), StatusCode::BAD_REQUEST);
    let missing = gw
        .rest(
            Method::POST,
            &format!("pubsub/publish/{}", tests::unique("none-")),
            &owner,
            item,
        )
        .await;
    // A node that does not exist: 404, unless the service creates nodes on publish
    // (`pubsub#auto-create`, XEP-0060 §7.1.4: ejabberd does, Prosody does not).
    let expected = if tests::on_ejabberd() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    assert_eq!(missing.status(), expected);

    let mood = tests::unique("mood-");
    let pep = gw
        .rest(
            Method::POST,
            &format!("pep/publish/{mood}"),
            &alice_token,
            "<mood xmlns='urn:example:mood'>happy</mood>",
        )
        .await;
    assert_eq!(pep.status(), StatusCode::OK);
    let own = ok_json(gw.rest(Method::GET, "pep/nodes", &alice_token, "").await).await;
    assert!(
        own["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == mood.as_str()),
        "{own}"
    );
}

#[tokio::test]
async fn room_bookmarks_live_where_the_server_keeps_them() {
    let gw = spawn_gateway().await;
    // XEP-0402 where the account announces it with XEP-0048 sync (`#compat`): Prosody does;
    // ejabberd 23.01 does not (and refuses XEP-0402's publish options), so XEP-0048 there.
    bookmark_scenario(&gw, !tests::on_ejabberd()).await;
}

#[tokio::test]
async fn room_bookmarks_in_xep_0048_private_storage() {
    let gw = Gateway::builder()
        .config(|config| config.bookmarks = xwg_api::config::BookmarkStorage::Private)
        .spawn()
        .await;
    bookmark_scenario(&gw, false).await;
}

/// Bookmarks through every route; `pep`: also read back natively from XEP-0402's node.
async fn bookmark_scenario(gw: &Gateway, pep: bool) {
    let (alice, alice_password) = register_user("ba-");
    let token = gw.login(&alice, &alice_password).await;
    let room = format!(
        "{}@conference.{}",
        tests::unique("club-"),
        stack_var("XWG_XMPP_DOMAIN")
    );

    let empty = ok_json(gw.rest(Method::GET, "bookmarks", &token, "").await).await;
    assert_eq!(empty, json!({"bookmarks": []}));
    let bookmark = json!({"type": "group_chat", "name": "The Club", "value": room,
                          "properties": [{"key": "autojoin", "value": "true"}]});
    let created = ok_json(
        gw.rest(Method::POST, "bookmark", &token, &bookmark.to_string())
            .await,
    )
    .await;
    let id = created["bookmarkID"].as_u64().unwrap();
    assert_eq!(created["name"], "The Club");
    let again = gw
        .rest(Method::POST, "bookmark", &token, &bookmark.to_string())
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let url = json!({"type": "url", "name": "Docs", "value": "https://example.org"});
    assert_eq!(
        gw.rest(Method::POST, "bookmark", &token, &url.to_string())
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );

    // A native client of the same account finds it where XEP-0402 keeps it.
    if pep {
        let mut native = native_client(&alice, &alice_password).await;
        let items = tokio_xmpp::parsers::pubsub::pubsub::PubSub::Items(
            tokio_xmpp::parsers::pubsub::pubsub::Items {
                max_items: None,
                node: tokio_xmpp::parsers::pubsub::NodeName("urn:xmpp:bookmarks:1".into()),
                subid: None,
                items: Vec::new(),
            },
        );
        let token_iq = native
            .send_iq(None, tokio_xmpp::IqRequest::Get(items.into()))
            .await;
        let answer = tokio::time::timeout(WAIT, token_iq).await.unwrap().unwrap();
        let tokio_xmpp::IqResponse::Result(Some(payload)) = answer else {
            panic!("no items")
        };
        let xml = String::from(&payload);
        assert!(
            xml.contains(&format!("id='{room}'")) && xml.contains("autojoin='true'"),
            "{xml}"
        );
    }

    // By id: read, rename, properties, delete.
    let path = format!("bookmark/{id}");
    let one = ok_json(gw.rest(Method::GET, &path, &token, "").await).await;
    assert_eq!(one["value"], room.as_str());
    let renamed = ok_json(
        gw.rest(Method::PUT, &path, &token, r#"{"name": "Club 2"}"#)
            .await,
    )
    .await;
    assert_eq!(renamed["name"], "Club 2");
    let with_nick = ok_json(
        gw.rest(Method::POST, &format!("{path}/nick"), &token, "ally")
            .await,
    )
    .await;
    assert!(
        with_nick["properties"]
            .as_array()
            .unwrap()
            .contains(&json!({"key": "nick", "value": "ally"}))
    );
    let bad = gw
        .rest(Method::POST, &format!("{path}/colour"), &token, "red")
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let without = ok_json(
        gw.rest(Method::DELETE, &format!("{path}/autojoin"), &token, "")
            .await,
    )
    .await;
    assert!(
        without["properties"]
            .as_array()
            .unwrap()
            .contains(&json!({"key": "autojoin", "value": "false"}))
    );
    assert_eq!(
        gw.rest(Method::DELETE, &path, &token, "").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        gw.rest(Method::GET, &path, &token, "").await.status(),
        StatusCode::NOT_FOUND
    );
    let listed = ok_json(gw.rest(Method::GET, "bookmarks", &token, "").await).await;
    assert_eq!(listed, json!({"bookmarks": []}));
}
