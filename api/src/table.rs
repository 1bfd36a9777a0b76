//! THE route table: every route of the gateway, in the order the OpenAPI document lists
//! them. Each entry is a static (`LOGIN`, …) that a function binary names directly, so the
//! binary links that route's handler and nothing else; [`ROUTES`] lists them all for the
//! local router, the OpenAPI document and the template check.

use utoipa::openapi::OpenApi;

use crate::handlers;
use crate::routes::{Endpoint, Route, openapi};
use xwg_core::grants::{Grants, Secret, TableAccess};

/// The partition-key prefixes of the store, in groups by subject: what a route's grants
/// name (`xwg_core::grants`; a key without `#` is its own prefix).
pub mod prefixes {
    /// The token's login (every authenticated call reads it; logout ends it).
    pub const AUTH: &[&str] = &["login#"];
    /// Failed credential attempts, counted per subject (written on every failure).
    pub const GUESSING: &[&str] = &["limit#"];
    /// An account's state: its incarnation, lock, and the user's own record.
    pub const ACCOUNTS: &[&str] = &["account#", "user#"];
    /// The gateway's list of its users.
    pub const DIRECTORY: &[&str] = &["users"];
    /// Refresh tokens and second-factor tickets of logins being made.
    pub const SIGN_IN: &[&str] = &["refresh#", "stepup#"];
    /// Passkeys and WebAuthn ceremonies in progress.
    pub const PASSKEYS: &[&str] = &["passkeys#", "ceremony#"];
    /// Sealed TOTP secrets.
    pub const TOTP: &[&str] = &["totp#"];
    /// The security audit log (administrators' changes).
    pub const AUDIT: &[&str] = &["audit-log", "audit-log-sequence"];
    /// Shared groups (Openfire's) and their members.
    pub const GROUPS: &[&str] = &["group#", "groups"];
    /// Rooms the admin API manages, the occupants each user's session sees, and the rooms
    /// each user joined.
    pub const ROOMS: &[&str] = &["chatrooms", "occupants#", "rooms#"];
    /// The users' event logs (what streams resume from).
    pub const EVENTS: &[&str] = &["events#"];
    /// Subscription requests waiting for an answer.
    pub const SUBSCRIPTIONS: &[&str] = &["subreq#"];
    /// The contacts' last presence, as the keeper saw it.
    pub const PRESENCE: &[&str] = &["presence#"];
    /// Messages sent with a client-chosen id, and whether the server confirmed each.
    pub const SENT: &[&str] = &["sent#"];
    /// Web Push subscriptions and the VAPID key.
    pub const PUSH: &[&str] = &["push", "push#", "push-users"];
    /// The probe the readiness route reads.
    pub const READINESS: &[&str] = &["readiness"];
    /// The inbox: its entries, the user's choices for each conversation, how current it is.
    pub const INBOX: &[&str] = &["inbox#", "inbox-settings#", "inbox-state#"];
}

/// Declares one static per route (named as the route, upper-cased: checked at compile time)
/// and the list of them all. Each row ends with the route's grants: its table access, the
/// key-prefix groups it reaches and the secrets it uses (`xwg_core::grants`; the template
/// gives its function exactly these, and the dispatcher holds it to them).
macro_rules! table {
    ($(
        $name:ident = $endpoint:path =>
            $table:ident [$($group:ident),*] [$($secret:ident),*]
    ),* $(,)?) => {
        $(
            pub static $name: Route = Route::of::<$endpoint>(Grants {
                route: "",
                table: TableAccess::$table,
                prefixes: &[$(prefixes::$group),*],
                secrets: &[$(Secret::$secret),*],
            });
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
    LOGIN = handlers::login::Login => ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, SIGN_IN] [TokenKeys, KeeperSecret],
    REGISTER = handlers::register::Register => ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, SIGN_IN] [TokenKeys, KeeperSecret],
    TOTP_REGISTER = handlers::totp::TotpRegister => ReadWrite[GUESSING, TOTP] [SealKey, KeeperSecret],
    TOTP_AUTHENTICATE = handlers::totp::TotpAuthenticate => ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, SIGN_IN, TOTP] [TokenKeys, SealKey],
    WEBAUTHN_REGISTER_START = handlers::webauthn::WebauthnRegisterStart => ReadWrite[GUESSING, PASSKEYS] [KeeperSecret],
    WEBAUTHN_REGISTER_FINISH = handlers::webauthn::WebauthnRegisterFinish => ReadWrite[AUTH, ACCOUNTS, DIRECTORY, SIGN_IN, PASSKEYS] [TokenKeys],
    WEBAUTHN_AUTHENTICATE_START = handlers::webauthn::WebauthnAuthenticateStart => ReadWrite[AUTH, ACCOUNTS, DIRECTORY, SIGN_IN, PASSKEYS] [TokenKeys],
    WEBAUTHN_AUTHENTICATE_FINISH = handlers::webauthn::WebauthnAuthenticateFinish => ReadWrite[AUTH, ACCOUNTS, DIRECTORY, SIGN_IN, PASSKEYS] [TokenKeys],
    REFRESH_TOKEN = handlers::tokens::RefreshToken => ReadWrite[AUTH, ACCOUNTS, SIGN_IN] [TokenKeys, KeeperSecret],
    LOGOUT = handlers::login::Logout => ReadWrite[AUTH] [KeeperSecret],
    GET_USER = handlers::user::GetUser => Read[AUTH, DIRECTORY] [],
    POST_CHAT_MESSAGE = handlers::chat::PostChatMessage => ReadWrite[AUTH, SENT] [KeeperSecret],
    CORRECT_CHAT_MESSAGE = handlers::chat::CorrectChatMessage => Read[AUTH] [KeeperSecret],
    RETRACT_CHAT_MESSAGE = handlers::chat::RetractChatMessage => Read[AUTH] [KeeperSecret],
    REACT_TO_CHAT_MESSAGE = handlers::chat::ReactToChatMessage => Read[AUTH] [KeeperSecret],
    MARK_CHAT_MESSAGE_DISPLAYED = handlers::chat::MarkChatMessageDisplayed => Read[AUTH] [KeeperSecret],
    GET_INBOX = handlers::inbox::GetInbox => ReadWrite[AUTH, INBOX, ROOMS] [KeeperSecret],
    UPDATE_CONVERSATION = handlers::inbox::UpdateConversation => ReadWrite[AUTH, INBOX, ROOMS] [KeeperSecret],
    MARK_CONVERSATION_READ = handlers::inbox::MarkConversationRead => ReadWrite[AUTH, INBOX, ROOMS] [KeeperSecret],
    OPENAPI = handlers::openapi::Openapi => None[] [],
    ABOUT = handlers::openapi::About => None[] [],
    GET_ROSTER = handlers::roster::GetRoster => Read[AUTH, PRESENCE] [KeeperSecret],
    ADD_ROSTER_ITEM = handlers::roster::AddRosterItem => ReadWrite[AUTH, SUBSCRIPTIONS] [KeeperSecret],
    UPDATE_ROSTER_ITEM = handlers::roster::UpdateRosterItem => Read[AUTH] [KeeperSecret],
    DELETE_ROSTER_ITEM = handlers::roster::DeleteRosterItem => Read[AUTH] [KeeperSecret],
    GET_SUBSCRIPTION_REQUESTS = handlers::subscriptions::GetSubscriptionRequests => Read[AUTH, SUBSCRIPTIONS] [],
    SUBSCRIPTION = handlers::subscriptions::Subscription => ReadWrite[AUTH, SUBSCRIPTIONS] [KeeperSecret],
    SET_PRESENCE = handlers::presence::SetPresence => Read[AUTH] [KeeperSecret],
    GET_PRESENCE = handlers::presence::GetPresence => Read[AUTH, PRESENCE] [KeeperSecret],
    GET_PRESENCE_ROSTER = handlers::roster::GetPresenceRoster => Read[AUTH, PRESENCE] [KeeperSecret],
    POST_CHAT_STATE = handlers::chat::PostChatState => Read[AUTH] [KeeperSecret],
    POST_STANZA = handlers::stanza::PostStanza => Read[AUTH] [KeeperSecret],
    UPLOAD_SLOT = handlers::upload::UploadSlot => Read[AUTH] [KeeperSecret],
    MEET = handlers::unsupported::Meet => Read[AUTH] [],
    PREVIEW = handlers::unsupported::Preview => Read[AUTH] [],
    GET_PROPERTIES = handlers::settings::GetProperties => Read[AUTH, ACCOUNTS, DIRECTORY, GROUPS] [KeeperSecret],
    SET_PROPERTIES = handlers::settings::SetProperties => ReadWrite[AUTH, DIRECTORY] [KeeperSecret],
    GET_GLOBAL_CONFIG = handlers::settings::GetGlobalConfig => None[] [],
    PUT_USER = handlers::user::PutUser => ReadWrite[AUTH, DIRECTORY] [KeeperSecret],
    GET_CARD = handlers::cards::GetCard => Read[AUTH] [KeeperSecret],
    PUT_AVATAR = handlers::cards::PutAvatar => Read[AUTH] [KeeperSecret],
    DELETE_AVATAR = handlers::cards::DeleteAvatar => Read[AUTH] [KeeperSecret],
    DELETE_USER = handlers::user::DeleteUser => ReadWrite[AUTH, ACCOUNTS, DIRECTORY, EVENTS, SUBSCRIPTIONS] [KeeperSecret],
    SEARCH_USERS = handlers::user::SearchUsers => Read[AUTH, DIRECTORY] [],
    GET_USER_GROUPS = handlers::user::GetUserGroups => Read[AUTH, ACCOUNTS] [],
    JOIN_USER_GROUPS = handlers::user::JoinUserGroups => ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    LEAVE_USER_GROUPS = handlers::user::LeaveUserGroups => ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    JOIN_USER_GROUP = handlers::user::JoinUserGroup => ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    LEAVE_USER_GROUP = handlers::user::LeaveUserGroup => ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    GET_CHAT_MESSAGES = handlers::chat::GetChatMessages => Read[AUTH] [KeeperSecret],
    GROUPCHAT_ROOMS = handlers::groupchat::GroupchatRooms => Read[AUTH] [KeeperSecret],
    GROUPCHAT_ROOM = handlers::groupchat::GroupchatRoom => Read[AUTH] [KeeperSecret],
    GROUPCHAT_JOIN = handlers::groupchat::GroupchatJoin => Read[AUTH] [KeeperSecret],
    GROUPCHAT_LEAVE = handlers::groupchat::GroupchatLeave => ReadWrite[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_POST = handlers::groupchat::GroupchatPost => ReadWrite[AUTH, ROOMS] [KeeperSecret],
    CORRECT_ROOM_MESSAGE = handlers::groupchat::CorrectRoomMessage => ReadWrite[AUTH, ROOMS] [KeeperSecret],
    RETRACT_ROOM_MESSAGE = handlers::groupchat::RetractRoomMessage => ReadWrite[AUTH, ROOMS] [KeeperSecret],
    REACT_TO_ROOM_MESSAGE = handlers::groupchat::ReactToRoomMessage => ReadWrite[AUTH, ROOMS] [KeeperSecret],
    MARK_ROOM_MESSAGE_DISPLAYED = handlers::groupchat::MarkRoomMessageDisplayed => ReadWrite[AUTH, ROOMS] [KeeperSecret],
    MODERATE_ROOM_MESSAGE = handlers::groupchat::ModerateRoomMessage => ReadWrite[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_INVITE = handlers::groupchat::GroupchatInvite => Read[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_OCCUPANTS = handlers::groupchat::GroupchatOccupants => Read[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_PARTICIPANTS = handlers::groupchat::GroupchatParticipants => Read[AUTH, ROOMS] [],
    GROUPCHAT_HISTORY = handlers::groupchat::GroupchatHistory => Read[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_MESSAGES = handlers::groupchat::GroupchatMessages => Read[AUTH, ROOMS] [KeeperSecret],
    PUBSUB_NODES = handlers::pubsub::PubsubNodes => Read[AUTH] [KeeperSecret],
    PUBSUB_CREATE = handlers::pubsub::PubsubCreate => Read[AUTH] [KeeperSecret],
    PUBSUB_PUBLISH = handlers::pubsub::PubsubPublish => Read[AUTH] [KeeperSecret],
    PUBSUB_SUBSCRIBE = handlers::pubsub::PubsubSubscribe => Read[AUTH] [KeeperSecret],
    PUBSUB_SUBSCRIBERS = handlers::pubsub::PubsubSubscribers => Read[AUTH] [KeeperSecret],
    PEP_NODES = handlers::pubsub::PepNodes => Read[AUTH] [KeeperSecret],
    PEP_PUBLISH = handlers::pubsub::PepPublish => Read[AUTH] [KeeperSecret],
    GET_BOOKMARKS = handlers::bookmarks::GetBookmarks => Read[AUTH] [KeeperSecret],
    CREATE_BOOKMARK = handlers::bookmarks::CreateBookmark => Read[AUTH] [KeeperSecret],
    GET_BOOKMARK = handlers::bookmarks::GetBookmark => Read[AUTH] [KeeperSecret],
    UPDATE_BOOKMARK = handlers::bookmarks::UpdateBookmark => Read[AUTH] [KeeperSecret],
    DELETE_BOOKMARK = handlers::bookmarks::DeleteBookmark => Read[AUTH] [KeeperSecret],
    SET_BOOKMARK_PROPERTY = handlers::bookmarks::SetBookmarkProperty => Read[AUTH] [KeeperSecret],
    DELETE_BOOKMARK_PROPERTY = handlers::bookmarks::DeleteBookmarkProperty => Read[AUTH] [KeeperSecret],
    SSE = handlers::sse::Sse => Read[AUTH, DIRECTORY, EVENTS] [KeeperSecret],
    WEBPUSH_VAPID_KEY = handlers::webpush::WebpushVapidKey => ReadWrite[AUTH, PUSH] [SealKey],
    WEBPUSH_SUBSCRIBE = handlers::webpush::WebpushSubscribe => ReadWrite[AUTH, PUSH] [KeeperSecret],
    WEBPUSH_SUBSCRIBERS = handlers::webpush::WebpushSubscribers => Read[AUTH, DIRECTORY, PUSH] [],
    WEBPUSH_NOTIFY = handlers::webpush::WebpushNotify => Read[AUTH, PUSH] [SealKey, KeeperSecret],
    WEBPUSH_MESSAGE = handlers::webpush::WebpushMessage => ReadWrite[AUTH, PUSH] [SealKey, KeeperSecret],
    WEBPUSH_ACTION = handlers::webpush::WebpushAction => Read[AUTH] [KeeperSecret],
    USERSERVICE = handlers::userservice::Userservice => ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, GROUPS, EVENTS, SUBSCRIPTIONS] [KeeperSecret, UserServiceSecret],
    USERSERVICE_FORM = handlers::userservice::UserserviceForm => ReadWrite[GUESSING, ACCOUNTS, DIRECTORY, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_USERS = handlers::admin::AdminListUsers => ReadWrite[AUTH, GUESSING, DIRECTORY] [UserServiceSecret],
    ADMIN_CREATE_USER = handlers::admin::AdminCreateUser => ReadWrite[AUTH, GUESSING, DIRECTORY, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_USER = handlers::admin::AdminGetUser => ReadWrite[AUTH, GUESSING, DIRECTORY] [KeeperSecret, UserServiceSecret],
    ADMIN_UPDATE_USER = handlers::admin::AdminUpdateUser => ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_USER = handlers::admin::AdminDeleteUser => ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, AUDIT, GROUPS, EVENTS, SUBSCRIPTIONS] [KeeperSecret, UserServiceSecret],
    ADMIN_LOCK_USER = handlers::admin::AdminLockUser => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_UNLOCK_USER = handlers::admin::AdminUnlockUser => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_USER_GROUPS = handlers::admin::AdminUserGroups => ReadWrite[AUTH, GUESSING, ACCOUNTS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_USER_GROUPS = handlers::admin::AdminAddUserGroups => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_USER_GROUP = handlers::admin::AdminAddUserGroup => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_USER_GROUPS = handlers::admin::AdminRemoveUserGroups => ReadWrite[AUTH, GUESSING, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_USER_GROUP = handlers::admin::AdminRemoveUserGroup => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_ROSTER = handlers::admin::AdminGetRoster => ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_ROSTER_ITEM = handlers::admin::AdminAddRosterItem => ReadWrite[AUTH, GUESSING, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_UPDATE_ROSTER_ITEM = handlers::admin::AdminUpdateRosterItem => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_ROSTER_ITEM = handlers::admin::AdminDeleteRosterItem => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_GROUPS = handlers::admin::AdminListGroups => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CREATE_GROUP = handlers::admin::AdminCreateGroup => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_GROUP = handlers::admin::AdminGetGroup => ReadWrite[AUTH, GUESSING, GROUPS] [UserServiceSecret],
    ADMIN_UPDATE_GROUP = handlers::admin::AdminUpdateGroup => ReadWrite[AUTH, GUESSING, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_GROUP = handlers::admin::AdminDeleteGroup => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_ROOMS = handlers::chatrooms::AdminListRooms => ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_CREATE_ROOM = handlers::chatrooms::AdminCreateRoom => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_CREATE_ROOMS = handlers::chatrooms::AdminCreateRooms => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_ROOM = handlers::chatrooms::AdminGetRoom => ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_UPDATE_ROOM = handlers::chatrooms::AdminUpdateRoom => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_ROOM = handlers::chatrooms::AdminDeleteRoom => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_OCCUPANTS = handlers::chatrooms::AdminRoomOccupants => ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_PARTICIPANTS = handlers::chatrooms::AdminRoomParticipants => ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_HISTORY = handlers::chatrooms::AdminRoomHistory => ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_INVITE_TO_ROOM = handlers::chatrooms::AdminInviteToRoom => ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_INVITE_MANY_TO_ROOM = handlers::chatrooms::AdminInviteManyToRoom => ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_LIST = handlers::chatrooms::AdminRoomList => ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_TO_ROOM_LIST = handlers::chatrooms::AdminAddToRoomList => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_REPLACE_ROOM_LIST = handlers::chatrooms::AdminReplaceRoomList => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_TO_ROOM = handlers::chatrooms::AdminAddToRoom => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_FROM_ROOM = handlers::chatrooms::AdminRemoveFromRoom => ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_GROUP_TO_ROOM = handlers::chatrooms::AdminAddGroupToRoom => ReadWrite[AUTH, GUESSING, AUDIT, GROUPS, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_GROUP_FROM_ROOM = handlers::chatrooms::AdminRemoveGroupFromRoom => ReadWrite[AUTH, GUESSING, AUDIT, GROUPS, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_CHAT_SERVICES = handlers::chatrooms::AdminChatServices => ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_CREATE_CHAT_SERVICE = handlers::chatrooms::AdminCreateChatService => ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_GET_VCARD = handlers::restapi::AdminGetVcard => ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_PUT_VCARD = handlers::restapi::AdminPutVcard => ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_VCARD = handlers::restapi::AdminDeleteVcard => ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_SESSIONS = handlers::restapi::AdminListSessions => ReadWrite[AUTH, GUESSING, DIRECTORY] [UserServiceSecret],
    ADMIN_USER_SESSIONS = handlers::restapi::AdminUserSessions => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CLOSE_SESSIONS = handlers::restapi::AdminCloseSessions => ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_BROADCAST = handlers::restapi::AdminBroadcast => ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_SESSION_COUNT = handlers::restapi::AdminSessionCount => ReadWrite[AUTH, GUESSING, DIRECTORY] [UserServiceSecret],
    ADMIN_SECURITY_LOG = handlers::restapi::AdminSecurityLog => ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_LIST_PROPERTIES = handlers::unsupported::AdminListProperties => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CREATE_PROPERTY = handlers::unsupported::AdminCreateProperty => ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_GET_PROPERTY = handlers::unsupported::AdminGetProperty => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_UPDATE_PROPERTY = handlers::unsupported::AdminUpdateProperty => ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_DELETE_PROPERTY = handlers::unsupported::AdminDeleteProperty => ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_CLUSTERING_STATUS = handlers::unsupported::AdminClusteringStatus => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CLUSTER_NODES = handlers::unsupported::AdminClusterNodes => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CLUSTER_NODE = handlers::unsupported::AdminClusterNode => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_UNREAD_COUNT = handlers::unsupported::AdminUnreadCount => ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    LIVENESS = handlers::restapi::Liveness => None[] [],
    READINESS = handlers::restapi::Readiness => Read[READINESS] [],
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
    use crate::routes::caller::Access;

    #[test]
    fn grants_follow_from_who_may_call() {
        for route in ROUTES {
            let grants = &route.grants;
            let reaches = |group: &[&str]| grants.prefixes.contains(&group);
            assert_eq!(grants.route, route.name);
            assert_eq!(
                grants.table == TableAccess::None,
                grants.prefixes.is_empty(),
                "{}: a table grant names its prefixes",
                route.name
            );
            if route.access != Access::Public {
                assert!(reaches(prefixes::AUTH), "{}: reads its login", route.name);
            }
            if route.access == Access::Admin {
                // The shared secret is accepted here, and wrong ones are counted.
                assert!(
                    grants.secrets.contains(&Secret::UserServiceSecret),
                    "{}",
                    route.name
                );
                assert!(reaches(prefixes::GUESSING), "{}", route.name);
                assert_eq!(grants.table, TableAccess::ReadWrite, "{}", route.name);
            }
            if reaches(prefixes::GUESSING) || reaches(prefixes::AUDIT) {
                assert_eq!(grants.table, TableAccess::ReadWrite, "{}", route.name);
            }
        }
    }

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
