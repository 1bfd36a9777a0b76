//! SparkWeb's and Openfire's REST API plugin's routes this gateway answers with 501, saying
//! why, instead of a half version: what only Openfire itself has.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::ErrorKind;
use crate::auth::Principal;
use crate::routes::Admin;
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Req};
use crate::{ApiError, Ctx};

fn not_implemented(message: &str) -> Result<Empty, ApiError> {
    Err(ApiError::new(
        http::StatusCode::NOT_IMPLEMENTED,
        ErrorKind::NotImplemented,
        message,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(
    dead_code,
    reason = "documents the path: the route answers 501 whatever it names"
)]
pub struct MeetPath {
    service: String,
    id: String,
}

/// `GET /rest/meet/{service}/{id}`: Openfire's meeting plugins (Pàdé, Jitsi) have no
/// counterpart on a generic XMPP server.
pub struct Meet;

impl Endpoint for Meet {
    endpoint!(get "meet", "/sparkweb/api/rest/meet/{service}/{id}",
        "Online meetings: 501, not offered by this gateway",
        caller: Principal, path: MeetPath, reply: Empty);

    async fn handle(_: &Ctx, _: Principal, _: Req<Self>) -> Result<Empty, ApiError> {
        not_implemented(
            "Online meetings need an Openfire meeting plugin, which this gateway does not have; \
             link to your meeting service from the web app instead.",
        )
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(
    dead_code,
    reason = "documents the path: the route answers 501 whatever it names"
)]
pub struct PreviewPath {
    quality: String,
    url: String,
}

/// `GET /rest/preview/{quality}/{url}`: fetching arbitrary URLs for link previews would
/// make the gateway an open proxy (server-side request forgery), so it does not.
pub struct Preview;

impl Endpoint for Preview {
    endpoint!(get "preview", "/sparkweb/api/rest/preview/{quality}/{url}",
        "Link previews: 501, not made by this gateway",
        caller: Principal, path: PreviewPath, reply: Empty);

    async fn handle(_: &Ctx, _: Principal, _: Req<Self>) -> Result<Empty, ApiError> {
        not_implemented(
            "Link previews are not made by this gateway (it will not fetch arbitrary URLs); \
             make them in the browser or with a dedicated preview service.",
        )
    }
}

const PROPERTIES: &str = "Openfire's system properties are Openfire's own settings: an XMPP server has \
     no protocol to read or change its configuration. The gateway is configured by its \
     environment (XWG_*, see the README), the XMPP server by its configuration file.";

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(
    dead_code,
    reason = "documents the path: the route answers 501 whatever it names"
)]
pub struct PropertyPath {
    key: String,
}

macro_rules! openfire_only {
    ($name:ident, $verb:ident $route:literal, $path:literal, $summary:literal,
     $why:expr $(, path: $params:ty)?) => {
        #[doc = concat!("`", $path, "`: ", $summary, ".")]
        pub struct $name;

        impl Endpoint for $name {
            endpoint!($verb $route, $path, $summary,
                caller: Admin $(, path: $params)?, reply: Empty);

            async fn handle(_: &Ctx, _: Admin, _: Req<Self>) -> Result<Empty, ApiError> {
                not_implemented($why)
            }
        }
    };
}

openfire_only!(AdminListProperties, get "admin_list_properties",
    "/plugins/restapi/v1/system/properties",
    "Openfire's system properties: 501, Openfire's own settings", PROPERTIES);
openfire_only!(AdminCreateProperty, post "admin_create_property",
    "/plugins/restapi/v1/system/properties",
    "Add an Openfire system property: 501, Openfire's own settings", PROPERTIES);
openfire_only!(AdminGetProperty, get "admin_get_property",
    "/plugins/restapi/v1/system/properties/{key}",
    "One Openfire system property: 501, Openfire's own settings", PROPERTIES,
    path: PropertyPath);
openfire_only!(AdminUpdateProperty, put "admin_update_property",
    "/plugins/restapi/v1/system/properties/{key}",
    "Change an Openfire system property: 501, Openfire's own settings", PROPERTIES,
    path: PropertyPath);
openfire_only!(AdminDeleteProperty, delete "admin_delete_property",
    "/plugins/restapi/v1/system/properties/{key}",
    "Delete an Openfire system property: 501, Openfire's own settings", PROPERTIES,
    path: PropertyPath);

const CLUSTERING: &str = "Openfire clustering is Openfire's own: the gateway's keepers share its \
     store and hand sessions over by leases, and are not Openfire cluster nodes.";

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(
    dead_code,
    reason = "documents the path: the route answers 501 whatever it names"
)]
pub struct NodePath {
    #[serde(rename = "nodeId")]
    #[param(rename = "nodeId")]
    node_id: String,
}

openfire_only!(AdminClusteringStatus, get "admin_clustering_status",
    "/plugins/restapi/v1/clustering/status",
    "Openfire's clustering status: 501, not an Openfire cluster", CLUSTERING);
openfire_only!(AdminClusterNodes, get "admin_cluster_nodes",
    "/plugins/restapi/v1/clustering/nodes",
    "Openfire's cluster nodes: 501, not an Openfire cluster", CLUSTERING);
openfire_only!(AdminClusterNode, get "admin_cluster_node",
    "/plugins/restapi/v1/clustering/nodes/{nodeId}",
    "One Openfire cluster node: 501, not an Openfire cluster", CLUSTERING,
    path: NodePath);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(
    dead_code,
    reason = "documents the path: the route answers 501 whatever it names"
)]
pub struct JidPath {
    jid: String,
}

openfire_only!(AdminUnreadCount, get "admin_unread_count",
    "/plugins/restapi/v1/archive/messages/unread/{jid}",
    "A user's unread archived messages: 501, archives do not record reading",
    "XMPP archives (MAM) do not record what a user has read, and the gateway keeps no \
     read markers yet: unread counts come with the conversation list (inbox), which is \
     not built yet.",
    path: JidPath);
