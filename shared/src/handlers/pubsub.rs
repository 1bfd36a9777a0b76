//! Publish-subscribe (XEP-0060) on the server's pubsub service, and the user's own PEP
//! nodes (XEP-0163), on the user's session.

use http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::disco::{DiscoItemsQuery, DiscoItemsResult};
use tokio_xmpp::parsers::pubsub::NodeName;
use tokio_xmpp::parsers::pubsub::owner::{Owner, Payload};
use tokio_xmpp::parsers::pubsub::pubsub::{Create, Item, PubSub, Publish, Subscribe};

use crate::auth::Principal;
use crate::http_io::{body_text, ok_empty, ok_json, path_param};
use crate::keeper::{IqKind, KeeperError};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

fn service(ctx: &Ctx) -> Result<Jid, ApiError> {
    Jid::new(&ctx.config.pubsub_service).map_err(|_| {
        tracing::error!(service = %ctx.config.pubsub_service, "XWG_PUBSUB_SERVICE is not a JID");
        ApiError::internal()
    })
}

fn node(req: &Request) -> Result<NodeName, ApiError> {
    Ok(NodeName(path_param(req, "node")?))
}

/// An IQ to a pubsub service (`None`: the user's own PEP), its errors told in node terms.
async fn ask(
    ctx: &Ctx,
    user: &str,
    to: Option<Jid>,
    kind: IqKind,
    payload: Element,
    node: Option<&NodeName>,
) -> Result<Option<Element>, ApiError> {
    let name = node.map_or(String::new(), |n| format!(" `{}`", n.0));
    ctx.keeper
        .iq(user, to, kind, payload)
        .await
        .map_err(|err| match err {
            KeeperError::XmppError(condition) => match condition.as_str() {
                "conflict" => ApiError::new(
                    StatusCode::CONFLICT,
                    "NodeExists",
                    format!("The node{name} exists already."),
                ),
                "item-not-found" => ApiError::new(
                    StatusCode::NOT_FOUND,
                    "NodeNotFound",
                    format!("There is no node{name}."),
                ),
                "forbidden" | "not-authorized" => ApiError::new(
                    StatusCode::FORBIDDEN,
                    "Forbidden",
                    format!("The pubsub service does not allow this on the node{name}."),
                ),
                other => ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "XmppError",
                    format!("The pubsub service refused ({other})."),
                ),
            },
            other => other.into(),
        })
}

/// SparkWeb's `NodeEntity`.
#[derive(Serialize)]
struct NodeEntity {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct NodeEntities {
    nodes: Vec<NodeEntity>,
}

async fn nodes_of(ctx: &Ctx, user: &str, to: Option<Jid>) -> Result<Response<Body>, ApiError> {
    let query = DiscoItemsQuery {
        node: None,
        rsm: None,
    };
    let answer = ask(ctx, user, to, IqKind::Get, query.into(), None).await?;
    let nodes = answer
        .and_then(|a| DiscoItemsResult::try_from(a).ok())
        .map(|r| r.items)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| {
            let id = item.node?;
            Some(NodeEntity {
                name: item.name.unwrap_or_else(|| id.clone()),
                id,
            })
        })
        .collect();
    ok_json(&NodeEntities { nodes })
}

/// `GET /rest/pubsub/nodes`: the pubsub service's nodes.
pub async fn nodes(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    nodes_of(ctx, user, Some(service(ctx)?)).await
}

/// `GET /rest/pep/nodes`: the user's own PEP nodes.
pub async fn pep_nodes(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let own = user_jid(user, &ctx.config.xmpp.domain)?;
    nodes_of(ctx, user, Some(own.into())).await
}

/// `POST /rest/pubsub/create/{node}`: 409 when it exists.
pub async fn create(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let node = node(&req)?;
    let create = PubSub::Create {
        create: Create {
            node: Some(node.clone()),
        },
        configure: None,
    };
    ask(
        ctx,
        user,
        Some(service(ctx)?),
        IqKind::Set,
        create.into(),
        Some(&node),
    )
    .await?;
    ok_empty()
}

/// The item to publish: the body, one XML element in its own namespace.
fn payload(req: &Request) -> Result<Element, ApiError> {
    let body = body_text(req)?;
    body.trim().parse::<Element>().map_err(|err| {
        ApiError::bad_request(format!(
            "Send the item as one XML element with its namespace, e.g. <entry xmlns='urn:example'>…</entry> ({err})."
        ))
    })
}

async fn publish_to(ctx: &Ctx, req: &Request, to: Option<Jid>) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(req)?.username;
    let node = node(req)?;
    let publish = PubSub::Publish {
        publish: Publish {
            node: node.clone(),
            items: vec![Item {
                id: None,
                publisher: None,
                payload: Some(payload(req)?),
            }],
        },
        publish_options: None,
    };
    ask(ctx, user, to, IqKind::Set, publish.into(), Some(&node)).await?;
    ok_empty()
}

/// `POST /rest/pubsub/publish/{node}`, body = the item (XML).
pub async fn publish(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let to = Some(service(ctx)?);
    publish_to(ctx, &req, to).await
}

/// `POST /rest/pep/publish/{node}`, body = the item (XML): to the user's own PEP node.
pub async fn pep_publish(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    publish_to(ctx, &req, None).await
}

/// `POST /rest/pubsub/subscribe/{node}`: the user subscribes; items then arrive as events.
pub async fn subscribe(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let node = node(&req)?;
    let subscribe = PubSub::Subscribe {
        subscribe: Some(Subscribe {
            jid: user_jid(user, &ctx.config.xmpp.domain)?.into(),
            node: Some(node.clone()),
        }),
        options: None,
    };
    ask(
        ctx,
        user,
        Some(service(ctx)?),
        IqKind::Set,
        subscribe.into(),
        Some(&node),
    )
    .await?;
    ok_empty()
}

#[derive(Serialize)]
struct Subscriber {
    username: String,
    subscription: String,
}

#[derive(Serialize)]
struct Subscribers {
    users: Vec<Subscriber>,
}

/// `GET /rest/pubsub/subscribers/{node}`: the node's subscribers (for its owner).
pub async fn subscribers(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let node = node(&req)?;
    let query = Owner {
        payload: Payload::Subscriptions {
            node: node.clone(),
            subscriptions: Vec::new(),
        },
    };
    let answer = ask(
        ctx,
        user,
        Some(service(ctx)?),
        IqKind::Get,
        query.into(),
        Some(&node),
    )
    .await?;
    // Read by hand: Prosody 0.12 puts `node` on each <subscription/> rather than on
    // <subscriptions/>, which xmpp-parsers' owner type requires.
    let users = answer
        .iter()
        .flat_map(|pubsub| pubsub.children())
        .filter(|child| child.name() == "subscriptions")
        .flat_map(|list| list.children())
        .filter(|s| s.name() == "subscription")
        .filter_map(|s| {
            Some(Subscriber {
                username: s.attr("jid")?.to_string(),
                subscription: s.attr("subscription").unwrap_or("none").to_string(),
            })
        })
        .collect();
    ok_json(&Subscribers { users })
}
