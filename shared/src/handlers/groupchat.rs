//! Group chat (XEP-0045) on the user's session: a MUC service's rooms, joining and leaving,
//! posting, inviting, who is in a room, and a room's history from its archive (MAM).
//! The service is `?serviceName=` (default `conference`) under the gateway's domain; the
//! user's nickname in rooms is their username.

use http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::Serialize;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::xml_ncname;
use tokio_xmpp::parsers::disco::{
    DiscoInfoQuery, DiscoInfoResult, DiscoItemsQuery, DiscoItemsResult,
};
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};
use tokio_xmpp::parsers::muc::muc::{History, Muc};
use tokio_xmpp::parsers::muc::user::{Invite, MucUser, Status};
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
use tokio_xmpp::parsers::stanza_error::StanzaError;

use crate::auth::Principal;
use crate::http_io::{body_text, ok_empty, ok_json, path_param, query_param};
use crate::keeper::{IqKind, KeeperError};
use crate::xmpp::archive::{self, Archived, Filter};
use crate::xmpp::{address, inbound, presences};
use crate::{ApiError, Ctx};

const MUC_OWNER: &str = "http://jabber.org/protocol/muc#owner";
const ROOM_INFO: &str = "http://jabber.org/protocol/muc#roominfo";

/// The MUC service of `?serviceName=` (or `?service=`), default `conference`.
fn service(ctx: &Ctx, req: &Request) -> Result<Jid, ApiError> {
    let name = query_param(req, "serviceName")
        .or_else(|| query_param(req, "service"))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "conference".into());
    let host = if name.contains('.') {
        name
    } else {
        format!("{name}.{}", ctx.config.xmpp.domain)
    };
    Jid::new(&host).map_err(|_| ApiError::bad_request(format!("`{host}` is not a service name.")))
}

fn room_of(ctx: &Ctx, req: &Request, name: &str) -> Result<BareJid, ApiError> {
    let service = service(ctx, req)?;
    format!("{name}@{service}")
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{name}` is not a usable room name.")))
}

fn room(ctx: &Ctx, req: &Request) -> Result<BareJid, ApiError> {
    room_of(ctx, req, &path_param(req, "roomName")?)
}

/// The user's occupant JID in the room.
fn occupant(room: &BareJid, user: &str) -> Result<Jid, ApiError> {
    Jid::new(&format!("{room}/{user}")).map_err(|_| ApiError::bad_request("Not a usable nickname."))
}

fn room_error(room: &BareJid, condition: &str) -> ApiError {
    let (status, error, message) = match condition {
        "not-authorized" => (
            StatusCode::FORBIDDEN,
            "PasswordRequired",
            format!("{room} needs a password: send ?password=."),
        ),
        "forbidden" => (
            StatusCode::FORBIDDEN,
            "Banned",
            format!("You are banned from {room}."),
        ),
        "registration-required" => (
            StatusCode::FORBIDDEN,
            "MembersOnly",
            format!("{room} is for members only."),
        ),
        "conflict" => (
            StatusCode::CONFLICT,
            "NicknameInUse",
            format!("Your nickname is taken in {room}."),
        ),
        "service-unavailable" => (
            StatusCode::SERVICE_UNAVAILABLE,
            "RoomFull",
            format!("{room} is full, or its service is unavailable."),
        ),
        "item-not-found" | "remote-server-not-found" => (
            StatusCode::NOT_FOUND,
            "RoomNotFound",
            format!("There is no {room}."),
        ),
        "not-allowed" => (
            StatusCode::FORBIDDEN,
            "RoomCreationRestricted",
            format!("{room} does not exist and you may not create it."),
        ),
        other => (
            StatusCode::BAD_REQUEST,
            "XmppError",
            format!("{room} refused ({other})."),
        ),
    };
    ApiError::new(status, error, message)
}

/// An IQ to the room or service, its errors told in room terms.
async fn ask(
    ctx: &Ctx,
    user: &str,
    to: &BareJid,
    payload: Element,
) -> Result<Option<Element>, ApiError> {
    ctx.keeper
        .iq(user, Some(to.clone().into()), IqKind::Get, payload)
        .await
        .map_err(|err| match err {
            KeeperError::XmppError(condition) => room_error(to, &condition),
            other => other.into(),
        })
}

/// SparkWeb's `MUCRoomEntity` (the parts disco tells).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct RoomEntity {
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
    #[serde(skip_serializing_if = "Option::is_none")]
    occupants: Option<u64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoomEntities {
    chat_rooms: Vec<RoomEntity>,
}

/// `GET /rest/groupchat/rooms?serviceName=&search=`: the service's (public) rooms.
pub async fn rooms(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let service = service(ctx, &req)?.to_bare();
    let search = query_param(&req, "search").map(|s| s.to_lowercase());
    let query = DiscoItemsQuery {
        node: None,
        rsm: None,
    };
    let answer = ask(ctx, user, &service, query.into()).await?;
    let items = answer
        .and_then(|a| DiscoItemsResult::try_from(a).ok())
        .map(|r| r.items)
        .unwrap_or_default();
    let chat_rooms = items
        .into_iter()
        .filter_map(|item| {
            let room_name = item.jid.node()?.to_string();
            let natural_name = item.name.unwrap_or_else(|| room_name.clone());
            Some(RoomEntity {
                room_name,
                natural_name,
                ..RoomEntity::default()
            })
        })
        .filter(|room| {
            search.as_ref().is_none_or(|s| {
                room.room_name.to_lowercase().contains(s)
                    || room.natural_name.to_lowercase().contains(s)
            })
        })
        .collect();
    ok_json(&RoomEntities { chat_rooms })
}

/// `GET /rest/groupchat/room/{roomName}`: the room as its disco info describes it.
pub async fn room_info(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let answer = ask(ctx, user, &room, DiscoInfoQuery { node: None }.into()).await?;
    let info = answer
        .and_then(|a| DiscoInfoResult::try_from(a).ok())
        .ok_or_else(|| room_error(&room, "item-not-found"))?;
    let has = |feature: &str| Some(info.features.contains(feature));
    let field = |var: &str| {
        info.extensions
            .iter()
            .filter(|form| form.form_type() == Some(ROOM_INFO))
            .flat_map(|form| form.fields.iter())
            .find(|f| f.var.as_deref() == Some(var))
            .and_then(|f| f.values.first().cloned())
    };
    let room_name = room.node().map(|n| n.to_string()).unwrap_or_default();
    ok_json(&RoomEntity {
        natural_name: info
            .identities
            .iter()
            .find_map(|i| i.name.clone())
            .unwrap_or_else(|| room_name.clone()),
        room_name,
        description: field("muc#roominfo_description"),
        subject: field("muc#roominfo_subject"),
        persistent: has("muc_persistent"),
        public_room: has("muc_public"),
        members_only: has("muc_membersonly"),
        password_protected: has("muc_passwordprotected"),
        moderated: has("muc_moderated"),
        occupants: field("muc#roominfo_occupants").and_then(|n| n.parse().ok()),
    })
}

/// `PUT /rest/groupchat/room/{roomName}?password=`: joins (creating the room, as an instant
/// room, when it does not exist and the service allows it). Answers once the room did.
pub async fn join(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let me = occupant(&room, user)?;
    let muc = Muc {
        password: query_param(&req, "password").filter(|p| !p.is_empty()),
        // History is read from the archive (chathistory), not replayed as events.
        history: Some(History {
            maxchars: None,
            maxstanzas: Some(0),
            seconds: None,
            since: None,
        }),
    };
    let mut presence = Presence::available().with_payloads(vec![muc.into()]);
    presence.to = Some(me.clone());
    let answer = ctx.keeper.exchange_presence(user, presence, me).await?;
    if answer.type_ == PresenceType::Error {
        let condition = answer
            .payloads
            .iter()
            .find_map(|p| StanzaError::try_from(p.clone()).ok())
            .map(|e| inbound::describe_error(&e).condition)
            .unwrap_or_default();
        return Err(room_error(&room, &condition));
    }
    let created = answer
        .payloads
        .iter()
        .find_map(|p| MucUser::try_from(p.clone()).ok())
        .is_some_and(|muc| muc.status.contains(&Status::RoomHasBeenCreated));
    if created {
        // A new room stays locked until configured: accept the defaults (an instant room).
        let submit = Element::builder("x", ns::DATA_FORMS)
            .attr(xml_ncname!("type").to_owned(), "submit")
            .build();
        let owner = Element::builder("query", MUC_OWNER).append(submit).build();
        ctx.keeper
            .iq(user, Some(room.clone().into()), IqKind::Set, owner)
            .await?;
    }
    ok_empty()
}

/// `DELETE /rest/groupchat/room/{roomName}`: leaves.
pub async fn leave(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let mut presence = Presence::unavailable();
    presence.to = Some(occupant(&room, user)?);
    ctx.keeper.send(user, Stanza::Presence(presence)).await?;
    presences::forget_room(ctx.store.as_ref(), user, &room.to_string()).await?;
    ok_empty()
}

/// The room's occupants as the user's session sees them; the user must be in the room.
async fn occupants_of(
    ctx: &Ctx,
    user: &str,
    room: &BareJid,
) -> Result<Vec<(String, presences::Occupant)>, ApiError> {
    let occupants = presences::occupants(ctx.store.as_ref(), user, &room.to_string()).await?;
    let me = format!("{room}/{user}");
    if !occupants.iter().any(|(jid, _)| *jid == me) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "NotInRoom",
            format!("Join {room} first (PUT groupchat/room/…)."),
        ));
    }
    Ok(occupants)
}

/// `POST /rest/groupchat/room/{roomName}`, body = the text: a message to the room.
pub async fn post(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let text = body_text(&req)?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "Send the message text as the request body.",
        ));
    }
    occupants_of(ctx, user, &room).await?;
    let message = Message::groupchat(Some(room.into())).with_body(Lang::new(), text);
    ctx.keeper.send(user, Stanza::Message(message)).await?;
    ok_empty()
}

/// `POST /rest/groupchat/room/{roomName}/{invitedJid}`, body = the reason: a mediated
/// invitation, sent through the room.
pub async fn invite(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let invited = address(&path_param(&req, "invitedJid")?, &ctx.config.xmpp.domain)?;
    occupants_of(ctx, user, &room).await?;
    let reason = body_text(&req)?;
    let invitation = MucUser {
        invite: Some(Invite {
            from: None,
            to: Some(invited),
            reason: Some(reason).filter(|r| !r.is_empty()),
        }),
        ..MucUser::default()
    };
    // `Message::new` makes a chat message; an invitation is a normal one.
    let message =
        Message::new_with_type(MessageType::Normal, Some(room.into())).with_payload(invitation);
    ctx.keeper.send(user, Stanza::Message(message)).await?;
    ok_empty()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OccupantEntity {
    jid: String,
    user_address: String,
    role: String,
    affiliation: String,
}

#[derive(Serialize)]
struct OccupantEntities {
    occupants: Vec<OccupantEntity>,
}

/// `GET /rest/groupchat/room/{roomName}/occupants`.
pub async fn occupants(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let occupants = occupants_of(ctx, user, &room)
        .await?
        .into_iter()
        .map(|(jid, o)| OccupantEntity {
            user_address: o.jid.unwrap_or_default(),
            jid,
            role: o.role,
            affiliation: o.affiliation,
        })
        .collect();
    ok_json(&OccupantEntities { occupants })
}

#[derive(Serialize)]
struct ParticipantEntity {
    jid: String,
    role: String,
    affiliation: String,
}

#[derive(Serialize)]
struct ParticipantEntities {
    participants: Vec<ParticipantEntity>,
}

/// `GET /rest/groupchat/room/{roomName}/participants`: the occupants with a voice
/// (participants and moderators), by real JID where the room shows it.
pub async fn participants(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let participants = occupants_of(ctx, user, &room)
        .await?
        .into_iter()
        .filter(|(_, o)| o.role == "participant" || o.role == "moderator")
        .map(|(jid, o)| ParticipantEntity {
            jid: o.jid.unwrap_or(jid),
            role: o.role,
            affiliation: o.affiliation,
        })
        .collect();
    ok_json(&ParticipantEntities { participants })
}

/// SparkWeb's `MUCRoomMessageEntity`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoomMessage {
    to: String,
    from: String,
    #[serde(rename = "type")]
    kind: String,
    body: String,
    delay_stamp: String,
    delay_from: String,
}

#[derive(Serialize)]
struct RoomMessages {
    messages: Vec<RoomMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<String>,
}

fn room_messages(room: &BareJid, page: archive::Page) -> RoomMessages {
    RoomMessages {
        messages: page
            .messages
            .into_iter()
            .map(|m: Archived| RoomMessage {
                to: m.to,
                from: m.from,
                kind: "groupchat".into(),
                body: m.body,
                delay_stamp: m.sent_date,
                delay_from: room.to_string(),
            })
            .collect(),
        last: page.last,
    }
}

/// `GET /rest/groupchat/room/{roomName}/chathistory?start=&end=&max=&after=`: the room's
/// archive (MAM on the room), oldest first.
pub async fn history(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let room = room(ctx, &req)?;
    let filter = Filter::from_query(&req)?;
    let page = read_room(ctx, user, &room, &filter).await?;
    ok_json(&room_messages(&room, page))
}

/// `GET /rest/groupchat/messages?room=&service=&keywords=&start=&end=`: the same, searched.
pub async fn messages(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let name = query_param(&req, "room")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| ApiError::bad_request("Name the room: ?room=…"))?;
    let room = room_of(ctx, &req, &name)?;
    let filter = Filter::from_query(&req)?;
    let page = read_room(ctx, user, &room, &filter).await?;
    ok_json(&room_messages(&room, page))
}

async fn read_room(
    ctx: &Ctx,
    user: &str,
    room: &BareJid,
    filter: &Filter,
) -> Result<archive::Page, ApiError> {
    archive::read(ctx, user, Some(room.clone().into()), filter)
        .await
        .map_err(|err| {
            if err.error == "XmppError" {
                room_error(room, "item-not-found")
            } else {
                err
            }
        })
}
