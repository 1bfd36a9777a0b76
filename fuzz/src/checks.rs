//! The targets: each parser with seeds of real inputs and the property it must keep.

use bytes::Bytes;
use serde_json::Value;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use utoipa::openapi::path::ParameterIn;
use xwg_api::handlers::chat::HistoryQuery;
use xwg_api::handlers::user::UserUpdate;
use xwg_api::routes::{FromBody, Json, Params};
use xwg_core::events::inbound;
use xwg_core::identity::{Address, Domain};
use xwg_core::protocol::limits;

use crate::Target;

pub const TARGETS: &[Target] = &[XML, JID, QUERY, JSON];

const DOMAIN: &str = "example.org";

/// A stanza from REST or from the server: parsed with the depth and one-element limits;
/// what parses is written back to the same element, and as a stanza becomes events whose
/// JSON can be written.
pub const XML: Target = Target {
    name: "xml",
    seeds: &[
        "<message xmlns='jabber:client' to='bob@example.org' type='chat' id='1'><body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>",
        "<message xmlns='jabber:client' from='room@muc.example.org/carol' type='groupchat'><body>hello</body><delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/></message>",
        "<message xmlns='jabber:client' from='bob@example.org/x'><composing xmlns='http://jabber.org/protocol/chatstates'/><x xmlns='jabber:x:conference' jid='r@muc.example.org' reason='come'/></message>",
        "<message xmlns='jabber:client' from='bob@example.org'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='a@example.org/b' to='bob@example.org'><body>c</body></message></forwarded></received></message>",
        "<presence xmlns='jabber:client' from='carol@example.org/phone'><show>dnd</show><status>busy</status><priority>5</priority></presence>",
        "<presence xmlns='jabber:client' from='r@muc.example.org/n'><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' role='moderator' jid='a@example.org/r'/><status code='110'/></x></presence>",
        "<iq xmlns='jabber:client' type='set' id='push'><query xmlns='jabber:iq:roster'><item jid='carol@example.org' name='Carol' subscription='both'><group>Friends</group></item></query></iq>",
        "<iq xmlns='jabber:client' type='error' id='e'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>gone</text></error></iq>",
        "<entry xmlns='urn:x'><title>a &amp; b</title><![CDATA[<raw>]]></entry>",
    ],
    check: xml,
};

fn xml(input: &str) -> bool {
    let Ok(element) = limits::parse_element(input) else {
        return false;
    };
    if let Ok(written) = limits::to_xml(&element) {
        let again = limits::parse_element(&written).expect("written XML parses again");
        assert_eq!(again, element, "written XML is the same element");
    }
    if let Ok(stanza) = Stanza::try_from(element) {
        let own: BareJid = "alice@example.org".parse().unwrap();
        for event in inbound::events_of(&stanza, &own, inbound::Stamps::Trusted) {
            let json = event.data_json();
            serde_json::from_str::<Value>(&json).expect("event JSON is JSON");
        }
    }
    true
}

/// A JID or local username from a path or query: what is accepted is a JID whose text
/// parses as the same JID and is accepted again. (Not necessarily as itself: a dotless
/// domain such as `a.` reads back as the local user `a`, the price of taking bare usernames.)
pub const JID: Target = Target {
    name: "jid",
    seeds: &[
        "bob",
        "bob@example.org",
        "bob@example.org/phone",
        "room@conference.example.org/nick",
        "example.org",
        "a.b@c.d/e/f",
        "Ünïcødé@example.org",
        "x@[::1]",
        "@example.org",
        "bob@",
    ],
    check: jid,
};

fn jid(input: &str) -> bool {
    let domain = Domain::parse(DOMAIN).expect("a domain");
    let Ok(jid) = Address::parse(input).map(|a| a.resolve(&domain)) else {
        return false;
    };
    let written = jid.to_string();
    assert_eq!(
        written.parse::<Jid>().ok(),
        Some(jid),
        "a JID's text is the same JID"
    );
    Address::parse(&written).expect("a JID's text is accepted again");
    true
}

/// A query string, as the history route takes it.
pub const QUERY: Target = Target {
    name: "query",
    seeds: &[
        "to=bob&max=10",
        "start=2026-01-01T00:00:00Z&end=2026-12-31T23:59:59Z&keywords=a%20b",
        "after=abc&before=&max=500",
        "to=bob%40example.org&to=carol",
        "keywords=%E2%9C%93&max=-1",
    ],
    check: query,
};

fn query(input: &str) -> bool {
    match HistoryQuery::parse(input, ParameterIn::Query) {
        Ok(_) => true,
        Err(err) => {
            assert_eq!(err.status, 400, "a query is refused as a bad request");
            false
        }
    }
}

/// A JSON body, as the profile route takes it (and as any JSON value).
pub const JSON: Target = Target {
    name: "json",
    seeds: &[
        r#"{"name":"Alice","email":"alice@example.org"}"#,
        r#"{"name":null}"#,
        r#"{"name":"\u00e9\ud83d\ude00","email":""}"#,
        r#"[1,2,{"a":[true,false,null]}]"#,
        r#"{"a":{"b":{"c":{"d":[[[[1]]]]}}}}"#,
        r#""text""#,
    ],
    check: json,
};

fn json(input: &str) -> bool {
    let bytes = Bytes::copy_from_slice(input.as_bytes());
    let _ = Json::<Value>::from_bytes(bytes.clone()).map_err(|e| assert_eq!(e.status, 400));
    match Json::<UserUpdate>::from_bytes(bytes) {
        Ok(_) => true,
        Err(err) => {
            assert_eq!(err.status, 400, "a body is refused as a bad request");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    //! A bounded run of every target, part of the test suite (the long run: `local/fuzz`).
    use super::*;

    const CASES: u64 = 20_000;

    #[test]
    fn xml_parser_keeps_its_properties() {
        assert_eq!(XML.run(CASES, 1).cases, CASES);
    }

    #[test]
    fn jid_parser_keeps_its_properties() {
        assert_eq!(JID.run(CASES, 2).cases, CASES);
    }

    #[test]
    fn query_parser_keeps_its_properties() {
        assert_eq!(QUERY.run(CASES, 3).cases, CASES);
    }

    #[test]
    fn json_parser_keeps_its_properties() {
        assert_eq!(JSON.run(CASES, 4).cases, CASES);
    }
}
