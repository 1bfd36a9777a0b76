//! Rosters: a user's own, through their session (the roster routes), and any user's,
//! through the server's privileged entity (XEP-0356 `roster` permission: a roster query
//! addressed to the user's bare JID; user administration).

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::roster::{Group, Item, Roster, Subscription};

use crate::keeper::{IqKind, KeeperError};
use crate::{ApiError, Ctx};

/// One contact in a roster, as the admin API and the legacy endpoint describe it.
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

fn refused(err: KeeperError) -> ApiError {
    match err {
        KeeperError::XmppError(condition) if condition == "forbidden" => {
            tracing::error!("the XMPP server did not grant the admin account roster access");
            ApiError::new(
                http::StatusCode::BAD_GATEWAY,
                "XmppServerRefused",
                "The XMPP server does not let the gateway's admin account manage rosters \
                 (XEP-0356 `roster = \"both\"` for XWG_XMPP_ADMIN_JID).",
            )
        }
        other => other.into(),
    }
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
    async fn iq(self, ctx: &Ctx, kind: IqKind, query: Roster) -> Result<Option<Element>, ApiError> {
        match self {
            Whose::Own(user) => Ok(ctx.keeper.iq(user, None, kind, query.into()).await?),
            Whose::Any(jid) => ctx
                .keeper
                .privileged_iq(Jid::from(jid.clone()), kind, query.into())
                .await
                .map_err(refused),
        }
    }
}

pub async fn list(ctx: &Ctx, whose: Whose<'_>) -> Result<Vec<Contact>, ApiError> {
    let answer = whose.iq(ctx, IqKind::Get, roster_of(Vec::new())).await?;
    let Some(answer) = answer else {
        return Ok(Vec::new());
    };
    let roster = Roster::try_from(answer).map_err(|err| {
        tracing::error!(error = %err, "unreadable roster from the XMPP server");
        ApiError::internal()
    })?;
    Ok(roster.items.into_iter().map(Contact::from).collect())
}

pub async fn find(
    ctx: &Ctx,
    whose: Whose<'_>,
    item: &BareJid,
) -> Result<Option<Contact>, ApiError> {
    Ok(list(ctx, whose).await?.into_iter().find(|c| &c.jid == item))
}

/// Adds the contact or replaces it.
pub async fn put(ctx: &Ctx, whose: Whose<'_>, contact: &Contact) -> Result<(), ApiError> {
    whose
        .iq(ctx, IqKind::Set, roster_of(vec![Item::from(contact)]))
        .await?;
    Ok(())
}

pub async fn remove(ctx: &Ctx, whose: Whose<'_>, item: &BareJid) -> Result<(), ApiError> {
    let contact = Contact {
        jid: item.clone(),
        name: None,
        subscription: Subscription::Remove,
        groups: Vec::new(),
    };
    put(ctx, whose, &contact).await
}
