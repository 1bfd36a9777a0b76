//! The API's configuration from environment variables, validated once at start: the core's
//! parts (the XMPP server, the store, Web Push) and what only the routes use (tokens,
//! passkeys, policies, the user service, CORS).
//!
//! Every variable is documented in `docs/configuration.md`. A missing or malformed value
//! stops the process with one line naming the variable and what it expects ([`ConfigError`]).

pub mod policy;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use jid::Jid;
use webauthn_rs::prelude::{Webauthn, WebauthnBuilder};
pub use xwg_core::config::{
    ConfigError, KeeperConfig, PushConfig, StoreConfig, StreamCaps, Vars, XmppConfig, env_vars,
};
use xwg_core::config::{MIN_KEY_BYTES, socket_addr};
use xwg_core::es256;
pub use xwg_core::xmpp::bookmarks::BookmarkStorage;

#[derive(Clone, Debug)]
pub struct Config {
    pub xmpp: XmppConfig,
    pub tokens: TokenConfig,
    pub store: StoreConfig,
    /// The longest an SSE stream stays open before asking the client to reconnect.
    pub sse_max: Option<Duration>,
    /// What the CDN adds to every request (`XWG_ORIGIN_SECRET`): requests without it are
    /// refused, and with it the viewer's address is the caller's (`routes::edge`).
    pub origin_secret: Option<OriginSecret>,
    pub webauthn: WebAuthnConfig,
    /// Whether new accounts may be created through the gateway (in-band registration).
    pub registration: bool,
    /// Which factor combinations yield a token.
    pub policy: policy::Policy,
    /// What a new password must be (registration, creation and change by an administrator).
    pub passwords: PasswordRule,
    pub user_service: UserServiceConfig,
    pub push: PushConfig,
    /// Webhooks: where endpoints may be (checked at registration).
    pub webhooks: xwg_core::config::WebhookConfig,
    /// The XEP-0363 upload service.
    pub upload_service: Jid,
    /// The XEP-0060 pubsub service.
    pub pubsub_service: Jid,
    /// Where users' bookmarks are kept.
    pub bookmarks: BookmarkStorage,
    pub privacy: PrivacyConfig,
    /// Origins whose pages may call the API (`*`: any): the CORS allow-list.
    pub cors_origins: Vec<String>,
    /// AES-256-GCM key sealing the secrets the gateway stores (TOTP secrets, the VAPID
    /// key; keepers: XMPP passwords).
    /// Absent where the route's grants leave the seal key out.
    pub seal_keys: Option<xwg_core::seal::SealKeys>,
}

/// The rule for new passwords (NIST SP 800-63B): a length in characters (Unicode scalar
/// values; spaces and any script allowed), and not the username.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordRule {
    pub min: usize,
    pub max: usize,
}

impl Default for PasswordRule {
    fn default() -> Self {
        Self { min: 8, max: 256 }
    }
}

/// What users may learn about, and send to, each other.
#[derive(Clone, Debug, Default)]
pub struct PrivacyConfig {
    /// Whether user search shows (and matches) emails to users who are not admins.
    pub directory_emails: bool,
    /// Whether Web Push `notify`/`message` reach anyone (`anyone`), or only users who have
    /// the sender in their roster (`contacts`, the default); admins reach anyone.
    pub push_to_anyone: bool,
}

/// Openfire's User Service: the legacy endpoint and the admin API's shared secret.
#[derive(Clone, Default)]
pub struct UserServiceConfig {
    pub enabled: bool,
    /// The shared secret (`secret=` on the legacy endpoint, the `Authorization` header on
    /// the admin API); required when enabled.
    pub secret: Option<String>,
    /// Source addresses allowed to call the legacy endpoint; empty = any.
    pub allowed: Vec<std::net::IpAddr>,
}

impl std::fmt::Debug for UserServiceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserServiceConfig")
            .field("enabled", &self.enabled)
            .field("allowed", &self.allowed)
            .finish_non_exhaustive()
    }
}

/// The CDN's origin secret; never printed.
#[derive(Clone)]
pub struct OriginSecret(pub String);

impl std::fmt::Debug for OriginSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OriginSecret(..)")
    }
}

/// The WebAuthn relying party: passkeys are bound to `rp_id` and accepted from `origins`.
#[derive(Clone, Debug)]
pub struct WebAuthnConfig {
    pub rp_id: String,
    pub rp_name: String,
    pub origins: Vec<webauthn_rs::prelude::Url>,
}

#[derive(Clone)]
pub struct TokenConfig {
    pub issuer: String,
    pub audience: String,
    pub lifetime: Duration,
    /// How long a login lasts without a refresh (each refresh starts it again).
    pub refresh_lifetime: Duration,
    /// Keys by key id: the first that can sign signs, all of them verify (rotation).
    pub keys: Vec<(String, TokenKey)>,
    /// Usernames whose tokens carry the `admin` role.
    pub admins: Vec<String>,
}

/// One token key.
#[derive(Clone)]
pub enum TokenKey {
    /// A shared secret (HS256): whoever verifies can sign.
    Shared(Vec<u8>),
    /// A P-256 private key (ES256), in the gateway's text form (`xwg_core::es256`).
    Es256Private(String),
    /// A P-256 public key (ES256): verifies only. What functions that issue no token hold.
    Es256Public(String),
}

impl TokenConfig {
    /// Whether `user` is named in `XWG_ADMINS`.
    pub fn is_admin(&self, user: &str) -> bool {
        self.admins.iter().any(|admin| admin == user)
    }
}

// Key material never reaches a log line, not even through `{:?}`.
impl std::fmt::Debug for TokenConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<&str> = self.keys.iter().map(|(kid, _)| kid.as_str()).collect();
        f.debug_struct("TokenConfig")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("lifetime", &self.lifetime)
            .field("refresh_lifetime", &self.refresh_lifetime)
            .field("kids", &kids)
            .field("admins", &self.admins)
            .finish()
    }
}

/// The relying party of the configuration; refuses origins outside the RP id.
impl WebAuthnConfig {
    /// The relying party webauthn-rs checks ceremonies against.
    pub fn relying_party(&self) -> Result<Webauthn, ConfigError> {
        let config = self;
        let invalid = |problem: &str| ConfigError {
            var: "XWG_WEBAUTHN_ORIGINS",
            problem: problem.to_string(),
        };
        let (first, others) = config
            .origins
            .split_first()
            .ok_or_else(|| invalid("names no origin"))?;
        let mut builder = WebauthnBuilder::new(&config.rp_id, first)
            .map_err(|_| {
                invalid(&format!(
                    "must be on the relying party's domain {} (XWG_WEBAUTHN_RP_ID)",
                    config.rp_id
                ))
            })?
            .rp_name(&config.rp_name);
        for origin in others {
            builder = builder.append_allowed_origin(origin);
        }
        builder.build().map_err(|err| invalid(&err.to_string()))
    }
}

impl Config {
    /// For a process that serves every route (the local runtime, a keeper task serving
    /// REST): the secrets a function may go without must all be here.
    pub fn holds_every_secret(&self) -> Result<(), ConfigError> {
        let missing = |var: &'static str, problem: &str| ConfigError {
            var,
            problem: problem.to_string(),
        };
        if self.user_service.enabled && self.user_service.secret.is_none() {
            return Err(missing(
                "XWG_USERSERVICE_SECRET",
                "is not set: the enabled user service needs a shared secret",
            ));
        }
        if self.seal_keys.is_none() {
            return Err(missing(
                "XWG_SEAL_KEY",
                "is not set (generate one with: openssl rand -hex 32)",
            ));
        }
        if !self
            .tokens
            .keys
            .iter()
            .any(|(_, key)| !matches!(key, TokenKey::Es256Public(_)))
        {
            return Err(missing(
                "XWG_JWT_KEYS",
                "is not set: tokens need a key to sign with (xwg-local keygen)",
            ));
        }
        Ok(())
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&env_vars())
    }

    /// Everything the routes need (the functions and the local runtime).
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let env = Vars(vars);
        let xmpp = XmppConfig::from_vars(vars)?;
        Ok(Self {
            tokens: TokenConfig {
                issuer: env.or("XWG_TOKEN_ISSUER", "xmpp-web-gateway"),
                audience: env.or("XWG_TOKEN_AUDIENCE", "sparkweb"),
                lifetime: Duration::from_secs(env.number("XWG_TOKEN_LIFETIME_SECS", 900)?),
                refresh_lifetime: Duration::from_secs(
                    env.number("XWG_REFRESH_LIFETIME_SECS", 30 * 86_400)?,
                ),
                keys: env.token_keys()?,
                admins: env.list("XWG_ADMINS"),
            },
            store: StoreConfig::from_vars(vars)?,
            webauthn: WebAuthnConfig {
                rp_id: env.or("XWG_WEBAUTHN_RP_ID", "localhost"),
                rp_name: env.or("XWG_WEBAUTHN_RP_NAME", "XMPP Web Gateway"),
                origins: env.urls("XWG_WEBAUTHN_ORIGINS", "http://localhost:8080")?,
            },
            registration: env.flag("XWG_REGISTRATION")?,
            policy: policy::Policy::parse(&env.or("XWG_AUTH_POLICY", "pwd,otp,hwk"))
                .map_err(|problem| env.problem("XWG_AUTH_POLICY", &problem))?,
            passwords: env.password_rule()?,
            user_service: env.user_service()?,
            push: PushConfig::from_vars(vars)?,
            webhooks: xwg_core::config::WebhookConfig::from_vars(vars)?,
            bookmarks: match env.or("XWG_BOOKMARKS", "auto").as_str() {
                "auto" => BookmarkStorage::Auto,
                "pep" => BookmarkStorage::Pep,
                "private" => BookmarkStorage::Private,
                _ => {
                    return Err(env.problem("XWG_BOOKMARKS", "expects auto, pep or private"));
                }
            },
            pubsub_service: env.jid("XWG_PUBSUB_SERVICE", &format!("pubsub.{}", xmpp.domain))?,
            upload_service: env.jid("XWG_UPLOAD_SERVICE", &format!("upload.{}", xmpp.domain))?,
            seal_keys: env.optional_seal_keys("XWG_SEAL_KEY")?,
            cors_origins: cors_origins(vars),
            privacy: PrivacyConfig {
                directory_emails: env.flag("XWG_DIRECTORY_EMAILS")?,
                push_to_anyone: match env.or("XWG_PUSH_TO", "contacts").as_str() {
                    "contacts" => false,
                    "anyone" => true,
                    _ => return Err(env.problem("XWG_PUSH_TO", "expects contacts or anyone")),
                },
            },
            origin_secret: env
                .get("XWG_ORIGIN_SECRET")
                .map(|s| OriginSecret(s.to_string())),
            sse_max: match env.get("XWG_SSE_MAX_SECS") {
                None => None,
                Some(_) => Some(Duration::from_secs(env.number("XWG_SSE_MAX_SECS", 0)?)),
            },
            xmpp,
        })
    }
}

/// Whether a page of `origin` may call the API, by the allowed list: an exact origin, `*`
/// for any, or `scheme://host:*` for that host on any port or none (development servers).
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|entry| {
        entry == "*"
            || entry == origin
            || entry.strip_suffix(":*").is_some_and(|base| {
                // That host with any port, or with none (the scheme's own).
                origin == base
                    || origin
                        .strip_prefix(base)
                        .and_then(|rest| rest.strip_prefix(':'))
                        .is_some_and(|port| {
                            !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
                        })
            })
    })
}

/// The origins whose pages may call the API (`XWG_CORS_ORIGINS`, comma-separated).
pub fn cors_origins(vars: &HashMap<String, String>) -> Vec<String> {
    Vars(vars).list("XWG_CORS_ORIGINS")
}

/// The local runtime's listen address (`XWG_LISTEN`, default 127.0.0.1:8080).
pub fn listen_addr() -> Result<SocketAddr, ConfigError> {
    socket_addr("XWG_LISTEN", "127.0.0.1:8080")
}

/// Where the functions reach the keeper (`XWG_KEEPER_URL`, e.g. http://10.0.0.5:8090).
pub fn keeper_url(vars: &HashMap<String, String>) -> Result<String, ConfigError> {
    let env = Vars(vars);
    let url = env.required(
        "XWG_KEEPER_URL",
        "the keeper's internal URL, e.g. http://127.0.0.1:8090",
    )?;
    if !url.starts_with("http://") && !url.starts_with("https://") {
        return Err(env.problem("XWG_KEEPER_URL", "expects an http:// or https:// URL"));
    }
    Ok(url)
}

/// What only the API reads (the core's [`Vars`] reads the rest).
trait ApiVars {
    fn password_rule(&self) -> Result<PasswordRule, ConfigError>;
    fn user_service(&self) -> Result<UserServiceConfig, ConfigError>;
    fn urls(
        &self,
        var: &'static str,
        default: &str,
    ) -> Result<Vec<webauthn_rs::prelude::Url>, ConfigError>;
    fn token_keys(&self) -> Result<Vec<(String, TokenKey)>, ConfigError>;
}

impl ApiVars for Vars<'_> {
    /// `XWG_PASSWORD_MIN` and `XWG_PASSWORD_MAX` (characters; 8 and 256 by default).
    fn password_rule(&self) -> Result<PasswordRule, ConfigError> {
        let default = PasswordRule::default();
        let rule = PasswordRule {
            min: self.number("XWG_PASSWORD_MIN", default.min as u64)? as usize,
            max: self.number("XWG_PASSWORD_MAX", default.max as u64)? as usize,
        };
        if rule.max < rule.min {
            return Err(self.problem("XWG_PASSWORD_MAX", "must not be below XWG_PASSWORD_MIN"));
        }
        Ok(rule)
    }

    fn user_service(&self) -> Result<UserServiceConfig, ConfigError> {
        let enabled = self.flag("XWG_USERSERVICE_ENABLED")?;
        let secret = match self.get("XWG_USERSERVICE_SECRET") {
            Some(secret) if secret.len() < 16 => {
                return Err(
                    self.problem("XWG_USERSERVICE_SECRET", "expects at least 16 characters")
                );
            }
            Some(secret) => Some(secret.to_string()),
            // A function whose route is not granted the secret has none (`holds_every_secret`).
            None => None,
        };
        let allowed = self
            .list("XWG_USERSERVICE_ALLOWED")
            .iter()
            .map(|ip| ip.parse())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                self.problem(
                    "XWG_USERSERVICE_ALLOWED",
                    "expects IP addresses, comma-separated (e.g. 127.0.0.1,10.0.0.7)",
                )
            })?;
        Ok(UserServiceConfig {
            enabled,
            secret,
            allowed,
        })
    }

    /// A comma-separated list of origins (`scheme://host[:port]`).
    fn urls(
        &self,
        var: &'static str,
        default: &str,
    ) -> Result<Vec<webauthn_rs::prelude::Url>, ConfigError> {
        self.or(var, default)
            .split(',')
            .map(|origin| {
                webauthn_rs::prelude::Url::parse(origin.trim()).map_err(|_| {
                    self.problem(
                        var,
                        "expects origins like https://chat.example.org[,http://localhost:8080]",
                    )
                })
            })
            .collect()
    }

    /// `kid=secret[,kid=secret…]`; each secret at least [`MIN_KEY_BYTES`] long.
    /// `XWG_JWT_KEYS` (`kid=secret` for HS256, `kid=es256:<private key>` for ES256), then
    /// `XWG_JWT_PUBLIC_KEYS` (`kid=es256:<public key>`: verifies only); at least one key.
    fn token_keys(&self) -> Result<Vec<(String, TokenKey)>, ConfigError> {
        const SIGNING: &str = "XWG_JWT_KEYS";
        const PUBLIC: &str = "XWG_JWT_PUBLIC_KEYS";
        let expected = "kid=secret or kid=es256:<private key>[,…], secrets of at least 32 \
                        characters (generate them with: xwg-local keygen)";
        let expected_public = "kid=es256:<public key>[,…] (xwg-local keygen prints them)";
        if self.get(SIGNING).is_none() && self.get(PUBLIC).is_none() {
            self.required(SIGNING, expected)?;
        }
        let mut keys: Vec<(String, TokenKey)> = Vec::new();
        for (var, raw) in [(SIGNING, self.get(SIGNING)), (PUBLIC, self.get(PUBLIC))] {
            for entry in raw.into_iter().flat_map(|raw| raw.split(',')) {
                let (kid, material) = entry
                    .trim()
                    .split_once('=')
                    .filter(|(kid, _)| !kid.is_empty())
                    .ok_or_else(|| {
                        self.problem(
                            var,
                            &format!(
                                "expects {}",
                                if var == SIGNING {
                                    expected
                                } else {
                                    expected_public
                                }
                            ),
                        )
                    })?;
                let key = match (var, material.strip_prefix("es256:")) {
                    (SIGNING, Some(private)) if es256::secret_key(private).is_some() => {
                        TokenKey::Es256Private(private.to_string())
                    }
                    (SIGNING, None) if material.len() >= MIN_KEY_BYTES => {
                        TokenKey::Shared(material.as_bytes().to_vec())
                    }
                    (PUBLIC, Some(public)) if es256::verifier(public).is_some() => {
                        TokenKey::Es256Public(public.to_string())
                    }
                    (SIGNING, _) => return Err(self.problem(var, &format!("expects {expected}"))),
                    _ => return Err(self.problem(var, &format!("expects {expected_public}"))),
                };
                if keys.iter().any(|(k, _)| k == kid) {
                    return Err(self.problem(var, &format!("names key id `{kid}` twice")));
                }
                keys.push((kid.to_string(), key));
            }
        }
        Ok(keys)
    }
}
#[cfg(test)]
mod tests {
    use super::origin_allowed;

    #[test]
    fn an_origin_is_allowed_exactly_or_on_any_port_of_a_listed_host() {
        let allowed = vec![
            "https://app.example.org".to_string(),
            "http://localhost:*".to_string(),
        ];
        assert!(origin_allowed(&allowed, "https://app.example.org"));
        assert!(origin_allowed(&allowed, "http://localhost:5173"));
        assert!(origin_allowed(&allowed, "http://localhost"), "port 80");
        for refused in [
            "https://app.example.org:8443",
            "http://localhost:",
            "http://localhost:80x",
            "http://localhost.evil.example:80",
            "https://localhost:5173",
        ] {
            assert!(!origin_allowed(&allowed, refused), "{refused}");
        }
        assert!(origin_allowed(&["*".to_string()], "https://any.example"));
    }

    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const GOOD: &[(&str, &str)] = &[
        ("XWG_XMPP_DOMAIN", "localhost"),
        ("XWG_XMPP_SERVER", "127.0.0.1:5222"),
        ("XWG_JWT_KEYS", "k1=0123456789abcdef0123456789abcdef"),
        (
            "XWG_SEAL_KEY",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        ),
    ];

    fn error_for(overrides: &[(&str, &str)]) -> ConfigError {
        let mut v = vars(GOOD);
        v.extend(vars(overrides));
        Config::from_vars(&v).expect_err("config should be refused")
    }

    #[test]
    fn a_complete_environment_is_accepted_with_defaults() {
        let config = Config::from_vars(&vars(GOOD)).unwrap();
        assert_eq!(config.tokens.keys[0].0, "k1");
        assert_eq!(config.tokens.lifetime, Duration::from_secs(900));
        assert!(matches!(config.store, StoreConfig::Embedded { .. }));
        assert!(
            !config.registration,
            "no self-service accounts unless asked for"
        );
    }

    #[test]
    fn each_problem_names_its_variable() {
        let mut missing = vars(GOOD);
        missing.remove("XWG_XMPP_DOMAIN");
        assert_eq!(
            Config::from_vars(&missing).unwrap_err().var,
            "XWG_XMPP_DOMAIN"
        );
        assert_eq!(
            error_for(&[("XWG_XMPP_SERVER", "localhost")]).var,
            "XWG_XMPP_SERVER"
        );
        assert_eq!(
            error_for(&[("XWG_JWT_KEYS", "k1=short")]).var,
            "XWG_JWT_KEYS"
        );
        assert_eq!(error_for(&[("XWG_STORE", "postgres")]).var, "XWG_STORE");
        assert_eq!(
            error_for(&[("XWG_REGISTRATION", "yes")]).var,
            "XWG_REGISTRATION"
        );
        assert_eq!(
            error_for(&[("XWG_WEBAUTHN_ORIGINS", "localhost")]).var,
            "XWG_WEBAUTHN_ORIGINS"
        );
        assert_eq!(
            error_for(&[("XWG_TOKEN_LIFETIME_SECS", "soon")]).var,
            "XWG_TOKEN_LIFETIME_SECS"
        );
    }

    #[test]
    fn a_rejected_key_is_not_echoed_back() {
        let secret = "k1=this-is-a-secret-but-too-short";
        let message = error_for(&[("XWG_JWT_KEYS", secret)]).to_string();
        assert!(!message.contains("this-is-a-secret"), "{message}");
    }
}
