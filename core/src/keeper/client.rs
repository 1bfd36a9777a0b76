//! The [`Keeper`] port over HTTP: how functions reach a keeper process on a private
//! address. Every call carries the shared secret; live events come as newline-delimited
//! JSON. The protocol is [`super::wire`]; the keeper side is `keeper::api`.

use std::time::Duration;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use tokio::io::AsyncBufReadExt;
use tokio_stream::wrappers::LinesStream;
use tokio_util::io::StreamReader;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;

use super::wire::{
    self, EndParams, EventsParams, ExchangeParams, IqParams, LoginsEnded, QueryAnswer, QueryParams,
    SECRET_HEADER, paths,
};
use super::{Delivery, EventStream, IqKind, Keeper, KeeperError, Live};
use crate::protocol::limits::to_xml;

pub struct KeeperClient {
    base: String,
    secret: String,
    http: reqwest::Client,
}

/// XML from the keeper (an IQ payload, a stanza).
fn keeper_xml(text: &str) -> Result<Element, KeeperError> {
    text.parse::<Element>()
        .map_err(|e| KeeperError::Internal(format!("keeper sent bad XML: {e}")))
}

fn unreachable(err: reqwest::Error) -> KeeperError {
    KeeperError::KeeperUnreachable(err.to_string())
}

/// How long connecting to a keeper, and a buffered call to it, may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const CALL_TIMEOUT: Duration = Duration::from_secs(40);

impl KeeperClient {
    pub fn new(base: &str, secret: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
            secret: secret.to_string(),
            // No overall timeout here: event streams last as long as their reader wants. The
            // system's CA certificates are read only for an https keeper (at every cold start
            // otherwise, for nothing: keepers are reached over http inside the network).
            http: reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .tls_built_in_root_certs(base.starts_with("https://"))
                .build()
                .unwrap_or_default(),
        }
    }

    /// A call at `path`; `user` fills in a user path.
    fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        user: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let path = match user {
            Some(user) => wire::user_path(path, user),
            None => path.to_string(),
        };
        self.http
            .request(method, format!("{}{path}", self.base))
            .header(SECRET_HEADER, &self.secret)
    }

    /// A call answered at once (everything but the event stream), with a deadline.
    fn buffered(
        &self,
        method: reqwest::Method,
        path: &str,
        user: Option<&str>,
    ) -> reqwest::RequestBuilder {
        self.request(method, path, user).timeout(CALL_TIMEOUT)
    }

    /// An IQ for `user` to the keeper's route `path` (on the user's session, or as the user
    /// on a stream of its own).
    async fn iq_at(
        &self,
        path: &str,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        let request = self.buffered(reqwest::Method::POST, path, Some(user));
        let params = IqParams {
            kind,
            to: to.map(|to| to.to_string()),
        };
        self.xml_call(request, Some(params), &payload).await
    }

    /// An XML payload sent with an IQ's parameters; the answer's payload comes back as XML
    /// (nothing for an empty result).
    async fn xml_call(
        &self,
        request: reqwest::RequestBuilder,
        params: Option<IqParams>,
        payload: &Element,
    ) -> Result<Option<Element>, KeeperError> {
        let request = match params {
            Some(params) => request.query(&params),
            None => request,
        };
        let request = request.body(to_xml(payload)?);
        let text = self.text(request).await?;
        if text.is_empty() {
            return Ok(None);
        }
        keeper_xml(&text).map(Some)
    }

    /// A call answered with nothing but success.
    async fn done(&self, request: reqwest::RequestBuilder) -> Result<(), KeeperError> {
        self.call(request).await.map(drop)
    }

    /// A call answered with a text (XML).
    async fn text(&self, request: reqwest::RequestBuilder) -> Result<String, KeeperError> {
        self.call(request).await?.text().await.map_err(unreachable)
    }

    /// Sends the request; a non-success answer becomes the keeper's error.
    async fn call(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, KeeperError> {
        let response = request.send().await.map_err(unreachable)?;
        if response.status().is_success() {
            return Ok(response);
        }
        if response.status() == reqwest::StatusCode::FORBIDDEN {
            return Err(KeeperError::Internal(
                "the keeper refused our secret (XWG_KEEPER_SECRET)".into(),
            ));
        }
        match response.json::<KeeperError>().await {
            Ok(err) => Err(err),
            Err(err) => Err(KeeperError::Internal(format!(
                "keeper answered without an error body: {err}"
            ))),
        }
    }
}

#[async_trait]
impl Keeper for KeeperClient {
    async fn remember_password(&self, user: &str, password: &str) -> Result<(), KeeperError> {
        let request = self
            .buffered(reqwest::Method::PUT, paths::CREDENTIAL, Some(user))
            .body(password.to_string());
        self.done(request).await
    }

    async fn ensure_session(&self, user: &str) -> Result<(), KeeperError> {
        self.done(self.buffered(reqwest::Method::PUT, paths::SESSION, Some(user)))
            .await
    }

    async fn send(&self, user: &str, stanza: Stanza) -> Result<Delivery, KeeperError> {
        let xml = to_xml(&Element::from(stanza))?;
        let request = self.buffered(reqwest::Method::POST, paths::SEND, Some(user));
        self.call(request.body(xml))
            .await?
            .json()
            .await
            .map_err(unreachable)
    }

    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.iq_at(paths::IQ, user, to, kind, payload).await
    }

    async fn query(
        &self,
        user: &str,
        to: Option<Jid>,
        payload: Element,
        queryid: &str,
    ) -> Result<(Option<Element>, Vec<Element>), KeeperError> {
        let params = QueryParams {
            queryid: queryid.to_string(),
            to: to.map(|to| to.to_string()),
        };
        let request = self
            .buffered(reqwest::Method::POST, paths::QUERY, Some(user))
            .query(&params)
            .body(to_xml(&payload)?);
        let answer: QueryAnswer = self
            .call(request)
            .await?
            .json()
            .await
            .map_err(unreachable)?;
        Ok((
            answer.result.as_deref().map(keeper_xml).transpose()?,
            answer
                .messages
                .iter()
                .map(|m| keeper_xml(m))
                .collect::<Result<_, _>>()?,
        ))
    }

    async fn exchange_presence(
        &self,
        user: &str,
        presence: Presence,
        from: Jid,
    ) -> Result<Presence, KeeperError> {
        let params = ExchangeParams {
            from: from.to_string(),
        };
        let request = self
            .buffered(reqwest::Method::POST, paths::PRESENCE_EXCHANGE, Some(user))
            .query(&params)
            .body(to_xml(&Element::from(presence))?);
        Presence::try_from(keeper_xml(&self.text(request).await?)?)
            .map_err(|_| KeeperError::Internal("keeper sent a bad presence".into()))
    }

    async fn exchange_message(&self, user: &str, message: Message) -> Result<Message, KeeperError> {
        let request = self
            .buffered(reqwest::Method::POST, paths::MESSAGE_EXCHANGE, Some(user))
            .body(to_xml(&Element::from(message))?);
        Message::try_from(keeper_xml(&self.text(request).await?)?)
            .map_err(|_| KeeperError::Internal("keeper sent a bad message".into()))
    }

    async fn subscribe(&self, user: &str, login: &str) -> Result<EventStream, KeeperError> {
        let params = EventsParams {
            login: login.to_string(),
        };
        let request = self.request(reqwest::Method::GET, paths::EVENTS, Some(user));
        let response = self.call(request.query(&params)).await?;
        let bytes = response.bytes_stream().map_err(std::io::Error::other);
        let lines = LinesStream::new(StreamReader::new(bytes).lines());
        // A broken connection ends the stream; the SSE client resumes from the log. Empty
        // lines are the keeper's heartbeats.
        let events = lines
            .take_while(|line| std::future::ready(line.is_ok()))
            .filter_map(|line| {
                std::future::ready(
                    line.ok()
                        .and_then(|l| serde_json::from_str::<Live>(&l).ok()),
                )
            });
        Ok(events.boxed())
    }

    async fn end_logins(
        &self,
        user: &str,
        login: Option<&str>,
        reason: &str,
    ) -> Result<(), KeeperError> {
        let ended = LoginsEnded {
            login: login.map(str::to_string),
            reason: reason.to_string(),
        };
        let request = self.buffered(reqwest::Method::POST, paths::LOGINS_ENDED, Some(user));
        self.done(request.json(&ended)).await
    }

    async fn end_session(&self, user: &str, reason: &str) -> Result<(), KeeperError> {
        let params = EndParams {
            reason: reason.to_string(),
        };
        let request = self.buffered(reqwest::Method::DELETE, paths::SESSION, Some(user));
        self.done(request.query(&params)).await
    }

    async fn forget_user(&self, user: &str) -> Result<(), KeeperError> {
        self.done(self.buffered(reqwest::Method::DELETE, paths::CREDENTIAL, Some(user)))
            .await
    }

    async fn admin_command(&self, command: Element) -> Result<Option<Element>, KeeperError> {
        let request = self.buffered(reqwest::Method::POST, paths::ADMIN_COMMAND, None);
        self.xml_call(request, None, &command).await
    }

    async fn admin_account(&self) -> Result<String, KeeperError> {
        self.text(self.buffered(reqwest::Method::GET, paths::ADMIN_ACCOUNT, None))
            .await
    }

    async fn iq_as_user(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.iq_at(paths::IQ_AS_USER, user, to, kind, payload).await
    }

    async fn send_as_user(&self, user: &str, stanzas: Vec<Stanza>) -> Result<(), KeeperError> {
        let stanzas = stanzas
            .into_iter()
            .map(|stanza| to_xml(&Element::from(stanza)))
            .collect::<Result<Vec<String>, _>>()?;
        let request = self.buffered(reqwest::Method::POST, paths::SEND_AS_USER, Some(user));
        self.done(request.json(&stanzas)).await
    }

    async fn privileged_iq(
        &self,
        to: Jid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        let request = self.buffered(reqwest::Method::POST, paths::PRIVILEGED_IQ, None);
        let params = IqParams {
            kind,
            to: Some(to.to_string()),
        };
        self.xml_call(request, Some(params), &payload).await
    }
}
