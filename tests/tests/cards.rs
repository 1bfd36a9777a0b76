//! Names and avatars through vCards (XEP-0054, the photo as XEP-0153 puts it): a user sets
//! an avatar, another user reads it with the name; changing the name keeps the avatar;
//! what is not a PNG, JPEG, GIF or WebP of at most 128 KiB is refused and changes nothing —
//! against the test's XMPP server (Prosody mirrors vCards to PEP avatars; ejabberd keeps
//! them as they are).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Gateway, jid, register_user, spawn_gateway};

/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

async fn card(gw: &Gateway, token: &str, whose: &str) -> Value {
    let response = gw
        .http
        .get(gw.url(&format!("/sparkweb/api/rest/vcard/{whose}")))
        .header("Authorization", token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "card of {whose}");
    response.json().await.unwrap()
}

async fn set_avatar(gw: &Gateway, token: &str, body: Value) -> (StatusCode, Value) {
    let response = gw
        .http
        .put(gw.url("/sparkweb/api/rest/user/avatar"))
        .header("Authorization", token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_avatar_set_by_one_user_is_read_by_another_with_the_name_and_survives_a_name_change() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("card");
    let (bob, bob_password) = register_user("reader");
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;

    // Nothing yet: no name, no avatar (whatever the server answers for no card).
    let none = card(&gw, &bob_token, &alice).await;
    assert_eq!(none["jid"], jid(&alice));
    assert_eq!(none["avatar"], Value::Null, "{none}");

    let (status, _) = set_avatar(
        &gw,
        &alice_token,
        json!({ "type": "image/png", "data": PNG }),
    )
    .await;
    assert_eq!(status, 200);
    let seen = card(&gw, &bob_token, &jid(&alice)).await;
    assert_eq!(
        seen["avatar"],
        format!("data:image/png;base64,{PNG}"),
        "{seen}"
    );

    // A new name: the card carries it, and the avatar is still there.
    let renamed = gw
        .http
        .put(gw.url("/sparkweb/api/rest/user"))
        .header("Authorization", &alice_token)
        .json(&json!({ "name": "Alice Liddell" }))
        .send()
        .await
        .unwrap();
    assert!(renamed.status().is_success(), "{}", renamed.status());
    let seen = card(&gw, &bob_token, &alice).await;
    assert_eq!(seen["name"], "Alice Liddell", "{seen}");
    assert_eq!(
        seen["avatar"],
        format!("data:image/png;base64,{PNG}"),
        "{seen}"
    );

    // What is not a small PNG, JPEG, GIF or WebP is refused, and the avatar stays.
    let svg = STANDARD.encode("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>");
    let large = STANDARD.encode([b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 129 * 1024]].concat());
    for (body, why) in [
        (json!({ "type": "image/svg+xml", "data": svg }), "svg"),
        (
            json!({ "type": "image/jpeg", "data": PNG }),
            "a PNG said to be a JPEG",
        ),
        (
            json!({ "type": "image/png", "data": "not base64!" }),
            "not base64",
        ),
        (
            json!({ "type": "image/png", "data": large }),
            "over 128 KiB",
        ),
        (json!({ "type": "image/png" }), "no data"),
        (json!({ "type": "image/png", "data": "" }), "empty data"),
    ] {
        let (status, answer) = set_avatar(&gw, &alice_token, body).await;
        assert!(status == 400 || status == 413, "{why}: {status} {answer}");
        assert!(answer["message"].is_string(), "{why}: says why: {answer}");
    }
    let seen = card(&gw, &bob_token, &alice).await;
    assert_eq!(seen["avatar"], format!("data:image/png;base64,{PNG}"));
    // As a browser has it: a data: URL, wrapped over lines.
    let wrapped = format!("data:image/png;base64,{}\n{}", &PNG[..40], &PNG[40..]);
    let (status, answer) = set_avatar(
        &gw,
        &alice_token,
        json!({ "type": "image/png", "data": wrapped }),
    )
    .await;
    assert_eq!(status, 200, "{answer}");

    // Removed: no avatar, the name stays.
    let removed = gw
        .http
        .delete(gw.url("/sparkweb/api/rest/user/avatar"))
        .header("Authorization", &alice_token)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 200);
    let seen = card(&gw, &bob_token, &alice).await;
    assert_eq!(seen["avatar"], Value::Null, "{seen}");
    assert_eq!(seen["name"], "Alice Liddell");
}
