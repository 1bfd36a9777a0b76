//! XMPP semantics shared by the functions and the keeper: one module per protocol the
//! gateway speaks, stanzas built and parsed with `xmpp-parsers`, never as strings. Handlers
//! map HTTP to these; the keeper turns inbound stanzas into events with [`inbound`].

pub mod account;
pub mod archive;
pub mod bookmarks;
pub mod chat;
pub mod commands;
pub mod errors;
pub mod inbound;
pub mod json;
pub mod limits;
pub mod muc;
pub mod password;
pub mod presence;
pub mod presences;
pub mod private;
pub mod pubsub;
pub mod push;
pub mod registration;
pub mod roster;
pub mod stanza;
pub mod subscriptions;
pub mod transport;
pub mod upload;
pub mod vcard;

use tokio_xmpp::jid::{BareJid, DomainPart, Jid, NodePart};

use crate::ApiError;

/// The wire text of an xmpp-parsers attribute value (`Role::Moderator` → `moderator`).
pub fn text(value: &impl xso::AsXmlText) -> String {
    value
        .as_xml_text()
        .map(|text| text.into_owned())
        .unwrap_or_default()
}

/// The bare JID of a gateway user named in a path (`alice` → `alice@domain`).
pub fn user_jid(username: &str, domain: &str) -> Result<BareJid, ApiError> {
    let invalid = || {
        ApiError::bad_request(format!(
            "`{username}` is not a valid XMPP username: use the part before the @, \
             without spaces or any of \" & ' / : < > @"
        ))
    };
    let node = NodePart::new(username).map_err(|_| invalid())?;
    // Normalising once more must change nothing: a name whose normal form is not stable
    // (some new compatibility characters) would be one user to us and another to the server.
    if !NodePart::new(node.as_str()).is_ok_and(|again| again.as_str() == node.as_str()) {
        return Err(invalid());
    }
    let domain = DomainPart::new(domain).map_err(|_| invalid())?;
    Ok(BareJid::from_parts(Some(&node), &domain))
}

/// The username as the server knows it (normalised: `Émile` → `émile`).
pub fn username(username: &str, domain: &str) -> Result<String, ApiError> {
    let jid = user_jid(username, domain)?;
    Ok(jid
        .node()
        .map(|n| n.to_string())
        .unwrap_or_else(|| username.to_string()))
}

/// An address given by a client: a JID, or a bare username of the gateway's domain.
pub fn address(given: &str, domain: &str) -> Result<Jid, ApiError> {
    // A username has none of these; anything else is a JID (`a/b` too: usernames have no /).
    if !given.contains(['@', '.', '/']) {
        return user_jid(given, domain).map(Jid::from);
    }
    let invalid = |why: &dyn std::fmt::Display| {
        ApiError::bad_request(format!(
            "`{given}` is not a valid JID ({why}): use user@domain[/resource]."
        ))
    };
    let jid = Jid::new(given).map_err(|err| invalid(&err))?;
    if !host_name(jid.domain().as_str()) {
        return Err(invalid(&"its domain is not a host name"));
    }
    if Jid::new(jid.as_str()).ok().as_ref() != Some(&jid) {
        return Err(invalid(&"its normal form is not stable"));
    }
    Ok(jid)
}

/// Whether a JID's domain is a host name (labels of letters, digits and hyphens, any
/// script) or an IP literal: the JID crate takes any text there (`ex"ample`).
fn host_name(domain: &str) -> bool {
    if domain.parse::<std::net::Ipv4Addr>().is_ok()
        || domain
            .strip_prefix('[')
            .and_then(|d| d.strip_suffix(']'))
            .is_some_and(|d| d.parse::<std::net::Ipv6Addr>().is_ok())
    {
        return true;
    }
    domain.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_become_bare_jids_or_clear_errors() {
        assert_eq!(
            user_jid("alice", "localhost").unwrap().to_string(),
            "alice@localhost"
        );
        assert_eq!(
            user_jid("Émile", "localhost").unwrap().to_string(),
            "émile@localhost"
        );
        assert_eq!(username("Émile", "localhost").unwrap(), "émile");
        for bad in ["", "a b", "a@b", "a/b", "a<b"] {
            let err = user_jid(bad, "localhost").unwrap_err();
            assert_eq!(err.status, 400, "{bad:?}");
        }
    }

    #[test]
    fn addresses_are_jids_or_local_usernames() {
        assert_eq!(
            address("bob", "localhost").unwrap().to_string(),
            "bob@localhost"
        );
        assert_eq!(
            address("bob@example.org/tab", "localhost")
                .unwrap()
                .to_string(),
            "bob@example.org/tab"
        );
        assert_eq!(
            address("conference.localhost", "localhost")
                .unwrap()
                .to_string(),
            "conference.localhost"
        );
        assert_eq!(address("a@@b", "localhost").unwrap_err().status, 400);
        assert_eq!(address("a b@c", "localhost").unwrap_err().status, 400);
        // Found by local/fuzz: the JID crate takes any text as a domain.
        assert_eq!(address("ex\"ample.", "localhost").unwrap_err().status, 400);
        assert_eq!(address("a@<b>.org", "localhost").unwrap_err().status, 400);
        assert!(address("a@[::1]", "localhost").is_ok());
        // Found by local/fuzz: `a./é` is the JID `a/é`, whose text must read as that JID
        // again (not as a username).
        let jid = address("a./é", "localhost").unwrap();
        assert_eq!(address(jid.as_str(), "localhost").unwrap(), jid);
        assert!(address("a@127.0.0.1", "localhost").is_ok());
        // Also found by local/fuzz: U+1CCEF normalises to a capital Z, which normalises on.
        assert_eq!(
            user_jid("Ünï\u{1CCEF}ød", "localhost").unwrap_err().status,
            400
        );
    }
}
