//! What every handler gets: built once per process (a Lambda cold start, the local runtime's
//! start), never per request.

use std::sync::Arc;

use crate::auth::TokenService;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::store::{self, Store, StoreError};

pub struct Ctx {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub tokens: TokenService,
    pub clock: Arc<dyn Clock>,
}

impl Ctx {
    pub fn new(config: Config, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        let tokens = TokenService::new(&config.tokens);
        Self { config, store, tokens, clock }
    }

    /// The production wiring: the store the configuration names, the wall clock.
    pub async fn from_config(config: Config) -> Result<Self, StoreError> {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let store = store::open(&config.store, clock.clone()).await?;
        Ok(Self::new(config, store, clock))
    }
}
