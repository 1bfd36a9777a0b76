//! The IQs a session sent and waits for: each under a fresh id, with where it went, when,
//! and what to do with its answer (`T`). An answer counts only when it comes from where the
//! request went (ids are not secrets: anyone could send a result with a guessed one); an
//! IQ that is not answered in time is handed back as expired.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio_xmpp::jid::{BareJid, Jid};

pub(crate) struct Tracker<T> {
    pending: HashMap<String, Pending<T>>,
}

struct Pending<T> {
    to: Option<Jid>,
    sent: Instant,
    then: T,
}

impl<T> Default for Tracker<T> {
    fn default() -> Self {
        Self {
            pending: HashMap::new(),
        }
    }
}

impl<T> Tracker<T> {
    /// Keeps `then` for the answer to an IQ sent to `to` at `sent`; returns the IQ's id.
    pub fn track(&mut self, to: Option<Jid>, sent: Instant, then: T) -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        self.pending.insert(id.clone(), Pending { to, sent, then });
        id
    }

    /// What to do with an answer from `from` to the IQ `id`: nothing when it is late, not
    /// ours, or from elsewhere than where the IQ went (`own`: the session's account).
    pub fn answer(&mut self, id: &str, from: Option<&Jid>, own: &BareJid) -> Option<T> {
        let pending = self.pending.get(id)?;
        if !answers(&pending.to, from, own) {
            return None;
        }
        self.pending.remove(id).map(|pending| pending.then)
    }

    /// Takes an IQ back unanswered (it could not even be sent).
    pub fn take(&mut self, id: &str) -> Option<T> {
        self.pending.remove(id).map(|pending| pending.then)
    }

    /// What to do with every IQ sent longer than `timeout` before `now`, unanswered.
    pub fn expired(&mut self, now: Instant, timeout: Duration) -> Vec<T> {
        let late: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, p)| now.saturating_duration_since(p.sent) > timeout)
            .map(|(id, _)| id.clone())
            .collect();
        late.into_iter()
            .filter_map(|id| self.pending.remove(&id))
            .map(|pending| pending.then)
            .collect()
    }
}

/// Whether an answer from `from` answers an IQ sent to `to`: from the same address, or,
/// for one sent to the user's own account, from it or the server on its behalf.
fn answers(to: &Option<Jid>, from: Option<&Jid>, own: &BareJid) -> bool {
    match (to, from) {
        (Some(to), Some(from)) => to == from,
        (Some(to), None) => to.to_bare() == *own,
        (None, None) => true,
        (None, Some(from)) => from.to_bare() == *own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jid(text: &str) -> Jid {
        text.parse().unwrap()
    }

    #[test]
    fn an_answer_must_come_from_where_the_request_went() {
        let own: BareJid = "ann@x".parse().unwrap();
        let mut tracker = Tracker::default();
        let now = Instant::now();
        let to_room = tracker.track(Some(jid("r@c.x")), now, "room");
        assert_eq!(
            tracker.answer(&to_room, Some(&jid("mallory@x")), &own),
            None
        );
        assert_eq!(
            tracker.answer(&to_room, None, &own),
            None,
            "no from: not the room"
        );
        assert_eq!(
            tracker.answer(&to_room, Some(&jid("r@c.x")), &own),
            Some("room")
        );
        assert_eq!(
            tracker.answer(&to_room, Some(&jid("r@c.x")), &own),
            None,
            "once"
        );

        // To the user's own account: from it, or the server on its behalf.
        let own_query = tracker.track(None, now, "own");
        assert_eq!(
            tracker.answer(&own_query, Some(&jid("mallory@x")), &own),
            None
        );
        assert_eq!(
            tracker.answer(&own_query, Some(&jid("ann@x/phone")), &own),
            Some("own")
        );
        let server = tracker.track(None, now, "server");
        assert_eq!(tracker.answer(&server, None, &own), Some("server"));
        assert_eq!(tracker.answer("no-such-id", None, &own), None);
    }

    #[test]
    fn unanswered_iqs_expire_once_and_only_when_late() {
        let mut tracker = Tracker::default();
        let start = Instant::now();
        tracker.track(None, start, 1);
        tracker.track(None, start + Duration::from_secs(10), 2);
        let timeout = Duration::from_secs(15);
        assert!(
            tracker
                .expired(start + Duration::from_secs(15), timeout)
                .is_empty()
        );
        assert_eq!(
            tracker.expired(start + Duration::from_secs(16), timeout),
            [1]
        );
        assert_eq!(tracker.pending.len(), 1);
        assert_eq!(
            tracker.expired(start + Duration::from_secs(26), timeout),
            [2]
        );
        assert!(
            tracker
                .expired(start + Duration::from_secs(60), timeout)
                .is_empty()
        );
    }
}
