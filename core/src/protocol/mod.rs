//! XMPP on the wire, below the keeper port: error conditions as the stanzas name them,
//! limits on what XML may be, the transport to the server (TLS), streams of their own for
//! a password check (SASL), in-band registration and one IQ as a user, and the server's settings.

pub mod actions;
pub mod errors;
pub mod json;
pub mod limits;
pub mod one_shot;
pub mod password;
pub mod registration;
pub mod server;
pub mod stanza;
pub mod transport;
