//! What every handler gets: built once per process (a Lambda cold start, the local runtime's
//! start), never per request.

use std::sync::Arc;

use webauthn_rs::prelude::Webauthn;
use xwg_core::clock::Clock;
use xwg_core::identity::Domain;
use xwg_core::keeper::Keeper;
use xwg_core::push::Pusher;
use xwg_core::seal::Sealer;
use xwg_core::store::Store;
use xwg_core::xmpp::{AsAdmin, AsUser, On};

use crate::config::{Config, ConfigError};
use crate::tokens::TokenService;

pub struct Ctx {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub tokens: TokenService,
    pub clock: Arc<dyn Clock>,
    pub keeper: Arc<dyn Keeper>,
    pub webauthn: Webauthn,
    pub push: Arc<Pusher>,
    pub sealer: Sealer,
    /// Credential attempts waiting in this process (guessing slowed down).
    pub guessing: Waiting,
    /// Set when the process shuts down: its open streams end with a hint to reconnect
    /// (elsewhere), and it opens no new ones.
    pub shutting_down: tokio::sync::watch::Sender<bool>,
}

impl Ctx {
    /// Fails only on a relying-party configuration webauthn-rs refuses.
    pub fn new(
        config: Config,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keeper: Arc<dyn Keeper>,
    ) -> Result<Self, ConfigError> {
        // What a route touches is held to its grants (`xwg_core::grants`).
        let store: Arc<dyn Store> = Arc::new(xwg_core::store::granted::Granted::new(store));
        let keeper: Arc<dyn Keeper> = Arc::new(xwg_core::keeper::granted::Granted::new(keeper));
        let tokens = TokenService::new(&config.tokens);
        let webauthn = config.webauthn.relying_party()?;
        let sealer = config
            .seal_keys
            .as_ref()
            .map_or_else(Sealer::none, Sealer::new);
        let push = Arc::new(Pusher::new(
            Arc::clone(&store),
            config.push.clone(),
            sealer.clone(),
        ));
        Ok(Self {
            push,
            sealer,
            config,
            store,
            tokens,
            clock,
            keeper,
            webauthn,
            guessing: Default::default(),
            shutting_down: tokio::sync::watch::Sender::new(false),
        })
    }
}

/// Credential attempts that wait in this process, by subject (`auth::guessing`).
#[derive(Default)]
pub struct Waiting(std::sync::Mutex<std::collections::HashMap<String, usize>>);

impl Waiting {
    pub(crate) fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, usize>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Ctx {
    /// The user's XMPP session, to make calls on.
    pub fn on<'a>(&'a self, user: &'a str) -> On<'a> {
        On::new(self.keeper.as_ref(), user)
    }

    /// The server administrator's calls (XEP-0133, XEP-0356), through the keeper.
    pub fn as_admin(&self) -> AsAdmin<'_> {
        AsAdmin::new(self.keeper.as_ref())
    }

    /// The user's account on streams of its own, one per call (no session, no presence).
    pub fn as_user<'a>(&'a self, user: &'a str) -> AsUser<'a> {
        AsUser::new(self.keeper.as_ref(), user)
    }

    /// The gateway's XMPP domain.
    pub fn domain(&self) -> &Domain {
        &self.config.xmpp.domain
    }
}
