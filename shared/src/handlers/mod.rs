//! One plain async function per route: `async fn(&Ctx, Request) -> Result<Response, ApiError>`.
//! The route table ([`crate::routes`]) says which function serves which path.

pub mod admin;
pub mod bookmarks;
pub mod chat;
pub mod groupchat;
pub mod login;
pub mod openapi;
pub mod presence;
pub mod pubsub;
pub mod register;
pub mod roster;
pub mod settings;
pub mod sse;
pub mod stanza;
pub mod tokens;
pub mod totp;
pub mod unsupported;
pub mod upload;
pub mod user;
pub mod userservice;
pub mod webauthn;
pub mod webpush;
