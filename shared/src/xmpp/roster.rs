//! Rosters: a user's own, through their session (the roster routes), and any user's,
//! through the server's privileged entity (XEP-0356 `roster` permission: a roster query
//! addressed to the user's bare JID; user administration).

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
pub use tokio_xmpp::parsers::roster::Subscription;
use tokio_xmpp::parsers::roster::{Group, Item, Roster};

use super::errors::About;
use crate::keeper::{IqKind, Keeper, KeeperError};

/// One contact in a roster.
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub jid: BareJid,
    pub name: Option<String>,
    pub subscription: Subscription,
    pub groups: Vec<String>,
}

impl From<Item> for Contact {
    fn from(item: Item) -> Self {
        Self {
            jid: item.jid,
            name: item.name.filter(|name| !name.is_empty()),
            subscription: item.subscription,
            groups: item.groups.into_iter().map(|Group(name)| name).collect(),
        }
    }
}

impl From<&Contact> for Item {
    fn from(contact: &Contact) -> Self {
        Item {
            jid: contact.jid.clone(),
            name: contact.name.clone(),
            subscription: contact.subscription.clone(),
            ask: Default::default(),
            approved: None,
            groups: contact.groups.iter().cloned().map(Group).collect(),
        }
    }
}

fn roster_of(items: Vec<Item>) -> Roster {
    Roster { ver: None, items }
}

/// Whose roster, and so through which session.
#[derive(Clone, Copy)]
pub enum Whose<'a> {
    /// The user's own, on their session (by username).
    Own(&'a str),
    /// Any user's, as the privileged entity.
    Any(&'a BareJid),
}

impl Whose<'_> {
    /// What a refusal is about, for its words.
    pub fn about(self) -> About<'static> {
        match self {
            Whose::Own(_) => About::Request,
            Whose::Any(_) => About::PrivilegedRoster,
        }
    }

    async fn iq(
        self,
        keeper: &dyn Keeper,
        kind: IqKind,
        query: Roster,
    ) -> Result<Option<Element>, KeeperError> {
        match self {
            Whose::Own(user) => keeper.iq(user, None, kind, query.into()).await,
            Whose::Any(jid) => {
                keeper
                    .privileged_iq(Jid::from(jid.clone()), kind, query.into())
                    .await
            }
        }
    }
}

pub async fn list(keeper: &dyn Keeper, whose: Whose<'_>) -> Result<Vec<Contact>, KeeperError> {
    let answer = whose.iq(keeper, IqKind::Get, roster_of(Vec::new())).await?;
    let Some(answer) = answer else {
        return Ok(Vec::new());
    };
    let roster = Roster::try_from(answer).map_err(|err| {
        KeeperError::Internal(format!("unreadable roster from the XMPP server: {err}"))
    })?;
    Ok(roster.items.into_iter().map(Contact::from).collect())
}

pub async fn find(
    keeper: &dyn Keeper,
    whose: Whose<'_>,
    item: &BareJid,
) -> Result<Option<Contact>, KeeperError> {
    Ok(list(keeper, whose)
        .await?
        .into_iter()
        .find(|c| &c.jid == item))
}

/// Adds the contact or replaces it.
pub async fn put(
    keeper: &dyn Keeper,
    whose: Whose<'_>,
    contact: &Contact,
) -> Result<(), KeeperError> {
    whose
        .iq(keeper, IqKind::Set, roster_of(vec![Item::from(contact)]))
        .await
        .map(drop)
}

pub async fn remove(
    keeper: &dyn Keeper,
    whose: Whose<'_>,
    item: &BareJid,
) -> Result<(), KeeperError> {
    let contact = Contact {
        jid: item.clone(),
        name: None,
        subscription: Subscription::Remove,
        groups: Vec::new(),
    };
    put(keeper, whose, &contact).await
}
