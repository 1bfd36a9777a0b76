//! User administration against the real XMPP server, through standard protocol only:
//! accounts by XEP-0133 admin commands ([`accounts`]), other users' rosters and vCards by
//! the same account as the server's XEP-0356 privileged entity (`xmpp::roster`,
//! `xmpp::vcard`), and what the server has no protocol for — profiles, groups, lockout —
//! in the store ([`profiles`], [`groups`]). [`admin`] combines them into the operations
//! both the legacy User Service endpoint and the admin JSON API offer, undoing what it did
//! when a later step fails; [`registration`] creates accounts by in-band registration.
//!
//! Errors carry the exception names Openfire's User Service and REST API clients expect.

pub mod access;
pub mod accounts;
pub mod admin;
pub mod groups;
pub mod profiles;
pub mod registration;

use http::StatusCode;
use tokio_xmpp::jid::BareJid;

use crate::ApiError;
use crate::ErrorKind;

pub fn user_not_found(jid: &BareJid) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorKind::UserNotFoundException,
        format!("There is no user {jid}."),
    )
}

pub fn user_already_exists(jid: &BareJid) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorKind::UserAlreadyExistsException,
        format!("The user {jid} exists already."),
    )
}

pub fn group_not_found(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorKind::GroupNotFoundException,
        format!("There is no group `{name}`."),
    )
}

pub fn group_already_exists(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorKind::GroupAlreadyExistsException,
        format!("The group `{name}` exists already."),
    )
}

pub fn roster_item_not_found(user: &BareJid, item: &BareJid) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorKind::UserNotFoundException,
        format!("{item} is not in the roster of {user}."),
    )
}

pub fn roster_item_exists(user: &BareJid, item: &BareJid) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorKind::UserAlreadyExistsException,
        format!("{item} is in the roster of {user} already."),
    )
}

pub fn shared_group(user: &BareJid, item: &BareJid) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorKind::SharedGroupException,
        format!(
            "{item} is in the roster of {user} through a shared group; change the group's \
             members instead."
        ),
    )
}
