//! The gateway's core library: everything that is not an entry point.
//!
//! - [`routes`]: routes as types, and the one table every entry point is derived from;
//! - [`handlers`]: one type per route with its handler;
//! - [`entities`]: the JSON shapes several routes share;
//! - [`auth`]: access tokens and who is calling;
//! - [`xmpp`]: XMPP semantics (talking to the XMPP server);
//! - [`directory`]: user administration (accounts, rosters, vCards, groups, lockout);
//! - [`push`]: Web Push to users' browsers (VAPID, subscriptions, delivery);
//! - [`store`]: the state port and its adapters (embedded file, DynamoDB);
//! - [`keeper`]: the session keeper's port, and its HTTP client;
//! - [`events`]: what reaches browsers, typed, and the event log;
//! - [`ctx`]: what a handler gets, built once per process from [`config`].

pub mod auth;
pub mod aws;
pub mod clock;
pub mod config;
pub mod ctx;
pub mod directory;
pub mod entities;
pub mod error;
pub mod events;
pub mod handlers;
pub mod keeper;
pub mod logging;
pub mod push;
pub mod routes;
pub mod seal;
pub mod secrets;
pub mod signals;
pub mod store;
pub mod xmpp;

pub use ctx::Ctx;
pub use error::ApiError;
