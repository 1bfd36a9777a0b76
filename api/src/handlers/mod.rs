//! The routes: one type per route (implementing `routes::Endpoint`), with its metadata, its
//! typed request parts and reply, and its handler, which maps HTTP to the application's
//! steps (`auth`, `directory`, `xmpp`, `push`) and back. Handlers never call each other.

pub mod admin;
pub mod bookmarks;
pub mod cards;
pub mod chat;
pub mod chatrooms;
pub mod groupchat;
pub mod inbox;
pub mod login;
pub mod openapi;
pub mod presence;
pub mod pubsub;
pub mod register;
pub mod restapi;
pub mod roster;
pub mod service_accounts;
pub mod settings;
pub mod sse;
pub mod stanza;
pub mod stream_events;
pub mod subscriptions;
pub mod tokens;
pub mod totp;
pub mod unsupported;
pub mod upload;
pub mod user;
pub mod userservice;
pub mod webauthn;
pub mod webhooks;
pub mod webpush;
