//! The keeper's internal HTTP API, written once for both sides (`keeper::api` serves it,
//! [`super::client`] calls it): paths, the secret header, parameters, answers, and how a
//! [`KeeperError`] crosses the wire (its serde form as the body, [`KeeperError::wire_status`]
//! as the status). This is the keeper's own transport, not the gateway's public API.

use serde::{Deserialize, Serialize};

use super::{IqKind, KeeperError};

/// The header that carries the shared secret on every call.
pub const SECRET_HEADER: &str = "x-keeper-secret";

/// The paths, in axum's syntax; `{user}` is percent-encoded by [`user_path`].
pub mod paths {
    pub const CREDENTIAL: &str = "/users/{user}/credential";
    pub const SESSION: &str = "/users/{user}/session";
    pub const SEND: &str = "/users/{user}/send";
    pub const IQ: &str = "/users/{user}/iq";
    pub const IQ_AS_USER: &str = "/users/{user}/iq-as-user";
    pub const SEND_AS_USER: &str = "/users/{user}/send-as-user";
    pub const QUERY: &str = "/users/{user}/query";
    pub const PRESENCE_EXCHANGE: &str = "/users/{user}/presence-exchange";
    pub const MESSAGE_EXCHANGE: &str = "/users/{user}/message-exchange";
    pub const EVENTS: &str = "/users/{user}/events";
    pub const LOGINS_ENDED: &str = "/users/{user}/logins-ended";
    pub const ADMIN_COMMAND: &str = "/admin/command";
    pub const ADMIN_ACCOUNT: &str = "/admin/account";
    /// Unauthenticated: whether the keeper serves (the container's health check).
    pub const HEALTH: &str = "/health";
    pub const PRIVILEGED_IQ: &str = "/privileged/iq";
}

/// A user path with the username filled in.
pub fn user_path(template: &str, user: &str) -> String {
    let user: String =
        percent_encoding::utf8_percent_encode(user, percent_encoding::NON_ALPHANUMERIC).collect();
    template.replace("{user}", &user)
}

/// An IQ's type and recipient; the payload is the body (XML).
#[derive(Serialize, Deserialize)]
pub struct IqParams {
    pub kind: IqKind,
    pub to: Option<String>,
}

/// A query's id and recipient; the payload is the body (XML).
#[derive(Serialize, Deserialize)]
pub struct QueryParams {
    pub queryid: String,
    pub to: Option<String>,
}

/// Whose presence answers a directed presence; the presence is the body (XML).
#[derive(Serialize, Deserialize)]
pub struct ExchangeParams {
    pub from: String,
}

/// Whose events a stream takes (its caps count per login and per user).
#[derive(Serialize, Deserialize)]
pub struct EventsParams {
    pub login: String,
}

/// Which login ended (none: every login of the user), and why.
#[derive(Serialize, Deserialize)]
pub struct LoginsEnded {
    pub login: Option<String>,
    pub reason: String,
}

/// Why the session ends.
#[derive(Serialize, Deserialize)]
pub struct EndParams {
    pub reason: String,
}

/// How often the events call writes an empty line when there is nothing to say: a reader
/// that went away is noticed by the next write, and its stream's slot given back.
pub const EVENTS_HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(15);

/// A query's answer: the IQ's result payload and the result messages, as XML texts.
#[derive(Serialize, Deserialize)]
pub struct QueryAnswer {
    pub result: Option<String>,
    pub messages: Vec<String>,
}

impl KeeperError {
    /// The HTTP status a keeper answers this error with on its internal API.
    pub fn wire_status(&self) -> u16 {
        match self {
            KeeperError::NoCredential | KeeperError::CredentialRefused => 401,
            KeeperError::Unavailable(_) | KeeperError::SessionEnded(_) => 502,
            KeeperError::Timeout => 504,
            KeeperError::Xmpp(_) | KeeperError::Unencodable(_) => 400,
            KeeperError::TooLarge { .. } => 413,
            KeeperError::TooManyStreams { .. } => 429,
            KeeperError::KeeperUnreachable(_)
            | KeeperError::NotConfigured(_)
            | KeeperError::Reconnecting
            | KeeperError::StoreUnavailable(_) => 503,
            KeeperError::Internal(_) => 500,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_the_wire_unchanged() {
        let errors = [
            KeeperError::NoCredential,
            KeeperError::Timeout,
            KeeperError::Unavailable("down".into()),
            KeeperError::Xmpp("item-not-found".parse().unwrap()),
            KeeperError::SessionEnded("idle".into()),
            KeeperError::TooLarge { size: 5, max: 4 },
            KeeperError::Reconnecting,
            KeeperError::TooManyStreams {
                limit: 20,
                scope: super::super::StreamScope::Login,
            },
        ];
        for err in errors {
            let json = serde_json::to_string(&err).unwrap();
            assert_eq!(
                serde_json::from_str::<KeeperError>(&json).unwrap(),
                err,
                "{json}"
            );
        }
        assert_eq!(
            serde_json::to_value(KeeperError::Xmpp("conflict".parse().unwrap())).unwrap(),
            serde_json::json!({"kind": "xmpp", "detail": "conflict"})
        );
    }

    #[test]
    fn user_paths_are_encoded() {
        assert_eq!(user_path(paths::SEND, "a/b c"), "/users/a%2Fb%20c/send");
    }
}
