//! Sending one delivery: a signed POST to an endpoint checked against the gateway's own
//! network (the push rules), answered 2xx or it failed, for a reason that names no URL
//! (which may carry a token) and no body.

use std::sync::Arc;
use std::time::Duration;

use super::{Delivery, Webhook, signing};
use crate::push::endpoints;

/// How long an endpoint may take to answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Sender {
    client: reqwest::Client,
    allowed: Vec<String>,
}

impl Sender {
    /// A sender whose resolver returns public addresses only, except for `allowed`
    /// `host:port`s.
    pub fn new(allowed: &[String]) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(ANSWER_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(endpoints::PublicOnly {
                allowed_hosts: Arc::new(allowed.to_vec()),
            }))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            client,
            allowed: allowed.to_vec(),
        })
    }

    /// One attempt at `timestamp` (seconds): `Ok` for a 2xx answer, else why not.
    pub async fn post(
        &self,
        hook: &Webhook,
        delivery: &Delivery,
        timestamp: i64,
    ) -> Result<(), String> {
        let url = check(&hook.url, &self.allowed).await?;
        let body = serde_json::to_vec(delivery).map_err(|e| e.to_string())?;
        let signature = signing::signature(&hook.secrets, &delivery.id, timestamp, &body);
        let response = self
            .client
            .post(url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header("webhook-id", &delivery.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await
            .map_err(|err| {
                if err.is_timeout() {
                    "no answer in time".to_string()
                } else if err.is_connect() {
                    "not reached: the connection failed".to_string()
                } else {
                    "the request failed".to_string()
                }
            })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("answered HTTP {}", status.as_u16()))
        }
    }
}

/// An endpoint the gateway may post to: https on a public address, or http(s) to a
/// `host:port` in `XWG_WEBHOOK_ALLOW_ENDPOINTS`; answered in the form it is kept in (as the
/// URL parser writes it), or why not, in words.
pub async fn check(url: &str, allowed: &[String]) -> Result<url::Url, String> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("The URL may not contain spaces or control characters.".into());
    }
    let url = url::Url::parse(url).map_err(|_| "The URL does not parse.".to_string())?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("The URL may not carry credentials.".into());
    }
    let exempt = endpoints::exempt(&url, allowed);
    if url.scheme() != "https" && !(exempt && url.scheme() == "http") {
        return Err("The endpoint must be an https URL.".into());
    }
    endpoints::check(&url, allowed).await.map_err(|_| {
        "The endpoint must be on a public address its name resolves to (or a host:port in \
         XWG_WEBHOOK_ALLOW_ENDPOINTS)."
            .to_string()
    })?;
    Ok(url)
}
