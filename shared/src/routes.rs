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

use crate::auth::principal::bearer_token;
use crate::auth::{Principal, revocation};
use crate::{ApiError, Ctx, handlers};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the route authenticates by its own means, e.g. a password).
    Public,
    /// A user with a valid, unrevoked access token.
    User,
}

pub type Handler = for<'a> fn(&'a Ctx, Request) -> BoxFuture<'a, Result<Response<Body>, ApiError>>;

pub struct Route {
    pub name: &'static str,
    pub method: Method,
    /// The full path, with `{param}` segments (the syntax of OpenAPI and axum alike).
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    pub handler: Handler,
}

/// Wraps `async fn(&Ctx, Request) -> Result<Response<Body>, ApiError>` as a table [`Handler`].
macro_rules! handler {
    ($f:path) => {
        |ctx, req| Box::pin($f(ctx, req))
    };
}

pub static ROUTES: &[Route] = &[
    Route {
        name: "login",
        method: Method::POST,
        path: "/sparkweb/api/rest/login/{username}",
        access: Access::Public,
        summary: "Log in with username and password (the body); returns {token}",
        handler: handler!(handlers::login::login),
    },
    Route {
        name: "logout",
        method: Method::POST,
        path: "/sparkweb/api/rest/logout",
        access: Access::User,
        summary: "Log out: the token used is revoked",
        handler: handler!(handlers::login::logout),
    },
    Route {
        name: "get_user",
        method: Method::GET,
        path: "/sparkweb/api/rest/user",
        access: Access::User,
        summary: "The authenticated user: {username, name, email}",
        handler: handler!(handlers::user::get_user),
    },
];

pub fn find(name: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|route| route.name == name)
}

impl Route {
    /// Binds the path parameters of `path` to this route's template. The template is
    /// matched against the end of the path, so a stage or function-URL prefix in front
    /// (API Gateway, `cargo lambda watch`) does not matter.
    pub fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        let template: Vec<&str> = self.path.trim_matches('/').split('/').collect();
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
}

/// Runs one request through a route: bind path parameters, check access, call the
/// handler, turn errors into JSON responses, and log the outcome (never a secret).
pub async fn dispatch(ctx: &Ctx, route: &Route, req: Request) -> Response<Body> {
    let span = tracing::info_span!("request", route = route.name, user = tracing::field::Empty);
    async {
        let started = Instant::now();
        let response = match call(ctx, route, req).await {
            Ok(response) => response,
            Err(err) => {
                if err.status.is_server_error() {
                    tracing::error!(status = err.status.as_u16(), error = err.error, "request failed");
                } else {
                    tracing::info!(status = err.status.as_u16(), error = err.error, "request refused");
                }
                err.into_response()
            }
        };
        tracing::info!(status = response.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "done");
        response
    }
    .instrument(span)
    .await
}

async fn call(ctx: &Ctx, route: &Route, req: Request) -> Result<Response<Body>, ApiError> {
    let params = route
        .match_path(req.uri().path())
        .ok_or_else(|| ApiError::not_found(format!("No route matches {}.", req.uri().path())))?;
    let mut req = req.with_path_parameters(
        params.into_iter().collect::<std::collections::HashMap<_, _>>(),
    );
    if route.access == Access::User {
        let principal = authenticate(ctx, &req).await?;
        tracing::Span::current().record("user", principal.username.as_str());
        req.extensions_mut().insert(principal);
    }
    (route.handler)(ctx, req).await
}

async fn authenticate(ctx: &Ctx, req: &Request) -> Result<Principal, ApiError> {
    let token = bearer_token(req.headers()).ok_or_else(|| {
        ApiError::unauthorized(
            "Send the access token from login in the Authorization header \
             (`Authorization: <token>` or `Authorization: Bearer <token>`).",
        )
    })?;
    let expired = || ApiError::unauthorized("The access token is invalid, expired or logged out; log in again.");
    let claims = ctx.tokens.verify(token, ctx.clock.now()).map_err(|err| {
        tracing::info!(reason = %err, "token refused");
        expired()
    })?;
    if revocation::is_revoked(ctx.store.as_ref(), &claims.jti).await? {
        return Err(expired());
    }
    Ok(Principal { username: claims.sub.clone(), claims })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_method_paths_are_unique() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert_ne!(a.name, b.name);
                assert!(a.method != b.method || a.path != b.path, "{} and {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn path_parameters_are_bound_and_decoded() {
        let login = find("login").unwrap();
        let bound = login.match_path("/sparkweb/api/rest/login/J%C3%BCrgen").unwrap();
        assert_eq!(bound, [("username".to_string(), "Jürgen".to_string())]);
        let prefixed = login.match_path("/prod/sparkweb/api/rest/login/ann").unwrap();
        assert_eq!(prefixed[0].1, "ann");
        assert!(login.match_path("/sparkweb/api/rest/login/").is_none());
        assert!(login.match_path("/sparkweb/api/rest/logout").is_none());
        assert!(find("get_user").unwrap().match_path("/sparkweb/api/rest/user").unwrap().is_empty());
    }
}
