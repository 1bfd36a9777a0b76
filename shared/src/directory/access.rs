//! Ending a user's access through the gateway at once: every login of the account's current
//! incarnation (access and refresh tokens, open streams) and the XMPP session the keeper
//! holds for them, with no reconnect. What deletion, a password change and a lock share.

use crate::auth::logins::{self, Ended};
use crate::{ApiError, Ctx};

pub async fn end_all(ctx: &Ctx, user: &str, why: Ended) -> Result<(), ApiError> {
    logins::end_all(ctx.store.as_ref(), ctx.clock.now(), user, why).await?;
    ctx.keeper.end_session(user).await?;
    tracing::info!(user, reason = why.describe(), "every login ended");
    Ok(())
}
