//! No gaps: what the server archived while the user had no session (or while a stream was
//! lost without resumption) is read back from the user's archive (MAM) when the session
//! (re)opens, from the last archived message the log has, and logged in order, once.
//! Messages are recognised by their archive id (XEP-0359 `stanza-id`) and their sender's
//! id (`origin-id`), so a message that also arrives live (offline storage, a resent
//! stanza) is logged once.

use std::collections::{HashSet, VecDeque};

use serde_json::json;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::parsers::mam::Fin;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;
use xwg_core::events::{Event, Payload, log};
use xwg_core::protocol::errors::Condition;
use xwg_core::store::{NewItem, Store, StoreError};

use xwg_core::xmpp::archive::QueryResult;

/// Messages per archive page read while catching up.
pub(crate) const PAGE: usize = 100;
/// The most messages one catch-up logs; beyond, the stream is told of a gap.
pub(crate) const MOST: usize = 5000;
/// How many of the newest logged events are searched for the last archived message.
const SCAN: usize = 500;

/// A catch-up in progress (or about to start: live messages are held from the moment a
/// stream is up until the catch-up is done). Pure: the session task does the reading and
/// the logging it asks for.
pub(crate) struct CatchUp {
    /// The query id of its archive results.
    pub queryid: String,
    /// The results of the page being read.
    pub results: Vec<QueryResult>,
    /// Live messages that arrived meanwhile: logged after the archive's, in order.
    pub held: Vec<Stanza>,
    /// Messages logged so far.
    logged: usize,
    /// Older places to start from, should the archive not know the first (newest first).
    fallbacks: VecDeque<String>,
}

/// What a catch-up does next.
#[derive(Debug, PartialEq)]
pub(crate) enum Next {
    /// Read the archive's page after this archive id.
    Read(String),
    /// Done: the streams are told of a gap first, when there is one; `read`: the archive
    /// was read to where it is (so where it ends is worth keeping).
    Done { gap: Option<String>, read: bool },
}

impl CatchUp {
    pub fn new() -> Self {
        Self {
            queryid: uuid::Uuid::new_v4().simple().to_string(),
            results: Vec::new(),
            held: Vec::new(),
            logged: 0,
            fallbacks: VecDeque::new(),
        }
    }

    /// Where to start reading, from the places found in the log (newest first; the others
    /// are fallbacks); `None` when there is none.
    pub fn begin(&mut self, candidates: Vec<String>) -> Option<String> {
        self.fallbacks = candidates.into();
        self.fallbacks.pop_front()
    }

    /// A page's answer: its `<fin/>`, or the archive's refusal (its condition, if it was
    /// one). Returns the page's results to log — in order, to the user, not logged before
    /// (`recent` notes them) — and what next.
    pub fn page(
        &mut self,
        answer: Result<Option<Fin>, Option<Condition>>,
        recent: &mut Recent,
        own: &BareJid,
    ) -> (Vec<QueryResult>, Next) {
        let results = std::mem::take(&mut self.results);
        let fin = match answer {
            Ok(fin) => fin,
            // The archive does not know where the log ended (it lost that message, or the
            // id was never its own): start from the one before.
            Err(Some(condition)) if condition.is(DefinedCondition::ItemNotFound) => {
                let fallback = (self.logged == 0).then(|| self.fallbacks.pop_front());
                return match fallback.flatten() {
                    Some(earlier) => (Vec::new(), Next::Read(earlier)),
                    None => (
                        Vec::new(),
                        Next::Done {
                            gap: Some(
                                "the server's archive no longer has the messages since the \
                                 last one logged"
                                    .into(),
                            ),
                            read: false,
                        },
                    ),
                };
            }
            Err(_) => {
                let gap = "the server's archive could not be read".to_string();
                return (
                    Vec::new(),
                    Next::Done {
                        gap: Some(gap),
                        read: false,
                    },
                );
            }
        };
        // Messages to the user: what they sent themselves is not news to them.
        let new: Vec<QueryResult> = results
            .into_iter()
            .filter(|result| {
                let incoming = result
                    .message
                    .from
                    .as_ref()
                    .is_none_or(|from| from.to_bare() != *own);
                incoming && recent.note(archived(&result.id))
            })
            .collect();
        self.logged += new.len();
        let next = match fin {
            Some(fin) if !fin.complete && self.logged < MOST => match fin.set.last {
                Some(last) => Next::Read(last),
                None => Next::Done {
                    gap: None,
                    read: true,
                },
            },
            Some(fin) if !fin.complete => Next::Done {
                gap: Some(format!(
                    "more than {MOST} messages arrived while away; read the rest from the history"
                )),
                read: true,
            },
            _ => Next::Done {
                gap: None,
                read: true,
            },
        };
        (new, next)
    }
}

/// Ids recently logged: archive ids and senders' ids, the last [`Recent::CAPACITY`] of each.
#[derive(Default)]
pub(crate) struct Recent {
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl Recent {
    const CAPACITY: usize = 2048;

    /// Notes an id; `false` when it was noted already.
    pub fn note(&mut self, id: String) -> bool {
        if self.ids.contains(&id) {
            return false;
        }
        if self.order.len() == Self::CAPACITY
            && let Some(oldest) = self.order.pop_front()
        {
            self.ids.remove(&oldest);
        }
        self.ids.insert(id.clone());
        self.order.push_back(id);
        true
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

/// The key of an archive id in [`Recent`].
pub(crate) fn archived(id: &str) -> String {
    format!("a:{id}")
}

/// The key of a sender's message id in [`Recent`].
pub(crate) fn sent_by(from: &str, id: &str) -> String {
    format!("o:{from}:{id}")
}

fn cursor_key(user: &str) -> (String, &'static str) {
    (format!("mam#{user}"), "cursor")
}

/// Forgets where the archive was read to (the account is gone: a new one of the same name
/// has an archive of its own, where the old id names nothing).
pub(crate) async fn forget(store: &dyn Store, user: &str) -> Result<(), StoreError> {
    let (pk, sk) = cursor_key(user);
    store.delete(&pk, sk).await
}

/// How many places to start from are tried, newest first.
const CANDIDATES: usize = 5;

/// Where to catch up from, newest first: the archive ids of the newest logged messages
/// that have one (the log is written with the event, so it is exact even after a crash),
/// and the cursor kept at the end of the last session. The archive ids logged recently are
/// noted in `recent`, so that what the archive sends again is logged once.
pub(crate) async fn cursor(
    store: &dyn Store,
    user: &str,
    recent: &mut Recent,
) -> Result<Vec<String>, StoreError> {
    let mut candidates = Vec::new();
    for event in log::newest(store, user, SCAN).await? {
        if let Event {
            payload: Payload::Chat(message),
            ..
        } = event
            && let Some(id) = message.stanza_id
        {
            recent.note(archived(&id));
            if candidates.len() < CANDIDATES && !candidates.contains(&id) {
                candidates.push(id);
            }
        }
    }
    let (pk, sk) = cursor_key(user);
    if let Some(kept) = store
        .get(&pk, sk)
        .await?
        .and_then(|item| item.data["id"].as_str().map(str::to_string))
        && !candidates.contains(&kept)
    {
        candidates.push(kept);
    }
    Ok(candidates)
}

/// Keeps where the archive was read to, for a session that opens after the log expired.
pub(crate) async fn save_cursor(store: &dyn Store, user: &str, id: &str) -> Result<(), StoreError> {
    let (pk, sk) = cursor_key(user);
    store
        .put(NewItem {
            pk,
            sk: sk.into(),
            data: json!({ "id": id }),
            expires_at: None,
        })
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_forgotten_account_has_no_place_to_catch_up_from() {
        let clock = std::sync::Arc::new(xwg_core::clock::ManualClock::new(1_000_000));
        let store =
            xwg_core::store::embedded::EmbeddedStore::open(std::path::Path::new(":memory:"), clock)
                .unwrap();
        save_cursor(&store, "ann", "archive-id-1").await.unwrap();
        let mut recent = Recent::default();
        assert_eq!(
            cursor(&store, "ann", &mut recent).await.unwrap(),
            ["archive-id-1"]
        );
        // A new account of the same name must not start from the old one's archive id.
        forget(&store, "ann").await.unwrap();
        assert!(cursor(&store, "ann", &mut recent).await.unwrap().is_empty());
    }

    fn result(id: &str, from: &str) -> QueryResult {
        let message = tokio_xmpp::parsers::message::Message::chat(Some("ann@x".parse().unwrap()))
            .with_body(tokio_xmpp::parsers::message::Lang::new(), id.to_string());
        QueryResult {
            queryid: None,
            id: id.to_string(),
            message: tokio_xmpp::parsers::message::Message {
                from: Some(from.parse().unwrap()),
                ..message
            },
            stamp: None,
        }
    }

    /// A page's `<fin/>`: complete or not, with its last archive id.
    fn fin(complete: bool, last: Option<&str>) -> Fin {
        Fin {
            complete,
            set: tokio_xmpp::parsers::rsm::SetResult {
                first: None,
                last: last.map(str::to_string),
                count: None,
            },
        }
    }

    #[test]
    fn a_page_logs_what_is_new_to_the_user_and_reads_on() {
        let own: BareJid = "ann@x".parse().unwrap();
        let mut recent = Recent::default();
        recent.note(archived("a1"));
        let mut catch_up = CatchUp::new();
        assert_eq!(
            catch_up.begin(vec!["a0".into(), "older".into()]),
            Some("a0".into())
        );
        catch_up.results = vec![
            result("a1", "bob@x/phone"),
            result("a2", "ann@x/other-device"),
            result("a3", "bob@x/phone"),
        ];
        let (new, next) = catch_up.page(Ok(Some(fin(false, Some("a3")))), &mut recent, &own);
        let ids: Vec<&str> = new.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            ["a3"],
            "logged before, and the user's own, are not news"
        );
        assert_eq!(next, Next::Read("a3".into()));
        catch_up.results = vec![result("a3", "bob@x/phone"), result("a4", "bob@x/phone")];
        let (new, next) = catch_up.page(Ok(Some(fin(true, Some("a4")))), &mut recent, &own);
        assert_eq!(new.len(), 1, "a3 once");
        assert_eq!(
            next,
            Next::Done {
                gap: None,
                read: true
            }
        );
    }

    #[test]
    fn an_unknown_start_falls_back_to_an_earlier_one_then_tells_of_a_gap() {
        let own: BareJid = "ann@x".parse().unwrap();
        let mut recent = Recent::default();
        let not_found = || Err(Some("item-not-found".parse().unwrap()));
        let mut catch_up = CatchUp::new();
        catch_up.begin(vec!["forged".into(), "real".into()]);
        let (_, next) = catch_up.page(not_found(), &mut recent, &own);
        assert_eq!(next, Next::Read("real".into()));
        let (_, next) = catch_up.page(not_found(), &mut recent, &own);
        assert!(
            matches!(
                next,
                Next::Done {
                    gap: Some(_),
                    read: false
                }
            ),
            "{next:?}"
        );

        // Once something was logged, a later refusal is a gap, not a new start.
        let mut catch_up = CatchUp::new();
        catch_up.begin(vec!["a0".into(), "earlier".into()]);
        catch_up.results = vec![result("b1", "bob@x/phone")];
        catch_up.page(Ok(Some(fin(false, Some("b1")))), &mut recent, &own);
        let (_, next) = catch_up.page(not_found(), &mut recent, &own);
        assert!(
            matches!(
                next,
                Next::Done {
                    gap: Some(_),
                    read: false
                }
            ),
            "{next:?}"
        );
        let (_, next) = CatchUp::new().page(Err(None), &mut recent, &own);
        assert!(
            matches!(
                next,
                Next::Done {
                    gap: Some(_),
                    read: false
                }
            ),
            "{next:?}"
        );
    }

    #[test]
    fn a_catch_up_stops_at_its_most_and_says_so() {
        let own: BareJid = "ann@x".parse().unwrap();
        let mut recent = Recent::default();
        let mut catch_up = CatchUp::new();
        catch_up.begin(vec!["a0".into()]);
        let mut next = Next::Read("a0".into());
        let mut pages = 0;
        while let Next::Read(_) = next {
            catch_up.results = (0..PAGE)
                .map(|i| result(&format!("m{pages}-{i}"), "bob@x/phone"))
                .collect();
            next = catch_up
                .page(Ok(Some(fin(false, Some("last")))), &mut recent, &own)
                .1;
            pages += 1;
        }
        assert_eq!(pages * PAGE, MOST);
        let Next::Done {
            gap: Some(gap),
            read: true,
        } = next
        else {
            panic!("{next:?}")
        };
        assert!(gap.contains("more than 5000"), "{gap}");
    }

    #[test]
    fn recent_ids_are_noted_once_and_the_oldest_forgotten() {
        let mut recent = Recent::default();
        assert!(recent.note(archived("1")));
        assert!(!recent.note(archived("1")));
        assert!(recent.note(sent_by("ann@x", "1")), "another kind of id");
        for i in 2..=Recent::CAPACITY + 1 {
            recent.note(archived(&i.to_string()));
        }
        assert!(!recent.contains(&archived("1")), "forgotten");
        assert!(recent.contains(&archived(&(Recent::CAPACITY + 1).to_string())));
    }
}
