//! The user's read position in each conversation, shared with the user's native clients
//! (XEP-0490 Message Displayed Synchronization): one item per conversation (its bare JID)
//! in the private PEP node `urn:xmpp:mds:displayed:0`, naming the last message read by
//! the id its archive gave it (`<stanza-id by=… id=…/>`, by the user's account between two
//! users, by the room in a room).

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::stanza_id::StanzaId;

use super::On;
use super::pubsub::refuses_options;
use crate::keeper::KeeperError;

pub const NODE: &str = "urn:xmpp:mds:displayed:0";
/// The conversations a node keeps where the server takes no `max_items=max` (ejabberd's
/// largest by default).
const FALLBACK_MAX_ITEMS: u32 = 1000;

/// Where the user has read up to in a conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadPosition {
    pub conversation: BareJid,
    /// The archive id of the last message read…
    pub stanza_id: String,
    /// …in this archive.
    pub by: BareJid,
}

impl On<'_> {
    pub async fn read_position_publish(&self, position: &ReadPosition) -> Result<(), KeeperError> {
        let stamp = StanzaId {
            id: position.stanza_id.clone(),
            by: Jid::from(position.by.clone()),
        };
        let displayed = Element::builder("displayed", NODE)
            .append(Element::from(stamp))
            .build();
        let id = position.conversation.to_string();
        match self.pep_private_publish(NODE, &id, displayed.clone()).await {
            Err(KeeperError::Xmpp(condition)) if refuses_options(&condition) => {
                self.pep_private_publish_then_configure(NODE, &id, displayed, FALLBACK_MAX_ITEMS)
                    .await
            }
            other => other,
        }
    }

    /// Every read position the user's clients published.
    pub async fn read_positions(&self) -> Result<Vec<ReadPosition>, KeeperError> {
        Ok(self
            .pep_private_items(NODE)
            .await?
            .into_iter()
            .filter_map(|(id, payload)| {
                if !payload.is("displayed", NODE) {
                    return None;
                }
                let stamp = payload
                    .children()
                    .find_map(|child| StanzaId::try_from(child.clone()).ok())?;
                Some(ReadPosition {
                    conversation: id.parse().ok()?,
                    stanza_id: stamp.id,
                    by: stamp.by.to_bare(),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Answer, FakeKeeper};

    #[tokio::test]
    async fn a_position_is_published_privately_with_its_archive_stamp() {
        let keeper = FakeKeeper::new();
        keeper.answer([Answer::Iq(Ok(None))]);
        let position = ReadPosition {
            conversation: "juliet@capulet.lit".parse().unwrap(),
            stanza_id: "0f710f2b".into(),
            by: "romeo@montague.lit".parse().unwrap(),
        };
        On::new(&keeper, "romeo")
            .read_position_publish(&position)
            .await
            .unwrap();
        let sent = String::from(&keeper.iq_payloads()[0]);
        for part in [
            NODE,
            "juliet@capulet.lit",
            "0f710f2b",
            "romeo@montague.lit",
            "whitelist",
        ] {
            assert!(sent.contains(part), "{part} in {sent}");
        }
    }

    #[tokio::test]
    async fn positions_are_read_as_the_xeps_example_shows_them() {
        let keeper = FakeKeeper::new();
        // XEP-0490 §4, the items of the node.
        keeper.answer_xml(
            "<pubsub xmlns='http://jabber.org/protocol/pubsub'>\
               <items node='urn:xmpp:mds:displayed:0'>\
                 <item id='juliet@capulet.lit'>\
                   <displayed xmlns='urn:xmpp:mds:displayed:0'>\
                     <stanza-id xmlns='urn:xmpp:sid:0' by='romeo@montague.lit' \
                       id='0f710f2b-52ed-4d52-b928-784dad74a52b'/>\
                   </displayed>\
                 </item>\
                 <item id='not a jid@@'><displayed xmlns='urn:xmpp:mds:displayed:0'/></item>\
               </items>\
             </pubsub>",
        );
        let positions = On::new(&keeper, "romeo").read_positions().await.unwrap();
        assert_eq!(
            positions,
            [ReadPosition {
                conversation: "juliet@capulet.lit".parse().unwrap(),
                stanza_id: "0f710f2b-52ed-4d52-b928-784dad74a52b".into(),
                by: "romeo@montague.lit".parse().unwrap(),
            }]
        );
    }
}
