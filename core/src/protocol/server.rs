//! The XMPP server the gateway talks to, and how.

use jid::Jid;

use super::transport::Transport;
use crate::identity::Domain;

#[derive(Clone, Debug)]
pub struct XmppConfig {
    /// The XMPP domain users belong to (the part after `@`).
    pub domain: Domain,
    /// The same as an address: the server itself (admin commands go to it).
    pub domain_jid: Jid,
    /// `host:port` of the server's client-to-server listener.
    pub server: String,
    /// How streams to it are secured (`XWG_XMPP_TLS`, `XWG_XMPP_CA_FILE`).
    pub transport: Transport,
    /// The largest stanza the server takes (a larger one is refused before it is sent:
    /// the server would close the stream over it).
    pub max_stanza_bytes: usize,
    /// Whether sessions approve every incoming subscription request themselves (upstream's
    /// behaviour), or leave them to the user.
    pub accept_all_subscriptions: bool,
}
