//! Web Push (RFC 8030) to users' browsers: VAPID keys ([`vapid`]), the users'
//! subscriptions ([`subscriptions`]) and delivery ([`Pusher`]): payloads encrypted with
//! aes128gcm (RFC 8291) by the `web-push-native` crate (RustCrypto: no OpenSSL in any
//! binary) and signed with VAPID (RFC 8292) by jsonwebtoken, sent with our own HTTP client,
//! retried on 429 and 5xx (honouring `Retry-After`), and subscriptions the push service
//! calls gone (404, 410) deleted.

pub mod endpoints;
pub mod notification;
pub mod subscriptions;
pub mod vapid;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use reqwest::StatusCode;
use tokio::sync::OnceCell;
use web_push_native::{Auth, WebPushBuilder};

use crate::config::PushConfig;
use crate::seal::Sealer;
use crate::store::{Store, StoreError};
pub use notification::{Action, Notification, REPLY};
use subscriptions::Subscription;
use vapid::Vapid;

/// The largest plaintext sent: one aes128gcm record, whose 86-byte header, padding
/// delimiter and 16-byte tag stay well inside the 4,096 bytes push services take.
pub const MAX_PAYLOAD: usize = 3800;
/// How long push services keep an undelivered notification (the `TTL` header).
const TTL_SECS: u32 = 24 * 3600;
/// Attempts per subscription on 429 and 5xx, and the longest wait between two of them.
const ATTEMPTS: u32 = 3;
const MAX_WAIT: Duration = Duration::from_secs(30);

/// Why a push could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// A subscription a browser gave that cannot be used, and why (for the client).
    #[error("{0}")]
    BadSubscription(String),
    /// The notification is larger than Web Push carries.
    #[error(
        "The notification is {size} bytes as JSON; Web Push carries at most {max}. \
         Shorten its body or data."
    )]
    TooLarge { size: usize, max: usize },
    /// The VAPID key cannot be used (not a P-256 key, or sealed under another key): logged.
    #[error("the VAPID key is unusable")]
    BrokenKey,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one notification did for a user.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub delivered: usize,
    /// Subscriptions the push service called gone (404/410): deleted.
    pub removed: usize,
    /// Subscriptions that failed even after retries.
    pub failed: usize,
}

pub struct Pusher {
    store: std::sync::Arc<dyn Store>,
    config: PushConfig,
    /// Made on the first push: building it reads the system's CA certificates, which a
    /// function that never pushes should not pay for at cold start.
    http: std::sync::OnceLock<Result<reqwest::Client, String>>,
    vapid: OnceCell<Vapid>,
    sealer: Sealer,
}

enum Outcome {
    Delivered,
    Gone,
    Failed(String),
}

impl Pusher {
    pub fn new(store: std::sync::Arc<dyn Store>, config: PushConfig, sealer: Sealer) -> Self {
        Self {
            store,
            config,
            http: std::sync::OnceLock::new(),
            vapid: OnceCell::new(),
            sealer,
        }
    }

    /// The push services' client: no redirects (a push service never sends one; one could
    /// point anywhere) and only public addresses (see `endpoints`). A client that cannot be
    /// built fails the push; it never falls back to one without those guards.
    fn http(&self) -> Result<&reqwest::Client, String> {
        self.http
            .get_or_init(|| {
                reqwest::Client::builder()
                    .timeout(Duration::from_secs(15))
                    .redirect(reqwest::redirect::Policy::none())
                    .dns_resolver(std::sync::Arc::new(endpoints::PublicOnly {
                        allowed_hosts: std::sync::Arc::new(self.config.allow_endpoints.clone()),
                    }))
                    .build()
                    .map_err(|e| format!("no HTTP client for push services: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The VAPID key pair: from the configuration, or made once and kept in the store.
    /// The private key is the seal key's to guard: a route uses it only with that grant.
    pub async fn vapid(&self) -> Result<&Vapid, PushError> {
        if let Err(err) = crate::grants::check_secret(crate::grants::Secret::SealKey) {
            tracing::error!(error = %err, "the VAPID key is out of this route's grants");
            return Err(PushError::BrokenKey);
        }
        self.vapid
            .get_or_try_init(|| Vapid::load(self.store.as_ref(), &self.config, &self.sealer))
            .await
    }

    /// Sends the notification to every subscription of the user.
    pub async fn notify(
        &self,
        user: &str,
        notification: &Notification,
    ) -> Result<Report, PushError> {
        let payload = notification.payload()?;
        let vapid = self.vapid().await?;
        let mut report = Report::default();
        for subscription in subscriptions::of_user(self.store.as_ref(), user).await? {
            match self
                .deliver(vapid, &subscription, &payload, notification)
                .await
            {
                Outcome::Delivered => report.delivered += 1,
                Outcome::Gone => {
                    subscriptions::remove(self.store.as_ref(), user, &subscription.resource)
                        .await?;
                    tracing::info!(user, resource = %subscription.resource, "push subscription gone; removed");
                    report.removed += 1;
                }
                Outcome::Failed(reason) => {
                    tracing::warn!(user, resource = %subscription.resource, %reason, "push not delivered");
                    report.failed += 1;
                }
            }
        }
        Ok(report)
    }

    async fn deliver(
        &self,
        vapid: &Vapid,
        subscription: &Subscription,
        payload: &[u8],
        notification: &Notification,
    ) -> Outcome {
        let mut attempt = 1;
        loop {
            let request = match build(vapid, subscription, payload, notification) {
                Ok(request) => request,
                Err(reason) => return Outcome::Failed(reason),
            };
            let (status, retry_after) = match self.send(request).await {
                Ok(response) => (response.status(), retry_after(&response)),
                // Unreachable counts as a temporary refusal: retried.
                Err(err) => {
                    tracing::warn!(error = %err, "push service unreachable");
                    (StatusCode::SERVICE_UNAVAILABLE, None)
                }
            };
            match status {
                s if s.is_success() => return Outcome::Delivered,
                StatusCode::NOT_FOUND | StatusCode::GONE => return Outcome::Gone,
                s if (s == StatusCode::TOO_MANY_REQUESTS || s.is_server_error())
                    && attempt < ATTEMPTS =>
                {
                    let wait = retry_after
                        .unwrap_or(Duration::from_secs(1 << (attempt - 1)))
                        .min(MAX_WAIT);
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                s => return Outcome::Failed(format!("the push service answered {s}")),
            }
        }
    }
}

impl Pusher {
    async fn send(&self, request: Prepared) -> Result<reqwest::Response, String> {
        // A literal address in the URL bypasses the resolver: checked here.
        let url = url::Url::parse(&request.uri).map_err(|e| e.to_string())?;
        let literal = url.host_str().and_then(|h| {
            h.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .ok()
        });
        if literal.is_some_and(|ip| !endpoints::is_public(ip))
            && !endpoints::exempt(&url, &self.config.allow_endpoints)
        {
            return Err(format!(
                "{} is not a public address",
                url.host_str().unwrap_or("")
            ));
        }
        let mut builder = self.http()?.post(request.uri).body(request.body);
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        builder.send().await.map_err(|e| e.to_string())
    }
}

/// `Retry-After` as seconds (the form push services use).
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
        .map(Duration::from_secs)
}

/// A push request ready to send.
struct Prepared {
    uri: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

/// The encrypted, signed request for one subscription (a fresh VAPID JWT each time).
fn build(
    vapid: &Vapid,
    subscription: &Subscription,
    payload: &[u8],
    notification: &Notification,
) -> Result<Prepared, String> {
    let endpoint: http::Uri = subscription
        .endpoint
        .parse()
        .map_err(|_| "the endpoint is not a URL".to_string())?;
    let key = |encoded: &str| B64URL.decode(encoded.trim_end_matches('=')).ok();
    let browser_key = key(&subscription.p256dh)
        .and_then(|bytes| p256::PublicKey::from_sec1_bytes(&bytes).ok())
        .ok_or("the subscription's p256dh is not a P-256 public key")?;
    let auth: [u8; 16] = key(&subscription.auth)
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or("the subscription's auth is not 16 bytes")?;
    let auth = Auth::from(auth);
    let request = WebPushBuilder::new(endpoint, browser_key, auth)
        .with_valid_duration(Duration::from_secs(TTL_SECS.into()))
        .build(payload.to_vec())
        .map_err(|e| format!("encryption: {e}"))?;
    let (parts, body) = request.into_parts();
    let mut headers: Vec<(String, Vec<u8>)> = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str().to_string(), value.as_bytes().to_vec()))
        .collect();
    headers.push((
        "authorization".into(),
        vapid.authorization(&subscription.endpoint)?.into_bytes(),
    ));
    let urgency = if notification.require_interaction {
        "high"
    } else {
        "normal"
    };
    headers.push(("urgency".into(), urgency.into()));
    if let Some(topic) = notification.topic() {
        headers.push(("topic".into(), topic.into_bytes()));
    }
    Ok(Prepared {
        uri: parts.uri.to_string(),
        headers,
        body,
    })
}
