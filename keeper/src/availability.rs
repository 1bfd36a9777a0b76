//! The user's presence as contacts see it: what the user chose (their last presence to
//! everyone, sent through the gateway; plainly available by default), shown as *away*
//! while no page of theirs is open — so a contact whose last tab closed does not read as
//! online until the session's idle end — and as chosen again once a page comes back.
//! The choice also survives a reconnect: a new stream announces it, not plain availability.

use std::time::{Duration, Instant};

use tokio_xmpp::parsers::presence::{Presence, Show, Type as PresenceType};

pub(crate) struct Availability {
    chosen: Presence,
    /// Announced as away (no page open for a while).
    away: bool,
    /// Since when no page has been open.
    unread_since: Option<Instant>,
    away_after: Duration,
}

impl Availability {
    pub fn new(away_after: Duration) -> Self {
        Self {
            chosen: Presence::available(),
            away: false,
            unread_since: None,
            away_after,
        }
    }

    /// A presence the user sends to everyone (no `to`) is their choice from now on: being
    /// there (in some way), or not at all (unavailable: then nothing announces them).
    pub fn chose(&mut self, presence: &Presence) {
        let choice = matches!(
            presence.type_,
            PresenceType::None | PresenceType::Unavailable
        );
        if presence.to.is_none() && choice {
            self.chosen = presence.clone();
            self.away = false;
        }
    }

    /// What a new stream announces: the choice, or away if no page is open.
    pub fn current(&self) -> Presence {
        match self.away {
            true => self.away_from(&self.chosen),
            false => self.chosen.clone(),
        }
    }

    /// Whether a page reads the session now; the presence to announce when that changes
    /// what contacts should see.
    pub fn tick(&mut self, reading: bool, now: Instant) -> Option<Presence> {
        if reading {
            self.unread_since = None;
            return std::mem::replace(&mut self.away, false).then(|| self.chosen.clone());
        }
        let since = *self.unread_since.get_or_insert(now);
        // Only one who chose to be plainly there turns away: busy stays busy, and one who
        // chose to be unavailable is never announced.
        let there = self.chosen.type_ == PresenceType::None
            && matches!(self.chosen.show, None | Some(Show::Chat));
        if self.away || !there || now.duration_since(since) < self.away_after {
            return None;
        }
        self.away = true;
        Some(self.away_from(&self.chosen))
    }

    /// The choice, as away (its status message kept).
    fn away_from(&self, chosen: &Presence) -> Presence {
        let mut away = chosen.clone();
        if matches!(away.show, None | Some(Show::Chat)) {
            away.show = Some(Show::Away);
        }
        away
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRACE: Duration = Duration::from_secs(60);

    #[test]
    fn away_after_the_last_page_closed_for_a_while_and_back_with_a_page() {
        let mut availability = Availability::new(GRACE);
        let start = Instant::now();
        assert_eq!(availability.tick(true, start), None);
        // The last page closed: a reload within the grace changes nothing.
        assert_eq!(availability.tick(false, start), None);
        assert_eq!(availability.tick(false, start + GRACE / 2), None);
        assert_eq!(availability.tick(true, start + GRACE / 2), None);
        assert_eq!(availability.tick(false, start + GRACE), None);
        let away = availability.tick(false, start + GRACE * 2).expect("away");
        assert_eq!(away.show, Some(Show::Away));
        assert_eq!(availability.tick(false, start + GRACE * 3), None, "once");
        assert_eq!(availability.current().show, Some(Show::Away));
        let back = availability.tick(true, start + GRACE * 3).expect("back");
        assert_eq!(back.show, None);
    }

    #[test]
    fn the_users_choice_is_kept_busy_and_unavailable_stay_and_directed_presences_are_not_one() {
        let mut availability = Availability::new(GRACE);
        let start = Instant::now();
        let mut busy = Presence::available();
        busy.show = Some(Show::Dnd);
        busy.set_status("", "in a meeting");
        availability.chose(&busy);
        let mut directed = Presence::available();
        directed.to = Some("room@muc.x/me".parse().unwrap());
        availability.chose(&directed);
        availability.tick(false, start);
        assert_eq!(
            availability.tick(false, start + GRACE * 2),
            None,
            "busy stays busy"
        );
        assert_eq!(
            availability.current(),
            busy,
            "a new stream announces the choice"
        );

        // Unavailable by choice: never announced away, and a new stream says unavailable.
        availability.chose(&Presence::new(PresenceType::Unavailable));
        assert_eq!(availability.tick(false, start + GRACE * 3), None);
        assert_eq!(availability.current().type_, PresenceType::Unavailable);

        let mut chatty = Presence::available();
        chatty.set_status("", "ask me");
        availability.chose(&chatty);
        let away = availability.tick(false, start + GRACE * 4).expect("away");
        assert_eq!(
            (away.show, away.statuses.get("").map(String::as_str)),
            (Some(Show::Away), Some("ask me"))
        );
    }
}
