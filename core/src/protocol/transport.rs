//! How the gateway reaches the XMPP server: plain TCP (loopback, or chosen explicitly),
//! STARTTLS (RFC 6120) or direct TLS (XEP-0368). TLS verifies the server's certificate for
//! the XMPP domain against the system's roots or a configured CA file; nothing falls back
//! to plain text when TLS is wanted.
//!
//! tokio-xmpp's own TLS connectors build their trust store from the system only (no CA
//! file) and resolve SRV records with a resolver of their own: this module does the
//! STARTTLS step on tokio-xmpp's stream types with a rustls configuration of ours.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use futures::{SinkExt, StreamExt};
use sasl::common::ChannelBinding;
use tokio::io::{AsyncRead, AsyncWrite, BufStream};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, ProtocolVersion, RootCertStore};
use tokio_xmpp::Error as XmppError;
use tokio_xmpp::error::ProtocolError;
use tokio_xmpp::parsers::{ns, starttls};
use tokio_xmpp::xmlstream::{
    PendingFeaturesRecv, ReadError, StreamHeader, Timeouts, XmppStream, XmppStreamElement,
    initiate_stream,
};

/// The byte stream under an XML stream: TCP, or TLS over TCP.
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}
pub type XmppIo = BufStream<Box<dyn Io>>;

/// How streams to the XMPP server are secured (`XWG_XMPP_TLS`).
#[derive(Clone, Debug)]
pub enum Transport {
    /// Plain TCP: the default for a loopback server only; elsewhere `none` must be asked for.
    Plain,
    /// `required` (the default): a plain connection upgraded with STARTTLS, which the
    /// server must offer.
    StartTls(Arc<TlsClient>),
    /// `direct`: TLS from the first byte (XEP-0368, usually port 5223).
    DirectTls(Arc<TlsClient>),
}

/// The TLS client settings: whom to trust — a CA file (PEM), read and checked when the
/// configuration is, or the system's roots, loaded on the first connection (a function
/// that never talks to the XMPP server does not pay for reading them at cold start).
#[derive(Debug)]
pub struct TlsClient {
    ca_file: Option<PathBuf>,
    /// XEP-0368: a direct TLS port may serve several protocols; ALPN names ours.
    direct: bool,
    config: OnceLock<Result<Arc<ClientConfig>, String>>,
}

impl TlsClient {
    pub fn new(ca_file: Option<&Path>, direct: bool) -> Result<Self, String> {
        let client = Self {
            ca_file: ca_file.map(Path::to_path_buf),
            direct,
            config: OnceLock::new(),
        };
        if client.ca_file.is_some() {
            client.config()?;
        }
        Ok(client)
    }

    fn config(&self) -> Result<Arc<ClientConfig>, String> {
        self.config
            .get_or_init(|| self.build().map(Arc::new))
            .clone()
    }

    fn build(&self) -> Result<ClientConfig, String> {
        let mut roots = RootCertStore::empty();
        match &self.ca_file {
            Some(path) => {
                let certs = CertificateDer::pem_file_iter(path)
                    .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let (added, _) = roots.add_parsable_certificates(certs);
                if added == 0 {
                    return Err(format!("{} holds no CA certificate", path.display()));
                }
            }
            None => {
                let native = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(native.certs);
                if roots.is_empty() {
                    return Err("the system has no CA certificates (install ca-certificates, or set XWG_XMPP_CA_FILE)".into());
                }
            }
        }
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        if self.direct {
            config.alpn_protocols = vec![b"xmpp-client".to_vec()];
        }
        Ok(config)
    }
}

/// A client stream to `server` (host:port) for `domain`, secured as `transport` says, with
/// the stream header sent: what SASL starts from.
pub async fn connect(
    transport: &Transport,
    server: &str,
    domain: &str,
    timeouts: Timeouts,
) -> Result<(PendingFeaturesRecv<XmppIo>, ChannelBinding), XmppError> {
    let tcp = TcpStream::connect(server).await?;
    // Stanzas are small and each is written whole: sent at once, not held for an ACK
    // (Nagle's wait met the server's delayed ACK: 40 ms on a round trip).
    tcp.set_nodelay(true)?;
    let (io, binding): (Box<dyn Io>, _) = match transport {
        Transport::Plain => (Box::new(tcp), ChannelBinding::None),
        Transport::DirectTls(client) => {
            let (tls, binding) = handshake(client, domain, Box::new(tcp)).await?;
            (Box::new(tls), binding)
        }
        Transport::StartTls(client) => {
            let plain = start(Box::new(tcp), domain, timeouts).await?;
            let (features, mut stream): (_, XmppStream<XmppIo>) = plain.recv_features().await?;
            if !features.can_starttls() {
                return Err(ProtocolError::NoTls.into());
            }
            stream
                .send(&XmppStreamElement::Starttls(starttls::Nonza::Request(
                    starttls::Request,
                )))
                .await?;
            loop {
                match stream
                    .next()
                    .await
                    .map(|r| r.and_then(|e| e.into_read_error()))
                {
                    Some(Ok(XmppStreamElement::Starttls(starttls::Nonza::Proceed(_)))) => break,
                    Some(Ok(_)) | Some(Err(ReadError::SoftTimeout)) => continue,
                    Some(Err(ReadError::HardError(e))) => return Err(e.into()),
                    Some(Err(ReadError::ParseError(e))) => {
                        return Err(io::Error::new(io::ErrorKind::InvalidData, e).into());
                    }
                    None | Some(Err(ReadError::StreamFooterReceived)) => {
                        return Err(XmppError::Disconnected);
                    }
                }
            }
            let (tls, binding) =
                handshake(client, domain, stream.into_inner().into_inner()).await?;
            (Box::new(tls), binding)
        }
    };
    Ok((start(io, domain, timeouts).await?, binding))
}

/// Opens the XML stream on `io`.
async fn start(
    io: Box<dyn Io>,
    domain: &str,
    timeouts: Timeouts,
) -> io::Result<PendingFeaturesRecv<XmppIo>> {
    let header = StreamHeader {
        to: Some(domain.to_string().into()),
        from: None,
        id: None,
    };
    initiate_stream(BufStream::new(io), ns::JABBER_CLIENT, header, timeouts).await
}

/// TLS over `io`, the certificate checked for `domain`; with TLS 1.3, the channel binding
/// SCRAM-PLUS may use (RFC 9266).
async fn handshake(
    client: &TlsClient,
    domain: &str,
    io: Box<dyn Io>,
) -> Result<(tokio_rustls::client::TlsStream<Box<dyn Io>>, ChannelBinding), XmppError> {
    let name = ServerName::try_from(domain.to_string())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let config = client
        .config()
        .map_err(|problem| io::Error::new(io::ErrorKind::NotFound, problem))?;
    let tls = TlsConnector::from(config).connect(name, io).await?;
    let connection = tls.get_ref().1;
    let binding = match connection.protocol_version() {
        Some(ProtocolVersion::TLSv1_3) => connection
            .export_keying_material(vec![0u8; 32], b"EXPORTER-Channel-Binding", None)
            .map(ChannelBinding::TlsExporter)
            .unwrap_or(ChannelBinding::None),
        _ => ChannelBinding::None,
    };
    Ok((tls, binding))
}
