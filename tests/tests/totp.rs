//! TOTP two-factor against real Prosody: enrolment with the password, logins with codes
//! the test computes, replay and brute-force refusals.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Gateway, register_user, spawn_gateway, totp_code, unix_now};

async fn with_code_in_path(gw: &Gateway, username: &str, code: &str) -> reqwest::Response {
    gw.http
        .post(gw.url(&format!(
            "/sparkweb/api/rest/totp/authenticate/{username}/{code}"
        )))
        .send()
        .await
        .unwrap()
}

async fn with_code_in_body(gw: &Gateway, username: &str, code: &str) -> reqwest::Response {
    gw.http
        .post(gw.url(&format!("/sparkweb/api/rest/totp/authenticate/{username}")))
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn enrolment_then_logins_with_codes_and_no_replay() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("otto");
    let secret = gw.enrol_totp(&username, &password).await;
    assert_eq!(
        gw.enrol_totp(&username, &password).await,
        secret,
        "until confirmed, the same secret"
    );

    let code = totp_code(&secret, unix_now());
    let response = with_code_in_path(&gw, &username, &code).await;
    assert_eq!(response.status(), StatusCode::OK);
    let token: Value = response.json().await.unwrap();
    let user = gw.user(token["token"].as_str()).await;
    assert_eq!(user.status(), StatusCode::OK);

    let replay = with_code_in_body(&gw, &username, &code).await;
    assert_eq!(
        replay.status(),
        StatusCode::UNAUTHORIZED,
        "a code (time step) works once"
    );
    let body: Value = replay.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("already used"),
        "{body}"
    );

    // The next step's code (within the ±1 step window) is a fresh code.
    let next = with_code_in_body(&gw, &username, &totp_code(&secret, unix_now() + 30)).await;
    assert_eq!(next.status(), StatusCode::OK);

    let again = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/totp/register/{username}")))
        .body(password)
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "a confirmed enrolment is not replaced"
    );
}

#[tokio::test]
async fn guessing_codes_locks_the_user_out_for_a_while() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("guess");
    let secret = gw.enrol_totp(&username, &password).await;
    let good = totp_code(&secret, unix_now());
    let wrong = format!("{:06}", (good.parse::<u32>().unwrap() + 1) % 1_000_000);
    for _ in 0..5 {
        assert_eq!(
            with_code_in_path(&gw, &username, &wrong).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = with_code_in_path(&gw, &username, &good).await;
    assert_eq!(
        locked.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right code waits"
    );
    let retry_after: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
}

#[tokio::test]
async fn enrolment_needs_the_password_and_codes_need_an_enrolment() {
    let gw = spawn_gateway().await;
    let (username, _) = register_user("nopw");
    let refused = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/totp/register/{username}")))
        .body("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let not_enrolled = with_code_in_path(&gw, &username, "123456").await;
    assert_eq!(not_enrolled.status(), StatusCode::UNAUTHORIZED);
    let body: Value = not_enrolled.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("not set up"),
        "{body}"
    );
    let malformed = gw
        .http
        .post(gw.url(&format!("/sparkweb/api/rest/totp/authenticate/{username}")))
        .body("123456")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn repeated_wrong_passwords_are_slowed_down_and_the_right_one_passes() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("pwlimit");
    for _ in 0..10 {
        let response = gw.try_login(&username, "wrong").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = gw.try_login(&username, "wrong").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    let right = gw.try_login(&username, &password).await;
    assert_eq!(right.status(), StatusCode::OK);
}
