//! Room bookmarks where the user's server keeps them: XEP-0402 (PEP node
//! `urn:xmpp:bookmarks:1`, one item per room, the room's JID as item id), or, on a server
//! without it, XEP-0048 private storage (`storage:bookmarks`, read and written whole, other
//! entries kept).

use tokio_xmpp::jid::{BareJid, Jid, ResourcePart};
use tokio_xmpp::parsers::bookmarks::{Conference as LegacyConference, Storage};
use tokio_xmpp::parsers::bookmarks2::Conference;
use tokio_xmpp::parsers::disco::{DiscoInfoQuery, DiscoInfoResult};
use tokio_xmpp::parsers::private::Query as PrivateQuery;
use tokio_xmpp::parsers::pubsub::pubsub::{Item, PubSub, Retract};
use tokio_xmpp::parsers::pubsub::{ItemId, NodeName};

use super::On;
use super::pubsub::refuses_options;
use crate::keeper::{IqKind, KeeperError};

const NODE: &str = "urn:xmpp:bookmarks:1";
/// What an account announces when its server keeps XEP-0402 bookmarks and syncs them with
/// XEP-0048 private storage (XEP-0402 §3): only then are they used. Announcing
/// publish-options alone is not enough (ejabberd 23.01 does, and refuses XEP-0402's options).
const COMPAT: &str = "urn:xmpp:bookmarks:1#compat";

/// A room bookmark, whichever XEP keeps it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bookmark {
    pub name: Option<String>,
    pub autojoin: bool,
    /// The nickname to join with.
    pub nick: Option<ResourcePart>,
    pub password: Option<String>,
}

impl From<Conference> for Bookmark {
    fn from(c: Conference) -> Self {
        Self {
            name: c.name,
            autojoin: c.autojoin,
            nick: c.nick,
            password: c.password,
        }
    }
}

impl From<Bookmark> for Conference {
    fn from(b: Bookmark) -> Self {
        Conference {
            autojoin: b.autojoin,
            name: b.name,
            nick: b.nick,
            password: b.password,
            extensions: None,
        }
    }
}

/// XEP-0402 (PEP) bookmarks, or XEP-0048 private storage for servers without them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BookmarkStorage {
    /// XEP-0402 where the server announces it on the account, else XEP-0048.
    #[default]
    Auto,
    Pep,
    Private,
}

/// Where one user's bookmarks live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Pep,
    Private,
}

impl On<'_> {
    /// XEP-0402 when configured, or (auto) when the server announces it, with XEP-0048
    /// synchronisation, on the account.
    pub async fn bookmarks_backend(
        &self,
        own: &BareJid,
        storage: BookmarkStorage,
    ) -> Result<Backend, KeeperError> {
        Ok(match storage {
            BookmarkStorage::Pep => Backend::Pep,
            BookmarkStorage::Private => Backend::Private,
            BookmarkStorage::Auto => {
                let query = DiscoInfoQuery { node: None }.into();
                let info = self
                    .keeper
                    .iq(self.user, Some(Jid::from(own.clone())), IqKind::Get, query)
                    .await?
                    .and_then(|answer| DiscoInfoResult::try_from(answer).ok());
                let pep = info.is_some_and(|info| info.features.contains(COMPAT));
                if pep { Backend::Pep } else { Backend::Private }
            }
        })
    }

    /// The user's room bookmarks.
    pub async fn bookmarks_list(
        &self,
        backend: Backend,
    ) -> Result<Vec<(BareJid, Bookmark)>, KeeperError> {
        match backend {
            Backend::Pep => self.bookmarks_pep_list().await,
            Backend::Private => Ok(self
                .bookmarks_private_read()
                .await?
                .conferences
                .into_iter()
                .map(|c| {
                    let bookmark = Bookmark {
                        autojoin: c.autojoin,
                        name: c.name,
                        nick: c.nick,
                        password: c.password,
                    };
                    (c.jid, bookmark)
                })
                .collect()),
        }
    }

    /// Adds the room's bookmark or replaces it.
    pub async fn bookmarks_save(
        &self,
        backend: Backend,
        room: &BareJid,
        bookmark: Bookmark,
    ) -> Result<(), KeeperError> {
        match backend {
            Backend::Pep => match self.bookmarks_pep_save(room, bookmark.clone().into()).await {
                // The server refuses XEP-0402's publish options (XEP-0060 §7.1.5): the
                // private storage it keeps in sync takes the bookmark instead.
                Err(KeeperError::Xmpp(condition)) if refuses_options(&condition) => {
                    Box::pin(self.bookmarks_save(Backend::Private, room, bookmark)).await
                }
                result => result,
            },
            Backend::Private => {
                let mut storage = self.bookmarks_private_read().await?;
                let legacy = LegacyConference {
                    autojoin: bookmark.autojoin,
                    jid: room.clone(),
                    name: bookmark.name,
                    nick: bookmark.nick,
                    password: bookmark.password,
                };
                match storage.conferences.iter_mut().find(|c| c.jid == *room) {
                    Some(existing) => *existing = legacy,
                    None => storage.conferences.push(legacy),
                }
                self.bookmarks_private_write(storage).await
            }
        }
    }

    pub async fn bookmarks_remove(
        &self,
        backend: Backend,
        room: &BareJid,
    ) -> Result<(), KeeperError> {
        match backend {
            Backend::Pep => {
                let retract = PubSub::Retract(Retract {
                    node: NodeName(NODE.into()),
                    notify: true,
                    items: vec![Item {
                        id: Some(ItemId(room.to_string())),
                        publisher: None,
                        payload: None,
                    }],
                });
                self.keeper
                    .iq(self.user, None, IqKind::Set, retract.into())
                    .await?;
                Ok(())
            }
            Backend::Private => {
                let mut storage = self.bookmarks_private_read().await?;
                storage.conferences.retain(|c| c.jid != *room);
                self.bookmarks_private_write(storage).await
            }
        }
    }

    /// XEP-0048: the whole bookmark storage (URLs and all) from private XML storage.
    async fn bookmarks_private_read(&self) -> Result<Storage, KeeperError> {
        let query = PrivateQuery {
            storage: Storage::default(),
        };
        let answer = self
            .keeper
            .iq(self.user, None, IqKind::Get, query.into())
            .await?;
        Ok(answer
            .and_then(|a| PrivateQuery::try_from(a).ok())
            .map(|q| q.storage)
            .unwrap_or_default())
    }

    async fn bookmarks_private_write(&self, storage: Storage) -> Result<(), KeeperError> {
        let query = PrivateQuery { storage };
        self.keeper
            .iq(self.user, None, IqKind::Set, query.into())
            .await?;
        Ok(())
    }

    /// XEP-0402: the items of the bookmarks node.
    async fn bookmarks_pep_list(&self) -> Result<Vec<(BareJid, Bookmark)>, KeeperError> {
        Ok(self
            .pep_private_items(NODE)
            .await?
            .into_iter()
            .filter_map(|(id, payload)| {
                let room = id.parse().ok()?;
                let conference = Conference::try_from(payload).ok()?;
                Some((room, conference.into()))
            })
            .collect())
    }

    /// Publishes the bookmark with the access XEP-0402 asks for (only the user reads it).
    async fn bookmarks_pep_save(
        &self,
        room: &BareJid,
        conference: Conference,
    ) -> Result<(), KeeperError> {
        self.pep_private_publish(NODE, &room.to_string(), conference.into())
            .await
    }
}

#[cfg(test)]
mod tests {
    use tokio_xmpp::parsers::stanza_error::DefinedCondition;

    use super::*;
    use crate::keeper::fake::{Answer, Call, FakeKeeper};
    use crate::protocol::errors::Condition;

    fn room() -> BareJid {
        "theplay@conference.shakespeare.lit".parse().unwrap()
    }

    #[tokio::test]
    async fn xep_0402_items_are_read_with_the_room_as_item_id() {
        // XEP-0402 §4.2, Example 6: the bookmarks node's items.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'>\
             <item id='theplay@conference.shakespeare.lit'>\
             <conference xmlns='urn:xmpp:bookmarks:1' name='The Play&apos;s the Thing' autojoin='true'>\
             <nick>JC</nick></conference></item>\
             <item id='orchard@conference.shakespeare.lit'>\
             <conference xmlns='urn:xmpp:bookmarks:1' name='The Orchard' autojoin='1'>\
             <nick>JC</nick></conference></item></items></pubsub>",
        );
        let list = On::new(&keeper, "juliet")
            .bookmarks_list(Backend::Pep)
            .await
            .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].0, room());
        assert_eq!(list[0].1.name.as_deref(), Some("The Play's the Thing"));
        assert!(
            list[0].1.autojoin && list[1].1.autojoin,
            "true and 1 are both true"
        );
        assert_eq!(list[0].1.nick.as_ref().map(|n| n.as_str()), Some("JC"));
    }

    #[tokio::test]
    async fn no_bookmarks_node_yet_is_no_bookmarks_but_another_refusal_is_an_error() {
        let keeper = FakeKeeper::new();
        keeper.answer([
            Answer::Iq(Err(KeeperError::Xmpp(Condition(
                DefinedCondition::ItemNotFound,
            )))),
            Answer::Iq(Err(KeeperError::Xmpp(Condition(
                DefinedCondition::Forbidden,
            )))),
        ]);
        let on = On::new(&keeper, "juliet");
        assert!(on.bookmarks_list(Backend::Pep).await.unwrap().is_empty());
        assert!(on.bookmarks_list(Backend::Pep).await.is_err());
    }

    #[tokio::test]
    async fn a_saved_bookmark_is_published_privately_as_xep_0402_asks() {
        // XEP-0402 §4.3, Example 8: publish-options persist, max items, never send, whitelist.
        let keeper = FakeKeeper::new();
        keeper.answer([Answer::Iq(Ok(None))]);
        let bookmark = Bookmark {
            name: Some("The Play".into()),
            autojoin: true,
            ..Bookmark::default()
        };
        On::new(&keeper, "juliet")
            .bookmarks_save(Backend::Pep, &room(), bookmark)
            .await
            .unwrap();
        let Call::Iq {
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[0]
        else {
            panic!("a publish");
        };
        let ns = "http://jabber.org/protocol/pubsub";
        let publish = payload.get_child("publish", ns).unwrap();
        assert_eq!(publish.attr("node"), Some(NODE));
        let item = publish.get_child("item", ns).unwrap();
        assert_eq!(item.attr("id"), Some("theplay@conference.shakespeare.lit"));
        let options = payload
            .get_child("publish-options", ns)
            .unwrap()
            .get_child("x", "jabber:x:data")
            .unwrap();
        let value = |var: &str| {
            options
                .children()
                .find(|f| f.attr("var") == Some(var))
                .unwrap()
                .children()
                .next()
                .unwrap()
                .text()
        };
        assert_eq!(value("pubsub#access_model"), "whitelist");
        assert_eq!(value("pubsub#send_last_published_item"), "never");
        assert_eq!(value("pubsub#persist_items"), "true");
    }

    #[tokio::test]
    async fn xep_0048_storage_is_rewritten_whole_with_its_other_entries_kept() {
        // XEP-0048 §3.3, Example 3 (a conference and a URL).
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>\
             <url name='Complete Works of Shakespeare' url='http://the-tech.mit.edu/Shakespeare/'/>\
             <conference name='Council of Oberon' autojoin='true' jid='council@conference.underhill.org'>\
             <nick>Puck</nick></conference></storage></query>",
        );
        keeper.answer([Answer::Iq(Ok(None))]);
        On::new(&keeper, "puck")
            .bookmarks_save(Backend::Private, &room(), Bookmark::default())
            .await
            .unwrap();
        let Call::Iq {
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[1]
        else {
            panic!("the storage written back");
        };
        let storage = payload.get_child("storage", "storage:bookmarks").unwrap();
        let jids: Vec<&str> = storage.children().filter_map(|c| c.attr("jid")).collect();
        assert_eq!(
            jids,
            [
                "council@conference.underhill.org",
                "theplay@conference.shakespeare.lit"
            ]
        );
        assert!(
            storage.get_child("url", "storage:bookmarks").is_some(),
            "the URL entry is kept"
        );
    }

    #[tokio::test]
    async fn a_refusal_of_the_publish_options_saves_to_the_synced_private_storage() {
        // ejabberd 23.01 answers XEP-0402's publish with resource-constraint.
        let keeper = FakeKeeper::new();
        keeper.answer([Answer::Iq(Err(KeeperError::Xmpp(Condition(
            DefinedCondition::ResourceConstraint,
        ))))]);
        keeper.answer_xml(
            "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query>",
        );
        keeper.answer([Answer::Iq(Ok(None))]);
        let bookmark = Bookmark {
            name: Some("The Play".into()),
            ..Bookmark::default()
        };
        On::new(&keeper, "juliet")
            .bookmarks_save(Backend::Pep, &room(), bookmark)
            .await
            .unwrap();
        let Call::Iq {
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[2]
        else {
            panic!("the private storage written");
        };
        let storage = payload.get_child("storage", "storage:bookmarks").unwrap();
        assert_eq!(
            storage.children().next().unwrap().attr("jid"),
            Some("theplay@conference.shakespeare.lit")
        );
        assert!(keeper.script_is_spent());
    }

    #[tokio::test]
    async fn auto_picks_xep_0402_only_where_the_account_announces_it() {
        // XEP-0402 §3: the account announces urn:xmpp:bookmarks:1#compat.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<query xmlns='http://jabber.org/protocol/disco#info'>\
             <identity category='account' type='registered'/>\
             <feature var='urn:xmpp:bookmarks:1#compat'/></query>",
        );
        // Publish-options without the sync (ejabberd 23.01): XEP-0048.
        keeper.answer_xml(
            "<query xmlns='http://jabber.org/protocol/disco#info'>\
             <identity category='account' type='registered'/>\
             <feature var='http://jabber.org/protocol/pubsub#publish-options'/>\
             <feature var='urn:xmpp:bookmarks-conversion:0'/></query>",
        );
        let on = On::new(&keeper, "juliet");
        let own: BareJid = "juliet@capulet.lit".parse().unwrap();
        assert_eq!(
            on.bookmarks_backend(&own, BookmarkStorage::Auto)
                .await
                .unwrap(),
            Backend::Pep
        );
        assert_eq!(
            on.bookmarks_backend(&own, BookmarkStorage::Auto)
                .await
                .unwrap(),
            Backend::Private
        );
    }
}
