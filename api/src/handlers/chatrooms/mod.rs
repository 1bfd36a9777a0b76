//! Openfire's REST API plugin's chat rooms (`/plugins/restapi/v1/chatrooms…`,
//! `/chatservices`): rooms made, read, changed and destroyed, affiliation lists, occupants,
//! a room's archive and invitations — all through XEP-0045 owner and admin operations of
//! the server's administrator account (see [`room`]), and XEP-0249 invitations.

mod entity;
mod room;

use jid::BareJid;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use tokio_xmpp::parsers::muc::user::Role;
use xwg_core::xmpp::archive::Filter;
use xwg_core::xmpp::text;

use self::entity::{ChatRoomBody, ChatRoomEntities, ChatRoomEntity};
use self::room::{List, Owner, affiliate_jid, group_jids, room_at, shown};
use crate::routes::endpoint;
use crate::routes::{Admin, Created, Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx, ErrorKind};

const ROOMS: &str = "/plugins/restapi/v1/chatrooms";
const ROOM: &str = "/plugins/restapi/v1/chatrooms/{roomName}";
const LIST: &str = "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}";
const LIST_JID: &str = "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/{jid}";
const LIST_GROUP: &str = "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/group/{groupname}";
const INVITE: &str = "/plugins/restapi/v1/chatrooms/{roomName}/invite";
const INVITE_ONE: &str = "/plugins/restapi/v1/chatrooms/{roomName}/invite/{jid}";
const SERVICES: &str = "/plugins/restapi/v1/chatservices";
/// The most rooms one list handles.
const MAX_ROOMS: usize = 200;
/// The most rooms one bulk request makes (each takes about a third of a second: 50 fit in
/// a function's 30 s).
const MAX_BULK: usize = 50;
/// The most messages a room's history answers (the latest).
const HISTORY: usize = 500;

/// A flag in a query as the plugin reads it (`true` in any case; else false).
fn query_flag(value: &Option<String>) -> bool {
    value
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// The group chat service (default `conference`): a service of the XMPP server.
    servicename: Option<String>,
    /// `true`: invite the users given an affiliation (XEP-0249).
    #[serde(rename = "sendInvitations")]
    #[param(rename = "sendInvitations")]
    send_invitations: Option<String>,
    /// The same, as some clients spell it.
    sendinvitations: Option<String>,
}

impl ServiceQuery {
    async fn room(&self, ctx: &Ctx, owner: &Owner, name: &str) -> Result<BareJid, ApiError> {
        let service = room::service(ctx, owner, self.servicename.as_deref()).await?;
        room_at(&service, name)
    }

    fn invite(&self) -> bool {
        query_flag(&self.send_invitations) || query_flag(&self.sendinvitations)
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoomsQuery {
    /// The group chat service (default `conference`).
    servicename: Option<String>,
    /// `public` (the default): public rooms only; `all`: every room the service lists, and
    /// hidden ones the gateway made.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// Only rooms whose name or natural name contains this (any case).
    search: Option<String>,
    /// Accepted; the lists always hold the members of affiliated groups.
    #[expect(
        dead_code,
        reason = "documents the parameter: the lists are always expanded"
    )]
    #[serde(rename = "expandGroups")]
    #[param(rename = "expandGroups")]
    expand_groups: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RoomPath {
    /// The room's name (the part before the @).
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
}

/// `GET /chatrooms?servicename=&type=&search=`: `{chatRooms: […]}`.
pub struct AdminListRooms;

impl Endpoint for AdminListRooms {
    endpoint!(get "admin_list_rooms", ROOMS,
        "The service's rooms, as the plugin's ChatRoom entities: {chatRooms: […]}",
        caller: Admin, query: RoomsQuery, reply: Json<ChatRoomEntities>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<ChatRoomEntities>, ApiError> {
        let q = req.query;
        let owner = Owner::of(ctx).await?;
        let service = room::service(ctx, &owner, q.servicename.as_deref()).await?;
        let public_only = match q.kind.as_deref().unwrap_or("public") {
            "public" => true,
            "all" => false,
            _ => return Ok(Json(ChatRoomEntities { chat_rooms: vec![] })),
        };
        let search = q.search.as_deref().map(str::to_lowercase);
        let mut chat_rooms = Vec::new();
        let mut rooms: Vec<BareJid> = owner
            .on(ctx)
            .muc_rooms(&service)
            .await
            .map_err(|err| room::refusal(&service, err))?
            .into_iter()
            .map(|item| item.jid.to_bare())
            .collect();
        if !public_only {
            for kept in room::kept_rooms(ctx, &service).await? {
                if !rooms.contains(&kept) {
                    rooms.push(kept);
                }
            }
        }
        for jid in rooms.into_iter().take(MAX_ROOMS) {
            let entity = match room::read(ctx, &owner, &jid).await {
                Ok(entity) => entity,
                // Gone between the list and the read.
                Err(err) if err.error == ErrorKind::RoomNotFound => continue,
                // The server does not make its administrator the room's owner (see the
                // README's server notes): the others are still listed.
                Err(err) if err.error == ErrorKind::NotAllowedException => {
                    tracing::warn!(room = %jid, "a room the administrator may not read is not listed");
                    continue;
                }
                Err(err) => return Err(err),
            };
            let matches = search.as_deref().is_none_or(|s| {
                entity.room_name.to_lowercase().contains(s)
                    || entity.natural_name.to_lowercase().contains(s)
            });
            if matches && (entity.public_room || !public_only) {
                chat_rooms.push(entity);
            }
        }
        Ok(Json(ChatRoomEntities { chat_rooms }))
    }
}

/// Sets the room as the body says ([`room::apply`]); with `invite`, invites (XEP-0249) the
/// users it gives an affiliation other than outcast.
async fn set_room(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
    body: &ChatRoomBody,
    invite: bool,
) -> Result<(), ApiError> {
    let wanted = room::apply(ctx, owner, room, body).await?;
    if invite {
        let invited = wanted
            .jids
            .into_iter()
            .filter(|(_, list)| *list != List::Outcasts)
            .map(|(jid, _)| jid);
        invite_all(ctx, owner, room, invited, None).await?;
    }
    Ok(())
}

/// Direct invitations (XEP-0249) from the administrator to each of `jids`.
async fn invite_all(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
    jids: impl IntoIterator<Item = BareJid>,
    reason: Option<String>,
) -> Result<(), ApiError> {
    for jid in jids {
        owner
            .on(ctx)
            .muc_invite_direct(room, jid, reason.clone())
            .await
            .map_err(|err| room::refusal(room, err))?;
    }
    Ok(())
}

fn body_room_name(body: &ChatRoomBody) -> Result<&str, ApiError> {
    body.room_name
        .as_deref()
        .filter(|name| !name.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request("Give the room's roomName."))
}

/// `POST /chatrooms` (ChatRoom) → 201: makes the room, or sets an existing one as the body
/// says (as the plugin does).
pub struct AdminCreateRoom;

impl Endpoint for AdminCreateRoom {
    endpoint!(post "admin_create_room", ROOMS,
        "Make a chat room (or set an existing one) from the plugin's ChatRoom entity → 201",
        caller: Admin, query: ServiceQuery, body: Json<ChatRoomBody>, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        let body = req.body.0;
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, body_room_name(&body)?).await?;
        set_room(ctx, &owner, &room, &body, req.query.invite()).await?;
        Ok(Created)
    }
}

/// `{chatRooms: […]}`: the bulk route's body.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatRoomBodies {
    chat_rooms: Vec<ChatRoomBody>,
}

/// One room's outcome in a bulk creation.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomResult {
    room_name: String,
    /// `Success` or `Failure`.
    result_type: &'static str,
    message: String,
}

/// The plugin's `RoomCreationResults`.
#[derive(Serialize, ToSchema, Default)]
pub struct RoomCreationResults {
    success: Vec<RoomResult>,
    failure: Vec<RoomResult>,
    other: Vec<RoomResult>,
}

/// `POST /chatrooms/bulk` `{chatRooms}` → 200 with each room's outcome; a room that
/// exists is left as it is.
pub struct AdminCreateRooms;

impl Endpoint for AdminCreateRooms {
    endpoint!(post "admin_create_rooms", "/plugins/restapi/v1/chatrooms/bulk",
        "Make several chat rooms: {success, failure, other} (a room that exists is kept)",
        caller: Admin, query: ServiceQuery, body: Json<ChatRoomBodies>,
        reply: Json<RoomCreationResults>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<RoomCreationResults>, ApiError> {
        let rooms = req.body.0.chat_rooms;
        if rooms.len() > MAX_BULK {
            return Err(ApiError::bad_request(format!(
                "At most {MAX_BULK} rooms per request: send more in several."
            )));
        }
        let owner = Owner::of(ctx).await?;
        let service = room::service(ctx, &owner, req.query.servicename.as_deref()).await?;
        let mut results = RoomCreationResults::default();
        for body in rooms {
            let name = body.room_name.clone().unwrap_or_default();
            let outcome = async {
                let room = room_at(&service, body_room_name(&body)?)?;
                if room::existing(ctx, &owner, &room).await.is_ok() {
                    return Ok(false);
                }
                set_room(ctx, &owner, &room, &body, req.query.invite()).await?;
                Ok::<_, ApiError>(true)
            };
            let (list, result_type, message) = match outcome.await {
                Ok(true) => (
                    &mut results.success,
                    "Success",
                    "Room was successfully created".into(),
                ),
                Ok(false) => (
                    &mut results.success,
                    "Success",
                    "Room already existed and therefore not created again".into(),
                ),
                Err(err) => (
                    &mut results.failure,
                    "Failure",
                    format!("Room creation failed due to {}: {}", err.error, err.message),
                ),
            };
            list.push(RoomResult {
                room_name: name,
                result_type,
                message,
            });
        }
        Ok(Json(results))
    }
}

/// `GET /chatrooms/{roomName}`: the plugin's ChatRoom entity.
pub struct AdminGetRoom;

impl Endpoint for AdminGetRoom {
    endpoint!(get "admin_get_room", ROOM,
        "One chat room: the plugin's ChatRoom entity (settings, subject, affiliations)",
        caller: Admin, path: RoomPath, query: ServiceQuery, reply: Json<ChatRoomEntity>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<ChatRoomEntity>, ApiError> {
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        room::read(ctx, &owner, &room).await.map(Json)
    }
}

/// `PUT /chatrooms/{roomName}` (ChatRoom): sets the room as the body says (makes it when
/// it does not exist, as the plugin does).
pub struct AdminUpdateRoom;

impl Endpoint for AdminUpdateRoom {
    endpoint!(put "admin_update_room", ROOM,
        "Set a chat room from the plugin's ChatRoom entity (made if missing)",
        caller: Admin, path: RoomPath, query: ServiceQuery, body: Json<ChatRoomBody>,
        reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let body = req.body.0;
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        let named = format!("{}@{}", body_room_name(&body)?, room.domain());
        if named.parse::<BareJid>().ok().as_ref() != Some(&room) {
            return Err(ApiError::bad_request(format!(
                "Could not update the channel. The room name is different to the entity room \
                 name ({} != {}).",
                shown(&req.path.room_name),
                shown(body.room_name.as_deref().unwrap_or_default())
            )));
        }
        set_room(ctx, &owner, &room, &body, req.query.invite()).await?;
        Ok(Empty)
    }
}

/// `DELETE /chatrooms/{roomName}`: destroys the room (its occupants are told).
pub struct AdminDeleteRoom;

impl Endpoint for AdminDeleteRoom {
    endpoint!(delete "admin_delete_room", ROOM,
        "Destroy a chat room (XEP-0045 §10.9)",
        caller: Admin, path: RoomPath, query: ServiceQuery, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        room::existing(ctx, &owner, &room).await?;
        owner
            .on(ctx)
            .muc_destroy(&room, "The room was closed by the administrator.")
            .await
            .map_err(|err| room::refusal(&room, err))?;
        room::forget(ctx, &room).await?;
        Ok(Empty)
    }
}

/// The plugin's `Occupant`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OccupantEntity {
    /// The occupant's room JID (`room@service/nick`).
    jid: String,
    /// The occupant's real (bare) JID, as the room shows it to its owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    user_address: Option<String>,
    role: String,
    affiliation: String,
}

#[derive(Serialize, ToSchema)]
pub struct OccupantEntities {
    occupants: Vec<OccupantEntity>,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantEntities {
    participants: Vec<OccupantEntity>,
}

/// The room's occupants (all, or those whose role is `participant`).
async fn occupants(
    ctx: &Ctx,
    req: &Req<impl Endpoint<Path = RoomPath, Query = ServiceQuery>>,
    participants_only: bool,
) -> Result<Vec<OccupantEntity>, ApiError> {
    let owner = Owner::of(ctx).await?;
    let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
    Ok(room::occupants(ctx, &owner, &room)
        .await?
        .into_iter()
        .filter(|(_, o)| !participants_only || o.role == Role::Participant)
        .map(|(jid, o)| OccupantEntity {
            jid: jid.to_string(),
            user_address: o.jid.map(|j| j.to_string()),
            role: text(&o.role),
            affiliation: text(&o.affiliation),
        })
        .collect())
}

/// `GET /chatrooms/{roomName}/occupants`.
pub struct AdminRoomOccupants;

impl Endpoint for AdminRoomOccupants {
    endpoint!(get "admin_room_occupants", "/plugins/restapi/v1/chatrooms/{roomName}/occupants",
        "Who is in the room: {occupants: [{jid, userAddress, role, affiliation}]} (the \
         administrator enters the room for a moment to see)",
        caller: Admin, path: RoomPath, query: ServiceQuery, reply: Json<OccupantEntities>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<OccupantEntities>, ApiError> {
        let occupants = occupants(ctx, &req, false).await?;
        Ok(Json(OccupantEntities { occupants }))
    }
}

/// `GET /chatrooms/{roomName}/participants`: the occupants whose role is `participant`.
pub struct AdminRoomParticipants;

impl Endpoint for AdminRoomParticipants {
    endpoint!(get "admin_room_participants",
        "/plugins/restapi/v1/chatrooms/{roomName}/participants",
        "The room's occupants whose role is participant: {participants: [{jid, role, …}]}",
        caller: Admin, path: RoomPath, query: ServiceQuery, reply: Json<ParticipantEntities>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<ParticipantEntities>, ApiError> {
        let participants = occupants(ctx, &req, true).await?;
        Ok(Json(ParticipantEntities { participants }))
    }
}

/// The plugin's chat history `Message`.
#[derive(Serialize, ToSchema)]
pub struct HistoryMessage {
    to: String,
    from: String,
    #[serde(rename = "type")]
    kind: &'static str,
    body: String,
    /// When the archive stored it (XEP-0082).
    delay_stamp: String,
    delay_from: String,
}

/// `{message: […]}`.
#[derive(Serialize, ToSchema)]
pub struct HistoryMessages {
    message: Vec<HistoryMessage>,
}

/// `GET /chatrooms/{roomName}/chathistory`: the room's latest archived messages (MAM),
/// oldest first.
pub struct AdminRoomHistory;

impl Endpoint for AdminRoomHistory {
    endpoint!(get "admin_room_history", "/plugins/restapi/v1/chatrooms/{roomName}/chathistory",
        "The room's latest 500 archived messages (MAM), oldest first: {message: […]}",
        caller: Admin, path: RoomPath, query: ServiceQuery, reply: Json<HistoryMessages>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<HistoryMessages>, ApiError> {
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        room::existing(ctx, &owner, &room).await?;
        let filter = Filter {
            with: None,
            start: None,
            end: None,
            max: HISTORY,
            after: None,
            before: Some(String::new()),
            keywords: None,
        };
        let page = owner
            .on(ctx)
            .archive_read(Some(room.clone().into()), &filter)
            .await
            .map_err(|err| room::refusal(&room, err))?;
        let text = |jid: Option<jid::Jid>| jid.map(|j| j.to_string()).unwrap_or_default();
        // An archived room message is addressed to the room.
        let to = |jid: Option<jid::Jid>| jid.map_or_else(|| room.to_string(), |j| j.to_string());
        let message = page
            .messages
            .into_iter()
            .map(|m| HistoryMessage {
                to: to(m.to),
                from: text(m.from),
                kind: "groupchat",
                body: m.body,
                delay_stamp: m.sent.map(|d| d.0.to_rfc3339()).unwrap_or_default(),
                delay_from: room.to_string(),
            })
            .collect();
        Ok(Json(HistoryMessages { message }))
    }
}

/// The plugin's `MUCInvitationEntity`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase")]
pub struct InvitationBody {
    reason: Option<String>,
    /// JIDs, usernames or group names (a group: its members).
    jids_to_invite: Option<Vec<String>>,
}

/// JIDs, usernames or group names, as JIDs (`@`: a JID; else a group if there is one by
/// that name, else a username), as the plugin reads them.
async fn invitees(ctx: &Ctx, names: &[String]) -> Result<Vec<BareJid>, ApiError> {
    let mut jids = Vec::new();
    for name in names {
        if !name.contains('@') && crate::directory::groups::find(ctx, name).await?.is_some() {
            jids.extend(group_jids(ctx, name).await?);
        } else {
            jids.push(affiliate_jid(ctx, name)?);
        }
    }
    Ok(jids)
}

async fn invite(
    ctx: &Ctx,
    room_name: &str,
    names: &[String],
    reason: Option<String>,
) -> Result<Empty, ApiError> {
    if names.len() > 1_000 {
        return Err(ApiError::bad_request("At most 1000 invitations at once."));
    }
    let owner = Owner::of(ctx).await?;
    let room = room_at(&room::service(ctx, &owner, None).await?, room_name)?;
    room::existing(ctx, &owner, &room).await?;
    invite_all(ctx, &owner, &room, invitees(ctx, names).await?, reason).await?;
    Ok(Empty)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InvitePath {
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
    /// A JID, a username or a group name.
    jid: String,
}

/// `POST /chatrooms/{roomName}/invite/{jid}` `{reason}`: a direct invitation (XEP-0249).
pub struct AdminInviteToRoom;

impl Endpoint for AdminInviteToRoom {
    endpoint!(post "admin_invite_to_room", INVITE_ONE,
        "Invite a user (or a group's members) to the room (XEP-0249) → 200",
        caller: Admin, path: InvitePath, body: Option<Json<InvitationBody>>, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let reason = req.body.and_then(|b| b.0.reason);
        invite(ctx, &req.path.room_name, &[req.path.jid], reason).await
    }
}

/// `POST /chatrooms/{roomName}/invite` `{reason, jidsToInvite}`.
pub struct AdminInviteManyToRoom;

impl Endpoint for AdminInviteManyToRoom {
    endpoint!(post "admin_invite_many_to_room", INVITE,
        "Invite users and groups' members to the room (XEP-0249) → 200",
        caller: Admin, path: RoomPath, body: Json<InvitationBody>, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let body = req.body.0;
        let names = body.jids_to_invite.unwrap_or_default();
        invite(ctx, &req.path.room_name, &names, body.reason).await
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ListPath {
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
    /// `owners`, `admins`, `members` or `outcasts`.
    affiliation: String,
}

fn list_named(name: &str) -> Result<List, ApiError> {
    List::parse(name).ok_or_else(|| {
        ApiError::not_found(format!(
            "There is no `{}` here: the lists are owners, admins, members and outcasts.",
            shown(name)
        ))
    })
}

/// One affiliation list, under its own name: `{"members": ["a@example.org"]}`.
#[derive(Serialize, Deserialize, ToSchema, Default)]
pub struct AffiliationList {
    #[serde(skip_serializing_if = "Option::is_none")]
    owners: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    admins: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    members: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcasts: Option<Vec<String>>,
}

impl AffiliationList {
    fn slot(&mut self, list: List) -> &mut Option<Vec<String>> {
        match list {
            List::Owners => &mut self.owners,
            List::Admins => &mut self.admins,
            List::Members => &mut self.members,
            List::Outcasts => &mut self.outcasts,
        }
    }
}

/// `GET /chatrooms/{roomName}/{affiliation}`: `{"<affiliation>": [JIDs]}`.
pub struct AdminRoomList;

impl Endpoint for AdminRoomList {
    endpoint!(get "admin_room_list", LIST,
        "Who holds an affiliation (owners, admins, members, outcasts): {\"members\": [JIDs]}",
        caller: Admin, path: ListPath, query: ServiceQuery, reply: Json<AffiliationList>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        req: Req<Self>,
    ) -> Result<Json<AffiliationList>, ApiError> {
        let list = list_named(&req.path.affiliation)?;
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        room::existing(ctx, &owner, &room).await?;
        let lists = room::affiliations(ctx, &owner, &room).await?;
        let mut answer = AffiliationList::default();
        *answer.slot(list) = Some(
            lists
                .get(&list)
                .into_iter()
                .flatten()
                .map(ToString::to_string)
                .collect(),
        );
        Ok(Json(answer))
    }
}

async fn set_list(
    ctx: &Ctx,
    path: ListPath,
    query: &ServiceQuery,
    mut body: AffiliationList,
    replace: bool,
) -> Result<Created, ApiError> {
    let list = list_named(&path.affiliation)?;
    let names = body.slot(list).take().ok_or_else(|| {
        ApiError::bad_request(format!(
            "Send {{\"{0}\": [JIDs]}} (the list the path names: {0}).",
            list.name()
        ))
    })?;
    if names.len() > 1_000 {
        return Err(ApiError::bad_request("At most 1000 entries at once."));
    }
    let jids = names
        .iter()
        .map(|name| affiliate_jid(ctx, name))
        .collect::<Result<Vec<_>, _>>()?;
    let owner = Owner::of(ctx).await?;
    let room = query.room(ctx, &owner, &path.room_name).await?;
    room::set_list(ctx, &owner, &room, list, jids.clone(), replace).await?;
    if query.invite() && list != List::Outcasts {
        invite_all(ctx, &owner, &room, jids, None).await?;
    }
    Ok(Created)
}

/// `POST /chatrooms/{roomName}/{affiliation}` `{"<affiliation>": [JIDs]}` → 201.
pub struct AdminAddToRoomList;

impl Endpoint for AdminAddToRoomList {
    endpoint!(post "admin_add_to_room_list", LIST,
        "Give JIDs an affiliation (their previous one is replaced) → 201",
        caller: Admin, path: ListPath, query: ServiceQuery, body: Json<AffiliationList>,
        reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        set_list(ctx, req.path, &req.query, req.body.0, false).await
    }
}

/// `PUT /chatrooms/{roomName}/{affiliation}` `{"<affiliation>": [JIDs]}` → 201: the list
/// becomes exactly these.
pub struct AdminReplaceRoomList;

impl Endpoint for AdminReplaceRoomList {
    endpoint!(put "admin_replace_room_list", LIST,
        "Make an affiliation list exactly these JIDs (others lose it) → 201",
        caller: Admin, path: ListPath, query: ServiceQuery, body: Json<AffiliationList>,
        reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        set_list(ctx, req.path, &req.query, req.body.0, true).await
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ListJidPath {
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
    /// `owners`, `admins`, `members` or `outcasts`.
    affiliation: String,
    /// A bare JID, or a username of the gateway's domain.
    jid: String,
}

/// `POST /chatrooms/{roomName}/{affiliation}/{jid}` → 201.
pub struct AdminAddToRoom;

impl Endpoint for AdminAddToRoom {
    endpoint!(post "admin_add_to_room", LIST_JID,
        "Give one JID an affiliation (its previous one is replaced) → 201",
        caller: Admin, path: ListJidPath, query: ServiceQuery, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        let path = req.path;
        let mut body = AffiliationList::default();
        *body.slot(list_named(&path.affiliation)?) = Some(vec![path.jid]);
        let path = ListPath {
            room_name: path.room_name,
            affiliation: path.affiliation,
        };
        set_list(ctx, path, &req.query, body, false).await
    }
}

/// `DELETE /chatrooms/{roomName}/{affiliation}/{jid}`: 409 when the JID does not hold it.
pub struct AdminRemoveFromRoom;

impl Endpoint for AdminRemoveFromRoom {
    endpoint!(delete "admin_remove_from_room", LIST_JID,
        "Take an affiliation from one JID (409 NotAllowedException if it does not hold it)",
        caller: Admin, path: ListJidPath, query: ServiceQuery, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let list = list_named(&req.path.affiliation)?;
        let jid = affiliate_jid(ctx, &req.path.jid)?;
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        room::remove_from_list(ctx, &owner, &room, list, &[jid]).await?;
        Ok(Empty)
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ListGroupPath {
    #[serde(rename = "roomName")]
    #[param(rename = "roomName")]
    room_name: String,
    /// `owners`, `admins`, `members` or `outcasts`.
    affiliation: String,
    /// One of the gateway's groups.
    groupname: String,
}

/// `POST /chatrooms/{roomName}/{affiliation}/group/{groupname}` → 201: the group's
/// members get the affiliation.
pub struct AdminAddGroupToRoom;

impl Endpoint for AdminAddGroupToRoom {
    endpoint!(post "admin_add_group_to_room", LIST_GROUP,
        "Give a group's members an affiliation → 201",
        caller: Admin, path: ListGroupPath, query: ServiceQuery, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        let list = list_named(&req.path.affiliation)?;
        let jids = group_jids(ctx, &req.path.groupname).await?;
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        room::set_list(ctx, &owner, &room, list, jids, false).await?;
        let group = req.path.groupname;
        room::touch(ctx, &room, |groups| {
            let held = groups.entry(list).or_default();
            if !held.contains(&group) {
                held.push(group);
            }
        })
        .await?;
        Ok(Created)
    }
}

/// `DELETE /chatrooms/{roomName}/{affiliation}/group/{groupname}`.
pub struct AdminRemoveGroupFromRoom;

impl Endpoint for AdminRemoveGroupFromRoom {
    endpoint!(delete "admin_remove_group_from_room", LIST_GROUP,
        "Take an affiliation from a group's members (409 if one does not hold it)",
        caller: Admin, path: ListGroupPath, query: ServiceQuery, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let list = list_named(&req.path.affiliation)?;
        let jids = group_jids(ctx, &req.path.groupname).await?;
        let owner = Owner::of(ctx).await?;
        let room = req.query.room(ctx, &owner, &req.path.room_name).await?;
        room::remove_from_list(ctx, &owner, &room, list, &jids).await?;
        let group = req.path.groupname;
        room::touch(ctx, &room, |groups| {
            groups.entry(list).or_default().retain(|g| *g != group);
        })
        .await?;
        Ok(Empty)
    }
}

/// The plugin's `ChatService`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatService {
    /// The service's name under the domain (`conference` for `conference.example.org`).
    service_name: String,
    description: String,
    hidden: bool,
}

/// `{chatService: […]}`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatServices {
    chat_service: Vec<ChatService>,
}

/// `GET /chatservices`: the XMPP server's group chat services (by disco).
pub struct AdminChatServices;

impl Endpoint for AdminChatServices {
    endpoint!(get "admin_chat_services", SERVICES,
        "The XMPP server's group chat services: {chatService: [{serviceName, description, hidden}]}",
        caller: Admin, reply: Json<ChatServices>);

    async fn handle(ctx: &Ctx, _: Admin, _: Req<Self>) -> Result<Json<ChatServices>, ApiError> {
        let owner = Owner::of(ctx).await?;
        let domain: BareJid = ctx
            .domain()
            .to_string()
            .parse()
            .map_err(|_| ApiError::internal())?;
        let suffix = format!(".{domain}");
        let chat_service = owner
            .on(ctx)
            .muc_services(&domain)
            .await?
            .into_iter()
            .map(|(jid, name)| {
                let host = jid.to_string();
                ChatService {
                    service_name: host.strip_suffix(&suffix).unwrap_or(&host).to_string(),
                    description: name.unwrap_or_default(),
                    hidden: false,
                }
            })
            .collect();
        Ok(Json(ChatServices { chat_service }))
    }
}

/// `POST /chatservices`: 501 — XMPP has no protocol to add a service to a server.
pub struct AdminCreateChatService;

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[expect(dead_code, reason = "documents the body: the route answers 501")]
pub struct ChatServiceBody {
    service_name: Option<String>,
    description: Option<String>,
    hidden: Option<bool>,
}

impl Endpoint for AdminCreateChatService {
    endpoint!(post "admin_create_chat_service", SERVICES,
        "Add a group chat service: 501, services are made in the XMPP server's configuration",
        caller: Admin, body: Option<Json<ChatServiceBody>>, reply: Created);

    async fn handle(_: &Ctx, _: Admin, _: Req<Self>) -> Result<Created, ApiError> {
        Err(ApiError::new(
            http::StatusCode::NOT_IMPLEMENTED,
            ErrorKind::NotImplemented,
            "XMPP has no protocol to add a group chat service to a server: add one in the XMPP \
             server's configuration (a MUC component), then use it by its name.",
        ))
    }
}
