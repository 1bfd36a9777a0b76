//! Who is calling: access tokens, revocation, and the per-route auth check.

pub mod limiter;
pub mod logins;
pub mod passkeys;
pub mod policy;
pub mod principal;
pub mod revocation;
pub mod tokens;
pub mod totp;

pub use principal::Principal;
pub use tokens::{Claims, TokenService};
