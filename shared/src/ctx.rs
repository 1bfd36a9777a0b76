//! What every handler gets: built once per process (a Lambda cold start, the local runtime's
//! start), never per request.

use std::sync::Arc;

use crate::auth::TokenService;
use crate::clock::Clock;
use crate::config::Config;
use crate::keeper::Keeper;
use crate::store::Store;

pub struct Ctx {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub tokens: TokenService,
    pub clock: Arc<dyn Clock>,
    pub keeper: Arc<dyn Keeper>,
}

impl Ctx {
    pub fn new(
        config: Config,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keeper: Arc<dyn Keeper>,
    ) -> Self {
        let tokens = TokenService::new(&config.tokens);
        Self {
            config,
            store,
            tokens,
            clock,
            keeper,
        }
    }
}
