//! THE route table: every route of the gateway, in the order the OpenAPI document lists
//! them. Each entry is a static (`LOGIN`, …) that a function binary names directly, so the
//! binary links that route's handler and nothing else; [`ROUTES`] lists them all for the
//! local router, the OpenAPI document and the template check.

use utoipa::openapi::OpenApi;

use crate::handlers;
use crate::routes::{Endpoint, Route, openapi};
use crate::scopes::Scope;
use xwg_core::grants::{Grants, Secret, TableAccess};

/// The partition-key prefixes of the store, in groups by subject: what a route's grants
/// name (`xwg_core::grants`; a key without `#` is its own prefix).
pub mod prefixes {
    /// The token's login (every authenticated call reads it; logout ends it), and the
    /// service accounts (whose keys and tokens are checked on every call that bears one).
    pub const AUTH: &[&str] = &["login#", "services"];
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
    /// Webhooks and the deliveries waiting for each.
    pub const WEBHOOKS: &[&str] = &["webhooks", "hookq#"];
    /// The inbox: its entries, the user's choices for each conversation, how current it is.
    pub const INBOX: &[&str] = &["inbox#", "inbox-settings#", "inbox-state#"];
}

/// Declares one static per route (named as the route, upper-cased: checked at compile time)
/// and the list of them all. Each row names the scope a caller needs (`Open`: none;
/// [`Scope`]) and ends with the route's grants: its table access, the key-prefix groups it
/// reaches and the secrets it uses (`xwg_core::grants`; the template gives its function
/// exactly these, and the dispatcher holds it to them).
macro_rules! table {
    (@scope Open) => { None };
    (@scope $scope:ident) => { Some(Scope::$scope) };
    ($(
        $name:ident = $endpoint:path => $scope:ident
            $table:ident [$($group:ident),*] [$($secret:ident),*]
    ),* $(,)?) => {
        $(
            pub static $name: Route = Route::of::<$endpoint>(table!(@scope $scope), Grants {
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
    LOGIN = handlers::login::Login => Open ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, SIGN_IN] [TokenKeys, KeeperSecret],
    REGISTER = handlers::register::Register => Open ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, SIGN_IN, WEBHOOKS] [TokenKeys, KeeperSecret],
    TOTP_REGISTER = handlers::totp::TotpRegister => Open ReadWrite[GUESSING, TOTP] [SealKey, KeeperSecret],
    TOTP_AUTHENTICATE = handlers::totp::TotpAuthenticate => Open ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, SIGN_IN, TOTP] [TokenKeys, SealKey],
    WEBAUTHN_REGISTER_START = handlers::webauthn::WebauthnRegisterStart => Open ReadWrite[GUESSING, PASSKEYS, WEBHOOKS] [KeeperSecret],
    WEBAUTHN_REGISTER_FINISH = handlers::webauthn::WebauthnRegisterFinish => Open ReadWrite[AUTH, ACCOUNTS, DIRECTORY, SIGN_IN, PASSKEYS] [TokenKeys],
    WEBAUTHN_AUTHENTICATE_START = handlers::webauthn::WebauthnAuthenticateStart => Open ReadWrite[AUTH, ACCOUNTS, DIRECTORY, SIGN_IN, PASSKEYS] [TokenKeys],
    WEBAUTHN_AUTHENTICATE_FINISH = handlers::webauthn::WebauthnAuthenticateFinish => Open ReadWrite[AUTH, ACCOUNTS, DIRECTORY, SIGN_IN, PASSKEYS] [TokenKeys],
    REFRESH_TOKEN = handlers::tokens::RefreshToken => Open ReadWrite[AUTH, ACCOUNTS, SIGN_IN] [TokenKeys, KeeperSecret],
    MINT_TOKEN = handlers::tokens::MintToken => Account ReadWrite[AUTH, ACCOUNTS] [TokenKeys],
    LIST_TOKENS = handlers::tokens::ListTokens => Account Read[AUTH] [],
    REVOKE_TOKEN = handlers::tokens::RevokeToken => Account ReadWrite[AUTH] [KeeperSecret],
    LOGOUT = handlers::login::Logout => Open ReadWrite[AUTH] [KeeperSecret],
    GET_USER = handlers::user::GetUser => Profile Read[AUTH, DIRECTORY] [],
    POST_CHAT_MESSAGE = handlers::chat::PostChatMessage => ChatWrite ReadWrite[AUTH, SENT] [KeeperSecret],
    CORRECT_CHAT_MESSAGE = handlers::chat::CorrectChatMessage => ChatWrite Read[AUTH] [KeeperSecret],
    RETRACT_CHAT_MESSAGE = handlers::chat::RetractChatMessage => ChatWrite Read[AUTH] [KeeperSecret],
    REACT_TO_CHAT_MESSAGE = handlers::chat::ReactToChatMessage => ChatWrite Read[AUTH] [KeeperSecret],
    MARK_CHAT_MESSAGE_DISPLAYED = handlers::chat::MarkChatMessageDisplayed => ChatWrite Read[AUTH] [KeeperSecret],
    GET_INBOX = handlers::inbox::GetInbox => ChatRead ReadWrite[AUTH, INBOX, ROOMS] [KeeperSecret],
    UPDATE_CONVERSATION = handlers::inbox::UpdateConversation => ChatWrite ReadWrite[AUTH, INBOX, ROOMS] [KeeperSecret],
    MARK_CONVERSATION_READ = handlers::inbox::MarkConversationRead => ChatWrite ReadWrite[AUTH, INBOX, ROOMS] [KeeperSecret],
    OPENAPI = handlers::openapi::Openapi => Open None[] [],
    ABOUT = handlers::openapi::About => Open None[] [],
    GET_ROSTER = handlers::roster::GetRoster => Roster Read[AUTH, PRESENCE] [KeeperSecret],
    ADD_ROSTER_ITEM = handlers::roster::AddRosterItem => Roster ReadWrite[AUTH, SUBSCRIPTIONS] [KeeperSecret],
    UPDATE_ROSTER_ITEM = handlers::roster::UpdateRosterItem => Roster Read[AUTH] [KeeperSecret],
    DELETE_ROSTER_ITEM = handlers::roster::DeleteRosterItem => Roster Read[AUTH] [KeeperSecret],
    GET_SUBSCRIPTION_REQUESTS = handlers::subscriptions::GetSubscriptionRequests => Roster Read[AUTH, SUBSCRIPTIONS] [],
    SUBSCRIPTION = handlers::subscriptions::Subscription => Roster ReadWrite[AUTH, SUBSCRIPTIONS] [KeeperSecret],
    SET_PRESENCE = handlers::presence::SetPresence => Roster Read[AUTH] [KeeperSecret],
    GET_PRESENCE = handlers::presence::GetPresence => Roster Read[AUTH, PRESENCE] [KeeperSecret],
    GET_PRESENCE_ROSTER = handlers::roster::GetPresenceRoster => Roster Read[AUTH, PRESENCE] [KeeperSecret],
    POST_CHAT_STATE = handlers::chat::PostChatState => ChatWrite Read[AUTH] [KeeperSecret],
    POST_STANZA = handlers::stanza::PostStanza => Xmpp Read[AUTH] [KeeperSecret],
    UPLOAD_SLOT = handlers::upload::UploadSlot => ChatWrite Read[AUTH] [KeeperSecret],
    MEET = handlers::unsupported::Meet => ChatWrite Read[AUTH] [],
    PREVIEW = handlers::unsupported::Preview => ChatWrite Read[AUTH] [],
    GET_PROPERTIES = handlers::settings::GetProperties => Profile Read[AUTH, ACCOUNTS, DIRECTORY, GROUPS] [KeeperSecret],
    SET_PROPERTIES = handlers::settings::SetProperties => Profile ReadWrite[AUTH, DIRECTORY] [KeeperSecret],
    GET_GLOBAL_CONFIG = handlers::settings::GetGlobalConfig => Open None[] [],
    PUT_USER = handlers::user::PutUser => Profile ReadWrite[AUTH, DIRECTORY] [KeeperSecret],
    GET_CARD = handlers::cards::GetCard => Roster Read[AUTH] [KeeperSecret],
    PUT_AVATAR = handlers::cards::PutAvatar => Profile Read[AUTH] [KeeperSecret],
    DELETE_AVATAR = handlers::cards::DeleteAvatar => Profile Read[AUTH] [KeeperSecret],
    DELETE_USER = handlers::user::DeleteUser => Account ReadWrite[AUTH, ACCOUNTS, DIRECTORY, EVENTS, SUBSCRIPTIONS, WEBHOOKS] [KeeperSecret],
    SEARCH_USERS = handlers::user::SearchUsers => Roster Read[AUTH, DIRECTORY] [],
    GET_USER_GROUPS = handlers::user::GetUserGroups => Profile Read[AUTH, ACCOUNTS] [],
    JOIN_USER_GROUPS = handlers::user::JoinUserGroups => Profile ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    LEAVE_USER_GROUPS = handlers::user::LeaveUserGroups => Profile ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    JOIN_USER_GROUP = handlers::user::JoinUserGroup => Profile ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    LEAVE_USER_GROUP = handlers::user::LeaveUserGroup => Profile ReadWrite[AUTH, ACCOUNTS, GROUPS] [],
    GET_CHAT_MESSAGES = handlers::chat::GetChatMessages => ChatRead Read[AUTH] [KeeperSecret],
    GROUPCHAT_ROOMS = handlers::groupchat::GroupchatRooms => Rooms Read[AUTH] [KeeperSecret],
    GROUPCHAT_ROOM = handlers::groupchat::GroupchatRoom => Rooms Read[AUTH] [KeeperSecret],
    GROUPCHAT_JOIN = handlers::groupchat::GroupchatJoin => Rooms Read[AUTH] [KeeperSecret],
    GROUPCHAT_LEAVE = handlers::groupchat::GroupchatLeave => Rooms ReadWrite[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_POST = handlers::groupchat::GroupchatPost => Rooms ReadWrite[AUTH, ROOMS] [KeeperSecret],
    CORRECT_ROOM_MESSAGE = handlers::groupchat::CorrectRoomMessage => Rooms ReadWrite[AUTH, ROOMS] [KeeperSecret],
    RETRACT_ROOM_MESSAGE = handlers::groupchat::RetractRoomMessage => Rooms ReadWrite[AUTH, ROOMS] [KeeperSecret],
    REACT_TO_ROOM_MESSAGE = handlers::groupchat::ReactToRoomMessage => Rooms ReadWrite[AUTH, ROOMS] [KeeperSecret],
    MARK_ROOM_MESSAGE_DISPLAYED = handlers::groupchat::MarkRoomMessageDisplayed => Rooms ReadWrite[AUTH, ROOMS] [KeeperSecret],
    MODERATE_ROOM_MESSAGE = handlers::groupchat::ModerateRoomMessage => Rooms ReadWrite[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_INVITE = handlers::groupchat::GroupchatInvite => Rooms Read[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_OCCUPANTS = handlers::groupchat::GroupchatOccupants => Rooms Read[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_PARTICIPANTS = handlers::groupchat::GroupchatParticipants => Rooms Read[AUTH, ROOMS] [],
    GROUPCHAT_HISTORY = handlers::groupchat::GroupchatHistory => Rooms Read[AUTH, ROOMS] [KeeperSecret],
    GROUPCHAT_MESSAGES = handlers::groupchat::GroupchatMessages => Rooms Read[AUTH, ROOMS] [KeeperSecret],
    PUBSUB_NODES = handlers::pubsub::PubsubNodes => Pubsub Read[AUTH] [KeeperSecret],
    PUBSUB_CREATE = handlers::pubsub::PubsubCreate => Pubsub Read[AUTH] [KeeperSecret],
    PUBSUB_PUBLISH = handlers::pubsub::PubsubPublish => Pubsub Read[AUTH] [KeeperSecret],
    PUBSUB_SUBSCRIBE = handlers::pubsub::PubsubSubscribe => Pubsub Read[AUTH] [KeeperSecret],
    PUBSUB_SUBSCRIBERS = handlers::pubsub::PubsubSubscribers => Pubsub Read[AUTH] [KeeperSecret],
    PEP_NODES = handlers::pubsub::PepNodes => Pubsub Read[AUTH] [KeeperSecret],
    PEP_PUBLISH = handlers::pubsub::PepPublish => Pubsub Read[AUTH] [KeeperSecret],
    GET_BOOKMARKS = handlers::bookmarks::GetBookmarks => Rooms Read[AUTH] [KeeperSecret],
    CREATE_BOOKMARK = handlers::bookmarks::CreateBookmark => Rooms Read[AUTH] [KeeperSecret],
    GET_BOOKMARK = handlers::bookmarks::GetBookmark => Rooms Read[AUTH] [KeeperSecret],
    UPDATE_BOOKMARK = handlers::bookmarks::UpdateBookmark => Rooms Read[AUTH] [KeeperSecret],
    DELETE_BOOKMARK = handlers::bookmarks::DeleteBookmark => Rooms Read[AUTH] [KeeperSecret],
    SET_BOOKMARK_PROPERTY = handlers::bookmarks::SetBookmarkProperty => Rooms Read[AUTH] [KeeperSecret],
    DELETE_BOOKMARK_PROPERTY = handlers::bookmarks::DeleteBookmarkProperty => Rooms Read[AUTH] [KeeperSecret],
    SSE = handlers::sse::Sse => ChatRead Read[AUTH, DIRECTORY, EVENTS] [KeeperSecret],
    WEBPUSH_VAPID_KEY = handlers::webpush::WebpushVapidKey => Push ReadWrite[AUTH, PUSH] [SealKey],
    WEBPUSH_SUBSCRIBE = handlers::webpush::WebpushSubscribe => Push ReadWrite[AUTH, PUSH] [KeeperSecret],
    WEBPUSH_SUBSCRIBERS = handlers::webpush::WebpushSubscribers => Push Read[AUTH, DIRECTORY, PUSH] [],
    WEBPUSH_NOTIFY = handlers::webpush::WebpushNotify => Push Read[AUTH, PUSH] [SealKey, KeeperSecret],
    WEBPUSH_MESSAGE = handlers::webpush::WebpushMessage => Push ReadWrite[AUTH, PUSH] [SealKey, KeeperSecret],
    WEBPUSH_ACTION = handlers::webpush::WebpushAction => Push Read[AUTH] [KeeperSecret],
    USERSERVICE = handlers::userservice::Userservice => Open ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, GROUPS, EVENTS, SUBSCRIPTIONS, WEBHOOKS] [KeeperSecret, UserServiceSecret],
    USERSERVICE_FORM = handlers::userservice::UserserviceForm => Open ReadWrite[GUESSING, ACCOUNTS, DIRECTORY, GROUPS, WEBHOOKS] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_USERS = handlers::admin::AdminListUsers => AdminRead ReadWrite[AUTH, GUESSING, DIRECTORY] [UserServiceSecret],
    ADMIN_CREATE_USER = handlers::admin::AdminCreateUser => AdminUsers ReadWrite[AUTH, GUESSING, DIRECTORY, AUDIT, WEBHOOKS] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_USER = handlers::admin::AdminGetUser => AdminRead ReadWrite[AUTH, GUESSING, DIRECTORY] [KeeperSecret, UserServiceSecret],
    ADMIN_UPDATE_USER = handlers::admin::AdminUpdateUser => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_USER = handlers::admin::AdminDeleteUser => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, DIRECTORY, AUDIT, GROUPS, EVENTS, SUBSCRIPTIONS, WEBHOOKS] [KeeperSecret, UserServiceSecret],
    ADMIN_LOCK_USER = handlers::admin::AdminLockUser => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_UNLOCK_USER = handlers::admin::AdminUnlockUser => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_USER_GROUPS = handlers::admin::AdminUserGroups => AdminRead ReadWrite[AUTH, GUESSING, ACCOUNTS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_USER_GROUPS = handlers::admin::AdminAddUserGroups => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_USER_GROUP = handlers::admin::AdminAddUserGroup => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_USER_GROUPS = handlers::admin::AdminRemoveUserGroups => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_USER_GROUP = handlers::admin::AdminRemoveUserGroup => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_ROSTER = handlers::admin::AdminGetRoster => AdminRead ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_ROSTER_ITEM = handlers::admin::AdminAddRosterItem => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_UPDATE_ROSTER_ITEM = handlers::admin::AdminUpdateRosterItem => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_ROSTER_ITEM = handlers::admin::AdminDeleteRosterItem => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_GROUPS = handlers::admin::AdminListGroups => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CREATE_GROUP = handlers::admin::AdminCreateGroup => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_GROUP = handlers::admin::AdminGetGroup => AdminRead ReadWrite[AUTH, GUESSING, GROUPS] [UserServiceSecret],
    ADMIN_UPDATE_GROUP = handlers::admin::AdminUpdateGroup => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_GROUP = handlers::admin::AdminDeleteGroup => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT, GROUPS] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_ROOMS = handlers::chatrooms::AdminListRooms => AdminRead ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_CREATE_ROOM = handlers::chatrooms::AdminCreateRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_CREATE_ROOMS = handlers::chatrooms::AdminCreateRooms => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_GET_ROOM = handlers::chatrooms::AdminGetRoom => AdminRead ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_UPDATE_ROOM = handlers::chatrooms::AdminUpdateRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_ROOM = handlers::chatrooms::AdminDeleteRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_OCCUPANTS = handlers::chatrooms::AdminRoomOccupants => AdminRead ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_PARTICIPANTS = handlers::chatrooms::AdminRoomParticipants => AdminRead ReadWrite[AUTH, GUESSING, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_HISTORY = handlers::chatrooms::AdminRoomHistory => AdminRead ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_INVITE_TO_ROOM = handlers::chatrooms::AdminInviteToRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_INVITE_MANY_TO_ROOM = handlers::chatrooms::AdminInviteManyToRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_ROOM_LIST = handlers::chatrooms::AdminRoomList => AdminRead ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_TO_ROOM_LIST = handlers::chatrooms::AdminAddToRoomList => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_REPLACE_ROOM_LIST = handlers::chatrooms::AdminReplaceRoomList => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_TO_ROOM = handlers::chatrooms::AdminAddToRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_FROM_ROOM = handlers::chatrooms::AdminRemoveFromRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_ADD_GROUP_TO_ROOM = handlers::chatrooms::AdminAddGroupToRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, GROUPS, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_REMOVE_GROUP_FROM_ROOM = handlers::chatrooms::AdminRemoveGroupFromRoom => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT, GROUPS, ROOMS] [KeeperSecret, UserServiceSecret],
    ADMIN_CHAT_SERVICES = handlers::chatrooms::AdminChatServices => AdminRead ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_CREATE_CHAT_SERVICE = handlers::chatrooms::AdminCreateChatService => AdminRooms ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_GET_VCARD = handlers::restapi::AdminGetVcard => AdminRead ReadWrite[AUTH, GUESSING] [KeeperSecret, UserServiceSecret],
    ADMIN_PUT_VCARD = handlers::restapi::AdminPutVcard => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_DELETE_VCARD = handlers::restapi::AdminDeleteVcard => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_LIST_SESSIONS = handlers::restapi::AdminListSessions => AdminRead ReadWrite[AUTH, GUESSING, DIRECTORY] [UserServiceSecret],
    ADMIN_USER_SESSIONS = handlers::restapi::AdminUserSessions => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CLOSE_SESSIONS = handlers::restapi::AdminCloseSessions => AdminUsers ReadWrite[AUTH, GUESSING, ACCOUNTS, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_BROADCAST = handlers::restapi::AdminBroadcast => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADMIN_SESSION_COUNT = handlers::restapi::AdminSessionCount => AdminRead ReadWrite[AUTH, GUESSING, DIRECTORY] [UserServiceSecret],
    ADMIN_SECURITY_LOG = handlers::restapi::AdminSecurityLog => AdminRead ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_LIST_PROPERTIES = handlers::unsupported::AdminListProperties => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CREATE_PROPERTY = handlers::unsupported::AdminCreateProperty => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_GET_PROPERTY = handlers::unsupported::AdminGetProperty => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_UPDATE_PROPERTY = handlers::unsupported::AdminUpdateProperty => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_DELETE_PROPERTY = handlers::unsupported::AdminDeleteProperty => AdminUsers ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    ADMIN_CLUSTERING_STATUS = handlers::unsupported::AdminClusteringStatus => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CLUSTER_NODES = handlers::unsupported::AdminClusterNodes => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_CLUSTER_NODE = handlers::unsupported::AdminClusterNode => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    ADMIN_UNREAD_COUNT = handlers::unsupported::AdminUnreadCount => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    CREATE_SERVICE_ACCOUNT = handlers::service_accounts::CreateServiceAccount => AdminIntegrations ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    LIST_SERVICE_ACCOUNTS = handlers::service_accounts::ListServiceAccounts => AdminRead ReadWrite[AUTH, GUESSING] [UserServiceSecret],
    DELETE_SERVICE_ACCOUNT = handlers::service_accounts::DeleteServiceAccount => AdminIntegrations ReadWrite[AUTH, GUESSING, AUDIT] [KeeperSecret, UserServiceSecret],
    ADD_SERVICE_ACCOUNT_KEY = handlers::service_accounts::AddServiceAccountKey => AdminIntegrations ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    RETIRE_SERVICE_ACCOUNT_KEY = handlers::service_accounts::RetireServiceAccountKey => AdminIntegrations ReadWrite[AUTH, GUESSING, AUDIT] [UserServiceSecret],
    SERVICE_ACCOUNT_TOKEN = handlers::service_accounts::ServiceAccountToken => Open ReadWrite[AUTH, ACCOUNTS, AUDIT] [TokenKeys, KeeperSecret],
    CREATE_WEBHOOK = handlers::webhooks::CreateWebhook => AdminIntegrations ReadWrite[AUTH, GUESSING, AUDIT, WEBHOOKS] [UserServiceSecret],
    LIST_WEBHOOKS = handlers::webhooks::ListWebhooks => AdminRead ReadWrite[AUTH, GUESSING, WEBHOOKS] [UserServiceSecret],
    UPDATE_WEBHOOK = handlers::webhooks::UpdateWebhook => AdminIntegrations ReadWrite[AUTH, GUESSING, AUDIT, WEBHOOKS] [UserServiceSecret],
    DELETE_WEBHOOK = handlers::webhooks::DeleteWebhook => AdminIntegrations ReadWrite[AUTH, GUESSING, AUDIT, WEBHOOKS] [UserServiceSecret],
    LIVENESS = handlers::restapi::Liveness => Open None[] [],
    READINESS = handlers::restapi::Readiness => Open Read[READINESS] [],
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
    fn every_route_a_token_or_key_reaches_needs_a_scope_of_its_kind() {
        for route in ROUTES {
            let scope = route.scope;
            match route.access {
                // They check their own credential (a password, a key).
                Access::Public | Access::Service => assert_eq!(scope, None, "{}", route.name),
                // Any token may end its own login.
                Access::User if route.name == "logout" => assert_eq!(scope, None),
                Access::User | Access::UserStream => {
                    let scope = scope.unwrap_or_else(|| panic!("{} names no scope", route.name));
                    assert!(!scope.is_admin(), "{}", route.name);
                }
                Access::Admin => {
                    let scope = scope.unwrap_or_else(|| panic!("{} names no scope", route.name));
                    assert!(scope.is_admin(), "{}", route.name);
                    assert_eq!(
                        scope == Scope::AdminRead,
                        route.method == http::Method::GET,
                        "{}: administrators' reads and only they need admin:read",
                        route.name
                    );
                }
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
