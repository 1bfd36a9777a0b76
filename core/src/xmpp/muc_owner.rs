//! Running a room (XEP-0045 §9–10) as its owner: the room's configuration form
//! (`muc#owner`), its affiliation lists (`muc#admin`), destroying it, and its subject. The
//! server's administrator is an owner of every room (Prosody's default, ejabberd's
//! `access_admin`), so the admin account's session does this for the admin API.
//!
//! The configuration form is the server's own: a change fills in the standard
//! `muc#roomconfig_*` fields the server's form has and submits every other field as the
//! server gave it, so options a server adds of its own stay as they were.

use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::xml_ncname;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};
use tokio_xmpp::parsers::message::{Lang, Message};
use tokio_xmpp::parsers::muc::user::Affiliation;

use super::On;
use crate::keeper::{IqKind, KeeperError};

const MUC_OWNER: &str = "http://jabber.org/protocol/muc#owner";
const MUC_ADMIN: &str = "http://jabber.org/protocol/muc#admin";

/// The most entries one affiliation list is read with.
pub const MAX_AFFILIATED: usize = 10_000;

/// A room's settings in the standard configuration fields (XEP-0045 §16.5.3). `None`: the
/// server's form has no such field (on reading), or leave it as it is (on writing).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RoomConfig {
    pub name: Option<String>,
    pub description: Option<String>,
    pub persistent: Option<bool>,
    pub public: Option<bool>,
    pub members_only: Option<bool>,
    pub moderated: Option<bool>,
    /// The password to enter; empty: none.
    pub password: Option<String>,
    /// The most occupants at once; 0: no limit.
    pub max_users: Option<u32>,
    /// Whether every occupant sees others' real JIDs (`whois` = `anyone`), or moderators only.
    pub jids_visible: Option<bool>,
    pub change_subject: Option<bool>,
    pub allow_invites: Option<bool>,
    /// Whether the room keeps an archive (logging or MAM, by the server's field).
    pub logging: Option<bool>,
    /// The roles whose presence is broadcast.
    pub presence_broadcast: Option<Vec<String>>,
    /// Who may send private messages: `anyone`, `participants`, `moderators` or `none`.
    pub allow_pm: Option<String>,
}

const NAME: &[&str] = &["muc#roomconfig_roomname"];
const DESCRIPTION: &[&str] = &["muc#roomconfig_roomdesc"];
const PERSISTENT: &[&str] = &["muc#roomconfig_persistentroom"];
const PUBLIC: &[&str] = &["muc#roomconfig_publicroom"];
const MEMBERS_ONLY: &[&str] = &["muc#roomconfig_membersonly"];
const MODERATED: &[&str] = &["muc#roomconfig_moderatedroom"];
const SECRET: &[&str] = &["muc#roomconfig_roomsecret"];
const PROTECTED: &[&str] = &["muc#roomconfig_passwordprotectedroom"];
const MAX_USERS: &[&str] = &["muc#roomconfig_maxusers"];
const WHOIS: &[&str] = &["muc#roomconfig_whois"];
const CHANGE_SUBJECT: &[&str] = &["muc#roomconfig_changesubject"];
const ALLOW_INVITES: &[&str] = &["muc#roomconfig_allowinvites"];
/// The standard field, Prosody's (mod_muc_mam) and ejabberd's (mod_mam).
const LOGGING: &[&str] = &[
    "muc#roomconfig_enablelogging",
    "muc#roomconfig_enablearchiving",
    "mam",
];
const PRESENCE_BROADCAST: &[&str] = &["muc#roomconfig_presencebroadcast"];
const ALLOW_PM: &[&str] = &["muc#roomconfig_allowpm"];

fn field<'f>(form: &'f DataForm, vars: &[&str]) -> Option<&'f Field> {
    form.fields
        .iter()
        .find(|f| f.var.as_deref().is_some_and(|var| vars.contains(&var)))
}

fn text(form: &DataForm, vars: &[&str]) -> Option<String> {
    field(form, vars).map(|f| f.values.first().cloned().unwrap_or_default())
}

fn flag(form: &DataForm, vars: &[&str]) -> Option<bool> {
    text(form, vars).map(|v| v == "1" || v == "true")
}

impl RoomConfig {
    /// The settings a room's configuration form shows.
    pub fn read(form: &DataForm) -> Self {
        Self {
            name: text(form, NAME),
            description: text(form, DESCRIPTION),
            persistent: flag(form, PERSISTENT),
            public: flag(form, PUBLIC),
            members_only: flag(form, MEMBERS_ONLY),
            moderated: flag(form, MODERATED),
            password: text(form, SECRET),
            // A limit the server shows as a word ("none") is no limit.
            max_users: text(form, MAX_USERS).map(|v| v.parse().unwrap_or(0)),
            jids_visible: text(form, WHOIS).map(|v| v == "anyone"),
            change_subject: flag(form, CHANGE_SUBJECT),
            allow_invites: flag(form, ALLOW_INVITES),
            logging: flag(form, LOGGING),
            presence_broadcast: field(form, PRESENCE_BROADCAST).map(|f| f.values.clone()),
            allow_pm: text(form, ALLOW_PM),
        }
    }

    /// The values to submit, by the fields' vars (every name a server may use).
    fn changes(&self) -> Vec<(&'static [&'static str], Vec<String>)> {
        let one = |v: &str| vec![v.to_string()];
        let bit = |b: &bool| one(if *b { "1" } else { "0" });
        let mut changes = Vec::new();
        let mut set = |vars, value: Option<Vec<String>>| {
            if let Some(value) = value {
                changes.push((vars, value));
            }
        };
        set(NAME, self.name.as_deref().map(one));
        set(DESCRIPTION, self.description.as_deref().map(one));
        set(PERSISTENT, self.persistent.as_ref().map(bit));
        set(PUBLIC, self.public.as_ref().map(bit));
        set(MEMBERS_ONLY, self.members_only.as_ref().map(bit));
        set(MODERATED, self.moderated.as_ref().map(bit));
        set(SECRET, self.password.as_deref().map(one));
        set(
            PROTECTED,
            self.password.as_ref().map(|p| bit(&!p.is_empty())),
        );
        set(
            MAX_USERS,
            self.max_users.map(|n| match n {
                // ejabberd's list offers "none" for no limit; Prosody's text field takes 0.
                0 => one("none"),
                n => one(&n.to_string()),
            }),
        );
        set(
            WHOIS,
            self.jids_visible
                .map(|anyone| one(if anyone { "anyone" } else { "moderators" })),
        );
        set(CHANGE_SUBJECT, self.change_subject.as_ref().map(bit));
        set(ALLOW_INVITES, self.allow_invites.as_ref().map(bit));
        set(LOGGING, self.logging.as_ref().map(bit));
        set(PRESENCE_BROADCAST, self.presence_broadcast.clone());
        set(ALLOW_PM, self.allow_pm.as_deref().map(one));
        changes
    }

    /// The form to submit: the server's `form` with these settings filled in. Settings
    /// the server's form has no field for are returned by name (they are not applied).
    pub fn fill(&self, form: &DataForm) -> (DataForm, Vec<&'static str>) {
        let changes = self.changes();
        let mut unapplied = Vec::new();
        for (vars, _) in &changes {
            if field(form, vars).is_none() {
                unapplied.push(vars[0]);
            }
        }
        let fields = form
            .fields
            .iter()
            .filter(|f| f.var.is_some() && f.type_ != FieldType::Fixed)
            .map(|f| {
                let var = f.var.as_deref().unwrap_or_default();
                let values = changes
                    .iter()
                    .find(|(vars, _)| vars.contains(&var))
                    .map_or_else(|| f.values.clone(), |(_, values)| values.clone());
                let mut submitted = Field::new(var, f.type_.clone());
                submitted.values = values;
                submitted
            })
            .collect();
        let form_type = form
            .form_type()
            .unwrap_or("http://jabber.org/protocol/muc#roomconfig");
        (
            DataForm::new(DataFormType::Submit, form_type, fields),
            unapplied,
        )
    }
}

/// One entry of an affiliation list: whom, and which.
#[derive(Debug, Clone, PartialEq)]
pub struct Affiliated {
    pub jid: BareJid,
    pub affiliation: Affiliation,
}

fn owner_query(child: Option<Element>) -> Element {
    let mut query = Element::builder("query", MUC_OWNER);
    if let Some(child) = child {
        query = query.append(child);
    }
    query.build()
}

fn admin_items(items: impl IntoIterator<Item = Element>) -> Element {
    Element::builder("query", MUC_ADMIN)
        .append_all(items)
        .build()
}

fn affiliation_item(affiliation: &Affiliation, jid: Option<&BareJid>) -> Element {
    let mut item = Element::builder("item", MUC_ADMIN).attr(
        xml_ncname!("affiliation").to_owned(),
        super::text(affiliation),
    );
    if let Some(jid) = jid {
        item = item.attr(xml_ncname!("jid").to_owned(), jid.to_string());
    }
    item.build()
}

impl On<'_> {
    async fn room_iq(
        &self,
        room: &BareJid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.keeper
            .iq(self.user, Some(Jid::from(room.clone())), kind, payload)
            .await
    }

    /// The room's configuration form, as the server sends it to an owner.
    pub async fn muc_config_form(&self, room: &BareJid) -> Result<DataForm, KeeperError> {
        let answer = self.room_iq(room, IqKind::Get, owner_query(None)).await?;
        answer
            .as_ref()
            .and_then(|query| query.get_child("x", "jabber:x:data"))
            .and_then(|form| DataForm::try_from(form.clone()).ok())
            .ok_or_else(|| KeeperError::Internal("the room sent no configuration form".into()))
    }

    /// Applies `config` to the room; returns the settings its server has no field for.
    pub async fn muc_configure(
        &self,
        room: &BareJid,
        config: &RoomConfig,
    ) -> Result<Vec<&'static str>, KeeperError> {
        let form = self.muc_config_form(room).await?;
        let (submit, unapplied) = config.fill(&form);
        self.room_iq(room, IqKind::Set, owner_query(Some(submit.into())))
            .await?;
        Ok(unapplied)
    }

    /// Destroys the room (its occupants are told why).
    pub async fn muc_destroy(&self, room: &BareJid, reason: &str) -> Result<(), KeeperError> {
        let destroy = Element::builder("destroy", MUC_OWNER)
            .append(Element::builder("reason", MUC_OWNER).append(reason))
            .build();
        self.room_iq(room, IqKind::Set, owner_query(Some(destroy)))
            .await
            .map(drop)
    }

    /// Who holds `affiliation` in the room (bare JIDs).
    pub async fn muc_affiliated(
        &self,
        room: &BareJid,
        affiliation: Affiliation,
    ) -> Result<Vec<BareJid>, KeeperError> {
        let query = admin_items([affiliation_item(&affiliation, None)]);
        let answer = self.room_iq(room, IqKind::Get, query).await?;
        Ok(answer
            .iter()
            .flat_map(|query| query.children())
            .filter(|item| item.is("item", MUC_ADMIN))
            .filter_map(|item| item.attr("jid")?.parse::<BareJid>().ok())
            .take(MAX_AFFILIATED)
            .collect())
    }

    /// Sets each entry's affiliation (`none` takes one away), one request per entry, in
    /// order, stopping at the first refusal. (XEP-0045 allows several items in one
    /// request, but Prosody 0.12 applies only the first and answers success.)
    pub async fn muc_affiliate(
        &self,
        room: &BareJid,
        entries: &[Affiliated],
    ) -> Result<(), KeeperError> {
        for entry in entries {
            let item = affiliation_item(&entry.affiliation, Some(&entry.jid));
            self.room_iq(room, IqKind::Set, admin_items([item])).await?;
        }
        Ok(())
    }

    /// Sets the room's subject (the session must be in the room).
    pub async fn muc_set_subject(&self, room: &BareJid, subject: &str) -> Result<(), KeeperError> {
        let mut message = Message::groupchat(Some(room.clone().into()));
        message.subjects.insert(Lang::new(), subject.to_string());
        self.keeper
            .send(self.user, Stanza::Message(message))
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    /// XEP-0045 §10.1.3, Example 163 (abridged): the configuration form an owner is sent.
    const CONFIG_FORM: &str = "<x xmlns='jabber:x:data' type='form'>\
        <title>Configuration for \"coven\" Room</title>\
        <field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>\
        <field label='Natural-Language Room Name' type='text-single' var='muc#roomconfig_roomname'><value>A Dark Cave</value></field>\
        <field label='Short Description of Room' type='text-single' var='muc#roomconfig_roomdesc'/>\
        <field label='Make Room Persistent?' type='boolean' var='muc#roomconfig_persistentroom'><value>0</value></field>\
        <field label='Make Room Publicly Searchable?' type='boolean' var='muc#roomconfig_publicroom'><value>1</value></field>\
        <field label='Maximum Number of Occupants' type='list-single' var='muc#roomconfig_maxusers'><value>20</value>\
        <option label='10'><value>10</value></option><option label='20'><value>20</value></option></field>\
        <field label='Who May Discover Real JIDs?' type='list-single' var='muc#roomconfig_whois'><value>moderators</value></field>\
        <field type='fixed'><value>You may also enable the following:</value></field>\
        <field label='Roles for which Presence is Broadcasted' type='list-multi' var='muc#roomconfig_presencebroadcast'>\
        <value>moderator</value><value>participant</value><value>visitor</value></field>\
        <field type='boolean' var='x-server#own-option'><value>1</value></field>\
        </x>";

    fn form() -> DataForm {
        DataForm::try_from(CONFIG_FORM.parse::<Element>().unwrap()).unwrap()
    }

    #[test]
    fn settings_are_read_from_the_xeps_form_and_missing_fields_stay_unknown() {
        let config = RoomConfig::read(&form());
        assert_eq!(config.name.as_deref(), Some("A Dark Cave"));
        assert_eq!(config.description.as_deref(), Some(""));
        assert_eq!(config.persistent, Some(false));
        assert_eq!(config.public, Some(true));
        assert_eq!(config.max_users, Some(20));
        assert_eq!(config.jids_visible, Some(false));
        assert_eq!(
            config.presence_broadcast,
            Some(vec![
                "moderator".into(),
                "participant".into(),
                "visitor".into()
            ])
        );
        assert_eq!(
            config.moderated, None,
            "the form has no such field: unknown"
        );
    }

    #[test]
    fn a_change_fills_the_servers_form_and_keeps_its_other_fields() {
        let change = RoomConfig {
            name: Some("Coven".into()),
            persistent: Some(true),
            jids_visible: Some(true),
            moderated: Some(true),
            ..RoomConfig::default()
        };
        let (submit, unapplied) = change.fill(&form());
        assert_eq!(submit.type_, DataFormType::Submit);
        let value = |var: &str| {
            submit
                .fields
                .iter()
                .find(|f| f.var.as_deref() == Some(var))
                .map(|f| f.values.clone())
        };
        assert_eq!(value("muc#roomconfig_roomname"), Some(vec!["Coven".into()]));
        assert_eq!(
            value("muc#roomconfig_persistentroom"),
            Some(vec!["1".into()])
        );
        assert_eq!(value("muc#roomconfig_whois"), Some(vec!["anyone".into()]));
        assert_eq!(value("muc#roomconfig_maxusers"), Some(vec!["20".into()]));
        assert_eq!(value("x-server#own-option"), Some(vec!["1".into()]));
        assert!(
            submit.fields.iter().all(|f| f.type_ != FieldType::Fixed),
            "fixed fields are not submitted"
        );
        assert_eq!(unapplied, ["muc#roomconfig_moderatedroom"]);
    }

    #[tokio::test]
    async fn each_affiliation_changes_in_its_own_admin_request_as_xep_0045_shows() {
        // XEP-0045 §9.5, Example 124: granting membership by an item with a bare JID.
        let keeper = FakeKeeper::new();
        keeper.answer_xml("<query xmlns='http://jabber.org/protocol/muc#admin'/>");
        keeper.answer_xml("<query xmlns='http://jabber.org/protocol/muc#admin'/>");
        let room: BareJid = "coven@chat.shakespeare.lit".parse().unwrap();
        let hag: BareJid = "hag66@shakespeare.lit".parse().unwrap();
        let witch: BareJid = "wiccarocks@shakespeare.lit".parse().unwrap();
        On::new(&keeper, "crone1")
            .muc_affiliate(
                &room,
                &[
                    Affiliated {
                        jid: hag.clone(),
                        affiliation: Affiliation::Member,
                    },
                    Affiliated {
                        jid: witch,
                        affiliation: Affiliation::None,
                    },
                ],
            )
            .await
            .unwrap();
        assert_eq!(
            keeper.calls().len(),
            2,
            "one request per item: Prosody applies only a request's first"
        );
        let Call::Iq {
            to: Some(to),
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[0]
        else {
            panic!("an IQ set to the room");
        };
        assert_eq!(to, &Jid::from(room));
        let item = payload.get_child("item", MUC_ADMIN).unwrap();
        assert_eq!(item.attr("affiliation"), Some("member"));
        assert_eq!(item.attr("jid"), Some("hag66@shakespeare.lit"));
    }
}
