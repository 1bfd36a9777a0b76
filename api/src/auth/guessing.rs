//! Slowing guessers down without refusing the right credential (the user service secret,
//! users' passwords). Failures are counted per subject (a source address, a user, both) in
//! a window ([`Limit`]). Once a subject is past its limit, every attempt of it waits before
//! it is checked — right or wrong, so that how long an answer takes tells nothing — for a
//! time that doubles with each further failure, up to [`MAX_DELAY`]; then the credential
//! is checked as always: a right one passes, a wrong one is answered 429 with Retry-After.
//! So an operator behind the same NAT as a guesser still gets in (a little later), while the
//! guesser is held to one try per delay per connection. Attempts waiting at once for one
//! subject are capped per process ([`MAX_WAITING`]): beyond, an attempt is refused at once,
//! unchecked (a guesser with many parallel connections is the only one who meets that).
//! Every failure past a limit is logged (the subject, never the credential).

use std::time::Duration;

use super::AuthError;
use super::limiter::{self, Limit};
use crate::Ctx;

/// The wait of the first attempt past a limit; it doubles with each further failure…
const FIRST_DELAY: Duration = Duration::from_millis(250);
/// …up to this.
pub const MAX_DELAY: Duration = Duration::from_secs(8);
/// Attempts of one subject that may wait at once in one process.
const MAX_WAITING: usize = 32;

pub use crate::ctx::Waiting;

impl Waiting {
    fn enter(&self, key: &str) -> bool {
        let mut waiting = self.lock();
        let count = waiting.entry(key.to_string()).or_default();
        if *count >= MAX_WAITING {
            return false;
        }
        *count += 1;
        true
    }

    fn leave(&self, key: &str) {
        let mut waiting = self.lock();
        if let Some(count) = waiting.get_mut(key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                waiting.remove(key);
            }
        }
    }
}

/// How long an attempt waits after `excess` failures past its limit (0: the first past it).
pub fn delay(excess: u64) -> Duration {
    FIRST_DELAY
        .saturating_mul(1u32 << excess.min(16))
        .min(MAX_DELAY)
}

/// One attempt at a credential, watched under some limits (each with its subject).
pub struct Attempt<'a> {
    ctx: &'a Ctx,
    watched: Vec<(&'static Limit, String)>,
    /// The failures each subject had when the attempt began.
    failures: Vec<u64>,
    /// The key this attempt holds in [`Waiting`] while it waits.
    waiting: Option<String>,
}

impl<'a> Attempt<'a> {
    /// Starts an attempt: where a subject is past its limit, waits first (see the module).
    pub async fn begin(
        ctx: &'a Ctx,
        watched: Vec<(&'static Limit, String)>,
    ) -> Result<Attempt<'a>, AuthError> {
        let mut failures = Vec::with_capacity(watched.len());
        for (limit, subject) in &watched {
            failures.push(limiter::attempts(ctx.store.as_ref(), limit, subject).await?);
        }
        let mut attempt = Attempt {
            ctx,
            watched,
            failures,
            waiting: None,
        };
        if let Some((i, excess)) = attempt.worst() {
            let (limit, subject) = &attempt.watched[i];
            let key = format!("{}#{subject}", limit.name);
            if !ctx.guessing.enter(&key) {
                tracing::warn!(limit = limit.name, %subject, "guessing: too many attempts waiting; refused unchecked");
                return Err(too_many(limit, delay(excess)));
            }
            attempt.waiting = Some(key);
            tokio::time::sleep(delay(excess)).await;
        }
        Ok(attempt)
    }

    /// The subject furthest past its limit, and by how many failures.
    fn worst(&self) -> Option<(usize, u64)> {
        self.watched
            .iter()
            .zip(&self.failures)
            .enumerate()
            .filter(|(_, ((limit, _), failures))| **failures >= limit.max)
            .map(|(i, ((limit, _), failures))| (i, failures - limit.max))
            .max_by_key(|(_, excess)| *excess)
    }

    /// The credential was right: the failures of the subjects at `clear` are forgotten (the
    /// others, counting many users' or many places' failures, stay).
    pub async fn passed(self, clear: &[usize]) -> Result<(), AuthError> {
        for &i in clear {
            let (limit, subject) = &self.watched[i];
            if self.failures[i] > 0 {
                limiter::clear(self.ctx.store.as_ref(), limit, subject).await?;
            }
        }
        Ok(())
    }

    /// The credential was wrong: counted for every subject. Past a limit (now), the answer
    /// is 429 with the wait of the next attempt; before, the caller answers its own refusal.
    pub async fn failed(mut self) -> Result<(), AuthError> {
        let (store, now) = (self.ctx.store.as_ref(), self.ctx.clock.now());
        for ((limit, subject), failures) in self.watched.iter().zip(self.failures.iter_mut()) {
            limiter::count(store, limit, subject, now).await?;
            *failures += 1;
        }
        // Past a limit: more failures than it allows (the failure that reaches it is still
        // answered as any other).
        match self.worst() {
            Some((i, excess)) if excess > 0 => {
                let (limit, subject) = &self.watched[i];
                tracing::warn!(
                    limit = limit.name,
                    %subject,
                    failures = self.failures[i],
                    "guessing: a wrong credential past the limit"
                );
                Err(too_many(limit, delay(excess)))
            }
            _ => Ok(()),
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if let Some(key) = &self.waiting {
            self.ctx.guessing.leave(key);
        }
    }
}

fn too_many(limit: &Limit, next_wait: Duration) -> AuthError {
    AuthError::TooManyAttempts {
        message: format!(
            "Too many failed {} attempts: each attempt now waits before it is checked. \
             Check what you send; the right one is still accepted.",
            limit.name
        ),
        retry_after: next_wait.as_secs().max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_its_cap() {
        assert_eq!(delay(0), FIRST_DELAY);
        assert_eq!(delay(1), FIRST_DELAY * 2);
        assert_eq!(delay(3), FIRST_DELAY * 8);
        assert_eq!(delay(60), MAX_DELAY);
    }

    #[test]
    fn waiting_attempts_are_capped_per_subject() {
        let waiting = Waiting::default();
        for _ in 0..MAX_WAITING {
            assert!(waiting.enter("a"));
        }
        assert!(!waiting.enter("a"), "the cap");
        assert!(waiting.enter("b"), "another subject");
        waiting.leave("a");
        assert!(waiting.enter("a"), "a slot given back");
    }
}
