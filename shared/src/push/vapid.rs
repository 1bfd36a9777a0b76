//! The VAPID key pair (RFC 8292) the gateway signs pushes with: from `XWG_VAPID_PRIVATE_KEY`,
//! or made once and kept in the store, so that every function and keeper uses the same key
//! and browsers' subscriptions (made for its public key) stay valid.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde_json::json;
use web_push::{
    PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignature, VapidSignatureBuilder,
    WebPushError,
};

use crate::ApiError;
use crate::config::PushConfig;
use crate::seal::Sealer;
use crate::store::{NewItem, Store, StoreError};

const KEY: (&str, &str) = ("push", "vapid");

pub struct Vapid {
    signer: PartialVapidSignatureBuilder,
    /// The uncompressed P-256 public key, URL-safe base64: the browser's `applicationServerKey`.
    public_key: String,
    /// The `sub` claim: how a push service reaches the operator (`mailto:` or `https:`).
    subject: String,
}

fn broken_key(err: impl std::fmt::Debug) -> ApiError {
    tracing::error!(error = ?err, "the VAPID private key is unusable (not a P-256 key, or sealed under another key)");
    ApiError::internal()
}

impl Vapid {
    pub async fn load(
        store: &dyn Store,
        config: &PushConfig,
        sealer: &Sealer,
    ) -> Result<Self, ApiError> {
        let private = match &config.vapid_private_key {
            Some(key) => key.clone(),
            None => stored_or_new(store, sealer).await?,
        };
        let signer = VapidSignatureBuilder::from_base64_no_sub(&private).map_err(broken_key)?;
        let public_key = B64URL.encode(signer.get_public_key());
        Ok(Self {
            signer,
            public_key,
            subject: config.subject.clone(),
        })
    }

    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// A VAPID signature for one push. `aud` is the endpoint's origin with its port: the
    /// crate's default drops the port, which a push service on a non-default port refuses.
    pub fn sign(&self, info: &SubscriptionInfo) -> Result<VapidSignature, WebPushError> {
        let url = url::Url::parse(&info.endpoint).map_err(|_| WebPushError::InvalidUri)?;
        let mut builder = self.signer.clone().add_sub_info(info);
        builder.add_claim("aud", url.origin().ascii_serialization());
        builder.add_claim("sub", self.subject.as_str());
        builder.build()
    }
}

/// The key in the store (sealed), or a new one written so that concurrent first users agree.
async fn stored_or_new(store: &dyn Store, sealer: &Sealer) -> Result<String, ApiError> {
    loop {
        if let Some(item) = store.get(KEY.0, KEY.1).await? {
            return sealer
                .open_text(&item.data["private"], KEY.0)
                .map_err(broken_key);
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

/// 32 random bytes that the crate accepts as a P-256 private key (nearly all do).
fn new_private_key() -> Result<String, ApiError> {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|err| {
            tracing::error!(error = %err, "no randomness for a VAPID key");
            ApiError::internal()
        })?;
        let encoded = B64URL.encode(bytes);
        if VapidSignatureBuilder::from_base64_no_sub(&encoded).is_ok() {
            return Ok(encoded);
        }
    }
}
