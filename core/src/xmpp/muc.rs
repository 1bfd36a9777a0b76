//! Group chat (XEP-0045) on the user's session: a service's rooms and a room's info (disco),
//! joining (with instant-room configuration of a new room), leaving, posting, inviting, and
//! the occupants the session has seen.

use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::xml_ncname;
use tokio_xmpp::parsers::disco::{
    DiscoInfoQuery, DiscoInfoResult, DiscoItemsQuery, DiscoItemsResult, Item,
};
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};
use tokio_xmpp::parsers::muc::muc::{History, Muc};
use tokio_xmpp::parsers::muc::user::{Invite, MucUser, Status};
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, StanzaError};

use super::On;
use crate::keeper::{IqKind, KeeperError};
use crate::protocol::errors::Condition;

const MUC_OWNER: &str = "http://jabber.org/protocol/muc#owner";
const ROOM_INFO: &str = "http://jabber.org/protocol/muc#roominfo";

impl On<'_> {
    /// The items of a service (its rooms), by disco.
    pub async fn muc_rooms(&self, service: &BareJid) -> Result<Vec<Item>, KeeperError> {
        self.muc_disco_items(service).await
    }

    /// The occupants a room lists to whoever asks (by disco, without joining: their room JIDs;
    /// a room that hides them lists none).
    pub async fn muc_listed_occupants(&self, room: &BareJid) -> Result<Vec<Jid>, KeeperError> {
        let items = self.muc_disco_items(room).await?;
        Ok(items.into_iter().map(|item| item.jid).collect())
    }

    async fn muc_disco_items(&self, service: &BareJid) -> Result<Vec<Item>, KeeperError> {
        let query = DiscoItemsQuery {
            node: None,
            rsm: None,
        };
        let answer = self
            .keeper
            .iq(
                self.user,
                Some(service.clone().into()),
                IqKind::Get,
                query.into(),
            )
            .await?;
        Ok(answer
            .and_then(|a| DiscoItemsResult::try_from(a).ok())
            .map(|r| r.items)
            .unwrap_or_default())
    }
}

/// What a room's disco info tells.
#[derive(Debug, Default)]
pub struct RoomInfo {
    pub name: Option<String>,
    pub description: Option<String>,
    pub subject: Option<String>,
    pub persistent: bool,
    pub public: bool,
    pub members_only: bool,
    pub password_protected: bool,
    pub moderated: bool,
    pub occupants: Option<u64>,
}

impl On<'_> {
    /// The room's info; `None` when it answered with nothing readable.
    pub async fn muc_info(&self, room: &BareJid) -> Result<Option<RoomInfo>, KeeperError> {
        let answer = self
            .keeper
            .iq(
                self.user,
                Some(room.clone().into()),
                IqKind::Get,
                DiscoInfoQuery { node: None }.into(),
            )
            .await?;
        let Some(info) = answer.and_then(|a| DiscoInfoResult::try_from(a).ok()) else {
            return Ok(None);
        };
        let has = |feature: &str| info.features.contains(feature);
        let field = |var: &str| {
            info.extensions
                .iter()
                .filter(|form| form.form_type() == Some(ROOM_INFO))
                .flat_map(|form| form.fields.iter())
                .find(|f| f.var.as_deref() == Some(var))
                .and_then(|f| f.values.first().cloned())
        };
        Ok(Some(RoomInfo {
            name: info.identities.iter().find_map(|i| i.name.clone()),
            description: field("muc#roominfo_description"),
            subject: field("muc#roominfo_subject"),
            persistent: has("muc_persistent"),
            public: has("muc_public"),
            members_only: has("muc_membersonly"),
            password_protected: has("muc_passwordprotected"),
            moderated: has("muc_moderated"),
            occupants: field("muc#roominfo_occupants").and_then(|n| n.parse().ok()),
        }))
    }
}

/// The user's occupant JID in the room.
pub fn occupant(room: &BareJid, nick: &str) -> Option<Jid> {
    Jid::new(&format!("{room}/{nick}")).ok()
}

impl On<'_> {
    /// Joins the room as `me` (its occupant JID) and waits for the room's answer; a room that
    /// did not exist is configured as an instant room. A refusal is the room's condition.
    pub async fn muc_join(
        &self,
        room: &BareJid,
        me: Jid,
        password: Option<String>,
    ) -> Result<(), KeeperError> {
        let muc = Muc {
            password,
            // History is read from the archive (chathistory), not replayed as events.
            history: Some(History {
                maxchars: None,
                maxstanzas: Some(0),
                seconds: None,
                since: None,
            }),
        };
        let mut presence = Presence::available().with_payloads(vec![muc.into()]);
        presence.to = Some(me.clone());
        let answer = self
            .keeper
            .exchange_presence(self.user, presence, me)
            .await?;
        if answer.type_ == PresenceType::Error {
            let condition = answer
                .payloads
                .iter()
                .find_map(|p| StanzaError::try_from(p.clone()).ok())
                .map_or(Condition(DefinedCondition::UndefinedCondition), |e| {
                    Condition::of(&e)
                });
            return Err(KeeperError::Xmpp(condition));
        }
        let created = answer
            .payloads
            .iter()
            .find_map(|p| MucUser::try_from(p.clone()).ok())
            .is_some_and(|muc| muc.status.contains(&Status::RoomHasBeenCreated));
        if created {
            // A new room stays locked until configured: accept the defaults (an instant room).
            let submit = Element::builder("x", ns::DATA_FORMS)
                .attr(xml_ncname!("type").to_owned(), "submit")
                .build();
            let owner = Element::builder("query", MUC_OWNER).append(submit).build();
            self.keeper
                .iq(self.user, Some(room.clone().into()), IqKind::Set, owner)
                .await?;
        }
        Ok(())
    }

    /// Leaves the room.
    pub async fn muc_leave(&self, me: Jid) -> Result<(), KeeperError> {
        let mut presence = Presence::unavailable();
        presence.to = Some(me);
        self.keeper
            .send(self.user, Stanza::Presence(presence))
            .await
            .map(drop)
    }

    /// A message to the room.
    pub async fn muc_post(&self, room: &BareJid, text: String) -> Result<(), KeeperError> {
        let message = Message::groupchat(Some(room.clone().into())).with_body(Lang::new(), text);
        self.keeper
            .send(self.user, Stanza::Message(message))
            .await
            .map(drop)
    }

    /// A mediated invitation, sent through the room.
    pub async fn muc_invite(
        &self,
        room: &BareJid,
        invited: Jid,
        reason: Option<String>,
    ) -> Result<(), KeeperError> {
        let invitation = MucUser {
            invite: Some(Invite {
                from: None,
                to: Some(invited),
                reason,
            }),
            ..MucUser::default()
        };
        // `Message::new` makes a chat message; an invitation is a normal one.
        let message = Message::new_with_type(MessageType::Normal, Some(room.clone().into()))
            .with_payload(invitation);
        self.keeper
            .send(self.user, Stanza::Message(message))
            .await
            .map(drop)
    }
}
