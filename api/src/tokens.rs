//! Access tokens: JWTs signed under a key id (`kid`) with ES256 (a P-256 key pair: only the
//! functions that issue tokens hold the private key, the others verify with the public
//! one) or HS256 (a shared secret, for one process), several verification keys so keys can
//! be rotated, and the claims SparkWeb clients and our routes need.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use xwg_core::es256;
use xwg_core::grants::{self, NotGranted, Secret};

use crate::config::{TokenConfig, TokenKey};

/// What a login was started with, carried on to every token it yields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Login {
    pub user: String,
    pub sid: String,
    pub amr: Vec<String>,
    /// The account incarnation the login was started in.
    #[serde(default)]
    pub inc: String,
    /// What its tokens may do (`crate::scopes`); none: everything the user may.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The service account that started it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub svc: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The XMPP username (the local part of the user's JID).
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    /// Unique per token: what logout revokes.
    pub jti: String,
    /// The login this token belongs to (what logout ends, what refresh continues).
    pub sid: String,
    /// Authentication methods used (RFC 8176 names: `pwd`, `otp`, `hwk`…).
    pub amr: Vec<String>,
    /// What the user may do beyond their own data: `admin` for the users in `XWG_ADMINS`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// What the token may do, space-separated (`crate::scopes`); absent: everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The service account the token was minted for (checked live on every call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub svc: Option<String>,
}

/// The role that admin routes of the table require.
pub const ADMIN_ROLE: &str = "admin";

/// Why a token was refused. The caller only ever learns "invalid or expired".
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("token has no key id, or one we do not know")]
    UnknownKey,
    /// This process holds public keys only (a function that issues no token).
    #[error("no key here can sign tokens")]
    NoSigningKey,
    #[error(transparent)]
    NotGranted(#[from] NotGranted),
    #[error("token rejected: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
}

struct Key {
    kid: String,
    algorithm: Algorithm,
    /// `None` for a public key.
    encoding: Option<EncodingKey>,
    decoding: DecodingKey,
    /// Accepts this key's algorithm only (no algorithm confusion between keys).
    validation: Validation,
}

pub struct TokenService {
    keys: Vec<Key>,
    config: TokenConfig,
}

impl TokenService {
    /// Keys the configuration checked; one that does not parse (it cannot, past the
    /// configuration) is left out.
    pub fn new(config: &TokenConfig) -> Self {
        let keys = config
            .keys
            .iter()
            .filter_map(|(kid, key)| {
                let (algorithm, encoding, decoding) = match key {
                    TokenKey::Shared(secret) => (
                        Algorithm::HS256,
                        Some(EncodingKey::from_secret(secret)),
                        DecodingKey::from_secret(secret),
                    ),
                    TokenKey::Es256Private(private) => {
                        let secret = es256::secret_key(private)?;
                        (
                            Algorithm::ES256,
                            Some(es256::signer(&secret)?),
                            es256::verifier(&es256::public_key_of(&secret))?,
                        )
                    }
                    TokenKey::Es256Public(public) => {
                        (Algorithm::ES256, None, es256::verifier(public)?)
                    }
                };
                let mut validation = Validation::new(algorithm);
                validation.set_issuer(&[&config.issuer]);
                validation.set_audience(&[&config.audience]);
                validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
                validation.leeway = 0;
                Some(Key {
                    kid: kid.clone(),
                    algorithm,
                    encoding,
                    decoding,
                    validation,
                })
            })
            .collect();
        Self {
            keys,
            config: config.clone(),
        }
    }

    /// A fresh token of the login, signed with the first (current) key, valid until `exp`
    /// (and only while its login lives: every call checks).
    pub fn issue(&self, login: &Login, now: i64, exp: i64) -> Result<(String, Claims), TokenError> {
        let claims = Claims {
            iss: self.config.issuer.clone(),
            aud: self.config.audience.clone(),
            sub: login.user.clone(),
            iat: now,
            exp,
            jti: uuid::Uuid::new_v4().to_string(),
            sid: login.sid.clone(),
            amr: login.amr.clone(),
            roles: self.roles_of(&login.user),
            scope: login.scope.clone(),
            svc: login.svc.clone(),
        };
        grants::check_secret(Secret::TokenKeys)?;
        let (key, encoding) = self
            .keys
            .iter()
            .find_map(|key| Some((key, key.encoding.as_ref()?)))
            .ok_or(TokenError::NoSigningKey)?;
        let mut header = Header::new(key.algorithm);
        header.kid = Some(key.kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, encoding)?;
        Ok((token, claims))
    }

    /// Roles are looked up at every issue (refresh too), so a change of `XWG_ADMINS`
    /// reaches a login with its next token.
    fn roles_of(&self, user: &str) -> Vec<String> {
        if self.config.admins.iter().any(|admin| admin == user) {
            vec![ADMIN_ROLE.to_string()]
        } else {
            Vec::new()
        }
    }

    /// The claims of a token we signed that has not expired at `now`.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token)?;
        let kid = header.kid.ok_or(TokenError::UnknownKey)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.kid == kid)
            .ok_or(TokenError::UnknownKey)?;
        // jsonwebtoken checks `exp` against the wall clock; check it against ours as well so
        // tests with a manual clock and the store's TTL agree on what "expired" means.
        let claims = jsonwebtoken::decode::<Claims>(token, &key.decoding, &key.validation)?.claims;
        if claims.exp <= now {
            return Err(jsonwebtoken::errors::Error::from(
                jsonwebtoken::errors::ErrorKind::ExpiredSignature,
            )
            .into());
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn config(keys: &[(&str, &str)]) -> TokenConfig {
        TokenConfig {
            issuer: "iss".into(),
            audience: "aud".into(),
            lifetime: Duration::from_secs(60),
            refresh_lifetime: Duration::from_secs(600),
            keys: keys
                .iter()
                .map(|(k, s)| (k.to_string(), TokenKey::Shared(s.as_bytes().to_vec())))
                .collect(),
            admins: vec!["root".into()],
        }
    }

    fn login() -> Login {
        Login {
            user: "alice".into(),
            sid: "s1".into(),
            amr: vec!["pwd".into()],
            inc: "i1".into(),
            scope: None,
            svc: None,
        }
    }

    fn now() -> i64 {
        jsonwebtoken::get_current_timestamp() as i64
    }

    const OLD: (&str, &str) = ("old", "0123456789abcdef0123456789abcdef-old");
    const NEW: (&str, &str) = ("new", "0123456789abcdef0123456789abcdef-new");

    #[test]
    fn a_token_verifies_under_its_key_after_rotation() {
        let before = TokenService::new(&config(&[OLD]));
        let (token, claims) = before.issue(&login(), now(), now() + 60).unwrap();
        let after = TokenService::new(&config(&[NEW, OLD]));
        assert_eq!(after.verify(&token, now()).unwrap(), claims);
        let retired = TokenService::new(&config(&[NEW]));
        assert!(matches!(
            retired.verify(&token, now()),
            Err(TokenError::UnknownKey)
        ));
    }

    #[test]
    fn only_configured_admins_get_the_admin_role() {
        let service = TokenService::new(&config(&[OLD]));
        let (_, user) = service.issue(&login(), now(), now() + 60).unwrap();
        assert!(user.roles.is_empty());
        let root = Login {
            user: "root".into(),
            ..login()
        };
        let (token, admin) = service.issue(&root, now(), now() + 60).unwrap();
        assert_eq!(admin.roles, [ADMIN_ROLE]);
        assert_eq!(service.verify(&token, now()).unwrap().roles, [ADMIN_ROLE]);
    }

    #[test]
    fn es256_tokens_verify_where_only_the_public_key_is_and_cannot_be_issued_there() {
        let private = es256::new_secret_key().unwrap();
        let public = es256::public_key_of(&es256::secret_key(&private).unwrap());
        let with = |key: TokenKey| TokenConfig {
            keys: vec![("e1".into(), key)],
            ..config(&[])
        };
        let issuer = TokenService::new(&with(TokenKey::Es256Private(private)));
        let (token, claims) = issuer.issue(&login(), now(), now() + 60).unwrap();
        assert_eq!(
            jsonwebtoken::decode_header(&token).unwrap().alg,
            Algorithm::ES256
        );
        let verifier = TokenService::new(&with(TokenKey::Es256Public(public.clone())));
        assert_eq!(verifier.verify(&token, now()).unwrap(), claims);
        assert!(matches!(
            verifier.issue(&login(), now(), now() + 60),
            Err(TokenError::NoSigningKey)
        ));
        // An HS256 token under the same key id, signed with the public key as its secret
        // (algorithm confusion), is refused.
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("e1".into());
        let forged = jsonwebtoken::encode(
            &header,
            &claims,
            &EncodingKey::from_secret(public.as_bytes()),
        )
        .unwrap();
        assert!(verifier.verify(&forged, now()).is_err());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let service = TokenService::new(&config(&[OLD]));
        let (token, claims) = service.issue(&login(), now(), now() + 60).unwrap();
        assert!(service.verify(&token, claims.exp).is_err());
        assert!(service.verify(&token, claims.exp - 1).is_ok());
    }
}
