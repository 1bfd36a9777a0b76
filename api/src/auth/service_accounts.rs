//! Service accounts: keys for back-ends, created by an administrator with chosen scopes and
//! optionally limited to some users (whom the back-end may act as) and rooms. A key is
//! `xwgk_<account>_<key id>_<secret>`; only a hash of it is kept. Two keys may live at once,
//! so a back-end rotates without downtime: add the new key, deploy it, retire the old one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::scopes::Scopes;
use xwg_core::store::{self, NewItem, Store, StoreError};

const PARTITION: &str = "services";

/// Why a change to a service account was not made.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// What the change names is not there: what to do.
    #[error("{0}")]
    NotFound(String),
    /// Not in the state things are in: what to do first.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
const PREFIX: &str = "xwgk";
/// Keys live at once: the one in use and its successor.
pub const MAX_KEYS: usize = 2;

/// A key as kept: its id, the hash of the whole key, when it was made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Key {
    pub id: String,
    hash: String,
    pub created: i64,
}

/// One service account.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    #[serde(skip)]
    pub id: String,
    pub name: String,
    /// The `scope` claim of what it may do.
    pub scope: String,
    /// Whom it may act as (`None`: any user of the gateway).
    pub users: Option<Vec<String>>,
    /// The rooms its tokens may reach on rooms routes (`None`: any).
    pub rooms: Option<Vec<String>>,
    pub keys: Vec<Key>,
    pub created: i64,
}

impl Account {
    pub fn scopes(&self) -> Scopes {
        Scopes::from_claim(Some(&self.scope))
    }

    pub fn may_act_as(&self, user: &str) -> bool {
        self.users
            .as_ref()
            .is_none_or(|users| users.iter().any(|u| u == user))
    }
}

fn hash(key: &str) -> String {
    B64URL.encode(Sha256::digest(key.as_bytes()))
}

fn random_hex(bytes: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Backend(format!("no randomness: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// A new key for the account `id`: the key (shown once) and what is kept of it.
fn new_key(id: &str, now: i64) -> Result<(String, Key), StoreError> {
    let key_id = random_hex(4)?;
    let key = format!("{PREFIX}_{id}_{key_id}_{}", random_hex(32)?);
    let kept = Key {
        id: key_id,
        hash: hash(&key),
        created: now,
    };
    Ok((key, kept))
}

/// Whether a bearer credential is shaped like a service-account key.
pub fn is_key(credential: &str) -> bool {
    credential.starts_with("xwgk_")
}

fn backend(err: serde_json::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

fn read(item: store::Item) -> Result<Account, StoreError> {
    let mut account: Account = serde_json::from_value(item.data).map_err(backend)?;
    account.id = item.sk;
    Ok(account)
}

/// Creates an account with its first key; answers both (the key is shown only now).
pub async fn create(
    store: &dyn Store,
    now: i64,
    mut account: Account,
) -> Result<(Account, String), AccountError> {
    account.id = random_hex(8)?;
    let (key, kept) = new_key(&account.id, now)?;
    account.keys = vec![kept];
    account.created = now;
    store
        .create(NewItem {
            pk: PARTITION.into(),
            sk: account.id.clone(),
            data: serde_json::to_value(&account).map_err(backend)?,
            expires_at: None,
        })
        .await?;
    Ok((account, key))
}

pub async fn find(store: &dyn Store, id: &str) -> Result<Option<Account>, StoreError> {
    store.get(PARTITION, id).await?.map(read).transpose()
}

pub async fn list(store: &dyn Store) -> Result<Vec<Account>, StoreError> {
    store::all(store, PARTITION, "")
        .await?
        .into_iter()
        .map(read)
        .collect()
}

pub async fn delete(store: &dyn Store, id: &str) -> Result<bool, StoreError> {
    let found = store.get(PARTITION, id).await?.is_some();
    store.delete(PARTITION, id).await?;
    Ok(found)
}

/// The account a key belongs to, if the key is one of its live keys (compared in constant
/// time, by hash).
pub async fn authenticate(store: &dyn Store, key: &str) -> Result<Option<Account>, StoreError> {
    let mut parts = key.splitn(4, '_');
    let (Some(PREFIX), Some(id), Some(key_id), Some(_)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(account) = find(store, id).await? else {
        return Ok(None);
    };
    let given = hash(key);
    let matches = account.keys.iter().any(|kept| {
        kept.id == key_id && xwg_core::seal::same(kept.hash.as_bytes(), given.as_bytes())
    });
    Ok(matches.then_some(account))
}

/// Changes the account under its version: `change` edits it and says what to answer.
async fn change<T>(
    store: &dyn Store,
    id: &str,
    change: impl Fn(&mut Account) -> Result<T, AccountError>,
) -> Result<T, AccountError> {
    loop {
        let item = store.get(PARTITION, id).await?.ok_or_else(|| {
            AccountError::NotFound("There is no service account with this id.".into())
        })?;
        let version = item.version;
        let mut account = read(item)?;
        let answer = change(&mut account)?;
        let item = NewItem {
            pk: PARTITION.into(),
            sk: id.to_string(),
            data: serde_json::to_value(&account).map_err(backend)?,
            expires_at: None,
        };
        match store.update(item, version).await {
            Ok(_) => return Ok(answer),
            Err(StoreError::ConditionFailed) => continue,
            Err(err) => return Err(err.into()),
        }
    }
}

/// Adds a key (shown once); with two keys live already, 409: retire one first.
pub async fn add_key(store: &dyn Store, now: i64, id: &str) -> Result<(Key, String), AccountError> {
    let (key, kept) = new_key(id, now)?;
    change(store, id, |account| {
        if account.keys.len() >= MAX_KEYS {
            return Err(AccountError::Conflict(format!(
                "This account has {MAX_KEYS} live keys: retire one (DELETE …/keys/{{keyId}}) before adding another."
            )));
        }
        account.keys.push(kept.clone());
        Ok((kept.clone(), key.clone()))
    })
    .await
}

/// Retires a key at once; the last key of an account is not retired (delete the account).
pub async fn retire_key(store: &dyn Store, id: &str, key_id: &str) -> Result<(), AccountError> {
    change(store, id, |account| {
        if !account.keys.iter().any(|k| k.id == key_id) {
            return Err(AccountError::NotFound(
                "This account has no key with this id.".into(),
            ));
        }
        if account.keys.len() == 1 {
            return Err(AccountError::Conflict(
                "This is the account's only key: add its successor first, or delete the account."
                    .into(),
            ));
        }
        account.keys.retain(|k| k.id != key_id);
        Ok(())
    })
    .await
}
