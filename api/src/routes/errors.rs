//! HTTP at the edge: the one error type of every route ([`ApiError`]: a status, a machine
//! name of [`ErrorKind`] — the exception names SparkWeb and Openfire clients expect where
//! there is one — and a message that says what to do next), and every conversion of a
//! layer's typed errors into it. Nothing below `routes/` knows HTTP.

use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;
use utoipa::ToSchema;
use xwg_core::identity::AddressError;
use xwg_core::keeper::{KeeperError, StreamScope};
use xwg_core::protocol::errors::Condition;
use xwg_core::push::PushError;
use xwg_core::store::StoreError;

use crate::auth::AuthError;
use crate::auth::service_accounts::AccountError;
use crate::directory::DirectoryError;
use crate::messages::MessageError;

use super::Response;
use super::reply::with_body;

/// Every machine name an error answer may carry (its `error` field): the exception names
/// SparkWeb and Openfire clients know where there is one, else the gateway's own. Listed in
/// the OpenAPI document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    IllegalArgumentException,
    NotAuthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    PayloadTooLarge,
    TooManyAttempts,
    TooManyStreams,
    InternalError,
    NotImplemented,
    UserNotFoundException,
    UserAlreadyExistsException,
    PasswordIsNull,
    GroupNotFoundException,
    GroupAlreadyExistsException,
    SharedGroupException,
    RequestNotAuthorised,
    UserServiceDisabled,
    UserDisabled,
    TooManyGroups,
    SessionUnavailable,
    SecondFactorRequired,
    FactorNotAccepted,
    PasskeyNotVerified,
    PasskeyExists,
    NoPasskey,
    NoCeremony,
    AlreadyEnrolled,
    ReservedName,
    RegistrationDisabled,
    RegistrationRefused,
    XmppError,
    XmppServerUnavailable,
    XmppServerRefused,
    XmppPrivilegeMissing,
    XmppTimeout,
    XmppReconnecting,
    KeeperUnavailable,
    StoreUnavailable,
    UserAdministrationUnavailable,
    FunctionUnavailable,
    RoomNotFound,
    MucServiceNotFoundException,
    NotAllowedException,
    RoomFull,
    RoomCreationRestricted,
    PasswordRequired,
    Banned,
    MembersOnly,
    NicknameInUse,
    NotInRoom,
    NodeNotFound,
    NodeExists,
    FileTooLarge,
    BookmarkNotFound,
    BookmarkExists,
    NoSubscription,
    NoSubscriptionRequest,
    MissingScope,
}

impl ErrorKind {
    /// Every kind, in the order the OpenAPI document lists them.
    pub const ALL: &[ErrorKind] = &[
        ErrorKind::IllegalArgumentException,
        ErrorKind::NotAuthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::MethodNotAllowed,
        ErrorKind::RequestTimeout,
        ErrorKind::PayloadTooLarge,
        ErrorKind::TooManyAttempts,
        ErrorKind::TooManyStreams,
        ErrorKind::InternalError,
        ErrorKind::NotImplemented,
        ErrorKind::UserNotFoundException,
        ErrorKind::UserAlreadyExistsException,
        ErrorKind::PasswordIsNull,
        ErrorKind::GroupNotFoundException,
        ErrorKind::GroupAlreadyExistsException,
        ErrorKind::SharedGroupException,
        ErrorKind::RequestNotAuthorised,
        ErrorKind::UserServiceDisabled,
        ErrorKind::UserDisabled,
        ErrorKind::TooManyGroups,
        ErrorKind::SessionUnavailable,
        ErrorKind::SecondFactorRequired,
        ErrorKind::FactorNotAccepted,
        ErrorKind::PasskeyNotVerified,
        ErrorKind::PasskeyExists,
        ErrorKind::NoPasskey,
        ErrorKind::NoCeremony,
        ErrorKind::AlreadyEnrolled,
        ErrorKind::ReservedName,
        ErrorKind::RegistrationDisabled,
        ErrorKind::RegistrationRefused,
        ErrorKind::XmppError,
        ErrorKind::XmppServerUnavailable,
        ErrorKind::XmppServerRefused,
        ErrorKind::XmppPrivilegeMissing,
        ErrorKind::XmppTimeout,
        ErrorKind::XmppReconnecting,
        ErrorKind::KeeperUnavailable,
        ErrorKind::StoreUnavailable,
        ErrorKind::UserAdministrationUnavailable,
        ErrorKind::FunctionUnavailable,
        ErrorKind::RoomNotFound,
        ErrorKind::MucServiceNotFoundException,
        ErrorKind::NotAllowedException,
        ErrorKind::RoomFull,
        ErrorKind::RoomCreationRestricted,
        ErrorKind::PasswordRequired,
        ErrorKind::Banned,
        ErrorKind::MembersOnly,
        ErrorKind::NicknameInUse,
        ErrorKind::NotInRoom,
        ErrorKind::NodeNotFound,
        ErrorKind::NodeExists,
        ErrorKind::FileTooLarge,
        ErrorKind::BookmarkNotFound,
        ErrorKind::BookmarkExists,
        ErrorKind::NoSubscription,
        ErrorKind::NoSubscriptionRequest,
        ErrorKind::MissingScope,
    ];

    /// The name on the wire.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::IllegalArgumentException => "IllegalArgumentException",
            ErrorKind::NotAuthorized => "NotAuthorized",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::MethodNotAllowed => "MethodNotAllowed",
            ErrorKind::RequestTimeout => "RequestTimeout",
            ErrorKind::PayloadTooLarge => "PayloadTooLarge",
            ErrorKind::TooManyAttempts => "TooManyAttempts",
            ErrorKind::TooManyStreams => "TooManyStreams",
            ErrorKind::InternalError => "InternalError",
            ErrorKind::NotImplemented => "NotImplemented",
            ErrorKind::UserNotFoundException => "UserNotFoundException",
            ErrorKind::UserAlreadyExistsException => "UserAlreadyExistsException",
            ErrorKind::PasswordIsNull => "PasswordIsNull",
            ErrorKind::GroupNotFoundException => "GroupNotFoundException",
            ErrorKind::GroupAlreadyExistsException => "GroupAlreadyExistsException",
            ErrorKind::SharedGroupException => "SharedGroupException",
            ErrorKind::RequestNotAuthorised => "RequestNotAuthorised",
            ErrorKind::UserServiceDisabled => "UserServiceDisabled",
            ErrorKind::UserDisabled => "UserDisabled",
            ErrorKind::TooManyGroups => "TooManyGroups",
            ErrorKind::SessionUnavailable => "SessionUnavailable",
            ErrorKind::SecondFactorRequired => "SecondFactorRequired",
            ErrorKind::FactorNotAccepted => "FactorNotAccepted",
            ErrorKind::PasskeyNotVerified => "PasskeyNotVerified",
            ErrorKind::PasskeyExists => "PasskeyExists",
            ErrorKind::NoPasskey => "NoPasskey",
            ErrorKind::NoCeremony => "NoCeremony",
            ErrorKind::AlreadyEnrolled => "AlreadyEnrolled",
            ErrorKind::ReservedName => "ReservedName",
            ErrorKind::RegistrationDisabled => "RegistrationDisabled",
            ErrorKind::RegistrationRefused => "RegistrationRefused",
            ErrorKind::XmppError => "XmppError",
            ErrorKind::XmppServerUnavailable => "XmppServerUnavailable",
            ErrorKind::XmppServerRefused => "XmppServerRefused",
            ErrorKind::XmppPrivilegeMissing => "XmppPrivilegeMissing",
            ErrorKind::XmppTimeout => "XmppTimeout",
            ErrorKind::XmppReconnecting => "XmppReconnecting",
            ErrorKind::KeeperUnavailable => "KeeperUnavailable",
            ErrorKind::StoreUnavailable => "StoreUnavailable",
            ErrorKind::UserAdministrationUnavailable => "UserAdministrationUnavailable",
            ErrorKind::FunctionUnavailable => "FunctionUnavailable",
            ErrorKind::RoomNotFound => "RoomNotFoundException",
            ErrorKind::MucServiceNotFoundException => "MUCServiceNotFoundException",
            ErrorKind::NotAllowedException => "NotAllowedException",
            ErrorKind::RoomFull => "RoomFull",
            ErrorKind::RoomCreationRestricted => "RoomCreationRestricted",
            ErrorKind::PasswordRequired => "PasswordRequired",
            ErrorKind::Banned => "Banned",
            ErrorKind::MembersOnly => "MembersOnly",
            ErrorKind::NicknameInUse => "NicknameInUse",
            ErrorKind::NotInRoom => "NotInRoom",
            ErrorKind::NodeNotFound => "NodeNotFound",
            ErrorKind::NodeExists => "NodeExists",
            ErrorKind::FileTooLarge => "FileTooLarge",
            ErrorKind::BookmarkNotFound => "BookmarkNotFound",
            ErrorKind::BookmarkExists => "BookmarkExists",
            ErrorKind::NoSubscription => "NoSubscription",
            ErrorKind::NoSubscriptionRequest => "NoSubscriptionRequest",
            ErrorKind::MissingScope => "MissingScope",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: ErrorKind,
    pub message: String,
    /// Seconds after which trying again makes sense (429, 503).
    pub retry_after: Option<u64>,
    /// Further fields of the error body (a step-up ticket, the factors still needed).
    pub details: Map<String, Value>,
}

/// What every error answers: `{error, message, exception, resource}` (and, for some, further
/// fields). `exception` and `resource` are the names Openfire's REST API plugin gives them
/// (its `ErrorResponse`): its clients raise their typed exceptions from `exception`.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody<'a> {
    /// The machine name: an exception name SparkWeb and Openfire clients know, or ours.
    pub error: &'a str,
    /// What happened and what to do next.
    pub message: &'a str,
    /// The machine name again, under the name Openfire's REST API plugin uses.
    pub exception: &'a str,
    /// The path the request named: on the REST API plugin's routes only (elsewhere a path
    /// may carry a one-time code, e.g. TOTP's, which an answer should not repeat).
    #[serde(skip_serializing_if = "str::is_empty")]
    pub resource: &'a str,
    #[serde(flatten)]
    #[schema(ignore)]
    pub details: &'a Map<String, Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            status,
            error,
            message: message.into(),
            retry_after: None,
            details: Map::new(),
        }
    }

    /// The same error under another machine name.
    pub fn named(mut self, error: ErrorKind) -> Self {
        self.error = error;
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Adds a field to the error body.
    pub fn with_detail(mut self, name: &str, value: impl Serialize) -> Self {
        self.details.insert(
            name.to_string(),
            serde_json::to_value(value).unwrap_or_default(),
        );
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorKind::IllegalArgumentException,
            message,
        )
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorKind::NotAuthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorKind::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorKind::NotFound, message)
    }

    pub fn conflict(error: ErrorKind, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, error, message)
    }

    /// Something on our side failed; the details go to the log, not to the caller.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorKind::InternalError,
            "The gateway failed to complete the request; try again, and report it if it persists.",
        )
    }

    pub fn xmpp_unavailable() -> Self {
        Self::new(
            StatusCode::BAD_GATEWAY,
            ErrorKind::XmppServerUnavailable,
            "The gateway could not reach the XMPP server; try again in a moment.",
        )
    }

    /// The JSON body of this error, about the request for `resource`.
    pub fn body(&self, resource: &str) -> String {
        serde_json::to_string(&ErrorBody {
            error: self.error.name(),
            message: &self.message,
            exception: self.error.name(),
            resource,
            details: &self.details,
        })
        .unwrap_or_default()
    }

    /// The answer to a request for `path` that failed so.
    pub fn into_response(self, path: &str) -> Response {
        let resource = if path.starts_with("/plugins/restapi/v1/") {
            path
        } else {
            ""
        };
        let mut response = with_body(self.status, "application/json", self.body(resource));
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.error,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        tracing::error!(error = %err, "store failure");
        match err {
            StoreError::Unavailable(_) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorKind::StoreUnavailable,
                "The gateway's storage is not answering right now; nothing was changed. Try again in a few seconds.",
            )
            .with_retry_after(5),
            _ => Self::internal(),
        }
    }
}

/// When a refused stream may try again: a closed tab's stream is gone by then (one
/// heartbeat).
const STREAM_RETRY_SECS: u64 = 15;
/// When a call refused during a reconnect may try again (the reconnect's longest wait).
const RECONNECTING_RETRY_SECS: u64 = 5;

impl From<KeeperError> for ApiError {
    fn from(err: KeeperError) -> Self {
        match err {
            KeeperError::NoCredential | KeeperError::CredentialRefused => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorKind::SessionUnavailable,
                "The gateway has no working XMPP password for you; log in with your password again.",
            ),
            KeeperError::Unavailable(reason) => {
                tracing::error!(%reason, "XMPP server unreachable");
                ApiError::xmpp_unavailable()
            }
            KeeperError::SessionEnded(reason) => {
                tracing::warn!(%reason, "session ended during the call");
                ApiError::xmpp_unavailable()
            }
            KeeperError::Timeout => ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                ErrorKind::XmppTimeout,
                "The XMPP server did not answer in time; try again.",
            ),
            KeeperError::Xmpp(condition) => refused(&condition, About::Request),
            KeeperError::TooLarge { size, max } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorKind::PayloadTooLarge,
                format!(
                    "This would be a stanza of {size} bytes; the XMPP server takes at most {max}. \
                     Send less (split a long text, upload a file instead)."
                ),
            ),
            KeeperError::Unencodable(reason) => ApiError::bad_request(format!(
                "This cannot be sent as XML ({reason}); remove control characters such as NUL."
            )),
            KeeperError::StoreUnavailable(reason) => StoreError::Unavailable(reason).into(),
            KeeperError::TooManyStreams { limit, scope } => {
                let whose = match scope {
                    StreamScope::Login => "This login has",
                    StreamScope::User => "You have",
                };
                ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorKind::TooManyStreams,
                    format!(
                        "{whose} {limit} event streams open, the most allowed; close a tab or \
                         window of this app, then try again."
                    ),
                )
                .with_retry_after(STREAM_RETRY_SECS)
            }
            KeeperError::Reconnecting => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorKind::XmppReconnecting,
                "The gateway lost its connection to the XMPP server and is reconnecting; \
                 nothing was sent. Try again in a few seconds (with the same Idempotency-Key).",
            )
            .with_retry_after(RECONNECTING_RETRY_SECS),
            KeeperError::KeeperUnreachable(reason) => {
                tracing::error!(%reason, "session keeper unreachable");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorKind::KeeperUnavailable,
                    "The gateway's session service is not reachable right now; try again shortly.",
                )
                .with_retry_after(5)
            }
            KeeperError::NotConfigured(what) => {
                tracing::error!(%what, "user administration is not configured");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorKind::UserAdministrationUnavailable,
                    format!("User administration is not set up on this gateway ({what})."),
                )
            }
            KeeperError::Internal(reason) => {
                tracing::error!(%reason, "keeper failure");
                ApiError::internal()
            }
        }
    }
}

/// The HTTP error for a keeper's error, an XMPP refusal told in terms of what it was about.
pub fn keeper_refusal(err: KeeperError, about: About<'_>) -> ApiError {
    match err {
        KeeperError::Xmpp(condition) => refused(&condition, about),
        other => other.into(),
    }
}

/// What a refused request was about: the words (and sometimes the status) of the error
/// depend on it.
#[derive(Clone, Copy)]
pub enum About<'a> {
    /// A plain request on the user's session.
    Request,
    /// A room (joining, its info, its archive).
    Room(&'a BareJid),
    /// A pubsub node (`None`: the service itself).
    Node(Option<&'a str>),
    /// An HTTP upload slot.
    Upload,
    /// Another user's roster, through the gateway's admin account (XEP-0356).
    PrivilegedRoster,
}

/// The HTTP error for an XMPP refusal.
pub fn refused(condition: &Condition, about: About<'_>) -> ApiError {
    use DefinedCondition as C;
    let c = &condition.0;
    match about {
        About::Room(room) => {
            let (status, error, message) = match c {
                C::NotAuthorized => (
                    StatusCode::FORBIDDEN,
                    ErrorKind::PasswordRequired,
                    format!("{room} needs a password: send ?password=."),
                ),
                C::Forbidden => (
                    StatusCode::FORBIDDEN,
                    ErrorKind::Banned,
                    format!("You are banned from {room}."),
                ),
                C::RegistrationRequired => (
                    StatusCode::FORBIDDEN,
                    ErrorKind::MembersOnly,
                    format!("{room} is for members only."),
                ),
                C::Conflict => (
                    StatusCode::CONFLICT,
                    ErrorKind::NicknameInUse,
                    format!("Your nickname is taken in {room}."),
                ),
                C::ServiceUnavailable => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorKind::RoomFull,
                    format!("{room} is full, or its service is unavailable."),
                ),
                C::ItemNotFound | C::RemoteServerNotFound => (
                    StatusCode::NOT_FOUND,
                    ErrorKind::RoomNotFound,
                    format!("There is no {room}."),
                ),
                C::NotAllowed => (
                    StatusCode::FORBIDDEN,
                    ErrorKind::RoomCreationRestricted,
                    format!("{room} does not exist and you may not create it."),
                ),
                _ => (
                    StatusCode::BAD_REQUEST,
                    ErrorKind::XmppError,
                    format!("{room} refused ({condition})."),
                ),
            };
            ApiError::new(status, error, message)
        }
        About::Node(node) => {
            let name = node.map_or(String::new(), |n| format!(" `{n}`"));
            match c {
                C::Conflict => ApiError::conflict(
                    ErrorKind::NodeExists,
                    format!("The node{name} exists already."),
                ),
                C::ItemNotFound => ApiError::new(
                    StatusCode::NOT_FOUND,
                    ErrorKind::NodeNotFound,
                    format!("There is no node{name}."),
                ),
                C::Forbidden | C::NotAuthorized => ApiError::forbidden(format!(
                    "The pubsub service does not allow this on the node{name}."
                )),
                _ => ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorKind::XmppError,
                    format!("The pubsub service refused ({condition})."),
                ),
            }
        }
        About::Upload if *c == C::NotAcceptable => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::FileTooLarge,
            "The upload service does not take a file of this size.",
        ),
        About::PrivilegedRoster if *c == C::Forbidden => {
            tracing::error!("the XMPP server did not grant the admin account roster access");
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                ErrorKind::XmppServerRefused,
                "The XMPP server does not let the gateway's admin account manage rosters \
                 (XEP-0356 `roster = \"both\"` for XWG_XMPP_ADMIN_JID).",
            )
        }
        About::Request | About::Upload | About::PrivilegedRoster => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorKind::XmppError,
            format!("The XMPP server refused the request ({condition})."),
        ),
    }
}

/// The HTTP error for something the server does not have.
pub fn not_found(about: About<'_>) -> ApiError {
    refused(&Condition(DefinedCondition::ItemNotFound), about)
}

impl From<AddressError> for ApiError {
    fn from(err: AddressError) -> Self {
        ApiError::bad_request(err.to_string())
    }
}

impl From<PushError> for ApiError {
    fn from(err: PushError) -> Self {
        match err {
            PushError::BadSubscription(why) => ApiError::bad_request(why),
            PushError::TooLarge { .. } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorKind::PayloadTooLarge,
                err.to_string(),
            ),
            PushError::BrokenKey => ApiError::internal(),
            PushError::Store(err) => err.into(),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::NotAuthorized(message) => ApiError::unauthorized(message),
            AuthError::Invalid(message) => ApiError::bad_request(message),
            AuthError::TooManyAttempts {
                message,
                retry_after,
            } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorKind::TooManyAttempts,
                message,
            )
            .with_retry_after(retry_after),
            AuthError::Locked => ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorKind::UserDisabled,
                err.to_string(),
            ),
            AuthError::SecondFactorRequired {
                ref ticket,
                ref needed,
            } => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorKind::SecondFactorRequired,
                err.to_string(),
            )
            .with_detail("ticket", ticket)
            .with_detail("needed", needed),
            AuthError::FactorNotAccepted => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorKind::FactorNotAccepted,
                err.to_string(),
            ),
            AuthError::XmppUnavailable(_) => ApiError::xmpp_unavailable(),
            AuthError::Signing => ApiError::internal(),
            AuthError::NotGranted(err) => {
                tracing::error!(error = %err, "a route reached beyond its grants");
                ApiError::internal()
            }
            AuthError::Store(err) => err.into(),
            AuthError::Keeper(err) => err.into(),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::NotFound(message) => ApiError::not_found(message),
            AccountError::Conflict(message) => {
                ApiError::conflict(ErrorKind::NotAllowedException, message)
            }
            AccountError::Store(err) => err.into(),
        }
    }
}

impl From<DirectoryError> for ApiError {
    fn from(err: DirectoryError) -> Self {
        let message = err.to_string();
        let named = |status: StatusCode, kind: ErrorKind| ApiError::new(status, kind, &message);
        match err {
            DirectoryError::UserNotFound(_) | DirectoryError::RosterItemNotFound { .. } => {
                named(StatusCode::NOT_FOUND, ErrorKind::UserNotFoundException)
            }
            DirectoryError::UserExists(_)
            | DirectoryError::NameTaken(_)
            | DirectoryError::RosterItemExists { .. } => {
                named(StatusCode::CONFLICT, ErrorKind::UserAlreadyExistsException)
            }
            DirectoryError::GroupNotFound(_) => {
                named(StatusCode::NOT_FOUND, ErrorKind::GroupNotFoundException)
            }
            DirectoryError::GroupExists(_) => {
                named(StatusCode::CONFLICT, ErrorKind::GroupAlreadyExistsException)
            }
            DirectoryError::SharedGroup { .. } => {
                named(StatusCode::CONFLICT, ErrorKind::SharedGroupException)
            }
            DirectoryError::Invalid(_) => ApiError::bad_request(message),
            DirectoryError::Refused { .. } => {
                named(StatusCode::BAD_GATEWAY, ErrorKind::XmppServerRefused)
            }
            DirectoryError::Privileged(err) => keeper_refusal(err, About::PrivilegedRoster),
            // The server cannot do it for the gateway: not the caller's fault, not a fault.
            DirectoryError::NotGranted { .. } => {
                named(StatusCode::NOT_IMPLEMENTED, ErrorKind::XmppPrivilegeMissing)
            }
            DirectoryError::RegistrationDisabled => {
                named(StatusCode::FORBIDDEN, ErrorKind::RegistrationDisabled)
            }
            DirectoryError::ReservedName(_) => {
                named(StatusCode::FORBIDDEN, ErrorKind::ReservedName)
            }
            DirectoryError::RegistrationRefused(_) => {
                named(StatusCode::FORBIDDEN, ErrorKind::RegistrationRefused)
            }
            DirectoryError::XmppUnavailable(_) => ApiError::xmpp_unavailable(),
            // The first failure's status and name, with the whole story as the message.
            DirectoryError::PartlyApplied { error, .. } => ApiError {
                message,
                ..ApiError::from(*error)
            },
            DirectoryError::Auth(err) => err.into(),
            DirectoryError::Address(err) => err.into(),
            DirectoryError::Keeper(err) => err.into(),
            DirectoryError::Store(err) => err.into(),
        }
    }
}

impl From<MessageError> for ApiError {
    fn from(err: MessageError) -> Self {
        match err {
            MessageError::Invalid(message) => ApiError::bad_request(message),
            MessageError::Keeper(err) => err.into(),
            MessageError::Store(err) => err.into(),
            MessageError::NoSuchMessage(message) => ApiError::not_found(message),
            MessageError::NotTheSender(message) => ApiError::forbidden(message),
            MessageError::Unsupported(message) => ApiError::new(
                StatusCode::NOT_IMPLEMENTED,
                ErrorKind::NotImplemented,
                message,
            ),
        }
    }
}

/// A failure on the gateway's side (its store, the XMPP server), after which a
/// registration is undone; a refusal of the caller's input is not one.
impl crate::directory::registration::GatewayFailure for ApiError {
    fn on_gateway_side(&self) -> bool {
        self.status.is_server_error()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_they_are_about() {
        let room: BareJid = "r@conference.x".parse().unwrap();
        let auth: Condition = "not-authorized".parse().unwrap();
        assert_eq!(
            refused(&auth, About::Room(&room)).error,
            ErrorKind::PasswordRequired
        );
        let conflict: Condition = "conflict".parse().unwrap();
        assert_eq!(refused(&conflict, About::Node(Some("n"))).status, 409);
        let big: Condition = "not-acceptable".parse().unwrap();
        assert_eq!(refused(&big, About::Upload).status, 413);
        assert_eq!(refused(&big, About::Request).error, ErrorKind::XmppError);
    }

    #[test]
    fn every_kind_has_its_own_name() {
        let names: std::collections::HashSet<&str> =
            ErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
    }
}
