//! The [`Keeper`] port over HTTP: how functions reach a keeper process on a private
//! address. Every call carries the shared secret (`x-keeper-secret`); live events come as
//! newline-delimited JSON. The keeper side is `keeper::api`.

use std::time::Duration;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use http::StatusCode;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncBufReadExt;
use tokio_stream::wrappers::LinesStream;
use tokio_util::io::StreamReader;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::presence::Presence;

use crate::events::Event;
use crate::keeper::{EventStream, IqKind, Keeper, KeeperError};

/// The header that carries the shared secret.
pub const SECRET_HEADER: &str = "x-keeper-secret";

/// A keeper error as it crosses the wire.
#[derive(Serialize, Deserialize)]
pub struct WireError {
    pub kind: String,
    pub detail: String,
}

impl From<&KeeperError> for WireError {
    fn from(err: &KeeperError) -> Self {
        let (kind, detail) = match err {
            KeeperError::NoCredential => ("no_credential", String::new()),
            KeeperError::CredentialRefused => ("credential_refused", String::new()),
            KeeperError::Unavailable(d) => ("unavailable", d.clone()),
            KeeperError::Timeout => ("timeout", String::new()),
            KeeperError::XmppError(d) => ("xmpp_error", d.clone()),
            KeeperError::KeeperUnreachable(d) => ("keeper_unreachable", d.clone()),
            KeeperError::NotConfigured(d) => ("not_configured", d.clone()),
            KeeperError::Internal(d) => ("internal", d.clone()),
        };
        Self {
            kind: kind.into(),
            detail,
        }
    }
}

impl From<WireError> for KeeperError {
    fn from(wire: WireError) -> Self {
        match wire.kind.as_str() {
            "no_credential" => KeeperError::NoCredential,
            "credential_refused" => KeeperError::CredentialRefused,
            "unavailable" => KeeperError::Unavailable(wire.detail),
            "timeout" => KeeperError::Timeout,
            "xmpp_error" => KeeperError::XmppError(wire.detail),
            "keeper_unreachable" => KeeperError::KeeperUnreachable(wire.detail),
            "not_configured" => KeeperError::NotConfigured(wire.detail),
            _ => KeeperError::Internal(wire.detail),
        }
    }
}

/// A query's answer as it crosses the wire: XML texts.
#[derive(Serialize, Deserialize)]
pub struct QueryAnswer {
    pub result: Option<String>,
    pub messages: Vec<String>,
}

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
            // No overall timeout here: event streams last as long as their reader wants.
            http: reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .build()
                .unwrap_or_default(),
        }
    }

    /// A call about a user answered at once (everything but the event stream), with a deadline.
    fn buffered(&self, method: reqwest::Method, user: &str, tail: &str) -> reqwest::RequestBuilder {
        self.request(method, user, tail).timeout(CALL_TIMEOUT)
    }

    fn request(&self, method: reqwest::Method, user: &str, tail: &str) -> reqwest::RequestBuilder {
        let user: String =
            percent_encoding::utf8_percent_encode(user, percent_encoding::NON_ALPHANUMERIC)
                .collect();
        self.at(method, &format!("users/{user}/{tail}"))
    }

    fn at(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}/{path}", self.base))
            .header(SECRET_HEADER, &self.secret)
    }

    /// An IQ-like call: the payload goes as XML, the answer's payload comes back as XML
    /// (nothing for an empty result).
    async fn xml_call(
        &self,
        request: reqwest::RequestBuilder,
        kind: Option<IqKind>,
        to: Option<Jid>,
        payload: &Element,
    ) -> Result<Option<Element>, KeeperError> {
        let mut query = Vec::new();
        if let Some(kind) = kind {
            let kind = match kind {
                IqKind::Get => "get",
                IqKind::Set => "set",
            };
            query.push(("kind", kind.to_string()));
        }
        if let Some(to) = to {
            query.push(("to", to.to_string()));
        }
        let request = request
            .timeout(CALL_TIMEOUT)
            .query(&query)
            .body(String::from(payload));
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
        if response.status() == StatusCode::FORBIDDEN {
            return Err(KeeperError::Internal(
                "the keeper refused our secret (XWG_KEEPER_SECRET)".into(),
            ));
        }
        match response.json::<WireError>().await {
            Ok(wire) => Err(wire.into()),
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
            .buffered(reqwest::Method::PUT, user, "credential")
            .body(password.to_string());
        self.done(request).await
    }

    async fn ensure_session(&self, user: &str) -> Result<(), KeeperError> {
        self.done(self.buffered(reqwest::Method::PUT, user, "session"))
            .await
    }

    async fn send(&self, user: &str, stanza: Stanza) -> Result<(), KeeperError> {
        let xml = String::from(&Element::from(stanza));
        self.done(self.buffered(reqwest::Method::POST, user, "send").body(xml))
            .await
    }

    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        let request = self.request(reqwest::Method::POST, user, "iq");
        self.xml_call(request, Some(kind), to, &payload).await
    }

    async fn query(
        &self,
        user: &str,
        to: Option<Jid>,
        payload: Element,
        queryid: &str,
    ) -> Result<(Option<Element>, Vec<Element>), KeeperError> {
        let mut request = self
            .buffered(reqwest::Method::POST, user, "query")
            .query(&[("queryid", queryid)])
            .body(String::from(&payload));
        if let Some(to) = to {
            request = request.query(&[("to", to.to_string())]);
        }
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
        let request = self
            .buffered(reqwest::Method::POST, user, "presence-exchange")
            .query(&[("from", from.to_string())])
            .body(String::from(&Element::from(presence)));
        Presence::try_from(keeper_xml(&self.text(request).await?)?)
            .map_err(|_| KeeperError::Internal("keeper sent a bad presence".into()))
    }

    async fn subscribe(&self, user: &str) -> Result<EventStream, KeeperError> {
        let response = self
            .call(self.request(reqwest::Method::GET, user, "events"))
            .await?;
        let bytes = response.bytes_stream().map_err(std::io::Error::other);
        let lines = LinesStream::new(StreamReader::new(bytes).lines());
        // A broken connection ends the stream; the SSE client resumes from the log.
        let events = lines
            .take_while(|line| std::future::ready(line.is_ok()))
            .filter_map(|line| {
                std::future::ready(
                    line.ok()
                        .and_then(|l| serde_json::from_str::<Event>(&l).ok()),
                )
            });
        Ok(events.boxed())
    }

    async fn end_session(&self, user: &str) -> Result<(), KeeperError> {
        self.done(self.buffered(reqwest::Method::DELETE, user, "session"))
            .await
    }

    async fn forget_user(&self, user: &str) -> Result<(), KeeperError> {
        self.done(self.buffered(reqwest::Method::DELETE, user, "credential"))
            .await
    }

    async fn admin_command(&self, command: Element) -> Result<Option<Element>, KeeperError> {
        let request = self.at(reqwest::Method::POST, "admin/command");
        self.xml_call(request, None, None, &command).await
    }

    async fn privileged_iq(
        &self,
        to: Jid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        let request = self.at(reqwest::Method::POST, "privileged/iq");
        self.xml_call(request, Some(kind), Some(to), &payload).await
    }
}
