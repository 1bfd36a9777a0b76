//! WebAuthn passkeys (webauthn-rs): the relying party, users' credentials in the store, and
//! the challenge state kept between the two stateless calls of a ceremony (single use,
//! expiring after five minutes).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use webauthn_rs::prelude::{Passkey, Uuid};

use xwg_core::store::{NewItem, Query, Store, StoreError};

/// How long a started ceremony may take to finish.
pub const CEREMONY_SECS: i64 = 300;

fn partition(user: &str) -> String {
    format!("passkeys#{user}")
}

fn corrupt(err: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("unusable passkey data: {err}"))
}

/// The user's WebAuthn user handle: random, made once, never the username.
pub async fn user_handle(store: &dyn Store, user: &str) -> Result<Uuid, StoreError> {
    let fresh = NewItem {
        pk: partition(user),
        sk: "handle".into(),
        data: json!(Uuid::new_v4()),
        expires_at: None,
    };
    match store.create(fresh).await {
        Ok(item) => serde_json::from_value(item.data).map_err(corrupt),
        Err(StoreError::ConditionFailed) => {
            let item = store
                .get(&partition(user), "handle")
                .await?
                .ok_or_else(|| corrupt("handle vanished"))?;
            serde_json::from_value(item.data).map_err(corrupt)
        }
        Err(err) => Err(err),
    }
}

fn credential_key(passkey: &Passkey) -> String {
    use base64::Engine;
    format!(
        "cred#{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(passkey.cred_id())
    )
}

/// The user's passkeys with their store versions.
pub async fn list(store: &dyn Store, user: &str) -> Result<Vec<(Passkey, u64)>, StoreError> {
    let query = Query {
        prefix: "cred#".into(),
        after: None,
        descending: false,
        limit: 100,
    };
    let page = store.query(&partition(user), &query).await?;
    page.items
        .into_iter()
        .map(|item| {
            Ok((
                serde_json::from_value(item.data).map_err(corrupt)?,
                item.version,
            ))
        })
        .collect()
}

/// Adds a passkey; `ConditionFailed` when that credential is registered already.
pub async fn add(store: &dyn Store, user: &str, passkey: &Passkey) -> Result<(), StoreError> {
    let data = serde_json::to_value(passkey).map_err(corrupt)?;
    store
        .create(NewItem {
            pk: partition(user),
            sk: credential_key(passkey),
            data,
            expires_at: None,
        })
        .await
        .map(drop)
}

/// Stores a passkey's new sign counter (and backup state) after a login.
pub async fn update(
    store: &dyn Store,
    user: &str,
    passkey: &Passkey,
    version: u64,
) -> Result<(), StoreError> {
    let data = serde_json::to_value(passkey).map_err(corrupt)?;
    store
        .update(
            NewItem {
                pk: partition(user),
                sk: credential_key(passkey),
                data,
                expires_at: None,
            },
            version,
        )
        .await
        .map(drop)
}

/// Keeps a ceremony's state until it finishes (a newer start replaces it).
pub async fn save_ceremony<T: Serialize>(
    store: &dyn Store,
    user: &str,
    kind: &str,
    state: &T,
    now: i64,
) -> Result<(), StoreError> {
    let data = serde_json::to_value(state).map_err(corrupt)?;
    let item = NewItem {
        pk: format!("ceremony#{user}"),
        sk: kind.into(),
        data,
        expires_at: Some(now + CEREMONY_SECS),
    };
    store.put(item).await.map(drop)
}

/// Takes a ceremony's state out, once: a second finish with the same challenge finds none.
pub async fn take_ceremony<T: DeserializeOwned>(
    store: &dyn Store,
    user: &str,
    kind: &str,
) -> Result<Option<T>, StoreError> {
    let pk = format!("ceremony#{user}");
    let Some(item) = store.get(&pk, kind).await? else {
        return Ok(None);
    };
    let spent = NewItem {
        pk,
        sk: kind.into(),
        data: item.data.clone(),
        expires_at: Some(0),
    };
    match store.update(spent, item.version).await {
        Ok(_) => serde_json::from_value(item.data).map(Some).map_err(corrupt),
        Err(StoreError::ConditionFailed) => Ok(None),
        Err(err) => Err(err),
    }
}
