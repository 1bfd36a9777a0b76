//! XMPP on a user's session, through the keeper port: one module per protocol the gateway
//! speaks, stanzas built and parsed with `xmpp-parsers`, never as strings. Calls on a
//! user's session are methods of [`On`] (`on.muc_join(…)`); the server administrator's
//! (XEP-0133 commands, XEP-0356 privileges) take the keeper itself. The wire-level pieces
//! (error conditions, limits, transport) are in [`crate::protocol`], below the keeper port.

pub mod account;
pub mod archive;
pub mod bookmarks;
pub mod chat;
pub mod commands;
pub mod folding;
pub mod muc;
pub mod muc_owner;
pub mod presence;
pub mod private;
pub mod pubsub;
pub mod push;
pub mod read_positions;
pub mod receipts;
pub mod roster;
pub mod subscriptions;
pub mod upload;
pub mod vcard;

use crate::keeper::Keeper;

/// A user's XMPP session, to make calls on: the keeper that holds it, and whose it is.
#[derive(Clone, Copy)]
pub struct On<'a> {
    pub keeper: &'a dyn Keeper,
    pub user: &'a str,
}

impl<'a> On<'a> {
    pub fn new(keeper: &'a dyn Keeper, user: &'a str) -> Self {
        Self { keeper, user }
    }
}

/// A user's account reached on a stream of its own for each call, with no session and no
/// presence (`Keeper::iq_as_user`): what the gateway does on the user's behalf where the
/// server grants it no privilege over other accounts.
#[derive(Clone, Copy)]
pub struct AsUser<'a> {
    pub keeper: &'a dyn Keeper,
    pub user: &'a str,
}

impl<'a> AsUser<'a> {
    pub fn new(keeper: &'a dyn Keeper, user: &'a str) -> Self {
        Self { keeper, user }
    }
}

/// The server administrator's calls, through the keeper's admin account: XEP-0133 commands,
/// and other users' rosters and vCards as the server's XEP-0356 privileged entity.
#[derive(Clone, Copy)]
pub struct AsAdmin<'a> {
    pub keeper: &'a dyn Keeper,
}

impl<'a> AsAdmin<'a> {
    pub fn new(keeper: &'a dyn Keeper) -> Self {
        Self { keeper }
    }
}

/// The wire text of an xmpp-parsers attribute value (`Role::Moderator` → `moderator`).
pub fn text(value: &impl xso::AsXmlText) -> String {
    value
        .as_xml_text()
        .map(|text| text.into_owned())
        .unwrap_or_default()
}
