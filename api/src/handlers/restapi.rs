//! Openfire's REST API plugin beyond users and groups (`/plugins/restapi/v1/…`, its paths
//! and entities): users' vCards, the gateway's sessions, a broadcast to online users
//! (XEP-0133), and the liveness and readiness probes.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use xwg_core::identity::Username;
use xwg_core::xmpp::vcard;

use crate::directory::{DirectoryError, accounts, admin, audit};
use crate::entities::UsernamePath;
use crate::routes::endpoint;
use crate::routes::{Admin, Anyone, Created, Empty, Endpoint, Json, Req, Xml, XmlElement};
use crate::{ApiError, Ctx, ErrorKind};

const VCARD: &str = "/plugins/restapi/v1/users/{username}/vcard";
const SESSIONS: &str = "/plugins/restapi/v1/sessions";
const USER_SESSIONS: &str = "/plugins/restapi/v1/sessions/{username}";
const BROADCAST: &str = "/plugins/restapi/v1/messages/users";
const LIVENESS: &str = "/plugins/restapi/v1/system/liveness";
const READINESS: &str = "/plugins/restapi/v1/system/readiness";

/// `GET /v1/users/{username}/vcard`: the user's vCard (XEP-0054) as XML, 204 when none —
/// for an unknown user too, as the plugin answers (its clients ask for XML only, so an
/// error would reach them as XML they cannot read).
pub struct AdminGetVcard;

impl Endpoint for AdminGetVcard {
    endpoint!(get "admin_get_vcard", VCARD,
        "A user's vCard as XML (<vCard xmlns='vcard-temp'>…); 204 when the user has none",
        caller: Admin, path: UsernamePath, reply: XmlElement);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<XmlElement, ApiError> {
        match admin::vcard(ctx, req.path.username.as_str()).await {
            Err(DirectoryError::UserNotFound(_)) => Ok(XmlElement(None)),
            card => Ok(XmlElement(card?)),
        }
    }
}

/// `PUT /v1/users/{username}/vcard` (vCard XML): replaces the user's vCard.
pub struct AdminPutVcard;

impl Endpoint for AdminPutVcard {
    endpoint!(put "admin_put_vcard", VCARD,
        "Replace a user's vCard (the body: <vCard xmlns='vcard-temp'>…</vCard>)",
        caller: Admin, path: UsernamePath, body: Xml, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let card = req.body.0;
        if !vcard::is_vcard(&card) {
            return Err(ApiError::bad_request(
                "Could not parse the provided data as a vCard: send <vCard xmlns='vcard-temp'>…</vCard>.",
            ));
        }
        admin::put_vcard(ctx, req.path.username.as_str(), card).await?;
        Ok(Empty)
    }
}

/// `DELETE /v1/users/{username}/vcard`: empties the user's vCard.
pub struct AdminDeleteVcard;

impl Endpoint for AdminDeleteVcard {
    endpoint!(delete "admin_delete_vcard", VCARD, "Delete a user's vCard (it is left empty)",
        caller: Admin, path: UsernamePath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        admin::put_vcard(ctx, req.path.username.as_str(), vcard::empty()).await?;
        Ok(Empty)
    }
}

/// The plugin's `SessionEntity`, for one of the gateway's logins: each is a session of the
/// user's one XMPP session on the server, told apart by its login id (`resource`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionEntity {
    /// `user@domain/<login id>`.
    session_id: String,
    username: String,
    /// The login's id.
    resource: String,
    /// Always `Local`: the gateway's logins are in its store, not on one node.
    node: &'static str,
    /// Always `Authenticated`: only live logins are listed.
    session_status: &'static str,
    priority: i32,
    /// When the login started (milliseconds since the epoch).
    creation_date: i64,
    /// The same: the gateway does not record each use of a login.
    last_action_date: i64,
}

/// The plugin's `SessionEntities`.
#[derive(Serialize, ToSchema)]
pub struct SessionEntities {
    sessions: Vec<SessionEntity>,
}

async fn sessions(ctx: &Ctx, user: Option<&Username>) -> Result<SessionEntities, ApiError> {
    let domain = ctx.domain();
    let sessions = admin::sessions(ctx, user)
        .await?
        .into_iter()
        .map(|(username, login)| SessionEntity {
            session_id: format!("{username}@{domain}/{}", login.sid),
            resource: login.sid,
            username,
            node: "Local",
            session_status: "Authenticated",
            priority: 0,
            creation_date: login.since * 1000,
            last_action_date: login.since * 1000,
        })
        .collect();
    Ok(SessionEntities { sessions })
}

/// `GET /v1/sessions`.
pub struct AdminListSessions;

impl Endpoint for AdminListSessions {
    endpoint!(get "admin_list_sessions", SESSIONS,
        "Every live login through the gateway: {sessions: [{sessionId, username, resource, …}]}",
        caller: Admin, reply: Json<SessionEntities>);

    async fn handle(ctx: &Ctx, _: Admin, _: Req<Self>) -> Result<Json<SessionEntities>, ApiError> {
        sessions(ctx, None).await.map(Json)
    }
}

/// `GET /v1/sessions/{username}`: empty for a user without logins (as the plugin answers).
pub struct AdminUserSessions;

impl Endpoint for AdminUserSessions {
    endpoint!(get "admin_user_sessions", USER_SESSIONS,
        "A user's live logins through the gateway (an empty list for an unknown user)",
        caller: Admin, path: UsernamePath, reply: Json<SessionEntities>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<SessionEntities>, ApiError> {
        sessions(ctx, Some(&req.path.username)).await.map(Json)
    }
}

/// `DELETE /v1/sessions/{username}`: ends the user's logins and (XEP-0133) the user's
/// other clients' sessions; they may log in again.
pub struct AdminCloseSessions;

impl Endpoint for AdminCloseSessions {
    endpoint!(delete "admin_close_sessions", USER_SESSIONS,
        "Close a user's sessions: the gateway's logins and, through XEP-0133, native clients'",
        caller: Admin, path: UsernamePath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        admin::close_sessions(ctx, &req.path.username).await?;
        Ok(Empty)
    }
}

/// The plugin's `MessageEntity`.
#[derive(Deserialize, ToSchema)]
pub struct MessageEntity {
    body: Option<String>,
}

/// `POST /v1/messages/users` `{body}` → 201: a server announcement to every online user.
pub struct AdminBroadcast;

impl Endpoint for AdminBroadcast {
    endpoint!(post "admin_broadcast", BROADCAST,
        "Send a message to every user online on the XMPP server (XEP-0133 announce) → 201",
        caller: Admin, body: Json<MessageEntity>, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        let body = (req.body.0.body)
            .filter(|body| !body.trim().is_empty())
            .ok_or_else(|| ApiError::bad_request("Message content/body is null or empty."))?;
        accounts::announce(ctx, &body).await?;
        Ok(Created)
    }
}

/// The plugin's `SessionsCount`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionsCount {
    /// The gateway's live logins.
    local_sessions: usize,
    /// The same: every keeper shares the gateway's store.
    cluster_sessions: usize,
}

/// `GET /v1/system/statistics/sessions`: how many logins are live.
pub struct AdminSessionCount;

impl Endpoint for AdminSessionCount {
    endpoint!(get "admin_session_count", "/plugins/restapi/v1/system/statistics/sessions",
        "How many logins through the gateway are live: {localSessions, clusterSessions}",
        caller: Admin, reply: Json<SessionsCount>);

    async fn handle(ctx: &Ctx, _: Admin, _: Req<Self>) -> Result<Json<SessionsCount>, ApiError> {
        let live = admin::sessions(ctx, None).await?.len();
        Ok(Json(SessionsCount {
            local_sessions: live,
            cluster_sessions: live,
        }))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this administrator's entries.
    username: Option<String>,
    /// Skip this many (newest first; default 0).
    offset: Option<usize>,
    /// At most this many (default 100, at most 1000).
    limit: Option<usize>,
    /// From this time, in seconds since the epoch (0: unbounded).
    #[serde(rename = "startTime")]
    #[param(rename = "startTime")]
    start_time: Option<i64>,
    /// Until this time, in seconds since the epoch (0: unbounded).
    #[serde(rename = "endTime")]
    #[param(rename = "endTime")]
    end_time: Option<i64>,
}

/// `{logs: […]}`.
#[derive(Serialize, ToSchema)]
pub struct SecurityAuditLogs {
    logs: Vec<audit::Entry>,
}

/// `GET /v1/logs/security`: the administrators' changes, newest first.
pub struct AdminSecurityLog;

impl Endpoint for AdminSecurityLog {
    endpoint!(get "admin_security_log", "/plugins/restapi/v1/logs/security",
        "The security audit log (every administrator's change, 90 days): {logs: […]}, newest first",
        caller: Admin, query: AuditQuery, reply: Json<SecurityAuditLogs>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<SecurityAuditLogs>, ApiError> {
        let q = req.query;
        let filter = audit::Filter {
            username: q.username.as_deref().filter(|u| !u.is_empty()),
            start: q.start_time.unwrap_or(0),
            end: q.end_time.unwrap_or(0),
            offset: q.offset.unwrap_or(0),
            limit: q.limit.unwrap_or(100).min(1000),
        };
        Ok(Json(SecurityAuditLogs {
            logs: audit::read(ctx, &filter).await?,
        }))
    }
}

/// `GET /v1/system/liveness` (and the plugin's narrower probes): 200 while the gateway
/// answers at all. No credentials, no body.
pub struct Liveness;

impl Endpoint for Liveness {
    endpoint!(get "liveness", LIVENESS,
    "200 while the gateway answers (no credentials, no body)",
    caller: Anyone, reply: Empty,
    also: &[
        "/plugins/restapi/v1/system/liveness/deadlock",
        "/plugins/restapi/v1/system/liveness/properties",
    ]);

    async fn handle(_: &Ctx, _: Anyone, _: Req<Self>) -> Result<Empty, ApiError> {
        Ok(Empty)
    }
}

/// `GET /v1/system/readiness` (and the plugin's narrower probes): 200 when the gateway's
/// store answers, else 503. No credentials.
pub struct Readiness;

impl Endpoint for Readiness {
    endpoint!(get "readiness", READINESS,
    "200 when the gateway's store answers, else 503 (no credentials)",
    caller: Anyone, reply: Empty,
    also: &[
        "/plugins/restapi/v1/system/readiness/server",
        "/plugins/restapi/v1/system/readiness/cluster",
        "/plugins/restapi/v1/system/readiness/plugins",
        "/plugins/restapi/v1/system/readiness/connections",
    ]);

    async fn handle(ctx: &Ctx, _: Anyone, _: Req<Self>) -> Result<Empty, ApiError> {
        match ctx.store.get("readiness", "probe").await {
            Ok(_) => Ok(Empty),
            Err(err) => {
                tracing::warn!(error = %err, "not ready: the store did not answer");
                Err(ApiError::new(
                    http::StatusCode::SERVICE_UNAVAILABLE,
                    ErrorKind::StoreUnavailable,
                    "The gateway's storage is not answering; not ready.",
                ))
            }
        }
    }
}
