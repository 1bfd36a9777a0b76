//! The session keeper: holds exactly one XMPP session per user, opened on demand and shared
//! by every REST call and event stream of that user; ended on request or when idle.
//! [`SessionKeeper`] implements the [`Keeper`] port of the shared crate, so the local runtime
//! uses it in-process and the keeper process serves it over HTTP.

pub mod api;
mod availability;
mod catch_up;
mod component;
mod connect;
mod credentials;
mod events;
mod iq;
pub mod lease;
mod push_component;
mod services;
mod session;
mod task;
mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;
use tokio_xmpp::{IqRequest, Stanza};
use xwg_core::clock::Clock;
use xwg_core::config::{KeeperConfig, XmppConfig};
use xwg_core::identity::Username;
use xwg_core::keeper::{Delivery, EventStream, IqKind, Keeper, KeeperError};
use xwg_core::projections::{inbox, rooms};
use xwg_core::protocol::limits;
use xwg_core::protocol::one_shot::{self, Method, OneShotError};
use xwg_core::push::Pusher;
use xwg_core::store::Store;

use credentials::Credentials;
use lease::{Holder, Identity, Leases, Standing};
use session::{Command, Session};
use xwg_core::keeper::KeeperClient;

/// How long a call waits for a session to come online.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// Seals the user's stored XMPP password and rooms' passwords again under the keeper's
/// current credential key where an older one sealed them (`reseal`, after a rotation).
pub async fn reseal_credentials(
    store: &dyn Store,
    config: &KeeperConfig,
    user: &str,
) -> Result<Vec<xwg_core::store::Resealed>, KeeperError> {
    Credentials::new(&config.credential_keys)
        .reseal(store, user)
        .await
}

pub struct SessionKeeper {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    store: Arc<dyn Store>,
    xmpp: XmppConfig,
    config: KeeperConfig,
    clock: Arc<dyn Clock>,
    credentials: Credentials,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
    me: Identity,
    /// The secret for calling peer keepers that hold other users' sessions.
    peer_secret: Option<String>,
    /// Set once the admin account's password is sealed in the store for its session.
    admin_sealed: tokio::sync::OnceCell<()>,
    /// Web Push, for messages that arrive while none of the user's streams is live.
    push: std::sync::OnceLock<Arc<Pusher>>,
    /// This keeper's standing in the fleet (its own lease) and what it knows of its peers.
    fleet: lease::Fleet,
    /// Set when the process is shutting down: no new session or stream is taken.
    draining: std::sync::atomic::AtomicBool,
    /// Each user's event ids reserved here, shared by the user's sessions in turn (an ending
    /// session's last event and the next session's first come from the same block, so ids
    /// only grow).
    event_ids: Mutex<HashMap<String, Arc<tokio::sync::Mutex<xwg_core::events::log::IdBlock>>>>,
    /// The webhooks, as last read (events are queued for those that want them).
    webhooks: webhooks::Registered,
}

impl Inner {
    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Session>>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The user's registered session here, if any (it may be ending).
    fn registered(&self, user: &str) -> Option<Arc<Session>> {
        self.sessions().get(user).cloned()
    }

    /// A client of the peer keeper that holds a session.
    fn peer(&self, holder_id: &str, url: &str) -> Result<KeeperClient, KeeperError> {
        match &self.peer_secret {
            Some(secret) if !url.is_empty() => Ok(KeeperClient::new(url, secret)),
            _ => Err(KeeperError::Unavailable(format!(
                "the session is held by keeper {holder_id}, which this one cannot reach"
            ))),
        }
    }

    /// The leases of users' sessions (indexed for takeover).
    fn leases(&self) -> Leases<'_> {
        Leases {
            indexed: true,
            ..self.service_leases()
        }
    }

    /// The leases of this keeper's own services (the push component).
    fn service_leases(&self) -> Leases<'_> {
        Leases {
            store: self.store.as_ref(),
            clock: self.clock.as_ref(),
            me: &self.me,
            ttl_secs: self.config.lease.as_secs() as i64,
            fleet: &self.fleet,
            indexed: false,
        }
    }

    /// The user's reserved event ids.
    fn event_ids(&self, user: &str) -> Arc<tokio::sync::Mutex<xwg_core::events::log::IdBlock>> {
        let mut ids = self.event_ids.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(ids.entry(user.to_string()).or_default())
    }

    /// Forgets the user's reserved ids once no session of theirs is left here (a later one
    /// reserves above them).
    fn forget_event_ids(&self, user: &str) {
        if self.registered(user).is_none() {
            let mut ids = self.event_ids.lock().unwrap_or_else(|p| p.into_inner());
            ids.remove(user);
        }
    }

    /// Removes an ended session from the registry (unless a newer one took its place).
    fn forget_session(&self, session: &Arc<Session>) {
        let mut sessions = self.sessions();
        if sessions
            .get(&session.user)
            .is_some_and(|s| Arc::ptr_eq(s, session))
        {
            sessions.remove(&session.user);
        }
    }
}

impl SessionKeeper {
    /// A keeper on its own (the local runtime): it holds every session it is asked for.
    /// Its identity is the same across restarts, so it takes its own leases back at once.
    pub fn new(
        store: Arc<dyn Store>,
        xmpp: XmppConfig,
        config: KeeperConfig,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let me = Identity {
            id: "local".into(),
            url: String::new(),
        };
        Self::with_identity(store, xmpp, config, clock, me, None)
    }

    /// Whether this keeper has a live session for the user.
    fn is_open(&self, user: &str) -> bool {
        self.inner.registered(user).is_some_and(|s| !s.has_ended())
    }

    /// One of several keepers: others reach this one at `me.url`, and it calls a peer that
    /// holds a user's session with `secret`.
    pub fn in_cluster(
        store: Arc<dyn Store>,
        xmpp: XmppConfig,
        config: KeeperConfig,
        clock: Arc<dyn Clock>,
        me: Identity,
        secret: String,
    ) -> Self {
        Self::with_identity(store, xmpp, config, clock, me, Some(secret))
    }

    fn with_identity(
        store: Arc<dyn Store>,
        xmpp: XmppConfig,
        config: KeeperConfig,
        clock: Arc<dyn Clock>,
        me: Identity,
        peer_secret: Option<String>,
    ) -> Self {
        let credentials = Credentials::new(&config.credential_keys);
        let sessions = Mutex::new(HashMap::new());
        let inner = Inner {
            store,
            xmpp,
            config,
            clock,
            credentials,
            sessions,
            me,
            peer_secret,
            admin_sealed: tokio::sync::OnceCell::new(),
            push: std::sync::OnceLock::new(),
            fleet: lease::Fleet::default(),
            draining: std::sync::atomic::AtomicBool::new(false),
            event_ids: Mutex::new(HashMap::new()),
            webhooks: Default::default(),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Keeps this keeper's lease, every third of a lease period: renews its record (the
    /// one store write it makes per period, whatever its number of sessions), lets its
    /// sessions go if the record was lost (it stalled and was taken over), and opens the
    /// sessions of keepers that died. First it opens its own sessions from before a restart
    /// under the same id. Webhooks are delivered from here too while this keeper holds
    /// their lease.
    pub fn spawn_lease_keeping(self: &Arc<Self>) {
        webhooks::spawn(&self.inner);
        let keeper = Arc::downgrade(self);
        let period = self.inner.config.lease / 3;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            let mut reopened = false;
            loop {
                tick.tick().await;
                let Some(keeper) = keeper.upgrade() else {
                    return;
                };
                if keeper
                    .inner
                    .draining
                    .load(std::sync::atomic::Ordering::SeqCst)
                {
                    return;
                }
                if let Err(err) = keeper.keep_lease(&mut reopened).await {
                    tracing::warn!(error = %err, "keeping the lease failed; trying again");
                }
            }
        });
    }

    async fn keep_lease(&self, reopened: &mut bool) -> Result<(), KeeperError> {
        let leases = self.inner.leases();
        let open: Vec<Arc<Session>> = self.inner.sessions().values().cloned().collect();
        let moved = match leases.keep_alive().await? {
            Standing::Kept => Vec::new(),
            Standing::Lost => open,
            Standing::Stalled => {
                let mut moved = Vec::new();
                for session in open {
                    if leases.taken_by_another(&session.user).await? {
                        moved.push(session);
                    }
                }
                moved
            }
        };
        if !moved.is_empty() {
            tracing::warn!(
                sessions = moved.len(),
                "this keeper's lease lapsed: some of its sessions live elsewhere now"
            );
            for session in &moved {
                session.end_with(session::EndReason::Moved).await;
            }
            return Ok(());
        }
        let mut users = leases.take_over_dead().await?;
        if !*reopened {
            users.extend(leases.own_orphans().await?);
            *reopened = true;
        }
        for user in users.into_iter().filter(|user| !self.is_open(user)) {
            tracing::info!(%user, "opening a session whose keeper is gone");
            if let Err(err) = self.locate(&user).await {
                tracing::warn!(%user, error = %err, "takeover failed");
            }
        }
        Ok(())
    }

    /// Shuts this keeper down without losing anything: no new sessions or streams are
    /// taken, open streams are told to reconnect (they resume on another keeper from the
    /// log), the sessions end without giving their leases up, and the keeper resigns its
    /// own lease so that the others take its sessions over at once.
    pub async fn drain(&self) {
        self.inner
            .draining
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let sessions: Vec<Arc<Session>> = self.inner.sessions().values().cloned().collect();
        tracing::info!(
            sessions = sessions.len(),
            "draining: handing the sessions over"
        );
        futures::future::join_all(
            sessions
                .iter()
                .map(|session| session.end_with(session::EndReason::Moved)),
        )
        .await;
        // Ended here, their leases go: the next call opens each at once wherever it lands,
        // and the keeper that takes this one over opens the rest.
        for session in &sessions {
            session.ended().await;
            if let Err(err) = self.inner.leases().let_go(&session.user).await {
                tracing::warn!(user = %session.user, error = %err, "lease not let go; it is taken over");
            }
        }
        if let Err(err) = self.inner.leases().resign().await {
            tracing::warn!(error = %err, "the lease was not resigned; it lapses by itself");
        }
    }

    /// Whether this keeper takes new sessions and streams (not while draining).
    pub fn is_ready(&self) -> bool {
        !self
            .inner
            .draining
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// From now on, messages no live stream receives are pushed to the user's browsers, and
    /// the push component (when configured) turns the server's XEP-0357 notifications into
    /// pushes for users with no session.
    pub fn enable_push(&self, pusher: Arc<Pusher>) {
        if self.inner.push.set(pusher).is_ok() {
            push_component::spawn(&self.inner);
        }
    }

    /// How many sessions are open (or opening).
    pub fn session_count(&self) -> usize {
        self.inner.sessions().len()
    }

    /// The user's session: the open one, or a new one. Concurrent first calls get the same.
    fn session(&self, user: &str) -> Arc<Session> {
        let mut sessions = self.inner.sessions();
        match sessions.get(user) {
            Some(session) if !session.has_ended() => Arc::clone(session),
            _ => {
                let (session, commands, state) = Session::new(user);
                let inner = Arc::clone(&self.inner);
                tokio::spawn(task::run(Arc::clone(&session), inner, commands, state));
                sessions.insert(user.to_string(), Arc::clone(&session));
                session
            }
        }
    }

    /// Where the user's session is: here (opened if needed, under our lease), or at the
    /// keeper that holds the lease.
    async fn locate(&self, user: &str) -> Result<Location, KeeperError> {
        if let Some(session) = self.inner.registered(user).filter(|s| !s.has_ended()) {
            return Ok(Location::Here(session));
        }
        if !self.is_ready() {
            return Err(KeeperError::Unavailable(
                "this keeper is shutting down; try again".into(),
            ));
        }
        match self.inner.leases().acquire(user).await? {
            Holder::Me => Ok(Location::Here(self.session(user))),
            Holder::Other { id, url } => Ok(Location::Peer(self.inner.peer(&id, &url)?)),
        }
    }

    /// The user's session here once online, marked as used now; or the peer that holds it.
    async fn online(&self, user: &str) -> Result<Location, KeeperError> {
        match self.online_once(user).await {
            // The session was ending (idle, logout, a move) as this call found it: once more.
            Err(KeeperError::SessionEnded(_)) => self.online_once(user).await,
            other => other,
        }
    }

    async fn online_once(&self, user: &str) -> Result<Location, KeeperError> {
        let location = self.locate(user).await?;
        if let Location::Here(session) = &location {
            session.touch();
            session.ready(READY_TIMEOUT).await?;
        }
        Ok(location)
    }
}

impl SessionKeeper {
    /// Refuses what the stream cannot write or the server would not take (it would close
    /// the stream over it, and a resumed stream would send it again: a relogin storm).
    fn check_outbound(&self, stanza: &Element) -> Result<(), KeeperError> {
        limits::outbound(stanza, self.inner.xmpp.max_stanza_bytes)?;
        Ok(())
    }

    /// The admin account's name, with its password sealed for its session (once).
    async fn admin(&self) -> Result<&str, KeeperError> {
        let admin = self.inner.config.admin.as_ref().ok_or_else(|| {
            KeeperError::NotConfigured(
                "the keeper has no XWG_XMPP_ADMIN_JID / XWG_XMPP_ADMIN_PASSWORD".into(),
            )
        })?;
        self.inner
            .admin_sealed
            .get_or_try_init(|| self.remember_password(&admin.user, &admin.password))
            .await?;
        Ok(&admin.user)
    }

    /// The user's JID and the password the keeper keeps for them (for a stream of its own).
    async fn credential_of(&self, user: &str) -> Result<(BareJid, String), KeeperError> {
        let password = self
            .inner
            .credentials
            .load(self.inner.store.as_ref(), user)
            .await?;
        let jid = Username::parse(user)
            .map_err(|err| KeeperError::Internal(err.to_string()))?
            .at(&self.inner.xmpp.domain);
        Ok((jid, password))
    }
}

#[async_trait]
impl Keeper for SessionKeeper {
    async fn remember_password(&self, user: &str, password: &str) -> Result<(), KeeperError> {
        self.inner
            .credentials
            .store(self.inner.store.as_ref(), user, password)
            .await
    }

    async fn ensure_session(&self, user: &str) -> Result<(), KeeperError> {
        match self.online(user).await? {
            Location::Here(_) => Ok(()),
            Location::Peer(peer) => peer.ensure_session(user).await,
        }
    }

    async fn send(&self, user: &str, stanza: Stanza) -> Result<Delivery, KeeperError> {
        self.check_outbound(&Element::from(&stanza))?;
        match self.online(user).await? {
            Location::Here(session) => {
                session
                    .command(|reply| Command::Send(Box::new(stanza), reply))
                    .await
            }
            Location::Peer(peer) => peer.send(user, stanza).await,
        }
    }

    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.check_outbound(&payload)?;
        let session = match self.online(user).await? {
            Location::Here(session) => session,
            Location::Peer(peer) => return peer.iq(user, to, kind, payload).await,
        };
        let request = match kind {
            IqKind::Get => IqRequest::Get(payload),
            IqKind::Set => IqRequest::Set(payload),
        };
        session
            .command(|reply| Command::Iq(to, request, reply))
            .await
    }

    async fn query(
        &self,
        user: &str,
        to: Option<Jid>,
        payload: Element,
        queryid: &str,
    ) -> Result<(Option<Element>, Vec<Element>), KeeperError> {
        let session = match self.online(user).await? {
            Location::Here(session) => session,
            Location::Peer(peer) => return peer.query(user, to, payload, queryid).await,
        };
        let queryid = queryid.to_string();
        session
            .command(|reply| Command::Query(to, payload, queryid, reply))
            .await
    }

    async fn exchange_presence(
        &self,
        user: &str,
        presence: Presence,
        from: Jid,
    ) -> Result<Presence, KeeperError> {
        self.check_outbound(&Element::from(presence.clone()))?;
        match self.online(user).await? {
            Location::Here(session) => {
                session
                    .command(|reply| Command::Exchange(Box::new(presence), from, reply))
                    .await
            }
            Location::Peer(peer) => peer.exchange_presence(user, presence, from).await,
        }
    }

    async fn exchange_message(&self, user: &str, message: Message) -> Result<Message, KeeperError> {
        if message.id.is_none() || message.to.is_none() {
            return Err(KeeperError::Internal(
                "a message to exchange needs an id and an addressee".into(),
            ));
        }
        self.check_outbound(&Element::from(message.clone()))?;
        match self.online(user).await? {
            Location::Here(session) => {
                session
                    .command(|reply| Command::ExchangeMessage(Box::new(message), reply))
                    .await
            }
            Location::Peer(peer) => peer.exchange_message(user, message).await,
        }
    }

    async fn subscribe(&self, user: &str, login: &str) -> Result<EventStream, KeeperError> {
        let session = match self.locate(user).await? {
            Location::Here(session) => session,
            Location::Peer(peer) => return peer.subscribe(user, login).await,
        };
        // Subscribe before waiting, so nothing published meanwhile is missed.
        let caps = &self.inner.config.streams;
        let (receiver, slot) = session.subscribe(login, caps.per_login, caps.per_user)?;
        session.touch();
        match session.ready(READY_TIMEOUT).await {
            // A stream opens while the session reconnects: it hears when it is back.
            Ok(()) | Err(KeeperError::Reconnecting) => {}
            Err(err) => return Err(err),
        }
        // A reader that fell behind the buffer ends here and resumes from the log. The slot
        // goes with the stream.
        let live =
            BroadcastStream::new(receiver).take_while(|item| std::future::ready(item.is_ok()));
        Ok(live
            .filter_map(move |item| {
                let _held = &slot;
                std::future::ready(item.ok())
            })
            .boxed())
    }

    async fn end_logins(
        &self,
        user: &str,
        login: Option<&str>,
        reason: &str,
    ) -> Result<(), KeeperError> {
        if let Some(session) = self.inner.registered(user) {
            session.end_logins(login, reason);
            return Ok(());
        }
        // No session here: its holder has the streams; with no session anywhere, no stream
        // is open (a stream holds the session).
        match self.inner.leases().holder(user).await? {
            Some(Holder::Other { id, url }) => {
                self.inner
                    .peer(&id, &url)?
                    .end_logins(user, login, reason)
                    .await
            }
            _ => Ok(()),
        }
    }

    async fn end_session(&self, user: &str, reason: &str) -> Result<(), KeeperError> {
        if let Some(session) = self.inner.registered(user) {
            session.end(reason).await;
            return Ok(());
        }
        // Held elsewhere: ask the holder. Otherwise make sure nothing re-opens it: release
        // a lease left in this keeper's name and drop the user from the takeover index.
        match self.inner.leases().holder(user).await? {
            Some(Holder::Other { id, url }) => {
                self.inner.peer(&id, &url)?.end_session(user, reason).await
            }
            _ => self.inner.leases().release(user).await,
        }
    }

    async fn forget_user(&self, user: &str) -> Result<(), KeeperError> {
        self.end_session(user, "the account was deleted").await?;
        catch_up::forget(self.inner.store.as_ref(), user).await?;
        rooms::forget(self.inner.store.as_ref(), user).await?;
        inbox::forget(self.inner.store.as_ref(), user).await?;
        self.inner
            .credentials
            .forget(self.inner.store.as_ref(), user)
            .await
    }

    /// Any keeper can: the password is in the store, the stream is the exchange's own.
    async fn iq_as_user(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        let (jid, password) = self.credential_of(user).await?;
        let method = match kind {
            IqKind::Get => Method::Get,
            IqKind::Set => Method::Set,
        };
        one_shot::iq(&self.inner.xmpp, &jid, &password, to, method, payload)
            .await
            .map_err(one_shot_error)
    }

    async fn send_as_user(&self, user: &str, stanzas: Vec<Stanza>) -> Result<(), KeeperError> {
        let (jid, password) = self.credential_of(user).await?;
        one_shot::send(&self.inner.xmpp, &jid, &password, stanzas)
            .await
            .map_err(one_shot_error)
    }

    /// The admin account is a session like a user's (held, leased and forwarded the same
    /// way); its password, from the keeper's configuration, is sealed on first use.
    async fn admin_command(&self, command: Element) -> Result<Option<Element>, KeeperError> {
        let server = self.inner.xmpp.domain_jid.clone();
        self.iq(self.admin().await?, Some(server), IqKind::Set, command)
            .await
    }

    async fn admin_account(&self) -> Result<String, KeeperError> {
        self.admin().await.map(str::to_owned)
    }

    /// The admin account is also the server's XEP-0356 privileged entity.
    async fn privileged_iq(
        &self,
        to: Jid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.iq(self.admin().await?, Some(to), kind, payload).await
    }
}

fn one_shot_error(err: OneShotError) -> KeeperError {
    match err {
        OneShotError::CredentialRefused => KeeperError::CredentialRefused,
        OneShotError::Refused(condition) => KeeperError::Xmpp(condition),
        OneShotError::Unreachable(reason) => KeeperError::Unavailable(reason),
    }
}

/// Where a user's session lives.
enum Location {
    Here(Arc<Session>),
    Peer(KeeperClient),
}
