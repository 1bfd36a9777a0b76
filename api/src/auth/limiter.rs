//! Failure limits: after `max` failed attempts within `window` for one key (a user, a
//! source address), further attempts are refused with 429 and Retry-After until the window
//! ends.
//! Counts live in the store, so every function instance and keeper sees the same ones.

use std::time::Duration;

use serde_json::json;

use super::AuthError;
use xwg_core::store::{Item, NewItem, Store, StoreError};

pub struct Limit {
    /// What is limited (part of the store key and of the message).
    pub name: &'static str,
    pub max: u64,
    pub window: Duration,
}

fn key(limit: &Limit, subject: &str) -> (String, &'static str) {
    (format!("limit#{}#{subject}", limit.name), "window")
}

fn too_many(limit: &Limit, retry_after: u64) -> AuthError {
    AuthError::TooManyAttempts {
        message: format!(
            "Too many failed {} attempts; try again in {retry_after} seconds.",
            limit.name
        ),
        retry_after,
    }
}

/// Takes one attempt from `subject`'s allowance before the attempt is made, atomically, so
/// that a burst of concurrent guesses cannot slip past the limit. Refuses (429 with
/// Retry-After) when none is left. A failed attempt keeps what it took; a success gives it
/// back ([`release`]) or forgets them all ([`clear`]).
pub async fn reserve(
    store: &dyn Store,
    limit: &Limit,
    subject: &str,
    now: i64,
) -> Result<(), AuthError> {
    add_attempt(store, limit, subject, now, true).await
}

/// Counts a failure of `subject` without refusing anything (a limit that binds only some
/// callers counts everyone's failures).
pub async fn count(
    store: &dyn Store,
    limit: &Limit,
    subject: &str,
    now: i64,
) -> Result<(), AuthError> {
    add_attempt(store, limit, subject, now, false).await
}

async fn add_attempt(
    store: &dyn Store,
    limit: &Limit,
    subject: &str,
    now: i64,
    enforce: bool,
) -> Result<(), AuthError> {
    let (pk, sk) = key(limit, subject);
    loop {
        let written = match store.get(&pk, sk).await? {
            None => {
                let expires_at = Some(now + limit.window.as_secs() as i64);
                store
                    .create(NewItem {
                        pk: pk.clone(),
                        sk: sk.into(),
                        data: json!({ "attempts": 1 }),
                        expires_at,
                    })
                    .await
            }
            Some(window) => {
                let attempts = window.data["attempts"].as_u64().unwrap_or(0);
                if enforce && attempts >= limit.max {
                    return Err(too_many(
                        limit,
                        window.expires_at.map_or(1, |end| (end - now).max(1)) as u64,
                    ));
                }
                store
                    .update(counted(&window, attempts + 1), window.version)
                    .await
            }
        };
        match written {
            Ok(_) => return Ok(()),
            Err(StoreError::ConditionFailed) => continue, // a concurrent attempt: take again
            Err(err) => return Err(err.into()),
        }
    }
}

/// The same window with another count.
fn counted(window: &Item, attempts: u64) -> NewItem {
    NewItem {
        pk: window.pk.clone(),
        sk: window.sk.clone(),
        data: json!({ "attempts": attempts }),
        expires_at: window.expires_at,
    }
}

/// Gives back one reserved attempt (it did not fail).
pub async fn release(store: &dyn Store, limit: &Limit, subject: &str) -> Result<(), StoreError> {
    let (pk, sk) = key(limit, subject);
    loop {
        let Some(window) = store.get(&pk, sk).await? else {
            return Ok(());
        };
        let attempts = window.data["attempts"]
            .as_u64()
            .unwrap_or(0)
            .saturating_sub(1);
        match store
            .update(counted(&window, attempts), window.version)
            .await
        {
            Ok(_) => return Ok(()),
            Err(StoreError::ConditionFailed) => continue,
            Err(err) => return Err(err),
        }
    }
}

/// How many attempts `subject` has in its current window.
pub async fn attempts(store: &dyn Store, limit: &Limit, subject: &str) -> Result<u64, StoreError> {
    let (pk, sk) = key(limit, subject);
    Ok(store
        .get(&pk, sk)
        .await?
        .and_then(|window| window.data["attempts"].as_u64())
        .unwrap_or(0))
}

/// Forgets the failures of `subject` (after a success).
pub async fn clear(store: &dyn Store, limit: &Limit, subject: &str) -> Result<(), StoreError> {
    let (pk, sk) = key(limit, subject);
    store.delete(&pk, sk).await
}
