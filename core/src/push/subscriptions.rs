//! Users' push subscriptions, one per user and resource (a browser, a device): the
//! `PushSubscription` JSON a browser made (`endpoint`, `keys.p256dh`, `keys.auth`).
//! Keys: `push#<user>` / `<resource>`; `push-users` / `<user>` lists who has any.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::PushError;
use crate::store::{self, NewItem, Store};

const USERS: &str = "push-users";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    pub resource: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// The browser's `PushSubscription.toJSON()`.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = PushSubscriptionJSON))]
pub struct Browser {
    endpoint: String,
    keys: BrowserKeys,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BrowserKeys {
    p256dh: String,
    auth: String,
}

fn key(user: &str) -> String {
    format!("push#{user}")
}

/// Checks a browser's subscription: an http(s) endpoint, a 65-byte P-256 public key and a
/// 16-byte authentication secret, URL-safe base64 (padding tolerated).
pub fn from_browser(resource: &str, browser: Browser) -> Result<Subscription, PushError> {
    let endpoint = url::Url::parse(&browser.endpoint)
        .ok()
        .filter(|url| matches!(url.scheme(), "https" | "http") && url.host().is_some())
        .ok_or_else(|| {
            PushError::BadSubscription("The subscription's endpoint is not an http(s) URL.".into())
        })?;
    let decoded = |value: &str, len: usize, what: &str| {
        B64URL
            .decode(value.trim_end_matches('='))
            .ok()
            .filter(|bytes| bytes.len() == len)
            .map(|bytes| B64URL.encode(bytes))
            .ok_or_else(|| {
                PushError::BadSubscription(format!(
                    "The subscription's keys.{what} is not {len} bytes of URL-safe base64."
                ))
            })
    };
    Ok(Subscription {
        resource: resource.to_string(),
        endpoint: endpoint.to_string(),
        p256dh: decoded(&browser.keys.p256dh, 65, "p256dh")?,
        auth: decoded(&browser.keys.auth, 16, "auth")?,
    })
}

/// Stores the subscription, replacing the user's earlier one for the same resource.
pub async fn put(
    store: &dyn Store,
    user: &str,
    subscription: &Subscription,
) -> Result<(), PushError> {
    store
        .put(NewItem {
            pk: key(user),
            sk: subscription.resource.clone(),
            data: json!(subscription),
            expires_at: None,
        })
        .await?;
    store
        .put(NewItem {
            pk: USERS.into(),
            sk: user.into(),
            data: json!({}),
            expires_at: None,
        })
        .await?;
    Ok(())
}

pub async fn of_user(store: &dyn Store, user: &str) -> Result<Vec<Subscription>, PushError> {
    Ok(store::all(store, &key(user), "")
        .await?
        .into_iter()
        .filter_map(|item| serde_json::from_value(item.data).ok())
        .collect())
}

pub async fn remove(store: &dyn Store, user: &str, resource: &str) -> Result<(), PushError> {
    store.delete(&key(user), resource).await?;
    if of_user(store, user).await?.is_empty() {
        store.delete(USERS, user).await?;
    }
    Ok(())
}

/// The users with at least one subscription.
pub async fn subscribers(store: &dyn Store) -> Result<Vec<String>, PushError> {
    Ok(store::all(store, USERS, "")
        .await?
        .into_iter()
        .map(|item| item.sk)
        .collect())
}
