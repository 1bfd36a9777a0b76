//! Room bookmarks as SparkWeb's `Bookmark`s, kept where the user's server keeps them:
//! XEP-0402 (PEP node `urn:xmpp:bookmarks:1`, one item per room, the room's JID as item
//! id), or, on a server without it, XEP-0048 private storage (`storage:bookmarks`, read
//! and written whole). A bookmark's `bookmarkID` is derived from its room, so it is stable
//! across calls and clients; its `properties` are the conference's `autojoin`, `nick` and
//! `password`.

use http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio_xmpp::jid::{BareJid, ResourcePart};
use tokio_xmpp::parsers::bookmarks::{Conference as LegacyConference, Storage};
use tokio_xmpp::parsers::bookmarks2::Conference;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};
use tokio_xmpp::parsers::disco::{DiscoInfoQuery, DiscoInfoResult};
use tokio_xmpp::parsers::private::Query as PrivateQuery;
use tokio_xmpp::parsers::pubsub::pubsub::{Item, Items, PubSub, Publish, PublishOptions, Retract};
use tokio_xmpp::parsers::pubsub::{ItemId, NodeName};

use crate::auth::Principal;
use crate::config::BookmarkStorage;
use crate::http_io::{body_text, json_body, ok_empty, ok_json, path_param};
use crate::keeper::{IqKind, KeeperError};
use crate::xmpp::user_jid;
use crate::{ApiError, Ctx};

const NODE: &str = "urn:xmpp:bookmarks:1";
const PUBLISH_OPTIONS: &str = "http://jabber.org/protocol/pubsub#publish-options";
/// What an account announces when its server keeps XEP-0402 bookmarks (and syncs XEP-0048).
const COMPAT: &str = "urn:xmpp:bookmarks:1#compat";
/// PEP with publish options: what XEP-0402 needs.
const PUBLISH_OPTIONS_FEATURE: &str = "http://jabber.org/protocol/pubsub#publish-options";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Property {
    key: String,
    value: String,
}

/// SparkWeb's `Bookmark`.
#[derive(Serialize, Deserialize, Default)]
struct Bookmark {
    #[serde(rename = "bookmarkID", default)]
    bookmark_id: Option<u64>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    name: Option<String>,
    /// The room's JID.
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    properties: Vec<Property>,
}

const BOOKMARK: &str = r#"{"type": "group_chat", "name": …, "value": <room JID>, "properties": [{"key": "autojoin", "value": "true"}]}"#;

#[derive(Serialize)]
struct Bookmarks {
    bookmarks: Vec<Bookmark>,
}

/// A stable id for a room: 48 bits of its JID's SHA-256 (exact in JavaScript numbers).
fn id_of(room: &BareJid) -> u64 {
    let digest = Sha256::digest(room.to_string().as_bytes());
    digest[..6]
        .iter()
        .fold(0u64, |id, byte| (id << 8) | u64::from(*byte))
}

fn entity(room: &BareJid, conference: &Conference) -> Bookmark {
    let mut properties = vec![Property {
        key: "autojoin".into(),
        value: conference.autojoin.to_string(),
    }];
    if let Some(nick) = &conference.nick {
        properties.push(Property {
            key: "nick".into(),
            value: nick.to_string(),
        });
    }
    if let Some(password) = &conference.password {
        properties.push(Property {
            key: "password".into(),
            value: password.clone(),
        });
    }
    Bookmark {
        bookmark_id: Some(id_of(room)),
        kind: Some("group_chat".into()),
        name: conference.name.clone(),
        value: Some(room.to_string()),
        properties,
    }
}

fn set_property(
    conference: &mut Conference,
    key: &str,
    value: Option<&str>,
) -> Result<(), ApiError> {
    match key {
        "autojoin" => {
            conference.autojoin = match value {
                None | Some("false") => false,
                Some("true") => true,
                Some(_) => return Err(ApiError::bad_request("autojoin is true or false.")),
            }
        }
        "nick" => {
            conference.nick = value
                .map(|v| ResourcePart::new(v).map(|r| r.into_owned()))
                .transpose()
                .map_err(|_| ApiError::bad_request("That nick is not usable in a room."))?
        }
        "password" => conference.password = value.map(str::to_string),
        other => {
            return Err(ApiError::bad_request(format!(
                "`{other}` is not a bookmark property: use autojoin, nick or password."
            )));
        }
    }
    Ok(())
}

/// Where this user's bookmarks live.
#[derive(Clone, Copy)]
enum Backend {
    Pep,
    Private,
}

/// XEP-0402 when configured, or (auto) when the server announces it on the account.
async fn backend_of(ctx: &Ctx, user: &str) -> Result<Backend, ApiError> {
    Ok(match ctx.config.bookmarks {
        BookmarkStorage::Pep => Backend::Pep,
        BookmarkStorage::Private => Backend::Private,
        BookmarkStorage::Auto => {
            let own = user_jid(user, &ctx.config.xmpp.domain)?;
            let info = ctx
                .keeper
                .iq(
                    user,
                    Some(own.into()),
                    IqKind::Get,
                    DiscoInfoQuery { node: None }.into(),
                )
                .await?
                .and_then(|answer| DiscoInfoResult::try_from(answer).ok());
            let pep = info.is_some_and(|info| {
                info.features.contains(COMPAT) || info.features.contains(PUBLISH_OPTIONS_FEATURE)
            });
            if pep { Backend::Pep } else { Backend::Private }
        }
    })
}

/// The user's room bookmarks.
async fn list(
    ctx: &Ctx,
    user: &str,
    backend: Backend,
) -> Result<Vec<(BareJid, Conference)>, ApiError> {
    match backend {
        Backend::Pep => pep_list(ctx, user).await,
        Backend::Private => Ok(private_read(ctx, user)
            .await?
            .conferences
            .into_iter()
            .map(|c| {
                let conference = Conference {
                    autojoin: c.autojoin,
                    name: c.name,
                    nick: c.nick,
                    password: c.password,
                    extensions: None,
                };
                (c.jid, conference)
            })
            .collect()),
    }
}

async fn save(
    ctx: &Ctx,
    user: &str,
    backend: Backend,
    room: &BareJid,
    conference: Conference,
) -> Result<(), ApiError> {
    match backend {
        Backend::Pep => pep_save(ctx, user, room, conference).await,
        Backend::Private => {
            let mut storage = private_read(ctx, user).await?;
            let legacy = LegacyConference {
                autojoin: conference.autojoin,
                jid: room.clone(),
                name: conference.name,
                nick: conference.nick,
                password: conference.password,
            };
            match storage.conferences.iter_mut().find(|c| c.jid == *room) {
                Some(existing) => *existing = legacy,
                None => storage.conferences.push(legacy),
            }
            private_write(ctx, user, storage).await
        }
    }
}

async fn remove(ctx: &Ctx, user: &str, backend: Backend, room: &BareJid) -> Result<(), ApiError> {
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
            ctx.keeper
                .iq(user, None, IqKind::Set, retract.into())
                .await?;
            Ok(())
        }
        Backend::Private => {
            let mut storage = private_read(ctx, user).await?;
            storage.conferences.retain(|c| c.jid != *room);
            private_write(ctx, user, storage).await
        }
    }
}

/// XEP-0048: the whole bookmark storage (URLs and all) from private XML storage.
async fn private_read(ctx: &Ctx, user: &str) -> Result<Storage, ApiError> {
    let query = PrivateQuery {
        storage: Storage::default(),
    };
    let answer = ctx.keeper.iq(user, None, IqKind::Get, query.into()).await?;
    Ok(answer
        .and_then(|a| PrivateQuery::try_from(a).ok())
        .map(|q| q.storage)
        .unwrap_or_default())
}

async fn private_write(ctx: &Ctx, user: &str, storage: Storage) -> Result<(), ApiError> {
    let query = PrivateQuery { storage };
    ctx.keeper.iq(user, None, IqKind::Set, query.into()).await?;
    Ok(())
}

/// XEP-0402: the items of the bookmarks node.
async fn pep_list(ctx: &Ctx, user: &str) -> Result<Vec<(BareJid, Conference)>, ApiError> {
    let query = PubSub::Items(Items {
        max_items: None,
        node: NodeName(NODE.into()),
        subid: None,
        items: Vec::new(),
    });
    let answer = match ctx.keeper.iq(user, None, IqKind::Get, query.into()).await {
        Ok(answer) => answer,
        // No node yet: no bookmarks yet.
        Err(KeeperError::XmppError(condition)) if condition == "item-not-found" => None,
        Err(err) => return Err(err.into()),
    };
    let Some(PubSub::Items(items)) = answer.and_then(|a| PubSub::try_from(a).ok()) else {
        return Ok(Vec::new());
    };
    Ok(items
        .items
        .into_iter()
        .filter_map(|item| {
            let room = item.id?.0.parse().ok()?;
            let conference = Conference::try_from(item.payload?).ok()?;
            Some((room, conference))
        })
        .collect())
}

async fn find(
    ctx: &Ctx,
    user: &str,
    backend: Backend,
    id: &str,
) -> Result<(BareJid, Conference), ApiError> {
    let id: u64 = id
        .parse()
        .map_err(|_| ApiError::bad_request("bookmarkID is a number."))?;
    list(ctx, user, backend)
        .await?
        .into_iter()
        .find(|(room, _)| id_of(room) == id)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "BookmarkNotFound",
                format!("There is no bookmark {id}."),
            )
        })
}

/// Publishes the bookmark with the access XEP-0402 asks for (only the user reads it).
async fn pep_save(
    ctx: &Ctx,
    user: &str,
    room: &BareJid,
    conference: Conference,
) -> Result<(), ApiError> {
    let options = DataForm::new(
        DataFormType::Submit,
        PUBLISH_OPTIONS,
        vec![
            Field::new("pubsub#persist_items", FieldType::Boolean).with_value("true"),
            Field::new("pubsub#max_items", FieldType::TextSingle).with_value("max"),
            Field::new("pubsub#send_last_published_item", FieldType::ListSingle)
                .with_value("never"),
            Field::new("pubsub#access_model", FieldType::ListSingle).with_value("whitelist"),
        ],
    );
    let publish = PubSub::Publish {
        publish: Publish {
            node: NodeName(NODE.into()),
            items: vec![Item {
                id: Some(ItemId(room.to_string())),
                publisher: None,
                payload: Some(conference.into()),
            }],
        },
        publish_options: Some(PublishOptions {
            form: Some(options),
        }),
    };
    ctx.keeper
        .iq(user, None, IqKind::Set, publish.into())
        .await?;
    Ok(())
}

/// `GET /rest/bookmarks`.
pub async fn all(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let backend = backend_of(ctx, user).await?;
    let bookmarks = list(ctx, user, backend)
        .await?
        .iter()
        .map(|(room, c)| entity(room, c))
        .collect();
    ok_json(&Bookmarks { bookmarks })
}

/// `POST /rest/bookmark`, body `Bookmark` (`type: group_chat`, `value`: the room's JID).
pub async fn create(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let backend = backend_of(ctx, user).await?;
    let bookmark: Bookmark = json_body(&req, BOOKMARK)?;
    if bookmark.kind.as_deref().is_some_and(|k| k != "group_chat") {
        return Err(ApiError::bad_request(
            "Only group_chat bookmarks are kept: XMPP bookmarks (XEP-0402) hold rooms, not URLs.",
        ));
    }
    let room: BareJid = bookmark
        .value
        .as_deref()
        .and_then(|v| v.parse().ok())
        .filter(|room: &BareJid| room.node().is_some())
        .ok_or_else(|| {
            ApiError::bad_request("A bookmark's value is the room's JID, room@service.")
        })?;
    if list(ctx, user, backend)
        .await?
        .iter()
        .any(|(r, _)| *r == room)
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "BookmarkExists",
            format!("{room} is bookmarked already."),
        ));
    }
    let mut conference = Conference {
        name: bookmark.name,
        ..Conference::default()
    };
    for property in &bookmark.properties {
        set_property(&mut conference, &property.key, Some(&property.value))?;
    }
    save(ctx, user, backend, &room, conference.clone()).await?;
    ok_json(&entity(&room, &conference))
}

/// `GET /rest/bookmark/{bookmarkID}`.
pub async fn get(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let backend = backend_of(ctx, user).await?;
    let (room, conference) = find(ctx, user, backend, &path_param(&req, "bookmarkID")?).await?;
    ok_json(&entity(&room, &conference))
}

/// `PUT /rest/bookmark/{bookmarkID}`: its name and properties (the room stays).
pub async fn update(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let backend = backend_of(ctx, user).await?;
    let (room, mut conference) = find(ctx, user, backend, &path_param(&req, "bookmarkID")?).await?;
    let bookmark: Bookmark = json_body(&req, BOOKMARK)?;
    if bookmark
        .value
        .as_deref()
        .is_some_and(|v| v != room.to_string())
    {
        return Err(ApiError::bad_request(
            "A bookmark's room cannot change: delete it and bookmark the other room.",
        ));
    }
    if bookmark.name.is_some() {
        conference.name = bookmark.name;
    }
    for property in &bookmark.properties {
        set_property(&mut conference, &property.key, Some(&property.value))?;
    }
    save(ctx, user, backend, &room, conference.clone()).await?;
    ok_json(&entity(&room, &conference))
}

/// `DELETE /rest/bookmark/{bookmarkID}`.
pub async fn delete(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let backend = backend_of(ctx, user).await?;
    let (room, _) = find(ctx, user, backend, &path_param(&req, "bookmarkID")?).await?;
    remove(ctx, user, backend, &room).await?;
    ok_empty()
}

/// `POST /rest/bookmark/{bookmarkID}/{name}`, body = the value; `DELETE` the same unsets it.
pub async fn set(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    change_property(ctx, &req, Some(body_text(&req)?)).await
}

pub async fn unset(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    change_property(ctx, &req, None).await
}

async fn change_property(
    ctx: &Ctx,
    req: &Request,
    value: Option<String>,
) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(req)?.username;
    let backend = backend_of(ctx, user).await?;
    let (room, mut conference) = find(ctx, user, backend, &path_param(req, "bookmarkID")?).await?;
    set_property(&mut conference, &path_param(req, "name")?, value.as_deref())?;
    save(ctx, user, backend, &room, conference.clone()).await?;
    ok_json(&entity(&room, &conference))
}
