//! Sealed values sealed again under the current key (after a rotation), one stored item
//! at a time: the step every owner of a sealed value shares.

use super::{NewItem, Store, StoreError};
use crate::seal::Sealer;

/// What [`reseal`] found of one stored value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resealed {
    /// It was under an older key: sealed again under the current one.
    Again,
    /// Under the current key already (or sealed anew by a writer meanwhile).
    Current,
    /// No such value stored.
    Absent,
    /// None of the keys opens it (a key dropped too soon): left as it is.
    Unreadable,
}

/// Seals the value of a stored item again under the current key where an older one sealed
/// it (after a rotation: otherwise it waits until it is next opened). `field` names it in
/// the item's data (`None`: the data is the value). A write that raced another is left to
/// that writer, who sealed it under the current key.
pub async fn reseal(
    store: &dyn Store,
    sealer: &Sealer,
    (pk, sk): (&str, &str),
    field: Option<&str>,
    owner: &str,
) -> Result<Resealed, StoreError> {
    let Some(item) = store.get(pk, sk).await? else {
        return Ok(Resealed::Absent);
    };
    let sealed = match field {
        Some(field) => &item.data[field],
        None => &item.data,
    };
    if sealed.is_null() {
        return Ok(Resealed::Absent);
    }
    if sealer.is_current(sealed) {
        return Ok(Resealed::Current);
    }
    let Ok(secret) = sealer.open(sealed, owner) else {
        return Ok(Resealed::Unreadable);
    };
    let again = sealer
        .seal(&secret, owner)
        .map_err(|err| StoreError::Unavailable(err.to_string()))?;
    let mut data = item.data.clone();
    match field {
        Some(field) => data[field] = again,
        None => data = again,
    }
    let update = NewItem {
        pk: pk.to_string(),
        sk: sk.to_string(),
        data,
        expires_at: item.expires_at,
    };
    match store.update(update, item.version).await {
        Ok(_) => Ok(Resealed::Again),
        Err(StoreError::ConditionFailed) => Ok(Resealed::Current),
        Err(err) => Err(err),
    }
}
