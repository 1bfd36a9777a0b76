//! The factor policy (`XWG_AUTH_POLICY`): where a password needs a TOTP code too, the
//! password step answers with a step-up ticket, and the code with that ticket logs in.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Gateway, claims_of, register_user, totp_code, unix_now};
use xwg_api::config::policy::Policy;

async fn strict_gateway(policy: &str) -> Gateway {
    let policy = Policy::parse(policy).unwrap();
    Gateway::builder()
        .config(|config| config.policy = policy)
        .spawn()
        .await
}

#[tokio::test]
async fn a_password_needs_a_code_where_the_policy_says_so() {
    let gw = strict_gateway("pwd+otp,hwk").await;
    let (username, password) = register_user("strict");
    let secret = gw.enrol_totp(&username, &password).await;

    let step = gw.try_login(&username, &password).await;
    assert_eq!(step.status(), StatusCode::UNAUTHORIZED);
    let step: Value = step.json().await.unwrap();
    assert_eq!(step["error"], "SecondFactorRequired");
    assert_eq!(step["needed"], json!([["otp"]]));
    let ticket = step["ticket"].as_str().unwrap().to_string();

    let authenticate = |ticket: Option<String>| {
        let mut request = gw
            .http
            .post(gw.url(&format!("/sparkweb/api/rest/totp/authenticate/{username}")))
            .json(&json!({ "code": totp_code(&secret, unix_now()) }));
        if let Some(ticket) = ticket {
            request = request.header("X-Auth-Ticket", ticket);
        }
        request.send()
    };
    let done = authenticate(Some(ticket.clone())).await.unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let token: Value = done.json().await.unwrap();
    assert_eq!(
        claims_of(token["token"].as_str().unwrap())["amr"],
        json!(["otp", "pwd"])
    );

    let reused = authenticate(Some(ticket)).await.unwrap();
    assert_eq!(
        reused.status(),
        StatusCode::UNAUTHORIZED,
        "a ticket works once"
    );
}

#[tokio::test]
async fn a_factor_the_policy_does_not_name_is_refused() {
    let gw = strict_gateway("hwk").await;
    let (username, password) = register_user("keysonly");
    let refused = gw.try_login(&username, &password).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "FactorNotAccepted");
}
