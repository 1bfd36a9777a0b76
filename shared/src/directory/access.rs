//! Ending a user's access through the gateway at once: every login of the account's current
//! incarnation (access and refresh tokens, open streams) and the XMPP session the keeper
//! holds for them, with no reconnect. What deletion, a password change and a lock share.

use crate::auth::logins::{self, Ended};
use crate::events::log;
use crate::xmpp::subscriptions;
use crate::{ApiError, Ctx};

pub async fn end_all(ctx: &Ctx, user: &str, why: Ended) -> Result<(), ApiError> {
    logins::end_all(ctx.store.as_ref(), ctx.clock.now(), user, why).await?;
    ctx.keeper.end_session(user).await?;
    if why == Ended::AccountDeleted {
        // Nothing of the account outlives it: a name registered again starts from nothing
        // (no events to replay, no requests waiting). The session has ended: no more come.
        log::purge(ctx.store.as_ref(), user).await?;
        subscriptions::forget_all(ctx.store.as_ref(), user).await?;
    }
    tracing::info!(user, reason = why.describe(), "every login ended");
    Ok(())
}
