//! TOTP (RFC 6238) enrolment and checks: one secret per user, pending until the first
//! code proves the authenticator app has it, then confirmed. A time step, once accepted,
//! is never accepted again (replay protection).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use totp_rs::{Builder, Secret, Totp};

use xwg_core::seal::Sealer;
use xwg_core::store::{Item, NewItem, Resealed, Store, StoreError};

/// The product name authenticator apps show next to the account.
const ISSUER: &str = "XMPP Web Gateway";

pub struct Enrolment {
    /// The shared secret, base32 (as in the otpauth URL).
    pub secret: String,
    pub confirmed: bool,
    /// The last time step accepted (0: none yet).
    pub last_step: u64,
}

/// An enrolment as stored: the secret sealed (see [`xwg_core::seal`]).
#[derive(Serialize, Deserialize)]
struct Stored {
    secret: Value,
    confirmed: bool,
    last_step: u64,
}

fn key(user: &str) -> (String, &'static str) {
    (format!("totp#{user}"), "secret")
}

fn corrupt(err: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("unusable TOTP enrolment: {err}"))
}

/// The user's enrolment as stored (with its version), if any.
pub async fn load(
    store: &dyn Store,
    sealer: &Sealer,
    user: &str,
) -> Result<Option<(Enrolment, Item)>, StoreError> {
    let (pk, sk) = key(user);
    let Some(item) = store.get(&pk, sk).await? else {
        return Ok(None);
    };
    let stored: Stored = serde_json::from_value(item.data.clone()).map_err(corrupt)?;
    let enrolment = Enrolment {
        secret: sealer.open_text(&stored.secret, &pk).map_err(corrupt)?,
        confirmed: stored.confirmed,
        last_step: stored.last_step,
    };
    Ok(Some((enrolment, item)))
}

/// Seals the user's TOTP secret again under the current seal key where an older one sealed
/// it (a rotation's `reseal` command).
pub async fn reseal(
    store: &dyn Store,
    sealer: &Sealer,
    user: &str,
) -> Result<Resealed, StoreError> {
    let (pk, sk) = key(user);
    xwg_core::store::reseal(store, sealer, (&pk, sk), Some("secret"), &pk).await
}

pub async fn save(
    store: &dyn Store,
    sealer: &Sealer,
    user: &str,
    enrolment: &Enrolment,
    expected: Option<u64>,
) -> Result<(), StoreError> {
    let (pk, sk) = key(user);
    let stored = Stored {
        secret: sealer
            .seal(enrolment.secret.as_bytes(), &pk)
            .map_err(corrupt)?,
        confirmed: enrolment.confirmed,
        last_step: enrolment.last_step,
    };
    let item = NewItem {
        pk,
        sk: sk.into(),
        data: serde_json::to_value(stored).map_err(corrupt)?,
        expires_at: None,
    };
    match expected {
        Some(version) => store.update(item, version).await.map(drop),
        None => store.create(item).await.map(drop),
    }
}

/// A new random secret (160 bits, as RFC 4226 recommends), base32.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

/// The authenticator settings for `account` (shown in the app as `ISSUER: account`).
pub fn totp(secret: &str, account: &str) -> Result<Totp, StoreError> {
    let secret = Secret::try_from_base32(secret).map_err(corrupt)?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(corrupt)
}
