//! Room bookmarks as SparkWeb's `Bookmark`s (kept by [`xwg_core::xmpp::bookmarks`] where the
//! user's server keeps them). A bookmark's `bookmarkID` is derived from its room, so it is
//! stable across calls and clients; its `properties` are the conference's `autojoin`,
//! `nick` and `password`.

use jid::{BareJid, ResourcePart};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use crate::ErrorKind;
use crate::auth::Principal;
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Json, Req, Text};
use crate::{ApiError, Ctx};
use xwg_core::identity::Username;
use xwg_core::xmpp::bookmarks::{Backend, Bookmark};

const BOOKMARK: &str = "/sparkweb/api/rest/bookmark/{bookmarkID}";
const PROPERTY: &str = "/sparkweb/api/rest/bookmark/{bookmarkID}/{name}";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, ToSchema)]
pub struct Property {
    key: String,
    value: String,
}

/// SparkWeb's `Bookmark`.
#[derive(Serialize, Deserialize, Default, ToSchema)]
pub struct BookmarkEntity {
    #[serde(rename = "bookmarkID", default)]
    bookmark_id: Option<u64>,
    /// `group_chat` (the only kind XMPP bookmarks hold).
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

#[derive(Serialize, ToSchema)]
pub struct BookmarkEntities {
    bookmarks: Vec<BookmarkEntity>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct BookmarkPath {
    #[serde(rename = "bookmarkID")]
    #[param(rename = "bookmarkID")]
    bookmark_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PropertyPath {
    #[serde(rename = "bookmarkID")]
    #[param(rename = "bookmarkID")]
    bookmark_id: String,
    /// autojoin, nick or password.
    name: String,
}

/// A stable id for a room: 48 bits of its JID's SHA-256 (exact in JavaScript numbers).
fn id_of(room: &BareJid) -> u64 {
    let digest = Sha256::digest(room.to_string().as_bytes());
    digest[..6]
        .iter()
        .fold(0u64, |id, byte| (id << 8) | u64::from(*byte))
}

fn entity(room: &BareJid, conference: &Bookmark) -> BookmarkEntity {
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
    BookmarkEntity {
        bookmark_id: Some(id_of(room)),
        kind: Some("group_chat".into()),
        name: conference.name.clone(),
        value: Some(room.to_string()),
        properties,
    }
}

fn set_property(conference: &mut Bookmark, key: &str, value: Option<&str>) -> Result<(), ApiError> {
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
pub(crate) async fn backend_of(ctx: &Ctx, user: &Username) -> Result<Backend, ApiError> {
    let own = user.at(ctx.domain());
    Ok(ctx
        .on(user)
        .bookmarks_backend(&own, ctx.config.bookmarks)
        .await?)
}

/// The user's bookmarks' backend and the bookmark with this id.
async fn find(
    ctx: &Ctx,
    user: &Username,
    id: &str,
) -> Result<(Backend, BareJid, Bookmark), ApiError> {
    let id: u64 = id
        .parse()
        .map_err(|_| ApiError::bad_request("bookmarkID is a number."))?;
    let backend = backend_of(ctx, user).await?;
    let (room, conference) = ctx
        .on(user)
        .bookmarks_list(backend)
        .await?
        .into_iter()
        .find(|(room, _)| id_of(room) == id)
        .ok_or_else(|| {
            ApiError::not_found(format!("There is no bookmark {id}."))
                .named(ErrorKind::BookmarkNotFound)
        })?;
    Ok((backend, room, conference))
}

/// Stores the changed bookmark and answers with it.
async fn save(
    ctx: &Ctx,
    user: &str,
    backend: Backend,
    room: &BareJid,
    conference: Bookmark,
) -> Result<Json<BookmarkEntity>, ApiError> {
    let entity = entity(room, &conference);
    ctx.on(user)
        .bookmarks_save(backend, room, conference)
        .await?;
    Ok(Json(entity))
}

/// `GET /rest/bookmarks`.
pub struct GetBookmarks;

impl Endpoint for GetBookmarks {
    endpoint!(get "get_bookmarks", "/sparkweb/api/rest/bookmarks",
        "The user's room bookmarks (XEP-0402): {bookmarks: […]}",
        caller: Principal, reply: Json<BookmarkEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<BookmarkEntities>, ApiError> {
        let backend = backend_of(ctx, &user.username).await?;
        let bookmarks = ctx
            .on(&user.username)
            .bookmarks_list(backend)
            .await?
            .iter()
            .map(|(room, c)| entity(room, c))
            .collect();
        Ok(Json(BookmarkEntities { bookmarks }))
    }
}

/// `POST /rest/bookmark`, body `Bookmark` (`type: group_chat`, `value`: the room's JID).
pub struct CreateBookmark;

impl Endpoint for CreateBookmark {
    endpoint!(post "create_bookmark", "/sparkweb/api/rest/bookmark",
        "Bookmark a room (body: Bookmark with value = the room's JID)",
        caller: Principal, body: Json<BookmarkEntity>, reply: Json<BookmarkEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<BookmarkEntity>, ApiError> {
        let user = &user.username;
        let Json(bookmark) = req.body;
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
        let backend = backend_of(ctx, user).await?;
        if ctx
            .on(user)
            .bookmarks_list(backend)
            .await?
            .iter()
            .any(|(r, _)| *r == room)
        {
            return Err(ApiError::conflict(
                ErrorKind::BookmarkExists,
                format!("{room} is bookmarked already."),
            ));
        }
        let mut conference = Bookmark {
            name: bookmark.name,
            ..Bookmark::default()
        };
        for property in &bookmark.properties {
            set_property(&mut conference, &property.key, Some(&property.value))?;
        }
        save(ctx, user, backend, &room, conference).await
    }
}

/// `GET /rest/bookmark/{bookmarkID}`.
pub struct GetBookmark;

impl Endpoint for GetBookmark {
    endpoint!(get "get_bookmark", BOOKMARK, "One bookmark",
        caller: Principal, path: BookmarkPath, reply: Json<BookmarkEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<BookmarkEntity>, ApiError> {
        let (_, room, conference) = find(ctx, &user.username, &req.path.bookmark_id).await?;
        Ok(Json(entity(&room, &conference)))
    }
}

/// `PUT /rest/bookmark/{bookmarkID}`: its name and properties (the room stays).
pub struct UpdateBookmark;

impl Endpoint for UpdateBookmark {
    endpoint!(put "update_bookmark", BOOKMARK, "Change a bookmark's name or properties",
        caller: Principal, path: BookmarkPath, body: Json<BookmarkEntity>,
        reply: Json<BookmarkEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<BookmarkEntity>, ApiError> {
        let user = &user.username;
        let (backend, room, mut conference) = find(ctx, user, &req.path.bookmark_id).await?;
        let Json(bookmark) = req.body;
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
        save(ctx, user, backend, &room, conference).await
    }
}

/// `DELETE /rest/bookmark/{bookmarkID}`.
pub struct DeleteBookmark;

impl Endpoint for DeleteBookmark {
    endpoint!(delete "delete_bookmark", BOOKMARK, "Remove a bookmark",
        caller: Principal, path: BookmarkPath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let user = &user.username;
        let (backend, room, _) = find(ctx, user, &req.path.bookmark_id).await?;
        ctx.on(user).bookmarks_remove(backend, &room).await?;
        Ok(Empty)
    }
}

/// Sets (`Some`) or unsets a property of a bookmark.
async fn change_property(
    ctx: &Ctx,
    user: &Username,
    path: PropertyPath,
    value: Option<&str>,
) -> Result<Json<BookmarkEntity>, ApiError> {
    let (backend, room, mut conference) = find(ctx, user, &path.bookmark_id).await?;
    set_property(&mut conference, &path.name, value)?;
    save(ctx, user, backend, &room, conference).await
}

/// `POST /rest/bookmark/{bookmarkID}/{name}`, body = the value.
pub struct SetBookmarkProperty;

impl Endpoint for SetBookmarkProperty {
    endpoint!(post "set_bookmark_property", PROPERTY,
        "Set a bookmark property (autojoin, nick, password; body: the value)",
        caller: Principal, path: PropertyPath, body: Text, reply: Json<BookmarkEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<BookmarkEntity>, ApiError> {
        change_property(ctx, &user.username, req.path, Some(&req.body.0)).await
    }
}

/// `DELETE /rest/bookmark/{bookmarkID}/{name}`.
pub struct DeleteBookmarkProperty;

impl Endpoint for DeleteBookmarkProperty {
    endpoint!(delete "delete_bookmark_property", PROPERTY, "Unset a bookmark property",
        caller: Principal, path: PropertyPath, reply: Json<BookmarkEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<BookmarkEntity>, ApiError> {
        change_property(ctx, &user.username, req.path, None).await
    }
}
