//! Rosters: a user's own, through their session (the roster routes), and any user's,
//! through the server's privileged entity (XEP-0356 `roster` permission: a roster query
//! addressed to the user's bare JID; user administration).

use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
pub use tokio_xmpp::parsers::roster::Subscription;
use tokio_xmpp::parsers::roster::{Group, Item, Roster};

use super::{AsAdmin, AsUser, On};
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
enum Whose<'a> {
    /// The user's own, on their session (by username).
    Own(&'a str),
    /// Any user's, as the privileged entity.
    Any(&'a BareJid),
    /// A user's own, on a stream of its own for one request (by username).
    Once(&'a str),
}

impl Whose<'_> {
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
            Whose::Once(user) => keeper.iq_as_user(user, None, kind, query.into()).await,
        }
    }

    async fn list(self, keeper: &dyn Keeper) -> Result<Vec<Contact>, KeeperError> {
        let answer = self.iq(keeper, IqKind::Get, roster_of(Vec::new())).await?;
        let Some(answer) = answer else {
            return Ok(Vec::new());
        };
        let roster = Roster::try_from(answer).map_err(|err| {
            KeeperError::Internal(format!("unreadable roster from the XMPP server: {err}"))
        })?;
        Ok(roster.items.into_iter().map(Contact::from).collect())
    }

    async fn find(
        self,
        keeper: &dyn Keeper,
        item: &BareJid,
    ) -> Result<Option<Contact>, KeeperError> {
        Ok(self
            .list(keeper)
            .await?
            .into_iter()
            .find(|c| &c.jid == item))
    }

    /// Adds the contact or replaces it.
    async fn put(self, keeper: &dyn Keeper, contact: &Contact) -> Result<(), KeeperError> {
        self.iq(keeper, IqKind::Set, roster_of(vec![Item::from(contact)]))
            .await
            .map(drop)
    }

    async fn remove(self, keeper: &dyn Keeper, item: &BareJid) -> Result<(), KeeperError> {
        let contact = Contact {
            jid: item.clone(),
            name: None,
            subscription: Subscription::Remove,
            groups: Vec::new(),
        };
        self.put(keeper, &contact).await
    }
}

/// The user's own roster.
impl On<'_> {
    pub async fn roster_list(&self) -> Result<Vec<Contact>, KeeperError> {
        Whose::Own(self.user).list(self.keeper).await
    }

    pub async fn roster_find(&self, item: &BareJid) -> Result<Option<Contact>, KeeperError> {
        Whose::Own(self.user).find(self.keeper, item).await
    }

    /// Adds the contact or replaces it.
    pub async fn roster_put(&self, contact: &Contact) -> Result<(), KeeperError> {
        Whose::Own(self.user).put(self.keeper, contact).await
    }

    pub async fn roster_remove(&self, item: &BareJid) -> Result<(), KeeperError> {
        Whose::Own(self.user).remove(self.keeper, item).await
    }
}

/// A user's roster on streams of the user's own, one per request.
impl AsUser<'_> {
    pub async fn roster_list(&self) -> Result<Vec<Contact>, KeeperError> {
        Whose::Once(self.user).list(self.keeper).await
    }

    pub async fn roster_find(&self, item: &BareJid) -> Result<Option<Contact>, KeeperError> {
        Whose::Once(self.user).find(self.keeper, item).await
    }

    /// Adds the contact or replaces it as the user would: the roster item (its name and
    /// groups; a client does not set a subscription, RFC 6121 §2.1.2.5), then the presences
    /// that make the subscription (§3): `subscribed` lets the contact see the user (a
    /// pre-approval before they ask), `subscribe` asks to see them. Between two users of
    /// the gateway both sides do this, and both end up with the subscription asked for.
    pub async fn roster_put(&self, contact: &Contact) -> Result<(), KeeperError> {
        let item = Contact {
            subscription: Subscription::None,
            ..contact.clone()
        };
        Whose::Once(self.user).put(self.keeper, &item).await?;
        let (lets_see, wants_to_see) = match contact.subscription {
            Subscription::Both => (true, true),
            Subscription::From => (true, false),
            Subscription::To => (false, true),
            Subscription::None | Subscription::Remove => (false, false),
        };
        let to = Jid::from(contact.jid.clone());
        let presence = |kind| {
            let mut presence = Presence::new(kind);
            presence.to = Some(to.clone());
            Stanza::Presence(presence)
        };
        let mut presences = Vec::new();
        if lets_see {
            presences.push(presence(PresenceType::Subscribed));
        }
        if wants_to_see {
            presences.push(presence(PresenceType::Subscribe));
        }
        if presences.is_empty() {
            return Ok(());
        }
        self.keeper.send_as_user(self.user, presences).await
    }

    pub async fn roster_remove(&self, item: &BareJid) -> Result<(), KeeperError> {
        Whose::Once(self.user).remove(self.keeper, item).await
    }

    /// Lets the contact see the user: approves their waiting request.
    pub async fn approve(&self, contact: &BareJid) -> Result<(), KeeperError> {
        let mut presence = Presence::new(PresenceType::Subscribed);
        presence.to = Some(Jid::from(contact.clone()));
        self.keeper
            .send_as_user(self.user, vec![Stanza::Presence(presence)])
            .await
    }
}

/// Any user's roster, as the privileged entity.
impl AsAdmin<'_> {
    pub async fn roster_list(&self, user: &BareJid) -> Result<Vec<Contact>, KeeperError> {
        Whose::Any(user).list(self.keeper).await
    }

    pub async fn roster_find(
        &self,
        user: &BareJid,
        item: &BareJid,
    ) -> Result<Option<Contact>, KeeperError> {
        Whose::Any(user).find(self.keeper, item).await
    }

    /// Adds the contact or replaces it.
    pub async fn roster_put(&self, user: &BareJid, contact: &Contact) -> Result<(), KeeperError> {
        Whose::Any(user).put(self.keeper, contact).await
    }

    pub async fn roster_remove(&self, user: &BareJid, item: &BareJid) -> Result<(), KeeperError> {
        Whose::Any(user).remove(self.keeper, item).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    fn bare(text: &str) -> BareJid {
        text.parse().unwrap()
    }

    /// RFC 6121 §2.1.4, Example: the roster result (for juliet@example.com).
    const ROSTER_RESULT: &str = "<query xmlns='jabber:iq:roster' ver='ver11'>\
        <item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>\
        <item jid='mercutio@example.com' name='Mercutio' subscription='from'/>\
        <item jid='benvolio@example.net' name='Benvolio' subscription='both'/>\
        </query>";

    #[tokio::test]
    async fn the_own_roster_is_a_get_on_the_session_and_reads_rfc_6121s_example() {
        let keeper = FakeKeeper::new();
        keeper.answer_xml(ROSTER_RESULT);
        let contacts = On::new(&keeper, "juliet").roster_list().await.unwrap();
        assert_eq!(
            contacts[0],
            Contact {
                jid: bare("romeo@example.net"),
                name: Some("Romeo".into()),
                subscription: Subscription::Both,
                groups: vec!["Friends".into()],
            }
        );
        assert_eq!(contacts[1].subscription, Subscription::From);
        assert_eq!(contacts.len(), 3);
        let Call::Iq {
            user,
            to,
            kind,
            payload,
        } = &keeper.calls()[0]
        else {
            panic!("an IQ: {:?}", keeper.calls());
        };
        assert_eq!((user.as_str(), to, *kind), ("juliet", &None, IqKind::Get));
        assert!(payload.is("query", "jabber:iq:roster") && payload.children().count() == 0);
    }

    #[tokio::test]
    async fn removing_a_contact_sets_its_subscription_to_remove() {
        // RFC 6121 §2.5.2: <item jid='nurse@example.com' subscription='remove'/>.
        let keeper = FakeKeeper::new();
        keeper.answer_xml("<query xmlns='jabber:iq:roster'/>");
        On::new(&keeper, "juliet")
            .roster_remove(&bare("nurse@example.com"))
            .await
            .unwrap();
        let Call::Iq { kind, payload, .. } = &keeper.calls()[0] else {
            panic!("an IQ");
        };
        assert_eq!(*kind, IqKind::Set);
        let item = payload.get_child("item", "jabber:iq:roster").unwrap();
        assert_eq!(item.attr("jid"), Some("nurse@example.com"));
        assert_eq!(item.attr("subscription"), Some("remove"));
    }

    #[tokio::test]
    async fn another_users_roster_is_a_privileged_iq_to_their_bare_jid() {
        // XEP-0356 §5.1: the privileged entity queries the user's bare JID.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(ROSTER_RESULT);
        let user = bare("juliet@example.com");
        let found = AsAdmin::new(&keeper)
            .roster_find(&user, &bare("mercutio@example.com"))
            .await
            .unwrap();
        assert_eq!(found.unwrap().name.as_deref(), Some("Mercutio"));
        assert!(matches!(
            &keeper.calls()[0],
            Call::PrivilegedIq { to, kind: IqKind::Get, .. } if to.to_bare() == user && to.resource().is_none()
        ));
    }

    #[tokio::test]
    async fn as_the_user_a_contact_is_an_item_and_the_subscription_presences() {
        let keeper = FakeKeeper::new();
        keeper.answer_xml("<query xmlns='jabber:iq:roster'/>");
        let contact = Contact {
            jid: bare("romeo@example.net"),
            name: Some("Romeo".into()),
            subscription: Subscription::Both,
            groups: vec!["Friends".into()],
        };
        AsUser::new(&keeper, "juliet")
            .roster_put(&contact)
            .await
            .unwrap();
        let calls = keeper.calls();
        let Call::IqAsUser { user, payload, .. } = &calls[0] else {
            panic!("the item")
        };
        assert_eq!(user, "juliet");
        let item = payload.get_child("item", "jabber:iq:roster").unwrap();
        assert_ne!(
            item.attr("subscription"),
            Some("both"),
            "a client sets no subscription"
        );
        assert_eq!(item.attr("name"), Some("Romeo"));
        let Call::SendAsUser { stanzas, .. } = &calls[1] else {
            panic!("the presences")
        };
        let types: Vec<Option<&str>> = stanzas.iter().map(|p| p.attr("type")).collect();
        assert_eq!(types, [Some("subscribed"), Some("subscribe")]);
        assert!(
            stanzas
                .iter()
                .all(|p| p.attr("to") == Some("romeo@example.net"))
        );
    }

    #[tokio::test]
    async fn an_unreadable_roster_is_an_error_not_an_empty_one() {
        let keeper = FakeKeeper::new();
        keeper.answer_xml("<query xmlns='jabber:iq:roster'><item/></query>");
        let err = On::new(&keeper, "juliet").roster_list().await.unwrap_err();
        assert!(matches!(err, KeeperError::Internal(_)), "{err:?}");
    }
}
