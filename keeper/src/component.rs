//! An XMPP component connection (XEP-0114), spoken over rxml (the XML stream parser and
//! encoder tokio-xmpp builds on) with elements built by xso/minidom.
//!
//! tokio-xmpp 6 has a `Component`, but its stream-header parser requires a `version`
//! attribute that Prosody 0.12's `jabber:component:accept` header does not carry, and its
//! stanza types follow xmpp-parsers' build-wide default namespace (`jabber:client` here,
//! for the user sessions). So this module reads the header itself, maps the component
//! namespace to `jabber:client` and back at the stream's edge, and leaves everything else
//! to the crates.

use std::time::Duration;

use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio_xmpp::minidom::rxml::writer::TrackNamespace;
use tokio_xmpp::minidom::rxml::{self, Namespace, xml_ncname};
use tokio_xmpp::minidom::{Element, Node};
use tokio_xmpp::parsers::component::Handshake;
use tokio_xmpp::parsers::ns;
use xso::{AsXml, FromEventsBuilder, FromXml};

use xwg_core::config::ComponentConfig;

const STREAM_NS: &str = "http://etherx.jabber.org/streams";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct ComponentStream {
    reader: StreamReader,
    writer: StreamWriter,
}

/// The reading half: elements are built over several reads, so a read must not be
/// abandoned half-way (give this half a task of its own rather than `select!` on it).
pub(crate) struct StreamReader {
    reader: rxml::AsyncReader<BufReader<OwnedReadHalf>>,
}

pub(crate) struct StreamWriter {
    writer: OwnedWriteHalf,
    encoder: rxml::writer::Encoder<rxml::writer::SimpleNamespaces>,
}

/// Why a stream could not be opened or went away.
pub(crate) type StreamError = String;

fn io(err: impl std::fmt::Display) -> StreamError {
    err.to_string()
}

impl ComponentStream {
    /// Opens the stream and authenticates with the handshake digest of XEP-0114.
    pub async fn connect(config: &ComponentConfig) -> Result<Self, StreamError> {
        tokio::time::timeout(CONNECT_TIMEOUT, Self::open(config))
            .await
            .map_err(|_| "no answer in time".to_string())?
    }

    async fn open(config: &ComponentConfig) -> Result<Self, StreamError> {
        let (read, writer) = TcpStream::connect(&config.server)
            .await
            .map_err(io)?
            .into_split();
        let mut encoder = rxml::writer::Encoder::new();
        let namespaces = encoder.ns_tracker_mut();
        namespaces.declare_fixed(Some(xml_ncname!("stream")), STREAM_NS.into());
        namespaces.declare_fixed(None, ns::COMPONENT.into());
        let mut stream = Self {
            reader: StreamReader {
                reader: rxml::AsyncReader::wrap(BufReader::new(read), rxml::Parser::default()),
            },
            writer: StreamWriter { writer, encoder },
        };
        stream.writer.send_header(&config.jid).await?;
        let id = stream.reader.read_header().await?;
        stream
            .writer
            .send(Handshake::from_stream_id_and_password(id, &config.secret).into())
            .await?;
        match stream.reader.next().await? {
            Some(reply) if reply.is("handshake", ns::JABBER_CLIENT) => Ok(stream),
            Some(reply) => Err(format!(
                "the server refused the component ({}: {})",
                reply.name(),
                reply
                    .children()
                    .next()
                    .map(|c| c.name().to_string())
                    .unwrap_or_default()
            )),
            None => Err("the server closed the stream".into()),
        }
    }

    pub fn split(self) -> (StreamReader, StreamWriter) {
        (self.reader, self.writer)
    }
}

impl StreamWriter {
    async fn send_header(&mut self, to: &str) -> Result<(), StreamError> {
        use rxml::Item;
        let mut out = rxml::bytes::BytesMut::new();
        let items = [
            Item::XmlDeclaration(rxml::XmlVersion::V1_0),
            Item::ElementHeadStart(
                Namespace::from(STREAM_NS.to_string()),
                xml_ncname!("stream"),
            ),
            Item::Attribute(Namespace::NONE, xml_ncname!("to"), to),
            Item::ElementHeadEnd,
        ];
        for item in items {
            self.encoder.encode_into_bytes(item, &mut out).map_err(io)?;
        }
        self.writer.write_all(&out).await.map_err(io)
    }

    /// Sends an element, a stanza in `jabber:client` terms (mapped to the component's).
    pub async fn send(&mut self, element: Element) -> Result<(), StreamError> {
        let element = renamespace(element, ns::JABBER_CLIENT, ns::COMPONENT);
        let mut out = rxml::bytes::BytesMut::new();
        for item in element.as_xml_iter().map_err(io)? {
            let item = item.map_err(io)?;
            self.encoder
                .encode_into_bytes(item.as_rxml_item(), &mut out)
                .map_err(io)?;
        }
        self.writer.write_all(&out).await.map_err(io)
    }

    /// Ends the stream.
    pub async fn close(mut self) {
        let mut out = rxml::bytes::BytesMut::new();
        if self
            .encoder
            .encode_into_bytes(rxml::Item::ElementFoot, &mut out)
            .is_ok()
        {
            let _ = self.writer.write_all(&out).await;
        }
        let _ = self.writer.shutdown().await;
    }
}

impl StreamReader {
    /// The server's stream header; its `id` is what the handshake digest covers.
    async fn read_header(&mut self) -> Result<String, StreamError> {
        loop {
            match self.reader.read().await.map_err(io)? {
                Some(rxml::Event::StartElement(_, _, attrs)) => {
                    return attrs
                        .get(Namespace::none(), "id")
                        .cloned()
                        .ok_or_else(|| "the server's stream header has no id".to_string());
                }
                Some(_) => continue,
                None => return Err("the server closed the connection".into()),
            }
        }
    }

    /// The next top-level element, in `jabber:client` terms; `None` when the stream ended.
    pub async fn next(&mut self) -> Result<Option<Element>, StreamError> {
        loop {
            match self.reader.read().await.map_err(io)? {
                None | Some(rxml::Event::EndElement(_)) => return Ok(None),
                // Whitespace keep-alives between stanzas.
                Some(rxml::Event::Text(..)) | Some(rxml::Event::XmlDeclaration(..)) => continue,
                Some(rxml::Event::StartElement(_, name, attrs)) => {
                    let context = xso::Context::empty();
                    let mut builder = Element::from_events(name, attrs, &context).map_err(io)?;
                    loop {
                        let event = self
                            .reader
                            .read()
                            .await
                            .map_err(io)?
                            .ok_or_else(|| "the stream ended inside an element".to_string())?;
                        if let Some(element) = builder.feed(event, &context).map_err(io)? {
                            return Ok(Some(renamespace(
                                element,
                                ns::COMPONENT,
                                ns::JABBER_CLIENT,
                            )));
                        }
                    }
                }
            }
        }
    }
}

/// The element with namespace `from` swapped for `to` on it and on its children in that
/// namespace (an IQ's `<error/>`); payloads in namespaces of their own are kept as they are.
fn renamespace(element: Element, from: &str, to: &str) -> Element {
    if element.ns() != from {
        return element;
    }
    let nodes = element.nodes().cloned().map(|node| match node {
        Node::Element(child) => Node::Element(renamespace(child, from, to)),
        text => text,
    });
    let mut swapped = Element::builder(element.name(), to)
        .append_all(nodes)
        .build();
    *swapped.attrs_mut() = element.attrs().clone();
    swapped
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_xmpp::parsers::iq::Iq;

    #[test]
    fn only_the_stream_namespace_is_swapped() {
        let iq: Element = "<iq xmlns='jabber:client' type='get' id='1' to='a@b'>\
                           <query xmlns='jabber:iq:roster'/><error type='cancel'/></iq>"
            .parse()
            .unwrap();
        let out = renamespace(iq.clone(), ns::JABBER_CLIENT, ns::COMPONENT);
        assert_eq!(out.ns(), ns::COMPONENT);
        assert_eq!(out.attr("to"), Some("a@b"));
        assert!(out.get_child("error", ns::COMPONENT).is_some());
        assert!(out.get_child("query", ns::ROSTER).is_some());
        let back = renamespace(out, ns::COMPONENT, ns::JABBER_CLIENT);
        assert_eq!(back, iq);
        assert!(Iq::try_from(back).is_ok());
    }
}
