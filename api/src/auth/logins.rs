//! Logins: what one password (or passkey, or TOTP) step started. A login has an id (`sid`,
//! carried by its access tokens) and a refresh token that yields new access tokens until
//! the login ends or expires. Every access token is checked against its login on every
//! call, so ending a login ends its tokens and its streams at once.
//!
//! A login belongs to one incarnation of the account ([`incarnation`]): deleting the account
//! (or changing its password, or locking it) ends every login of that incarnation, and a name
//! registered again starts from nothing.
//!
//! Refresh tokens rotate: each refresh hands out the next one and marks the one presented
//! as spent. A spent token presented again means it was copied: the whole login ends.
//! Only a hash of a refresh token is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use xwg_core::store::{self, NewItem, Store, StoreError};

pub mod incarnation;

pub use crate::tokens::Login;

/// Why a login ended: told to its streams, and the reason its tokens are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ended {
    LoggedOut,
    /// A spent refresh token of the login was presented again (a copy is in other hands).
    RefreshReused,
    PasswordChanged,
    Locked,
    AccountDeleted,
    /// An administrator closed the user's sessions.
    Closed,
    /// The user revoked this token (or its service account was revoked).
    Revoked,
}

impl Ended {
    pub fn describe(self) -> &'static str {
        match self {
            Ended::LoggedOut => "logged out",
            Ended::RefreshReused => {
                "a used refresh token of this login was presented again; the login was ended to be safe"
            }
            Ended::PasswordChanged => "the account's password was changed",
            Ended::Locked => "the account was locked by an administrator",
            Ended::AccountDeleted => "the account was deleted",
            Ended::Closed => "an administrator closed your sessions",
            Ended::Revoked => "this token was revoked",
        }
    }
}

/// Where a login stands.
#[derive(Debug, PartialEq)]
pub enum State {
    Live,
    /// Ended for this reason (remembered for a day).
    Ended(Ended),
    /// Expired, or never existed.
    Gone,
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("unknown, used or expired refresh token")]
    Invalid,
    /// The login is ended in the store; its streams and session are the caller's to end.
    #[error("a spent refresh token was presented again; its login is ended")]
    Reused(Login),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How long an ended login is remembered, so that its streams and tokens learn why.
const ENDED_SECS: i64 = 24 * 3600;

fn login_pk(user: &str) -> String {
    format!("login#{user}")
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

fn backend(err: serde_json::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

/// Starts a login for `user` in the account's current incarnation at `now`; returns it and
/// its first refresh token.
pub async fn start(
    store: &dyn Store,
    now: i64,
    user: &str,
    amr: &[&str],
    expires_at: i64,
) -> Result<(Login, String), StoreError> {
    let login = Login {
        user: user.to_string(),
        sid: uuid::Uuid::new_v4().simple().to_string(),
        amr: amr.iter().map(|m| m.to_string()).collect(),
        inc: incarnation::current(store, user).await?,
        scope: None,
        svc: None,
    };
    store
        .create(NewItem {
            pk: login_pk(user),
            sk: login.sid.clone(),
            data: json!({ "amr": login.amr, "inc": login.inc, "since": now }),
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
    store
        .create(NewItem {
            pk,
            sk: sk.into(),
            data: json!({ "login": login, "spent": false }),
            expires_at: Some(expires_at),
        })
        .await?;
    Ok(token)
}

/// Where the login `sid` of `user` stands.
pub async fn state(store: &dyn Store, user: &str, sid: &str) -> Result<State, StoreError> {
    let Some(item) = store.get(&login_pk(user), sid).await? else {
        return Ok(State::Gone);
    };
    Ok(
        match serde_json::from_value::<Ended>(item.data["ended"].clone()) {
            Ok(reason) => State::Ended(reason),
            Err(_) => State::Live,
        },
    )
}

/// Spends a refresh token: the login it belongs to (if still live, in the account's current
/// incarnation) and the next token. A token already spent ends its login.
pub async fn refresh(
    store: &dyn Store,
    token: &str,
    now: i64,
    expires_at: i64,
) -> Result<(Login, String), RefreshError> {
    let (pk, sk) = refresh_key(token);
    let item = store.get(&pk, sk).await?.ok_or(RefreshError::Invalid)?;
    let login: Login =
        serde_json::from_value(item.data["login"].clone()).map_err(|_| RefreshError::Invalid)?;
    if item.data["spent"] == true {
        end(store, now, &login.user, &login.sid, Ended::RefreshReused).await?;
        tracing::warn!(user = %login.user, "spent refresh token presented again; login ended");
        return Err(RefreshError::Reused(login));
    }
    let record = match store.get(&login_pk(&login.user), &login.sid).await? {
        Some(record) if record.data.get("ended").is_none() => record,
        _ => return Err(RefreshError::Invalid),
    };
    if incarnation::find(store, &login.user).await?.as_deref() != Some(login.inc.as_str()) {
        return Err(RefreshError::Invalid); // the account was deleted since
    }
    // The next token exists before this one is spent: a store failure in between leaves
    // the user with a working token, never with none.
    let next = issue_refresh(store, &login, expires_at).await?;
    // Spent, and kept (until the login would have expired) to recognise a copy. Of two
    // concurrent refreshes with one token, only one gets past this write.
    let spent = NewItem {
        pk: pk.clone(),
        sk: sk.into(),
        data: json!({ "login": login, "spent": true }),
        expires_at: item.expires_at,
    };
    if let Err(err) = store.update(spent, item.version).await {
        let (next_pk, next_sk) = refresh_key(&next);
        store.delete(&next_pk, next_sk).await?;
        return Err(match err {
            StoreError::ConditionFailed => RefreshError::Invalid,
            other => other.into(),
        });
    }
    // Refreshing keeps the login alive as long as the new refresh token (a concurrent
    // refresh of another token of this login may have done it already).
    let extended = NewItem {
        pk: record.pk.clone(),
        sk: record.sk.clone(),
        data: record.data.clone(),
        expires_at: Some(expires_at),
    };
    match store.update(extended, record.version).await {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok((login, next)),
        Err(err) => Err(err.into()),
    }
}

/// A token of its own, minted from a login or for a service account: a login with no
/// refresh token, narrowed to its scopes, named, ending at its expiry (or with every login
/// of the account: a password change, a lock, a deletion).
pub struct Minted {
    pub name: String,
    /// The `scope` claim of its tokens.
    pub scope: Option<String>,
    /// The service account it was minted for.
    pub svc: Option<String>,
    pub amr: Vec<String>,
    pub expires_at: i64,
}

/// Starts a minted login for `user` under `sid` (a fresh one when `None`; a service
/// account's is the same at every exchange, so its tokens never pile up).
pub async fn mint(
    store: &dyn Store,
    now: i64,
    user: &str,
    sid: Option<String>,
    minted: Minted,
) -> Result<Login, StoreError> {
    let login = Login {
        user: user.to_string(),
        sid: sid.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()),
        amr: minted.amr,
        inc: incarnation::current(store, user).await?,
        scope: minted.scope,
        svc: minted.svc,
    };
    store
        .put(NewItem {
            pk: login_pk(user),
            sk: login.sid.clone(),
            data: json!({
                "amr": login.amr, "inc": login.inc, "since": now, "minted": true,
                "name": minted.name, "scope": login.scope, "svc": login.svc,
            }),
            expires_at: Some(minted.expires_at),
        })
        .await?;
    Ok(login)
}

/// A live login, as an administrator (or, for minted ones, its user) lists it.
pub struct LiveLogin {
    pub sid: String,
    /// When it started (seconds since the epoch; 0 for a login older than this record).
    pub since: i64,
    /// How it was proved (`pwd`, `hwk`, `otp`).
    pub amr: Vec<String>,
    /// Whether it is a minted token (no refresh token), and then its name and scopes.
    pub minted: bool,
    pub name: String,
    pub scope: Option<String>,
    pub svc: Option<String>,
    pub expires_at: Option<i64>,
}

/// The user's live logins.
pub async fn live(store: &dyn Store, user: &str) -> Result<Vec<LiveLogin>, StoreError> {
    Ok(store::all(store, &login_pk(user), "")
        .await?
        .into_iter()
        .filter(|login| login.data.get("ended").is_none())
        .map(|login| LiveLogin {
            since: login.data["since"].as_i64().unwrap_or_default(),
            amr: serde_json::from_value(login.data["amr"].clone()).unwrap_or_default(),
            minted: login.data["minted"] == true,
            name: login.data["name"].as_str().unwrap_or_default().to_string(),
            scope: login.data["scope"].as_str().map(str::to_string),
            svc: login.data["svc"].as_str().map(str::to_string),
            expires_at: login.expires_at,
            sid: login.sk,
        })
        .collect())
}

/// Ends a login (its access tokens, refresh tokens and streams); returns whether the user
/// has another live login.
pub async fn end(
    store: &dyn Store,
    now: i64,
    user: &str,
    sid: &str,
    why: Ended,
) -> Result<bool, StoreError> {
    mark_ended(store, now, user, sid, why).await?;
    let logins = store::all(store, &login_pk(user), "").await?;
    Ok(logins.iter().any(|l| l.data.get("ended").is_none()))
}

/// Ends every login of the account's current incarnation, and the incarnation itself: a
/// token or login that escaped (a write that failed half-way) is refused all the same.
pub async fn end_all(
    store: &dyn Store,
    now: i64,
    user: &str,
    why: Ended,
) -> Result<(), StoreError> {
    incarnation::retire(store, user).await?;
    for login in store::all(store, &login_pk(user), "").await? {
        if login.data.get("ended").is_none() {
            mark_ended(store, now, user, &login.sk, why).await?;
        }
    }
    Ok(())
}

async fn mark_ended(
    store: &dyn Store,
    now: i64,
    user: &str,
    sid: &str,
    why: Ended,
) -> Result<(), StoreError> {
    store
        .put(NewItem {
            pk: login_pk(user),
            sk: sid.to_string(),
            data: json!({ "ended": why }),
            expires_at: Some(now + ENDED_SECS),
        })
        .await
        .map(drop)
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
    let amr = serde_json::from_value(item.data["amr"].clone()).map_err(backend)?;
    Ok(Some((user, amr)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use xwg_core::clock::ManualClock;
    use xwg_core::store::embedded::EmbeddedStore;

    fn store() -> EmbeddedStore {
        let clock = Arc::new(ManualClock::new(NOW));
        EmbeddedStore::open(std::path::Path::new(":memory:"), clock).unwrap()
    }

    const NOW: i64 = 1_000;
    const LATER: i64 = 10_000;

    #[tokio::test]
    async fn a_spent_refresh_token_presented_again_ends_the_login() {
        let store = store();
        let (login, first) = start(&store, NOW, "ann", &["pwd"], LATER).await.unwrap();
        let (_, second) = refresh(&store, &first, NOW, LATER).await.unwrap();
        assert!(matches!(
            refresh(&store, &first, NOW, LATER).await,
            Err(RefreshError::Reused(_))
        ));
        assert_eq!(
            state(&store, "ann", &login.sid).await.unwrap(),
            State::Ended(Ended::RefreshReused)
        );
        assert!(matches!(
            refresh(&store, &second, NOW, LATER).await,
            Err(RefreshError::Invalid)
        ));
    }

    #[tokio::test]
    async fn a_recycled_name_does_not_inherit_logins() {
        let store = store();
        let (old, token) = start(&store, NOW, "bob", &["pwd"], LATER).await.unwrap();
        end_all(&store, NOW, "bob", Ended::AccountDeleted)
            .await
            .unwrap();
        let (new, _) = start(&store, NOW, "bob", &["pwd"], LATER).await.unwrap();
        assert_ne!(old.inc, new.inc, "a new incarnation");
        assert!(matches!(
            refresh(&store, &token, NOW, LATER).await,
            Err(RefreshError::Invalid)
        ));
        assert_eq!(
            state(&store, "bob", &old.sid).await.unwrap(),
            State::Ended(Ended::AccountDeleted)
        );
        assert_eq!(state(&store, "bob", &new.sid).await.unwrap(), State::Live);
    }

    #[tokio::test]
    async fn ending_one_login_leaves_the_others() {
        let store = store();
        let (a, _) = start(&store, NOW, "cy", &["pwd"], LATER).await.unwrap();
        let (b, _) = start(&store, NOW, "cy", &["pwd"], LATER).await.unwrap();
        assert!(
            end(&store, NOW, "cy", &a.sid, Ended::LoggedOut)
                .await
                .unwrap()
        );
        assert_eq!(state(&store, "cy", &b.sid).await.unwrap(), State::Live);
        let live = live(&store, "cy").await.unwrap();
        assert_eq!(
            live.iter()
                .map(|l| (l.sid.as_str(), l.since))
                .collect::<Vec<_>>(),
            [(b.sid.as_str(), NOW)],
            "only the live login is listed, with when it started"
        );
        assert!(
            !end(&store, NOW, "cy", &b.sid, Ended::LoggedOut)
                .await
                .unwrap()
        );
    }
}
