//! Ending a user's access through the gateway at once: one login ([`end_login`]: logout, a
//! copied refresh token), or every login of the account's current incarnation ([`end_all`]:
//! deletion, a password change, a lock). The store says the login ended (its tokens stop
//! working), the keeper tells the login's open streams (they say why and end at once, by
//! signal rather than at their next look at the store), and the XMPP session ends with the
//! user's last login.

use super::DirectoryError;
use crate::Ctx;
use crate::auth::logins::{self, Ended};
use xwg_core::events::log;
use xwg_core::projections::subscriptions;

/// Ends the login `sid` of `user`; when it was the user's last live login, the XMPP session
/// ends too.
pub async fn end_login(ctx: &Ctx, user: &str, sid: &str, why: Ended) -> Result<(), DirectoryError> {
    let others = logins::end(ctx.store.as_ref(), ctx.clock.now(), user, sid, why).await?;
    ctx.keeper
        .end_logins(user, Some(sid), why.describe())
        .await?;
    if !others {
        ctx.keeper.end_session(user, why.describe()).await?;
    }
    tracing::info!(user, reason = why.describe(), "login ended");
    Ok(())
}

/// Ends every login of the user, and the XMPP session.
pub async fn end_all(ctx: &Ctx, user: &str, why: Ended) -> Result<(), DirectoryError> {
    logins::end_all(ctx.store.as_ref(), ctx.clock.now(), user, why).await?;
    // The streams first, with the reason: then the session's end (which its last event
    // tells every stream still open) is no news to them.
    ctx.keeper.end_logins(user, None, why.describe()).await?;
    ctx.keeper.end_session(user, why.describe()).await?;
    if why == Ended::AccountDeleted {
        // Nothing of the account outlives it: a name registered again starts from nothing
        // (no events to replay, no requests waiting). The session has ended: no more come.
        log::purge(ctx.store.as_ref(), user).await?;
        subscriptions::forget_all(ctx.store.as_ref(), user).await?;
    }
    tracing::info!(user, reason = why.describe(), "every login ended");
    Ok(())
}
