//! TLS to the XMPP server: a Prosody of this test's own that requires encryption, with
//! certificates made by a test CA (openssl). The gateway's password check and its keeper's
//! sessions reach it over STARTTLS and over direct TLS (XEP-0368), trusting the test CA
//! through `XWG_XMPP_CA_FILE`; a certificate for another name, or from a CA it does not
//! trust, is refused; plain TCP stays the default on loopback only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use tests::{Gateway, Process, free_port, register_user_in, stack_var, unique};
use tokio_xmpp::jid::BareJid;
use xwg_core::config::XmppConfig;
use xwg_core::protocol::password::{PasswordCheckError, check_password};
use xwg_core::protocol::transport::Transport;

const WAIT: Duration = Duration::from_secs(20);
const DOMAIN: &str = "localhost";
/// Served a certificate for another name (`elsewhere.test`) by the trusted CA.
const MISNAMED: &str = "misnamed.test";
/// Served a certificate for its own name by a CA the gateway does not trust.
const UNTRUSTED: &str = "untrusted.test";

struct TlsProsody {
    dir: PathBuf,
    starttls_port: u16,
    direct_port: u16,
    _process: Process,
}

impl TlsProsody {
    async fn start() -> Self {
        let dir = std::env::temp_dir().join(unique("xwg-tls-prosody-"));
        let certs = dir.join("certs");
        std::fs::create_dir_all(&certs).unwrap();
        std::fs::create_dir_all(dir.join("data")).unwrap();
        make_ca(&certs, "ca");
        make_ca(&certs, "other-ca");
        make_cert(&certs, "ca", DOMAIN, DOMAIN);
        make_cert(&certs, "ca", MISNAMED, "elsewhere.test");
        make_cert(&certs, "other-ca", UNTRUSTED, UNTRUSTED);
        let (starttls_port, direct_port) = (free_port(), free_port());
        let ssl = |host: &str| {
            format!(
                "ssl = {{ certificate = \"{0}/{host}.crt\"; key = \"{0}/{host}.key\"; }}",
                certs.display()
            )
        };
        let config = format!(
            r#"-- Written by tests/tests/xmpp_tls.rs.
run_as_root = true
daemonize = false
pidfile = "{dir}/prosody.pid"
data_path = "{dir}/data"
certificates = "{dir}/certs"
log = {{ info = "{dir}/prosody.log"; error = "{dir}/prosody.err" }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {starttls_port} }}
c2s_direct_tls_ports = {{ {direct_port} }}
s2s_ports = {{ }}
component_ports = {{ }}
http_ports = {{ }}
https_ports = {{ }}
c2s_require_encryption = true
authentication = "internal_hashed"
modules_enabled = {{
  "roster"; "saslauth"; "tls"; "disco"; "carbons"; "private"; "ping"; "mam"; "offline";
}}
modules_disabled = {{ "s2s"; "dialback" }}
{default_ssl}
VirtualHost "{DOMAIN}"
  {domain_ssl}
VirtualHost "{MISNAMED}"
  {misnamed_ssl}
VirtualHost "{UNTRUSTED}"
  {untrusted_ssl}
"#,
            dir = dir.display(),
            default_ssl = ssl(DOMAIN),
            domain_ssl = ssl(DOMAIN),
            misnamed_ssl = ssl(MISNAMED),
            untrusted_ssl = ssl(UNTRUSTED),
        );
        let config_path = dir.join("prosody.cfg.lua");
        std::fs::write(&config_path, config).unwrap();
        let mut prosody = Command::new("prosody");
        prosody.args(["--config", config_path.to_str().unwrap(), "-F"]);
        let process = Process::start(prosody, starttls_port, "prosody with TLS").await;
        Self {
            dir,
            starttls_port,
            direct_port,
            _process: process,
        }
    }

    fn ca_file(&self) -> PathBuf {
        self.dir.join("certs/ca.crt")
    }

    /// The gateway's XMPP settings for this server, from variables as an entry point reads them.
    fn config(&self, domain: &str, port: u16, tls: Option<&str>) -> XmppConfig {
        let mut vars: HashMap<String, String> = [
            ("XWG_XMPP_DOMAIN", domain.to_string()),
            ("XWG_XMPP_SERVER", format!("127.0.0.1:{port}")),
            ("XWG_XMPP_CA_FILE", self.ca_file().display().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        if let Some(tls) = tls {
            vars.insert("XWG_XMPP_TLS".into(), tls.into());
        }
        XmppConfig::from_vars(&vars).expect("a valid XMPP configuration")
    }
}

impl Drop for TlsProsody {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn openssl(args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `openssl req` making a fresh P-256 key, with `args` saying what else.
fn new_p256_key(args: &[&str]) {
    let mut all = vec![
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    all.extend_from_slice(args);
    openssl(&all);
}

fn make_ca(dir: &Path, name: &str) {
    let (key, cert) = (
        dir.join(format!("{name}.key")),
        dir.join(format!("{name}.crt")),
    );
    new_p256_key(&[
        "-x509",
        "-keyout",
        key.to_str().unwrap(),
        "-out",
        cert.to_str().unwrap(),
        "-days",
        "2",
        "-subj",
        &format!("/CN=XWG test {name}"),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
}

/// `host.crt`/`host.key`, a server certificate for `name` issued by the CA `ca`.
fn make_cert(dir: &Path, ca: &str, host: &str, name: &str) {
    let path = |ext: &str| dir.join(format!("{host}.{ext}")).display().to_string();
    let ca_path = |ext: &str| dir.join(format!("{ca}.{ext}")).display().to_string();
    new_p256_key(&[
        "-keyout",
        &path("key"),
        "-out",
        &path("csr"),
        "-subj",
        &format!("/CN={name}"),
    ]);
    std::fs::write(
        path("ext"),
        format!(
            "subjectAltName=DNS:{name}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
        ),
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        &path("csr"),
        "-CA",
        &ca_path("crt"),
        "-CAkey",
        &ca_path("key"),
        "-CAcreateserial",
        "-out",
        &path("crt"),
        "-days",
        "2",
        "-extfile",
        &path("ext"),
    ]);
}

fn jid(username: &str, domain: &str) -> BareJid {
    format!("{username}@{domain}").parse().unwrap()
}

/// A refused connection's reason, which must be about the certificate, not the password.
async fn refusal(config: &XmppConfig, domain: &str) -> String {
    match check_password(config, &jid("nobody", domain), "whatever").await {
        Err(PasswordCheckError::Unreachable(reason)) => reason,
        other => panic!("expected the connection to be refused, got {other:?}"),
    }
}

#[tokio::test]
async fn the_gateway_reaches_the_server_over_verified_tls_only() {
    let prosody = TlsProsody::start().await;
    let (user, password) = register_user_in(prosody.dir.to_str().unwrap(), "tls");

    // Verified: STARTTLS on the c2s port, direct TLS on its own port.
    let starttls = prosody.config(DOMAIN, prosody.starttls_port, Some("required"));
    assert!(matches!(starttls.transport, Transport::StartTls(_)));
    check_password(&starttls, &jid(&user, DOMAIN), &password)
        .await
        .expect("login over STARTTLS");
    assert!(matches!(
        check_password(&starttls, &jid(&user, DOMAIN), "wrong").await,
        Err(PasswordCheckError::Refused)
    ));
    let direct = prosody.config(DOMAIN, prosody.direct_port, Some("direct"));
    check_password(&direct, &jid(&user, DOMAIN), &password)
        .await
        .expect("login over direct TLS");

    // A certificate for another name, and one from a CA nobody configured: refused.
    for (domain, port, tls, expected) in [
        (
            MISNAMED,
            prosody.starttls_port,
            "required",
            "certificate not valid for name",
        ),
        (
            UNTRUSTED,
            prosody.starttls_port,
            "required",
            "UnknownIssuer",
        ),
        (UNTRUSTED, prosody.direct_port, "direct", "UnknownIssuer"),
    ] {
        let reason = refusal(&prosody.config(domain, port, Some(tls)), domain).await;
        assert!(
            reason.contains(&format!("invalid peer certificate: {expected}")),
            "{domain} over {tls}: {reason}"
        );
    }

    // `none` sends nothing in the clear to a server that requires TLS: it offers no login.
    let plain = prosody.config(DOMAIN, prosody.starttls_port, Some("none"));
    assert!(matches!(plain.transport, Transport::Plain));
    assert!(matches!(
        check_password(&plain, &jid(&user, DOMAIN), &password).await,
        Err(PasswordCheckError::Unreachable(_))
    ));
}

#[tokio::test]
async fn tls_is_never_given_up_for_plain_text() {
    // The test stack's Prosody offers no TLS: `required` refuses it rather than log in in
    // the clear; on loopback the default is plain TCP, which works.
    let server = stack_var("XWG_XMPP_SERVER");
    let vars = |tls: Option<&str>| -> HashMap<String, String> {
        let mut vars: HashMap<String, String> = [
            ("XWG_XMPP_DOMAIN", stack_var("XWG_XMPP_DOMAIN")),
            ("XWG_XMPP_SERVER", server.clone()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        if let Some(tls) = tls {
            vars.insert("XWG_XMPP_TLS".into(), tls.into());
        }
        vars
    };
    let (user, password) = tests::register_user("plain");
    let user = jid(&user, &stack_var("XWG_XMPP_DOMAIN"));
    let required = XmppConfig::from_vars(&vars(Some("required"))).unwrap();
    match check_password(&required, &user, &password).await {
        Err(PasswordCheckError::Unreachable(reason)) => {
            assert!(reason.contains("no TLS"), "{reason}")
        }
        other => panic!("expected a refusal to go on without TLS, got {other:?}"),
    }
    let loopback_default = XmppConfig::from_vars(&vars(None)).unwrap();
    assert!(matches!(loopback_default.transport, Transport::Plain));
    check_password(&loopback_default, &user, &password)
        .await
        .expect("plain TCP on loopback");
}

#[tokio::test]
async fn sessions_run_over_starttls() {
    let prosody = TlsProsody::start().await;
    let dir = prosody.dir.to_str().unwrap();
    let (alice, alice_password) = register_user_in(dir, "tlsa");
    let (bob, bob_password) = register_user_in(dir, "tlsb");
    let xmpp = prosody.config(DOMAIN, prosody.starttls_port, Some("required"));
    let server = xmpp.server.clone();
    let gw = Gateway::builder()
        .server(&server)
        .config(|config| {
            config.xmpp = xmpp;
        })
        .spawn()
        .await;
    let alice_token = gw.login(&alice, &alice_password).await;
    let bob_token = gw.login(&bob, &bob_password).await;
    let mut bob_tab = gw.sse(&bob_token, None).await;
    bob_tab.next_named("onConnect", WAIT).await;
    let text = unique("over tls ");
    assert_eq!(
        gw.send_chat(&alice_token, &format!("{bob}@{DOMAIN}"), &text)
            .await,
        200
    );
    let chat = bob_tab.next_named("chatapi.chat", WAIT).await;
    assert!(chat.data.contains(&text), "{}", chat.data);
}
