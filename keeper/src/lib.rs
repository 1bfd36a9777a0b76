//! The session keeper: holds exactly one XMPP session per user, opened on demand and shared
//! by every REST call and event stream of that user; ended on request or when idle.
//! [`SessionKeeper`] implements the [`Keeper`] port of the shared crate, so the local runtime
//! uses it in-process and the keeper process serves it over HTTP.

pub mod api;
mod credentials;
mod session;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use shared::clock::Clock;
use shared::config::{KeeperConfig, XmppConfig};
use shared::keeper::{EventStream, IqKind, Keeper, KeeperError};
use shared::store::Store;
use tokio_stream::wrappers::BroadcastStream;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::{IqRequest, Stanza};

use credentials::Credentials;
use session::{Command, Session};

/// How long a call waits for a session to come online.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

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
}

impl Inner {
    /// Removes an ended session from the registry (unless a newer one took its place).
    fn forget_session(&self, session: &Arc<Session>) {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if sessions
            .get(&session.user)
            .is_some_and(|s| Arc::ptr_eq(s, session))
        {
            sessions.remove(&session.user);
        }
    }
}

impl SessionKeeper {
    pub fn new(
        store: Arc<dyn Store>,
        xmpp: XmppConfig,
        config: KeeperConfig,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let credentials = Credentials::new(&config.seal_key);
        let inner = Inner {
            store,
            xmpp,
            config,
            clock,
            credentials,
            sessions: Mutex::new(HashMap::new()),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// How many sessions are open (or opening).
    pub fn session_count(&self) -> usize {
        self.inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .len()
    }

    /// The user's session: the open one, or a new one. Concurrent first calls get the same.
    fn session(&self, user: &str) -> Arc<Session> {
        let mut sessions = self
            .inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        match sessions.get(user) {
            Some(session) if !session.has_ended() => Arc::clone(session),
            _ => {
                let session = Session::spawn(user, Arc::clone(&self.inner));
                sessions.insert(user.to_string(), Arc::clone(&session));
                session
            }
        }
    }

    /// The user's session once online, marked as used now.
    async fn online(&self, user: &str) -> Result<Arc<Session>, KeeperError> {
        let session = self.session(user);
        session.touch(self.inner.clock.now());
        session.ready(READY_TIMEOUT).await?;
        Ok(session)
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
        self.online(user).await.map(|_| ())
    }

    async fn send(&self, user: &str, stanza: Stanza) -> Result<(), KeeperError> {
        let session = self.online(user).await?;
        session.command(|reply| Command::Send(stanza, reply)).await
    }

    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        let session = self.online(user).await?;
        let request = match kind {
            IqKind::Get => IqRequest::Get(payload),
            IqKind::Set => IqRequest::Set(payload),
        };
        session
            .command(|reply| Command::Iq(to, request, reply))
            .await
    }

    async fn subscribe(&self, user: &str) -> Result<EventStream, KeeperError> {
        let session = self.session(user);
        // Subscribe before waiting, so nothing published meanwhile is missed.
        let receiver = session.subscribe();
        session.touch(self.inner.clock.now());
        session.ready(READY_TIMEOUT).await?;
        // A reader that fell behind the buffer ends here and resumes from the log.
        let live =
            BroadcastStream::new(receiver).take_while(|item| std::future::ready(item.is_ok()));
        Ok(live
            .filter_map(|item| std::future::ready(item.ok()))
            .boxed())
    }

    async fn end_session(&self, user: &str) -> Result<(), KeeperError> {
        let existing = self
            .inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(user)
            .cloned();
        if let Some(session) = existing {
            session.end().await;
        }
        Ok(())
    }
}
