//! Revoked tokens: a deny-list of token ids in the store, each entry expiring with the
//! token it revokes (after that the token is refused for being expired anyway).

use serde_json::json;

use super::Claims;
use crate::store::{NewItem, Store, StoreError};

fn key(jti: &str) -> (String, &'static str) {
    (format!("revoked#{jti}"), "token")
}

pub async fn revoke(store: &dyn Store, claims: &Claims) -> Result<(), StoreError> {
    let (pk, sk) = key(&claims.jti);
    let entry = NewItem {
        pk,
        sk: sk.to_string(),
        data: json!({ "sub": claims.sub }),
        expires_at: Some(claims.exp),
    };
    store.put(entry).await.map(|_| ())
}

pub async fn is_revoked(store: &dyn Store, jti: &str) -> Result<bool, StoreError> {
    let (pk, sk) = key(jti);
    Ok(store.get(&pk, sk).await?.is_some())
}
