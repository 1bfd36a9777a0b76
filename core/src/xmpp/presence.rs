//! The user's own presence, sent on their session.

use tokio_xmpp::Stanza;
use tokio_xmpp::parsers::presence::{self, Presence};

use super::On;
use crate::events::Show;
use crate::keeper::KeeperError;

impl On<'_> {
    /// Announces the user available (with a `show`) or unavailable, with an optional status.
    pub async fn presence_announce(
        &self,
        available: Option<Show>,
        status: Option<&str>,
    ) -> Result<(), KeeperError> {
        let mut presence = match available {
            None => Presence::unavailable(),
            Some(Show::Online) => Presence::available(),
            Some(Show::Chat) => Presence::available().with_show(presence::Show::Chat),
            Some(Show::Away) => Presence::available().with_show(presence::Show::Away),
            Some(Show::Xa) => Presence::available().with_show(presence::Show::Xa),
            Some(Show::Dnd) => Presence::available().with_show(presence::Show::Dnd),
        };
        if let Some(status) = status {
            presence.set_status("", status);
        }
        self.keeper
            .send(self.user, Stanza::Presence(presence))
            .await
            .map(drop)
    }
}
