//! Running one request through one endpoint: bind the path, authenticate the caller the
//! endpoint names, read its typed parts, call its handler, and turn any error into its JSON
//! response. Each request is logged once, in a span carrying route and user (never a secret).

use std::time::{Duration, Instant};

use axum::body::Body;
use futures::future::BoxFuture;
use http::StatusCode;
use tracing::Instrument;
use utoipa::openapi::path::ParameterIn;

use super::Endpoint;
use super::caller::{Access, Caller};
use super::plugin_xml;
use super::reply::IntoReply;
use super::request::{FromBody, Params, Req, RequestInfo};
use crate::ErrorKind;
use crate::directory::audit;
use crate::scopes::Scope;
use crate::{ApiError, Ctx};

/// A request as the entry points hand it over: the body still unread.
pub type Request = http::Request<Body>;
pub type Response = http::Response<Body>;

/// How long a client may take to send its request body.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) fn serve<E: Endpoint>(
    ctx: &Ctx,
    scope: Option<Scope>,
    req: Request,
) -> BoxFuture<'_, Response> {
    let span = tracing::info_span!(
        "request",
        route = E::META.name,
        user = tracing::field::Empty
    );
    Box::pin(
        async move {
            let started = Instant::now();
            let resource = req.uri().path().to_string();
            let xml = is_plugin(&resource) && plugin_xml::wants_xml(req.headers());
            let result = run::<E>(ctx, scope, req).await;
            log_outcome(&result, started);
            let mut response = result.unwrap_or_else(|err| err.into_response(&resource));
            if xml {
                response = in_plugin_xml(E::META.name, response).await;
            }
            // Answers carry tokens and users' data: no cache keeps them; none is sniffed.
            let headers = response.headers_mut();
            headers
                .entry(http::header::CACHE_CONTROL)
                .or_insert(http::HeaderValue::from_static("no-store"));
            headers.insert(
                http::header::X_CONTENT_TYPE_OPTIONS,
                http::HeaderValue::from_static("nosniff"),
            );
            response
        }
        .instrument(span),
    )
}

async fn run<E: Endpoint>(
    ctx: &Ctx,
    scope: Option<Scope>,
    req: Request,
) -> Result<Response, ApiError> {
    let (mut head, body) = req.into_parts();
    let origin_secret = ctx.config.origin_secret.as_ref().map(|s| s.0.as_str());
    super::edge::admit(origin_secret, &mut head)?;
    let bound = E::META
        .match_path(head.uri.path())
        .ok_or_else(|| ApiError::not_found(format!("No route matches {}.", head.uri.path())))?;
    let caller = E::Caller::authenticate(ctx, &head).await?;
    if let Some(name) = caller.name() {
        tracing::Span::current().record("user", name);
    }
    if let Some(needed) = scope
        && !caller.scopes().allows(needed)
    {
        return Err(missing_scope(needed));
    }
    // A narrowed credential changes no administrator's account (else `admin:users` could
    // set an administrator's password and log in as them, with every scope).
    if E::Caller::ACCESS == Access::Admin
        && head.method != http::Method::GET
        && caller.scopes().listed().is_some()
        && bound
            .iter()
            .any(|(name, user)| name == "username" && names_an_admin(ctx, user))
    {
        return Err(ApiError::forbidden(
            "A narrowed token or a service account's key cannot change an administrator's \
             account: use an administrator's own login, or the User Service secret.",
        ));
    }
    if scope == Some(Scope::Rooms)
        && let Some(rooms) = caller.rooms()
        && !bound
            .iter()
            .any(|(name, room)| name == "roomName" && in_rooms(rooms, room))
    {
        return Err(ApiError::forbidden(
            "This token may reach only the rooms its service account names, on routes that \
             name one.",
        ));
    }
    // An administrator's change goes to the security audit log once it is done.
    let audited =
        (E::Caller::ACCESS == Access::Admin && head.method != http::Method::GET).then(|| {
            let who = caller.name().unwrap_or_default().to_string();
            (who, format!("{} {}", head.method, head.uri.path()))
        });
    let path = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(bound)
        .finish();
    let path = E::Path::parse(&path, ParameterIn::Path)?;
    let query = E::Query::parse(head.uri.query().unwrap_or_default(), ParameterIn::Query)?;
    let mut bytes = if E::Body::READS {
        read_body(body, E::BODY_LIMIT).await?
    } else {
        bytes::Bytes::new()
    };
    if E::Body::JSON && is_plugin(head.uri.path()) && plugin_xml::sends_xml(&head.headers) {
        bytes = xml_as_json(&bytes)?;
    }
    let body = E::Body::from_bytes(bytes)?;
    let req = Req {
        path,
        query,
        body,
        info: RequestInfo::of(head),
    };
    let response = E::handle(ctx, caller, req).await?.into_response()?;
    if let Some((who, details)) = audited
        && let Err(err) = audit::record(ctx, &who, E::META.summary, details).await
    {
        tracing::error!(error = %err, "an administrator's change was not written to the audit log");
    }
    Ok(response)
}

/// Whether a path's `{username}` is one of `XWG_ADMINS`, however it is written.
fn names_an_admin(ctx: &Ctx, user: &str) -> bool {
    let name = user.split('@').next().unwrap_or_default();
    xwg_core::identity::Username::parse(name)
        .is_ok_and(|user| ctx.config.tokens.is_admin(user.as_str()))
}

/// Whether `room` (a name, or `name@service`) is one of `rooms` (named either way).
fn in_rooms(rooms: &[String], room: &str) -> bool {
    let local = |r: &str| r.split('@').next().unwrap_or_default().to_lowercase();
    rooms
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(room) || local(allowed) == local(room))
}

/// 403 for a caller whose token or key lacks the route's scope, naming it.
fn missing_scope(needed: Scope) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorKind::MissingScope,
        format!("This route needs the scope `{needed}`, which this token or key was not given."),
    )
    .with_detail("scope", needed.name())
}

/// Whether the path is one of Openfire's REST API plugin's (which speak XML too).
fn is_plugin(path: &str) -> bool {
    path.starts_with("/plugins/restapi/v1/")
}

/// A REST API plugin entity sent as XML, as the JSON the route reads.
fn xml_as_json(bytes: &[u8]) -> Result<bytes::Bytes, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::bad_request("The XML body is not UTF-8."))?;
    let element = super::request::parse_plugin_xml(text)?;
    Ok(plugin_xml::to_json(&element).to_string().into())
}

/// A JSON answer (or error) in the plugin's XML, for a caller that asked for XML; other
/// answers as they are.
async fn in_plugin_xml(route: &str, response: Response) -> Response {
    let is_json = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !is_json {
        return response;
    }
    let (mut head, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return http::Response::from_parts(head, Body::empty());
    };
    let xml = serde_json::from_slice(&bytes)
        .ok()
        .and_then(|json| plugin_xml::to_xml(route, &json))
        .and_then(|element| xwg_core::protocol::limits::to_xml(&element).ok());
    match xml {
        Some(xml) => {
            head.headers.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/xml"),
            );
            head.headers.remove(http::header::CONTENT_LENGTH);
            http::Response::from_parts(head, Body::from(xml))
        }
        None => http::Response::from_parts(head, Body::from(bytes)),
    }
}

/// Reads the body, refusing one larger than `limit` as soon as it is (413) and one that
/// does not arrive in time (408).
async fn read_body(body: Body, limit: usize) -> Result<bytes::Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadTooLarge,
            format!("This route takes a body of at most {limit} bytes; send less."),
        )
    };
    match tokio::time::timeout(BODY_READ_TIMEOUT, axum::body::to_bytes(body, limit)).await {
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            ErrorKind::RequestTimeout,
            "The request body did not arrive in time; send it again.",
        )),
        Ok(Err(err)) if is_length_limit(&err) => Err(too_large()),
        Ok(Err(_)) => Err(ApiError::bad_request(
            "The request body was cut off; send it again.",
        )),
        Ok(Ok(bytes)) => Ok(bytes),
    }
}

/// Whether reading stopped at the length limit.
fn is_length_limit(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// One log line per request: its status and duration; server-side failures as errors.
fn log_outcome(result: &Result<Response, ApiError>, started: Instant) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(response) => tracing::info!(status = response.status().as_u16(), elapsed_ms, "done"),
        // 501 is a deliberate answer (a route this gateway does not offer), not a failure.
        Err(err) if err.status.is_server_error() && err.status != StatusCode::NOT_IMPLEMENTED => {
            tracing::error!(
                status = err.status.as_u16(),
                error = err.error.name(),
                elapsed_ms,
                "request failed"
            )
        }
        Err(err) => tracing::info!(
            status = err.status.as_u16(),
            error = err.error.name(),
            elapsed_ms,
            "request refused"
        ),
    }
}
