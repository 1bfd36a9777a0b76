//! New accounts through the gateway (in-band registration on real Prosody), and passkey
//! registration creating the account where registration is on.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Gateway, spawn_gateway, stack_var, unique};

#[tokio::test]
async fn a_new_account_logs_in_at_once_and_later_with_its_password() {
    let gw = spawn_gateway().await;
    let username = unique("newbie");
    let response = gw.register(&username, "first-password").await;
    assert_eq!(response.status(), StatusCode::OK);
    let token: Value = response.json().await.unwrap();
    let user: Value = gw
        .user(Some(token["token"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["username"], username.as_str());
    assert_eq!(
        (&user["name"], &user["email"]),
        (&json!(username), &json!(tests::jid(&username))),
        "named after the account, as upstream fills them in"
    );

    // The account is the XMPP server's own: the password login (SASL) works.
    gw.login(&username, "first-password").await;

    let taken = gw.register(&username, "another-password").await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    let body: Value = taken.json().await.unwrap();
    assert_eq!(body["error"], "UserAlreadyExistsException");
    assert_eq!(
        gw.register("no spaces", "x").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        gw.register(&unique("nopw"), "").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn registration_is_refused_where_it_is_off() {
    let server = stack_var("XWG_XMPP_SERVER");
    let gw = Gateway::builder()
        .server(&server)
        .config(|config| config.registration = false)
        .spawn()
        .await;
    let username = unique("closed");
    let refused = gw.register(&username, "pw").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // Nothing was created: the name cannot log in.
    let login = gw.try_login(&username, "pw").await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    // Passkey registration for an unknown name needs its password, like any other.
    let start = gw
        .http
        .post(gw.url(&format!(
            "/sparkweb/api/rest/webauthn/register/start/{username}"
        )))
        .body("pw")
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn passkey_registration_creates_the_account_where_registration_is_on() {
    let gw = spawn_gateway().await;
    let username = unique("keyuser");
    let start = gw
        .http
        .post(gw.url(&format!(
            "/sparkweb/api/rest/webauthn/register/start/{username}"
        )))
        .body("its-password")
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::OK);
    let options: Value = start.json().await.unwrap();
    assert!(
        options["credentials"]["publicKey"]["challenge"].is_string(),
        "{options}"
    );
    gw.login(&username, "its-password").await;
}
