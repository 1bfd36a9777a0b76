//! What a route may touch: its table access (none, read, read and write), the partition-key
//! prefixes it reaches, and the secrets it may use. Declared with each route in the route
//! table; the template gives each function exactly that (IAM actions with a
//! `dynamodb:LeadingKeys` condition, the Secrets Manager secrets it may read), and every
//! process enforces it while a route runs, so the test suite proves the declarations
//! suffice: a route that reaches beyond its grants fails its request (500) instead of
//! working here and failing in the cloud.
//!
//! The grants travel with the request's task (a task-local set by the route's dispatcher);
//! work outside any route — the keeper, background tasks — is not restricted here (the
//! keeper task has its own role). A call into the keeper leaves the route's grants behind:
//! in the one-process runtime the keeper's own store work is the keeper's.
//!
//! With `XWG_GRANTS_RECORD=<file>` nothing is refused: every store call and secret use is
//! appended to the file as `route<TAB>what<TAB>key prefix` (how the table's grants were
//! found: run the test suite with it).

use std::io::Write;
use std::sync::{Mutex, OnceLock};

/// How much of the table a route may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableAccess {
    None,
    Read,
    ReadWrite,
}

/// The secrets a function may be given, each its own Secrets Manager secret in the cloud.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secret {
    /// `XWG_JWT_KEYS`: signing tokens (verifying needs only the public keys with ES256).
    TokenKeys,
    /// `XWG_SEAL_KEY`: sealing and opening TOTP secrets and the VAPID key.
    SealKey,
    /// `XWG_KEEPER_SECRET`: calling the keeper.
    KeeperSecret,
    /// `XWG_USERSERVICE_SECRET`: checking the User Service (and REST API plugin) secret.
    UserServiceSecret,
}

impl Secret {
    pub const ALL: [Secret; 4] = [
        Secret::TokenKeys,
        Secret::SealKey,
        Secret::KeeperSecret,
        Secret::UserServiceSecret,
    ];

    /// The variable that carries it.
    pub const fn var(self) -> &'static str {
        match self {
            Secret::TokenKeys => "XWG_JWT_KEYS",
            Secret::SealKey => "XWG_SEAL_KEY",
            Secret::KeeperSecret => "XWG_KEEPER_SECRET",
            Secret::UserServiceSecret => "XWG_USERSERVICE_SECRET",
        }
    }
}

/// One route's grants.
#[derive(Clone, Copy, Debug)]
pub struct Grants {
    pub route: &'static str,
    pub table: TableAccess,
    /// The partition-key prefixes it reaches (`login#`, `events#`…; a key without `#` is
    /// its own prefix), in named groups.
    pub prefixes: &'static [&'static [&'static str]],
    pub secrets: &'static [Secret],
}

impl Grants {
    /// Every prefix of every group, once each, in order.
    pub fn all_prefixes(&self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = Vec::new();
        for prefix in self.prefixes.iter().flat_map(|group| group.iter()) {
            if !all.contains(prefix) {
                all.push(prefix);
            }
        }
        all
    }

    fn reaches(&self, prefix: &str) -> bool {
        self.prefixes.iter().any(|group| group.contains(&prefix))
    }
}

/// The prefix a partition key is granted by: up to and including its first `#`.
pub fn prefix_of(pk: &str) -> &str {
    pk.find('#').map_or(pk, |at| &pk[..=at])
}

/// What a route did beyond its grants.
#[derive(Debug, thiserror::Error)]
#[error("route {route} is not granted {what}")]
pub struct NotGranted {
    pub route: &'static str,
    pub what: String,
}

tokio::task_local! {
    static CURRENT: Option<Grants>;
}

/// Runs `work` under a route's grants.
pub async fn within<F: Future>(grants: Grants, work: F) -> F::Output {
    CURRENT.scope(Some(grants), work).await
}

/// Runs `work` under no route's grants (the keeper's side of a call).
pub async fn outside<F: Future>(work: F) -> F::Output {
    CURRENT.scope(None, work).await
}

fn current() -> Option<Grants> {
    CURRENT.try_with(|grants| *grants).ok().flatten()
}

/// Whether a table operation on partition `pk` is within the current grants.
pub fn check_table(write: bool, pk: &str) -> Result<(), NotGranted> {
    let Some(grants) = current() else {
        return Ok(());
    };
    let prefix = prefix_of(pk);
    let op = if write { "write" } else { "read" };
    if record(grants.route, op, prefix) {
        return Ok(());
    }
    let needed = if write {
        TableAccess::ReadWrite
    } else {
        TableAccess::Read
    };
    if grants.table >= needed && grants.reaches(prefix) {
        Ok(())
    } else {
        Err(NotGranted {
            route: grants.route,
            what: format!("table {op} on {prefix}"),
        })
    }
}

/// Whether the current grants hold `secret`.
pub fn check_secret(secret: Secret) -> Result<(), NotGranted> {
    let Some(grants) = current() else {
        return Ok(());
    };
    if record(grants.route, "secret", secret.var()) || grants.secrets.contains(&secret) {
        Ok(())
    } else {
        Err(NotGranted {
            route: grants.route,
            what: secret.var().to_string(),
        })
    }
}

/// Appends a use to the record file when recording; whether it is recording.
fn record(route: &str, what: &str, key: &str) -> bool {
    static FILE: OnceLock<Option<Mutex<std::fs::File>>> = OnceLock::new();
    let file = FILE.get_or_init(|| {
        let path = std::env::var_os("XWG_GRANTS_RECORD")?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(Mutex::new)
    });
    let Some(file) = file else {
        return false;
    };
    let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
    // One write per line, so that processes appending at once do not interleave.
    let _ = file.write_all(format!("{route}\t{what}\t{key}\n").as_bytes());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const READER: Grants = Grants {
        route: "reader",
        table: TableAccess::Read,
        prefixes: &[&["login#"]],
        secrets: &[Secret::KeeperSecret],
    };

    #[tokio::test]
    async fn a_route_reaches_only_what_it_was_granted() {
        within(READER, async {
            assert!(check_table(false, "login#ann#1").is_ok());
            assert!(check_table(true, "login#ann#1").is_err(), "read only");
            assert!(check_table(false, "events#ann").is_err(), "other prefix");
            assert!(check_secret(Secret::KeeperSecret).is_ok());
            let refused = check_secret(Secret::TokenKeys).unwrap_err();
            assert_eq!(
                refused.to_string(),
                "route reader is not granted XWG_JWT_KEYS"
            );
            // The keeper's side of a call is the keeper's.
            outside(async { assert!(check_table(true, "events#ann").is_ok()) }).await;
        })
        .await;
        assert!(check_table(true, "anything").is_ok(), "no route, no limits");
    }

    #[test]
    fn a_key_is_granted_by_its_first_segment() {
        assert_eq!(prefix_of("login#ann#1"), "login#");
        assert_eq!(prefix_of("keepers"), "keepers");
    }
}
