//! The user's own account (XEP-0077 in-band registration, on their session).

use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ns;

use super::On;
use crate::keeper::{IqKind, KeeperError};

impl On<'_> {
    /// Removes the user's account from the server.
    pub async fn account_remove(&self) -> Result<(), KeeperError> {
        let remove = Element::builder("query", ns::REGISTER)
            .append(Element::builder("remove", ns::REGISTER))
            .build();
        match self.keeper.iq(self.user, None, IqKind::Set, remove).await {
            // The server closes the stream of a removed account, sometimes before answering.
            Ok(_) | Err(KeeperError::Unavailable(_) | KeeperError::Timeout) => Ok(()),
            Err(err) => Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Answer, Call, FakeKeeper};
    use crate::protocol::errors::Condition;
    use tokio_xmpp::parsers::stanza_error::DefinedCondition;

    #[tokio::test]
    async fn removal_is_xep_0077s_remove_and_a_closed_stream_counts_as_done() {
        // XEP-0077 §3.2, Example 13; the server may close the stream before it answers.
        let keeper = FakeKeeper::new();
        keeper.answer([
            Answer::Iq(Err(KeeperError::Unavailable("stream closed".into()))),
            Answer::Iq(Err(KeeperError::Xmpp(Condition(
                DefinedCondition::NotAllowed,
            )))),
        ]);
        let on = On::new(&keeper, "bill");
        on.account_remove().await.unwrap();
        let Call::Iq {
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[0]
        else {
            panic!("a set")
        };
        assert!(payload.is("query", ns::REGISTER) && payload.has_child("remove", ns::REGISTER));
        // A refusal stays one (XEP-0077 §3.2, Example 15).
        assert!(matches!(
            on.account_remove().await,
            Err(KeeperError::Xmpp(_))
        ));
    }
}
