//! Opening a session's XMPP stream, and opening it again after every loss. tokio-xmpp's
//! `StanzaStream` asks for a stream whenever it needs one; this connector answers with a
//! freshly authenticated stream, waiting between failed attempts (exponential backoff
//! with jitter). It gives up — and the session ends — when the server refuses the
//! password, when the very first attempt finds no server, or when the server keeps
//! dropping fresh streams right after login (whatever the cause).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot};
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::stanzastream::Connection;
use tokio_xmpp::xmlstream::Timeouts;
use xwg_core::config::XmppConfig;
use xwg_core::protocol::password::{PasswordCheckError, login};

/// A stream that lasted less than this before the next was needed was dropped at once…
const MIN_STABLE: Duration = Duration::from_secs(5);
/// …and this many such streams in a row end the session.
const MAX_RAPID: u32 = 5;
/// The first wait after a failed attempt, and the longest (the server is back within this
/// plus a login of its return).
const FIRST_DELAY: Duration = Duration::from_millis(500);
const MAX_DELAY: Duration = Duration::from_secs(5);

/// What the connector tells the session.
#[derive(Debug, PartialEq)]
pub(crate) enum Note {
    /// An attempt failed; another follows.
    Failing(String),
    /// The server refuses the password: the session ends.
    Refused,
    /// No more attempts: the session ends for this reason.
    GaveUp(String),
}

/// What the connector remembers between the streams it made.
#[derive(Default)]
struct History {
    /// Whether a stream was ever made (the first attempt decides whether the session opens).
    opened: bool,
    /// When the last stream was made.
    last_up: Option<Instant>,
    /// Streams in a row that were lost within [`MIN_STABLE`].
    rapid: u32,
}

/// The wait before attempt `n` after a failure (n ≥ 1): doubling up to [`MAX_DELAY`], each
/// wait scaled by a random factor in [0.8, 1.2] so that sessions do not retry in step.
pub(crate) fn backoff(n: u32) -> Duration {
    let base = FIRST_DELAY
        .saturating_mul(1 << n.saturating_sub(1).min(16))
        .min(MAX_DELAY);
    let mut random = [0u8; 2];
    let _ = getrandom::fill(&mut random);
    let factor = 0.8 + 0.4 * f64::from(u16::from_le_bytes(random)) / f64::from(u16::MAX);
    base.mul_f64(factor)
}

/// The connector for one session's stream.
pub(crate) fn connector(
    xmpp: XmppConfig,
    jid: BareJid,
    password: String,
    timeouts: Timeouts,
    notes: mpsc::UnboundedSender<Note>,
) -> Box<dyn FnMut(Option<String>, oneshot::Sender<Connection>) + Send + 'static> {
    let history = Arc::new(Mutex::new(History::default()));
    Box::new(move |_preferred_location, slot| {
        let (xmpp, jid, password, notes) =
            (xmpp.clone(), jid.clone(), password.clone(), notes.clone());
        let history = Arc::clone(&history);
        tokio::spawn(async move {
            let first_delay = {
                let mut history = history.lock().unwrap_or_else(|p| p.into_inner());
                let lost_at_once = history.last_up.is_some_and(|up| up.elapsed() < MIN_STABLE);
                history.rapid = if lost_at_once { history.rapid + 1 } else { 0 };
                if history.rapid >= MAX_RAPID {
                    let _ = notes.send(Note::GaveUp(
                        "the XMPP server keeps dropping the session right after login".into(),
                    ));
                    return; // dropping the slot ends the stream
                }
                (history.rapid > 0).then(|| backoff(history.rapid))
            };
            if let Some(delay) = first_delay {
                tokio::time::sleep(delay).await;
            }
            let mut failures = 0;
            loop {
                match login(&xmpp, &jid, &password, timeouts).await {
                    Ok((features, stream)) => {
                        {
                            let mut history = history.lock().unwrap_or_else(|p| p.into_inner());
                            history.opened = true;
                            history.last_up = Some(Instant::now());
                        }
                        let connection = Connection {
                            stream: stream.box_stream(),
                            features,
                            identity: Jid::from(jid.clone()),
                        };
                        // A stream nobody takes any more (the session ended) is just dropped.
                        let _ = slot.send(connection);
                        return;
                    }
                    Err(PasswordCheckError::Refused) => {
                        let _ = notes.send(Note::Refused);
                        return;
                    }
                    Err(PasswordCheckError::Unreachable(reason)) => {
                        let opened = history.lock().unwrap_or_else(|p| p.into_inner()).opened;
                        if !opened {
                            // A session that cannot open at all says so at once.
                            let _ = notes.send(Note::GaveUp(reason));
                            return;
                        }
                        if notes.send(Note::Failing(reason)).is_err() {
                            return; // the session is gone
                        }
                        failures += 1;
                        tokio::time::sleep(backoff(failures)).await;
                    }
                }
            }
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_with_jitter_up_to_a_cap() {
        for n in 1..=12 {
            let base = FIRST_DELAY.saturating_mul(1 << (n - 1)).min(MAX_DELAY);
            for _ in 0..20 {
                let wait = backoff(n);
                assert!(
                    wait >= base.mul_f64(0.8) && wait <= base.mul_f64(1.2),
                    "{n}: {wait:?}"
                );
            }
        }
        let waits: std::collections::BTreeSet<_> = (0..20).map(|_| backoff(3)).collect();
        assert!(waits.len() > 1, "jittered");
    }
}
