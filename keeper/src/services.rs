//! A keeper's background services held by one keeper of the fleet at a time (the push
//! component, webhook delivery): each runs while this keeper holds its lease, and another
//! keeper takes it over when this one goes.

use std::sync::Arc;
use std::time::Duration;

use crate::Inner;
use crate::lease::Holder;

/// How soon to look again while the keeper's own record does not hold yet: its lease
/// keeping writes it at once, and a look costs no store call.
const NOT_YET: Duration = Duration::from_millis(100);

/// Runs `hold` whenever this keeper holds the service's `lease` (a name with `@`, which no
/// username has), for as long as the keeper lives; `retry`: the wait after `hold` returns
/// or the lease cannot be read. `what` names the service in log lines.
pub(crate) fn spawn<F, Fut>(
    inner: &Arc<Inner>,
    lease: &'static str,
    what: &'static str,
    retry: Duration,
    hold: F,
) where
    F: Fn(Arc<Inner>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let inner = Arc::downgrade(inner);
    tokio::spawn(async move {
        loop {
            let Some(keeper) = inner.upgrade() else {
                return;
            };
            let wait = match keeper.service_leases().acquire_service(lease).await {
                Ok(Some(Holder::Me)) => {
                    hold(Arc::clone(&keeper)).await;
                    if let Err(err) = keeper.service_leases().release(lease).await {
                        tracing::warn!(service = what, error = %err, "lease not released; it will expire");
                    }
                    retry
                }
                // Another keeper has it: look again once that keeper's lease could have lapsed.
                Ok(Some(Holder::Other { .. })) => keeper.config.lease,
                Ok(None) => NOT_YET,
                Err(err) => {
                    tracing::warn!(service = what, error = %err, "lease unreadable");
                    retry
                }
            };
            drop(keeper);
            tokio::time::sleep(wait).await;
        }
    });
}
