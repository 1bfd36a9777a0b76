//! The route table: the single source of truth for every REST route.
//!
//! Each row names the route (its function binary is `functions/src/bin/<name>.rs`, its
//! `template.yaml` resource `<Name>Function`), its method and path template, who may call
//! it, and its handler. The local router mounts every row, each function binary runs one
//! row, and a test holds `template.yaml` and the binaries to the table.

use std::time::Instant;

use futures::future::BoxFuture;
use http::Method;
use lambda_http::{Body, Request, RequestExt, Response};
use percent_encoding::percent_decode_str;
use tracing::Instrument;

use crate::auth::Principal;
use crate::auth::principal::bearer_token;
use crate::auth::tokens::ADMIN_ROLE;
use crate::http_io::query_param;
use crate::{ApiError, Ctx, handlers};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the route authenticates by its own means, e.g. a password).
    Public,
    /// A user with a valid, unrevoked access token in the Authorization header.
    User,
    /// As `User`, and the token may also come as `?token=` (an EventSource cannot set headers).
    UserStream,
    /// An administrator: a token with the `admin` role, or the user service's shared
    /// secret as the whole `Authorization` header (as Openfire's REST API takes it).
    Admin,
}

pub type Handler = for<'a> fn(&'a Ctx, Request) -> BoxFuture<'a, Result<Response<Body>, ApiError>>;

/// A streamed response (SSE): the body is produced while the connection lasts.
pub type StreamResponse = http::Response<axum::body::Body>;
pub type StreamHandler =
    for<'a> fn(&'a Ctx, Request) -> BoxFuture<'a, Result<StreamResponse, ApiError>>;

/// How a route answers: with one buffered response, or with a stream.
#[derive(Clone, Copy)]
pub enum Serve {
    Buffered(Handler),
    Stream(StreamHandler),
}

pub struct Route {
    pub name: &'static str,
    pub method: Method,
    /// The full path, with `{param}` segments (the syntax of OpenAPI and axum alike).
    pub path: &'static str,
    /// Further paths served the same way (SparkWeb clients know the SSE route by two).
    pub aliases: &'static [&'static str],
    pub access: Access,
    pub summary: &'static str,
    pub serve: Serve,
}

impl Route {
    const fn new(
        name: &'static str,
        method: Method,
        path: &'static str,
        access: Access,
        serve: Serve,
        summary: &'static str,
    ) -> Self {
        Self {
            name,
            method,
            path,
            aliases: &[],
            access,
            summary,
            serve,
        }
    }

    const fn also(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }

    /// The path and its aliases.
    pub fn paths(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.path).chain(self.aliases.iter().copied())
    }
}

/// Wraps `async fn(&Ctx, Request) -> Result<…, ApiError>` as a table handler.
macro_rules! buffered {
    ($f:path) => {
        Serve::Buffered(|ctx, req| Box::pin($f(ctx, req)))
    };
}

macro_rules! stream {
    ($f:path) => {
        Serve::Stream(|ctx, req| Box::pin($f(ctx, req)))
    };
}

pub static ROUTES: &[Route] = &[
    Route::new(
        "login",
        Method::POST,
        "/sparkweb/api/rest/login/{username}",
        Access::Public,
        buffered!(handlers::login::login),
        "Log in with username and password (the body); returns {token, refreshToken}",
    ),
    Route::new(
        "register",
        Method::POST,
        "/sparkweb/api/rest/register/{username}",
        Access::Public,
        buffered!(handlers::register::register),
        "Create an account (in-band registration; body: the password) and log in; returns {token, refreshToken}",
    ),
    Route::new(
        "totp_register",
        Method::POST,
        "/sparkweb/api/rest/totp/register/{username}",
        Access::Public,
        buffered!(handlers::totp::register),
        "Set up TOTP with the password (the body); returns {url: QR code PNG data URL, otpauth}",
    ),
    Route::new(
        "totp_authenticate",
        Method::POST,
        "/sparkweb/api/rest/totp/authenticate/{username}/{code}",
        Access::Public,
        buffered!(handlers::totp::authenticate),
        "Log in with a TOTP code (in the path, or as {code} at the alias); returns {token, refreshToken}",
    )
    .also(&["/sparkweb/api/rest/totp/authenticate/{username}"]),
    Route::new(
        "webauthn_register_start",
        Method::POST,
        "/sparkweb/api/rest/webauthn/register/start/{username}",
        Access::Public,
        buffered!(handlers::webauthn::register_start),
        "Start registering a passkey with the password (the body); returns {credentials: {publicKey}}",
    ),
    Route::new(
        "webauthn_register_finish",
        Method::POST,
        "/sparkweb/api/rest/webauthn/register/finish/{username}",
        Access::Public,
        buffered!(handlers::webauthn::register_finish),
        "Finish registering a passkey (body: the credential JSON); returns {token, refreshToken}",
    ),
    Route::new(
        "webauthn_authenticate_start",
        Method::POST,
        "/sparkweb/api/rest/webauthn/authenticate/start/{username}",
        Access::Public,
        buffered!(handlers::webauthn::authenticate_start),
        "Start a passkey login; returns {assertion: {publicKey}}, or a fresh token for a valid one",
    ),
    Route::new(
        "webauthn_authenticate_finish",
        Method::POST,
        "/sparkweb/api/rest/webauthn/authenticate/finish/{username}",
        Access::Public,
        buffered!(handlers::webauthn::authenticate_finish),
        "Finish a passkey login (body: the assertion JSON); returns {token, refreshToken}",
    ),
    Route::new(
        "refresh_token",
        Method::POST,
        "/sparkweb/api/rest/token/refresh",
        Access::Public,
        buffered!(handlers::tokens::refresh),
        "A new access token for a refresh token (body {refreshToken}); the refresh token is spent",
    ),
    Route::new(
        "logout",
        Method::POST,
        "/sparkweb/api/rest/logout",
        Access::User,
        buffered!(handlers::login::logout),
        "Log out: the token used is revoked and the user's XMPP session ends",
    ),
    Route::new(
        "get_user",
        Method::GET,
        "/sparkweb/api/rest/user",
        Access::User,
        buffered!(handlers::user::get_user),
        "The authenticated user: {username, name, email}",
    ),
    Route::new(
        "post_chat_message",
        Method::POST,
        "/sparkweb/api/rest/chat/message/{to}",
        Access::User,
        buffered!(handlers::chat::post_message),
        "Send a chat message (the body, plain text) to a JID",
    ),
    Route::new(
        "openapi",
        Method::GET,
        "/sparkweb/api/openapi.json",
        Access::Public,
        buffered!(handlers::openapi::document),
        "The OpenAPI document of every route, generated from the route table",
    ),
    Route::new(
        "get_roster",
        Method::GET,
        "/sparkweb/api/rest/roster",
        Access::User,
        buffered!(handlers::roster::get_roster),
        "The user's roster: {roster: [{jid, nickname, subscriptionType, show, status, groups}]}",
    ),
    Route::new(
        "add_roster_item",
        Method::POST,
        "/sparkweb/api/rest/roster",
        Access::User,
        buffered!(handlers::roster::add_item),
        "Add a contact (body: RosterItemEntity); 409 when it is there",
    ),
    Route::new(
        "update_roster_item",
        Method::PUT,
        "/sparkweb/api/rest/roster/{jid}",
        Access::User,
        buffered!(handlers::roster::update_item),
        "Change a contact's nickname or groups",
    ),
    Route::new(
        "delete_roster_item",
        Method::DELETE,
        "/sparkweb/api/rest/roster/{jid}",
        Access::User,
        buffered!(handlers::roster::delete_item),
        "Remove a contact",
    ),
    Route::new(
        "set_presence",
        Method::POST,
        "/sparkweb/api/rest/presence",
        Access::User,
        buffered!(handlers::presence::set_presence),
        "Set the user's presence (?show=online|chat|away|xa|dnd|unavailable&status=…)",
    ),
    Route::new(
        "get_presence",
        Method::GET,
        "/sparkweb/api/rest/presence/{target}",
        Access::User,
        buffered!(handlers::presence::get_presence),
        "A contact's presence as the session saw it: {username, show, status}",
    ),
    Route::new(
        "get_presence_roster",
        Method::GET,
        "/sparkweb/api/rest/presence/roster",
        Access::User,
        buffered!(handlers::roster::get_roster),
        "The roster with each contact's presence",
    ),
    Route::new(
        "post_chat_state",
        Method::POST,
        "/sparkweb/api/rest/chat/chatstate/{state}/{to}",
        Access::User,
        buffered!(handlers::chat::post_chat_state),
        "Send a chat state (XEP-0085): active, composing, paused, inactive, gone",
    ),
    Route::new(
        "post_stanza",
        Method::POST,
        "/sparkweb/api/rest/xmpp",
        Access::User,
        buffered!(handlers::stanza::post_stanza),
        "Send a raw stanza (the body, XML); its from is the user",
    ),
    Route::new(
        "upload_slot",
        Method::GET,
        "/sparkweb/api/rest/upload/{fileName}/{fileSize}",
        Access::User,
        buffered!(handlers::upload::upload_slot),
        "An HTTP upload slot (XEP-0363): {putUrl, headers, getUrl}",
    ),
    Route::new(
        "meet",
        Method::GET,
        "/sparkweb/api/rest/meet/{service}/{id}",
        Access::User,
        buffered!(handlers::unsupported::meet),
        "Online meetings: 501, not offered by this gateway",
    ),
    Route::new(
        "preview",
        Method::GET,
        "/sparkweb/api/rest/preview/{quality}/{url}",
        Access::User,
        buffered!(handlers::unsupported::preview),
        "Link previews: 501, not made by this gateway",
    ),
    Route::new(
        "get_properties",
        Method::GET,
        "/sparkweb/api/rest/config/properties",
        Access::User,
        buffered!(handlers::settings::get_properties),
        "The user's client properties (private XML storage, XEP-0049)",
    ),
    Route::new(
        "set_properties",
        Method::POST,
        "/sparkweb/api/rest/config/properties",
        Access::User,
        buffered!(handlers::settings::set_properties),
        "Store the user's client properties (the body)",
    ),
    Route::new(
        "get_global_config",
        Method::GET,
        "/sparkweb/api/rest/config/global",
        Access::User,
        buffered!(handlers::settings::global),
        "The gateway's public settings",
    ),
    Route::new(
        "put_user",
        Method::PUT,
        "/sparkweb/api/rest/user",
        Access::User,
        buffered!(handlers::user::put_user),
        "Change the user's name and email (profile and vCard)",
    ),
    Route::new(
        "delete_user",
        Method::DELETE,
        "/sparkweb/api/rest/user",
        Access::User,
        buffered!(handlers::user::delete_user),
        "Delete the user's account on the XMPP server (XEP-0077)",
    ),
    Route::new(
        "search_users",
        Method::GET,
        "/sparkweb/api/rest/users",
        Access::User,
        buffered!(handlers::user::search_users),
        "Users the gateway knows, ?search= by username, name or email",
    ),
    Route::new(
        "get_user_groups",
        Method::GET,
        "/sparkweb/api/rest/user/groups",
        Access::User,
        buffered!(handlers::user::get_groups),
        "The user's groups: {groupnames: […]}",
    ),
    Route::new(
        "join_user_groups",
        Method::POST,
        "/sparkweb/api/rest/user/groups",
        Access::User,
        buffered!(handlers::user::join_groups),
        "Join existing groups (body: {groupnames: […]})",
    ),
    Route::new(
        "leave_user_groups",
        Method::DELETE,
        "/sparkweb/api/rest/user/groups",
        Access::User,
        buffered!(handlers::user::leave_groups),
        "Leave groups (body: {groupnames: […]})",
    ),
    Route::new(
        "join_user_group",
        Method::POST,
        "/sparkweb/api/rest/user/groups/{groupName}",
        Access::User,
        buffered!(handlers::user::join_group),
        "Join an existing group",
    ),
    Route::new(
        "leave_user_group",
        Method::DELETE,
        "/sparkweb/api/rest/user/groups/{groupName}",
        Access::User,
        buffered!(handlers::user::leave_group),
        "Leave a group",
    ),
    Route::new(
        "get_chat_messages",
        Method::GET,
        "/sparkweb/api/rest/chat/messages",
        Access::User,
        buffered!(handlers::chat::get_messages),
        "The user message archive (MAM), as conversations: ?to=&start=&end=&keywords=&max=&after=",
    ),
    Route::new(
        "groupchat_rooms",
        Method::GET,
        "/sparkweb/api/rest/groupchat/rooms",
        Access::User,
        buffered!(handlers::groupchat::rooms),
        "The rooms of a MUC service (?serviceName=, ?search=): {chatRooms: […]}",
    ),
    Route::new(
        "groupchat_room",
        Method::GET,
        "/sparkweb/api/rest/groupchat/room/{roomName}",
        Access::User,
        buffered!(handlers::groupchat::room_info),
        "A room as its disco info describes it (MUCRoomEntity)",
    ),
    Route::new(
        "groupchat_join",
        Method::PUT,
        "/sparkweb/api/rest/groupchat/room/{roomName}",
        Access::User,
        buffered!(handlers::groupchat::join),
        "Join a room (created as an instant room if it is new; ?password=)",
    ),
    Route::new(
        "groupchat_leave",
        Method::DELETE,
        "/sparkweb/api/rest/groupchat/room/{roomName}",
        Access::User,
        buffered!(handlers::groupchat::leave),
        "Leave a room",
    ),
    Route::new(
        "groupchat_post",
        Method::POST,
        "/sparkweb/api/rest/groupchat/room/{roomName}",
        Access::User,
        buffered!(handlers::groupchat::post),
        "Send a message (the body) to a room the user is in",
    ),
    Route::new(
        "groupchat_invite",
        Method::POST,
        "/sparkweb/api/rest/groupchat/room/{roomName}/{invitedJid}",
        Access::User,
        buffered!(handlers::groupchat::invite),
        "Invite someone to the room (body: the reason)",
    ),
    Route::new(
        "groupchat_occupants",
        Method::GET,
        "/sparkweb/api/rest/groupchat/room/{roomName}/occupants",
        Access::User,
        buffered!(handlers::groupchat::occupants),
        "The room's occupants: {occupants: [{jid, userAddress, role, affiliation}]}",
    ),
    Route::new(
        "groupchat_participants",
        Method::GET,
        "/sparkweb/api/rest/groupchat/room/{roomName}/participants",
        Access::User,
        buffered!(handlers::groupchat::participants),
        "The room's occupants with a voice: {participants: [{jid, role, affiliation}]}",
    ),
    Route::new(
        "groupchat_history",
        Method::GET,
        "/sparkweb/api/rest/groupchat/room/{roomName}/chathistory",
        Access::User,
        buffered!(handlers::groupchat::history),
        "The room's archive (MAM): {messages: […]}",
    ),
    Route::new(
        "groupchat_messages",
        Method::GET,
        "/sparkweb/api/rest/groupchat/messages",
        Access::User,
        buffered!(handlers::groupchat::messages),
        "A room's archive searched: ?room=&service=&keywords=&start=&end=",
    ),
    Route::new(
        "pubsub_nodes",
        Method::GET,
        "/sparkweb/api/rest/pubsub/nodes",
        Access::User,
        buffered!(handlers::pubsub::nodes),
        "The pubsub service's nodes: {nodes: [{id, name}]}",
    ),
    Route::new(
        "pubsub_create",
        Method::POST,
        "/sparkweb/api/rest/pubsub/create/{node}",
        Access::User,
        buffered!(handlers::pubsub::create),
        "Create a node on the pubsub service; 409 when it exists",
    ),
    Route::new(
        "pubsub_publish",
        Method::POST,
        "/sparkweb/api/rest/pubsub/publish/{node}",
        Access::User,
        buffered!(handlers::pubsub::publish),
        "Publish an item (body: one XML element) to a node",
    ),
    Route::new(
        "pubsub_subscribe",
        Method::POST,
        "/sparkweb/api/rest/pubsub/subscribe/{node}",
        Access::User,
        buffered!(handlers::pubsub::subscribe),
        "Subscribe to a node; its items arrive as events",
    ),
    Route::new(
        "pubsub_subscribers",
        Method::GET,
        "/sparkweb/api/rest/pubsub/subscribers/{node}",
        Access::User,
        buffered!(handlers::pubsub::subscribers),
        "A node's subscribers (for its owner): {users: [{username, subscription}]}",
    ),
    Route::new(
        "pep_nodes",
        Method::GET,
        "/sparkweb/api/rest/pep/nodes",
        Access::User,
        buffered!(handlers::pubsub::pep_nodes),
        "The user's own PEP nodes",
    ),
    Route::new(
        "pep_publish",
        Method::POST,
        "/sparkweb/api/rest/pep/publish/{node}",
        Access::User,
        buffered!(handlers::pubsub::pep_publish),
        "Publish an item (body: one XML element) to the user's PEP node",
    ),
    Route::new(
        "get_bookmarks",
        Method::GET,
        "/sparkweb/api/rest/bookmarks",
        Access::User,
        buffered!(handlers::bookmarks::all),
        "The user's room bookmarks (XEP-0402): {bookmarks: […]}",
    ),
    Route::new(
        "create_bookmark",
        Method::POST,
        "/sparkweb/api/rest/bookmark",
        Access::User,
        buffered!(handlers::bookmarks::create),
        "Bookmark a room (body: Bookmark with value = the room's JID)",
    ),
    Route::new(
        "get_bookmark",
        Method::GET,
        "/sparkweb/api/rest/bookmark/{bookmarkID}",
        Access::User,
        buffered!(handlers::bookmarks::get),
        "One bookmark",
    ),
    Route::new(
        "update_bookmark",
        Method::PUT,
        "/sparkweb/api/rest/bookmark/{bookmarkID}",
        Access::User,
        buffered!(handlers::bookmarks::update),
        "Change a bookmark's name or properties",
    ),
    Route::new(
        "delete_bookmark",
        Method::DELETE,
        "/sparkweb/api/rest/bookmark/{bookmarkID}",
        Access::User,
        buffered!(handlers::bookmarks::delete),
        "Remove a bookmark",
    ),
    Route::new(
        "set_bookmark_property",
        Method::POST,
        "/sparkweb/api/rest/bookmark/{bookmarkID}/{name}",
        Access::User,
        buffered!(handlers::bookmarks::set),
        "Set a bookmark property (autojoin, nick, password; body: the value)",
    ),
    Route::new(
        "delete_bookmark_property",
        Method::DELETE,
        "/sparkweb/api/rest/bookmark/{bookmarkID}/{name}",
        Access::User,
        buffered!(handlers::bookmarks::unset),
        "Unset a bookmark property",
    ),
    Route::new(
        "sse",
        Method::GET,
        "/sparkweb/api/sse",
        Access::UserStream,
        stream!(handlers::sse::events),
        "Server-Sent Events of the user's XMPP session; resumes after Last-Event-ID",
    )
    .also(&["/sparkweb/sse"]),
    Route::new(
        "webpush_vapid_key",
        Method::GET,
        "/sparkweb/api/rest/webpush/vapidkey",
        Access::User,
        buffered!(handlers::webpush::vapid_key),
        "The VAPID public key browsers subscribe with: {publicKey}",
    ),
    Route::new(
        "webpush_subscribe",
        Method::PUT,
        "/sparkweb/api/rest/webpush/subscribe/{resource}",
        Access::User,
        buffered!(handlers::webpush::subscribe),
        "Store the browser's push subscription (body: PushSubscription JSON) for this resource",
    ),
    Route::new(
        "webpush_subscribers",
        Method::GET,
        "/sparkweb/api/rest/webpush/subscribers",
        Access::User,
        buffered!(handlers::webpush::subscribers),
        "The users with a push subscription: {users: […]}",
    ),
    Route::new(
        "webpush_notify",
        Method::POST,
        "/sparkweb/api/rest/webpush/notify/{target}",
        Access::User,
        buffered!(handlers::webpush::notify),
        "Push a notification (body: NotificationEntity) to every subscription of a user",
    ),
    Route::new(
        "webpush_message",
        Method::POST,
        "/sparkweb/api/rest/webpush/message/{target}",
        Access::User,
        buffered!(handlers::webpush::message),
        "Push a text (the body) with a reply action to every subscription of a user",
    ),
    Route::new(
        "webpush_action",
        Method::POST,
        "/sparkweb/api/rest/webpush/action",
        Access::User,
        buffered!(handlers::webpush::action),
        "A notification's action (body: NotificationActionEntity); webpush.message sends the reply as a chat message",
    ),
    Route::new(
        "userservice",
        Method::GET,
        "/plugins/userService/userservice",
        Access::Public,
        buffered!(handlers::userservice::userservice),
        "Openfire's User Service (type, secret, … as query parameters); answers <result>ok</result> or <error>…</error>",
    )
    .also(&["/plugins/restapi/userservice"]),
    Route::new(
        "userservice_form",
        Method::POST,
        "/plugins/userService/userservice",
        Access::Public,
        buffered!(handlers::userservice::userservice),
        "Openfire's User Service with the parameters as a form body",
    )
    .also(&["/plugins/restapi/userservice"]),
    Route::new(
        "admin_list_users",
        Method::GET,
        "/plugins/restapi/v1/users",
        Access::Admin,
        buffered!(handlers::admin::list_users),
        "The users the gateway knows, ?search= filters by username, name or email",
    ),
    Route::new(
        "admin_create_user",
        Method::POST,
        "/plugins/restapi/v1/users",
        Access::Admin,
        buffered!(handlers::admin::create_user),
        "Create an account ({username, password, name, email}) → 201",
    ),
    Route::new(
        "admin_get_user",
        Method::GET,
        "/plugins/restapi/v1/users/{username}",
        Access::Admin,
        buffered!(handlers::admin::get_user),
        "One user: {username, name, email}",
    ),
    Route::new(
        "admin_update_user",
        Method::PUT,
        "/plugins/restapi/v1/users/{username}",
        Access::Admin,
        buffered!(handlers::admin::update_user),
        "Change a user's name, email or password",
    ),
    Route::new(
        "admin_delete_user",
        Method::DELETE,
        "/plugins/restapi/v1/users/{username}",
        Access::Admin,
        buffered!(handlers::admin::delete_user),
        "Delete the account and what the gateway keeps about it",
    ),
    Route::new(
        "admin_lock_user",
        Method::POST,
        "/plugins/restapi/v1/users/{username}/lockout",
        Access::Admin,
        buffered!(handlers::admin::lock_user),
        "Disable a user: gateway logins refused, live sessions ended → 201",
    ),
    Route::new(
        "admin_unlock_user",
        Method::DELETE,
        "/plugins/restapi/v1/users/{username}/lockout",
        Access::Admin,
        buffered!(handlers::admin::unlock_user),
        "Enable a disabled user again",
    ),
    Route::new(
        "admin_user_groups",
        Method::GET,
        "/plugins/restapi/v1/users/{username}/groups",
        Access::Admin,
        buffered!(handlers::admin::user_groups),
        "The user's groups: {groupname: […]}",
    ),
    Route::new(
        "admin_add_user_groups",
        Method::POST,
        "/plugins/restapi/v1/users/{username}/groups",
        Access::Admin,
        buffered!(handlers::admin::add_user_groups),
        "Add the user to groups ({groupname: […]}, created if missing) → 201",
    ),
    Route::new(
        "admin_remove_user_groups",
        Method::DELETE,
        "/plugins/restapi/v1/users/{username}/groups",
        Access::Admin,
        buffered!(handlers::admin::remove_user_groups),
        "Remove the user from groups ({groupname: […]})",
    ),
    Route::new(
        "admin_get_roster",
        Method::GET,
        "/plugins/restapi/v1/users/{username}/roster",
        Access::Admin,
        buffered!(handlers::admin::get_roster),
        "The user's roster: {rosterItem: [{jid, nickname, subscriptionType, groups}]}",
    ),
    Route::new(
        "admin_add_roster_item",
        Method::POST,
        "/plugins/restapi/v1/users/{username}/roster",
        Access::Admin,
        buffered!(handlers::admin::add_roster_item),
        "Add a contact to the user's roster → 201; 409 when it is there",
    ),
    Route::new(
        "admin_update_roster_item",
        Method::PUT,
        "/plugins/restapi/v1/users/{username}/roster/{jid}",
        Access::Admin,
        buffered!(handlers::admin::update_roster_item),
        "Change a contact in the user's roster",
    ),
    Route::new(
        "admin_delete_roster_item",
        Method::DELETE,
        "/plugins/restapi/v1/users/{username}/roster/{jid}",
        Access::Admin,
        buffered!(handlers::admin::delete_roster_item),
        "Remove a contact from the user's roster",
    ),
    Route::new(
        "admin_list_groups",
        Method::GET,
        "/plugins/restapi/v1/groups",
        Access::Admin,
        buffered!(handlers::admin::list_groups),
        "All groups: {groups: [{name, description, shared}]}",
    ),
    Route::new(
        "admin_create_group",
        Method::POST,
        "/plugins/restapi/v1/groups",
        Access::Admin,
        buffered!(handlers::admin::create_group),
        "Create a group ({name, description, shared}) → 201",
    ),
    Route::new(
        "admin_get_group",
        Method::GET,
        "/plugins/restapi/v1/groups/{name}",
        Access::Admin,
        buffered!(handlers::admin::get_group),
        "One group: {name, description, shared}",
    ),
    Route::new(
        "admin_update_group",
        Method::PUT,
        "/plugins/restapi/v1/groups/{name}",
        Access::Admin,
        buffered!(handlers::admin::update_group),
        "Change a group's description or sharing (rosters follow)",
    ),
    Route::new(
        "admin_delete_group",
        Method::DELETE,
        "/plugins/restapi/v1/groups/{name}",
        Access::Admin,
        buffered!(handlers::admin::delete_group),
        "Delete a group; its members leave it first",
    ),
];

pub fn find(name: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|route| route.name == name)
}

impl Route {
    /// Binds the path parameters of `path` to this route's template (or an alias). The
    /// template is matched against the end of the path, so a stage or function-URL prefix
    /// in front (API Gateway, `cargo lambda watch`) does not matter.
    pub fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        self.paths().find_map(|template| bind(template, path))
    }
}

fn bind(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let template: Vec<&str> = template.trim_matches('/').split('/').collect();
    let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
    let tail = actual.get(actual.len().checked_sub(template.len())?..)?;
    let mut params = Vec::new();
    for (expected, segment) in template.iter().zip(tail) {
        match expected.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => {
                let value = percent_decode_str(segment).decode_utf8().ok()?;
                if value.is_empty() {
                    return None;
                }
                params.push((name.to_string(), value.into_owned()));
            }
            None if expected == segment => {}
            None => return None,
        }
    }
    Some(params)
}

/// Runs one request through a buffered route: bind path parameters, check access, call
/// the handler, turn errors into JSON responses, and log the outcome (never a secret).
pub async fn dispatch(ctx: &Ctx, route: &Route, req: Request) -> Response<Body> {
    let Serve::Buffered(handler) = route.serve else {
        return ApiError::internal().into_response();
    };
    observe(route, async {
        let req = prepare(ctx, route, req).await?;
        handler(ctx, req).await
    })
    .await
    .unwrap_or_else(ApiError::into_response)
}

/// The same for a streaming route; errors before the stream starts are JSON responses too.
pub async fn dispatch_stream(ctx: &Ctx, route: &Route, req: Request) -> StreamResponse {
    let Serve::Stream(handler) = route.serve else {
        return stream_error(ApiError::internal());
    };
    observe(route, async {
        let req = prepare(ctx, route, req).await?;
        handler(ctx, req).await
    })
    .await
    .unwrap_or_else(stream_error)
}

fn stream_error(err: ApiError) -> StreamResponse {
    err.into_response()
        .map(|body| axum::body::Body::from(body.to_vec()))
}

/// Runs `work` in a span carrying the route (and, once known, the user) and logs its outcome.
async fn observe<T>(
    route: &Route,
    work: impl Future<Output = Result<http::Response<T>, ApiError>>,
) -> Result<http::Response<T>, ApiError> {
    let span = tracing::info_span!("request", route = route.name, user = tracing::field::Empty);
    async {
        let started = Instant::now();
        let result = work.await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(response) => tracing::info!(status = response.status().as_u16(), elapsed_ms, "done"),
            // 501 is a deliberate answer (a route this gateway does not offer), not a failure.
            Err(err)
                if err.status.is_server_error()
                    && err.status != http::StatusCode::NOT_IMPLEMENTED =>
            {
                tracing::error!(
                    status = err.status.as_u16(),
                    error = err.error,
                    elapsed_ms,
                    "request failed"
                )
            }
            Err(err) => tracing::info!(
                status = err.status.as_u16(),
                error = err.error,
                elapsed_ms,
                "request refused"
            ),
        }
        result
    }
    .instrument(span)
    .await
}

/// Binds the path parameters and, where the row asks for it, the authenticated caller.
async fn prepare(ctx: &Ctx, route: &Route, req: Request) -> Result<Request, ApiError> {
    let params = route
        .match_path(req.uri().path())
        .ok_or_else(|| ApiError::not_found(format!("No route matches {}.", req.uri().path())))?;
    let mut req = req.with_path_parameters(
        params
            .into_iter()
            .collect::<std::collections::HashMap<_, _>>(),
    );
    let token = match route.access {
        Access::Public => return Ok(req),
        Access::Admin if admin_secret_matches(ctx, &req) => {
            tracing::Span::current().record("user", "(user service secret)");
            return Ok(req);
        }
        Access::User | Access::Admin => bearer_token(req.headers()).map(str::to_string),
        Access::UserStream => bearer_token(req.headers())
            .map(str::to_string)
            .or_else(|| query_token(&req)),
    };
    let principal = Principal::from_token(ctx, token.as_deref()).await?;
    tracing::Span::current().record("user", principal.username.as_str());
    if route.access == Access::Admin && !principal.claims.roles.iter().any(|r| r == ADMIN_ROLE) {
        return Err(ApiError::forbidden(
            "This route is for administrators: use a token of a user in XWG_ADMINS, \
             or the user service secret.",
        ));
    }
    req.extensions_mut().insert(principal);
    Ok(req)
}

/// Whether the `Authorization` header is the enabled user service's shared secret
/// (compared in constant time).
fn admin_secret_matches(ctx: &Ctx, req: &Request) -> bool {
    let service = &ctx.config.user_service;
    let (true, Some(secret)) = (service.enabled, &service.secret) else {
        return false;
    };
    req.headers()
        .get(http::header::AUTHORIZATION)
        .is_some_and(|given| crate::auth::secret_eq(given.as_bytes(), secret.as_bytes()))
}

/// `?token=…`, as SparkWeb's EventSource sends it.
fn query_token(req: &Request) -> Option<String> {
    query_param(req, "token").filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_method_paths_are_unique() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert_ne!(a.name, b.name);
                assert!(
                    a.method != b.method || a.path != b.path,
                    "{} and {}",
                    a.name,
                    b.name
                );
            }
        }
    }

    #[test]
    fn path_parameters_are_bound_and_decoded() {
        let login = find("login").unwrap();
        let bound = login
            .match_path("/sparkweb/api/rest/login/J%C3%BCrgen")
            .unwrap();
        assert_eq!(bound, [("username".to_string(), "Jürgen".to_string())]);
        let prefixed = login
            .match_path("/prod/sparkweb/api/rest/login/ann")
            .unwrap();
        assert_eq!(prefixed[0].1, "ann");
        assert!(login.match_path("/sparkweb/api/rest/login/").is_none());
        assert!(login.match_path("/sparkweb/api/rest/logout").is_none());
        assert!(
            find("get_user")
                .unwrap()
                .match_path("/sparkweb/api/rest/user")
                .unwrap()
                .is_empty()
        );
    }
}
