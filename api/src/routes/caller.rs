//! Who may call a route, as a type: the dispatcher authenticates the caller a route's
//! `Endpoint::Caller` names and hands it to the handler, so no handler looks for a token.

use http::request::Parts;

use crate::auth::Principal;
use crate::auth::check_secret;
use crate::auth::password;
use crate::auth::principal::bearer_token;
use crate::auth::service_accounts;
use crate::routes::RequestInfo;
use crate::scopes::Scopes;
use crate::{ApiError, Ctx};
use xwg_core::identity::Username;

/// Who may call a route (derived from its caller type; the OpenAPI security of a route).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the route authenticates by its own means, e.g. a password).
    Public,
    /// A user with a valid, unrevoked access token in the Authorization header.
    User,
    /// As `User`, and the token may also come as `?token=` (an EventSource cannot set headers).
    UserStream,
    /// An administrator: a token with the `admin` role, a service account's key with the
    /// route's scope, or the user service's shared secret as the whole `Authorization`
    /// header (as Openfire's REST API takes it).
    Admin,
    /// A service account's key (`Authorization: Bearer xwgk_…`).
    Service,
}

impl Access {
    /// Its name in the docs and the web SDK's route list.
    pub const fn name(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::User => "user",
            Access::UserStream => "stream",
            Access::Admin => "admin",
            Access::Service => "service",
        }
    }
}

pub trait Caller: Sized + Send + 'static {
    const ACCESS: Access;

    fn authenticate(ctx: &Ctx, head: &Parts)
    -> impl Future<Output = Result<Self, ApiError>> + Send;

    /// Who it is, for the request's log line.
    fn name(&self) -> Option<&str>;

    /// What it may do (a route's scope is checked against it).
    fn scopes(&self) -> Scopes {
        Scopes::all()
    }

    /// The rooms it may reach on rooms routes (`None`: any).
    fn rooms(&self) -> Option<&[String]> {
        None
    }
}

/// A public route's caller: nobody in particular.
pub struct Anyone;

impl Caller for Anyone {
    const ACCESS: Access = Access::Public;

    async fn authenticate(_ctx: &Ctx, _head: &Parts) -> Result<Self, ApiError> {
        Ok(Anyone)
    }

    fn name(&self) -> Option<&str> {
        None
    }
}

/// A user route's caller: the user a token in the Authorization header proves.
impl Caller for Principal {
    const ACCESS: Access = Access::User;

    async fn authenticate(ctx: &Ctx, head: &Parts) -> Result<Self, ApiError> {
        Ok(Principal::from_token(ctx, bearer_token(&head.headers)).await?)
    }

    fn name(&self) -> Option<&str> {
        Some(&self.username)
    }

    fn scopes(&self) -> Scopes {
        self.scopes()
    }

    fn rooms(&self) -> Option<&[String]> {
        self.rooms.as_deref()
    }
}

/// An event stream's caller: as a user route's, or with the token as `?token=` (SparkWeb's
/// EventSource).
pub struct StreamUser(pub Principal);

impl Caller for StreamUser {
    const ACCESS: Access = Access::UserStream;

    async fn authenticate(ctx: &Ctx, head: &Parts) -> Result<Self, ApiError> {
        let token = match bearer_token(&head.headers) {
            Some(token) => Some(token.to_string()),
            None => query_token(head),
        };
        Ok(StreamUser(
            Principal::from_token(ctx, token.as_deref()).await?,
        ))
    }

    fn name(&self) -> Option<&str> {
        Some(&self.0.username)
    }

    fn scopes(&self) -> Scopes {
        self.0.scopes()
    }

    fn rooms(&self) -> Option<&[String]> {
        self.0.rooms.as_deref()
    }
}

/// `?token=…`, as SparkWeb's EventSource sends it.
fn query_token(head: &Parts) -> Option<String> {
    let query = head.uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "token")
        .map(|(_, value)| value.into_owned())
        .filter(|token| !token.is_empty())
}

/// An admin route's caller.
pub enum Admin {
    /// A user whose token carries the admin role.
    User(Box<Principal>),
    /// Whoever holds the enabled user service's shared secret.
    SharedSecret,
    /// A user in XWG_ADMINS giving their username and password (HTTP Basic), as the REST
    /// API plugin's default mode.
    Password(String),
    /// A service account's key (its scopes are checked against the route's).
    Service(Box<ServiceKey>),
}

impl Caller for Admin {
    const ACCESS: Access = Access::Admin;

    async fn authenticate(ctx: &Ctx, head: &Parts) -> Result<Self, ApiError> {
        // Basic credentials first: they are never a guess at the shared secret (which
        // would count them against the secret's per-address limit).
        if let Some((user, password)) = basic_credentials(&head.headers) {
            return admin_password(ctx, head, &user, &password).await;
        }
        if bearer_token(&head.headers).is_some_and(service_accounts::is_key) {
            return Ok(Admin::Service(Box::new(
                ServiceKey::authenticate(ctx, head).await?,
            )));
        }
        if admin_secret_matches(ctx, head).await? {
            return Ok(Admin::SharedSecret);
        }
        let principal = Principal::from_token(ctx, bearer_token(&head.headers)).await?;
        // The configuration of now decides, not the role a token was issued with: a name
        // taken off XWG_ADMINS loses the admin routes at its next call.
        if !ctx.config.tokens.is_admin(&principal.username) {
            return Err(ApiError::forbidden(
                "This route is for administrators: use a token of a user in XWG_ADMINS, \
                 or the user service secret.",
            ));
        }
        Ok(Admin::User(Box::new(principal)))
    }

    fn name(&self) -> Option<&str> {
        match self {
            Admin::User(principal) => Some(&principal.username),
            Admin::SharedSecret => Some("(user service secret)"),
            Admin::Password(user) => Some(user),
            Admin::Service(key) => key.name(),
        }
    }

    fn scopes(&self) -> Scopes {
        match self {
            Admin::User(principal) => principal.scopes(),
            Admin::Service(key) => key.scopes(),
            Admin::SharedSecret | Admin::Password(_) => Scopes::all(),
        }
    }
}

/// A service account's caller: whoever holds one of its live keys.
pub struct ServiceKey {
    pub account: service_accounts::Account,
    /// `service:<name>`, for log lines and the audit log.
    label: String,
}

impl Caller for ServiceKey {
    const ACCESS: Access = Access::Service;

    async fn authenticate(ctx: &Ctx, head: &Parts) -> Result<Self, ApiError> {
        let refused = || {
            ApiError::unauthorized(
                "Send a live service account key as `Authorization: Bearer xwgk_…`.",
            )
        };
        let key = bearer_token(&head.headers)
            .filter(|key| service_accounts::is_key(key))
            .ok_or_else(refused)?;
        let account = service_accounts::authenticate(ctx.store.as_ref(), key)
            .await?
            .ok_or_else(refused)?;
        Ok(ServiceKey {
            label: format!("service:{} ({})", account.name, account.id),
            account,
        })
    }

    fn name(&self) -> Option<&str> {
        Some(&self.label)
    }

    fn scopes(&self) -> Scopes {
        self.account.scopes()
    }

    fn rooms(&self) -> Option<&[String]> {
        self.account.rooms.as_deref()
    }
}

/// Whether the `Authorization` header is the enabled user service's shared secret (compared
/// in constant time; wrong secrets counted per source). A header that is a token (a JWT has
/// three parts) is not a guess at the secret.
/// `Authorization: Basic …`: the username and password it carries.
fn basic_credentials(headers: &http::HeaderMap) -> Option<(String, String)> {
    use base64::Engine;
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let (user, password) = String::from_utf8(decoded)
        .ok()?
        .split_once(':')
        .map(|(u, p)| (u.to_string(), p.to_string()))?;
    Some((user, password))
}

/// An administrator by username and password: one in XWG_ADMINS whose password the XMPP
/// server accepts (guessing is slowed as at login).
async fn admin_password(
    ctx: &Ctx,
    head: &Parts,
    user: &str,
    password: &str,
) -> Result<Admin, ApiError> {
    let refused = || {
        ApiError::unauthorized(
            "HTTP Basic credentials are taken from administrators (XWG_ADMINS) only, with \
             their XMPP password.",
        )
    };
    let username = Username::parse(user).map_err(|_| refused())?;
    if !ctx.config.tokens.is_admin(username.as_str()) {
        return Err(refused());
    }
    let source = RequestInfo::source_of(head);
    password::verify(ctx, source, &username, password).await?;
    Ok(Admin::Password(username.as_str().to_string()))
}

async fn admin_secret_matches(ctx: &Ctx, head: &Parts) -> Result<bool, ApiError> {
    let service = &ctx.config.user_service;
    let (true, Some(secret)) = (service.enabled, &service.secret) else {
        return Ok(false);
    };
    let Some(given) = head.headers.get(http::header::AUTHORIZATION) else {
        return Ok(false);
    };
    if bearer_token(&head.headers).is_some_and(|t| t.split('.').count() == 3) {
        return Ok(false);
    }
    let source = RequestInfo::source_of(head);
    Ok(check_secret(ctx, source, given.as_bytes(), secret.as_bytes()).await?)
}
