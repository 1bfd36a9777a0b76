//! Openfire's REST API plugin, as a published client of it sees the gateway: PyPI's
//! `openfire-restapi` (tests/openfire_client.py drives it, unchanged) against the gateway
//! and the real XMPP server. What each call returned — or which of the client's typed
//! exceptions it raised — is checked here, with what a user notices besides: a locked user
//! cannot log in, closed sessions end their tokens, a broadcast reaches an online client.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{
    Gateway, jid, native_client, next_stanza, register_user, spawn_user_admin_gateway, stack_var,
    unique, workspace_root,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;

const SECRET: &str = "a-rest-api-secret";

/// Runs one phase of the client script; its results by step.
async fn client(gw: &Gateway, args: &[&str], phase: &str) -> Value {
    let base = gw.url("");
    let mut command = Command::new(stack_var("XWG_TEST_PYTHON"));
    command
        .arg(workspace_root().join("tests/openfire_client.py"))
        .arg(base.trim_end_matches('/'))
        .arg(SECRET)
        .args(args)
        .arg(phase);
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
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let (user, password) = (unique("jl"), unique("pw-"));
    let (peer, peer_password) = register_user("riker");
    let group = unique("bridge-");
    let args = [user.as_str(), &password, &jid(&peer), &group];

    let r = client(&gw, &args, "accounts").await;
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
    assert_eq!(r["get_unknown_user"], raised("UserNotFoundException"));
    assert_eq!(r["delete_unknown_user"], raised("UserNotFoundException"));

    assert_eq!(r["add_group"], true);
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
    ] {
        assert_eq!(r[probe], true, "{probe}: {r}");
    }
    assert_eq!(r["delete_user"], true);
    assert_eq!(r["get_deleted_user"], raised("UserNotFoundException"));
}
