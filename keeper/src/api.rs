//! The keeper's internal HTTP API: the [`Keeper`] port served to the functions, on a
//! private address, each call authenticated by the shared secret (constant-time compare).
//! The client side is `shared::keeper_client`.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use futures::StreamExt;
use serde::Deserialize;
use shared::keeper::{IqKind, Keeper, KeeperError};
use shared::keeper_client::{QueryAnswer, SECRET_HEADER, WireError};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::presence::Presence;

struct Api {
    keeper: Arc<dyn Keeper>,
    secret: String,
}

type Shared = State<Arc<Api>>;

pub fn router(keeper: Arc<dyn Keeper>, secret: String) -> Router {
    let api = Arc::new(Api { keeper, secret });
    Router::new()
        .route(
            "/users/{user}/credential",
            put(remember_password).delete(forget_user),
        )
        .route(
            "/users/{user}/session",
            put(ensure_session).delete(end_session),
        )
        .route("/users/{user}/send", post(send))
        .route("/users/{user}/iq", post(iq))
        .route("/users/{user}/query", post(query))
        .route("/users/{user}/presence-exchange", post(exchange_presence))
        .route("/users/{user}/events", get(events))
        .route("/admin/command", post(admin_command))
        .route("/privileged/iq", post(privileged_iq))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&api),
            authenticate,
        ))
        .with_state(api)
}

async fn authenticate(State(api): Shared, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if shared::auth::secret_eq(given, api.secret.as_bytes()) {
        next.run(req).await
    } else {
        tracing::warn!("keeper API call without the right secret refused");
        // 403, not 401: a 401 from this API means the user's XMPP credential.
        StatusCode::FORBIDDEN.into_response()
    }
}

fn failure(err: KeeperError) -> Response {
    let status = match err {
        KeeperError::NoCredential | KeeperError::CredentialRefused => StatusCode::UNAUTHORIZED,
        KeeperError::Unavailable(_) => StatusCode::BAD_GATEWAY,
        KeeperError::Timeout => StatusCode::GATEWAY_TIMEOUT,
        KeeperError::XmppError(_) => StatusCode::BAD_REQUEST,
        KeeperError::KeeperUnreachable(_) | KeeperError::NotConfigured(_) => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        KeeperError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    (status, Json(WireError::from(&err))).into_response()
}

fn answer(result: Result<(), KeeperError>) -> Response {
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => failure(err),
    }
}

/// A malformed call: the caller is our own function, so this is a bug on our side.
fn bad_xml(what: &str) -> Response {
    failure(KeeperError::Internal(format!(
        "the keeper API was sent a malformed {what}"
    )))
}

async fn remember_password(
    State(api): Shared,
    Path(user): Path<String>,
    password: String,
) -> Response {
    answer(api.keeper.remember_password(&user, &password).await)
}

async fn forget_user(State(api): Shared, Path(user): Path<String>) -> Response {
    answer(api.keeper.forget_user(&user).await)
}

async fn ensure_session(State(api): Shared, Path(user): Path<String>) -> Response {
    answer(api.keeper.ensure_session(&user).await)
}

async fn end_session(State(api): Shared, Path(user): Path<String>) -> Response {
    answer(api.keeper.end_session(&user).await)
}

async fn send(State(api): Shared, Path(user): Path<String>, xml: String) -> Response {
    let Some(stanza) = xml
        .parse::<Element>()
        .ok()
        .and_then(|e| Stanza::try_from(e).ok())
    else {
        return bad_xml("stanza");
    };
    answer(api.keeper.send(&user, stanza).await)
}

#[derive(Deserialize)]
struct IqQuery {
    kind: String,
    to: Option<String>,
}

/// The parts of an IQ-like call: kind and recipient from the query, payload as the body.
struct IqParts {
    kind: IqKind,
    to: Option<Jid>,
    payload: Element,
}

fn iq_parts(query: IqQuery, xml: &str) -> Result<IqParts, Box<Response>> {
    let kind = match query.kind.as_str() {
        "get" => IqKind::Get,
        "set" => IqKind::Set,
        _ => return Err(Box::new(bad_xml("IQ kind"))),
    };
    let to = match query.to.map(|to| Jid::new(&to)).transpose() {
        Ok(to) => to,
        Err(_) => return Err(Box::new(bad_xml("JID"))),
    };
    let payload = xml
        .parse::<Element>()
        .map_err(|_| Box::new(bad_xml("IQ payload")))?;
    Ok(IqParts { kind, to, payload })
}

fn xml_answer(result: Result<Option<Element>, KeeperError>) -> Response {
    match result {
        Ok(Some(result)) => String::from(&result).into_response(),
        Ok(None) => StatusCode::OK.into_response(),
        Err(err) => failure(err),
    }
}

async fn iq(
    State(api): Shared,
    Path(user): Path<String>,
    Query(query): Query<IqQuery>,
    xml: String,
) -> Response {
    match iq_parts(query, &xml) {
        Ok(IqParts { kind, to, payload }) => {
            xml_answer(api.keeper.iq(&user, to, kind, payload).await)
        }
        Err(bad) => *bad,
    }
}

#[derive(Deserialize)]
struct QueryParams {
    queryid: String,
    to: Option<String>,
}

async fn query(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<QueryParams>,
    xml: String,
) -> Response {
    let Ok(to) = params.to.map(|to| Jid::new(&to)).transpose() else {
        return bad_xml("JID");
    };
    let Ok(payload) = xml.parse::<Element>() else {
        return bad_xml("query payload");
    };
    match api.keeper.query(&user, to, payload, &params.queryid).await {
        Ok((result, messages)) => Json(QueryAnswer {
            result: result.as_ref().map(String::from),
            messages: messages.iter().map(String::from).collect(),
        })
        .into_response(),
        Err(err) => failure(err),
    }
}

#[derive(Deserialize)]
struct ExchangeParams {
    from: String,
}

async fn exchange_presence(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<ExchangeParams>,
    xml: String,
) -> Response {
    let Ok(from) = Jid::new(&params.from) else {
        return bad_xml("JID");
    };
    let Some(presence) = xml
        .parse::<Element>()
        .ok()
        .and_then(|e| Presence::try_from(e).ok())
    else {
        return bad_xml("presence");
    };
    match api.keeper.exchange_presence(&user, presence, from).await {
        Ok(answer) => String::from(&Element::from(answer)).into_response(),
        Err(err) => failure(err),
    }
}

async fn admin_command(State(api): Shared, xml: String) -> Response {
    match xml.parse::<Element>() {
        Ok(command) => xml_answer(api.keeper.admin_command(command).await),
        Err(_) => bad_xml("command"),
    }
}

async fn privileged_iq(State(api): Shared, Query(query): Query<IqQuery>, xml: String) -> Response {
    match iq_parts(query, &xml) {
        Ok(IqParts {
            kind,
            to: Some(to),
            payload,
        }) => xml_answer(api.keeper.privileged_iq(to, kind, payload).await),
        Ok(_) => bad_xml("privileged IQ without a recipient"),
        Err(bad) => *bad,
    }
}

/// Live events as newline-delimited JSON, for as long as the caller reads.
async fn events(State(api): Shared, Path(user): Path<String>) -> Response {
    match api.keeper.subscribe(&user).await {
        Err(err) => failure(err),
        Ok(events) => {
            let lines = events.map(|event| serde_json::to_string(&event).map(|line| line + "\n"));
            Response::builder()
                .header("content-type", "application/x-ndjson")
                .body(Body::from_stream(lines))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}
