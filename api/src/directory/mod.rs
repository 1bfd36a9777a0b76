//! User administration against the real XMPP server, through standard protocol only:
//! accounts by XEP-0133 admin commands ([`accounts`]), other users' rosters and vCards by
//! the same account as the server's XEP-0356 privileged entity (`xmpp::roster`,
//! `xmpp::vcard`), and what the server has no protocol for — profiles, groups, lockout —
//! in the store ([`profiles`], [`groups`]). [`admin`] combines them into the operations
//! both the legacy User Service endpoint and the admin JSON API offer, undoing what it did
//! when a later step fails; [`registration`] creates accounts by in-band registration.
//!
//! Its errors are [`DirectoryError`]s; `routes::errors` gives them the exception names
//! Openfire's User Service and REST API clients expect.

pub mod access;
pub mod account_events;
pub mod accounts;
pub mod admin;
pub mod audit;
pub mod groups;
pub mod profiles;
pub mod registration;

use tokio_xmpp::jid::BareJid;
use xwg_core::identity::AddressError;
use xwg_core::keeper::KeeperError;
use xwg_core::protocol::errors::Condition;
use xwg_core::store::StoreError;

use crate::auth::AuthError;

/// Why a user administration operation did not happen (or happened only in part).
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("There is no user {0}.")]
    UserNotFound(BareJid),
    #[error("The user {0} exists already.")]
    UserExists(BareJid),
    /// A name taken on the server, when registering it.
    #[error("The name `{0}` is taken; choose another, or log in if it is yours.")]
    NameTaken(String),
    #[error("There is no group `{0}`.")]
    GroupNotFound(String),
    #[error("The group `{0}` exists already.")]
    GroupExists(String),
    #[error("{item} is not in the roster of {user}.")]
    RosterItemNotFound { user: BareJid, item: BareJid },
    #[error("{item} is in the roster of {user} already.")]
    RosterItemExists { user: BareJid, item: BareJid },
    #[error(
        "{item} is in the roster of {user} through a shared group; change the group's members \
         instead."
    )]
    SharedGroup { user: BareJid, item: BareJid },
    /// Input the operation cannot take; what to send instead.
    #[error("{0}")]
    Invalid(String),
    /// The XMPP server answered an admin command in a way this gateway does not expect.
    #[error("The XMPP server refused the {command} command: {note}")]
    Refused { command: String, note: String },
    /// The server grants the gateway no XEP-0356 privilege for `what`, and the gateway
    /// keeps no password of the user to do it as them.
    #[error(
        "The XMPP server does not let the gateway change {what} of {user} (no XEP-0356 \
         privilege), and the gateway keeps no password of the user to do it as them: grant \
         the privilege on the server, or let the user log in through the gateway once."
    )]
    NotGranted { user: BareJid, what: &'static str },
    /// What the admin account asked of another user's roster or vCard (XEP-0356) failed.
    #[error("the XMPP server refused a privileged request: {0}")]
    Privileged(KeeperError),
    #[error("This gateway does not create accounts; ask the administrator for one.")]
    RegistrationDisabled,
    #[error("The name `{0}` is reserved; choose another.")]
    ReservedName(String),
    #[error("The XMPP server refused to create the account ({0}); ask the administrator.")]
    RegistrationRefused(Condition),
    #[error("the XMPP server is unreachable: {0}")]
    XmppUnavailable(String),
    /// A step failed, and undoing an earlier one failed too.
    #[error(
        "{error} Undoing the earlier steps failed too ({step}: {undo}); the operation is \
         partly applied."
    )]
    PartlyApplied {
        error: Box<DirectoryError>,
        step: &'static str,
        undo: Box<DirectoryError>,
    },
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Address(#[from] AddressError),
    #[error(transparent)]
    Keeper(#[from] KeeperError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DirectoryError {
    /// The error a partly applied operation began with.
    pub fn first(&self) -> &DirectoryError {
        match self {
            DirectoryError::PartlyApplied { error, .. } => error.first(),
            other => other,
        }
    }
}
