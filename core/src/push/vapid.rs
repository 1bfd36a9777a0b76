//! The VAPID key pair (RFC 8292) the gateway signs pushes with: from `XWG_VAPID_PRIVATE_KEY`,
//! or made once and kept in the store, so that every function and keeper uses the same key
//! and browsers' subscriptions (made for its public key) stay valid.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

use super::PushError;
use crate::config::PushConfig;
use crate::es256;
use crate::seal::Sealer;
use crate::store::{NewItem, Store, StoreError};

const KEY: (&str, &str) = ("push", "vapid");

/// How long a VAPID signature is good for (RFC 8292 allows at most 24 hours).
const SIGNATURE_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// Signs with jsonwebtoken's ES256, the JWT implementation the access tokens use.
pub struct Vapid {
    signer: EncodingKey,
    /// The uncompressed P-256 public key: the browser's `applicationServerKey` and the
    /// signature's `k`.
    public_key: Vec<u8>,
    /// The `sub` claim: how a push service reaches the operator (`mailto:` or `https:`).
    subject: String,
}

fn broken_key(err: impl std::fmt::Debug) -> PushError {
    tracing::error!(error = ?err, "the VAPID private key is unusable (not a P-256 key, or sealed under another key)");
    PushError::BrokenKey
}

impl Vapid {
    pub async fn load(
        store: &dyn Store,
        config: &PushConfig,
        sealer: &Sealer,
    ) -> Result<Self, PushError> {
        let private = match &config.vapid_private_key {
            Some(key) => key.clone(),
            None => stored_or_new(store, sealer).await?,
        };
        let secret = es256::secret_key(&private).ok_or_else(|| broken_key("not a P-256 scalar"))?;
        Ok(Self {
            signer: es256::signer(&secret).ok_or_else(|| broken_key("no PKCS#8 form"))?,
            public_key: secret.public_key().to_sec1_bytes().to_vec(),
            subject: config.subject.clone(),
        })
    }

    /// URL-safe base64, as `PushManager.subscribe` takes it.
    pub fn public_key(&self) -> String {
        B64URL.encode(&self.public_key)
    }

    /// The `Authorization` header of one push (RFC 8292: `vapid t=<JWT>, k=<public key>`).
    /// `aud` is the endpoint's origin with its port (a push service on a non-default port
    /// refuses one without).
    pub fn authorization(&self, endpoint: &str) -> Result<String, String> {
        let url = url::Url::parse(endpoint).map_err(|_| "the endpoint is not a URL".to_string())?;
        let expires = SystemTime::now() + SIGNATURE_LIFETIME;
        let claims = json!({
            "aud": url.origin().ascii_serialization(),
            "exp": expires.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
            "sub": self.subject,
        });
        let token = jsonwebtoken::encode(&Header::new(Algorithm::ES256), &claims, &self.signer)
            .map_err(|e| format!("VAPID: {e}"))?;
        Ok(format!("vapid t={token}, k={}", self.public_key()))
    }
}

/// The key in the store (sealed), or a new one written so that concurrent first users agree.
async fn stored_or_new(store: &dyn Store, sealer: &Sealer) -> Result<String, PushError> {
    loop {
        if let Some(item) = store.get(KEY.0, KEY.1).await? {
            let private = sealer
                .open_text(&item.data["private"], KEY.0)
                .map_err(broken_key)?;
            if !sealer.is_current(&item.data["private"]) {
                seal_again(store, sealer, &private, item.version).await;
            }
            return Ok(private);
        }
        let sealed = sealer
            .seal(new_private_key()?.as_bytes(), KEY.0)
            .map_err(broken_key)?;
        let fresh = NewItem {
            pk: KEY.0.into(),
            sk: KEY.1.into(),
            data: json!({ "private": sealed }),
            expires_at: None,
        };
        match store.create(fresh).await {
            // Written, or another process was first: read back whichever won.
            Ok(_) | Err(StoreError::ConditionFailed) => continue,
            Err(err) => return Err(err.into()),
        }
    }
}

/// Seals the stored key again under the current seal key where an older one sealed it (a
/// rotation's `reseal` command).
pub async fn reseal(
    store: &dyn Store,
    sealer: &Sealer,
) -> Result<crate::store::Resealed, StoreError> {
    crate::store::reseal(store, sealer, KEY, Some("private"), KEY.0).await
}

/// Seals a key found under an older seal key with the current one (a rotation); best effort.
async fn seal_again(store: &dyn Store, sealer: &Sealer, private: &str, version: u64) {
    let Ok(sealed) = sealer.seal(private.as_bytes(), KEY.0) else {
        return;
    };
    let item = NewItem {
        pk: KEY.0.into(),
        sk: KEY.1.into(),
        data: json!({ "private": sealed }),
        expires_at: None,
    };
    if let Err(err) = store.update(item, version).await {
        tracing::debug!(error = %err, "the VAPID key was not sealed again under the current key");
    }
}

/// A fresh private key.
fn new_private_key() -> Result<String, PushError> {
    es256::new_secret_key().map_err(|err| {
        tracing::error!(error = %err, "no randomness for a VAPID key");
        PushError::BrokenKey
    })
}
