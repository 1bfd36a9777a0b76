//! Passkey ceremonies from the server's side: what a forged or replayed response gets, and
//! what a user without passkeys is told. The whole ceremony with a real authenticator runs
//! in Chromium (`tests/browser/passkey.test.mjs`); these are the refusals around it.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Gateway, register_user, spawn_gateway};

async fn post(gw: &Gateway, path: &str, body: impl Into<reqwest::Body>) -> (StatusCode, Value) {
    let response = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/webauthn/{path}")))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A credential in the browser's JSON shape whose contents no authenticator made.
fn forged_credential(response: Value) -> String {
    json!({
        "id": "Zm9yZ2VkLWNyZWRlbnRpYWw",
        "rawId": "Zm9yZ2VkLWNyZWRlbnRpYWw",
        "response": response,
        "type": "public-key",
        "extensions": {},
    })
    .to_string()
}

#[tokio::test]
async fn a_forged_registration_is_refused_and_its_ceremony_cannot_be_replayed() {
    let gw = spawn_gateway().await;
    let (user, password) = register_user("forger");
    let (status, start) = post(&gw, &format!("register/start/{user}"), password).await;
    assert_eq!(status, StatusCode::OK, "{start}");
    assert!(start["credentials"]["publicKey"]["challenge"].is_string());

    let forged = forged_credential(json!({
        "attestationObject": "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVgl",
        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
    }));
    let (status, refused) = post(&gw, &format!("register/finish/{user}"), forged.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{refused}");
    assert_eq!(refused["error"], "PasskeyNotVerified");
    // The ceremony was spent by that attempt: the same response again meets none.
    let (status, again) = post(&gw, &format!("register/finish/{user}"), forged).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{again}");
    assert_eq!(again["error"], "NoCeremony");
    // And no passkey was stored: a passkey login has nothing to start with.
    let (status, none) = post(&gw, &format!("authenticate/start/{user}"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{none}");
    assert_eq!(none["error"], "NoPasskey");
}

#[tokio::test]
async fn a_passkey_login_needs_its_start() {
    let gw = spawn_gateway().await;
    let (user, _) = register_user("nostart");
    let assertion = forged_credential(json!({
        "authenticatorData": "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ",
        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
        "signature": "MEUCIQ",
        "userHandle": null,
    }));
    let (status, refused) = post(&gw, &format!("authenticate/finish/{user}"), assertion).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert_eq!(refused["error"], "NoCeremony");
    assert!(refused["message"].as_str().unwrap().contains("start again"));
}
