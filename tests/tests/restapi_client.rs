//! Openfire's REST API plugin, as a published client of it sees the gateway: PyPI's
//! `openfire-restapi` (tests/openfire_client.py drives it, unchanged) against the gateway
//! and the real XMPP server. What each call returned — or which of the client's typed
//! exceptions it raised — is checked here, with what a user notices besides: a locked user
//! cannot log in, closed sessions end their tokens, a broadcast reaches an online client.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{
    Gateway, jid, native_client, next_stanza, register_user, server_admin,
    spawn_user_admin_gateway, stack_var, unique, workspace_root,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};
use tokio_xmpp::parsers::muc::muc::Muc;
use tokio_xmpp::parsers::presence::Presence;

const SECRET: &str = "a-rest-api-secret";

/// Runs one phase of the client script; its results by step.
async fn client(gw: &Gateway, args: &[&str], phase: &str) -> Value {
    client_with(gw, args, phase, None).await
}

/// The same, with an administrator's `username:password` for HTTP Basic steps.
async fn client_with(gw: &Gateway, args: &[&str], phase: &str, basic: Option<&str>) -> Value {
    let base = gw.url("");
    let mut command = Command::new(stack_var("XWG_TEST_PYTHON"));
    command
        .arg(workspace_root().join("tests/openfire_client.py"))
        .arg(base.trim_end_matches('/'))
        .arg(SECRET)
        .args(args)
        .arg(phase);
    if let Some(basic) = basic {
        command.env("BASIC_AUTH", basic);
    }
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "the client script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn raised(name: &str) -> Value {
    json!({ "raised": name })
}

#[tokio::test]
async fn the_plugins_python_client_runs_unchanged() {
    let (boss, boss_password) = register_user("boss");
    let gw = spawn_user_admin_gateway(SECRET, &[boss.as_str()]).await;
    let (user, password) = (unique("jl"), unique("pw-"));
    let (peer, peer_password) = register_user("riker");
    let group = unique("bridge-");
    let args = [user.as_str(), &password, &jid(&peer), &group];

    let basic = format!("{boss}:{boss_password}");
    let r = client_with(&gw, &args, "accounts", Some(&basic)).await;
    assert_eq!(
        r["basic_get_user"],
        user.as_str(),
        "an administrator by HTTP Basic: {r}"
    );
    for refused in ["basic_wrong_password", "basic_not_admin"] {
        assert_eq!(
            r[refused],
            raised("ImproperlyConfiguredException"),
            "{refused}: a 401, which the client reports so"
        );
    }
    assert_eq!(r["add_user"], true, "{r}");
    assert_eq!(r["add_user_again"], raised("UserAlreadyExistsException"));
    assert_eq!(
        r["get_user"],
        json!({"username": user, "name": "Jean-Luc", "email": "jl@example.org",
               "properties": {"tea": "earl grey"}})
    );
    assert_eq!(r["get_users_by_property"], json!([user]));
    assert_eq!(r["update_user"], true);
    assert_eq!(
        r["get_user_updated"]["name"], "Jean-Luc P.",
        "{}",
        r["get_user_updated"]
    );
    assert_eq!(
        r["get_user_updated"]["properties"],
        json!({"rank": "captain"}),
        "the properties sent replace the old ones, as the plugin does"
    );
    let card = r["get_user_vcard"].as_str().expect("the vCard as XML text");
    assert!(
        card.starts_with("<vCard") && card.contains("Jean-Luc"),
        "the name given at creation is in the vCard: {card}"
    );
    assert_eq!(r["update_user_vcard"], true, "{r}");
    let card = r["get_user_vcard_updated"].as_str().unwrap_or_default();
    assert!(card.contains("<NICKNAME>JL</NICKNAME>"), "{r}");
    assert_eq!(
        r["update_user_vcard_not_a_card"],
        raised("IllegalArgumentException")
    );
    assert_eq!(r["delete_user_vcard"], true);
    assert_eq!(r["get_user_vcard_deleted"], Value::Null, "204: no vCard");
    assert_eq!(
        r["get_unknown_user_vcard"],
        Value::Null,
        "no vCard for no user: 204, as the plugin answers"
    );
    assert_eq!(r["get_unknown_user"], raised("UserNotFoundException"));
    assert_eq!(r["delete_unknown_user"], raised("UserNotFoundException"));

    assert_eq!(r["add_group"], true);
    assert_eq!(
        r["get_group"],
        json!({"name": group, "description": "The bridge", "admins": [jid(&peer)],
               "members": [], "shared": false})
    );
    assert_eq!(r["update_group"], true);
    assert_eq!(
        r["get_group_updated"],
        json!({"name": group, "description": "The bridge crew", "admins": [],
               "members": [jid(&peer)], "shared": false}),
        "the lists sent replace the old ones"
    );
    assert_eq!(r["add_group_again"], raised("GroupAlreadyExistsException"));
    assert_eq!(r["get_unknown_group"], raised("GroupNotFoundException"));
    assert_eq!(r["add_user_group"], true);
    assert_eq!(r["get_user_groups"], json!([group]));
    assert_eq!(
        r["remove_unknown_user_groups"],
        raised("GroupNotFoundException")
    );
    assert_eq!(r["remove_user_group"], true);
    assert_eq!(r["get_user_groups_after"], json!([]));
    assert_eq!(r["add_user_groups"], true);
    assert_eq!(r["get_user_groups_again"], json!([group]));
    assert_eq!(r["delete_group"], true);

    assert_eq!(r["add_roster_item"], true, "{r}");
    assert_eq!(
        r["add_roster_item_again"],
        raised("UserAlreadyExistsException")
    );
    assert_eq!(
        r["get_roster"],
        json!([{"jid": jid(&peer), "nickname": "Number One", "subscriptionType": 0,
                "groups": ["Crew"]}])
    );
    assert_eq!(r["delete_roster_item"], true);

    assert_eq!(r["lock_user"], true);
    assert_eq!(r["unlock_user"], true);
    assert_eq!(r["lock_unknown_user"], raised("UserNotFoundException"));
    assert_eq!(
        r["wrong_secret"],
        raised("ImproperlyConfiguredException"),
        "a wrong secret is a 401, which the client reports so"
    );

    // A login, then the sessions seen and closed by the client; a broadcast to an online
    // native client.
    let token = gw.login(&user, &password).await;
    let mut listener = native_client(&peer, &peer_password).await;
    // Online: available (an announcement goes to the available sessions).
    listener
        .send_stanza(Presence::available().into())
        .await
        .unwrap();
    next_stanza(&mut listener, |stanza| match stanza {
        Stanza::Presence(_) => Some(()),
        _ => None,
    })
    .await;
    let r = client(&gw, &args, "sessions").await;
    let sessions = r["get_user_sessions"].as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "{r}");
    assert_eq!(sessions[0]["username"], user.as_str());
    assert!(
        r["get_sessions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["username"] == user.as_str()),
        "{r}"
    );
    assert_eq!(r["close_user_sessions"], true);
    assert_eq!(r["get_user_sessions_after"], json!([]));
    let logs = r["get_audit_logs"].as_array().expect("the audit log");
    assert_eq!(
        logs[0]["details"],
        format!("DELETE /plugins/restapi/v1/sessions/{user}"),
        "the newest change first: {r}"
    );
    assert!(logs.len() <= 3, "the limit holds");
    assert_eq!(
        r["get_concurrent_sessions"],
        json!({"localSessions": 0, "clusterSessions": 0}),
        "the user's one login was closed"
    );
    for openfire_only in [
        "get_props",
        "get_prop",
        "add_prop",
        "update_prop",
        "delete_prop",
        "get_cluster_status",
        "get_cluster_nodes",
        "get_cluster_node",
        "get_unread_messages",
    ] {
        assert_eq!(
            r[openfire_only],
            raised("InvalidResponseException"),
            "{openfire_only}: 501 NotImplemented, which the client has no class for"
        );
    }
    assert_eq!(
        gw.user(Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED,
        "the closed login's token is refused"
    );
    assert_eq!(r["send_broadcast"], true, "{r}");
    assert_eq!(
        r["send_empty_broadcast"],
        raised("IllegalArgumentException")
    );
    let announced = next_stanza(&mut listener, |stanza| match stanza {
        Stanza::Message(message) => Message::get_best_body(&message, vec![])
            .map(|(_, body)| body.clone())
            .filter(|body| body.contains("The bridge is yours.")),
        _ => None,
    })
    .await;
    assert!(announced.contains("The bridge is yours."));
    for probe in [
        "check_liveness",
        "check_deadlock_liveness",
        "check_readiness",
        "check_server_readiness",
        "check_properties_liveness",
        "check_cluster_readiness",
        "check_plugins_readiness",
        "check_connections_readiness",
    ] {
        assert_eq!(r[probe], true, "{probe}: {r}");
    }
    assert_eq!(r["delete_user"], true);
    assert_eq!(r["get_deleted_user"], raised("UserNotFoundException"));
}

/// Chat rooms through the client: made, read, changed, affiliations, groups, invitations
/// (a native client receives them), occupants and history after a native client posted,
/// destroyed. The server's administrator runs the rooms as their owner (XEP-0045).
#[tokio::test]
async fn the_plugins_python_client_runs_chat_rooms() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let (user, _) = register_user("rm");
    let (peer, peer_password) = register_user("rmpeer");
    let group = unique("crew-");
    let peer_jid = jid(&peer);
    let user_jid = jid(&user);
    let domain = peer_jid.split('@').nth(1).unwrap().to_string();
    let admin = jid(&server_admin().0);
    let room = format!("room-{group}");
    let room_jid = format!("{room}@conference.{domain}");
    let args = [user.as_str(), "unused", &peer_jid, &group];
    let mut native = native_client(&peer, &peer_password).await;
    native
        .send_stanza(Presence::available().into())
        .await
        .unwrap();

    let r = client(&gw, &args, "rooms").await;
    assert!(
        r["get_chat_services"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["serviceName"] == "conference")),
        "{r}"
    );
    assert_eq!(r["add_chat_service"], raised("InvalidResponseException"));
    assert_eq!(r["add_room"], true, "{r}");
    let made = &r["get_room"];
    assert_eq!(made["roomName"], room.as_str(), "{r}");
    assert_eq!(made["naturalName"], "The Bridge");
    assert_eq!(made["description"], "Where the captain sits");
    assert_eq!(made["subject"], "Engage");
    assert_eq!(made["persistent"], true);
    assert_eq!(made["publicRoom"], true);
    let mut members = vec![
        peer_jid.clone(),
        format!("m1@{domain}"),
        format!("m2@{domain}"),
    ];
    members.sort();
    let mut listed: Vec<String> =
        serde_json::from_value(made["members"].clone()).unwrap_or_default();
    listed.sort();
    assert_eq!(listed, members, "every JID of a list: {made}");
    assert_eq!(made["outcasts"], json!([format!("q@{domain}")]));
    assert_eq!(
        made["owners"],
        json!([admin]),
        "no owners given: the administrator"
    );
    assert!(
        made["creationDate"].is_string(),
        "a date the client parsed: {made}"
    );
    assert!(
        r["get_rooms"]
            .as_array()
            .is_some_and(|rooms| rooms.contains(&json!(room))),
        "{r}"
    );
    assert_eq!(
        r["get_rooms_search"],
        json!([room]),
        "found by its natural name"
    );
    assert_eq!(r["get_unknown_room"], raised("RoomNotFoundException"));
    assert_eq!(
        r["get_room_unknown_service"],
        raised("InvalidResponseException"),
        "MUCServiceNotFoundException is not among the client's classes"
    );

    assert_eq!(r["update_room"], true, "{r}");
    let changed = &r["get_room_updated"];
    assert_eq!(changed["naturalName"], "The Battle Bridge", "{changed}");
    assert_eq!(changed["subject"], "Shields up");
    assert_eq!(changed["moderated"], true);
    assert_eq!(changed["publicRoom"], false);
    assert!(
        !r["get_public_rooms_after"]
            .as_array()
            .unwrap()
            .contains(&json!(room))
    );
    assert!(
        r["get_all_rooms_after"]
            .as_array()
            .unwrap()
            .contains(&json!(room))
    );

    assert_eq!(r["grant_user_role"], true, "{r}");
    assert_eq!(r["get_admins"], json!([user_jid]));
    assert_eq!(r["revoke_user_role"], true);
    assert_eq!(r["revoke_user_role_again"], raised("NotAllowedException"));
    assert_eq!(r["bulk_grant_outcasts"], true, "{r}");
    assert_eq!(r["replace_outcasts"], true);
    let mut outcasts: Vec<String> =
        serde_json::from_value(r["get_outcasts"].clone()).unwrap_or_default();
    outcasts.sort();
    assert_eq!(
        outcasts,
        [format!("gowron@{domain}"), format!("q@{domain}")],
        "the list replaced: {r}"
    );
    assert_eq!(r["grant_group_role"], true, "{r}");
    let with_group = &r["get_room_with_group"];
    assert_eq!(with_group["memberGroups"], json!([group]), "{with_group}");
    assert!(
        with_group["members"]
            .as_array()
            .unwrap()
            .contains(&json!(user_jid))
    );
    assert_eq!(r["revoke_group_role"], true);
    assert_eq!(
        r["grant_unknown_group_role"],
        raised("GroupNotFoundException")
    );
    assert_eq!(r["get_members"], json!([peer_jid]));

    assert_eq!(r["invite"], true, "{r}");
    assert_eq!(r["bulk_invite"], true);
    let invited_to = next_stanza(&mut native, |stanza| match stanza {
        Stanza::Message(message) => message
            .payloads
            .iter()
            .find(|p| p.is("x", "jabber:x:conference"))
            .and_then(|x| x.attr("jid").map(str::to_string)),
        _ => None,
    })
    .await;
    assert_eq!(invited_to, room_jid, "a direct invitation (XEP-0249)");

    let bulk = &r["bulk_add_rooms"];
    assert_eq!(bulk["success"].as_array().unwrap().len(), 2, "{bulk}");
    assert_eq!(bulk["failure"].as_array().unwrap().len(), 1, "{bulk}");
    assert_eq!(r["get_room2"]["naturalName"], "Ten Forward", "{r}");

    // The peer (a member) enters and speaks natively.
    let mut join = Presence::available().with_payloads(vec![Muc::new().into()]);
    join.to = Some(format!("{room_jid}/riker").parse().unwrap());
    native.send_stanza(join.into()).await.unwrap();
    next_stanza(&mut native, |s| match s {
        Stanza::Presence(p)
            if p.from
                .as_ref()
                .is_some_and(|f| f.to_string() == format!("{room_jid}/riker")) =>
        {
            Some(())
        }
        _ => None,
    })
    .await;
    let said = Message::groupchat(Some(room_jid.parse().unwrap()))
        .with_body(Lang::new(), "Aye, captain".into());
    native.send_stanza(said.into()).await.unwrap();
    // Its echo: the room has archived it.
    next_stanza(&mut native, |s| match s {
        Stanza::Message(m) if m.type_ == MessageType::Groupchat && !m.bodies.is_empty() => Some(()),
        _ => None,
    })
    .await;

    let r = client(&gw, &args, "room_activity").await;
    assert_eq!(
        r["get_room_occupants"],
        json!([{"jid": format!("{room_jid}/riker"), "userAddress": peer_jid,
                "role": "participant", "affiliation": "member"}]),
        "{r}"
    );
    assert_eq!(r["get_room_participants"], r["get_room_occupants"]);
    let history = r["get_room_message_history"].as_array().expect("a list");
    assert!(history.iter().any(|m| m["body"] == "Aye, captain"), "{r}");
    assert_eq!(r["delete_room"], true);
    assert_eq!(r["delete_room2"], true);
    assert_eq!(r["get_deleted_room"], raised("RoomNotFoundException"));
    assert_eq!(r["delete_deleted_room"], raised("RoomNotFoundException"));
}

/// A call as the plugin's Java client makes it: XML both ways.
async fn xml_call(
    gw: &Gateway,
    method: reqwest::Method,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Option<tokio_xmpp::minidom::Element>) {
    let mut request = gw
        .http
        .request(method, gw.url(&format!("/plugins/restapi/v1{path}")))
        .header("Authorization", SECRET)
        .header("Accept", "application/xml");
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/xml")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let xml = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.as_bytes().starts_with(b"application/xml"));
    let text = response.text().await.unwrap();
    let element = xml.then(|| xwg_api::routes::request::parse_plugin_xml(&text).unwrap());
    (status, element)
}

fn child_text(element: &tokio_xmpp::minidom::Element, name: &str) -> Option<String> {
    element
        .children()
        .find(|c| c.name() == name)
        .map(|c| c.text())
}

/// The plugin's documented XML examples (its readme), sent and answered as XML, as its
/// Java client (which asks for `application/xml` only) speaks.
#[tokio::test]
async fn the_plugins_xml_entities_go_both_ways() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let user = unique("xml");
    // The readme's "Create a user", XML payload example 2.
    let create = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<user>
    <username>{user}</username>
    <password>p4ssword-long</password>
    <name>Test User</name>
    <email>test@localhost.de</email>
    <properties>
        <property key="keyname" value="value"/>
        <property key="anotherkey" value="value"/>
    </properties>
</user>"#
    );
    let (status, _) = xml_call(&gw, reqwest::Method::POST, "/users", Some(&create)).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, answer) =
        xml_call(&gw, reqwest::Method::GET, &format!("/users/{user}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let answer = answer.expect("an XML answer");
    assert_eq!(answer.name(), "user");
    assert_eq!(child_text(&answer, "name").as_deref(), Some("Test User"));
    let properties: Vec<(String, String)> = answer
        .children()
        .find(|c| c.name() == "properties")
        .unwrap()
        .children()
        .map(|p| {
            (
                p.attr("key").unwrap().into(),
                p.attr("value").unwrap().into(),
            )
        })
        .collect();
    assert_eq!(properties.len(), 2, "{properties:?}");

    // The readme's roster item (payload example 2), then the roster as XML.
    let (peer, _) = register_user("xmlpeer");
    let item = format!(
        "<rosterItem><jid>{}</jid><nickname>Peter1</nickname><subscriptionType>0</subscriptionType>\
         <groups><group>Friends</group></groups></rosterItem>",
        jid(&peer)
    );
    let path = format!("/users/{user}/roster");
    let (status, _) = xml_call(&gw, reqwest::Method::POST, &path, Some(&item)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, roster) = xml_call(&gw, reqwest::Method::GET, &path, None).await;
    let roster = roster.unwrap();
    assert_eq!(roster.name(), "roster");
    let entry = roster.children().next().expect("one rosterItem");
    assert_eq!(entry.name(), "rosterItem");
    assert_eq!(child_text(entry, "nickname").as_deref(), Some("Peter1"));

    // Groups by the readme's `<groups><groupname>…` body.
    let group = unique("xmlgrp");
    let (status, _) = xml_call(
        &gw,
        reqwest::Method::POST,
        "/groups",
        Some(&format!(
            "<group><name>{group}</name><description>d</description><shared>false</shared></group>"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let body = format!("<groups><groupname>{group}</groupname></groups>");
    let path = format!("/users/{user}/groups");
    let (status, _) = xml_call(&gw, reqwest::Method::POST, &path, Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, groups) = xml_call(&gw, reqwest::Method::GET, &path, None).await;
    let groups = groups.unwrap();
    assert_eq!(
        (
            groups.name(),
            groups.children().map(|g| g.text()).collect::<Vec<_>>()
        ),
        ("groups", vec![group.clone()])
    );

    // An error as the plugin's hurl tests read it: /error/exception.
    let (status, error) = xml_call(
        &gw,
        reqwest::Method::GET,
        &format!("/users/{user}-nobody"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let error = error.expect("an XML error");
    assert_eq!(
        (error.name(), child_text(&error, "exception").as_deref()),
        ("error", Some("UserNotFoundException"))
    );
    let (status, _) = xml_call(
        &gw,
        reqwest::Method::DELETE,
        &format!("/users/{user}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
