//! An XMPP client that writes whatever bytes a test gives it: how an attacker reaches a
//! gateway user through the server (any account on it can send any stanza). Well-behaved
//! clients (tokio-xmpp) cannot produce the hostile stanzas, hence the hand-written stream.

use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::stack_var;

pub struct RawXmpp {
    stream: TcpStream,
    seen: Vec<u8>,
}

impl RawXmpp {
    /// Connects to the test Prosody in plain text, authenticates with SASL PLAIN and binds
    /// a resource.
    pub async fn login(username: &str, password: &str) -> Self {
        let stream = TcpStream::connect(stack_var("XWG_XMPP_SERVER"))
            .await
            .expect("the XMPP server accepts connections");
        let mut raw = Self {
            stream,
            seen: Vec::new(),
        };
        raw.open_stream().await;
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("\0{username}\0{password}"));
        raw.send(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{credentials}</auth>"
        ))
        .await;
        raw.read_until("<success").await;
        raw.open_stream().await;
        raw.send(
            "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>\
             <resource>raw</resource></bind></iq>",
        )
        .await;
        raw.read_until("</iq>").await;
        raw
    }

    async fn open_stream(&mut self) {
        self.send(&format!(
            "<?xml version='1.0'?><stream:stream to='{}' version='1.0' xmlns='jabber:client' \
             xmlns:stream='http://etherx.jabber.org/streams'>",
            stack_var("XWG_XMPP_DOMAIN")
        ))
        .await;
        self.read_until("</stream:features>").await;
    }

    /// Writes the bytes as they are.
    pub async fn send(&mut self, xml: &str) {
        self.stream
            .write_all(xml.as_bytes())
            .await
            .expect("the server takes the bytes");
    }

    /// Writes the bytes, not minding a server that closes the connection part-way.
    pub async fn send_lossy(&mut self, xml: &str) {
        let _ = self.stream.write_all(xml.as_bytes()).await;
    }

    /// Whether the server still holds the connection (it closes streams it refuses).
    pub async fn still_connected(&mut self) -> bool {
        self.send("<presence/>").await;
        let mut chunk = [0u8; 4096];
        loop {
            match tokio::time::timeout(Duration::from_millis(500), self.stream.read(&mut chunk))
                .await
            {
                Err(_) => return true,
                Ok(Ok(0)) | Ok(Err(_)) => return false,
                Ok(Ok(n)) => {
                    if String::from_utf8_lossy(&chunk[..n]).contains("</stream:stream>") {
                        return false;
                    }
                }
            }
        }
    }

    /// Reads until `marker` has arrived; the bytes up to it are consumed.
    async fn read_until(&mut self, marker: &str) {
        let mut chunk = [0u8; 4096];
        loop {
            let text = String::from_utf8_lossy(&self.seen).into_owned();
            if let Some(at) = text.find(marker) {
                self.seen.drain(..at + marker.len());
                return;
            }
            assert!(
                !text.contains("<failure") && !text.contains("</stream:stream>"),
                "the server refused the raw client: {text}"
            );
            let n = tokio::time::timeout(Duration::from_secs(10), self.stream.read(&mut chunk))
                .await
                .expect("the server answers in time")
                .expect("the connection stays open");
            assert!(n > 0, "the server closed the connection: {text}");
            self.seen.extend_from_slice(&chunk[..n]);
        }
    }
}

/// Stanzas to `to` whose payload nests `depth` elements: a headline message (which the
/// server delivers without archiving it) and a directed presence.
pub fn deep_stanzas(to: &str, depth: usize, body: &str) -> String {
    let nested = format!(
        "{}{}",
        "<a xmlns='urn:x'>".repeat(depth),
        "</a>".repeat(depth)
    );
    format!(
        "<message to='{to}' type='headline'><body>{body}</body>{nested}</message>\
         <presence to='{to}'>{nested}</presence>"
    )
}
