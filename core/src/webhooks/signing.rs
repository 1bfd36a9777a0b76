//! Signing deliveries as Standard Webhooks (standardwebhooks.com) does, so a receiver can
//! verify them with its libraries: the headers `webhook-id`, `webhook-timestamp` (seconds)
//! and `webhook-signature`, which is `v1,<base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`
//! for each live secret, space-separated. A secret is `whsec_<base64 of the key>`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const PREFIX: &str = "whsec_";

/// A new secret: 32 random bytes.
pub fn new_secret() -> Result<String, String> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| format!("no randomness: {e}"))?;
    Ok(format!("{PREFIX}{}", B64.encode(key)))
}

/// The key a secret names (`None`: not one of ours).
fn key_of(secret: &str) -> Option<Vec<u8>> {
    B64.decode(secret.strip_prefix(PREFIX)?).ok()
}

/// The `webhook-signature` header's value for `body` sent as `id` at `timestamp`, one
/// signature per secret.
pub fn signature(secrets: &[String], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .filter_map(|secret| key_of(secret))
        .filter_map(|key| {
            let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
            mac.update(format!("{id}.{timestamp}.").as_bytes());
            mac.update(body);
            Some(format!("v1,{}", B64.encode(mac.finalize().into_bytes())))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification (its reference libraries' test).
    #[test]
    fn the_specifications_example_signs_alike() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_string();
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&[secret], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn both_secrets_sign_during_a_rotation() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        let both = signature(&[a.clone(), b], "id", 1, b"{}");
        assert_eq!(both.split(' ').count(), 2);
        assert!(both.starts_with(&signature(&[a], "id", 1, b"{}")));
    }
}
