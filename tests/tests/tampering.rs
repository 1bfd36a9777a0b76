//! Forged and stale tokens are refused on every protected route of the table. The suite
//! walks the route table, so a new route is covered the day it is added.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Gateway, claims_of, concrete_path, register_user, spawn_gateway};
use xwg_api::routes::{Access, Route};
use xwg_api::table::ROUTES;

fn sign(claims: &Value, kid: &str, secret: &[u8], alg: Algorithm) -> String {
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_string());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(secret)).unwrap()
}

/// A token with `alg: none` and no signature: no library makes these, attackers do.
fn unsigned(claims: &Value, kid: &str) -> String {
    let header = json!({ "alg": "none", "typ": "JWT", "kid": kid });
    format!(
        "{}.{}.",
        B64URL.encode(header.to_string()),
        B64URL.encode(claims.to_string())
    )
}

async fn call(gw: &Gateway, route: &Route, token: &str) -> StatusCode {
    let path = concrete_path(route);
    let request = gw
        .http
        .request(route.method.clone(), gw.url(&path))
        .header("Authorization", token)
        .body("x");
    let by_header = request.send().await.unwrap().status();
    if route.access == Access::UserStream {
        let by_query = gw
            .http
            .request(
                route.method.clone(),
                gw.url(&format!("{path}?token={token}")),
            )
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(
            by_header, by_query,
            "{}: header and ?token= agree",
            route.name
        );
    }
    by_header
}

#[tokio::test]
async fn every_protected_route_refuses_forged_and_stale_tokens() {
    let gw = spawn_gateway().await;
    let tokens = gw.tokens.clone().unwrap();
    let (kid, xwg_api::config::TokenKey::Shared(secret)) = tokens.keys[0].clone() else {
        panic!("the test gateway signs with a shared key");
    };
    let (username, password) = register_user("mallory");
    let good = gw.login(&username, &password).await;
    let (other, other_password) = register_user("victim");
    gw.login(&other, &other_password).await;
    let claims = claims_of(&good);
    let with = |field: &str, value: Value| {
        let mut forged = claims.clone();
        forged[field] = value;
        forged
    };
    let now = claims["iat"].as_i64().unwrap();

    let revoked = gw.login(&username, &password).await;
    assert_eq!(gw.logout(&revoked).await, StatusCode::OK);

    let forgeries = [
        ("alg none", unsigned(&claims, &kid)),
        (
            "wrong key",
            sign(
                &claims,
                &kid,
                b"not-the-key-0123456789abcdef0123456789",
                Algorithm::HS256,
            ),
        ),
        (
            "unknown kid",
            sign(&claims, "someone-else", &secret, Algorithm::HS256),
        ),
        (
            "other algorithm",
            sign(&claims, &kid, &secret, Algorithm::HS512),
        ),
        (
            "expired",
            sign(
                &with("exp", json!(now - 1)),
                &kid,
                &secret,
                Algorithm::HS256,
            ),
        ),
        (
            "wrong audience",
            sign(
                &with("aud", json!("another-app")),
                &kid,
                &secret,
                Algorithm::HS256,
            ),
        ),
        (
            "wrong issuer",
            sign(
                &with("iss", json!("someone-else")),
                &kid,
                &secret,
                Algorithm::HS256,
            ),
        ),
        (
            "no subject",
            sign(&with("sub", Value::Null), &kid, &secret, Algorithm::HS256),
        ),
        ("revoked", revoked.clone()),
        (
            "for another user (our key, their name)",
            sign(&with("sub", json!(other)), &kid, &secret, Algorithm::HS256),
        ),
        ("garbage", "not.a.token".to_string()),
        ("missing", String::new()),
    ];
    let protected: Vec<&Route> = ROUTES
        .iter()
        .copied()
        .filter(|r| r.access != Access::Public)
        .collect();
    assert!(protected.len() >= 3, "the suite walks the table");
    for route in protected {
        for (what, token) in &forgeries {
            assert_eq!(
                call(&gw, route, token).await,
                StatusCode::UNAUTHORIZED,
                "{} with a token that is {what}",
                route.name
            );
        }
    }
    // Admin rows also refuse a genuine token without the admin role.
    for route in ROUTES.iter().filter(|r| r.access == Access::Admin) {
        assert_eq!(
            call(&gw, route, &good).await,
            StatusCode::FORBIDDEN,
            "{} with an ordinary user's token",
            route.name
        );
    }
    // The genuine token still works, so the refusals above are about the forgeries.
    let user = gw.user(Some(&good)).await;
    assert_eq!(user.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_token_acts_only_as_its_own_user() {
    let gw = spawn_gateway().await;
    let (alice, alice_password) = register_user("alice");
    let (bob, bob_password) = register_user("bob");
    let alice_token = gw.login(&alice, &alice_password).await;
    gw.login(&bob, &bob_password).await;
    let user: Value = gw.user(Some(&alice_token)).await.json().await.unwrap();
    assert_eq!(
        user["username"],
        alice.as_str(),
        "the token's subject, never anyone else"
    );
    // A token whose subject was changed to Bob's fails its signature.
    let (kid, _) = gw.tokens.clone().unwrap().keys[0].clone();
    let mut claims = claims_of(&alice_token);
    claims["sub"] = json!(bob);
    let forged = sign(
        &claims,
        &kid,
        b"guessed-key-0123456789abcdef0123456789",
        Algorithm::HS256,
    );
    let refused = gw.user(Some(&forged)).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}
