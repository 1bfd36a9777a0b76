//! Publish-subscribe (XEP-0060) on a pubsub service, and the user's own PEP nodes
//! (XEP-0163), on the user's session.

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};
use tokio_xmpp::parsers::disco::{DiscoItemsQuery, DiscoItemsResult};
use tokio_xmpp::parsers::pubsub::owner::{Owner, Payload};
use tokio_xmpp::parsers::pubsub::pubsub::{
    Create, Item, Items, PubSub, Publish, PublishOptions, Subscribe,
};
use tokio_xmpp::parsers::pubsub::{ItemId, NodeName};
use tokio_xmpp::parsers::stanza_error::DefinedCondition;

use super::On;
use crate::keeper::{IqKind, KeeperError};
use crate::protocol::errors::Condition;

/// A node as disco lists it.
#[derive(Debug)]
pub struct Node {
    pub id: String,
    pub name: Option<String>,
}

const PUBLISH_OPTIONS: &str = "http://jabber.org/protocol/pubsub#publish-options";
const NODE_CONFIG: &str = "http://jabber.org/protocol/pubsub#node_config";

/// Whether a refusal of a publish is about its publish options (XEP-0060 §7.1.5: conflict,
/// with precondition-not-met as its pubsub condition; servers also answer
/// resource-constraint or not-acceptable).
pub fn refuses_options(condition: &Condition) -> bool {
    [
        DefinedCondition::Conflict,
        DefinedCondition::ResourceConstraint,
        DefinedCondition::NotAcceptable,
    ]
    .into_iter()
    .any(|c| condition.is(c))
}

impl On<'_> {
    /// Publishes an item (`id`) to a node of the user's own PEP that only the user reads
    /// and that keeps every item (XEP-0223, as XEP-0402 and XEP-0490 ask).
    pub async fn pep_private_publish(
        &self,
        node: &str,
        id: &str,
        payload: Element,
    ) -> Result<(), KeeperError> {
        let options = [
            ("pubsub#persist_items", "true"),
            ("pubsub#max_items", "max"),
            ("pubsub#send_last_published_item", "never"),
            ("pubsub#access_model", "whitelist"),
        ];
        self.pep_publish(node, id, payload, &options).await
    }

    /// The same, for a server that takes only some publish options (ejabberd 23.01 refuses
    /// `max_items` and `send_last_published_item` there, and keeps one item by default):
    /// published private, then the node configured to keep `max_items` items.
    pub async fn pep_private_publish_then_configure(
        &self,
        node: &str,
        id: &str,
        payload: Element,
        max_items: u32,
    ) -> Result<(), KeeperError> {
        let options = [
            ("pubsub#persist_items", "true"),
            ("pubsub#access_model", "whitelist"),
        ];
        self.pep_publish(node, id, payload, &options).await?;
        let config = DataForm::new(
            DataFormType::Submit,
            NODE_CONFIG,
            vec![
                Field::new("pubsub#max_items", FieldType::TextSingle)
                    .with_value(&max_items.to_string()),
                Field::new("pubsub#send_last_published_item", FieldType::ListSingle)
                    .with_value("never"),
            ],
        );
        let configure = Owner {
            payload: Payload::Configure {
                node: Some(NodeName(node.into())),
                form: Some(config),
            },
        };
        self.keeper
            .iq(self.user, None, IqKind::Set, configure.into())
            .await
            .map(drop)
    }

    async fn pep_publish(
        &self,
        node: &str,
        id: &str,
        payload: Element,
        options: &[(&str, &str)],
    ) -> Result<(), KeeperError> {
        let fields = options
            .iter()
            .map(|(var, value)| Field::new(var, FieldType::TextSingle).with_value(value))
            .collect();
        let publish = PubSub::Publish {
            publish: Publish {
                node: NodeName(node.into()),
                items: vec![Item {
                    id: Some(ItemId(id.to_string())),
                    publisher: None,
                    payload: Some(payload),
                }],
            },
            publish_options: Some(PublishOptions {
                form: Some(DataForm::new(DataFormType::Submit, PUBLISH_OPTIONS, fields)),
            }),
        };
        self.keeper
            .iq(self.user, None, IqKind::Set, publish.into())
            .await
            .map(drop)
    }

    /// The items of a node of the user's own PEP, by id (none while the node does not exist).
    pub async fn pep_private_items(
        &self,
        node: &str,
    ) -> Result<Vec<(String, Element)>, KeeperError> {
        let query = PubSub::Items(Items {
            max_items: None,
            node: NodeName(node.into()),
            subid: None,
            items: Vec::new(),
        });
        let answer = match self
            .keeper
            .iq(self.user, None, IqKind::Get, query.into())
            .await
        {
            Ok(answer) => answer,
            Err(KeeperError::Xmpp(condition)) if condition.is(DefinedCondition::ItemNotFound) => {
                None
            }
            Err(err) => return Err(err),
        };
        let Some(PubSub::Items(items)) = answer.and_then(|a| PubSub::try_from(a).ok()) else {
            return Ok(Vec::new());
        };
        Ok(items
            .items
            .into_iter()
            .filter_map(|item| Some((item.id?.0, item.payload?)))
            .collect())
    }

    /// The nodes of a service, or of the user's own PEP (`to` = the user's JID).
    pub async fn pubsub_nodes(&self, to: Jid) -> Result<Vec<Node>, KeeperError> {
        let query = DiscoItemsQuery {
            node: None,
            rsm: None,
        };
        let answer = self
            .keeper
            .iq(self.user, Some(to), IqKind::Get, query.into())
            .await?;
        Ok(answer
            .and_then(|a| DiscoItemsResult::try_from(a).ok())
            .map(|r| r.items)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|item| {
                Some(Node {
                    id: item.node?,
                    name: item.name,
                })
            })
            .collect())
    }

    pub async fn pubsub_create(&self, service: Jid, node: &str) -> Result<(), KeeperError> {
        let create = PubSub::Create {
            create: Create {
                node: Some(NodeName(node.to_string())),
            },
            configure: None,
        };
        self.keeper
            .iq(self.user, Some(service), IqKind::Set, create.into())
            .await
            .map(drop)
    }

    /// Publishes one item (`to`: a service; `None`: the user's own PEP).
    pub async fn pubsub_publish(
        &self,
        to: Option<Jid>,
        node: &str,
        item: Element,
    ) -> Result<(), KeeperError> {
        let publish = PubSub::Publish {
            publish: Publish {
                node: NodeName(node.to_string()),
                items: vec![Item {
                    id: None,
                    publisher: None,
                    payload: Some(item),
                }],
            },
            publish_options: None,
        };
        self.keeper
            .iq(self.user, to, IqKind::Set, publish.into())
            .await
            .map(drop)
    }

    pub async fn pubsub_subscribe(
        &self,
        service: Jid,
        subscriber: &BareJid,
        node: &str,
    ) -> Result<(), KeeperError> {
        let subscribe = PubSub::Subscribe {
            subscribe: Some(Subscribe {
                jid: subscriber.clone().into(),
                node: Some(NodeName(node.to_string())),
            }),
            options: None,
        };
        self.keeper
            .iq(self.user, Some(service), IqKind::Set, subscribe.into())
            .await
            .map(drop)
    }
}

/// One subscription to a node.
#[derive(Debug)]
pub struct Subscriber {
    pub jid: String,
    pub subscription: String,
}

impl On<'_> {
    /// A node's subscribers (for its owner).
    pub async fn pubsub_subscribers(
        &self,
        service: Jid,
        node: &str,
    ) -> Result<Vec<Subscriber>, KeeperError> {
        let query = Owner {
            payload: Payload::Subscriptions {
                node: NodeName(node.to_string()),
                subscriptions: Vec::new(),
            },
        };
        let answer = self
            .keeper
            .iq(self.user, Some(service), IqKind::Get, query.into())
            .await?;
        // Read by hand: Prosody 0.12 puts `node` on each <subscription/> rather than on
        // <subscriptions/>, which xmpp-parsers' owner type requires.
        Ok(answer
            .iter()
            .flat_map(|pubsub| pubsub.children())
            .filter(|child| child.name() == "subscriptions")
            .flat_map(|list| list.children())
            .filter(|s| s.name() == "subscription")
            .filter_map(|s| {
                Some(Subscriber {
                    jid: s.attr("jid")?.to_string(),
                    subscription: s.attr("subscription").unwrap_or("none").to_string(),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    fn service() -> Jid {
        "pubsub.shakespeare.lit".parse().unwrap()
    }

    #[tokio::test]
    async fn a_services_nodes_are_its_disco_items_with_a_node() {
        // XEP-0060 §5.2, Example 10.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<query xmlns='http://jabber.org/protocol/disco#items'>\
             <item jid='pubsub.shakespeare.lit' node='blogs' name='Weblog updates'/>\
             <item jid='pubsub.shakespeare.lit' node='news' name='News and announcements'/>\
             <item jid='pubsub.shakespeare.lit' name='no node: not a node'/></query>",
        );
        let nodes = On::new(&keeper, "hamlet")
            .pubsub_nodes(service())
            .await
            .unwrap();
        let ids: Vec<(&str, Option<&str>)> = nodes
            .iter()
            .map(|n| (n.id.as_str(), n.name.as_deref()))
            .collect();
        assert_eq!(
            ids,
            [
                ("blogs", Some("Weblog updates")),
                ("news", Some("News and announcements"))
            ]
        );
    }

    #[tokio::test]
    async fn subscribers_are_read_as_the_xep_and_as_prosody_write_them() {
        // XEP-0060 §8.8.1, Example 182 (node on <subscriptions/>), then Prosody 0.12's form
        // (node on each <subscription/>).
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>\
             <subscriptions node='princely_musings'>\
             <subscription jid='hamlet@denmark.lit' subscription='subscribed'/>\
             <subscription jid='polonius@denmark.lit' subscription='unconfigured'/>\
             </subscriptions></pubsub>",
        );
        keeper.answer_xml(
            "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><subscriptions>\
             <subscription node='princely_musings' jid='bernardo@denmark.lit' subscription='subscribed'/>\
             </subscriptions></pubsub>",
        );
        let on = On::new(&keeper, "hamlet");
        let first = on
            .pubsub_subscribers(service(), "princely_musings")
            .await
            .unwrap();
        let jids: Vec<(&str, &str)> = first
            .iter()
            .map(|s| (s.jid.as_str(), s.subscription.as_str()))
            .collect();
        assert_eq!(
            jids,
            [
                ("hamlet@denmark.lit", "subscribed"),
                ("polonius@denmark.lit", "unconfigured")
            ]
        );
        let second = on
            .pubsub_subscribers(service(), "princely_musings")
            .await
            .unwrap();
        assert_eq!(second[0].jid, "bernardo@denmark.lit");
    }

    #[tokio::test]
    async fn publishing_sends_one_item_with_the_payload() {
        // XEP-0060 §7.1.1, Example 99 (the item id left to the service).
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='princely_musings'>\
             <item id='ae890ac52d0df67ed7cfdf51b644e901'/></publish></pubsub>",
        );
        let entry: Element =
            "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>"
                .parse()
                .unwrap();
        On::new(&keeper, "hamlet")
            .pubsub_publish(Some(service()), "princely_musings", entry.clone())
            .await
            .unwrap();
        let Call::Iq {
            to,
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[0]
        else {
            panic!("an IQ set");
        };
        assert_eq!(to.as_ref(), Some(&service()));
        let ns = "http://jabber.org/protocol/pubsub";
        let item = payload
            .get_child("publish", ns)
            .unwrap()
            .get_child("item", ns)
            .unwrap();
        assert_eq!(item.attr("id"), None);
        assert_eq!(item.children().next(), Some(&entry));
    }
}
