//! The gateway's core library: everything that is not an entry point.
//!
//! - [`routes`]: the one route table every entry point is derived from;
//! - [`handlers`]: one plain async function per route;
//! - [`auth`]: access tokens and who is calling;
//! - [`xmpp`]: XMPP semantics (talking to the XMPP server);
//! - [`directory`]: user administration (accounts, rosters, vCards, groups, lockout);
//! - [`push`]: Web Push to users' browsers (VAPID, subscriptions, delivery);
//! - [`store`]: the state port and its adapters (embedded file, DynamoDB);
//! - [`ctx`]: what a handler gets, built once per process from [`config`].

pub mod auth;
pub mod clock;
pub mod config;
pub mod ctx;
pub mod directory;
pub mod error;
pub mod events;
pub mod handlers;
pub mod http_io;
pub mod keeper;
pub mod keeper_client;
pub mod logging;
pub mod push;
pub mod routes;
pub mod signals;
pub mod store;
pub mod xmpp;

pub use ctx::Ctx;
pub use error::ApiError;
