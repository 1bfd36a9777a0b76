//! An account's incarnation: an id the gateway makes when it first starts a login for the
//! account, and forgets when the account is deleted (or its logins are all ended). Logins
//! carry it; a login of another incarnation is refused, so a name registered again by
//! someone else never inherits what the earlier holder had.

use serde_json::json;

use xwg_core::store::{NewItem, Store, StoreError};

fn key(user: &str) -> (String, &'static str) {
    (format!("account#{user}"), "incarnation")
}

/// The account's current incarnation, if it has one.
pub async fn find(store: &dyn Store, user: &str) -> Result<Option<String>, StoreError> {
    let (pk, sk) = key(user);
    Ok(store
        .get(&pk, sk)
        .await?
        .and_then(|item| item.data["id"].as_str().map(str::to_string)))
}

/// The account's current incarnation, made now if it has none.
pub async fn current(store: &dyn Store, user: &str) -> Result<String, StoreError> {
    loop {
        if let Some(id) = find(store, user).await? {
            return Ok(id);
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        let (pk, sk) = key(user);
        let made = NewItem {
            pk,
            sk: sk.into(),
            data: json!({ "id": id }),
            expires_at: None,
        };
        match store.create(made).await {
            Ok(_) => return Ok(id),
            Err(StoreError::ConditionFailed) => continue, // made concurrently: use that one
            Err(err) => return Err(err),
        }
    }
}

/// Ends the incarnation: every login of it is refused from now on.
pub async fn retire(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    let (pk, sk) = key(user);
    store.delete(&pk, sk).await
}
