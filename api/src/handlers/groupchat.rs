//! Group chat (XEP-0045) routes: a MUC service's rooms, joining and leaving, posting,
//! inviting, who is in a room, and a room's history from its archive (MAM). The service is
//! `?serviceName=` (default `conference`) under the gateway's domain; the user's nickname
//! in rooms is their username.

use jid::{BareJid, Jid};
use serde::{Deserialize, Serialize};
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use crate::ErrorKind;
use crate::auth::Principal;
use crate::entities::{
    Conversations, HistoryParams, MessageText, ReactionsBody, Standing, archive_filter,
    corrected_text, outgoing, reactions,
};
use crate::messages::{self, Act, Conversation, MessageError, Sent};
use crate::routes::endpoint;
use crate::routes::errors::{About, keeper_refusal, not_found};
use crate::routes::request::optional;
use crate::routes::{Empty, Endpoint, Json, Req, Text};
use crate::{ApiError, Ctx};
use tokio_xmpp::parsers::stanza_error::DefinedCondition;
use xwg_core::events::Occupancy;
use xwg_core::identity::Address;
use xwg_core::keeper::KeeperError;
use xwg_core::projections::{presences, rooms};
use xwg_core::xmpp::archive::{self, Archived, Page};
use xwg_core::xmpp::folding::{self, Archive};
use xwg_core::xmpp::muc::RoomInfo;
use xwg_core::xmpp::{muc, text};

const ROOM: &str = "/sparkweb/api/rest/groupchat/room/{roomName}";
/// The most rooms one list describes (each by its own disco info).
const MAX_LISTED_ROOMS: usize = 200;

/// The MUC service of `?serviceName=` (or `?service=`), default `conference`.
fn service(
    ctx: &Ctx,
    service_name: &Option<String>,
    service: &Option<String>,
) -> Result<BareJid, ApiError> {
    let name = service_name
        .as_ref()
        .or(service.as_ref())
        .filter(|n| !n.is_empty())
        .map_or("conference", String::as_str);
    let host = if name.contains('.') {
        name.to_string()
    } else {
        format!("{name}.{}", ctx.config.xmpp.domain)
    };
    host.parse()
        .map_err(|_| ApiError::bad_request(format!("`{host}` is not a service name.")))
}

fn room_at(service: &BareJid, name: &str) -> Result<BareJid, ApiError> {
    format!("{name}@{service}")
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{name}` is not a usable room name.")))
}

/// The user's occupant JID in the room (the nickname is the username).
fn occupant(room: &BareJid, user: &str) -> Result<Jid, ApiError> {
    muc::occupant(room, user).ok_or_else(|| ApiError::bad_request("Not a usable nickname."))
}

/// The room's occupants as the user's session sees them; the user must be in the room:
/// seen in it by the session, or joined and not left (a session that ended saw nothing
/// yet: it enters the user's rooms again as it opens, before the call's stanza).
async fn occupants_of(
    ctx: &Ctx,
    user: &str,
    room: &BareJid,
) -> Result<Vec<(Jid, Occupancy)>, ApiError> {
    let occupants = presences::occupants(ctx.store.as_ref(), user, room).await?;
    let me = occupant(room, user)?;
    if !occupants.iter().any(|(jid, _)| *jid == me)
        && !rooms::is_in(ctx.store.as_ref(), user, room).await?
    {
        return Err(ApiError::conflict(
            ErrorKind::NotInRoom,
            format!("Join {room} first (PUT groupchat/room/…)."),
        ));
    }
    Ok(occupants)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RoomPath {
    /// The room's name (the part before the @).
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// The MUC service: a name under the gateway's domain (default `conference`) or a host.
    #[serde(rename = "serviceName")]
    #[param(rename = "serviceName")]
    service_name: Option<String>,
    /// The same, by its other name.
    service: Option<String>,
}

impl ServiceQuery {
    fn room(&self, ctx: &Ctx, name: &str) -> Result<BareJid, ApiError> {
        room_at(&service(ctx, &self.service_name, &self.service)?, name)
    }
}

/// SparkWeb's `MUCRoomEntity` (the parts disco tells).
#[derive(Serialize, Default, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomEntity {
    room_name: String,
    natural_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    persistent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_room: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    members_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_protected: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    moderated: Option<bool>,
    #[serde(
        rename = "canAnyoneDiscoverJID",
        skip_serializing_if = "Option::is_none"
    )]
    can_anyone_discover_jid: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    can_occupants_change_subject: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    occupants: Option<u64>,
}

impl RoomEntity {
    /// The room as its disco info describes it (fields it does not tell are left out).
    fn of(room: &BareJid, info: RoomInfo) -> Self {
        let room_name = room.node().map(|n| n.to_string()).unwrap_or_default();
        Self {
            natural_name: info.name.unwrap_or_else(|| room_name.clone()),
            room_name,
            description: info.description,
            subject: info.subject,
            persistent: Some(info.persistent),
            public_room: Some(info.public),
            members_only: Some(info.members_only),
            password_protected: Some(info.password_protected),
            moderated: Some(info.moderated),
            can_anyone_discover_jid: Some(info.jids_visible),
            can_occupants_change_subject: info.change_subject,
            occupants: info.occupants,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomEntities {
    chat_rooms: Vec<RoomEntity>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoomsQuery {
    /// The MUC service (default `conference`).
    #[serde(rename = "serviceName")]
    #[param(rename = "serviceName")]
    service_name: Option<String>,
    service: Option<String>,
    /// Part of a room's name (any case).
    search: Option<String>,
}

/// `GET /rest/groupchat/rooms?serviceName=&search=`: the service's (public) rooms.
pub struct GroupchatRooms;

impl Endpoint for GroupchatRooms {
    endpoint!(get "groupchat_rooms", "/sparkweb/api/rest/groupchat/rooms",
        "The rooms of a MUC service (?serviceName=, ?search=): {chatRooms: […]}",
        caller: Principal, query: RoomsQuery, reply: Json<RoomEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<RoomEntities>, ApiError> {
        let q = req.query;
        let service = service(ctx, &q.service_name, &q.service)?;
        let search = q.search.map(|s| s.to_lowercase());
        let items = ctx
            .on(&user.username)
            .muc_rooms(&service)
            .await
            .map_err(|err| keeper_refusal(err, About::Room(&service)))?;
        let mut chat_rooms = Vec::new();
        for item in items.into_iter().take(MAX_LISTED_ROOMS) {
            let Some(room_name) = item.jid.node().map(|n| n.to_string()) else {
                continue;
            };
            let natural_name = item.name.clone().unwrap_or_else(|| room_name.clone());
            let matches = search.as_ref().is_none_or(|s| {
                room_name.to_lowercase().contains(s) || natural_name.to_lowercase().contains(s)
            });
            if !matches {
                continue;
            }
            let room = item.jid.to_bare();
            // Each room's own disco info tells the rest; a room that does not answer is
            // listed by name.
            let entity = match ctx.on(&user.username).muc_info(&room).await {
                Ok(Some(info)) => RoomEntity::of(&room, info),
                _ => RoomEntity {
                    room_name,
                    natural_name,
                    ..RoomEntity::default()
                },
            };
            chat_rooms.push(entity);
        }
        Ok(Json(RoomEntities { chat_rooms }))
    }
}

/// `GET /rest/groupchat/room/{roomName}`: the room as its disco info describes it.
pub struct GroupchatRoom;

impl Endpoint for GroupchatRoom {
    endpoint!(get "groupchat_room", ROOM, "A room as its disco info describes it (MUCRoomEntity)",
        caller: Principal, path: RoomPath, query: ServiceQuery, reply: Json<RoomEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<RoomEntity>, ApiError> {
        let room = req.query.room(ctx, &req.path.room_name)?;
        let info = ctx
            .on(&user.username)
            .muc_info(&room)
            .await
            .map_err(|err| keeper_refusal(err, About::Room(&room)))?
            .ok_or_else(|| not_found(About::Room(&room)))?;
        Ok(Json(RoomEntity::of(&room, info)))
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JoinQuery {
    /// The MUC service (default `conference`).
    #[serde(rename = "serviceName")]
    #[param(rename = "serviceName")]
    service_name: Option<String>,
    service: Option<String>,
    /// The room's password, where it has one.
    password: Option<String>,
}

/// `PUT /rest/groupchat/room/{roomName}?password=`: joins (creating the room, as an instant
/// room, when it does not exist and the service allows it). Answers once the room did.
pub struct GroupchatJoin;

impl Endpoint for GroupchatJoin {
    endpoint!(put "groupchat_join", ROOM,
        "Join a room (created as an instant room if it is new; ?password=)",
        caller: Principal, path: RoomPath, query: JoinQuery, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let q = req.query;
        let room = room_at(
            &service(ctx, &q.service_name, &q.service)?,
            &req.path.room_name,
        )?;
        let me = occupant(&room, &user.username)?;
        let password = q.password.filter(|p| !p.is_empty());
        ctx.on(&user.username)
            .muc_join(&room, me, password)
            .await
            .map_err(|err| keeper_refusal(err, About::Room(&room)))?;
        Ok(Empty)
    }
}

/// `DELETE /rest/groupchat/room/{roomName}`: leaves.
pub struct GroupchatLeave;

impl Endpoint for GroupchatLeave {
    endpoint!(delete "groupchat_leave", ROOM, "Leave a room",
        caller: Principal, path: RoomPath, query: ServiceQuery, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let room = req.query.room(ctx, &req.path.room_name)?;
        ctx.on(&user.username)
            .muc_leave(occupant(&room, &user.username)?)
            .await?;
        presences::forget_room(ctx.store.as_ref(), &user.username, &room).await?;
        Ok(Empty)
    }
}

/// `POST /rest/groupchat/room/{roomName}`, body = the text (or, as JSON, `{body, data,
/// replyTo}`: `replyTo` names a message of the room it answers, XEP-0461): a message to
/// the room.
pub struct GroupchatPost;

impl Endpoint for GroupchatPost {
    endpoint!(post "groupchat_post", ROOM, "Send a message (the body) to a room the user is in",
        caller: Principal, path: RoomPath, query: ServiceQuery, body: MessageText, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let room = req.query.room(ctx, &req.path.room_name)?;
        let (mut content, reply_to) = outgoing(&req.info, req.body)?;
        if content.body.trim().is_empty() {
            return Err(ApiError::bad_request(
                "Send the message text as the request body.",
            ));
        }
        occupants_of(ctx, &user.username, &room).await?;
        let in_room = Conversation::Room(room.clone());
        if let Some(id) = reply_to {
            content.reply = Some(messages::reply_to(ctx, &user.username, &in_room, &id).await?);
        }
        match messages::send_in(ctx, &user.username, &in_room, &content).await {
            Ok(_) => Ok(Empty),
            Err(MessageError::Keeper(err)) => {
                Err(post_refused(ctx, &user.username, &room, err).await)
            }
            Err(other) => Err(other.into()),
        }
    }
}

/// A room's refusal of a message: one from a user the room does not count among its
/// occupants (its session left or lost the room; the user's record of it was stale) is
/// 409 `NotInRoom`, and that record goes; any other refusal is the room's (no voice…).
async fn post_refused(ctx: &Ctx, user: &str, room: &BareJid, err: KeeperError) -> ApiError {
    match err {
        KeeperError::Xmpp(condition) if condition.is(DefinedCondition::NotAcceptable) => {
            if let Err(err) = presences::forget_room(ctx.store.as_ref(), user, room).await {
                tracing::warn!(%user, error = %err, "a room left unnoticed is still recorded");
            }
            ApiError::conflict(
                ErrorKind::NotInRoom,
                format!(
                    "{room} does not count the user among its occupants (any more): join it again (PUT groupchat/room/…)."
                ),
            )
        }
        other => keeper_refusal(other, About::Room(room)),
    }
}

const ROOM_MESSAGE: &str = "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}";

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RoomMessagePath {
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
    /// The message, by its id in the room's history (`id`, the room's stanza-id) or its
    /// own (`messageId`); one of the room's last 100.
    id: String,
}

/// Acts on a message of a room the user is in.
async fn act_in_room(
    ctx: &Ctx,
    user: &Principal,
    path: &RoomMessagePath,
    service: &ServiceQuery,
    act: Act,
) -> Result<Json<Sent>, ApiError> {
    let room = service.room(ctx, &path.room_name)?;
    occupants_of(ctx, &user.username, &room).await?;
    let in_room = Conversation::Room(room.clone());
    match messages::act(ctx, &user.username, &in_room, &path.id, act).await {
        Ok(sent) => Ok(Json(sent)),
        Err(MessageError::Keeper(err)) => Err(post_refused(ctx, &user.username, &room, err).await),
        Err(other) => Err(other.into()),
    }
}

/// `PUT /rest/groupchat/room/{roomName}/message/{id}`, body = the new text: corrects one of
/// the user's own messages in the room (XEP-0308).
pub struct CorrectRoomMessage;

impl Endpoint for CorrectRoomMessage {
    endpoint!(put "correct_room_message", ROOM_MESSAGE,
        "Correct one of the user's own messages in a room (XEP-0308): the body is the new text",
        caller: Principal, path: RoomMessagePath, query: ServiceQuery, body: MessageText, reply: Json<Sent>);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Json<Sent>, ApiError> {
        let act = Act::Correct(corrected_text(&req.info, req.body)?);
        act_in_room(ctx, &user, &req.path, &req.query, act).await
    }
}

/// `DELETE /rest/groupchat/room/{roomName}/message/{id}`: withdraws one of the user's own
/// messages in the room (XEP-0424).
pub struct RetractRoomMessage;

impl Endpoint for RetractRoomMessage {
    endpoint!(delete "retract_room_message", ROOM_MESSAGE,
        "Retract one of the user's own messages in a room (XEP-0424)",
        caller: Principal, path: RoomMessagePath, query: ServiceQuery, reply: Json<Sent>);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Json<Sent>, ApiError> {
        act_in_room(ctx, &user, &req.path, &req.query, Act::Retract).await
    }
}

/// `POST /rest/groupchat/room/{roomName}/message/{id}/displayed`: the user has read the
/// room up to this message (XEP-0333 in a room: every occupant sees it).
pub struct MarkRoomMessageDisplayed;

impl Endpoint for MarkRoomMessageDisplayed {
    endpoint!(post "mark_room_message_displayed", "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/displayed",
        "Mark a message of a room and those before it as displayed (read; XEP-0333)",
        caller: Principal, path: RoomMessagePath, query: ServiceQuery, reply: Json<Sent>);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Json<Sent>, ApiError> {
        act_in_room(ctx, &user, &req.path, &req.query, Act::Display).await
    }
}

/// What a moderator may say of a withdrawn message.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationBody {
    /// Why (shown to the room's occupants; at most 1,024 characters).
    reason: Option<String>,
}

/// The longest reason a moderator gives.
const MAX_REASON: usize = 1024;

/// `POST /rest/groupchat/room/{roomName}/message/{id}/moderate`, body `{reason}`: withdraws
/// another occupant's message as a moderator of the room (XEP-0425).
pub struct ModerateRoomMessage;

impl Endpoint for ModerateRoomMessage {
    endpoint!(post "moderate_room_message", "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/moderate",
        "Withdraw another occupant's message as a moderator of the room (XEP-0425): {reason}",
        caller: Principal, path: RoomMessagePath, query: ServiceQuery,
        body: Json<ModerationBody>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let room = req.query.room(ctx, &req.path.room_name)?;
        let reason = req.body.0.reason;
        if let Some(reason) = &reason
            && (reason.chars().count() > MAX_REASON || reason.chars().any(char::is_control))
        {
            return Err(ApiError::bad_request(format!(
                "A reason is at most {MAX_REASON} characters, without control characters."
            )));
        }
        occupants_of(ctx, &user.username, &room).await?;
        let moderated =
            messages::moderate(ctx, &user.username, &room, &req.path.id, reason.as_deref()).await;
        match moderated {
            Ok(()) => Ok(Empty),
            Err(MessageError::Keeper(KeeperError::Xmpp(condition)))
                if condition.is(DefinedCondition::Forbidden) =>
            {
                Err(ApiError::forbidden(format!(
                    "Only a moderator of {room} withdraws others' messages."
                )))
            }
            Err(MessageError::Keeper(err)) => {
                Err(post_refused(ctx, &user.username, &room, err).await)
            }
            Err(other) => Err(other.into()),
        }
    }
}

/// `PUT /rest/groupchat/room/{roomName}/message/{id}/reactions`, body `{reactions: […]}`:
/// the user's reactions to a message of the room, all of them (XEP-0444).
pub struct ReactToRoomMessage;

impl Endpoint for ReactToRoomMessage {
    endpoint!(put "react_to_room_message", "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/reactions",
        "Set the user's reactions to a message of a room (XEP-0444): {reactions: [emoji…]}",
        caller: Principal, path: RoomMessagePath, query: ServiceQuery,
        body: Json<ReactionsBody>, reply: Json<Sent>);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Json<Sent>, ApiError> {
        let act = Act::React(reactions(req.body.0)?);
        act_in_room(ctx, &user, &req.path, &req.query, act).await
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InvitePath {
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
    /// Who to invite: a JID or a local username.
    #[serde(rename = "invitedJid")]
    #[param(rename = "invitedJid", value_type = String)]
    invited_jid: Address,
}

/// `POST /rest/groupchat/room/{roomName}/{invitedJid}`, body = the reason: a mediated
/// invitation, sent through the room.
pub struct GroupchatInvite;

impl Endpoint for GroupchatInvite {
    endpoint!(post "groupchat_invite", "/sparkweb/api/rest/groupchat/room/{roomName}/{invitedJid}",
        "Invite someone to the room (body: the reason)",
        caller: Principal, path: InvitePath, query: ServiceQuery, body: Text, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let room = req.query.room(ctx, &req.path.room_name)?;
        let invited = req.path.invited_jid.resolve(ctx.domain());
        occupants_of(ctx, &user.username, &room).await?;
        let reason = Some(req.body.0).filter(|r| !r.is_empty());
        ctx.on(&user.username)
            .muc_invite(&room, invited, reason)
            .await?;
        Ok(Empty)
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OccupantEntity {
    jid: String,
    user_address: String,
    role: String,
    affiliation: String,
}

#[derive(Serialize, ToSchema)]
pub struct OccupantEntities {
    occupants: Vec<OccupantEntity>,
}

/// `GET /rest/groupchat/room/{roomName}/occupants`: as the user's session sees them in the
/// room; for a room the user is not in, what the room lists by disco (room JIDs only).
pub struct GroupchatOccupants;

impl Endpoint for GroupchatOccupants {
    endpoint!(get "groupchat_occupants", "/sparkweb/api/rest/groupchat/room/{roomName}/occupants",
        "The room's occupants: {occupants: [{jid, userAddress, role, affiliation}]}",
        caller: Principal, path: RoomPath, query: ServiceQuery, reply: Json<OccupantEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<OccupantEntities>, ApiError> {
        let room = req.query.room(ctx, &req.path.room_name)?;
        let seen = presences::occupants(ctx.store.as_ref(), &user.username, &room).await?;
        let me = occupant(&room, &user.username)?;
        if !seen.iter().any(|(jid, _)| *jid == me) {
            // Not in the room: what the room lists to anyone (its occupants' room JIDs).
            let listed = ctx
                .on(&user.username)
                .muc_listed_occupants(&room)
                .await
                .map_err(|err| room_refusal(&room, err))?;
            let occupants = listed
                .into_iter()
                .map(|jid| OccupantEntity {
                    jid: jid.to_string(),
                    user_address: String::new(),
                    role: String::new(),
                    affiliation: String::new(),
                })
                .collect();
            return Ok(Json(OccupantEntities { occupants }));
        }
        let occupants = seen
            .into_iter()
            .map(|(jid, o)| OccupantEntity {
                user_address: o.jid.map(|j| j.to_string()).unwrap_or_default(),
                jid: jid.to_string(),
                role: text(&o.role),
                affiliation: text(&o.affiliation),
            })
            .collect();
        Ok(Json(OccupantEntities { occupants }))
    }
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantEntity {
    jid: String,
    role: String,
    affiliation: String,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantEntities {
    participants: Vec<ParticipantEntity>,
}

/// `GET /rest/groupchat/room/{roomName}/participants`: the occupants with a voice
/// (participants and moderators), by real JID where the room shows it.
pub struct GroupchatParticipants;

impl Endpoint for GroupchatParticipants {
    endpoint!(get "groupchat_participants",
        "/sparkweb/api/rest/groupchat/room/{roomName}/participants",
        "The room's occupants with a voice: {participants: [{jid, role, affiliation}]}",
        caller: Principal, path: RoomPath, query: ServiceQuery, reply: Json<ParticipantEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<ParticipantEntities>, ApiError> {
        let room = req.query.room(ctx, &req.path.room_name)?;
        let participants = occupants_of(ctx, &user.username, &room)
            .await?
            .into_iter()
            .filter(|(_, o)| o.has_voice())
            .map(|(jid, o)| ParticipantEntity {
                jid: o.jid.map_or_else(|| jid.to_string(), |j| j.to_string()),
                role: text(&o.role),
                affiliation: text(&o.affiliation),
            })
            .collect();
        Ok(Json(ParticipantEntities { participants }))
    }
}

/// SparkWeb's `MUCRoomMessageEntity`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomMessageEntity {
    to: String,
    from: String,
    #[serde(rename = "type")]
    kind: String,
    body: String,
    delay_stamp: String,
    delay_from: String,
    /// The room's id of it (its stanza-id): what reactions, retractions and replies in the
    /// room name, and what `after` pages on.
    id: String,
    #[serde(flatten)]
    standing: Standing,
}

#[derive(Serialize, ToSchema)]
pub struct RoomMessageEntities {
    messages: Vec<RoomMessageEntity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
    /// The page before this one ends `before` this.
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<String>,
}

/// A page of a room's archive, read as the user.
async fn room_page(
    ctx: &Ctx,
    user: &str,
    room: &BareJid,
    filter: &archive::Filter,
) -> Result<Page, ApiError> {
    // The room's archive answers whoever asks unless the room is members-only: the gateway
    // shows it only to the room's occupants (a password-protected room's history stays in
    // the room).
    if occupants_of(ctx, user, room).await.is_err() {
        return Err(ApiError::forbidden(format!(
            "Only occupants of {room} can read its history; join it first."
        )));
    }
    ctx.on(user)
        .archive_read(Some(room.clone().into()), filter)
        .await
        .map_err(|err| room_refusal(room, err))
}

/// A refusal from the room: "no such room" when the room or its server does not exist
/// (by condition), the refusal itself otherwise (a forbidden archive stays forbidden).
fn room_refusal(room: &BareJid, err: KeeperError) -> ApiError {
    match err {
        KeeperError::Xmpp(condition)
            if condition.is(DefinedCondition::ItemNotFound)
                || condition.is(DefinedCondition::RemoteServerNotFound) =>
        {
            not_found(About::Room(room))
        }
        other => other.into(),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoomHistoryQuery {
    /// The MUC service (default `conference`).
    #[serde(rename = "serviceName")]
    #[param(rename = "serviceName")]
    service_name: Option<String>,
    service: Option<String>,
    /// From this date-time (XEP-0082, e.g. 2026-11-25T10:00:00Z).
    start: Option<String>,
    /// Until this date-time.
    end: Option<String>,
    /// Only messages whose body contains this (any case), within the page read.
    keywords: Option<String>,
    /// Messages per page, 1 to 500 (default 100).
    #[param(value_type = Option<u32>)]
    max: Option<String>,
    /// The `last` of the previous page: the next page.
    after: Option<String>,
    /// The `first` of the next page: the page before it (empty: the last page).
    before: Option<String>,
    /// `true`: the archive as stored, corrections, retractions and reactions as messages of
    /// their own rather than folded into the messages they act on.
    #[param(value_type = Option<bool>)]
    #[serde(default, deserialize_with = "optional")]
    raw: Option<bool>,
}

impl RoomHistoryQuery {
    /// The page as its messages now stand, unless `raw=true`.
    fn as_it_stands(&self, mut page: Page) -> Page {
        if self.raw != Some(true) {
            page.messages = folding::fold(page.messages, Archive::Room);
        }
        page
    }

    fn filter(&self) -> Result<archive::Filter, ApiError> {
        archive_filter(HistoryParams {
            start: self.start.as_deref(),
            end: self.end.as_deref(),
            max: self.max.as_deref(),
            after: self.after.as_deref(),
            before: self.before.as_deref(),
            keywords: self.keywords.as_deref(),
        })
    }
}

/// `GET /rest/groupchat/room/{roomName}/chathistory?start=&end=&max=&after=`: the room's
/// archive (MAM on the room), oldest first.
pub struct GroupchatHistory;

impl Endpoint for GroupchatHistory {
    endpoint!(get "groupchat_history", "/sparkweb/api/rest/groupchat/room/{roomName}/chathistory",
        "The room's archive (MAM): {messages: […]}",
        caller: Principal, path: RoomPath, query: RoomHistoryQuery,
        reply: Json<RoomMessageEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<RoomMessageEntities>, ApiError> {
        let q = req.query;
        let room = room_at(
            &service(ctx, &q.service_name, &q.service)?,
            &req.path.room_name,
        )?;
        let page = q.as_it_stands(room_page(ctx, &user.username, &room, &q.filter()?).await?);
        let text = |jid: Option<Jid>| jid.map(|j| j.to_string()).unwrap_or_default();
        let messages = page
            .messages
            .into_iter()
            .map(|m: Archived| RoomMessageEntity {
                standing: Standing::of(&m),
                id: m.id,
                to: text(m.to),
                from: text(m.from),
                kind: "groupchat".into(),
                body: m.body,
                delay_stamp: m.sent.map(|d| d.0.to_rfc3339()).unwrap_or_default(),
                delay_from: room.to_string(),
            })
            .collect();
        Ok(Json(RoomMessageEntities {
            messages,
            last: page.last,
            first: page.first,
        }))
    }
}

/// `?room=` and the history parameters (all text, so serde's flattening reads them).
#[derive(Deserialize)]
pub struct RoomMessagesQuery {
    room: String,
    #[serde(flatten)]
    history: RoomHistoryQuery,
}

impl IntoParams for RoomMessagesQuery {
    fn into_params(location: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let room = ParameterBuilder::new()
            .name("room")
            .parameter_in(ParameterIn::Query)
            .required(Required::True)
            .description(Some("The room's name."))
            .schema(Some(String::schema()))
            .build();
        let mut params = vec![room];
        params.extend(RoomHistoryQuery::into_params(location));
        params
    }
}

/// `GET /rest/groupchat/messages?room=&service=&keywords=&start=&end=`: the same, searched,
/// as SparkWeb's `Conversations` (one, the room's).
pub struct GroupchatMessages;

impl Endpoint for GroupchatMessages {
    endpoint!(get "groupchat_messages", "/sparkweb/api/rest/groupchat/messages",
        "A room's archive searched: ?room=&service=&keywords=&start=&end=",
        caller: Principal, query: RoomMessagesQuery, reply: Json<Conversations>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<Conversations>, ApiError> {
        let q = req.query;
        if q.room.is_empty() {
            return Err(ApiError::bad_request("Name the room: ?room=…"));
        }
        let h = &q.history;
        let room = room_at(&service(ctx, &h.service_name, &h.service)?, &q.room)?;
        let page = h.as_it_stands(room_page(ctx, &user.username, &room, &h.filter()?).await?);
        Ok(Json(Conversations::of_room(&room, page)))
    }
}
