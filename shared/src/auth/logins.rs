//! Logins: what one password (or passkey, or TOTP) step started. A login has an id (`sid`,
//! carried by its access tokens) and a refresh token that yields new access tokens until
//! the login ends (logout) or expires. Refresh tokens are single use: each refresh hands
//! out the next one. Only a hash of a refresh token is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::store::{NewItem, Query, Store, StoreError};

/// What a login was started with, carried on to every token it yields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Login {
    pub user: String,
    pub sid: String,
    pub amr: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("unknown, used or expired refresh token")]
    Invalid,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn login_key(login: &Login) -> (String, String) {
    (format!("login#{}", login.user), login.sid.clone())
}

/// Where a bearer secret (refresh token, step-up ticket) is kept: under its hash only.
fn hashed_key(kind: &str, token: &str) -> (String, &'static str) {
    let digest = Sha256::digest(token.as_bytes());
    (format!("{kind}#{}", B64URL.encode(digest)), "token")
}

fn refresh_key(token: &str) -> (String, &'static str) {
    hashed_key("refresh", token)
}

/// 256 random bits, URL-safe.
fn random_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Backend(format!("no randomness: {e}")))?;
    Ok(B64URL.encode(bytes))
}

/// Starts a login for `user`; returns it and its first refresh token.
pub async fn start(
    store: &dyn Store,
    user: &str,
    amr: &[&str],
    expires_at: i64,
) -> Result<(Login, String), StoreError> {
    let login = Login {
        user: user.to_string(),
        sid: uuid::Uuid::new_v4().simple().to_string(),
        amr: amr.iter().map(|m| m.to_string()).collect(),
    };
    let (pk, sk) = login_key(&login);
    store
        .create(NewItem {
            pk,
            sk,
            data: json!({ "amr": login.amr }),
            expires_at: Some(expires_at),
        })
        .await?;
    let refresh = issue_refresh(store, &login, expires_at).await?;
    Ok((login, refresh))
}

async fn issue_refresh(
    store: &dyn Store,
    login: &Login,
    expires_at: i64,
) -> Result<String, StoreError> {
    let token = random_token()?;
    let (pk, sk) = refresh_key(&token);
    let data = serde_json::to_value(login).map_err(|e| StoreError::Backend(e.to_string()))?;
    store
        .create(NewItem {
            pk,
            sk: sk.into(),
            data,
            expires_at: Some(expires_at),
        })
        .await?;
    Ok(token)
}

/// Spends a refresh token: the login it belongs to (if still live) and the next token.
pub async fn refresh(
    store: &dyn Store,
    token: &str,
    expires_at: i64,
) -> Result<(Login, String), RefreshError> {
    let (pk, sk) = refresh_key(token);
    let item = store.get(&pk, sk).await?.ok_or(RefreshError::Invalid)?;
    let login: Login =
        serde_json::from_value(item.data.clone()).map_err(|_| RefreshError::Invalid)?;
    let (login_pk, login_sk) = login_key(&login);
    let Some(record) = store.get(&login_pk, &login_sk).await? else {
        return Err(RefreshError::Invalid); // logged out
    };
    // The next token exists before this one is spent: a store failure in between leaves
    // the user with a working token, never with none.
    let next = issue_refresh(store, &login, expires_at).await?;
    // Single use: of two concurrent refreshes with one token, only one gets past this write.
    let spent = NewItem {
        pk: pk.clone(),
        sk: sk.into(),
        data: item.data.clone(),
        expires_at: Some(0),
    };
    match store.update(spent, item.version).await {
        Ok(_) => {}
        Err(err) => {
            let (next_pk, next_sk) = refresh_key(&next);
            store.delete(&next_pk, next_sk).await?;
            return Err(match err {
                StoreError::ConditionFailed => RefreshError::Invalid,
                other => other.into(),
            });
        }
    }
    // Refreshing keeps the login alive as long as the new refresh token (a concurrent
    // refresh of another token of this login may have done it already).
    let extended = NewItem {
        pk: login_pk,
        sk: login_sk,
        data: record.data,
        expires_at: Some(expires_at),
    };
    match store.update(extended, record.version).await {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok((login, next)),
        Err(err) => Err(err.into()),
    }
}

/// Ends a login; returns whether the user has any other live login.
pub async fn end(store: &dyn Store, user: &str, sid: &str) -> Result<bool, StoreError> {
    store.delete(&format!("login#{user}"), sid).await?;
    let others = store
        .query(
            &format!("login#{user}"),
            &Query {
                limit: 1,
                ..Query::default()
            },
        )
        .await?;
    Ok(!others.items.is_empty())
}

/// How long a step-up ticket waits for the next factor.
const STEP_UP_SECS: i64 = 300;

/// A ticket for a user who proved some factors and must prove more (policy); it carries
/// what was proved to the next factor's route.
pub async fn issue_step_up(
    store: &dyn Store,
    user: &str,
    proved: &[String],
    now: i64,
) -> Result<String, StoreError> {
    let ticket = random_token()?;
    let (pk, sk) = hashed_key("stepup", &ticket);
    let data = json!({ "user": user, "amr": proved });
    store
        .create(NewItem {
            pk,
            sk: sk.into(),
            data,
            expires_at: Some(now + STEP_UP_SECS),
        })
        .await?;
    Ok(ticket)
}

/// Spends a step-up ticket, once: (user, factors proved with it).
pub async fn take_step_up(
    store: &dyn Store,
    ticket: &str,
) -> Result<Option<(String, Vec<String>)>, StoreError> {
    let (pk, sk) = hashed_key("stepup", ticket);
    let Some(item) = store.get(&pk, sk).await? else {
        return Ok(None);
    };
    let spent = NewItem {
        pk,
        sk: sk.into(),
        data: item.data.clone(),
        expires_at: Some(0),
    };
    match store.update(spent, item.version).await {
        Ok(_) => {}
        Err(StoreError::ConditionFailed) => return Ok(None),
        Err(err) => return Err(err),
    }
    let user = item.data["user"].as_str().unwrap_or_default().to_string();
    let amr = serde_json::from_value(item.data["amr"].clone()).unwrap_or_default();
    Ok(Some((user, amr)))
}
