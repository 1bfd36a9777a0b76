//! The wire entities several routes share: SparkWeb's and Openfire's JSON shapes (with
//! their OpenAPI schemas), and the mapping of their encodings (Openfire's subscription
//! codes, archive filters from query strings). Route-specific shapes live with their route.

use serde::{Deserialize, Serialize};
use tokio_xmpp::parsers::date::DateTime;
use tokio_xmpp::parsers::roster::Subscription;
use utoipa::ToSchema;

use crate::ApiError;
use crate::directory::profiles::Profile;
use crate::xmpp::archive::{Filter, MAX_PAGE};
use crate::xmpp::roster::Contact;

/// SparkWeb's `TokenEntity` (`{token}`), plus the refresh token of the login.
#[derive(Serialize, ToSchema)]
pub struct TokenEntity {
    /// The access token (JWT): send it as `Authorization: <token>`.
    pub token: String,
    /// Single use: `POST token/refresh` with it for the next access token.
    #[serde(rename = "refreshToken")]
    pub refresh_token: String,
}

/// SparkWeb's (and Openfire's REST API's) `UserEntity`.
#[derive(Serialize, ToSchema)]
pub struct UserEntity {
    pub username: String,
    pub name: String,
    pub email: String,
}

impl UserEntity {
    pub fn new(username: String, profile: Profile) -> Self {
        Self {
            username,
            name: profile.name,
            email: profile.email,
        }
    }
}

/// SparkWeb's `UserEntities`.
#[derive(Serialize, ToSchema)]
pub struct UserEntities {
    pub users: Vec<UserEntity>,
}

/// SparkWeb's and Openfire's `RosterItemEntity` (`show`/`status` only where presence is known).
#[derive(Serialize, Deserialize, Default, ToSchema)]
pub struct RosterItemEntity {
    #[serde(default)]
    pub jid: Option<String>,
    #[serde(default)]
    pub nickname: Option<String>,
    /// Openfire's codes: -1 remove, 0 none, 1 to, 2 from, 3 both.
    #[serde(rename = "subscriptionType", default)]
    pub subscription_type: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub groups: Option<Vec<String>>,
}

impl From<Contact> for RosterItemEntity {
    fn from(contact: Contact) -> Self {
        Self {
            jid: Some(contact.jid.to_string()),
            nickname: contact.name,
            subscription_type: Some(subscription_code(&contact.subscription)),
            show: None,
            status: None,
            groups: Some(contact.groups),
        }
    }
}

/// Openfire's code of a roster subscription.
pub fn subscription_code(subscription: &Subscription) -> i64 {
    match subscription {
        Subscription::Remove => -1,
        Subscription::None => 0,
        Subscription::To => 1,
        Subscription::From => 2,
        Subscription::Both => 3,
    }
}

/// The subscription of an Openfire code.
pub fn subscription_of(code: i64) -> Option<Subscription> {
    Some(match code {
        -1 => Subscription::Remove,
        0 => Subscription::None,
        1 => Subscription::To,
        2 => Subscription::From,
        3 => Subscription::Both,
        _ => return None,
    })
}

/// An optional `subscriptionType` of a JSON body, checked.
pub fn subscription(code: Option<i64>) -> Result<Option<Subscription>, ApiError> {
    code.map(|code| {
        subscription_of(code).ok_or_else(|| {
            ApiError::bad_request(
                "subscriptionType is -1 (remove), 0 (none), 1 (to), 2 (from) or 3 (both).",
            )
        })
    })
    .transpose()
}

/// A history route's query parameters: `start`, `end` (XEP-0082 date-times, e.g.
/// 2026-11-25T10:00:00Z), `max` (default 100, at most 500), `after` (a page's `last`),
/// `before` (a page's `first`; empty for the last page) and `keywords`.
pub struct HistoryParams<'a> {
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
    pub max: Option<&'a str>,
    pub after: Option<&'a str>,
    pub before: Option<&'a str>,
    pub keywords: Option<&'a str>,
}

/// The archive filter of a history route's query parameters.
pub fn archive_filter(params: HistoryParams<'_>) -> Result<Filter, ApiError> {
    let HistoryParams {
        start,
        end,
        max,
        after,
        before,
        keywords,
    } = params;
    let date = |name: &str, value: Option<&str>| {
        value
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse::<DateTime>().map_err(|_| {
                    ApiError::bad_request(format!(
                        "`{name}` is a date-time like 2026-11-25T10:00:00Z."
                    ))
                })
            })
            .transpose()
    };
    let max = match max.filter(|v| !v.is_empty()) {
        None => 100,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| ApiError::bad_request(format!("`max` is 1 to {MAX_PAGE}.")))?,
    };
    let text = |value: Option<&str>| value.filter(|v| !v.is_empty()).map(str::to_string);
    Ok(Filter {
        with: None,
        start: date("start", start)?,
        end: date("end", end)?,
        max,
        after: text(after),
        // `before=` with no value asks for the last page.
        before: before.map(str::to_string),
        keywords: text(keywords),
    })
}

/// A route's `{username}` path parameter.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UsernamePath {
    /// The XMPP username (the part before the @).
    pub username: String,
}

impl UserEntities {
    /// The users the gateway knows whose username or name (and, `with_emails`, email)
    /// contains `search`. Without emails, they are neither shown nor matched.
    pub async fn matching(
        ctx: &crate::Ctx,
        search: Option<&str>,
        with_emails: bool,
    ) -> Result<Self, ApiError> {
        let users = crate::directory::profiles::list(ctx, search, with_emails)
            .await?
            .into_iter()
            .map(|(username, mut profile)| {
                if !with_emails {
                    profile.email.clear();
                }
                UserEntity::new(username, profile)
            })
            .collect();
        Ok(Self { users })
    }
}

/// `?search=`: a user directory search.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of a username, name or email (any case); all users when absent.
    pub search: Option<String>,
}
