//! Configuration from environment variables, validated once at start: what the core needs
//! (the XMPP server, the store, Web Push, the keeper), and the helpers the API's own
//! configuration reads its variables with ([`Vars`]).
//!
//! Every variable is documented in `docs/configuration.md`. A missing or malformed value
//! stops the process with one line naming the variable and what it expects ([`ConfigError`]).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use jid::Jid;

use crate::identity::Domain;
pub use crate::protocol::server::XmppConfig;
use crate::protocol::transport::{TlsClient, Transport};

/// One line that names the variable and what it expects.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {var} {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

/// Web Push: the VAPID key and contact, and the XMPP server's push (XEP-0357) target.
#[derive(Clone, Default)]
pub struct PushConfig {
    /// The VAPID private key (URL-safe base64 of the 32-byte P-256 scalar); without one the
    /// gateway makes a key once and keeps it in the store.
    pub vapid_private_key: Option<String>,
    /// The VAPID `sub` claim: how push services reach the operator.
    pub subject: String,
    /// The push component (XEP-0357 `enable` target), when the keepers run one.
    pub component: Option<Jid>,
    /// Push endpoints (`host:port`) allowed although they are plain http or on a private
    /// address: for local testing only. Everything else must be https to a public address.
    pub allow_endpoints: Vec<String>,
}

impl std::fmt::Debug for PushConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushConfig")
            .field("subject", &self.subject)
            .field("component", &self.component)
            .finish_non_exhaustive()
    }
}
#[derive(Clone, Debug)]
pub enum StoreConfig {
    /// A single local file (the local runtime's default).
    Embedded { path: PathBuf },
    /// DynamoDB (endpoint from the standard `AWS_ENDPOINT_URL`, region from `AWS_REGION`).
    DynamoDb { table: String },
}

/// The shortest secret key accepted: 256 bits.
pub const MIN_KEY_BYTES: usize = 32;

/// The process's environment, to read each part of the configuration from.
pub fn env_vars() -> HashMap<String, String> {
    std::env::vars().collect()
}

impl XmppConfig {
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let env = Vars(vars);
        let domain = env.required("XWG_XMPP_DOMAIN", "an XMPP domain, e.g. localhost")?;
        let domain = Domain::parse(&domain).map_err(|_| {
            env.problem(
                "XWG_XMPP_DOMAIN",
                "expects an XMPP domain, e.g. example.org",
            )
        })?;
        let server = env.host_port("XWG_XMPP_SERVER")?;
        Ok(Self {
            transport: env.xmpp_transport(&server)?,
            domain_jid: domain.jid(),
            domain,
            server,
            max_stanza_bytes: env.number("XWG_XMPP_MAX_STANZA_BYTES", 256 * 1024)? as usize,
            accept_all_subscriptions: match env.or("XWG_SUBSCRIPTIONS", "manual").as_str() {
                "manual" => false,
                "accept_all" => true,
                _ => return Err(env.problem("XWG_SUBSCRIPTIONS", "expects manual or accept_all")),
            },
        })
    }
}

impl StoreConfig {
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let env = Vars(vars);
        Ok(match env.or("XWG_STORE", "embedded").as_str() {
            "embedded" => StoreConfig::Embedded {
                path: env.or("XWG_STORE_PATH", "gateway.db").into(),
            },
            "dynamodb" => StoreConfig::DynamoDb {
                table: env.or("XWG_DYNAMODB_TABLE", "xwg-gateway"),
            },
            _ => return Err(env.problem("XWG_STORE", "expects `embedded` or `dynamodb`")),
        })
    }
}

impl PushConfig {
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let env = Vars(vars);
        let domain = env.get("XWG_XMPP_DOMAIN").unwrap_or("localhost");
        let subject = env.or("XWG_VAPID_SUBJECT", &format!("mailto:admin@{domain}"));
        if !subject.starts_with("mailto:") && !subject.starts_with("https://") {
            return Err(env.problem(
                "XWG_VAPID_SUBJECT",
                "expects a mailto: or https: URL (how push services reach you)",
            ));
        }
        let component = match env.get("XWG_PUSH_COMPONENT") {
            None => None,
            Some(_) => Some(env.jid("XWG_PUSH_COMPONENT", "")?),
        };
        Ok(PushConfig {
            vapid_private_key: env.get("XWG_VAPID_PRIVATE_KEY").map(str::to_string),
            subject,
            component,
            allow_endpoints: env.list("XWG_PUSH_ALLOW_ENDPOINTS"),
        })
    }
}

/// What only a session keeper needs.
#[derive(Clone)]
pub struct KeeperConfig {
    /// AES-256-GCM keys that seal stored XMPP credentials (only keepers hold them):
    /// `XWG_CREDENTIAL_KEY`'s, then `XWG_SEAL_KEY`'s (values sealed under those before a
    /// credential key was given still open, and are sealed again under it).
    pub credential_keys: crate::seal::SealKeys,
    /// The functions' seal keys (`XWG_SEAL_KEY`), for the VAPID key the keeper's pushes use.
    pub seal_keys: Option<crate::seal::SealKeys>,
    /// A session with no REST call and no live event stream for this long is ended.
    pub idle: Duration,
    /// With no page of the user's open for this long, contacts see the user as away (until
    /// a page comes back).
    pub away_after: Duration,
    /// How long events stay in the log for `Last-Event-ID` resumption.
    pub event_ttl: Duration,
    /// A session that heard nothing for this long pings the server to check it is there.
    pub ping: Duration,
    /// How long a keeper's hold on a session lasts without renewal (it renews at a third).
    pub lease: Duration,
    /// The server admin account: it runs XEP-0133 commands and is the server's XEP-0356
    /// privileged entity (other users' rosters and vCards).
    pub admin: Option<AdminAccount>,
    /// The push component (XEP-0114) the XMPP server sends XEP-0357 notifications to.
    pub push_component: Option<ComponentConfig>,
    /// How many event streams one login, and one user, may have open.
    pub streams: StreamCaps,
    /// How webhooks are delivered.
    pub webhooks: WebhookConfig,
}

/// Webhook delivery: where endpoints may be, how attempts are spaced, when to give up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookConfig {
    /// `host:port`s exempt from the https-and-public-address rule
    /// (`XWG_WEBHOOK_ALLOW_ENDPOINTS`, `host:*` for any port), for receivers on your own
    /// network.
    pub allow_endpoints: Vec<String>,
    /// The wait after a first failure (`XWG_WEBHOOK_RETRY_FIRST_MS`), doubled at each
    /// further one up to `retry_max` (`XWG_WEBHOOK_RETRY_MAX_SECS`).
    pub retry_first: Duration,
    pub retry_max: Duration,
    /// A webhook failing for this long is paused (`XWG_WEBHOOK_GIVE_UP_SECS`, 3 days).
    pub give_up: Duration,
    /// How long a delivery waits in the store (`XWG_WEBHOOK_KEEP_SECS`, 7 days): what a
    /// paused webhook gets once resumed.
    pub keep: Duration,
    /// How often the delivering keeper looks for new deliveries.
    pub poll: Duration,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            allow_endpoints: Vec::new(),
            retry_first: Duration::from_secs(1),
            retry_max: Duration::from_secs(3600),
            give_up: Duration::from_secs(3 * 86_400),
            keep: Duration::from_secs(7 * 86_400),
            poll: Duration::from_millis(250),
        }
    }
}

impl WebhookConfig {
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let env = Vars(vars);
        let default = Self::default();
        let config = Self {
            allow_endpoints: env.list("XWG_WEBHOOK_ALLOW_ENDPOINTS"),
            retry_first: Duration::from_millis(env.number("XWG_WEBHOOK_RETRY_FIRST_MS", 1000)?),
            retry_max: Duration::from_secs(env.number("XWG_WEBHOOK_RETRY_MAX_SECS", 3600)?),
            give_up: Duration::from_secs(
                env.number("XWG_WEBHOOK_GIVE_UP_SECS", default.give_up.as_secs())?,
            ),
            keep: Duration::from_secs(env.number("XWG_WEBHOOK_KEEP_SECS", default.keep.as_secs())?),
            poll: default.poll,
        };
        if config.keep < config.give_up {
            return Err(env.problem(
                "XWG_WEBHOOK_KEEP_SECS",
                "must be at least XWG_WEBHOOK_GIVE_UP_SECS (deliveries wait while retried)",
            ));
        }
        Ok(config)
    }
}

/// The most event streams (tabs, windows) open at once: per login, and per user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamCaps {
    pub per_login: usize,
    pub per_user: usize,
}

impl Default for StreamCaps {
    fn default() -> Self {
        Self {
            per_login: 20,
            per_user: 50,
        }
    }
}

#[derive(Clone)]
pub struct ComponentConfig {
    /// The component's name, e.g. `push.example.org`.
    pub jid: String,
    pub secret: String,
    /// `host:port` of the server's component listener.
    pub server: String,
}

/// An account the XMPP server lists among its admins (its local part and password).
#[derive(Clone)]
pub struct AdminAccount {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for KeeperConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeeperConfig")
            .field("idle", &self.idle)
            .field("event_ttl", &self.event_ttl)
            .field("ping", &self.ping)
            .field("lease", &self.lease)
            .field("streams", &self.streams)
            .finish_non_exhaustive()
    }
}

impl KeeperConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(&std::env::vars().collect())
    }

    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let env = Vars(vars);
        Ok(Self {
            credential_keys: env.credential_keys()?,
            seal_keys: env.optional_seal_keys("XWG_SEAL_KEY")?,
            idle: Duration::from_secs(env.number("XWG_SESSION_IDLE_SECS", 600)?),
            away_after: Duration::from_secs(env.number("XWG_AWAY_AFTER_SECS", 60)?),
            event_ttl: Duration::from_secs(env.number("XWG_EVENT_TTL_SECS", 86_400)?),
            ping: Duration::from_secs(env.number("XWG_SESSION_PING_SECS", 30)?),
            lease: Duration::from_secs(env.number("XWG_LEASE_SECS", 30)?),
            admin: env.admin_account()?,
            push_component: env.push_component()?,
            streams: StreamCaps {
                per_login: env.number("XWG_STREAMS_PER_LOGIN", 20)? as usize,
                per_user: env.number("XWG_STREAMS_PER_USER", 50)? as usize,
            },
            webhooks: WebhookConfig::from_vars(vars)?,
        })
    }
}

/// The keeper process's internal API address (`XWG_KEEPER_LISTEN`, default 127.0.0.1:8090).
pub fn keeper_listen_addr() -> Result<SocketAddr, ConfigError> {
    socket_addr("XWG_KEEPER_LISTEN", "127.0.0.1:8090")
}

/// A secret's value (`XWG_SECRETS_ARN`, read by functions and keepers when they start): a
/// JSON object of `XWG_*` names to strings. The message of a bad value never quotes it.
pub fn secret_vars(text: &str) -> Result<HashMap<String, String>, String> {
    let object: HashMap<String, serde_json::Value> = serde_json::from_str(text)
        .map_err(|_| "XWG_SECRETS_ARN: the secret is not a JSON object".to_string())?;
    object
        .into_iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(value) if name.starts_with("XWG_") => Ok((name, value)),
            serde_json::Value::String(_) => Err(format!(
                "XWG_SECRETS_ARN: {name} is not a gateway variable (XWG_…)"
            )),
            _ => Err(format!("XWG_SECRETS_ARN: {name} is not a string")),
        })
        .collect()
}

/// Whether `host:port` names this machine's loopback interface.
fn is_loopback(server: &str) -> bool {
    let host = server.rsplit_once(':').map_or(server, |(host, _)| host);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A socket address from `var` (`default` when unset).
pub fn socket_addr(var: &'static str, default: &str) -> Result<SocketAddr, ConfigError> {
    let vars = std::env::vars().collect();
    let env = Vars(&vars);
    env.or(var, default)
        .parse()
        .map_err(|_| env.problem(var, &format!("expects an address like {default}")))
}

/// The secret shared by the keeper and the functions (`XWG_KEEPER_SECRET`).
pub fn keeper_secret(vars: &HashMap<String, String>) -> Result<KeeperSecrets, ConfigError> {
    let env = Vars(vars);
    let given = env.required(
        "XWG_KEEPER_SECRET",
        "a shared secret of at least 32 characters",
    )?;
    let secrets: Vec<String> = given.split(',').map(|s| s.trim().to_string()).collect();
    if secrets.iter().any(|secret| secret.len() < MIN_KEY_BYTES) {
        return Err(env.problem(
            "XWG_KEEPER_SECRET",
            "expects secrets of at least 32 characters, comma-separated",
        ));
    }
    Ok(KeeperSecrets(secrets))
}

/// The keeper API's shared secrets (`XWG_KEEPER_SECRET=current[,other…]`): calls send the
/// first, the API accepts any, so the secret rotates without refused calls (docs/deploy.md).
#[derive(Clone)]
pub struct KeeperSecrets(Vec<String>);

impl KeeperSecrets {
    /// The secret calls are made with.
    pub fn current(&self) -> &str {
        &self.0[0]
    }

    /// Whether a caller sent one of the accepted secrets (each compared in constant time).
    pub fn accepts(&self, given: &[u8]) -> bool {
        self.0.iter().fold(false, |found, secret| {
            found | crate::seal::same(given, secret.as_bytes())
        })
    }
}

impl std::fmt::Debug for KeeperSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeeperSecrets({} accepted)", self.0.len())
    }
}

/// The variables, read one at a time with what each expects.
pub struct Vars<'a>(pub &'a HashMap<String, String>);

impl Vars<'_> {
    pub fn get(&self, var: &str) -> Option<&str> {
        self.0.get(var).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    pub fn problem(&self, var: &'static str, problem: &str) -> ConfigError {
        ConfigError {
            var,
            problem: problem.to_string(),
        }
    }

    pub fn or(&self, var: &str, default: &str) -> String {
        self.get(var).unwrap_or(default).to_string()
    }

    pub fn required(&self, var: &'static str, expected: &str) -> Result<String, ConfigError> {
        self.get(var)
            .map(str::to_string)
            .ok_or_else(|| self.problem(var, &format!("is not set: expects {expected}")))
    }

    /// `XWG_XMPP_TLS`: `required` (STARTTLS), `direct` (XEP-0368) or `none`; by default
    /// `required`, but `none` for a server on a loopback address (nothing crosses a
    /// network). `XWG_XMPP_CA_FILE` names the CA certificates (PEM) to trust instead of
    /// the system's.
    fn xmpp_transport(&self, server: &str) -> Result<Transport, ConfigError> {
        let default = if is_loopback(server) {
            "none"
        } else {
            "required"
        };
        let direct = match self.or("XWG_XMPP_TLS", default).as_str() {
            "none" => return Ok(Transport::Plain),
            "required" => false,
            "direct" => true,
            _ => return Err(self.problem("XWG_XMPP_TLS", "expects required, direct or none")),
        };
        let ca_file = self.get("XWG_XMPP_CA_FILE").map(std::path::Path::new);
        let client = Arc::new(
            TlsClient::new(ca_file, direct)
                .map_err(|problem| self.problem("XWG_XMPP_CA_FILE", &problem))?,
        );
        Ok(if direct {
            Transport::DirectTls(client)
        } else {
            Transport::StartTls(client)
        })
    }

    pub fn host_port(&self, var: &'static str) -> Result<String, ConfigError> {
        let value = self.required(var, "host:port, e.g. 127.0.0.1:5222")?;
        match value.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => Ok(value),
            _ => Err(self.problem(var, "expects host:port, e.g. 127.0.0.1:5222")),
        }
    }

    pub fn number(&self, var: &'static str, default: u64) -> Result<u64, ConfigError> {
        match self.get(var) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| self.problem(var, "expects a whole number above 0")),
        }
    }

    /// `XWG_XMPP_ADMIN_JID` and `XWG_XMPP_ADMIN_PASSWORD`, both or neither.
    fn admin_account(&self) -> Result<Option<AdminAccount>, ConfigError> {
        const VAR: &str = "XWG_XMPP_ADMIN_JID";
        let Some(jid) = self.get(VAR) else {
            return Ok(None);
        };
        let domain = self.required("XWG_XMPP_DOMAIN", "an XMPP domain, e.g. localhost")?;
        let user = match jid.split_once('@') {
            Some((user, host)) if !user.is_empty() && host == domain => user.to_string(),
            _ => {
                return Err(self.problem(
                    VAR,
                    "expects the bare JID of a server admin on XWG_XMPP_DOMAIN, e.g. admin@example.org",
                ));
            }
        };
        let password = self.required(
            "XWG_XMPP_ADMIN_PASSWORD",
            "the password of XWG_XMPP_ADMIN_JID",
        )?;
        Ok(Some(AdminAccount { user, password }))
    }

    /// A JID (`default` when unset).
    pub fn jid(&self, var: &'static str, default: &str) -> Result<Jid, ConfigError> {
        Jid::new(self.get(var).unwrap_or(default))
            .map_err(|_| self.problem(var, "expects a JID, e.g. upload.example.org"))
    }

    /// `XWG_PUSH_COMPONENT`, its secret and the server's component listener.
    fn push_component(&self) -> Result<Option<ComponentConfig>, ConfigError> {
        let Some(jid) = self.get("XWG_PUSH_COMPONENT") else {
            return Ok(None);
        };
        Ok(Some(ComponentConfig {
            jid: jid.to_string(),
            secret: self.required(
                "XWG_PUSH_COMPONENT_SECRET",
                "the component secret the XMPP server has for XWG_PUSH_COMPONENT",
            )?,
            server: self.host_port("XWG_XMPP_COMPONENT_SERVER")?,
        }))
    }

    /// A comma-separated list (empty entries dropped).
    pub fn list(&self, var: &str) -> Vec<String> {
        self.get(var)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// `true` or `false` (default `false`).
    pub fn flag(&self, var: &'static str) -> Result<bool, ConfigError> {
        match self.get(var) {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(_) => Err(self.problem(var, "expects true or false")),
        }
    }

    /// 32 bytes as 64 hex digits.
    /// Seal keys: one bare key, or `id=key,…` (the first seals, all open: rotation).
    pub fn seal_keys(&self, var: &'static str) -> Result<crate::seal::SealKeys, ConfigError> {
        let expected =
            "64 hex digits, or id=<64 hex digits>,… (generate one with: openssl rand -hex 32)";
        let raw = self.required(var, expected)?;
        if !raw.contains('=') {
            return Ok(crate::seal::SealKeys::single(self.hex(var, &raw)?));
        }
        let mut keys: Vec<(String, [u8; 32])> = Vec::new();
        for entry in raw.split(',') {
            let (id, key) = entry
                .trim()
                .split_once('=')
                .filter(|(id, _)| !id.is_empty())
                .ok_or_else(|| self.problem(var, &format!("expects {expected}")))?;
            if keys.iter().any(|(seen, _)| seen == id) {
                return Err(self.problem(var, "names a key id twice"));
            }
            keys.push((id.to_string(), self.hex(var, key)?));
        }
        crate::seal::SealKeys::new(keys)
            .ok_or_else(|| self.problem(var, &format!("expects {expected}")))
    }

    /// Seal keys when the variable is set (a function whose grants leave them out has none).
    pub fn optional_seal_keys(
        &self,
        var: &'static str,
    ) -> Result<Option<crate::seal::SealKeys>, ConfigError> {
        match self.get(var) {
            None => Ok(None),
            Some(_) => self.seal_keys(var).map(Some),
        }
    }

    /// The keeper's keys for XMPP passwords: `XWG_CREDENTIAL_KEY` (keeper only) first, then
    /// `XWG_SEAL_KEY`; at least one of the two.
    pub fn credential_keys(&self) -> Result<crate::seal::SealKeys, ConfigError> {
        let Some(credential) = self.optional_seal_keys("XWG_CREDENTIAL_KEY")? else {
            return self.seal_keys("XWG_SEAL_KEY");
        };
        let Some(seal) = self.optional_seal_keys("XWG_SEAL_KEY")? else {
            return Ok(credential);
        };
        credential.then(seal).ok_or_else(|| {
            self.problem(
                "XWG_CREDENTIAL_KEY",
                "names a key id XWG_SEAL_KEY names too: give it an id of its own (cred1=<64 hex digits>)",
            )
        })
    }

    pub fn hex_key(&self, var: &'static str) -> Result<[u8; 32], ConfigError> {
        let raw = self.required(
            var,
            "64 hex digits (generate them with: openssl rand -hex 32)",
        )?;
        self.hex(var, &raw)
    }

    fn hex(&self, var: &'static str, raw: &str) -> Result<[u8; 32], ConfigError> {
        let expected = "64 hex digits (generate them with: openssl rand -hex 32)";
        let bytes: Option<Vec<u8>> = (raw.len() == 64 && raw.is_ascii())
            .then(|| {
                (0..32)
                    .map(|i| u8::from_str_radix(&raw[2 * i..2 * i + 2], 16).ok())
                    .collect()
            })
            .flatten();
        bytes
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| self.problem(var, &format!("expects {expected}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_keeper_needs_a_256_bit_seal_key() {
        let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let config = KeeperConfig::from_vars(&vars(&[("XWG_SEAL_KEY", key)])).unwrap();
        assert_eq!(format!("{:?}", config.credential_keys), r#"SealKeys([""])"#);
        assert_eq!(config.idle, Duration::from_secs(600));
        let rotated = format!("k2={},k1={key}", key.replace('0', "1"));
        let config = KeeperConfig::from_vars(&vars(&[("XWG_SEAL_KEY", &rotated)])).unwrap();
        assert_eq!(
            format!("{:?}", config.credential_keys),
            r#"SealKeys(["k2", "k1"])"#
        );
        for bad in [
            "",
            "0011",
            &key.replace('0', "g"),
            &"é".repeat(32),
            &format!("k1={key},k1={key}"),
            &format!("={key}"),
            &format!("k1={key},k2=0011"),
        ] {
            let err = KeeperConfig::from_vars(&vars(&[("XWG_SEAL_KEY", bad)])).unwrap_err();
            assert_eq!(err.var, "XWG_SEAL_KEY");
        }
    }

    #[test]
    fn a_credential_key_of_its_own_seals_xmpp_passwords_and_the_seal_key_still_opens() {
        let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let credential = format!("cred1={}", key.replace('0', "2"));
        let config = KeeperConfig::from_vars(&vars(&[
            ("XWG_CREDENTIAL_KEY", &credential),
            ("XWG_SEAL_KEY", key),
        ]))
        .unwrap();
        assert_eq!(
            format!("{:?}", config.credential_keys),
            r#"SealKeys(["cred1", ""])"#,
            "the credential key seals, the older seal key opens what it sealed"
        );
        assert_eq!(format!("{:?}", config.seal_keys), r#"Some(SealKeys([""]))"#);
        let alone = KeeperConfig::from_vars(&vars(&[("XWG_CREDENTIAL_KEY", &credential)])).unwrap();
        assert!(alone.seal_keys.is_none());
        let clash =
            KeeperConfig::from_vars(&vars(&[("XWG_CREDENTIAL_KEY", key), ("XWG_SEAL_KEY", key)]))
                .unwrap_err();
        assert_eq!(clash.var, "XWG_CREDENTIAL_KEY");
    }

    #[test]
    fn keeper_calls_send_the_first_secret_and_the_api_accepts_each() {
        let (new, old) = ("n".repeat(32), "o".repeat(32));
        let secrets =
            keeper_secret(&vars(&[("XWG_KEEPER_SECRET", &format!("{new}, {old}"))])).unwrap();
        assert_eq!(secrets.current(), new);
        assert!(secrets.accepts(new.as_bytes()) && secrets.accepts(old.as_bytes()));
        assert!(!secrets.accepts(b"") && !secrets.accepts("x".repeat(32).as_bytes()));
        assert!(!format!("{secrets:?}").contains(&new), "never printed");
        let short = keeper_secret(&vars(&[("XWG_KEEPER_SECRET", &format!("{new},short"))]));
        assert_eq!(short.unwrap_err().var, "XWG_KEEPER_SECRET");
    }

    #[test]
    fn a_secret_is_an_object_of_gateway_variables() {
        let vars = secret_vars(r#"{"XWG_JWT_KEYS":"k1=abc","XWG_SEAL_KEY":"00"}"#).unwrap();
        assert_eq!(vars["XWG_JWT_KEYS"], "k1=abc");
        assert_eq!(vars.len(), 2);
    }

    #[test]
    fn anything_else_is_refused_without_quoting_it() {
        for (text, expected) in [
            ("hunter2", "not a JSON object"),
            (r#"["hunter2"]"#, "not a JSON object"),
            (r#"{"PATH":"hunter2"}"#, "PATH is not a gateway variable"),
            (r#"{"XWG_SEAL_KEY":42}"#, "XWG_SEAL_KEY is not a string"),
        ] {
            let err = secret_vars(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn tls_is_required_off_loopback_unless_turned_off() {
        let transport = |server: &str, tls: Option<&str>| {
            let mut pairs = vec![
                ("XWG_XMPP_DOMAIN", "example.org"),
                ("XWG_XMPP_SERVER", server),
            ];
            if let Some(tls) = tls {
                pairs.push(("XWG_XMPP_TLS", tls));
            }
            XmppConfig::from_vars(&vars(&pairs)).map(|config| config.transport)
        };
        for (server, tls) in [
            ("127.0.0.1:5222", None),
            ("[::1]:5222", None),
            ("localhost:5222", None),
            ("xmpp.example.org:5222", Some("none")),
        ] {
            assert!(
                matches!(transport(server, tls), Ok(Transport::Plain)),
                "{server}"
            );
        }
        for (server, tls) in [
            ("xmpp.example.org:5222", None),
            ("10.0.0.5:5222", None),
            ("127.0.0.1:5222", Some("required")),
        ] {
            assert!(
                matches!(transport(server, tls), Ok(Transport::StartTls(_))),
                "{server}"
            );
        }
        assert!(matches!(
            transport("xmpp.example.org:5223", Some("direct")),
            Ok(Transport::DirectTls(_))
        ));
        let err = transport("xmpp.example.org:5222", Some("maybe")).unwrap_err();
        assert_eq!(err.var, "XWG_XMPP_TLS");
    }
}
