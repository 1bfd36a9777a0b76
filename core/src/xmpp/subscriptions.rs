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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    #[tokio::test]
    async fn each_action_is_its_rfc_6121_presence_type_to_the_bare_jid() {
        // RFC 6121 §3.1.1 (subscribe), §3.1.5 (subscribed), §3.2.1 (unsubscribed), §3.3.1.
        let keeper = FakeKeeper::new();
        let on = On::new(&keeper, "juliet");
        let romeo: BareJid = "romeo@example.net".parse().unwrap();
        for action in [
            Action::Request,
            Action::Approve,
            Action::Deny,
            Action::Cancel,
        ] {
            on.subscription_act(&romeo, action).await.unwrap();
        }
        let sent: Vec<(Option<String>, Option<String>)> = keeper
            .calls()
            .into_iter()
            .map(|call| match call {
                Call::Send { stanza, .. } => (
                    stanza.attr("type").map(Into::into),
                    stanza.attr("to").map(Into::into),
                ),
                other => panic!("a presence: {other:?}"),
            })
            .collect();
        let to = Some("romeo@example.net".to_string());
        assert_eq!(
            sent,
            [
                (Some("subscribe".into()), to.clone()),
                (Some("subscribed".into()), to.clone()),
                (Some("unsubscribed".into()), to.clone()),
                (Some("unsubscribe".into()), to),
            ]
        );
    }
}
