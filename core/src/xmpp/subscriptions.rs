//! Presence subscriptions (RFC 6121 §3): the user's requests and answers, on their session.
//! The requests contacts made that wait for an answer are a projection of the session's
//! events (`projections::subscriptions`).

use serde::{Deserialize, Serialize};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};

use super::On;
use crate::keeper::KeeperError;

/// What the user does about a subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Let the contact see the user's presence (also before they ask: pre-approval).
    Approve,
    /// Refuse the contact's request, or take back an approval.
    Deny,
    /// Ask to see the contact's presence.
    Request,
    /// Stop seeing the contact's presence.
    Cancel,
}

impl Action {
    fn presence_type(self) -> PresenceType {
        match self {
            Action::Approve => PresenceType::Subscribed,
            Action::Deny => PresenceType::Unsubscribed,
            Action::Request => PresenceType::Subscribe,
            Action::Cancel => PresenceType::Unsubscribe,
        }
    }
}

impl On<'_> {
    /// Sends the action's presence to `contact` on the user's session.
    pub async fn subscription_act(
        &self,
        contact: &BareJid,
        action: Action,
    ) -> Result<(), KeeperError> {
        let mut presence = Presence::new(action.presence_type());
        presence.to = Some(Jid::from(contact.clone()));
        self.keeper
            .send(self.user, Stanza::Presence(presence))
            .await
            .map(drop)
    }
}
