//! Lockouts: a locked account gets in through no way the gateway offers (login, refresh,
//! tokens) until an administrator unlocks it. Key: `user#<username>` / `lockout`.

use serde_json::json;
use xwg_core::store::{NewItem, StoreError};

use super::AuthError;
use crate::Ctx;

fn key(user: &str) -> String {
    format!("user#{user}")
}

pub async fn lock(ctx: &Ctx, user: &str) -> Result<(), StoreError> {
    ctx.store
        .put(NewItem {
            pk: key(user),
            sk: "lockout".into(),
            data: json!({ "since": ctx.clock.now() }),
            expires_at: None,
        })
        .await
        .map(drop)
}

pub async fn unlock(ctx: &Ctx, user: &str) -> Result<(), StoreError> {
    ctx.store.delete(&key(user), "lockout").await
}

pub async fn is_locked(ctx: &Ctx, user: &str) -> Result<bool, StoreError> {
    Ok(ctx.store.get(&key(user), "lockout").await?.is_some())
}

/// The refusal every way into the gateway gives a locked-out user (login, refresh, tokens).
pub async fn refuse_if_locked(ctx: &Ctx, user: &str) -> Result<(), AuthError> {
    if is_locked(ctx, user).await? {
        return Err(AuthError::Locked);
    }
    Ok(())
}
