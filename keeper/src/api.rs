//! The keeper's internal HTTP API: the [`Keeper`] port served to the functions, on a
//! private address, each call authenticated by the shared secret (constant-time compare).
//! The protocol is `xwg_core::keeper::wire`, the client `xwg_core::keeper::KeeperClient`.

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
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;
use xwg_core::config::KeeperSecrets;
use xwg_core::keeper::wire::{
    EVENTS_HEARTBEAT, EndParams, EventsParams, ExchangeParams, IqParams, LoginsEnded, QueryAnswer,
    QueryParams, SECRET_HEADER, paths,
};
use xwg_core::keeper::{Keeper, KeeperError};

struct Api {
    keeper: Arc<dyn Keeper>,
    secrets: KeeperSecrets,
}

type Shared = State<Arc<Api>>;

pub fn router(keeper: Arc<dyn Keeper>, secrets: KeeperSecrets) -> Router {
    let api = Arc::new(Api { keeper, secrets });
    Router::new()
        .route(
            paths::CREDENTIAL,
            put(remember_password).delete(forget_user),
        )
        .route(paths::SESSION, put(ensure_session).delete(end_session))
        .route(paths::SEND, post(send))
        .route(paths::IQ, post(iq))
        .route(paths::QUERY, post(query))
        .route(paths::PRESENCE_EXCHANGE, post(exchange_presence))
        .route(paths::MESSAGE_EXCHANGE, post(exchange_message))
        .route(paths::EVENTS, get(events))
        .route(paths::LOGINS_ENDED, post(end_logins))
        .route(paths::ADMIN_COMMAND, post(admin_command))
        .route(paths::ADMIN_ACCOUNT, get(admin_account))
        .route(paths::PRIVILEGED_IQ, post(privileged_iq))
        .route(paths::IQ_AS_USER, post(iq_as_user))
        .route(paths::SEND_AS_USER, post(send_as_user))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&api),
            authenticate,
        ))
        .route(paths::HEALTH, get(|| async { "ok" }))
        .with_state(api)
}

async fn authenticate(State(api): Shared, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if api.secrets.accepts(given) {
        next.run(req).await
    } else {
        tracing::warn!("keeper API call without the right secret refused");
        // 403, not 401: a 401 from this API means the user's XMPP credential.
        StatusCode::FORBIDDEN.into_response()
    }
}

fn failure(err: KeeperError) -> Response {
    let status =
        StatusCode::from_u16(err.wire_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(err)).into_response()
}

fn answer(result: Result<(), KeeperError>) -> Response {
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => failure(err),
    }
}

/// A malformed call: the caller is our own function, so this is a bug on our side.
struct Malformed(&'static str);

impl IntoResponse for Malformed {
    fn into_response(self) -> Response {
        failure(KeeperError::Internal(format!(
            "the keeper API was sent a malformed {}",
            self.0
        )))
    }
}

fn xml(text: &str, what: &'static str) -> Result<Element, Malformed> {
    text.parse::<Element>().map_err(|_| Malformed(what))
}

fn jid(text: &str) -> Result<Jid, Malformed> {
    Jid::new(text).map_err(|_| Malformed("JID"))
}

/// An optional recipient.
fn recipient(to: Option<&str>) -> Result<Option<Jid>, Malformed> {
    to.map(jid).transpose()
}

fn xml_answer(result: Result<Option<Element>, KeeperError>) -> Response {
    match result {
        Ok(Some(result)) => String::from(&result).into_response(),
        Ok(None) => StatusCode::OK.into_response(),
        Err(err) => failure(err),
    }
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

async fn end_session(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<EndParams>,
) -> Response {
    answer(api.keeper.end_session(&user, &params.reason).await)
}

async fn end_logins(
    State(api): Shared,
    Path(user): Path<String>,
    Json(ended): Json<LoginsEnded>,
) -> Response {
    let login = ended.login.as_deref();
    answer(api.keeper.end_logins(&user, login, &ended.reason).await)
}

async fn send(
    State(api): Shared,
    Path(user): Path<String>,
    body: String,
) -> Result<Response, Malformed> {
    let stanza = Stanza::try_from(xml(&body, "stanza")?).map_err(|_| Malformed("stanza"))?;
    Ok(match api.keeper.send(&user, stanza).await {
        Ok(delivery) => Json(delivery).into_response(),
        Err(err) => failure(err),
    })
}

async fn iq(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<IqParams>,
    body: String,
) -> Result<Response, Malformed> {
    let to = recipient(params.to.as_deref())?;
    let payload = xml(&body, "IQ payload")?;
    Ok(xml_answer(
        api.keeper.iq(&user, to, params.kind, payload).await,
    ))
}

async fn query(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<QueryParams>,
    body: String,
) -> Result<Response, Malformed> {
    let to = recipient(params.to.as_deref())?;
    let payload = xml(&body, "query payload")?;
    Ok(
        match api.keeper.query(&user, to, payload, &params.queryid).await {
            Ok((result, messages)) => Json(QueryAnswer {
                result: result.as_ref().map(String::from),
                messages: messages.iter().map(String::from).collect(),
            })
            .into_response(),
            Err(err) => failure(err),
        },
    )
}

async fn exchange_presence(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<ExchangeParams>,
    body: String,
) -> Result<Response, Malformed> {
    let from = jid(&params.from)?;
    let presence =
        Presence::try_from(xml(&body, "presence")?).map_err(|_| Malformed("presence"))?;
    Ok(
        match api.keeper.exchange_presence(&user, presence, from).await {
            Ok(answer) => String::from(&Element::from(answer)).into_response(),
            Err(err) => failure(err),
        },
    )
}

async fn exchange_message(
    State(api): Shared,
    Path(user): Path<String>,
    body: String,
) -> Result<Response, Malformed> {
    let message = Message::try_from(xml(&body, "message")?).map_err(|_| Malformed("message"))?;
    Ok(match api.keeper.exchange_message(&user, message).await {
        Ok(answer) => String::from(&Element::from(answer)).into_response(),
        Err(err) => failure(err),
    })
}

async fn admin_command(State(api): Shared, body: String) -> Result<Response, Malformed> {
    let command = xml(&body, "command")?;
    Ok(xml_answer(api.keeper.admin_command(command).await))
}

async fn admin_account(State(api): Shared) -> Response {
    match api.keeper.admin_account().await {
        Ok(name) => name.into_response(),
        Err(err) => failure(err),
    }
}

async fn iq_as_user(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<IqParams>,
    body: String,
) -> Result<Response, Malformed> {
    let to = recipient(params.to.as_deref())?;
    let payload = xml(&body, "IQ payload")?;
    Ok(xml_answer(
        api.keeper.iq_as_user(&user, to, params.kind, payload).await,
    ))
}

async fn send_as_user(
    State(api): Shared,
    Path(user): Path<String>,
    Json(stanzas): Json<Vec<String>>,
) -> Result<Response, Malformed> {
    let stanzas = stanzas
        .iter()
        .map(|text| Stanza::try_from(xml(text, "stanza")?).map_err(|_| Malformed("stanza")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match api.keeper.send_as_user(&user, stanzas).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => failure(err),
    })
}

async fn privileged_iq(
    State(api): Shared,
    Query(params): Query<IqParams>,
    body: String,
) -> Result<Response, Malformed> {
    let to =
        recipient(params.to.as_deref())?.ok_or(Malformed("privileged IQ without a recipient"))?;
    let payload = xml(&body, "IQ payload")?;
    Ok(xml_answer(
        api.keeper.privileged_iq(to, params.kind, payload).await,
    ))
}

/// Live events as newline-delimited JSON, for as long as the caller reads; an empty line
/// when there is nothing to say for a while, so that a caller that went away is noticed.
async fn events(
    State(api): Shared,
    Path(user): Path<String>,
    Query(params): Query<EventsParams>,
) -> Response {
    match api.keeper.subscribe(&user, &params.login).await {
        Err(err) => failure(err),
        Ok(events) => {
            let start = tokio::time::Instant::now() + EVENTS_HEARTBEAT;
            let tick = tokio::time::interval_at(start, EVENTS_HEARTBEAT);
            // Ends with the events (when the session ends, or the reader fell behind).
            let body =
                futures::stream::unfold((events, tick), |(mut events, mut tick)| async move {
                    let line = tokio::select! {
                        live = events.next() => serde_json::to_string(&live?).map(|l| l + "\n"),
                        _ = tick.tick() => Ok(String::from("\n")),
                    };
                    Some((line, (events, tick)))
                });
            Response::builder()
                .header("content-type", "application/x-ndjson")
                .body(Body::from_stream(body))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}
