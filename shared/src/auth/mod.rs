//! Who is calling: access tokens, revocation, and the per-route auth check.

pub mod grant;
pub mod limiter;
pub mod logins;
pub mod passkeys;
pub mod password;
pub mod policy;
pub mod principal;
pub mod revocation;
pub mod tokens;
pub mod totp;

pub use principal::Principal;
pub use tokens::{Claims, TokenService};

/// Compares a secret someone sent with ours in constant time; hashing first means not even
/// the length of ours leaks through timing.
pub fn secret_eq(given: &[u8], ours: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    use subtle::ConstantTimeEq;
    bool::from(Sha256::digest(given).ct_eq(&Sha256::digest(ours)))
}
