//! The local runtime: an axum router that mounts every route of the table over one
//! shared context (embedded store by default).

pub mod front;
pub mod router;
pub mod serve;
