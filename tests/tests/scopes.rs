//! Scoped tokens: every route of the table refuses a token that lacks exactly its scope
//! (403 `MissingScope`, naming it) and takes one that has it; users mint narrower tokens,
//! list and revoke them. The suite walks the route table, so a new route is covered the day
//! it is added.

use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Gateway, concrete_path, register_user, spawn_user_admin_gateway};
use xwg_api::routes::Route;
use xwg_api::scopes::Scope;
use xwg_api::table::ROUTES;

/// Mints a token from `token` with these scopes; the answer's JSON.
async fn mint(
    gw: &Gateway,
    token: &str,
    scopes: &[&str],
    expires_in: Option<u64>,
) -> reqwest::Response {
    gw.http
        .post(gw.url("/sparkweb/api/rest/tokens"))
        .header("Authorization", token)
        .json(&json!({"name": "test", "scopes": scopes, "expiresIn": expires_in}))
        .send()
        .await
        .unwrap()
}

/// What minting answers, as JSON.
async fn mint_json(gw: &Gateway, token: &str, scopes: &[&str], expires_in: Option<u64>) -> Value {
    mint(gw, token, scopes, expires_in)
        .await
        .json()
        .await
        .unwrap()
}

async fn minted(gw: &Gateway, token: &str, scopes: &[&str]) -> String {
    let response = mint(gw, token, scopes, None).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().unwrap().to_string()
}

/// Calls the route with the token: whether it was refused for lacking a scope, and which.
/// A call still running after a few seconds passed the check (which comes before any work).
async fn missing_scope(gw: &Gateway, route: &Route, token: &str) -> Option<String> {
    let request = gw
        .http
        .request(route.method.clone(), gw.url(&concrete_path(route)))
        .header("Authorization", format!("Bearer {token}"))
        .timeout(Duration::from_secs(5))
        .body("x");
    let Ok(response) = request.send().await else {
        return None;
    };
    if response.status() != StatusCode::FORBIDDEN {
        return None;
    }
    let body: Value = response.json().await.unwrap_or_default();
    (body["error"] == "MissingScope")
        .then(|| body["scope"].as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn every_route_refuses_a_token_missing_exactly_its_scope_and_takes_one_with_it() {
    let (root, password) = register_user("root");
    let gw = spawn_user_admin_gateway("scopes-secret", &[&root]).await;
    let full = gw.login(&root, &password).await;
    let mut without = Vec::new();
    let mut only = Vec::new();
    for scope in Scope::ALL {
        let others: Vec<&str> = Scope::ALL
            .iter()
            .filter(|s| **s != scope)
            .map(|s| s.name())
            .collect();
        without.push((scope, minted(&gw, &full, &others).await));
        only.push((scope, minted(&gw, &full, &[scope.name()]).await));
    }
    let token = |tokens: &[(Scope, String)], scope: Scope| {
        tokens.iter().find(|(s, _)| *s == scope).unwrap().1.clone()
    };
    // Deleting the account would end every token: that route goes last.
    let mut scoped: Vec<&Route> = ROUTES
        .iter()
        .copied()
        .filter(|r| r.scope.is_some())
        .collect();
    scoped.sort_by_key(|route| route.name == "delete_user");
    assert!(scoped.len() > 100, "the suite walks the table");
    for route in &scoped {
        let scope = route.scope.unwrap();
        assert_eq!(
            missing_scope(&gw, route, &token(&without, scope))
                .await
                .as_deref(),
            Some(scope.name()),
            "{} with a token that lacks `{scope}`",
            route.name
        );
    }
    let (last, rest) = scoped.split_last().unwrap();
    let passed: Vec<(&str, Option<String>)> = futures::stream::iter(rest.iter())
        .map(|route| {
            let token = token(&only, route.scope.unwrap());
            let gw = &gw;
            async move { (route.name, missing_scope(gw, route, &token).await) }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    for (name, refused) in passed {
        assert_eq!(refused, None, "{name} with a token of its scope");
    }
    assert_eq!(
        missing_scope(&gw, last, &token(&only, last.scope.unwrap())).await,
        None,
        "{}",
        last.name
    );
}

#[tokio::test]
async fn users_mint_narrower_tokens_list_and_revoke_them() {
    let (root, root_password) = register_user("root");
    let gw = spawn_user_admin_gateway("scopes-secret", &[&root]).await;
    let (ann, password) = register_user("ann");
    let login = gw.login(&ann, &password).await;

    // A read-only token for a dashboard: it reads, it does not send.
    let reader = minted(&gw, &login, &["chat:read"]).await;
    assert_eq!(
        gw.rest(reqwest::Method::GET, "inbox", &reader, "")
            .await
            .status(),
        StatusCode::OK
    );
    let refused = gw.send_chat(&reader, &tests::jid("bob"), "hi").await;
    assert_eq!(refused, StatusCode::FORBIDDEN);

    // Minting never widens: not from a token without `account`, not beyond its own scopes,
    // not into administrators' scopes for a user who is not one.
    let narrow = minted(&gw, &login, &["chat:read", "account"]).await;
    let wider = mint_json(&gw, &narrow, &["chat:write"], None).await;
    assert_eq!(wider["error"], "MissingScope");
    assert_eq!(wider["scope"], "chat:write");
    let from_reader = mint_json(&gw, &reader, &["chat:read"], None).await;
    assert_eq!(from_reader["scope"], "account");
    let admin_scope = mint_json(&gw, &login, &["admin:read"], None).await;
    assert_eq!(admin_scope["scope"], "admin:read", "{admin_scope}");
    let root_login = gw.login(&root, &root_password).await;
    minted(&gw, &root_login, &["admin:read"]).await;
    for bad in [json!(["chat:everything"]), json!([])] {
        let response = gw
            .http
            .post(gw.url("/sparkweb/api/rest/tokens"))
            .header("Authorization", &login)
            .json(&json!({"name": "x", "scopes": bad}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        mint(&gw, &login, &["chat:read"], Some(10 * 365 * 86_400))
            .await
            .status(),
        StatusCode::BAD_REQUEST,
        "a year at most"
    );
    // A token minted from a narrowed one ends no later than it.
    let short = minted(&gw, &login, &["chat:read", "account"]).await;
    let claims_short = tests::claims_of(&short);
    let child = mint_json(&gw, &short, &["chat:read"], Some(300 * 86_400)).await;
    assert!(
        child["expiresAt"].as_i64() <= claims_short["exp"].as_i64(),
        "{child}"
    );

    // Listed with their names and scopes (never the token); revoked at once.
    let listed: Value = gw
        .rest(reqwest::Method::GET, "tokens", &login, "")
        .await
        .json()
        .await
        .unwrap();
    let tokens = listed["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 4, "{listed}");
    assert!(tokens.iter().all(|t| t.get("token").is_none()), "{listed}");
    let reader_id = tokens
        .iter()
        .find(|t| t["scopes"] == json!(["chat:read"]) && t["id"] != child["id"])
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut stream = gw.sse(&reader, None).await;
    let reader_path = format!("tokens/{reader_id}");
    let revoke = || gw.rest(reqwest::Method::DELETE, &reader_path, &login, "");
    let revoked = revoke().await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert!(
        stream.ends(Duration::from_secs(5)).await,
        "its stream ends at once"
    );
    assert_eq!(
        gw.user(Some(&reader)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let again = revoke().await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    // Logging the login out leaves the tokens minted from it; a password change would not.
    assert_eq!(gw.logout(&login).await, StatusCode::OK);
    assert_eq!(
        gw.rest(reqwest::Method::GET, "inbox", &narrow, "")
            .await
            .status(),
        StatusCode::OK
    );
}
