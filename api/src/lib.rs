//! The gateway's API: everything HTTP, over the core (`xwg-core`: store, XMPP, events, the
//! keeper port, Web Push). Layers, lowest first (a module imports only from layers below
//! it; `tests/tests/layers.rs` holds it to that):
//!
//! 1. [`config`]: what the routes read from the environment;
//! 2. [`auth`]: tokens, logins, passwords and passkeys, guessing slowed — who is calling;
//! 3. [`directory`]: user administration (accounts, rosters, vCards, groups, lockout) and
//!    the end of users' access; [`messages`]: sending chat messages, idempotently;
//! 4. [`ctx`]: what a handler gets, built once per process;
//! 5. [`entities`]: the JSON shapes several routes share;
//! 6. [`routes`]: routes as types, the one table every entry point is derived from, and
//!    what every error means over HTTP (`routes::errors`); [`handlers`]: one type per route
//!    with its handler.

pub mod auth;
pub mod config;
pub mod ctx;
pub mod directory;
pub mod entities;
pub mod handlers;
pub mod inbox;
pub mod messages;
pub mod routes;
pub mod scopes;
pub mod sign_in;
pub mod table;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod tokens;

pub use ctx::Ctx;
pub use routes::errors::{ApiError, ErrorKind};
