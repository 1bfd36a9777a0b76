//! Who and what clients name, typed: a [`Username`] (a user of the gateway's domain, as the
//! server knows the name), an [`Address`] (a JID, or a username of the domain) and the
//! [`Domain`]. Each is parsed once where a request is read — path and query parameters
//! deserialise into them — so a bad name is refused before any handler runs, and nothing
//! downstream parses it again.

use std::fmt;
use std::ops::Deref;

use jid::{BareJid, DomainPart, Jid, NodePart};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A name or address that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error(
        "`{0}` is not a valid XMPP username: use the part before the @, without spaces or \
         any of \" & ' / : < > @"
    )]
    Username(String),
    #[error("`{given}` is not a valid JID ({why}): use user@domain[/resource].")]
    Jid { given: String, why: String },
    #[error("`{0}` is not a valid XMPP domain, e.g. example.org")]
    Domain(String),
}

/// The most characters of a refused value an error message repeats (it came from the
/// request, maybe as a megabyte of anything).
const SHOWN: usize = 64;

/// `given` (a value from a request), cut to what an error message may repeat.
pub fn shown(given: &str) -> String {
    match given.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &given[..end]),
        None => given.to_string(),
    }
}

/// The local part of a user of the gateway's domain, normalised as the server normalises it
/// (`Émile` → `émile`), and stable: normalising it again changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(NodePart);

impl Username {
    pub fn parse(given: &str) -> Result<Self, AddressError> {
        let invalid = || AddressError::Username(shown(given));
        let node = NodePart::new(given).map_err(|_| invalid())?;
        // Normalising once more must change nothing: a name whose normal form is not stable
        // (some new compatibility characters) would be one user to us and another to the
        // server.
        if !NodePart::new(node.as_str()).is_ok_and(|again| again.as_str() == node.as_str()) {
            return Err(invalid());
        }
        Ok(Self(node.into_owned()))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The user's bare JID on `domain`.
    pub fn at(&self, domain: &Domain) -> BareJid {
        BareJid::from_parts(Some(&self.0), &domain.0)
    }
}

/// The XMPP domain of the gateway's users (`example.org`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Domain(DomainPart);

impl Domain {
    pub fn parse(given: &str) -> Result<Self, AddressError> {
        DomainPart::new(given)
            .map(|part| Self(part.into_owned()))
            .map_err(|_| AddressError::Domain(shown(given)))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The server itself, as an address (admin commands go to it).
    pub fn jid(&self) -> Jid {
        Jid::from(BareJid::from_parts(None, &self.0))
    }

    /// Whether `jid` is a user of this domain; its username if so.
    pub fn user_of(&self, jid: &BareJid) -> Option<Username> {
        if jid.domain().as_str() != self.as_str() {
            return None;
        }
        jid.node()
            .and_then(|node| Username::parse(node.as_str()).ok())
    }
}

/// An address a client gives: a JID, or the username of a user of the gateway's domain
/// (which becomes a JID on that domain: [`Address::resolve`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    User(Username),
    Jid(Jid),
}

impl Address {
    pub fn parse(given: &str) -> Result<Self, AddressError> {
        // A username has none of these; anything else is a JID (`a/b` too: usernames have
        // no /).
        if !given.contains(['@', '.', '/']) {
            return Username::parse(given).map(Address::User);
        }
        let invalid = |why: &dyn fmt::Display| AddressError::Jid {
            given: shown(given),
            why: why.to_string(),
        };
        let jid = Jid::new(given).map_err(|err| invalid(&err))?;
        if !host_name(jid.domain().as_str()) {
            return Err(invalid(&"its domain is not a host name"));
        }
        if Jid::new(jid.as_str()).ok().as_ref() != Some(&jid) {
            return Err(invalid(&"its normal form is not stable"));
        }
        Ok(Address::Jid(jid))
    }

    /// The JID it names, a username on `domain`.
    pub fn resolve(&self, domain: &Domain) -> Jid {
        match self {
            Address::User(user) => Jid::from(user.at(domain)),
            Address::Jid(jid) => jid.clone(),
        }
    }
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

/// The text forms: as written, and read back through `parse` (path and query parameters,
/// stored records).
macro_rules! textual {
    ($type:ident) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Deref for $type {
            type Target = str;

            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $type {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::str::FromStr for $type {
            type Err = AddressError;

            fn from_str(text: &str) -> Result<Self, AddressError> {
                $type::parse(text)
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
                $type::parse(&text).map_err(de::Error::custom)
            }
        }
    };
}

textual!(Username);
textual!(Domain);

impl Address {
    fn text(&self) -> &str {
        match self {
            Address::User(user) => user.as_str(),
            Address::Jid(jid) => jid.as_str(),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl std::str::FromStr for Address {
    type Err = AddressError;

    fn from_str(text: &str) -> Result<Self, AddressError> {
        Address::parse(text)
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Address::parse(&text).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn localhost() -> Domain {
        Domain::parse("localhost").unwrap()
    }

    #[test]
    fn usernames_are_normalised_or_refused() {
        let domain = localhost();
        assert_eq!(
            Username::parse("alice").unwrap().at(&domain).to_string(),
            "alice@localhost"
        );
        assert_eq!(Username::parse("Émile").unwrap().as_str(), "émile");
        for bad in ["", "a b", "a@b", "a/b", "a<b"] {
            assert!(
                matches!(Username::parse(bad), Err(AddressError::Username(_))),
                "{bad:?}"
            );
        }
        // Found by local/fuzz: U+1CCEF normalises to a capital Z, which normalises on.
        assert!(Username::parse("Ünï\u{1CCEF}ød").is_err());
        // A refused value is repeated cut short, not whole.
        let long = format!("{} {}", "x".repeat(10_000), "y");
        let message = Username::parse(&long).unwrap_err().to_string();
        assert!(message.len() < 300, "{}", message.len());
    }

    #[test]
    fn addresses_are_jids_or_local_usernames() {
        let domain = localhost();
        let resolved = |given: &str| Address::parse(given).map(|a| a.resolve(&domain).to_string());
        assert_eq!(resolved("bob").unwrap(), "bob@localhost");
        assert_eq!(
            resolved("bob@example.org/tab").unwrap(),
            "bob@example.org/tab"
        );
        assert_eq!(
            resolved("conference.localhost").unwrap(),
            "conference.localhost"
        );
        for bad in ["a@@b", "a b@c", "ex\"ample.", "a@<b>.org"] {
            assert!(Address::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Address::parse("a@[::1]").is_ok());
        assert!(Address::parse("a@127.0.0.1").is_ok());
        // Found by local/fuzz: `a./é` is the JID `a/é`, whose text must read as that JID
        // again (not as a username).
        let jid = Address::parse("a./é").unwrap().resolve(&domain);
        assert_eq!(Address::parse(jid.as_str()).unwrap().resolve(&domain), jid);
    }

    #[test]
    fn they_deserialise_from_their_text_and_a_bad_one_says_why() {
        let user: Username = serde_json::from_str("\"Alice\"").unwrap();
        assert_eq!(user.as_str(), "alice");
        let err = serde_json::from_str::<Address>("\"a@@b\"").unwrap_err();
        assert!(err.to_string().contains("is not a valid JID"), "{err}");
        let domain = localhost();
        assert_eq!(
            domain.user_of(&"carol@localhost".parse().unwrap()),
            Some(Username::parse("carol").unwrap())
        );
        assert_eq!(domain.user_of(&"carol@example.org".parse().unwrap()), None);
    }
}
