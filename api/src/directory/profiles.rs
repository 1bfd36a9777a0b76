//! What the gateway keeps about users: the directory (every user it created or saw log in,
//! with name and email — the server offers no way to list its accounts).
//! Key: `users` / `<username>` → profile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::DirectoryError;
use crate::Ctx;
use crate::auth::lockout;
use xwg_core::store::{self, NewItem, StoreError};

const DIRECTORY: &str = "users";

/// The gateway's profile of a user.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Profile {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    /// Openfire's user properties: free key/value pairs an administrator keeps about the
    /// user (the gateway's store only; no XMPP client sees them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
}

impl Profile {
    /// What of the profile the user's vCard carries.
    pub fn card(&self) -> (&str, &str) {
        (&self.name, &self.email)
    }
}

fn entry(user: &str, profile: &Profile) -> NewItem {
    NewItem {
        pk: DIRECTORY.into(),
        sk: user.into(),
        data: json!(profile),
        expires_at: None,
    }
}

/// The user's directory entry, if the gateway knows the user.
pub async fn find(ctx: &Ctx, user: &str) -> Result<Option<Profile>, DirectoryError> {
    Ok(ctx
        .store
        .get(DIRECTORY, user)
        .await?
        .map(|item| serde_json::from_value(item.data).unwrap_or_default()))
}

/// The user's profile (empty when none was set).
pub async fn profile(ctx: &Ctx, user: &str) -> Result<Profile, DirectoryError> {
    Ok(find(ctx, user).await?.unwrap_or_default())
}

/// Changes the user's name and/or email: in their vCard on the server and in the profile.
pub async fn change(
    ctx: &Ctx,
    user: &str,
    name: Option<String>,
    email: Option<String>,
) -> Result<(), DirectoryError> {
    let old = profile(ctx, user).await?;
    let new = Profile {
        name: name.unwrap_or(old.name),
        email: email.unwrap_or(old.email),
        properties: old.properties,
    };
    ctx.on(user).vcard_set_own(&new.name, &new.email).await?;
    put(ctx, user, &new).await
}

/// Every user in the directory, by username.
pub async fn usernames(store: &dyn store::Store) -> Result<Vec<String>, StoreError> {
    Ok(store::all(store, DIRECTORY, "")
        .await?
        .into_iter()
        .map(|item| item.sk)
        .collect())
}

pub async fn put(ctx: &Ctx, user: &str, profile: &Profile) -> Result<(), DirectoryError> {
    ctx.store.put(entry(user, profile)).await?;
    Ok(())
}

/// Enters a user who logged in into the directory, keeping a profile already there.
pub async fn note(ctx: &Ctx, user: &str) -> Result<(), DirectoryError> {
    match ctx.store.create(entry(user, &Profile::default())).await {
        Ok(_) | Err(StoreError::ConditionFailed) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

pub async fn remove(ctx: &Ctx, user: &str) -> Result<(), DirectoryError> {
    ctx.store.delete(DIRECTORY, user).await?;
    Ok(lockout::unlock(ctx, user).await?)
}

/// Users in the directory whose username, name or (`by_email`) email contains `search`
/// (any case).
pub async fn list(
    ctx: &Ctx,
    search: Option<&str>,
    by_email: bool,
) -> Result<Vec<(String, Profile)>, DirectoryError> {
    let needle = search.map(str::to_lowercase).unwrap_or_default();
    let matches = |user: &str, profile: &Profile| {
        let email = if by_email { profile.email.as_str() } else { "" };
        [user, &profile.name, email]
            .iter()
            .any(|field| field.to_lowercase().contains(&needle))
    };
    Ok(store::all(ctx.store.as_ref(), DIRECTORY, "")
        .await?
        .into_iter()
        .map(|item| {
            (
                item.sk,
                serde_json::from_value(item.data).unwrap_or_default(),
            )
        })
        .filter(|(user, profile)| matches(user, profile))
        .collect())
}
