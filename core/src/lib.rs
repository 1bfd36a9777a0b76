//! The gateway's core: what the session keeper and the API share, and nothing of HTTP.
//! Layers, lowest first (a module imports only from layers below it; `tests/tests/layers.rs`
//! holds every crate of the workspace to its order):
//!
//! 1. [`clock`], [`seal`], [`secrets`], [`signals`], [`logging`], [`aws`], [`identity`]
//!    (usernames, addresses, the domain);
//! 2. [`protocol`]: XMPP on the wire (error conditions, limits, transport, SASL, in-band
//!    registration, the server's settings); [`config`] reads what the core needs;
//! 3. [`store`]: the state port and its adapters;
//! 4. [`events`]: what reaches browsers, typed (and how inbound stanzas become events), and
//!    the event log;
//! 5. [`keeper`]: the session keeper's port, its wire and its HTTP client;
//! 6. [`xmpp`]: XMPP calls on a user's session (`On`) and as the server's administrator
//!    (`AsAdmin`), through the keeper port; [`projections`]: what a session saw, kept in
//!    the store (presences, waiting subscription requests);
//! 7. [`push`]: Web Push to users' browsers.

pub mod aws;
pub mod clock;
pub mod config;
pub mod es256;
pub mod events;
pub mod grants;
pub mod identity;
pub mod keeper;
pub mod logging;
pub mod projections;
pub mod protocol;
pub mod push;
pub mod seal;
pub mod secrets;
pub mod signals;
pub mod store;
pub mod webhooks;
pub mod xmpp;
