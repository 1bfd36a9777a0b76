//! Test seams (feature `testing`): a context as the entry points build one, over a fresh
//! embedded store and whatever keeper the test gives — usually the scripted
//! `xwg_core::keeper::fake::FakeKeeper` — for unit tests of the domain (the compensations of
//! `directory`, say) without a server. The end-to-end tests use the real parts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::Arc;

use xwg_core::clock::{Clock, SystemClock};
use xwg_core::keeper::Keeper;
use xwg_core::store::embedded::EmbeddedStore;

use crate::Ctx;
use crate::config::Config;

/// The domain of the test context's users.
pub const DOMAIN: &str = "example.org";

/// A context for domain `example.org`, over a new embedded store in a temp file, with
/// `adjust` applied to its configuration.
pub fn context_with(keeper: Arc<dyn Keeper>, adjust: impl FnOnce(&mut Config)) -> Ctx {
    let vars: HashMap<String, String> = [
        ("XWG_XMPP_DOMAIN", DOMAIN),
        ("XWG_XMPP_SERVER", "127.0.0.1:5222"),
        ("XWG_JWT_KEYS", "test=0123456789abcdef0123456789abcdef"),
        ("XWG_SEAL_KEY", &"5e".repeat(32)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut config = Config::from_vars(&vars).expect("a valid test configuration");
    adjust(&mut config);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let path = std::env::temp_dir().join(format!("xwg-unit-{}.db", uuid::Uuid::new_v4().simple()));
    let store = Arc::new(EmbeddedStore::open(&path, clock.clone()).expect("a temp store"));
    Ctx::new(config, store, clock, keeper).expect("a valid test context")
}

pub fn context(keeper: Arc<dyn Keeper>) -> Ctx {
    context_with(keeper, |_| {})
}
