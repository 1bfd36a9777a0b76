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
use tokio_xmpp::parsers::message::{Message, MessageType};
use tokio_xmpp::parsers::muc::muc::{History, Muc};
use tokio_xmpp::parsers::muc::user::{Invite, MucUser, Status};
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, StanzaError};

use super::On;
use super::chat::Outgoing;
use crate::keeper::{Delivery, IqKind, KeeperError};
use crate::protocol::actions::{FASTEN, MODERATE_0, MODERATE_1, RETRACT, RETRACT_0};
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

impl On<'_> {
    /// Whether `service` is one of the server's group chat services: listed among the
    /// domain's items, with a `conference` identity. Its name, if it has one.
    pub async fn muc_service(
        &self,
        domain: &BareJid,
        service: &BareJid,
    ) -> Result<Option<Option<String>>, KeeperError> {
        let listed = self.muc_disco_items(domain).await?;
        if !listed.iter().any(|item| item.jid.to_bare() == *service) {
            return Ok(None);
        }
        self.conference_name(service).await
    }

    /// What `jid` tells of itself by disco; `None` when nothing readable.
    async fn disco_info(&self, jid: &BareJid) -> Result<Option<DiscoInfoResult>, KeeperError> {
        let answer = self
            .keeper
            .iq(
                self.user,
                Some(jid.clone().into()),
                IqKind::Get,
                DiscoInfoQuery { node: None }.into(),
            )
            .await?;
        Ok(answer.and_then(|a| DiscoInfoResult::try_from(a).ok()))
    }

    /// A conference identity's name (`None`: `service` is no group chat service).
    async fn conference_name(
        &self,
        service: &BareJid,
    ) -> Result<Option<Option<String>>, KeeperError> {
        let info = self.disco_info(service).await?;
        Ok(info.and_then(|info| {
            info.identities
                .into_iter()
                .find(|identity| identity.category == "conference")
                .map(|identity| identity.name)
        }))
    }

    /// The server's group chat services (the domain's items with a `conference` identity)
    /// and their names.
    pub async fn muc_services(
        &self,
        domain: &BareJid,
    ) -> Result<Vec<(BareJid, Option<String>)>, KeeperError> {
        let mut services = Vec::new();
        for item in self.muc_disco_items(domain).await? {
            let jid = item.jid.to_bare();
            if let Ok(Some(name)) = self.conference_name(&jid).await {
                services.push((jid, name));
            }
        }
        Ok(services)
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
    /// Whether every occupant sees others' real JIDs (a non-anonymous room).
    pub jids_visible: bool,
    /// Whether occupants may change the subject, where the room tells.
    pub change_subject: Option<bool>,
    pub occupants: Option<u64>,
    /// Which version of message moderation (XEP-0425) the room speaks, if any.
    pub moderation: Option<Moderation>,
}

/// The two versions of XEP-0425 in use: 0.3 (`urn:xmpp:message-moderate:1`) and 0.2
/// (`…:0`, inside a XEP-0422 `apply-to`: Prosody's mod_muc_moderation of 2023).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    Version0,
    Version1,
}

impl On<'_> {
    /// The room's info; `None` when it answered with nothing readable.
    pub async fn muc_info(&self, room: &BareJid) -> Result<Option<RoomInfo>, KeeperError> {
        let Some(info) = self.disco_info(room).await? else {
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
            jids_visible: has("muc_nonanonymous"),
            change_subject: field("muc#roominfo_changesubject").map(|v| v == "1" || v == "true"),
            occupants: field("muc#roominfo_occupants").and_then(|n| n.parse().ok()),
            moderation: if has(MODERATE_1) {
                Some(Moderation::Version1)
            } else if has(MODERATE_0) {
                Some(Moderation::Version0)
            } else {
                None
            },
        }))
    }

    /// Withdraws a message of the room (named by the room's archive id) as a moderator
    /// (XEP-0425), in the version the room speaks; the room refuses a non-moderator
    /// (`forbidden`) and an unknown id (`item-not-found`).
    pub async fn muc_moderate(
        &self,
        room: &BareJid,
        version: Moderation,
        stanza_id: &str,
        reason: Option<&str>,
    ) -> Result<(), KeeperError> {
        let id = || xml_ncname!("id").to_owned();
        let reason =
            |ns: &str| reason.map(|text| Element::builder("reason", ns).append(text).build());
        let request = match version {
            Moderation::Version1 => Element::builder("moderate", MODERATE_1)
                .attr(id(), stanza_id)
                .append(Element::builder("retract", RETRACT).build())
                .append_all(reason(MODERATE_1))
                .build(),
            Moderation::Version0 => {
                let moderate = Element::builder("moderate", MODERATE_0)
                    .append(Element::builder("retract", RETRACT_0).build())
                    .append_all(reason(MODERATE_0))
                    .build();
                Element::builder("apply-to", FASTEN)
                    .attr(id(), stanza_id)
                    .append(moderate)
                    .build()
            }
        };
        self.keeper
            .iq(
                self.user,
                Some(Jid::from(room.clone())),
                IqKind::Set,
                request,
            )
            .await
            .map(drop)
    }
}

/// A new room stays locked until configured: the owner's answer that accepts the defaults
/// (an instant room, XEP-0045 §10.1.2), an IQ set's payload.
pub fn instant_room() -> Element {
    let submit = Element::builder("x", ns::DATA_FORMS)
        .attr(xml_ncname!("type").to_owned(), "submit")
        .build();
    Element::builder("query", MUC_OWNER).append(submit).build()
}

/// No history replayed on entering a room: it is read from the archive (chathistory), not
/// replayed as events.
pub fn no_history() -> History {
    History {
        maxchars: None,
        maxstanzas: Some(0),
        seconds: None,
        since: None,
    }
}

/// The condition of an error stanza's payloads (undefined when it names none).
fn refusal(payloads: &[Element]) -> Condition {
    payloads
        .iter()
        .find_map(|p| StanzaError::try_from(p.clone()).ok())
        .map_or(Condition(DefinedCondition::UndefinedCondition), |e| {
            Condition::of(&e)
        })
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
        if self.muc_enter(me, password).await? {
            self.keeper
                .iq(
                    self.user,
                    Some(room.clone().into()),
                    IqKind::Set,
                    instant_room(),
                )
                .await?;
        }
        Ok(())
    }

    /// Enters the room as `me` and waits for the room's answer: whether the room was
    /// created by entering (it then stays locked until its owner configures it).
    pub async fn muc_enter(&self, me: Jid, password: Option<String>) -> Result<bool, KeeperError> {
        let muc = Muc {
            password,
            history: Some(no_history()),
        };
        let mut presence = Presence::available().with_payloads(vec![muc.into()]);
        presence.to = Some(me.clone());
        let answer = self
            .keeper
            .exchange_presence(self.user, presence, me)
            .await?;
        if answer.type_ == PresenceType::Error {
            return Err(KeeperError::Xmpp(refusal(&answer.payloads)));
        }
        Ok(answer
            .payloads
            .iter()
            .find_map(|p| MucUser::try_from(p.clone()).ok())
            .is_some_and(|muc| muc.status.contains(&Status::RoomHasBeenCreated)))
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

    /// A message to the room, with the id `id`, once the room took it: a room reflects
    /// every message to its sender (XEP-0045 §7.4), and answers one it refuses (the user is
    /// not an occupant, has no voice…) with an error, whose condition this is.
    pub async fn muc_post(
        &self,
        room: &BareJid,
        content: &Outgoing,
        id: &str,
    ) -> Result<Delivery, KeeperError> {
        let message = content.message(MessageType::Groupchat, room.clone().into(), id);
        let answer = self.keeper.exchange_message(self.user, message).await?;
        if answer.type_ == MessageType::Error {
            return Err(KeeperError::Xmpp(refusal(&answer.payloads)));
        }
        Ok(Delivery::Acked)
    }

    /// A direct invitation (XEP-0249), from the user to `invited`: no need to be in the room.
    pub async fn muc_invite_direct(
        &self,
        room: &BareJid,
        invited: BareJid,
        reason: Option<String>,
    ) -> Result<(), KeeperError> {
        let mut invitation = Element::builder("x", "jabber:x:conference")
            .attr(xml_ncname!("jid").to_owned(), room.to_string());
        if let Some(reason) = reason.filter(|r| !r.is_empty()) {
            invitation = invitation.attr(xml_ncname!("reason").to_owned(), reason);
        }
        let mut message = Message::new_with_type(MessageType::Normal, Some(invited.into()));
        message.payloads.push(invitation.build());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Answer, Call, FakeKeeper};

    fn room() -> BareJid {
        "coven@chat.shakespeare.lit".parse().unwrap()
    }

    /// XEP-0045 §6.4, Example 10 (with the room information form of Example 11).
    const ROOM_INFO_RESULT: &str = "<query xmlns='http://jabber.org/protocol/disco#info'>\
        <identity category='conference' name='A Dark Cave' type='text'/>\
        <feature var='http://jabber.org/protocol/muc'/>\
        <feature var='muc_passwordprotected'/><feature var='muc_hidden'/>\
        <feature var='muc_temporary'/><feature var='muc_open'/>\
        <feature var='muc_unmoderated'/><feature var='muc_nonanonymous'/>\
        <x xmlns='jabber:x:data' type='result'>\
        <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field>\
        <field var='muc#roominfo_description' label='Description'><value>The place for all good witches!</value></field>\
        <field var='muc#roominfo_occupants' label='Number of occupants'><value>3</value></field>\
        <field var='muc#roominfo_subject' label='Current Discussion Topic'><value>Spells</value></field>\
        </x></query>";

    #[tokio::test]
    async fn a_rooms_info_is_read_from_the_xeps_example() {
        let keeper = FakeKeeper::new();
        keeper.answer_xml(ROOM_INFO_RESULT);
        let info = On::new(&keeper, "hag66")
            .muc_info(&room())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(info.name.as_deref(), Some("A Dark Cave"));
        assert_eq!(
            info.description.as_deref(),
            Some("The place for all good witches!")
        );
        assert_eq!(info.subject.as_deref(), Some("Spells"));
        assert_eq!(info.occupants, Some(3));
        assert!(info.password_protected);
        assert!(!info.persistent && !info.public && !info.members_only && !info.moderated);
        assert!(
            matches!(&keeper.calls()[0], Call::Iq { to: Some(to), kind: IqKind::Get, .. } if to.to_bare() == room())
        );
    }

    #[tokio::test]
    async fn joining_a_new_room_configures_it_as_an_instant_room() {
        // XEP-0045 §10.1.2, Example 154: the room's answer to its creator (status 201),
        // then §10.1.2, Example 156: an empty submitted form to the room accepts the defaults.
        let keeper = FakeKeeper::new();
        let created: Element =
            "<presence xmlns='jabber:client' from='coven@chat.shakespeare.lit/firstwitch'>\
            <x xmlns='http://jabber.org/protocol/muc#user'>\
            <item affiliation='owner' role='moderator'/><status code='110'/><status code='201'/>\
            </x></presence>"
                .parse()
                .unwrap();
        keeper.answer([
            Answer::Presence(Ok(Presence::try_from(created).unwrap())),
            Answer::Iq(Ok(None)),
        ]);
        let me = occupant(&room(), "firstwitch").unwrap();
        On::new(&keeper, "crone1")
            .muc_join(&room(), me.clone(), None)
            .await
            .unwrap();
        let calls = keeper.calls();
        let Call::ExchangePresence { presence, from, .. } = &calls[0] else {
            panic!("a presence exchange: {calls:?}");
        };
        assert_eq!(from, &me);
        assert_eq!(
            presence.attr("to"),
            Some("coven@chat.shakespeare.lit/firstwitch")
        );
        let muc = presence
            .get_child("x", "http://jabber.org/protocol/muc")
            .unwrap();
        let history = muc
            .get_child("history", "http://jabber.org/protocol/muc")
            .unwrap();
        assert_eq!(
            history.attr("maxstanzas"),
            Some("0"),
            "history comes from the archive"
        );
        let Call::Iq {
            kind: IqKind::Set,
            payload,
            ..
        } = &calls[1]
        else {
            panic!("the configuration: {calls:?}");
        };
        let form = payload.get_child("x", "jabber:x:data").unwrap();
        assert_eq!(form.attr("type"), Some("submit"));
        assert_eq!(form.children().count(), 0);
    }

    #[tokio::test]
    async fn a_refused_join_is_the_rooms_condition() {
        // XEP-0045 §7.2.5, Example 27: a password-protected room refuses (not-authorized).
        let keeper = FakeKeeper::new();
        let refused: Element = "<presence xmlns='jabber:client' from='coven@chat.shakespeare.lit/thirdwitch' type='error'>\
            <x xmlns='http://jabber.org/protocol/muc'/>\
            <error by='coven@chat.shakespeare.lit' type='auth'>\
            <not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"
            .parse()
            .unwrap();
        keeper.answer([Answer::Presence(Ok(Presence::try_from(refused).unwrap()))]);
        let me = occupant(&room(), "thirdwitch").unwrap();
        let err = On::new(&keeper, "hag66")
            .muc_join(&room(), me, None)
            .await
            .unwrap_err();
        assert_eq!(
            err,
            KeeperError::Xmpp(Condition(DefinedCondition::NotAuthorized))
        );
        assert_eq!(
            keeper.calls().len(),
            1,
            "an existing room is not configured"
        );
    }

    #[tokio::test]
    async fn an_invitation_is_a_normal_message_through_the_room() {
        // XEP-0045 §7.8.2, Example 56.
        let keeper = FakeKeeper::new();
        On::new(&keeper, "crone1")
            .muc_invite(
                &room(),
                "hecate@shakespeare.lit".parse().unwrap(),
                Some("Hey Hecate".into()),
            )
            .await
            .unwrap();
        let Call::Send { stanza, .. } = &keeper.calls()[0] else {
            panic!("a message");
        };
        assert_eq!(stanza.attr("to"), Some("coven@chat.shakespeare.lit"));
        assert_ne!(stanza.attr("type"), Some("chat"));
        let invite = stanza
            .get_child("x", "http://jabber.org/protocol/muc#user")
            .and_then(|x| x.get_child("invite", "http://jabber.org/protocol/muc#user"))
            .unwrap();
        assert_eq!(invite.attr("to"), Some("hecate@shakespeare.lit"));
    }

    #[tokio::test]
    async fn a_post_is_answered_by_the_rooms_reflection_or_its_refusal() {
        // XEP-0045 §7.4, Example 63 (the reflection) and §7.4, Example 65 (a refusal:
        // "not-acceptable" from a room that does not count the sender in).
        let keeper = FakeKeeper::new();
        let reflected = "<message xmlns='jabber:client' from='coven@chat.shakespeare.lit/thirdwitch' \
            to='hag66@shakespeare.lit/pda' type='groupchat' id='p1'><body>Harpier cries</body></message>";
        let refused = "<message xmlns='jabber:client' from='coven@chat.shakespeare.lit' \
            to='hag66@shakespeare.lit/pda' type='error' id='p2'><error type='modify'>\
            <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>";
        let message = |xml: &str| Message::try_from(xml.parse::<Element>().unwrap()).unwrap();
        keeper.answer([
            Answer::Message(Ok(message(reflected))),
            Answer::Message(Ok(message(refused))),
        ]);
        let on = On::new(&keeper, "hag66");
        let text = Outgoing::text("Harpier cries".into());
        assert_eq!(on.muc_post(&room(), &text, "p1").await, Ok(Delivery::Acked));
        let Call::ExchangeMessage { message: sent, .. } = &keeper.calls()[0] else {
            panic!("an exchange");
        };
        assert_eq!(
            (sent.attr("type"), sent.attr("id")),
            (Some("groupchat"), Some("p1"))
        );
        assert_eq!(
            on.muc_post(&room(), &text, "p2").await,
            Err(KeeperError::Xmpp(Condition(
                DefinedCondition::NotAcceptable
            )))
        );
    }
}
