//! What a message does to an earlier one: corrections (XEP-0308), retractions (XEP-0424),
//! reactions (XEP-0444), read markers (XEP-0333 `displayed`) and replies (XEP-0461). Read from inbound and archived messages,
//! and added to outgoing ones. Whether a message may do it (only its author corrects or
//! retracts) is for whoever applies it to check: see `xmpp::folding`.
//!
//! Which id a message is referred to by is the XEPs': in a room, the room's `stanza-id`
//! (XEP-0359) for a retraction, a reaction or a reply, and the message's own `id` for a
//! correction; between two users, the original's `id` (its `origin-id` for a retraction).

use serde::{Deserialize, Serialize};
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::xml_ncname;
use tokio_xmpp::parsers::displayed_markers::{Displayed, Markable};
use tokio_xmpp::parsers::message::{Id, Lang, Message};
use tokio_xmpp::parsers::message_correct::Replace;
use tokio_xmpp::parsers::reactions::{Reaction, Reactions};

/// XEP-0424's namespace (version 1, as Conversations, Gajim, Dino and slixmpp send it).
pub const RETRACT: &str = "urn:xmpp:message-retract:1";
/// XEP-0425 version 0.2 (moderation inside a XEP-0422 `apply-to`, with XEP-0424 version 0).
pub const MODERATE_0: &str = "urn:xmpp:message-moderate:0";
pub const FASTEN: &str = "urn:xmpp:fasten:0";
pub const RETRACT_0: &str = "urn:xmpp:message-retract:0";
/// XEP-0425 version 0.3.
pub const MODERATE_1: &str = "urn:xmpp:message-moderate:1";
/// XEP-0461's namespace.
pub const REPLY: &str = "urn:xmpp:reply:0";
/// XEP-0428: which part of a message is only there for clients that do not know its payload.
const FALLBACK: &str = "urn:xmpp:fallback:0";
/// XEP-0334 hints: `store` asks the archive to keep a message without a body.
const HINTS: &str = "urn:xmpp:hints";

/// The body older clients show for a retraction (XEP-0424 §4 recommends one; an archive
/// that keeps only messages with a body then keeps the retraction too).
const RETRACTION_FALLBACK: &str =
    "This person attempted to retract a previous message, but it's unsupported by your client.";

/// The most reactions one message of anyone is read with (more are ignored).
pub const MAX_REACTIONS: usize = 32;
/// The longest reaction, in characters (an emoji sequence joined with ZWJ is up to ~10).
pub const MAX_REACTION_CHARS: usize = 16;

/// What a message does to the earlier message `id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Its body replaces the earlier one's.
    Correction { id: String },
    /// The earlier one is withdrawn.
    Retraction { id: String },
    /// The sender's reactions to the earlier one, all of them (none: withdrawn).
    Reactions { id: String, reactions: Vec<String> },
    /// The sender has displayed (read) the earlier one and everything before it.
    Displayed { id: String },
}

impl Action {
    /// The id of the message it acts on.
    pub fn target(&self) -> &str {
        match self {
            Action::Correction { id } | Action::Retraction { id } | Action::Displayed { id } => id,
            Action::Reactions { id, .. } => id,
        }
    }
}

/// The message a message answers (XEP-0461): its id, and its author where given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Reply {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<String>))]
    pub to: Option<Jid>,
}

/// What the message does to an earlier one, if anything. A retraction wins over anything
/// else it carries; reactions over a correction.
pub fn action_of(message: &Message) -> Option<Action> {
    let payloads = &message.payloads;
    if let Some(retract) = payloads.iter().find(|p| p.is("retract", RETRACT)) {
        return retract
            .attr("id")
            .map(|id| Action::Retraction { id: id.into() });
    }
    if let Some(id) = payloads.iter().find_map(moderated_version_0) {
        return Some(Action::Retraction { id });
    }
    if let Some(reactions) = payloads
        .iter()
        .find_map(|p| Reactions::try_from(p.clone()).ok())
    {
        return Some(Action::Reactions {
            id: reactions.id,
            reactions: usable_reactions(reactions.reactions.into_iter().map(|r| r.emoji)),
        });
    }
    if let Some(replace) = payloads
        .iter()
        .find_map(|p| Replace::try_from(p.clone()).ok())
    {
        return Some(Action::Correction { id: replace.id.0 });
    }
    payloads
        .iter()
        .find_map(|p| Displayed::try_from(p.clone()).ok())
        .map(|displayed| Action::Displayed { id: displayed.id.0 })
}

/// XEP-0425 version 0.2, as Prosody's mod_muc_moderation of 2023 announces a moderation:
/// `<apply-to xmlns='urn:xmpp:fasten:0' id='…'><moderated xmlns='urn:xmpp:message-moderate:0'>
/// <retract xmlns='urn:xmpp:message-retract:0'/>…` — the id of the message withdrawn.
/// (Version 0.3 announces a XEP-0424 version 1 `<retract id='…'>`, read as any retraction.)
/// Only a room's own address sends these: who may apply them is the reader's check.
fn moderated_version_0(payload: &Element) -> Option<String> {
    if !payload.is("apply-to", FASTEN) {
        return None;
    }
    let moderated = payload.get_child("moderated", MODERATE_0)?;
    moderated.get_child("retract", RETRACT_0)?;
    payload.attr("id").map(str::to_string)
}

/// The reactions as read: each trimmed, at most one of each, empty and overlong ones
/// dropped, at most [`MAX_REACTIONS`].
fn usable_reactions(given: impl Iterator<Item = String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for reaction in given {
        let reaction = reaction.trim();
        if kept.len() == MAX_REACTIONS {
            break;
        }
        if reaction_ok(reaction) && !kept.iter().any(|k| k == reaction) {
            kept.push(reaction.to_string());
        }
    }
    kept
}

/// Whether a reaction is one short emoji sequence: at most [`MAX_REACTION_CHARS`], no
/// spaces, controls, direction overrides or markup characters, and at least one symbol
/// beyond ASCII and the joiners (so not a word, and not a lone joiner).
pub fn reaction_ok(reaction: &str) -> bool {
    let chars = reaction.chars().count();
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
            || matches!(c, '<' | '>' | '&' | '"' | '\'')
    };
    let joiner = |c: char| matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}');
    chars > 0
        && chars <= MAX_REACTION_CHARS
        && !reaction.chars().any(forbidden)
        && reaction.chars().any(|c| !c.is_ascii() && !joiner(c))
}

/// The message the message answers, if it says.
pub fn reply_of(message: &Message) -> Option<Reply> {
    let reply = message.payloads.iter().find(|p| p.is("reply", REPLY))?;
    Some(Reply {
        id: reply.attr("id")?.to_string(),
        to: reply.attr("to").and_then(|to| to.parse().ok()),
    })
}

/// Adds what the action needs to an outgoing message: its payload, and for what has no
/// text of its own a fallback body (retraction) or a hint that archives keep it (reactions).
pub fn add_action(message: &mut Message, action: &Action) {
    match action {
        Action::Correction { id } => message.payloads.push(Replace { id: Id(id.clone()) }.into()),
        Action::Retraction { id } => {
            let retract = Element::builder("retract", RETRACT)
                .attr(xml_ncname!("id").to_owned(), id.as_str())
                .build();
            let fallback = Element::builder("fallback", FALLBACK)
                .attr(xml_ncname!("for").to_owned(), RETRACT)
                .build();
            message.payloads.extend([retract, fallback, store_hint()]);
            message
                .bodies
                .insert(Lang::new(), RETRACTION_FALLBACK.to_string());
        }
        // Kept by archives too: where the user's devices and the peer read up to.
        Action::Displayed { id } => message
            .payloads
            .extend([Displayed { id: Id(id.clone()) }.into(), store_hint()]),
        Action::Reactions { id, reactions } => {
            let reactions = Reactions {
                id: id.clone(),
                reactions: reactions
                    .iter()
                    .map(|emoji| Reaction {
                        emoji: emoji.clone(),
                    })
                    .collect(),
            };
            message.payloads.extend([reactions.into(), store_hint()]);
        }
    }
}

/// Asks the receiver to say when the message was displayed (XEP-0333 `markable`).
pub fn add_markable(message: &mut Message) {
    message.payloads.push(Markable.into());
}

/// Adds the reference to the message it answers.
pub fn add_reply(message: &mut Message, reply: &Reply) {
    let mut element =
        Element::builder("reply", REPLY).attr(xml_ncname!("id").to_owned(), reply.id.as_str());
    if let Some(to) = &reply.to {
        element = element.attr(xml_ncname!("to").to_owned(), to.to_string());
    }
    message.payloads.push(element.build());
}

fn store_hint() -> Element {
    Element::builder("store", HINTS).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(xml: &str) -> Message {
        Message::try_from(xml.parse::<Element>().unwrap()).unwrap()
    }

    #[test]
    fn a_rooms_moderation_reads_as_a_retraction_in_both_versions() {
        // XEP-0425 0.2, as Prosody's mod_muc_moderation announces it.
        let old = message(
            "<message xmlns='jabber:client' type='groupchat' from='room@muc.example'>\
             <apply-to xmlns='urn:xmpp:fasten:0' id='stanza-1'>\
             <moderated xmlns='urn:xmpp:message-moderate:0' by='room@muc.example/mod'>\
             <retract xmlns='urn:xmpp:message-retract:0'/><reason>spam</reason>\
             </moderated></apply-to></message>",
        );
        assert_eq!(
            action_of(&old),
            Some(Action::Retraction {
                id: "stanza-1".into()
            })
        );
        // XEP-0425 0.3, §4 Example 3.
        let new = message(
            "<message xmlns='jabber:client' type='groupchat' from='room@muc.example'>\
             <retract id='stanza-2' xmlns='urn:xmpp:message-retract:1'>\
             <moderated by='room@muc.example/mod' xmlns='urn:xmpp:message-moderate:1'/>\
             <reason>spam</reason></retract></message>",
        );
        assert_eq!(
            action_of(&new),
            Some(Action::Retraction {
                id: "stanza-2".into()
            })
        );
        // An apply-to of anything else is not a retraction.
        let other = message(
            "<message xmlns='jabber:client' from='room@muc.example'>\
             <apply-to xmlns='urn:xmpp:fasten:0' id='stanza-3'><x xmlns='urn:other'/></apply-to>\
             </message>",
        );
        assert_eq!(action_of(&other), None);
    }

    #[test]
    fn the_xeps_examples_read_as_their_actions() {
        // XEP-0308 §3, Example 2.
        let correction = message(
            "<message xmlns='jabber:client' to='juliet@capulet.net/balcony' id='good1'>\
             <body>But soft, what light through yonder window breaks?</body>\
             <replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>",
        );
        assert_eq!(
            action_of(&correction),
            Some(Action::Correction { id: "bad1".into() })
        );
        // XEP-0424 §4, Example 4 (with its fallback body).
        let retraction = message(
            "<message xmlns='jabber:client' type='chat' to='lord@capulet.example' id='retract-message-1'>\
             <retract id='origin-id-1' xmlns='urn:xmpp:message-retract:1'/>\
             <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>\
             <body>This person attempted to retract a previous message, but it's unsupported by your client.</body>\
             <store xmlns='urn:xmpp:hints'/></message>",
        );
        assert_eq!(
            action_of(&retraction),
            Some(Action::Retraction {
                id: "origin-id-1".into()
            })
        );
        // XEP-0444 §3, Example 3.
        let reactions = message(
            "<message xmlns='jabber:client' to='romeo@capulet.net/orchard' id='96d73204' type='chat'>\
             <reactions id='744f6e18-a57a-11e9-a656-4889e7820c76' xmlns='urn:xmpp:reactions:0'>\
             <reaction>👋</reaction><reaction>🐢</reaction></reactions>\
             <store xmlns='urn:xmpp:hints'/></message>",
        );
        assert_eq!(
            action_of(&reactions),
            Some(Action::Reactions {
                id: "744f6e18-a57a-11e9-a656-4889e7820c76".into(),
                reactions: vec!["👋".into(), "🐢".into()],
            })
        );
        // XEP-0461 §3, Example 1.
        let reply = message(
            "<message xmlns='jabber:client' to='anna@example.com' id='message-id2' type='chat'>\
             <body>We should bake a new cake</body>\
             <reply to='anna@example.com/tablet' id='message-id1' xmlns='urn:xmpp:reply:0'/></message>",
        );
        assert_eq!(
            reply_of(&reply),
            Some(Reply {
                id: "message-id1".into(),
                to: Some("anna@example.com/tablet".parse().unwrap()),
            })
        );
        assert_eq!(action_of(&reply), None);
        // XEP-0333 §4, Example 5.
        let displayed = message(
            "<message xmlns='jabber:client' from='romeo@montague.lit/orchard' to='juliet@capulet.lit/balcony'>\
             <displayed xmlns='urn:xmpp:chat-markers:0' id='message-1'/></message>",
        );
        assert_eq!(
            action_of(&displayed),
            Some(Action::Displayed {
                id: "message-1".into()
            })
        );
    }

    #[test]
    fn hostile_reactions_are_trimmed_deduplicated_and_bounded() {
        // A hundred distinct emoji (U+1F600 on).
        let many: String = (0..100)
            .filter_map(|i| char::from_u32(0x1F600 + i))
            .map(|emoji| format!("<reaction>{emoji}</reaction>"))
            .collect();
        let xml = format!(
            "<message xmlns='jabber:client'><reactions id='x' xmlns='urn:xmpp:reactions:0'>\
             <reaction> 👍 </reaction><reaction>👍</reaction><reaction></reaction>\
             <reaction>{}</reaction><reaction>a b</reaction><reaction>hello</reaction>\
             {many}</reactions></message>",
            "x".repeat(100)
        );
        let Some(Action::Reactions { reactions, .. }) = action_of(&message(&xml)) else {
            panic!("reactions")
        };
        assert_eq!(reactions.len(), MAX_REACTIONS);
        assert_eq!(reactions[0], "👍");
        assert_eq!(
            reactions[1], "😀",
            "words, duplicates, empty, long and spaced ones dropped"
        );
        for not_one in ["hello", "<a/>&amp;", "\u{200D}", "\u{202E}👍", "a b"] {
            assert!(!reaction_ok(not_one), "{not_one:?}");
        }
        for emoji in ["👍", "1\u{FE0F}\u{20E3}", "👩\u{200D}💻", "❤\u{FE0F}"] {
            assert!(reaction_ok(emoji), "{emoji:?}");
        }
    }

    #[test]
    fn outgoing_actions_carry_what_the_xeps_ask_for() {
        let mut retraction = Message::chat(None);
        add_action(&mut retraction, &Action::Retraction { id: "o1".into() });
        assert_eq!(
            action_of(&retraction),
            Some(Action::Retraction { id: "o1".into() })
        );
        assert!(
            !retraction.bodies.is_empty(),
            "a fallback body for older clients and archives"
        );
        let mut reactions = Message::chat(None);
        let set = Action::Reactions {
            id: "m1".into(),
            reactions: vec!["🎉".into()],
        };
        add_action(&mut reactions, &set);
        assert_eq!(action_of(&reactions), Some(set));
        assert!(reactions.payloads.iter().any(|p| p.is("store", HINTS)));
        let mut reply = Message::chat(None);
        let to = Reply {
            id: "m1".into(),
            to: Some("romeo@montague.lit/orchard".parse().unwrap()),
        };
        add_reply(&mut reply, &to);
        assert_eq!(reply_of(&reply), Some(to));
    }
}
