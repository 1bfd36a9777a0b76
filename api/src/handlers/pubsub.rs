//! Publish-subscribe routes (XEP-0060) on the server's pubsub service, and the user's own
//! PEP nodes (XEP-0163), on the user's session.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::errors::{About, keeper_refusal};
use crate::routes::{Empty, Endpoint, ItemPayload, Json, Req};
use crate::{ApiError, Ctx};
use xwg_core::keeper::KeeperError;
use xwg_core::xmpp::pubsub::Node;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct NodePath {
    /// The node's id.
    node: String,
}

/// SparkWeb's `NodeEntity`.
#[derive(Serialize, ToSchema)]
pub struct NodeEntity {
    id: String,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct NodeEntities {
    nodes: Vec<NodeEntity>,
}

impl From<Vec<Node>> for NodeEntities {
    fn from(nodes: Vec<Node>) -> Self {
        Self {
            nodes: nodes
                .into_iter()
                .map(|node| NodeEntity {
                    name: node.name.unwrap_or_else(|| node.id.clone()),
                    id: node.id,
                })
                .collect(),
        }
    }
}

/// A refusal told in terms of the node (or the service).
fn about(node: Option<&str>) -> impl FnOnce(KeeperError) -> ApiError + '_ {
    move |err| keeper_refusal(err, About::Node(node))
}

/// `GET /rest/pubsub/nodes`: the pubsub service's nodes.
pub struct PubsubNodes;

impl Endpoint for PubsubNodes {
    endpoint!(get "pubsub_nodes", "/sparkweb/api/rest/pubsub/nodes",
        "The pubsub service's nodes: {nodes: [{id, name}]}",
        caller: Principal, reply: Json<NodeEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<NodeEntities>, ApiError> {
        let service = ctx.config.pubsub_service.clone();
        let nodes = ctx
            .on(&user.username)
            .pubsub_nodes(service)
            .await
            .map_err(about(None))?;
        Ok(Json(nodes.into()))
    }
}

/// `GET /rest/pep/nodes`: the user's own PEP nodes.
pub struct PepNodes;

impl Endpoint for PepNodes {
    endpoint!(get "pep_nodes", "/sparkweb/api/rest/pep/nodes", "The user's own PEP nodes",
        caller: Principal, reply: Json<NodeEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<NodeEntities>, ApiError> {
        let own = user.username.at(ctx.domain());
        let nodes = ctx
            .on(&user.username)
            .pubsub_nodes(own.into())
            .await
            .map_err(about(None))?;
        Ok(Json(nodes.into()))
    }
}

/// `POST /rest/pubsub/create/{node}`: 409 when it exists.
pub struct PubsubCreate;

impl Endpoint for PubsubCreate {
    endpoint!(post "pubsub_create", "/sparkweb/api/rest/pubsub/create/{node}",
        "Create a node on the pubsub service; 409 when it exists",
        caller: Principal, path: NodePath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let node = &req.path.node;
        let service = ctx.config.pubsub_service.clone();
        ctx.on(&user.username)
            .pubsub_create(service, node)
            .await
            .map_err(about(Some(node)))?;
        Ok(Empty)
    }
}

/// `POST /rest/pubsub/publish/{node}`, body = the item: one XML element in its own namespace,
/// or JSON (in an XEP-0335 container).
pub struct PubsubPublish;

impl Endpoint for PubsubPublish {
    endpoint!(post "pubsub_publish", "/sparkweb/api/rest/pubsub/publish/{node}",
        "Publish an item (body: one XML element, or JSON) to a node",
        caller: Principal, path: NodePath, body: ItemPayload, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let node = &req.path.node;
        let to = Some(ctx.config.pubsub_service.clone());
        ctx.on(&user.username)
            .pubsub_publish(to, node, req.body.0)
            .await
            .map_err(about(Some(node)))?;
        Ok(Empty)
    }
}

/// `POST /rest/pep/publish/{node}`, body = the item (XML or JSON): to the user's own PEP node.
pub struct PepPublish;

impl Endpoint for PepPublish {
    endpoint!(post "pep_publish", "/sparkweb/api/rest/pep/publish/{node}",
        "Publish an item (body: one XML element, or JSON) to the user's PEP node",
        caller: Principal, path: NodePath, body: ItemPayload, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let node = &req.path.node;
        ctx.on(&user.username)
            .pubsub_publish(None, node, req.body.0)
            .await
            .map_err(about(Some(node)))?;
        Ok(Empty)
    }
}

/// `POST /rest/pubsub/subscribe/{node}`: the user subscribes; items then arrive as events.
pub struct PubsubSubscribe;

impl Endpoint for PubsubSubscribe {
    endpoint!(post "pubsub_subscribe", "/sparkweb/api/rest/pubsub/subscribe/{node}",
        "Subscribe to a node; its items arrive as events",
        caller: Principal, path: NodePath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let node = &req.path.node;
        let me = user.username.at(ctx.domain());
        let service = ctx.config.pubsub_service.clone();
        ctx.on(&user.username)
            .pubsub_subscribe(service, &me, node)
            .await
            .map_err(about(Some(node)))?;
        Ok(Empty)
    }
}

#[derive(Serialize, ToSchema)]
pub struct SubscriberEntity {
    username: String,
    subscription: String,
}

#[derive(Serialize, ToSchema)]
pub struct SubscriberEntities {
    users: Vec<SubscriberEntity>,
}

/// `GET /rest/pubsub/subscribers/{node}`: the node's subscribers (for its owner).
pub struct PubsubSubscribers;

impl Endpoint for PubsubSubscribers {
    endpoint!(get "pubsub_subscribers", "/sparkweb/api/rest/pubsub/subscribers/{node}",
        "A node's subscribers (for its owner): {users: [{username, subscription}]}",
        caller: Principal, path: NodePath, reply: Json<SubscriberEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<SubscriberEntities>, ApiError> {
        let node = &req.path.node;
        let service = ctx.config.pubsub_service.clone();
        let users = ctx
            .on(&user.username)
            .pubsub_subscribers(service, node)
            .await
            .map_err(about(Some(node)))?
            .into_iter()
            .map(|s| SubscriberEntity {
                username: s.jid,
                subscription: s.subscription,
            })
            .collect();
        Ok(Json(SubscriberEntities { users }))
    }
}
