//! Limits on everything XML that crosses the gateway: how deep an element may nest, which
//! characters XML can carry at all, and how large a stanza the XMPP server takes. Checked
//! before anything recursive is built from hostile input (a REST body is scanned by a
//! streaming parser first; stanzas from the server are limited while they are read, by
//! the patched `xso` in `vendor/`), and before a stanza is handed to a session.

use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::{self, Parse};
use xso::AsXml;

/// Why a stanza cannot go to the server.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum OutboundError {
    /// A character XML cannot carry (minidom's own writer would panic on it).
    #[error("the stanza cannot be written as XML: {0}")]
    Unencodable(String),
    /// Larger than the server takes (it would close the stream over it).
    #[error("the stanza is {size} bytes; the XMPP server takes at most {max}")]
    TooLarge { size: usize, max: usize },
}

/// How deep a body's elements may nest (the stanza itself counting as one). The same depth
/// limits payloads read from the XMPP stream (`xso::minidom_compat::MAX_ELEMENT_DEPTH`).
pub const MAX_DEPTH: usize = xso::minidom_compat::MAX_ELEMENT_DEPTH;

/// Why an XML body was refused.
#[derive(Debug, PartialEq)]
pub enum XmlRefusal {
    /// Elements nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More than one element at the top (`POST /rest/xmpp` takes one stanza).
    SeveralElements,
    /// No element at all.
    NoElement,
    /// Not well-formed XML (or a character XML cannot carry): the parser's words.
    Malformed(String),
}

impl std::fmt::Display for XmlRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlRefusal::TooDeep => write!(f, "its elements nest deeper than {MAX_DEPTH} levels"),
            XmlRefusal::SeveralElements => write!(f, "it holds more than one element; send one"),
            XmlRefusal::NoElement => write!(f, "it holds no element"),
            XmlRefusal::Malformed(why) => write!(f, "it is not well-formed XML: {why}"),
        }
    }
}

/// Parses one element from text, checking depth and that there is exactly one element with
/// a streaming parser before any tree is built.
pub fn parse_element(text: &str) -> Result<Element, XmlRefusal> {
    parse_element_in(text, None)
}

/// The same, with the namespace an element without `xmlns` is in (`jabber:client` for a
/// stanza, as upstream takes it).
pub fn parse_element_in(text: &str, default_ns: Option<&str>) -> Result<Element, XmlRefusal> {
    if text.trim().is_empty() {
        return Err(XmlRefusal::NoElement);
    }
    let mut parser = rxml::Parser::default();
    let mut input = text.as_bytes();
    let (mut depth, mut roots) = (0usize, 0usize);
    loop {
        match parser.parse(&mut input, true) {
            Ok(None) => break,
            Ok(Some(rxml::Event::StartElement(..))) => {
                if depth == 0 {
                    roots += 1;
                    if roots > 1 {
                        return Err(XmlRefusal::SeveralElements);
                    }
                }
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(XmlRefusal::TooDeep);
                }
            }
            Ok(Some(rxml::Event::EndElement(_))) => depth = depth.saturating_sub(1),
            Ok(Some(_)) => {}
            Err(rxml::error::EndOrError::Error(err)) => {
                return Err(XmlRefusal::Malformed(err.to_string()));
            }
            Err(rxml::error::EndOrError::NeedMoreData) => {
                return Err(XmlRefusal::Malformed("the document ends early".into()));
            }
        }
    }
    if roots == 0 {
        return Err(XmlRefusal::NoElement);
    }
    let element =
        Element::from_reader_with_prefixes(text.as_bytes(), default_ns.map(str::to_string))
            .map_err(|err| XmlRefusal::Malformed(err.to_string()))?;
    // `xmlns=''` parses, but no writer can put such an element back (found by local/fuzz).
    if element.ns().is_empty() {
        return Err(XmlRefusal::Malformed("the element has no namespace".into()));
    }
    Ok(element)
}

/// Whether XML 1.0 can carry the character (its `Char` production).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `text` that XML cannot carry, if any.
pub fn forbidden_char(text: &str) -> Option<char> {
    text.chars().find(|c| !xml_char(*c))
}

/// An element as XML text, refusing what XML cannot carry (minidom's own writer panics
/// on it: a NUL in a value would take the process down).
pub fn to_xml(element: &Element) -> Result<String, OutboundError> {
    let unencodable = |err: &dyn std::fmt::Display| OutboundError::Unencodable(err.to_string());
    let mut encoder = rxml::writer::Encoder::new();
    let mut out = bytes::BytesMut::new();
    for item in element.as_xml_iter().map_err(|e| unencodable(&e))? {
        let item = item.map_err(|e| unencodable(&e))?;
        encoder
            .encode_into_bytes(item.as_rxml_item(), &mut out)
            .map_err(|e| unencodable(&e))?;
    }
    String::from_utf8(out.to_vec()).map_err(|e| unencodable(&e))
}

/// Checks a stanza (as an element) before it goes to a session: it serialises (every
/// character is one XML carries) and is no larger than the server takes. Returns its size.
pub fn outbound(stanza: &Element, max_bytes: usize) -> Result<usize, OutboundError> {
    let bytes = to_xml(stanza)?;
    if bytes.len() > max_bytes {
        return Err(OutboundError::TooLarge {
            size: bytes.len(),
            max: max_bytes,
        });
    }
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        "<a xmlns='urn:a'>".repeat(depth) + &"</a>".repeat(depth)
    }

    #[test]
    fn elements_up_to_the_limit_parse_deeper_ones_are_refused() {
        assert!(parse_element(&nested(MAX_DEPTH)).is_ok());
        for depth in [MAX_DEPTH + 1, 1_000, 100_000] {
            assert_eq!(
                parse_element(&nested(depth)).unwrap_err(),
                XmlRefusal::TooDeep
            );
        }
    }

    #[test]
    fn one_element_only() {
        let two = "<message xmlns='jabber:client'/><message xmlns='jabber:client'/>";
        assert!(matches!(
            parse_element(two),
            Err(XmlRefusal::SeveralElements | XmlRefusal::Malformed(_))
        ));
        assert_eq!(parse_element("  "), Err(XmlRefusal::NoElement));
        let stanza = parse_element_in(
            "<message to='a@b'><body>hi</body></message>",
            Some("jabber:client"),
        );
        assert_eq!(
            stanza
                .as_ref()
                .map(|e| (e.ns(), e.get_child("body", "jabber:client").is_some())),
            Ok((String::from("jabber:client"), true))
        );
        let own = parse_element_in("<x xmlns='urn:a'/>", Some("jabber:client")).unwrap();
        assert_eq!(own.ns(), "urn:a", "a stanza's own xmlns wins");
        assert!(
            parse_element("<message/>").is_err(),
            "no default: no namespace"
        );
        assert!(matches!(
            parse_element("<a>"),
            Err(XmlRefusal::Malformed(_))
        ));
        assert!(matches!(
            parse_element("<a xmlns='urn:a'>\u{0}</a>"),
            Err(XmlRefusal::Malformed(_))
        ));
        assert!(matches!(
            parse_element("<iq xmlns='' type='get'/>"),
            Err(XmlRefusal::Malformed(_))
        ));
    }

    #[test]
    fn characters_xml_cannot_carry_are_found() {
        assert_eq!(forbidden_char("a.txt"), None);
        assert_eq!(forbidden_char("tab\tnew\nline\r"), None);
        assert_eq!(forbidden_char("a\u{0}.txt"), Some('\u{0}'));
        assert_eq!(forbidden_char("bell\u{7}"), Some('\u{7}'));
        assert_eq!(forbidden_char("\u{FFFE}"), Some('\u{FFFE}'));
        assert_eq!(forbidden_char("😀 é"), None);
    }

    #[test]
    fn stanzas_over_the_servers_limit_or_unencodable_are_refused() {
        let small: Element = "<message xmlns='jabber:client'><body>hi</body></message>"
            .parse()
            .unwrap();
        assert!(outbound(&small, 1000).is_ok());
        assert_eq!(
            to_xml(&small).unwrap().parse::<Element>().unwrap(),
            small,
            "written as it was read"
        );
        assert!(matches!(
            outbound(&small, 10),
            Err(OutboundError::TooLarge { max: 10, .. })
        ));
        let bad = Element::builder("message", "jabber:client")
            .append(Element::builder("body", "jabber:client").append("a\u{0}b"))
            .build();
        assert!(matches!(
            outbound(&bad, 1000),
            Err(OutboundError::Unencodable(_))
        ));
    }
}
