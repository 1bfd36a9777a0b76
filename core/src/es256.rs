//! P-256 keys in the gateway's text form, URL-safe base64 without padding: a private key
//! as its 32-byte scalar, a public key as its uncompressed SEC1 point (what browsers take
//! as a VAPID key). They sign VAPID claims (Web Push) and ES256 access tokens, through
//! jsonwebtoken.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use jsonwebtoken::{DecodingKey, EncodingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::EncodePrivateKey;

/// A private key from its text form.
pub fn secret_key(encoded: &str) -> Option<p256::SecretKey> {
    let bytes = B64URL.decode(encoded.trim_end_matches('=')).ok()?;
    p256::SecretKey::from_slice(&bytes).ok()
}

/// A fresh private key in text form (32 random bytes: nearly all make one).
pub fn new_secret_key() -> Result<String, getrandom::Error> {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        let encoded = B64URL.encode(bytes);
        if secret_key(&encoded).is_some() {
            return Ok(encoded);
        }
    }
}

/// The public key of a private one, in text form.
pub fn public_key_of(secret: &p256::SecretKey) -> String {
    B64URL.encode(secret.public_key().to_sec1_bytes())
}

/// What jsonwebtoken signs with.
pub fn signer(secret: &p256::SecretKey) -> Option<EncodingKey> {
    let der = secret.to_pkcs8_der().ok()?;
    Some(EncodingKey::from_ec_der(der.as_bytes()))
}

/// What jsonwebtoken verifies with, from a public key's text form.
pub fn verifier(encoded: &str) -> Option<DecodingKey> {
    let bytes = B64URL.decode(encoded.trim_end_matches('=')).ok()?;
    let public = p256::PublicKey::from_sec1_bytes(&bytes).ok()?;
    let point = public.to_encoded_point(false);
    DecodingKey::from_ec_components(&B64URL.encode(point.x()?), &B64URL.encode(point.y()?)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{Algorithm, Header, Validation};

    #[test]
    fn a_new_key_signs_what_its_public_key_verifies_and_no_other_does() {
        let secret = secret_key(&new_secret_key().unwrap()).unwrap();
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::ES256),
            &serde_json::json!({ "sub": "ann", "exp": 4_000_000_000u64 }),
            &signer(&secret).unwrap(),
        )
        .unwrap();
        let validation = Validation::new(Algorithm::ES256);
        let public = verifier(&public_key_of(&secret)).unwrap();
        assert!(jsonwebtoken::decode::<serde_json::Value>(&token, &public, &validation).is_ok());
        let other = secret_key(&new_secret_key().unwrap()).unwrap();
        let wrong = verifier(&public_key_of(&other)).unwrap();
        assert!(jsonwebtoken::decode::<serde_json::Value>(&token, &wrong, &validation).is_err());
        assert!(verifier("not a key").is_none());
    }
}
