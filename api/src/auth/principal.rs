//! The authenticated caller, as the route dispatcher hands it to handlers.

use http::HeaderMap;

use xwg_core::identity::Username;

use super::AuthError;
use super::Claims;
use super::logins::{self, State};
use crate::Ctx;
use crate::auth::service_accounts;
use crate::scopes::Scopes;

#[derive(Clone, Debug)]
pub struct Principal {
    pub username: Username,
    pub claims: Claims,
    /// The rooms a service account's token is limited to (`None`: any).
    pub rooms: Option<Vec<String>>,
}

impl Principal {
    /// What the token may do: its `scope` claim, or everything without one.
    pub fn scopes(&self) -> Scopes {
        Scopes::from_claim(self.claims.scope.as_deref())
    }

    /// The caller a token proves: signed by us, unexpired, for us, of a live login.
    pub async fn from_token(ctx: &Ctx, token: Option<&str>) -> Result<Principal, AuthError> {
        let token = token.ok_or_else(|| {
            AuthError::NotAuthorized(
                "Send the access token from login in the Authorization header \
                 (`Authorization: <token>` or `Authorization: Bearer <token>`)."
                    .into(),
            )
        })?;
        if token
            .get(..6)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic "))
        {
            // Upstream takes a password on every call; this gateway takes it once.
            return Err(AuthError::NotAuthorized(
                "HTTP Basic authentication is not accepted: log in once (POST \
                 /sparkweb/api/rest/login/{username}) and send the token it answers."
                    .into(),
            ));
        }
        if service_accounts::is_key(token) {
            return Err(AuthError::NotAuthorized(
                "This is a service account's key: trade it for a user's token \
                 (POST /sparkweb/api/rest/service/token/{username}) and send that."
                    .into(),
            ));
        }
        let expired = || {
            AuthError::NotAuthorized(
                "The access token is invalid, expired or logged out; log in again.".into(),
            )
        };
        let claims = ctx.tokens.verify(token, ctx.clock.now()).map_err(|err| {
            tracing::info!(reason = %err, "token refused");
            expired()
        })?;
        // Only the gateway signs tokens, for usernames it parsed: anything else is refused.
        let username = Username::parse(&claims.sub).map_err(|_| expired())?;
        let mut rooms = None;
        if let Some(id) = &claims.svc {
            // A service account's token lives only as long as its account.
            let account = service_accounts::find(ctx.store.as_ref(), id)
                .await?
                .filter(|account| account.may_act_as(&claims.sub))
                .ok_or_else(|| {
                    AuthError::NotAuthorized(
                        "The service account this token was minted for is deleted or no longer \
                         acts as this user."
                            .into(),
                    )
                })?;
            rooms = account.rooms;
        }
        match logins::state(ctx.store.as_ref(), &claims.sub, &claims.sid).await? {
            State::Live => Ok(Principal {
                username,
                claims,
                rooms,
            }),
            State::Ended(why) => Err(AuthError::NotAuthorized(format!(
                "This login has ended ({}); log in again.",
                why.describe()
            ))),
            State::Gone => Err(expired()),
        }
    }
}

/// The token of a request: SparkWeb's `Authorization: <token>` or `Authorization: Bearer <token>`.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim();
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ if value.eq_ignore_ascii_case("bearer") => "",
        _ => value,
    };
    (!token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn both_header_forms_carry_the_token() {
        assert_eq!(bearer_token(&headers("abc.def.ghi")), Some("abc.def.ghi"));
        assert_eq!(
            bearer_token(&headers("Bearer abc.def.ghi")),
            Some("abc.def.ghi")
        );
        assert_eq!(
            bearer_token(&headers("bearer  abc.def.ghi ")),
            Some("abc.def.ghi")
        );
        assert_eq!(bearer_token(&headers("Bearer ")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
