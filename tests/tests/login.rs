//! The login slice through the local router, against real Prosody: SparkWeb's
//! `login/{username}`, `user` and `logout`.

use reqwest::StatusCode;
use serde_json::Value;
use tests::{Gateway, register_user, spawn_gateway};

/// An error response: the status and the JSON body's machine name.
async fn error_of(response: reqwest::Response) -> (StatusCode, String, String) {
    let status = response.status();
    let body: Value = response.json().await.expect("errors are JSON");
    (
        status,
        body["error"].as_str().unwrap().into(),
        body["message"].as_str().unwrap().into(),
    )
}

#[tokio::test]
async fn a_password_the_server_accepts_yields_a_token_that_reads_the_user() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("ann");
    let token = gw.login(&username, &password).await;

    for authorization in [token.clone(), format!("Bearer {token}")] {
        let response = gw.user(Some(&authorization)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let user: Value = response.json().await.unwrap();
        assert_eq!(user["username"], username.as_str());
        assert!(
            user.get("name").is_some() && user.get("email").is_some(),
            "{user}"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_is_refused_with_a_clear_error() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("bob");
    for (user, pass) in [
        (username.as_str(), "not-the-password"),
        ("nosuchuser-xwg", password.as_str()),
    ] {
        let (status, error, message) = error_of(gw.try_login(user, pass).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(error, "NotAuthorized");
        assert!(message.contains("refused"), "{message}");
    }
}

#[tokio::test]
async fn malformed_logins_are_bad_requests() {
    let gw = spawn_gateway().await;
    let (username, _) = register_user("cy");
    let (status, _, message) = error_of(gw.try_login(&username, "").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("password"), "{message}");
    let (status, _, message) = error_of(gw.try_login("a%40b", "whatever").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("not a valid XMPP username"), "{message}");
}

#[tokio::test]
async fn the_user_route_needs_a_valid_token() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("dee");
    let token = gw.login(&username, &password).await;
    let other_gateway = spawn_gateway().await; // signs with another key
    let foreign = other_gateway.login(&username, &password).await;
    let mut tampered = token.clone();
    tampered.insert(tampered.len() / 2, 'x');

    for authorization in [
        None,
        Some("garbage"),
        Some(tampered.as_str()),
        Some(foreign.as_str()),
    ] {
        let (status, error, _) = error_of(gw.user(authorization).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert_eq!(error, "NotAuthorized");
    }
}

#[tokio::test]
async fn logout_revokes_the_token_but_not_other_logins() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("eve");
    let first = gw.login(&username, &password).await;
    let second = gw.login(&username, &password).await;

    assert_eq!(gw.logout(&first).await, StatusCode::OK);
    assert_eq!(
        gw.user(Some(&first)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(gw.user(Some(&second)).await.status(), StatusCode::OK);
}

async fn refresh(gw: &Gateway, refresh_token: &str) -> reqwest::Response {
    gw.http
        .post(gw.url("/sparkweb/api/rest/token/refresh"))
        .json(&serde_json::json!({ "refreshToken": refresh_token }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_refresh_token_yields_new_tokens_once_and_stops_at_logout() {
    let gw = spawn_gateway().await;
    let (username, password) = register_user("fay");
    let response = gw.try_login(&username, &password).await;
    let first: Value = response.json().await.unwrap();
    let first_refresh = first["refreshToken"]
        .as_str()
        .expect("a refresh token")
        .to_string();

    let response = refresh(&gw, &first_refresh).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second: Value = response.json().await.unwrap();
    let token = second["token"].as_str().unwrap();
    assert_ne!(token, first["token"].as_str().unwrap());
    assert_eq!(gw.user(Some(token)).await.status(), StatusCode::OK);

    let (status, error, _) = error_of(refresh(&gw, &first_refresh).await).await;
    assert_eq!(
        (status, error.as_str()),
        (StatusCode::UNAUTHORIZED, "NotAuthorized"),
        "a refresh token is single use"
    );
    assert_eq!(
        gw.user(Some(token)).await.status(),
        StatusCode::UNAUTHORIZED,
        "and using it twice ends its login"
    );

    let third: Value = gw
        .try_login(&username, &password)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        gw.logout(third["token"].as_str().unwrap()).await,
        StatusCode::OK
    );
    assert_eq!(
        refresh(&gw, third["refreshToken"].as_str().unwrap())
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "logout ends the login"
    );

    let (status, _, message) = error_of(
        gw.http
            .post(gw.url("/sparkweb/api/rest/token/refresh"))
            .body("nope")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(message.contains("refreshToken"), "{message}");
}
