//! Publish-subscribe (XEP-0060) on a pubsub service, and the user's own PEP nodes
//! (XEP-0163), on the user's session.

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::disco::{DiscoItemsQuery, DiscoItemsResult};
use tokio_xmpp::parsers::pubsub::NodeName;
use tokio_xmpp::parsers::pubsub::owner::{Owner, Payload};
use tokio_xmpp::parsers::pubsub::pubsub::{Create, Item, PubSub, Publish, Subscribe};

use super::On;
use crate::keeper::{IqKind, KeeperError};

/// A node as disco lists it.
#[derive(Debug)]
pub struct Node {
    pub id: String,
    pub name: Option<String>,
}

impl On<'_> {
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
