//! Account events for webhooks: an account created or deleted through the gateway (by
//! registration, by its user, by an administrator) is queued for every webhook that asked
//! for `account` events, once the change is done. A failure to queue is logged; the change
//! it announces stands.

use crate::Ctx;
use xwg_core::projections::inbox::now_ms;
use xwg_core::webhooks::{self, queue};

/// What happened to the account.
#[derive(Clone, Copy)]
pub enum Change {
    Created,
    Deleted,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Deleted => "deleted",
        }
    }
}

/// Queues `change` of `user`'s account for the webhooks that want it.
pub async fn announce(ctx: &Ctx, user: &str, change: Change) {
    let store = ctx.store.as_ref();
    let hooks = match webhooks::list(store).await {
        Ok(hooks) => hooks,
        Err(err) => {
            tracing::error!(user, error = %err, "account event not queued: webhooks unreadable");
            return;
        }
    };
    let expires = ctx.clock.now() + ctx.config.webhooks.keep.as_secs() as i64;
    for hook in hooks.iter().filter(|hook| hook.wants_account(user)) {
        let delivery = webhooks::account_delivery(user, change.name(), now_ms());
        if let Err(err) = queue::push(store, &hook.id, &delivery, 0, expires).await {
            tracing::error!(user, webhook = %hook.id, error = %err, "account event not queued");
        }
    }
}
