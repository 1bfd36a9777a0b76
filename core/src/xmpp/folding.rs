//! A page of an archive as its messages now stand: corrections applied to the messages
//! they correct (the text replaced, the time of the edit kept), retracted messages turned
//! into tombstones, reactions gathered per emoji with who reacted. Each action counts only
//! where the XEPs allow it: a correction or retraction only from the original's sender, as
//! the server stamped it (its bare JID between two users, its occupant JID in a room), and
//! each sender's latest reactions replace their earlier ones; a read marker (XEP-0333)
//! names who displayed the message (and, by the XEP, everything before it). An action whose message is
//! not on the page (older, or not the sender's) stays in the page as it is, with its
//! `action`, for the client to apply.

use std::collections::HashMap;

use tokio_xmpp::jid::Jid;

use super::archive::Archived;
use crate::protocol::actions::Action;

/// Where the page comes from: how its messages are named and who their sender is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archive {
    /// The user's own archive: messages named by their own ids, senders by bare JID.
    User,
    /// A room's archive: by the room's stanza-id (a correction: by the message's own
    /// id), senders by occupant JID (`room@service/nick`).
    Room,
}

impl Archive {
    fn sender(self, message: &Archived) -> Option<Jid> {
        let from = message.from.as_ref()?;
        Some(match self {
            Archive::User => Jid::from(from.to_bare()),
            Archive::Room => from.clone(),
        })
    }

    /// Whether `action` comes from the author of `original` (only they correct or withdraw
    /// it): the same account in the user's archive; in a room, the same occupant — by the
    /// id the room stamps on both (XEP-0421) where the original carries one (another
    /// account that took the nickname later has another), else by nickname.
    fn same_author(self, original: &Archived, action: &Archived) -> bool {
        match (self, &original.occupant_id) {
            (Archive::Room, Some(author)) => action.occupant_id.as_ref() == Some(author),
            _ => self.sender(original).is_some() && self.sender(original) == self.sender(action),
        }
    }

    /// Whether `message` is in a conversation `sender` takes part in: in a room, every
    /// message; in the user's archive, one from or to `sender`.
    fn shared_with(self, message: &Archived, sender: &Jid) -> bool {
        let bare = |jid: &Option<Jid>| jid.as_ref().map(|j| Jid::from(j.to_bare()));
        match self {
            Archive::Room => true,
            Archive::User => {
                bare(&message.from).as_ref() == Some(sender)
                    || bare(&message.to).as_ref() == Some(sender)
            }
        }
    }

    /// Whether `message` is the one an action names `id`.
    fn names(self, message: &Archived, action: &Action, id: &str) -> bool {
        let own_id = message.message_id.as_deref() == Some(id);
        match (self, action) {
            (_, Action::Correction { .. }) => own_id,
            (Archive::Room, _) => message.id == id,
            (Archive::User, _) => own_id || message.origin_id.as_deref() == Some(id),
        }
    }
}

/// The page's messages with every action that applies folded into its message.
pub fn fold(messages: Vec<Archived>, archive: Archive) -> Vec<Archived> {
    let mut shown: Vec<Archived> = Vec::with_capacity(messages.len());
    // The ids of corrections already applied, to the message they corrected: a client
    // that corrects its correction names the correction.
    let mut corrected: HashMap<String, usize> = HashMap::new();
    for message in messages {
        let Some(action) = message.action.clone() else {
            shown.push(message);
            continue;
        };
        let id = action.target();
        let sender = archive.sender(&message);
        // A sender's id may be reused by anyone: a correction or retraction looks only at
        // its sender's messages, a reaction or read marker only at the conversation its
        // sender is in (the user's archive holds them all).
        let own_only = matches!(
            action,
            Action::Correction { .. } | Action::Retraction { .. }
        );
        // In a room, the room's own address withdraws any message: a moderator's (XEP-0425).
        let moderation = archive == Archive::Room
            && matches!(action, Action::Retraction { .. })
            && message
                .from
                .as_ref()
                .is_some_and(|from| from.resource().is_none());
        let by_sender = |m: &Archived| moderation || archive.same_author(m, &message);
        let eligible = |m: &Archived| {
            m.action.is_none()
                && m.retracted.is_none()
                && archive.names(m, &action, id)
                && match (own_only, &sender) {
                    (_, None) => false,
                    (true, Some(_)) => by_sender(m),
                    (false, Some(sender)) => archive.shared_with(m, sender),
                }
        };
        let target = corrected
            .get(id)
            .copied()
            .filter(|_| matches!(action, Action::Correction { .. }))
            .or_else(|| shown.iter().rposition(eligible));
        let applied = match (target, &action) {
            (Some(index), Action::Correction { .. })
                if archive.same_author(&shown[index], &message) =>
            {
                let original = &mut shown[index];
                original.body = message.body.clone();
                original.edited = message.sent.clone();
                if let Some(own) = &message.message_id {
                    corrected.insert(own.clone(), index);
                }
                true
            }
            (Some(index), Action::Retraction { .. })
                if sender.is_some() && by_sender(&shown[index]) =>
            {
                let original = &mut shown[index];
                original.body.clear();
                original.reactions.clear();
                original.reply = None;
                original.retracted = message.sent.clone().or_else(|| original.sent.clone());
                true
            }
            (Some(index), Action::Displayed { .. }) => match sender {
                Some(sender) => {
                    let seen = &mut shown[index].displayed_by;
                    if !seen.contains(&sender) {
                        seen.push(sender);
                    }
                    true
                }
                None => false,
            },
            (Some(index), Action::Reactions { reactions, .. }) => match sender {
                Some(sender) => {
                    react(&mut shown[index], sender, reactions);
                    true
                }
                None => false,
            },
            _ => false,
        };
        if !applied {
            shown.push(message);
        }
    }
    shown
}

/// Replaces `sender`'s reactions to `message` with `reactions`.
fn react(message: &mut Archived, sender: Jid, reactions: &[String]) {
    for (_, who) in &mut message.reactions {
        who.retain(|jid| *jid != sender);
    }
    for reaction in reactions {
        match message.reactions.iter_mut().find(|(r, _)| r == reaction) {
            Some((_, who)) => who.push(sender.clone()),
            None => message
                .reactions
                .push((reaction.clone(), vec![sender.clone()])),
        }
    }
    message.reactions.retain(|(_, who)| !who.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_xmpp::parsers::date::DateTime;
    use tokio_xmpp::parsers::message::MessageType;

    fn at(minute: u32) -> Option<DateTime> {
        format!("2026-12-07T10:{minute:02}:00Z").parse().ok()
    }

    fn message(n: u32, from: &str, body: &str, action: Option<Action>) -> Archived {
        Archived {
            id: format!("a{n}"),
            from: Some(from.parse().unwrap()),
            to: None,
            body: body.into(),
            sent: at(n),
            kind: MessageType::Chat,
            message_id: Some(format!("m{n}")),
            origin_id: Some(format!("o{n}")),
            occupant_id: None,
            action,
            reply: None,
            edited: None,
            retracted: None,
            reactions: Vec::new(),
            displayed_by: Vec::new(),
        }
    }

    fn correction(id: &str) -> Option<Action> {
        Some(Action::Correction { id: id.into() })
    }

    #[test]
    fn in_a_room_that_names_authors_a_nickname_taken_over_corrects_and_withdraws_nothing() {
        // XEP-0421: the room stamps each author's id. Juliet wrote, left; another account
        // took "juliet" (another id); Juliet came back as "jules" (her id).
        let room = "room@muc.lit";
        let by =
            |n: u32, nick: &str, occupant: &str, body: &str, action: Option<Action>| Archived {
                kind: MessageType::Groupchat,
                occupant_id: Some(occupant.into()),
                ..message(n, &format!("{room}/{nick}"), body, action)
            };
        let retract = |id: &str| Some(Action::Retraction { id: id.into() });
        let folded = fold(
            vec![
                by(1, "juliet", "J", "I will not pay", None),
                by(2, "juliet", "M", "I will pay 1000", correction("m1")),
                by(3, "juliet", "M", "", retract("a1")),
                by(4, "jules", "J", "I will never pay", correction("m1")),
            ],
            Archive::Room,
        );
        let shown: Vec<_> = folded.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(
            shown,
            ["I will never pay", "I will pay 1000", ""],
            "only the author's correction applies; the impostor's stay as they are"
        );
        assert!(folded[0].retracted.is_none());
        assert!(folded[0].edited.is_some());
    }

    #[test]
    fn corrections_apply_only_from_the_sender_and_chain() {
        let folded = fold(
            vec![
                message(1, "juliet@capulet.lit/balcony", "helo", None),
                message(2, "romeo@montague.lit/orchard", "hi", None),
                // Romeo may not correct Juliet's message: it stays a message of its own.
                message(3, "romeo@montague.lit/orchard", "forged", correction("m1")),
                message(4, "juliet@capulet.lit/phone", "hello", correction("m1")),
                // A correction of the correction: it names the correction.
                message(5, "juliet@capulet.lit/balcony", "hello!", correction("m4")),
            ],
            Archive::User,
        );
        let bodies: Vec<&str> = folded.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["hello!", "hi", "forged"]);
        assert_eq!(folded[0].edited, at(5));
        assert!(
            folded[2].action.is_some(),
            "the refused correction is shown as such"
        );
    }

    #[test]
    fn a_reused_id_does_not_turn_an_action_away_from_its_senders_message() {
        let mut copycat = message(3, "mallory@evil.lit/x", "same id", None);
        copycat.message_id = Some("m1".into());
        copycat.origin_id = Some("o1".into());
        let mut outsider_reacts = message(
            5,
            "carol@outside.lit/y",
            "",
            Some(Action::Reactions {
                id: "m1".into(),
                reactions: vec!["💩".into()],
            }),
        );
        outsider_reacts.to = Some("juliet@capulet.lit".parse().unwrap());
        let mut to_romeo = message(1, "juliet@capulet.lit/balcony", "secret", None);
        to_romeo.to = Some("romeo@montague.lit".parse().unwrap());
        let folded = fold(
            vec![
                to_romeo,
                copycat,
                message(
                    4,
                    "juliet@capulet.lit/balcony",
                    "",
                    Some(Action::Retraction { id: "o1".into() }),
                ),
                outsider_reacts,
            ],
            Archive::User,
        );
        assert!(
            folded[0].retracted.is_some(),
            "Juliet's own message is withdrawn"
        );
        assert_eq!(folded[1].body, "same id", "not the copy with her id");
        assert!(
            folded.iter().all(|m| m.reactions.is_empty()),
            "Carol is not in the conversation with Romeo"
        );
    }

    #[test]
    fn a_retraction_leaves_a_tombstone_and_only_its_sender_may() {
        let retract = |id: &str| Some(Action::Retraction { id: id.into() });
        let folded = fold(
            vec![
                message(1, "juliet@capulet.lit/balcony", "secret", None),
                message(2, "romeo@montague.lit/orchard", "mine", None),
                message(3, "juliet@capulet.lit/balcony", "fallback", retract("o1")),
                message(4, "juliet@capulet.lit/balcony", "fallback", retract("o2")),
            ],
            Archive::User,
        );
        assert_eq!(folded.len(), 3);
        assert_eq!(
            (folded[0].body.as_str(), folded[0].retracted.clone()),
            ("", at(3))
        );
        assert_eq!(folded[1].body, "mine", "not Juliet's to withdraw");
        assert!(folded[2].action.is_some());
    }

    #[test]
    fn reactions_gather_per_emoji_and_each_senders_latest_counts() {
        let react = |id: &str, r: &[&str]| {
            Some(Action::Reactions {
                id: id.into(),
                reactions: r.iter().map(|r| r.to_string()).collect(),
            })
        };
        let room = "room@muc.lit";
        let folded = fold(
            vec![
                Archived {
                    kind: MessageType::Groupchat,
                    ..message(1, &format!("{room}/juliet"), "party?", None)
                },
                message(2, &format!("{room}/romeo"), "", react("a1", &["👍", "🎉"])),
                message(3, &format!("{room}/nurse"), "", react("a1", &["👍"])),
                message(4, &format!("{room}/romeo"), "", react("a1", &["🎉"])),
            ],
            Archive::Room,
        );
        assert_eq!(folded.len(), 1);
        let who = |r: &str| -> Vec<String> {
            folded[0]
                .reactions
                .iter()
                .find(|(e, _)| e == r)
                .map(|(_, w)| {
                    w.iter()
                        .map(|j| j.resource().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(who("👍"), ["nurse"]);
        assert_eq!(who("🎉"), ["romeo"]);
    }
}
