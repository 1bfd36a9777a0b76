//! XMPP semantics shared by the functions and the keeper: addresses and talking to the
//! XMPP server. Stanzas are built and parsed with `xmpp-parsers`, never as strings.

pub mod password;

use tokio_xmpp::jid::{BareJid, DomainPart, NodePart};

use crate::ApiError;

/// The bare JID of a gateway user named in a path (`alice` → `alice@domain`).
pub fn user_jid(username: &str, domain: &str) -> Result<BareJid, ApiError> {
    let invalid = || {
        ApiError::bad_request(format!(
            "`{username}` is not a valid XMPP username: use the part before the @, \
             without spaces or any of \" & ' / : < > @"
        ))
    };
    let node = NodePart::new(username).map_err(|_| invalid())?;
    let domain = DomainPart::new(domain).map_err(|_| invalid())?;
    Ok(BareJid::from_parts(Some(&node), &domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_become_bare_jids_or_clear_errors() {
        assert_eq!(user_jid("alice", "localhost").unwrap().to_string(), "alice@localhost");
        assert_eq!(user_jid("Émile", "localhost").unwrap().to_string(), "émile@localhost");
        for bad in ["", "a b", "a@b", "a/b", "a<b"] {
            let err = user_jid(bad, "localhost").unwrap_err();
            assert_eq!(err.status, 400, "{bad:?}");
        }
    }
}
