//! Failure limits: after `max` failures within `window` for one key (a user, a source
//! address), further attempts are refused with 429 and Retry-After until the window ends.
//! Counts live in the store, so every function instance and keeper sees the same ones.

use std::time::Duration;

use http::StatusCode;
use serde_json::json;

use crate::ApiError;
use crate::store::{NewItem, Store, StoreError};

pub struct Limit {
    /// What is limited (part of the store key and of the message).
    pub name: &'static str,
    pub max: u64,
    pub window: Duration,
}

fn key(limit: &Limit, subject: &str) -> (String, &'static str) {
    (format!("limit#{}#{subject}", limit.name), "window")
}

/// Refuses when `subject` has used up its failures; says when to try again.
pub async fn check(
    store: &dyn Store,
    limit: &Limit,
    subject: &str,
    now: i64,
) -> Result<(), ApiError> {
    let (pk, sk) = key(limit, subject);
    match store.get(&pk, sk).await? {
        Some(window) if window.data["failures"].as_u64().unwrap_or(0) >= limit.max => {
            let retry_after = window.expires_at.map_or(1, |end| (end - now).max(1)) as u64;
            Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyAttempts",
                format!(
                    "Too many failed {} attempts; try again in {retry_after} seconds.",
                    limit.name
                ),
            )
            .with_retry_after(retry_after))
        }
        _ => Ok(()),
    }
}

/// Counts one failure of `subject` in the current window (which starts with the first).
pub async fn record_failure(
    store: &dyn Store,
    limit: &Limit,
    subject: &str,
    now: i64,
) -> Result<(), StoreError> {
    let (pk, sk) = key(limit, subject);
    loop {
        let written = match store.get(&pk, sk).await? {
            None => {
                let first = NewItem {
                    pk: pk.clone(),
                    sk: sk.into(),
                    data: json!({ "failures": 1 }),
                    expires_at: Some(now + limit.window.as_secs() as i64),
                };
                store.create(first).await
            }
            Some(window) => {
                let failures = window.data["failures"].as_u64().unwrap_or(0) + 1;
                let next = NewItem {
                    pk: pk.clone(),
                    sk: sk.into(),
                    data: json!({ "failures": failures }),
                    expires_at: window.expires_at,
                };
                store.update(next, window.version).await
            }
        };
        match written {
            Ok(_) => return Ok(()),
            Err(StoreError::ConditionFailed) => continue, // a concurrent failure: count again
            Err(err) => return Err(err),
        }
    }
}

/// Forgets the failures of `subject` (after a success).
pub async fn clear(store: &dyn Store, limit: &Limit, subject: &str) -> Result<(), StoreError> {
    let (pk, sk) = key(limit, subject);
    store.delete(&pk, sk).await
}
