//! Reading a message archive (MAM, XEP-0313): the user's own, or a room's. The results come
//! as messages on the user's session, which the keeper hands back with the query's `<fin/>`.

use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};
use tokio_xmpp::parsers::date::DateTime;
use tokio_xmpp::parsers::mam::{Fin, Query, QueryId, Result_};
use tokio_xmpp::parsers::message::{Message, MessageType};
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::rsm::SetQuery;

use super::On;
use crate::keeper::KeeperError;
use crate::protocol::actions::{
    Action, MODERATE_0, MODERATE_1, RETRACT, RETRACT_0, Reply, action_of, reply_of,
};

/// The largest page one request returns.
pub const MAX_PAGE: usize = 500;

/// What to read: a time range, one correspondent, a page.
#[derive(Debug, Default)]
pub struct Filter {
    pub with: Option<Jid>,
    pub start: Option<DateTime>,
    pub end: Option<DateTime>,
    pub max: usize,
    /// Continue after this archive id (a page's `last`).
    pub after: Option<String>,
    /// The page before this archive id (a page's `first`; empty: the last page).
    pub before: Option<String>,
    /// Only messages whose body contains this (any case); applied to the page read.
    pub keywords: Option<String>,
}

/// One archived message with a body, or one that acts on an earlier message (a
/// correction, retraction or reactions: [`crate::protocol::actions`]).
#[derive(Clone, Debug)]
pub struct Archived {
    /// The archive's id of it (what `after` pages on; in a room's archive, the room's
    /// stanza-id, which retractions, reactions and replies in the room name).
    pub id: String,
    pub from: Option<Jid>,
    pub to: Option<Jid>,
    pub body: String,
    /// When the archive stored it.
    pub sent: Option<DateTime>,
    pub kind: MessageType,
    /// The message's own `id` and its XEP-0359 `origin-id`: what actions between two users
    /// name it by.
    pub message_id: Option<String>,
    pub origin_id: Option<String>,
    /// In a room's archive: the id the room gives its author (XEP-0421), whatever their
    /// nickname.
    pub occupant_id: Option<String>,
    /// What it does to an earlier message, if anything (kept as is where that message is
    /// not found: see [`super::folding`]).
    pub action: Option<Action>,
    pub reply: Option<Reply>,
    /// Folded in from later messages ([`super::folding`]): when its text was last corrected,
    /// when it was withdrawn, and the reactions to it (each reaction with who reacted).
    pub edited: Option<DateTime>,
    pub retracted: Option<DateTime>,
    pub reactions: Vec<(String, Vec<Jid>)>,
    /// Who said they displayed it (and so everything before it, XEP-0333).
    pub displayed_by: Vec<Jid>,
}

/// A page of the archive, oldest first.
#[derive(Debug)]
pub struct Page {
    pub messages: Vec<Archived>,
    /// The archive id of the page's first message (`before=` pages back).
    pub first: Option<String>,
    /// Where the next page starts (`after=`); absent on the last page.
    pub last: Option<String>,
    pub complete: bool,
}

impl On<'_> {
    /// Reads the archive of `archive` (`None`: the user's own) as the user.
    pub async fn archive_read(
        &self,
        archive: Option<Jid>,
        filter: &Filter,
    ) -> Result<Page, KeeperError> {
        let queryid = uuid::Uuid::new_v4().simple().to_string();
        let (fin, results) = self
            .keeper
            .query(self.user, archive, query(&queryid, filter), &queryid)
            .await?;
        let fin = fin.and_then(|fin| Fin::try_from(fin).ok());
        let needle = filter.keywords.as_deref().map(str::to_lowercase);
        let messages = results
            .into_iter()
            .filter_map(|element| Message::try_from(element).ok())
            .filter_map(|message| result(&message))
            .filter_map(archived)
            .filter(|m| {
                needle
                    .as_ref()
                    .is_none_or(|n| m.body.to_lowercase().contains(n))
            })
            .collect();
        let complete = fin.as_ref().is_some_and(|fin| fin.complete);
        Ok(Page {
            messages,
            first: fin
                .as_ref()
                .and_then(|fin| fin.set.first.clone())
                .map(|f| f.item),
            last: fin.and_then(|fin| fin.set.last).filter(|_| !complete),
            complete,
        })
    }
}

/// The MAM query (an IQ set's payload) for a filter, its results tagged with `queryid`.
pub fn query(queryid: &str, filter: &Filter) -> Element {
    let mut fields = vec![Field::new("FORM_TYPE", FieldType::Hidden).with_value(ns::MAM)];
    if let Some(with) = &filter.with {
        fields.push(Field::new("with", FieldType::JidSingle).with_value(&with.to_string()));
    }
    if let Some(start) = &filter.start {
        fields.push(Field::text_single("start", &start.0.to_rfc3339()));
    }
    if let Some(end) = &filter.end {
        fields.push(Field::text_single("end", &end.0.to_rfc3339()));
    }
    Element::from(Query {
        queryid: Some(QueryId(queryid.to_string())),
        node: None,
        form: Some(DataForm::new(DataFormType::Submit, ns::MAM, fields)),
        set: Some(SetQuery {
            max: Some(filter.max),
            after: filter.after.clone(),
            before: filter.before.clone(),
            index: None,
        }),
        flip_page: false,
    })
}

/// The archive's answer to a query: its `<fin/>` (whether the archive has no more, and
/// the ids of the page's first and last result).
pub fn fin(payload: Option<Element>) -> Option<Fin> {
    payload.and_then(|fin| Fin::try_from(fin).ok())
}

/// A message that is one result of a MAM query: its query id, the result's archive id,
/// and the archived message with when it was archived.
pub struct QueryResult {
    pub queryid: Option<String>,
    pub id: String,
    pub message: Message,
    pub stamp: Option<DateTime>,
}

/// The query result a message carries, if it is one.
pub fn result(message: &Message) -> Option<QueryResult> {
    let result = message
        .payloads
        .iter()
        .find_map(|p| Result_::try_from(p.clone()).ok())?;
    Some(QueryResult {
        queryid: result.queryid.map(|q| q.0),
        id: result.id,
        message: result.forwarded.message,
        stamp: result.forwarded.delay.map(|d| d.stamp),
    })
}

/// A result's archived message, when it has a body or acts on an earlier message, or is
/// the tombstone a room left of a moderated message.
fn archived(result: QueryResult) -> Option<Archived> {
    let original = result.message;
    let action = action_of(&original);
    let body = original.get_best_body_cloned(vec![]).map(|(_, body)| body);
    let tombstone = moderated_at(&original, result.stamp.as_ref());
    if body.is_none() && action.is_none() && tombstone.is_none() {
        return None;
    }
    Some(Archived {
        id: result.id,
        body: body.unwrap_or_default(),
        sent: result.stamp,
        kind: original.type_.clone(),
        message_id: original.id.as_ref().map(|id| id.0.clone()),
        origin_id: crate::events::inbound::origin_id(&original),
        occupant_id: crate::events::inbound::occupant_id(&original),
        reply: reply_of(&original),
        action,
        from: original.from,
        to: original.to,
        edited: None,
        retracted: tombstone,
        reactions: Vec::new(),
        displayed_by: Vec::new(),
    })
}

/// When a moderator withdrew the message, where the room replaced it in its archive with a
/// tombstone (XEP-0425: `<moderated><retracted stamp=…/></moderated>` in version 0.2,
/// `<retracted stamp=…><moderated/></retracted>` in 0.3).
fn moderated_at(message: &Message, archived: Option<&DateTime>) -> Option<DateTime> {
    let retracted = message.payloads.iter().find_map(|p| {
        if p.is("moderated", MODERATE_0) {
            p.get_child("retracted", RETRACT_0)
        } else if p.is("retracted", RETRACT) && p.has_child("moderated", MODERATE_1) {
            Some(p)
        } else {
            None
        }
    })?;
    retracted
        .attr("stamp")
        .and_then(|stamp| stamp.parse().ok())
        .or_else(|| archived.cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Answer, Call, FakeKeeper};

    /// XEP-0313 §4.1.2, Example 4: a result message (its `jabber:client` made explicit, as
    /// the stream gives it), with the result's archive id.
    fn result_message(queryid: &str, id: &str, from: &str, body: &str) -> Element {
        format!(
            "<message xmlns='jabber:client' id='aeb213' to='juliet@capulet.lit/chamber'>\
             <result xmlns='urn:xmpp:mam:2' queryid='{queryid}' id='{id}'>\
             <forwarded xmlns='urn:xmpp:forward:0'>\
             <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>\
             <message xmlns='jabber:client' from='{from}' to='macbeth@shakespeare.lit' type='chat'>\
             <body>{body}</body></message></forwarded></result></message>"
        )
        .parse()
        .unwrap()
    }

    /// XEP-0313 §4.3, Example 13: the `<fin/>` of a page that is not the last.
    const FIN: &str = "<fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'>\
        <first index='0'>28482-98726-73623</first><last>09af3-cc343-b409f</last></set></fin>";

    #[tokio::test]
    async fn a_page_reads_the_xeps_results_and_pages_on_from_its_fin() {
        let keeper = FakeKeeper::new();
        keeper.answer([Answer::Query(Ok((
            Some(FIN.parse().unwrap()),
            vec![
                result_message(
                    "f27",
                    "28482-98726-73623",
                    "witch@shakespeare.lit",
                    "Hail to thee",
                ),
                result_message(
                    "f27",
                    "09af3-cc343-b409f",
                    "macbeth@shakespeare.lit",
                    "Thane of Cawdor",
                ),
            ],
        )))]);
        let filter = Filter {
            with: Some("witch@shakespeare.lit".parse().unwrap()),
            max: 10,
            ..Filter::default()
        };
        let page = On::new(&keeper, "macbeth")
            .archive_read(None, &filter)
            .await
            .unwrap();
        let bodies: Vec<&str> = page.messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["Hail to thee", "Thane of Cawdor"]);
        assert_eq!(page.messages[0].id, "28482-98726-73623");
        assert_eq!(
            page.messages[0].sent.as_ref().unwrap().0.to_rfc3339(),
            "2010-07-10T23:08:25+00:00"
        );
        assert_eq!(page.first.as_deref(), Some("28482-98726-73623"));
        assert_eq!(page.last.as_deref(), Some("09af3-cc343-b409f"));
        assert!(!page.complete);

        // The query: the MAM form with `with`, and RSM's max (XEP-0313 §4.1.1, Example 6).
        let Call::Query {
            payload, queryid, ..
        } = &keeper.calls()[0]
        else {
            panic!("a query");
        };
        assert_eq!(payload.attr("queryid"), Some(queryid.as_str()));
        let form = payload.get_child("x", "jabber:x:data").unwrap();
        let with = form
            .children()
            .find(|f| f.attr("var") == Some("with"))
            .unwrap();
        assert_eq!(
            with.children().next().unwrap().text(),
            "witch@shakespeare.lit"
        );
        let set = payload
            .get_child("set", "http://jabber.org/protocol/rsm")
            .unwrap();
        assert_eq!(
            set.get_child("max", "http://jabber.org/protocol/rsm")
                .unwrap()
                .text(),
            "10"
        );
    }

    #[tokio::test]
    async fn the_last_page_says_complete_and_offers_no_next_one() {
        let keeper = FakeKeeper::new();
        let fin = "<fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'>\
            <first index='0'>a</first><last>a</last></set></fin>";
        keeper.answer([Answer::Query(Ok((
            Some(fin.parse().unwrap()),
            vec![result_message(
                "q",
                "a",
                "witch@shakespeare.lit",
                "When shall we three meet again",
            )],
        )))]);
        let filter = Filter {
            max: 10,
            keywords: Some("THREE".into()),
            ..Filter::default()
        };
        let page = On::new(&keeper, "macbeth")
            .archive_read(None, &filter)
            .await
            .unwrap();
        assert!(page.complete);
        assert_eq!(page.last, None);
        assert_eq!(page.messages.len(), 1, "keywords match any case");
    }
}
