//! The session task: owns one user's XMPP stream (tokio-xmpp's `StanzaStream`, which
//! resumes with XEP-0198 and asks [`crate::connect`] for a new stream after every loss)
//! and serves the session until it ends. Its state is [`SessionTask`], with one method
//! per input — a stream event, a command, a connector note, a sweep tick — each saying whether the session goes on or why it ends ([`EndReason`]).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::carbons;
use tokio_xmpp::parsers::disco::{DiscoInfoQuery, DiscoInfoResult};
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::muc::muc::Muc;
use tokio_xmpp::parsers::muc::user::{MucUser, Status as MucStatus};
use tokio_xmpp::parsers::ns;
use tokio_xmpp::parsers::presence::{Presence, Type as PresenceType};
use tokio_xmpp::parsers::roster::Roster;
use tokio_xmpp::parsers::stanza_error::{DefinedCondition, ErrorType, StanzaError};
use tokio_xmpp::stanzastream::{
    Event as StreamEvent, StanzaStage, StanzaStream, StreamEvent as Status,
};
use tokio_xmpp::xmlstream::Timeouts;
use tokio_xmpp::{IqRequest, Stanza};
use xwg_core::events::inbound::{self, Stamps};
use xwg_core::events::{GapNotice, Payload, SessionChange};
use xwg_core::identity::Username;
use xwg_core::keeper::{Delivery, KeeperError};
use xwg_core::projections::inbox;
use xwg_core::projections::presences;
use xwg_core::projections::rooms::{self, Membership};
use xwg_core::protocol::errors::Condition;
use xwg_core::xmpp::archive::{self, Filter};
use xwg_core::xmpp::muc::{self, no_history};
use xwg_core::xmpp::receipts::{self, PresenceReaders};

use crate::Inner;
use crate::availability::Availability;
use crate::catch_up::{self, CatchUp, Next, Recent};
use crate::connect::{Note, connector};
use crate::events::EventSink;
use crate::iq::Tracker;
use crate::session::{
    Command, EndReason, IQ_TIMEOUT, QueryAnswer, Reply, SEND_TIMEOUT, Session, State,
};

const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a send waits for the server to confirm the stanza (XEP-0198).
const ACK_WAIT: Duration = Duration::from_secs(5);
/// How long a silent stream's `<r/>` may go unanswered before the stream counts as lost.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(8);
/// Stanzas queued per direction (beyond, a sender waits: bounded by its deadline).
const QUEUE_DEPTH: usize = 64;
/// How often waits are checked for their deadlines (and the session for idleness).
const SWEEP: Duration = Duration::from_secs(1);

/// The session task: serve until the session ends, then leave the registry, tell the
/// streams why and release the lease. Serving runs as a task of its own, so even a panic
/// in it is cleaned up.
pub(crate) async fn run(
    session: Arc<Session>,
    inner: Arc<Inner>,
    commands: mpsc::Receiver<Command>,
    state: watch::Sender<State>,
) {
    let serving = tokio::spawn(serve(
        Arc::clone(&session),
        Arc::clone(&inner),
        commands,
        state.clone(),
    ));
    let reason = serving.await.unwrap_or_else(|err| {
        tracing::error!(user = %session.user, error = %err, "session task failed");
        EndReason::Failed("the session failed".into())
    });
    session.mark_ending();
    inner.forget_session(&session);
    if reason == EndReason::CredentialRefused {
        // Kept, it would only be refused again.
        let _ = inner
            .credentials
            .forget(inner.store.as_ref(), &session.user)
            .await;
    }
    if reason == EndReason::Moved {
        tracing::info!(user = %session.user, "session moved to another keeper");
    } else {
        tracing::info!(user = %session.user, ?reason, "session ended");
        let sink = EventSink::new(Arc::clone(&session), Arc::clone(&inner));
        sink.publish(SessionChange::ended(&reason.describe())).await;
        if let Err(err) = presences::clear(inner.store.as_ref(), &session.user).await {
            tracing::warn!(user = %session.user, error = %err, "presences not cleared; they expire");
        }
        // A newer session of the user opened here meanwhile runs under the same lease.
        if inner.registered(&session.user).is_none()
            && let Err(err) = inner.leases().release(&session.user).await
        {
            tracing::warn!(user = %session.user, error = %err, "lease not released; it will expire");
        }
    }
    inner.forget_event_ids(&session.user);
    state.send_replace(State::Ended(reason));
}

async fn serve(
    session: Arc<Session>,
    inner: Arc<Inner>,
    commands: mpsc::Receiver<Command>,
    state: watch::Sender<State>,
) -> EndReason {
    let own = match Username::parse(&session.user) {
        Ok(user) => user.at(&inner.xmpp.domain),
        Err(_) => return EndReason::Failed("not a valid username".into()),
    };
    let password = match inner
        .credentials
        .load(inner.store.as_ref(), &session.user)
        .await
    {
        Ok(password) => password,
        Err(KeeperError::NoCredential) => return EndReason::NoCredential,
        Err(err) => return EndReason::Failed(err.to_string()),
    };
    let timeouts = Timeouts {
        read_timeout: inner.config.ping,
        response_timeout: RESPONSE_TIMEOUT,
    };
    let (notes, noted) = mpsc::unbounded_channel();
    let connect = connector(inner.xmpp.clone(), own.clone(), password, timeouts, notes);
    let away_after = inner.config.away_after;
    let task = SessionTask {
        sink: EventSink::new(Arc::clone(&session), Arc::clone(&inner)),
        stream: StanzaStream::new(connect, QUEUE_DEPTH),
        session,
        inner,
        state,
        own,
        acks: false,
        opened: false,
        iqs: Tracker::default(),
        awaiting: HashMap::new(),
        awaiting_messages: HashMap::new(),
        entering: HashMap::new(),
        reentries: Vec::new(),
        collecting: HashMap::new(),
        catch_up: None,
        stamps: Stamps::Untrusted,
        recent: Recent::default(),
        last_archived: None,
        readers: PresenceReaders::default(),
        availability: Availability::new(away_after),
    };
    task.run(commands, noted).await
}

/// A room being entered.
struct Entering {
    nick: String,
    password: Option<String>,
    /// Entered again by the session itself (a caller's join configures a room it makes).
    again: bool,
    /// How many times it was refused in a way that may pass (entering again only).
    refusals: u8,
}

/// How often a room being entered again is tried once more when it refuses in a way that
/// may pass (a room made anew by another occupant and still locked, a refusal to wait),
/// and after how long.
const REENTRY_TRIES: u8 = 5;
const REENTRY_DELAY: Duration = Duration::from_secs(2);

/// What woke the task.
#[expect(
    clippy::large_enum_variant,
    reason = "one at a time, on the stack, for the moment it is handled"
)]
enum Input {
    Stream(Option<StreamEvent>),
    Command(Option<Command>),
    Note(Option<Note>),
    Sweep,
}

/// What to do with an IQ's answer.
enum Then {
    Reply(Reply<Option<Element>>),
    /// A caller's archive query: its result messages go with the answer.
    Query {
        queryid: String,
        reply: Reply<QueryAnswer>,
    },
    /// The server's features on the account (whether it stamps archive ids); the
    /// catch-up follows.
    Features,
    /// A page of the catch-up with this query id.
    CatchUp(String),
    /// Where the archive ends (for a session with no cursor yet).
    Cursor,
    /// A set-up step of a new stream (carbons): the session goes on without it.
    Setup(&'static str),
    /// The roster, asked for on a new stream: who may see the user's presence.
    Roster,
}

struct SessionTask {
    session: Arc<Session>,
    inner: Arc<Inner>,
    sink: EventSink,
    stream: StanzaStream,
    state: watch::Sender<State>,
    own: BareJid,
    /// Whether the stream has stream management (the server confirms what it received).
    acks: bool,
    /// Whether the stream was ever up.
    opened: bool,
    /// IQs sent and not answered yet.
    iqs: Tracker<Then>,
    /// Callers waiting for a presence from a JID (the answer to theirs).
    awaiting: HashMap<Jid, (Instant, Reply<Presence>)>,
    /// Callers waiting for the message with this id back from this bare JID (a room's
    /// reflection of theirs, or its error).
    awaiting_messages: HashMap<String, (BareJid, Instant, Reply<Message>)>,
    /// Rooms being entered (a caller's join, or entering again on a new stream): the
    /// nickname and password, recorded once the room lets the user in.
    entering: HashMap<BareJid, Entering>,
    /// Rooms to enter again once more, and when.
    reentries: Vec<(Instant, BareJid, Entering)>,
    /// Result messages of callers' archive queries, by query id.
    collecting: HashMap<String, Vec<Element>>,
    catch_up: Option<CatchUp>,
    /// Whether the archive ids the server stamps on live messages are believed.
    stamps: Stamps,
    /// Archive ids and senders' ids logged lately: a message is logged once.
    recent: Recent,
    /// The archive id of the newest message logged.
    last_archived: Option<String>,
    /// Who may see the user's presence (and so be told a message arrived: XEP-0184).
    readers: PresenceReaders,
    /// What the user's contacts should see of them.
    availability: Availability,
}

impl SessionTask {
    /// Serves inputs until one ends the session, then closes the stream (a stream that is
    /// down does not get to delay the end).
    async fn run(
        mut self,
        mut commands: mpsc::Receiver<Command>,
        mut notes: mpsc::UnboundedReceiver<Note>,
    ) -> EndReason {
        let mut sweep = tokio::time::interval(SWEEP);
        let reason = loop {
            let input = tokio::select! {
                event = self.stream.next() => Input::Stream(event),
                command = commands.recv() => Input::Command(command),
                note = notes.recv() => Input::Note(note),
                _ = sweep.tick() => Input::Sweep,
            };
            let outcome = match input {
                Input::Stream(Some(event)) => self.on_stream(event).await,
                // The stream failed for good: the connector said why, or it is unknown.
                Input::Stream(None) => Err(ended_by(&mut notes)),
                Input::Command(command) => self.on_command(command).await,
                Input::Note(note) => self.on_note(note),
                Input::Sweep => self.on_sweep().await,
            };
            if let Err(reason) = outcome {
                break reason;
            }
        };
        self.save_cursor().await;
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, self.stream.close()).await;
        reason
    }

    fn current(&self) -> State {
        self.state.borrow().clone()
    }

    async fn on_stream(&mut self, event: StreamEvent) -> Result<(), EndReason> {
        match event {
            StreamEvent::Stream(Status::Reset { features, .. }) => {
                self.acks = features.stream_management.is_some();
                // Before the presence (the server acts on these in order): the roster makes
                // this an interested resource (RFC 6121 §2.1.6), which subscription requests
                // and roster pushes reach; carbons copy what the user's other devices send
                // and receive (XEP-0280).
                let roster = IqRequest::Get(
                    Roster {
                        ver: None,
                        items: Vec::new(),
                    }
                    .into(),
                );
                self.send_iq(None, roster, Then::Roster).await;
                let carbons = IqRequest::Set(carbons::Enable.into());
                self.send_iq(None, carbons, Then::Setup("carbons")).await;
                // A new resource: announce it so bare-JID messages reach this session (as
                // the user chose to be seen).
                self.send_untracked(Stanza::Presence(self.availability.current()))
                    .await;
                // Before any caller's stanza (they come after this, in order): the server
                // counts the user in their rooms again before a post reaches one.
                self.enter_rooms_again().await;
                self.state.send_replace(State::Online);
                if std::mem::replace(&mut self.opened, true) {
                    self.sink.publish(SessionChange::online(false)).await;
                }
                // New or not resumed: what arrived meanwhile is in the archive. Live messages
                // wait until it is read; first the server says whether it stamps archive ids.
                self.catch_up = Some(CatchUp::new());
                let own = Some(Jid::from(self.own.clone()));
                let features = IqRequest::Get(DiscoInfoQuery { node: None }.into());
                self.send_iq(own, features, Then::Features).await;
            }
            StreamEvent::Stream(Status::Resumed) => {
                self.state.send_replace(State::Online);
                self.sink.publish(SessionChange::online(true)).await;
            }
            StreamEvent::Stream(Status::Suspended) => {
                if self.current() == State::Online {
                    let reason = "the connection to the XMPP server was lost";
                    tracing::warn!(user = %self.session.user, "{reason}; reconnecting");
                    self.state.send_replace(State::Reconnecting);
                    self.sink.publish(SessionChange::reconnecting(reason)).await;
                }
            }
            StreamEvent::Stanza(stanza) => self.on_stanza(stanza).await,
        }
        Ok(())
    }

    fn on_note(&mut self, note: Option<Note>) -> Result<(), EndReason> {
        match note {
            Some(Note::Failing(reason)) => {
                tracing::warn!(user = %self.session.user, %reason, "reconnecting failed; trying again");
                Ok(())
            }
            Some(Note::Refused) => Err(EndReason::CredentialRefused),
            Some(Note::GaveUp(reason)) => Err(EndReason::Unavailable(reason)),
            None => Ok(()),
        }
    }

    async fn on_stanza(&mut self, stanza: Stanza) {
        match stanza {
            Stanza::Iq(iq) => self.on_iq(iq).await,
            Stanza::Message(message) => self.on_message(message).await,
            Stanza::Presence(presence) => {
                if self.note_room_answer(&presence).await {
                    return;
                }
                if let Some(from) = &presence.from
                    && let Some((_, waiting)) = self.awaiting.remove(from)
                {
                    let _ = waiting.send(Ok(presence.clone()));
                }
                if presence.type_ == PresenceType::Subscribe
                    && self.inner.xmpp.accept_all_subscriptions
                    && let Some(from) = &presence.from
                {
                    // Upstream's behaviour (XWG_SUBSCRIPTIONS=accept_all): approve at once.
                    let mut approve = Presence::new(PresenceType::Subscribed);
                    approve.to = Some(Jid::from(from.to_bare()));
                    self.send_untracked(Stanza::Presence(approve)).await;
                }
                // An awaited presence is an event too (the room's self-presence, say).
                self.publish(&Stanza::Presence(presence)).await;
            }
        }
    }

    async fn on_iq(&mut self, iq: Iq) {
        match iq {
            Iq::Result {
                id, from, payload, ..
            } => self.answered(id, from, Ok(payload)).await,
            Iq::Error {
                id, from, error, ..
            } => {
                self.answered(id, from, Err(KeeperError::Xmpp(Condition::of(&error))))
                    .await
            }
            request => {
                self.send_untracked(Stanza::Iq(answer(&request))).await;
                if let Iq::Set { from, payload, .. } = &request
                    && from.as_ref().is_none_or(|f| f.to_bare() == self.own)
                    && let Ok(push) = Roster::try_from(payload.clone())
                {
                    self.readers.update(&push);
                }
                // A roster push is news for the user; pings and queries are not.
                if matches!(request, Iq::Set { .. }) {
                    self.publish(&Stanza::Iq(request)).await;
                }
            }
        }
    }

    /// An answer to one of our IQs (from whom it was sent to: ids are not secrets).
    async fn answered(
        &mut self,
        id: String,
        from: Option<Jid>,
        outcome: Result<Option<Element>, KeeperError>,
    ) {
        // Late, or not ours: nothing to do.
        if let Some(then) = self.iqs.answer(&id, from.as_ref(), &self.own) {
            self.complete(then, outcome).await;
        }
    }

    async fn complete(&mut self, then: Then, outcome: Result<Option<Element>, KeeperError>) {
        match then {
            Then::Reply(reply) => {
                let _ = reply.send(outcome);
            }
            Then::Query { queryid, reply } => {
                // Every result message came before the answer, on the same stream.
                let messages = self.collecting.remove(&queryid).unwrap_or_default();
                let _ = reply.send(outcome.map(|fin| (fin, messages)));
            }
            Then::Features => {
                self.stamps = stamps_of(outcome);
                self.start_catch_up().await;
            }
            Then::CatchUp(queryid) => {
                // A page of an earlier catch-up (its stream was lost) answers nothing now.
                if self.catch_up.as_ref().is_some_and(|c| c.queryid == queryid) {
                    self.caught_up_page(outcome).await;
                }
            }
            Then::Roster => match outcome {
                Ok(Some(payload)) => match Roster::try_from(payload) {
                    Ok(roster) => self.readers = PresenceReaders::of(&roster),
                    Err(_) => tracing::warn!(user = %self.session.user, "unreadable roster"),
                },
                Ok(None) => self.readers = PresenceReaders::default(),
                Err(err) => {
                    tracing::warn!(user = %self.session.user, error = %err, "roster refused")
                }
            },
            Then::Setup(step) => {
                if let Err(err) = outcome {
                    tracing::warn!(user = %self.session.user, error = %err, step, "session set-up step refused");
                }
            }
            Then::Cursor => self.found_cursor(outcome).await,
        }
    }

    async fn on_message(&mut self, message: Message) {
        if let Some(result) = archive::result(&message) {
            // An archive query's result: for its caller or the catch-up, never an event.
            match result.queryid.as_deref() {
                Some(queryid) if self.collecting.contains_key(queryid) => {
                    if let Some(results) = self.collecting.get_mut(queryid) {
                        results.push(Element::from(message));
                    }
                }
                Some(queryid) if self.catch_up.as_ref().is_some_and(|c| c.queryid == queryid) => {
                    if let Some(catch_up) = self.catch_up.as_mut() {
                        catch_up.results.push(result);
                    }
                }
                _ => {
                    tracing::debug!(user = %self.session.user, "archive result for no query dropped")
                }
            }
            return;
        }
        let waiting = self
            .waiting_for(&message)
            .map(|reply| (reply, message.clone()));
        if let Some(catch_up) = self.catch_up.as_mut() {
            // After the archive's messages, in order.
            catch_up.held.push(Stanza::Message(message));
        } else {
            self.log_message(message).await;
        }
        // After its events: the caller's next read sees what it did (a room post, a marker).
        if let Some((reply, message)) = waiting {
            let _ = reply.send(Ok(message));
        }
    }

    /// Remembers the nickname and password of a caller's join (a presence to a room with a
    /// MUC payload), to record the room once the room lets the user in.
    fn note_entering(&mut self, presence: &Presence) {
        let Some(to) = &presence.to else { return };
        let Some(nick) = to.resource() else { return };
        if let Some(muc) = presence
            .payloads
            .iter()
            .find_map(|p| Muc::try_from(p.clone()).ok())
        {
            let entering = Entering {
                nick: nick.to_string(),
                password: muc.password,
                again: false,
                refusals: 0,
            };
            self.entering.insert(to.to_bare(), entering);
        }
    }

    /// Enters every room the user is in again (a new stream: the server no longer counts
    /// the user in them), with history left to the archive. The rooms' answers are events;
    /// a refusal removes the room ([`Self::note_room_answer`]).
    async fn enter_rooms_again(&mut self) {
        let (store, user) = (self.inner.store.as_ref(), self.session.user.clone());
        let memberships = match rooms::all(store, &user).await {
            Ok(memberships) => memberships,
            Err(err) => {
                tracing::warn!(%user, error = %err, "rooms not entered again: the store is unreadable");
                self.sink
                    .publish(gap("the gateway could not read which rooms to enter again"))
                    .await;
                return;
            }
        };
        if !memberships.is_empty() {
            tracing::info!(%user, rooms = memberships.len(), "entering the user's rooms again");
            // What the rooms said meanwhile is in their archives only.
            if let Err(err) = inbox::note_rooms_stale(store, &user).await {
                tracing::warn!(%user, error = %err, "the inbox's rooms not marked out of date");
            }
        }
        for (room, membership) in memberships {
            let password = match &membership.password {
                None => None,
                Some(sealed) => {
                    let owner = rooms::password_owner(&user, &room);
                    match self.inner.credentials.open(sealed, &owner) {
                        Ok(password) => Some(password),
                        Err(err) => {
                            tracing::warn!(%user, %room, error = %err, "a room's password does not open");
                            None
                        }
                    }
                }
            };
            let entering = Entering {
                nick: membership.nick,
                password,
                again: true,
                refusals: 0,
            };
            self.enter(room, entering).await;
        }
    }

    /// Sends the presence that enters a room (no history: it is in the archive).
    async fn enter(&mut self, room: BareJid, entering: Entering) {
        let Some(me) = muc::occupant(&room, &entering.nick) else {
            return;
        };
        let mut join = Presence::available().with_payloads(vec![
            Muc {
                password: entering.password.clone(),
                history: Some(no_history()),
            }
            .into(),
        ]);
        join.to = Some(me);
        self.entering.insert(room, entering);
        self.send_untracked(Stanza::Presence(join)).await;
    }

    /// Keeps the user's rooms in step with the rooms' answers about the user: let in after
    /// a join (recorded, with the password sealed), out (left, kicked, banned, destroyed:
    /// removed), or a join refused for good (removed; a refusal to wait is kept). Whether
    /// the answer is the session's own business (a refused re-entry tried again), not an
    /// event.
    async fn note_room_answer(&mut self, presence: &Presence) -> bool {
        let Some(from) = &presence.from else {
            return false;
        };
        if from.resource().is_none() {
            return false;
        }
        let room = from.to_bare();
        let inner = Arc::clone(&self.inner);
        let (store, user) = (inner.store.as_ref(), self.session.user.clone());
        let statuses = presence
            .payloads
            .iter()
            .find_map(|p| MucUser::try_from(p.clone()).ok())
            .map(|user| user.status)
            .unwrap_or_default();
        let own = statuses.contains(&MucStatus::SelfPresence);
        let outcome = match presence.type_ {
            PresenceType::None if own => match self.entering.remove(&room) {
                Some(Entering {
                    nick,
                    password,
                    again,
                    ..
                }) => {
                    if again && statuses.contains(&MucStatus::RoomHasBeenCreated) {
                        // Gone meanwhile (a room that was not persistent, a server that
                        // restarted) and made again by entering: open it as it was made.
                        let configure = IqRequest::Set(muc::instant_room());
                        self.send_iq(Some(room.clone().into()), configure, Then::Setup("room"))
                            .await;
                    }
                    let owner = rooms::password_owner(&user, &room);
                    let password = match password.map(|p| self.inner.credentials.seal(&p, &owner)) {
                        Some(Ok(sealed)) => Some(sealed),
                        Some(Err(err)) => {
                            tracing::warn!(%user, %room, error = %err, "a room's password not sealed");
                            None
                        }
                        None => None,
                    };
                    rooms::record(store, &user, &room, &Membership { nick, password }).await
                }
                None => Ok(()),
            },
            // Out for good, unless renamed, or put out by the service going down or failing
            // (status 332, 333): the room is entered again on the next stream.
            PresenceType::Unavailable
                if own
                    && !statuses.iter().any(|s| {
                        matches!(
                            s,
                            MucStatus::NewNick
                                | MucStatus::ServiceShutdown
                                | MucStatus::ServiceErrorKick
                        )
                    }) =>
            {
                rooms::remove(store, &user, &room).await
            }
            PresenceType::Error => match self.entering.remove(&room) {
                Some(mut entering) => {
                    let error = presence
                        .payloads
                        .iter()
                        .find_map(|p| StanzaError::try_from(p.clone()).ok());
                    let waits = error.as_ref().is_some_and(|e| e.type_ == ErrorType::Wait);
                    let may_pass = waits
                        || error
                            .as_ref()
                            .is_some_and(|e| e.defined_condition == DefinedCondition::ItemNotFound);
                    if entering.again && may_pass && entering.refusals < REENTRY_TRIES {
                        entering.refusals += 1;
                        self.reentries
                            .push((Instant::now() + REENTRY_DELAY, room, entering));
                        return true;
                    }
                    if waits {
                        Ok(())
                    } else {
                        rooms::remove(store, &user, &room).await
                    }
                }
                None => Ok(()),
            },
            _ => Ok(()),
        };
        if let Err(err) = outcome {
            tracing::warn!(%user, %room, error = %err, "the user's rooms not updated");
        }
        false
    }

    /// The caller waiting for this message, if any: the one waiting for its id (or
    /// origin-id) from the bare JID that caller's message went to. It is an event too.
    fn waiting_for(&mut self, message: &Message) -> Option<Reply<Message>> {
        if self.awaiting_messages.is_empty() {
            return None;
        }
        let from = message.from.as_ref().map(Jid::to_bare)?;
        let ids = message
            .id
            .as_ref()
            .map(|id| id.0.clone())
            .into_iter()
            .chain(inbound::origin_id(message));
        for id in ids {
            if self
                .awaiting_messages
                .get(&id)
                .is_some_and(|(to, _, _)| *to == from)
            {
                return self
                    .awaiting_messages
                    .remove(&id)
                    .map(|(_, _, reply)| reply);
            }
        }
        None
    }

    /// Publishes a message's events unless it was logged already (by its archive id, or
    /// its sender's id: a stanza sent again after a lost stream).
    async fn log_message(&mut self, message: Message) {
        let archived = match self.stamps {
            Stamps::Trusted => inbound::archive_id(&message, &self.own),
            Stamps::Untrusted => None,
        };
        let sent = message
            .from
            .as_ref()
            .zip(inbound::origin_id(&message))
            .map(|(from, id)| catch_up::sent_by(&from.to_bare().to_string(), &id));
        let first_time = match (&archived, &sent) {
            (Some(id), _) => self.recent.note(catch_up::archived(id)),
            (None, Some(key)) => !self.recent.contains(key),
            (None, None) => true,
        };
        if let Some(key) = sent {
            self.recent.note(key);
        }
        if !first_time {
            return;
        }
        if let Some(id) = archived {
            self.last_archived = Some(id);
        }
        let receipt = receipts::receipt_for(&message, &self.own, &self.readers);
        self.publish(&Stanza::Message(message)).await;
        // Delivered: a live stream has it.
        if let Some(receipt) = receipt
            && self.session.has_readers()
        {
            self.send_untracked(Stanza::Message(receipt)).await;
        }
    }

    async fn publish(&self, stanza: &Stanza) {
        for payload in inbound::events_of(stanza, &self.own, self.stamps) {
            self.sink.publish(payload).await;
        }
    }

    async fn on_command(&mut self, command: Option<Command>) -> Result<(), EndReason> {
        match command {
            None => return Err(EndReason::Ended("the session was closed".into())),
            Some(Command::End(reason)) => return Err(reason),
            Some(Command::Send(stanza, reply)) => {
                let target = if self.acks {
                    StanzaStage::Acked
                } else {
                    StanzaStage::Sent
                };
                // Every stream of the user sees what one of its pages sent (marked `sent`).
                let copies = match &*stanza {
                    Stanza::Message(message) => inbound::sent_events(message, &self.own),
                    Stanza::Presence(presence) => {
                        self.availability.chose(presence);
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
                match tokio::time::timeout(SEND_TIMEOUT, self.stream.send(stanza)).await {
                    Err(_) => {
                        let _ = reply.send(Err(KeeperError::Timeout));
                    }
                    // The server's confirmation is awaited off the loop.
                    Ok(mut token) => {
                        for copy in copies {
                            self.sink.publish(copy).await;
                        }
                        tokio::spawn(async move {
                            let _ = tokio::time::timeout(ACK_WAIT, token.wait_for(target)).await;
                            let _ = reply.send(delivery(StanzaStage::from(&token.state())));
                        });
                    }
                }
            }
            Some(Command::Iq(to, request, reply)) => {
                self.send_iq(to, request, Then::Reply(reply)).await
            }
            Some(Command::Query(to, payload, queryid, reply)) => {
                self.collecting.insert(queryid.clone(), Vec::new());
                self.send_iq(to, IqRequest::Set(payload), Then::Query { queryid, reply })
                    .await;
            }
            Some(Command::ExchangeMessage(message, reply)) => {
                let (Some(id), Some(to)) = (message.id.clone(), message.to.clone()) else {
                    let _ = reply.send(Err(KeeperError::Internal("no id or addressee".into())));
                    return Ok(());
                };
                match tokio::time::timeout(
                    SEND_TIMEOUT,
                    self.stream.send(Box::new(Stanza::Message(*message))),
                )
                .await
                {
                    Ok(_) => {
                        self.awaiting_messages
                            .insert(id.0, (to.to_bare(), Instant::now(), reply));
                    }
                    Err(_) => {
                        let _ = reply.send(Err(KeeperError::Timeout));
                    }
                }
            }
            Some(Command::Exchange(presence, from, reply)) => {
                self.note_entering(&presence);
                match tokio::time::timeout(
                    SEND_TIMEOUT,
                    self.stream.send(Box::new((*presence).into())),
                )
                .await
                {
                    Ok(_) => {
                        self.awaiting.insert(from, (Instant::now(), reply));
                    }
                    Err(_) => {
                        let _ = reply.send(Err(KeeperError::Timeout));
                    }
                }
            }
        }
        Ok(())
    }

    /// Sends an IQ; its answer (or its deadline, at a sweep) completes `then`.
    async fn send_iq(&mut self, to: Option<Jid>, request: IqRequest, then: Then) {
        let id = self.iqs.track(to.clone(), Instant::now(), then);
        let iq = match request {
            IqRequest::Get(payload) => Iq::Get {
                from: None,
                to,
                id: id.clone(),
                payload,
            },
            IqRequest::Set(payload) => Iq::Set {
                from: None,
                to,
                id: id.clone(),
                payload,
            },
        };
        let queued = tokio::time::timeout(SEND_TIMEOUT, self.stream.send(Box::new(Stanza::Iq(iq))));
        if queued.await.is_err()
            && let Some(then) = self.iqs.take(&id)
        {
            // Not even queued in time: answered now (boxed: completing may send again).
            Box::pin(self.complete(then, Err(KeeperError::Timeout))).await;
        }
    }

    /// Sends a stanza nobody waits for (a bounded wait: a full queue does not hold the loop).
    async fn send_untracked(&mut self, stanza: Stanza) {
        if tokio::time::timeout(SEND_TIMEOUT, self.stream.send(Box::new(stanza)))
            .await
            .is_err()
        {
            tracing::warn!(user = %self.session.user, "a stanza of the session's own was not queued in time");
        }
    }

    /// Answers waits that passed their deadline, and ends an idle session.
    async fn on_sweep(&mut self) -> Result<(), EndReason> {
        for then in self.iqs.expired(Instant::now(), IQ_TIMEOUT) {
            self.complete(then, Err(KeeperError::Timeout)).await;
        }
        let now = Instant::now();
        let due: Vec<_> = self
            .reentries
            .extract_if(.., |(at, _, _)| *at <= now)
            .collect();
        for (_, room, entering) in due {
            self.enter(room, entering).await;
        }
        // Whoever waited in vain is told so (a dropped answer would read as a lost session).
        let late = |since: &Instant| since.elapsed() > IQ_TIMEOUT;
        for (_, (_, reply)) in self.awaiting.extract_if(|_, (since, _)| late(since)) {
            let _ = reply.send(Err(KeeperError::Timeout));
        }
        for (_, (_, _, reply)) in self
            .awaiting_messages
            .extract_if(|_, (_, since, _)| late(since))
        {
            let _ = reply.send(Err(KeeperError::Timeout));
        }
        if !self.session.has_readers()
            && self.session.unused_for() >= self.inner.config.idle
            && !self
                .inner
                .webhooks
                .name(&self.inner, &self.session.user)
                .await
        {
            return Err(EndReason::Idle);
        }
        let online = self.current() == State::Online;
        if let Some(presence) = self.availability.tick(self.session.has_readers(), now)
            && online
        {
            self.send_untracked(Stanza::Presence(presence)).await;
        }
        Ok(())
    }

    /// Reads what the archive has since the last message logged; a session with no such
    /// message yet learns where the archive ends, to start from there next time.
    async fn start_catch_up(&mut self) {
        let store = self.inner.store.as_ref();
        let candidates = match catch_up::cursor(store, &self.session.user, &mut self.recent).await {
            Ok(candidates) => candidates,
            Err(err) => {
                tracing::warn!(user = %self.session.user, error = %err, "no catch-up: the log is unreadable");
                self.sink
                    .publish(gap("the gateway could not read where its log ends"))
                    .await;
                Vec::new()
            }
        };
        let first = self.catch_up.as_mut().and_then(|c| c.begin(candidates));
        match first {
            Some(first) => self.read_page(first).await,
            None => {
                if let Some(catch_up) = self.catch_up.take() {
                    self.release_held(catch_up).await;
                }
                let last = Filter {
                    max: 1,
                    before: Some(String::new()),
                    ..Filter::default()
                };
                let query = archive::query(&uuid::Uuid::new_v4().simple().to_string(), &last);
                self.send_iq(None, IqRequest::Set(query), Then::Cursor)
                    .await;
            }
        }
    }

    async fn read_page(&mut self, after: String) {
        let Some(queryid) = self.catch_up.as_ref().map(|c| c.queryid.clone()) else {
            return;
        };
        let page = Filter {
            max: catch_up::PAGE,
            after: Some(after),
            ..Filter::default()
        };
        self.send_iq(
            None,
            IqRequest::Set(archive::query(&queryid, &page)),
            Then::CatchUp(queryid),
        )
        .await;
    }

    async fn caught_up_page(&mut self, outcome: Result<Option<Element>, KeeperError>) {
        let Some(mut catch_up) = self.catch_up.take() else {
            return;
        };
        let answer = match outcome {
            Ok(fin) => Ok(archive::fin(fin)),
            Err(KeeperError::Xmpp(condition)) => Err(Some(condition)),
            Err(err) => {
                tracing::warn!(user = %self.session.user, error = %err, "catch-up page not read");
                Err(None)
            }
        };
        let refused = answer.is_err();
        let (new, next) = catch_up.page(answer, &mut self.recent, &self.own);
        for result in new {
            self.last_archived = Some(result.id.clone());
            let stanza = Stanza::Message(result.message);
            for mut payload in inbound::events_of(&stanza, &self.own, Stamps::Untrusted) {
                if let Payload::Chat(chat) = &mut payload {
                    chat.stanza_id = Some(result.id.clone());
                    chat.delay = result.stamp.as_ref().map(|s| s.0.to_rfc3339());
                }
                self.sink.publish(payload).await;
            }
        }
        match next {
            Next::Read(after) => {
                if refused {
                    tracing::warn!(user = %self.session.user, "the archive does not know the catch-up's start; trying an earlier one");
                }
                self.catch_up = Some(catch_up);
                self.read_page(after).await;
            }
            Next::Done { gap: missing, read } => {
                if let Some(reason) = missing {
                    tracing::warn!(user = %self.session.user, %reason, "catch-up incomplete");
                    self.sink.publish(gap(&reason)).await;
                }
                if read {
                    self.save_cursor().await;
                }
                self.release_held(catch_up).await;
            }
        }
    }

    /// Logs what arrived live during a catch-up, after it.
    async fn release_held(&mut self, catch_up: CatchUp) {
        for stanza in catch_up.held {
            if let Stanza::Message(message) = stanza {
                self.log_message(message).await;
            }
        }
    }

    async fn found_cursor(&mut self, outcome: Result<Option<Element>, KeeperError>) {
        if let Some(last) = outcome
            .ok()
            .and_then(archive::fin)
            .and_then(|fin| fin.set.last)
        {
            self.last_archived = Some(last);
            self.save_cursor().await;
        }
    }

    /// Keeps where the archive was read to (best effort: the log has it too).
    async fn save_cursor(&self) {
        let Some(id) = &self.last_archived else {
            return;
        };
        if let Err(err) =
            catch_up::save_cursor(self.inner.store.as_ref(), &self.session.user, id).await
        {
            tracing::warn!(user = %self.session.user, error = %err, "archive cursor not kept");
        }
    }
}

/// Whether the server stamps archive ids on the account (XEP-0359 `urn:xmpp:sid:0` among
/// its features); when it cannot be told, no stamp is believed.
fn stamps_of(outcome: Result<Option<Element>, KeeperError>) -> Stamps {
    let info = outcome
        .ok()
        .flatten()
        .and_then(|answer| DiscoInfoResult::try_from(answer).ok());
    match info {
        Some(info) if info.features.contains(ns::SID) => Stamps::Trusted,
        _ => Stamps::Untrusted,
    }
}

fn gap(reason: &str) -> Payload {
    Payload::Gap(GapNotice {
        reason: reason.to_string(),
    })
}

/// Why the stream failed for good, from what the connector said last.
fn ended_by(notes: &mut mpsc::UnboundedReceiver<Note>) -> EndReason {
    let mut reason = EndReason::Unavailable("the XMPP stream failed".into());
    while let Ok(note) = notes.try_recv() {
        match note {
            Note::Refused => return EndReason::CredentialRefused,
            Note::GaveUp(why) => reason = EndReason::Unavailable(why),
            Note::Failing(_) => {}
        }
    }
    reason
}

/// How far a stanza got, as the caller is told.
fn delivery(stage: StanzaStage) -> Result<Delivery, KeeperError> {
    match stage {
        StanzaStage::Acked => Ok(Delivery::Acked),
        StanzaStage::Sent => Ok(Delivery::Sent),
        StanzaStage::Queued => Ok(Delivery::Queued),
        StanzaStage::Failed => Err(KeeperError::Unencodable(
            "the stream could not write it".into(),
        )),
        StanzaStage::Dropped => Err(KeeperError::Unavailable("the session dropped it".into())),
    }
}

/// A roster push or ping gets an empty result; any other request is not served by a web
/// session.
fn answer(request: &Iq) -> Iq {
    let (Iq::Get {
        from, id, payload, ..
    }
    | Iq::Set {
        from, id, payload, ..
    }) = request
    else {
        unreachable!("only requests are answered")
    };
    let (to, id) = (from.clone(), id.clone());
    if payload.is("query", ns::ROSTER) || payload.is("ping", ns::PING) {
        return Iq::Result {
            from: None,
            to,
            id,
            payload: None,
        };
    }
    let error = StanzaError::new(
        ErrorType::Cancel,
        DefinedCondition::ServiceUnavailable,
        "en",
        "not served by this web session",
    );
    Iq::Error {
        from: None,
        to,
        id,
        error,
        payload: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pings_and_roster_pushes_are_answered_other_requests_refused() {
        let iq = |xml: &str| Iq::try_from(xml.parse::<Element>().unwrap()).unwrap();
        let ping = iq(
            "<iq xmlns='jabber:client' type='get' id='p' from='x'><ping xmlns='urn:xmpp:ping'/></iq>",
        );
        assert!(matches!(answer(&ping), Iq::Result { .. }));
        let version = iq(
            "<iq xmlns='jabber:client' type='get' id='v' from='x'><query xmlns='jabber:iq:version'/></iq>",
        );
        assert!(matches!(answer(&version), Iq::Error { .. }));
    }

    #[test]
    fn a_sent_stanza_is_told_as_far_as_it_got() {
        assert_eq!(delivery(StanzaStage::Acked), Ok(Delivery::Acked));
        assert_eq!(delivery(StanzaStage::Queued), Ok(Delivery::Queued));
        assert!(delivery(StanzaStage::Dropped).is_err());
    }
}
