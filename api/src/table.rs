//! THE route table: every route of the gateway, in the order the OpenAPI document lists
//! them. Each entry is a static (`LOGIN`, …) that a function binary names directly, so the
//! binary links that route's handler and nothing else; [`ROUTES`] lists them all for the
//! local router, the OpenAPI document and the template check.

use utoipa::openapi::OpenApi;

use crate::handlers;
use crate::routes::{Endpoint, Route, openapi};

/// Declares one static per route (named as the route, upper-cased: checked at compile time)
/// and the list of them all.
macro_rules! table {
    ($($name:ident = $endpoint:path),* $(,)?) => {
        $(
            pub static $name: Route = Route::of::<$endpoint>();
            const _: () = assert!(
                same_upper_case(stringify!($name), <$endpoint as Endpoint>::META.name),
                "a route's static is its name in upper case",
            );
        )*

        /// Every route.
        pub static ROUTES: &[&Route] = &[$(&$name),*];
    };
}

/// Whether `upper` is `name` in ASCII upper case.
const fn same_upper_case(upper: &str, name: &str) -> bool {
    let (upper, name) = (upper.as_bytes(), name.as_bytes());
    if upper.len() != name.len() {
        return false;
    }
    let mut i = 0;
    while i < upper.len() {
        if upper[i] != name[i].to_ascii_uppercase() {
            return false;
        }
        i += 1;
    }
    true
}

table! {
    LOGIN = handlers::login::Login,
    REGISTER = handlers::register::Register,
    TOTP_REGISTER = handlers::totp::TotpRegister,
    TOTP_AUTHENTICATE = handlers::totp::TotpAuthenticate,
    WEBAUTHN_REGISTER_START = handlers::webauthn::WebauthnRegisterStart,
    WEBAUTHN_REGISTER_FINISH = handlers::webauthn::WebauthnRegisterFinish,
    WEBAUTHN_AUTHENTICATE_START = handlers::webauthn::WebauthnAuthenticateStart,
    WEBAUTHN_AUTHENTICATE_FINISH = handlers::webauthn::WebauthnAuthenticateFinish,
    REFRESH_TOKEN = handlers::tokens::RefreshToken,
    LOGOUT = handlers::login::Logout,
    GET_USER = handlers::user::GetUser,
    POST_CHAT_MESSAGE = handlers::chat::PostChatMessage,
    OPENAPI = handlers::openapi::Openapi,
    ABOUT = handlers::openapi::About,
    GET_ROSTER = handlers::roster::GetRoster,
    ADD_ROSTER_ITEM = handlers::roster::AddRosterItem,
    UPDATE_ROSTER_ITEM = handlers::roster::UpdateRosterItem,
    DELETE_ROSTER_ITEM = handlers::roster::DeleteRosterItem,
    GET_SUBSCRIPTION_REQUESTS = handlers::subscriptions::GetSubscriptionRequests,
    SUBSCRIPTION = handlers::subscriptions::Subscription,
    SET_PRESENCE = handlers::presence::SetPresence,
    GET_PRESENCE = handlers::presence::GetPresence,
    GET_PRESENCE_ROSTER = handlers::roster::GetPresenceRoster,
    POST_CHAT_STATE = handlers::chat::PostChatState,
    POST_STANZA = handlers::stanza::PostStanza,
    UPLOAD_SLOT = handlers::upload::UploadSlot,
    MEET = handlers::unsupported::Meet,
    PREVIEW = handlers::unsupported::Preview,
    GET_PROPERTIES = handlers::settings::GetProperties,
    SET_PROPERTIES = handlers::settings::SetProperties,
    GET_GLOBAL_CONFIG = handlers::settings::GetGlobalConfig,
    PUT_USER = handlers::user::PutUser,
    DELETE_USER = handlers::user::DeleteUser,
    SEARCH_USERS = handlers::user::SearchUsers,
    GET_USER_GROUPS = handlers::user::GetUserGroups,
    JOIN_USER_GROUPS = handlers::user::JoinUserGroups,
    LEAVE_USER_GROUPS = handlers::user::LeaveUserGroups,
    JOIN_USER_GROUP = handlers::user::JoinUserGroup,
    LEAVE_USER_GROUP = handlers::user::LeaveUserGroup,
    GET_CHAT_MESSAGES = handlers::chat::GetChatMessages,
    GROUPCHAT_ROOMS = handlers::groupchat::GroupchatRooms,
    GROUPCHAT_ROOM = handlers::groupchat::GroupchatRoom,
    GROUPCHAT_JOIN = handlers::groupchat::GroupchatJoin,
    GROUPCHAT_LEAVE = handlers::groupchat::GroupchatLeave,
    GROUPCHAT_POST = handlers::groupchat::GroupchatPost,
    GROUPCHAT_INVITE = handlers::groupchat::GroupchatInvite,
    GROUPCHAT_OCCUPANTS = handlers::groupchat::GroupchatOccupants,
    GROUPCHAT_PARTICIPANTS = handlers::groupchat::GroupchatParticipants,
    GROUPCHAT_HISTORY = handlers::groupchat::GroupchatHistory,
    GROUPCHAT_MESSAGES = handlers::groupchat::GroupchatMessages,
    PUBSUB_NODES = handlers::pubsub::PubsubNodes,
    PUBSUB_CREATE = handlers::pubsub::PubsubCreate,
    PUBSUB_PUBLISH = handlers::pubsub::PubsubPublish,
    PUBSUB_SUBSCRIBE = handlers::pubsub::PubsubSubscribe,
    PUBSUB_SUBSCRIBERS = handlers::pubsub::PubsubSubscribers,
    PEP_NODES = handlers::pubsub::PepNodes,
    PEP_PUBLISH = handlers::pubsub::PepPublish,
    GET_BOOKMARKS = handlers::bookmarks::GetBookmarks,
    CREATE_BOOKMARK = handlers::bookmarks::CreateBookmark,
    GET_BOOKMARK = handlers::bookmarks::GetBookmark,
    UPDATE_BOOKMARK = handlers::bookmarks::UpdateBookmark,
    DELETE_BOOKMARK = handlers::bookmarks::DeleteBookmark,
    SET_BOOKMARK_PROPERTY = handlers::bookmarks::SetBookmarkProperty,
    DELETE_BOOKMARK_PROPERTY = handlers::bookmarks::DeleteBookmarkProperty,
    SSE = handlers::sse::Sse,
    WEBPUSH_VAPID_KEY = handlers::webpush::WebpushVapidKey,
    WEBPUSH_SUBSCRIBE = handlers::webpush::WebpushSubscribe,
    WEBPUSH_SUBSCRIBERS = handlers::webpush::WebpushSubscribers,
    WEBPUSH_NOTIFY = handlers::webpush::WebpushNotify,
    WEBPUSH_MESSAGE = handlers::webpush::WebpushMessage,
    WEBPUSH_ACTION = handlers::webpush::WebpushAction,
    USERSERVICE = handlers::userservice::Userservice,
    USERSERVICE_FORM = handlers::userservice::UserserviceForm,
    ADMIN_LIST_USERS = handlers::admin::AdminListUsers,
    ADMIN_CREATE_USER = handlers::admin::AdminCreateUser,
    ADMIN_GET_USER = handlers::admin::AdminGetUser,
    ADMIN_UPDATE_USER = handlers::admin::AdminUpdateUser,
    ADMIN_DELETE_USER = handlers::admin::AdminDeleteUser,
    ADMIN_LOCK_USER = handlers::admin::AdminLockUser,
    ADMIN_UNLOCK_USER = handlers::admin::AdminUnlockUser,
    ADMIN_USER_GROUPS = handlers::admin::AdminUserGroups,
    ADMIN_ADD_USER_GROUPS = handlers::admin::AdminAddUserGroups,
    ADMIN_ADD_USER_GROUP = handlers::admin::AdminAddUserGroup,
    ADMIN_REMOVE_USER_GROUPS = handlers::admin::AdminRemoveUserGroups,
    ADMIN_REMOVE_USER_GROUP = handlers::admin::AdminRemoveUserGroup,
    ADMIN_GET_ROSTER = handlers::admin::AdminGetRoster,
    ADMIN_ADD_ROSTER_ITEM = handlers::admin::AdminAddRosterItem,
    ADMIN_UPDATE_ROSTER_ITEM = handlers::admin::AdminUpdateRosterItem,
    ADMIN_DELETE_ROSTER_ITEM = handlers::admin::AdminDeleteRosterItem,
    ADMIN_LIST_GROUPS = handlers::admin::AdminListGroups,
    ADMIN_CREATE_GROUP = handlers::admin::AdminCreateGroup,
    ADMIN_GET_GROUP = handlers::admin::AdminGetGroup,
    ADMIN_UPDATE_GROUP = handlers::admin::AdminUpdateGroup,
    ADMIN_DELETE_GROUP = handlers::admin::AdminDeleteGroup,
    ADMIN_LIST_ROOMS = handlers::chatrooms::AdminListRooms,
    ADMIN_CREATE_ROOM = handlers::chatrooms::AdminCreateRoom,
    ADMIN_CREATE_ROOMS = handlers::chatrooms::AdminCreateRooms,
    ADMIN_GET_ROOM = handlers::chatrooms::AdminGetRoom,
    ADMIN_UPDATE_ROOM = handlers::chatrooms::AdminUpdateRoom,
    ADMIN_DELETE_ROOM = handlers::chatrooms::AdminDeleteRoom,
    ADMIN_ROOM_OCCUPANTS = handlers::chatrooms::AdminRoomOccupants,
    ADMIN_ROOM_PARTICIPANTS = handlers::chatrooms::AdminRoomParticipants,
    ADMIN_ROOM_HISTORY = handlers::chatrooms::AdminRoomHistory,
    ADMIN_INVITE_TO_ROOM = handlers::chatrooms::AdminInviteToRoom,
    ADMIN_INVITE_MANY_TO_ROOM = handlers::chatrooms::AdminInviteManyToRoom,
    ADMIN_ROOM_LIST = handlers::chatrooms::AdminRoomList,
    ADMIN_ADD_TO_ROOM_LIST = handlers::chatrooms::AdminAddToRoomList,
    ADMIN_REPLACE_ROOM_LIST = handlers::chatrooms::AdminReplaceRoomList,
    ADMIN_ADD_TO_ROOM = handlers::chatrooms::AdminAddToRoom,
    ADMIN_REMOVE_FROM_ROOM = handlers::chatrooms::AdminRemoveFromRoom,
    ADMIN_ADD_GROUP_TO_ROOM = handlers::chatrooms::AdminAddGroupToRoom,
    ADMIN_REMOVE_GROUP_FROM_ROOM = handlers::chatrooms::AdminRemoveGroupFromRoom,
    ADMIN_CHAT_SERVICES = handlers::chatrooms::AdminChatServices,
    ADMIN_CREATE_CHAT_SERVICE = handlers::chatrooms::AdminCreateChatService,
    ADMIN_GET_VCARD = handlers::restapi::AdminGetVcard,
    ADMIN_PUT_VCARD = handlers::restapi::AdminPutVcard,
    ADMIN_DELETE_VCARD = handlers::restapi::AdminDeleteVcard,
    ADMIN_LIST_SESSIONS = handlers::restapi::AdminListSessions,
    ADMIN_USER_SESSIONS = handlers::restapi::AdminUserSessions,
    ADMIN_CLOSE_SESSIONS = handlers::restapi::AdminCloseSessions,
    ADMIN_BROADCAST = handlers::restapi::AdminBroadcast,
    ADMIN_SESSION_COUNT = handlers::restapi::AdminSessionCount,
    ADMIN_SECURITY_LOG = handlers::restapi::AdminSecurityLog,
    ADMIN_LIST_PROPERTIES = handlers::unsupported::AdminListProperties,
    ADMIN_CREATE_PROPERTY = handlers::unsupported::AdminCreateProperty,
    ADMIN_GET_PROPERTY = handlers::unsupported::AdminGetProperty,
    ADMIN_UPDATE_PROPERTY = handlers::unsupported::AdminUpdateProperty,
    ADMIN_DELETE_PROPERTY = handlers::unsupported::AdminDeleteProperty,
    ADMIN_CLUSTERING_STATUS = handlers::unsupported::AdminClusteringStatus,
    ADMIN_CLUSTER_NODES = handlers::unsupported::AdminClusterNodes,
    ADMIN_CLUSTER_NODE = handlers::unsupported::AdminClusterNode,
    ADMIN_UNREAD_COUNT = handlers::unsupported::AdminUnreadCount,
    LIVENESS = handlers::restapi::Liveness,
    READINESS = handlers::restapi::Readiness,
}

/// The row named `name` (the local router and tests look rows up; function binaries
/// name theirs directly).
pub fn find(name: &str) -> Option<&'static Route> {
    ROUTES.iter().copied().find(|route| route.name == name)
}

/// The OpenAPI document of every route.
pub fn document() -> OpenApi {
    openapi::document(ROUTES)
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
        let bound = LOGIN
            .match_path("/sparkweb/api/rest/login/J%C3%BCrgen")
            .unwrap();
        assert_eq!(bound, [("username".to_string(), "Jürgen".to_string())]);
        let prefixed = LOGIN
            .match_path("/prod/sparkweb/api/rest/login/ann")
            .unwrap();
        assert_eq!(prefixed[0].1, "ann");
        assert!(LOGIN.match_path("/sparkweb/api/rest/login/").is_none());
        assert!(LOGIN.match_path("/sparkweb/api/rest/logout").is_none());
        assert!(
            GET_USER
                .match_path("/sparkweb/api/rest/user")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn every_route_and_alias_is_in_the_document() {
        let doc = serde_json::to_value(document()).unwrap();
        for route in ROUTES {
            for path in route.paths() {
                let operation = &doc["paths"][path][route.method.as_str().to_lowercase()];
                assert_eq!(operation["summary"], route.summary, "{} {path}", route.name);
            }
        }
        let login = &doc["paths"]["/sparkweb/api/rest/login/{username}"]["post"];
        assert_eq!(login["parameters"][0]["name"], "username");
        assert_eq!(login["parameters"][0]["in"], "path");
        assert_eq!(login["security"], serde_json::json!([]));
        assert!(login["requestBody"]["content"]["text/plain"].is_object());
    }
}
