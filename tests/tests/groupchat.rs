//! Group chat (XEP-0045) through the gateway against Prosody's MUC, with a native XMPP
//! client in the room: joining (and creating), posting both ways, invitations, occupants,
//! room discovery and the room's archive.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tests::{
    Gateway, jid, native_client, next_stanza, ok_json, register_user, spawn_gateway, stack_var,
    unique,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};
use tokio_xmpp::parsers::muc::muc::Muc;
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};

const WAIT: Duration = Duration::from_secs(10);

/// A call below `…/rest/groupchat/`.
async fn call(
    gw: &Gateway,
    method: Method,
    path: &str,
    token: &str,
    body: &str,
) -> reqwest::Response {
    gw.rest(method, &format!("groupchat/{path}"), token, body)
        .await
}

#[tokio::test]
async fn a_room_shared_with_a_native_client() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("ga-");
    let alice_token = gw.login(&alice, &alice_password).await;
    let (bob, bob_password) = register_user("gb-");
    let bob_token = gw.login(&bob, &bob_password).await;
    let (carol, carol_password) = register_user("gc-");
    let mut carol_client = native_client(&carol, &carol_password).await;
    let room = unique("room-");
    let room_jid = format!("{room}@conference.{}", stack_var("XWG_XMPP_DOMAIN"));
    let mut alice_stream = gw.sse(&alice_token, None).await;
    let mut bob_stream = gw.sse(&bob_token, None).await;

    // Alice creates the room by joining it; joining again is fine.
    assert_eq!(
        call(&gw, Method::PUT, &format!("room/{room}"), &alice_token, "")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        call(&gw, Method::PUT, &format!("room/{room}"), &alice_token, "")
            .await
            .status(),
        StatusCode::OK
    );

    // Carol joins natively.
    let mut join = Presence::available().with_payloads(vec![Muc::new().into()]);
    join.to = Some(format!("{room_jid}/carol").parse().unwrap());
    carol_client.send_stanza(join.into()).await.unwrap();
    next_stanza(&mut carol_client, |s| match s {
        Stanza::Presence(p)
            if p.from
                .as_ref()
                .is_some_and(|f| f.to_string() == format!("{room_jid}/carol")) =>
        {
            Some(())
        }
        _ => None,
    })
    .await;

    // Once Alice's session has seen Carol arrive, one read lists both.
    loop {
        let event = alice_stream.next_named("chatapi.presence", WAIT).await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        if data["from"] == format!("{room_jid}/carol") {
            break;
        }
    }
    let occupants = ok_json(
        call(
            &gw,
            Method::GET,
            &format!("room/{room}/occupants"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(occupants["occupants"].as_array().unwrap().len(), 2);
    let me = occupants["occupants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["jid"] == format!("{room_jid}/{alice}"))
        .unwrap()
        .clone();
    assert_eq!(
        (me["role"].as_str(), me["affiliation"].as_str()),
        (Some("moderator"), Some("owner"))
    );
    let participants = ok_json(
        call(
            &gw,
            Method::GET,
            &format!("room/{room}/participants"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    assert_eq!(participants["participants"].as_array().unwrap().len(), 2);

    // Messages both ways.
    assert_eq!(
        call(
            &gw,
            Method::POST,
            &format!("room/{room}"),
            &alice_token,
            "hello room"
        )
        .await
        .status(),
        StatusCode::OK
    );
    let from = next_stanza(&mut carol_client, |s| match s {
        Stanza::Message(m)
            if m.type_ == MessageType::Groupchat
                && m.bodies.values().any(|b| b == "hello room") =>
        {
            m.from
        }
        _ => None,
    })
    .await;
    assert_eq!(from.to_string(), format!("{room_jid}/{alice}"));
    let reply = Message::groupchat(Some(room_jid.parse().unwrap()))
        .with_body(Lang::new(), "hi alice".into());
    carol_client
        .send_stanza(Stanza::Message(reply))
        .await
        .unwrap();
    loop {
        let event = alice_stream.next_named("chatapi.muc", WAIT).await;
        let data: Value = serde_json::from_str(&event.data).unwrap();
        if data["body"] == "hi alice" {
            assert_eq!(data["from"], format!("{room_jid}/carol"));
            break;
        }
    }

    // An invitation reaches Bob's stream.
    let invited = call(
        &gw,
        Method::POST,
        &format!("room/{room}/{}", jid(&bob)),
        &alice_token,
        "join us",
    )
    .await;
    assert_eq!(invited.status(), StatusCode::OK);
    let event = bob_stream.next_named("chatapi.muc", WAIT).await;
    let data: Value = serde_json::from_str(&event.data).unwrap();
    assert_eq!(
        (data["type"].as_str(), data["room"].as_str()),
        (Some("invitationReceived"), Some(room_jid.as_str()))
    );
    // Bob is not in the room: he cannot post to it or list it.
    assert_eq!(
        call(
            &gw,
            Method::POST,
            &format!("room/{room}"),
            &bob_token,
            "me too"
        )
        .await
        .status(),
        StatusCode::CONFLICT
    );

    // Discovery and the room's archive.
    let rooms = ok_json(
        call(
            &gw,
            Method::GET,
            &format!("rooms?search={room}"),
            &bob_token,
            "",
        )
        .await,
    )
    .await;
    let listed = &rooms["chatRooms"][0];
    assert_eq!(listed["roomName"], room.as_str());
    // Each listed room as its disco info describes it (upstream's MUCRoomEntity fields).
    for field in [
        "persistent",
        "publicRoom",
        "membersOnly",
        "moderated",
        "canAnyoneDiscoverJID",
    ] {
        assert!(listed[field].is_boolean(), "{field} in {listed}");
    }
    assert_eq!(listed["occupants"], 2, "{listed}");
    let info = ok_json(call(&gw, Method::GET, &format!("room/{room}"), &bob_token, "").await).await;
    assert_eq!(
        (info["roomName"].as_str(), info["occupants"].as_u64()),
        (Some(room.as_str()), Some(2))
    );
    let missing = call(
        &gw,
        Method::GET,
        &format!("room/{}", unique("none-")),
        &bob_token,
        "",
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // Both messages reached Alice's stream above, so the room's archive has them.
    let history = ok_json(
        call(
            &gw,
            Method::GET,
            &format!("room/{room}/chathistory"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    let bodies: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["hello room", "hi alice"]);
    let found = ok_json(
        call(
            &gw,
            Method::GET,
            &format!("messages?room={room}&keywords=ALICE"),
            &alice_token,
            "",
        )
        .await,
    )
    .await;
    // SparkWeb's `Conversations`: the room's one conversation.
    let messages = &found["conversations"][0]["messages"];
    assert_eq!(messages[0]["body"], "hi alice", "{found}");
    assert_eq!(messages.as_array().unwrap().len(), 1);
    assert_eq!(found["conversations"][0]["chatRoom"], room_jid.as_str());

    // Leaving.
    assert_eq!(
        call(
            &gw,
            Method::DELETE,
            &format!("room/{room}"),
            &alice_token,
            ""
        )
        .await
        .status(),
        StatusCode::OK
    );
    let gone = call(
        &gw,
        Method::GET,
        &format!("room/{room}/occupants"),
        &alice_token,
        "",
    )
    .await;
    // Out of the room, the occupants are what the room lists to anyone (upstream answers
    // without joining, XEP-0045 §6.5 leaves it to the room): Prosody lists none, ejabberd
    // the occupants' room JIDs (Carol's, by her nickname).
    let listed = if tests::on_ejabberd() {
        serde_json::json!([{"jid": format!("{room_jid}/carol"), "userAddress": "", "role": "", "affiliation": ""}])
    } else {
        serde_json::json!([])
    };
    assert_eq!(
        ok_json(gone).await,
        serde_json::json!({"occupants": listed})
    );
    // Once Carol has seen Alice leave, the room counts one occupant.
    next_stanza(&mut carol_client, |s| match s {
        Stanza::Presence(p)
            if p.type_ == PresenceType::Unavailable
                && p.from
                    .as_ref()
                    .is_some_and(|f| f.to_string() == format!("{room_jid}/{alice}")) =>
        {
            Some(())
        }
        _ => None,
    })
    .await;
    let info = ok_json(call(&gw, Method::GET, &format!("room/{room}"), &bob_token, "").await).await;
    assert_eq!(info["occupants"], 1);
}
