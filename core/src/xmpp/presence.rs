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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    #[tokio::test]
    async fn show_and_status_are_rfc_6121s_elements() {
        // RFC 6121 §4.7.2.1 (show) and §4.7.2.2 (status).
        let keeper = FakeKeeper::new();
        let on = On::new(&keeper, "juliet");
        on.presence_announce(Some(Show::Dnd), Some("busy fighting the Montagues"))
            .await
            .unwrap();
        on.presence_announce(None, None).await.unwrap();
        let calls = keeper.calls();
        let Call::Send { stanza, .. } = &calls[0] else {
            panic!("a presence")
        };
        assert_eq!(stanza.attr("type"), None, "available has no type");
        assert_eq!(
            stanza.get_child("show", "jabber:client").unwrap().text(),
            "dnd"
        );
        assert_eq!(
            stanza.get_child("status", "jabber:client").unwrap().text(),
            "busy fighting the Montagues"
        );
        let Call::Send { stanza, .. } = &calls[1] else {
            panic!("a presence")
        };
        assert_eq!(stanza.attr("type"), Some("unavailable"));
    }
}
