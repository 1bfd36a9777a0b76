//! A keeper for unit tests (feature `testing`): it records every call and answers from a
//! script, in order. The protocol modules test their stanzas on the XEPs' own examples with
//! it, and the API's domain its compensations (fail step *n*, check the undo). It stands in
//! for the XMPP server only where a test asks a question the real one cannot be made to
//! answer on demand; the end-to-end tests run the real keeper against a real server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::Mutex;

use async_trait::async_trait;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;

use super::{Delivery, EventStream, IqKind, Keeper, KeeperError};

/// One call the keeper received.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    RememberPassword {
        user: String,
    },
    EnsureSession {
        user: String,
    },
    Send {
        user: String,
        stanza: Element,
    },
    Iq {
        user: String,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    },
    Query {
        user: String,
        to: Option<Jid>,
        payload: Element,
        queryid: String,
    },
    ExchangePresence {
        user: String,
        presence: Element,
        from: Jid,
    },
    ExchangeMessage {
        user: String,
        message: Element,
    },
    Subscribe {
        user: String,
        login: String,
    },
    EndLogins {
        user: String,
        login: Option<String>,
        reason: String,
    },
    EndSession {
        user: String,
        reason: String,
    },
    ForgetUser {
        user: String,
    },
    SendAsUser {
        user: String,
        stanzas: Vec<Element>,
    },
    IqAsUser {
        user: String,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    },
    AdminCommand {
        command: Element,
    },
    PrivilegedIq {
        to: Jid,
        kind: IqKind,
        payload: Element,
    },
}

/// A scripted answer, taken by the next call that needs one of its kind.
#[derive(Debug)]
pub enum Answer {
    /// To an IQ, an admin command or a privileged IQ: the result's payload, or an error.
    Iq(Result<Option<Element>, KeeperError>),
    /// To an archive query: the `<fin/>` and the result messages.
    Query(Result<(Option<Element>, Vec<Element>), KeeperError>),
    /// To a presence exchange.
    Presence(Result<Presence, KeeperError>),
    /// To a message exchange.
    Message(Result<Message, KeeperError>),
    /// To a call that answers nothing but may fail (send, end, forget…).
    Done(Result<(), KeeperError>),
}

fn stanza_element(stanza: Stanza) -> Element {
    match stanza {
        Stanza::Message(message) => message.into(),
        Stanza::Presence(presence) => presence.into(),
        Stanza::Iq(iq) => iq.into(),
    }
}

#[derive(Default)]
pub struct FakeKeeper {
    calls: Mutex<Vec<Call>>,
    script: Mutex<VecDeque<Answer>>,
}

impl FakeKeeper {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds answers to the script, in the order calls will take them.
    pub fn answer(&self, answers: impl IntoIterator<Item = Answer>) -> &Self {
        self.script.lock().unwrap().extend(answers);
        self
    }

    /// An IQ's result payload, parsed from the XML of an example.
    pub fn answer_xml(&self, xml: &str) -> &Self {
        self.answer([Answer::Iq(Ok(Some(xml.parse().expect("an example's XML"))))])
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// The payloads of the IQs (own, admin and privileged) sent so far.
    pub fn iq_payloads(&self) -> Vec<Element> {
        self.calls()
            .into_iter()
            .filter_map(|call| match call {
                Call::Iq { payload, .. }
                | Call::IqAsUser { payload, .. }
                | Call::PrivilegedIq { payload, .. }
                | Call::Query { payload, .. } => Some(payload),
                Call::AdminCommand { command } => Some(command),
                _ => None,
            })
            .collect()
    }

    /// Whether every scripted answer was taken.
    pub fn script_is_spent(&self) -> bool {
        self.script.lock().unwrap().is_empty()
    }

    fn record(&self, call: Call) {
        self.calls.lock().unwrap().push(call);
    }

    /// The next answer, which must be of the kind `take` accepts.
    fn next<T>(&self, what: &str, take: impl FnOnce(Answer) -> Option<T>) -> T {
        let answer = self
            .script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| panic!("no answer scripted for {what}"));
        let shown = format!("{answer:?}");
        take(answer).unwrap_or_else(|| panic!("{what} met the scripted answer {shown}"))
    }

    /// A call that answers nothing: `Ok` unless the script's next answer is a `Done`.
    fn done(&self) -> Result<(), KeeperError> {
        let mut script = self.script.lock().unwrap();
        match script.front() {
            Some(Answer::Done(_)) => match script.pop_front() {
                Some(Answer::Done(result)) => result,
                _ => unreachable!("just looked"),
            },
            _ => Ok(()),
        }
    }

    fn iq_answer(&self, what: &str) -> Result<Option<Element>, KeeperError> {
        self.next(what, |answer| match answer {
            Answer::Iq(result) => Some(result),
            _ => None,
        })
    }
}

#[async_trait]
impl Keeper for FakeKeeper {
    async fn remember_password(&self, user: &str, _password: &str) -> Result<(), KeeperError> {
        self.record(Call::RememberPassword { user: user.into() });
        self.done()
    }

    async fn ensure_session(&self, user: &str) -> Result<(), KeeperError> {
        self.record(Call::EnsureSession { user: user.into() });
        self.done()
    }

    async fn send(&self, user: &str, stanza: Stanza) -> Result<Delivery, KeeperError> {
        let stanza = stanza_element(stanza);
        self.record(Call::Send {
            user: user.into(),
            stanza,
        });
        self.done().map(|()| Delivery::Acked)
    }

    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.record(Call::Iq {
            user: user.into(),
            to,
            kind,
            payload,
        });
        self.iq_answer("an IQ")
    }

    async fn query(
        &self,
        user: &str,
        to: Option<Jid>,
        payload: Element,
        queryid: &str,
    ) -> Result<(Option<Element>, Vec<Element>), KeeperError> {
        self.record(Call::Query {
            user: user.into(),
            to,
            payload,
            queryid: queryid.into(),
        });
        self.next("a query", |answer| match answer {
            Answer::Query(result) => Some(result),
            _ => None,
        })
    }

    async fn exchange_presence(
        &self,
        user: &str,
        presence: Presence,
        from: Jid,
    ) -> Result<Presence, KeeperError> {
        self.record(Call::ExchangePresence {
            user: user.into(),
            presence: presence.into(),
            from,
        });
        self.next("a presence exchange", |answer| match answer {
            Answer::Presence(result) => Some(result),
            _ => None,
        })
    }

    async fn exchange_message(&self, user: &str, message: Message) -> Result<Message, KeeperError> {
        self.record(Call::ExchangeMessage {
            user: user.into(),
            message: message.into(),
        });
        self.next("a message exchange", |answer| match answer {
            Answer::Message(result) => Some(result),
            _ => None,
        })
    }

    async fn subscribe(&self, user: &str, login: &str) -> Result<EventStream, KeeperError> {
        self.record(Call::Subscribe {
            user: user.into(),
            login: login.into(),
        });
        self.done()
            .map(|()| Box::pin(futures::stream::empty()) as EventStream)
    }

    async fn end_logins(
        &self,
        user: &str,
        login: Option<&str>,
        reason: &str,
    ) -> Result<(), KeeperError> {
        self.record(Call::EndLogins {
            user: user.into(),
            login: login.map(Into::into),
            reason: reason.into(),
        });
        self.done()
    }

    async fn end_session(&self, user: &str, reason: &str) -> Result<(), KeeperError> {
        self.record(Call::EndSession {
            user: user.into(),
            reason: reason.into(),
        });
        self.done()
    }

    async fn forget_user(&self, user: &str) -> Result<(), KeeperError> {
        self.record(Call::ForgetUser { user: user.into() });
        self.done()
    }

    async fn iq_as_user(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.record(Call::IqAsUser {
            user: user.into(),
            to,
            kind,
            payload,
        });
        self.iq_answer("an IQ as the user")
    }

    async fn send_as_user(&self, user: &str, stanzas: Vec<Stanza>) -> Result<(), KeeperError> {
        let stanzas = stanzas.into_iter().map(stanza_element).collect();
        self.record(Call::SendAsUser {
            user: user.into(),
            stanzas,
        });
        self.done()
    }

    async fn admin_command(&self, command: Element) -> Result<Option<Element>, KeeperError> {
        self.record(Call::AdminCommand { command });
        self.iq_answer("an admin command")
    }

    async fn admin_account(&self) -> Result<String, KeeperError> {
        Ok("admin".into())
    }

    async fn privileged_iq(
        &self,
        to: Jid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.record(Call::PrivilegedIq { to, kind, payload });
        self.iq_answer("a privileged IQ")
    }
}
