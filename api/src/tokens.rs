//! Access tokens: JWTs signed with HS256 under a key id (`kid`), several verification keys
//! so keys can be rotated, and the claims SparkWeb clients and our routes need.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::TokenConfig;

/// What a login was started with, carried on to every token it yields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Login {
    pub user: String,
    pub sid: String,
    pub amr: Vec<String>,
    /// The account incarnation the login was started in.
    #[serde(default)]
    pub inc: String,
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
}

/// The role that admin routes of the table require.
pub const ADMIN_ROLE: &str = "admin";

/// Why a token was refused. The caller only ever learns "invalid or expired".
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("token has no key id, or one we do not know")]
    UnknownKey,
    #[error("token rejected: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
}

struct Key {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

pub struct TokenService {
    keys: Vec<Key>,
    validation: Validation,
    config: TokenConfig,
}

impl TokenService {
    pub fn new(config: &TokenConfig) -> Self {
        let keys = config
            .keys
            .iter()
            .map(|(kid, secret)| Key {
                kid: kid.clone(),
                encoding: EncodingKey::from_secret(secret),
                decoding: DecodingKey::from_secret(secret),
            })
            .collect();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 0;
        Self {
            keys,
            validation,
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
        };
        let key = &self.keys[0];
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(key.kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, &key.encoding)?;
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
        let claims = jsonwebtoken::decode::<Claims>(token, &key.decoding, &self.validation)?.claims;
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
                .map(|(k, s)| (k.to_string(), s.as_bytes().to_vec()))
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
    fn an_expired_token_is_refused() {
        let service = TokenService::new(&config(&[OLD]));
        let (token, claims) = service.issue(&login(), now(), now() + 60).unwrap();
        assert!(service.verify(&token, claims.exp).is_err());
        assert!(service.verify(&token, claims.exp - 1).is_ok());
    }
}
