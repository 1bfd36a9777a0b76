//! What every handler gets: built once per process (a Lambda cold start, the local runtime's
//! start), never per request.

use std::sync::Arc;

use crate::auth::TokenService;
use crate::clock::Clock;
use webauthn_rs::prelude::Webauthn;

use crate::auth::passkeys;
use crate::config::{Config, ConfigError};
use crate::keeper::Keeper;
use crate::push::Pusher;
use crate::seal::Sealer;
use crate::store::Store;

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
    pub guessing: crate::auth::guessing::Waiting,
}

impl Ctx {
    /// Fails only on a relying-party configuration webauthn-rs refuses.
    pub fn new(
        config: Config,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keeper: Arc<dyn Keeper>,
    ) -> Result<Self, ConfigError> {
        let tokens = TokenService::new(&config.tokens);
        let webauthn = passkeys::relying_party(&config.webauthn)?;
        let sealer = Sealer::new(&config.seal_key);
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
        })
    }
}
