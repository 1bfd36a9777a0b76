//! The keeper as a route sees it: calling it needs the keeper secret among the route's
//! grants ([`crate::grants`]), and what the keeper does for the call is the keeper's own
//! (in the one-process runtime its store work runs outside the route's grants).

use std::sync::Arc;

use async_trait::async_trait;
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;

use super::{Delivery, EventStream, IqKind, Keeper, KeeperError};
use crate::grants::{self, Secret};

pub struct Granted {
    inner: Arc<dyn Keeper>,
}

impl Granted {
    pub fn new(inner: Arc<dyn Keeper>) -> Self {
        Self { inner }
    }
}

async fn call<T>(work: impl Future<Output = Result<T, KeeperError>>) -> Result<T, KeeperError> {
    grants::check_secret(Secret::KeeperSecret)
        .map_err(|err| KeeperError::Internal(err.to_string()))?;
    grants::outside(work).await
}

#[async_trait]
impl Keeper for Granted {
    async fn remember_password(&self, user: &str, password: &str) -> Result<(), KeeperError> {
        call(self.inner.remember_password(user, password)).await
    }

    async fn ensure_session(&self, user: &str) -> Result<(), KeeperError> {
        call(self.inner.ensure_session(user)).await
    }

    async fn send(&self, user: &str, stanza: Stanza) -> Result<Delivery, KeeperError> {
        call(self.inner.send(user, stanza)).await
    }

    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        call(self.inner.iq(user, to, kind, payload)).await
    }

    async fn query(
        &self,
        user: &str,
        to: Option<Jid>,
        payload: Element,
        queryid: &str,
    ) -> Result<(Option<Element>, Vec<Element>), KeeperError> {
        call(self.inner.query(user, to, payload, queryid)).await
    }

    async fn exchange_presence(
        &self,
        user: &str,
        presence: Presence,
        from: Jid,
    ) -> Result<Presence, KeeperError> {
        call(self.inner.exchange_presence(user, presence, from)).await
    }

    async fn exchange_message(&self, user: &str, message: Message) -> Result<Message, KeeperError> {
        call(self.inner.exchange_message(user, message)).await
    }

    async fn subscribe(&self, user: &str, login: &str) -> Result<EventStream, KeeperError> {
        call(self.inner.subscribe(user, login)).await
    }

    async fn end_logins(
        &self,
        user: &str,
        login: Option<&str>,
        reason: &str,
    ) -> Result<(), KeeperError> {
        call(self.inner.end_logins(user, login, reason)).await
    }

    async fn end_session(&self, user: &str, reason: &str) -> Result<(), KeeperError> {
        call(self.inner.end_session(user, reason)).await
    }

    async fn forget_user(&self, user: &str) -> Result<(), KeeperError> {
        call(self.inner.forget_user(user)).await
    }

    async fn admin_command(&self, command: Element) -> Result<Option<Element>, KeeperError> {
        call(self.inner.admin_command(command)).await
    }

    async fn iq_as_user(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        call(self.inner.iq_as_user(user, to, kind, payload)).await
    }

    async fn send_as_user(&self, user: &str, stanzas: Vec<Stanza>) -> Result<(), KeeperError> {
        call(self.inner.send_as_user(user, stanzas)).await
    }

    async fn admin_account(&self) -> Result<String, KeeperError> {
        call(self.inner.admin_account()).await
    }

    async fn privileged_iq(
        &self,
        to: Jid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        call(self.inner.privileged_iq(to, kind, payload)).await
    }
}
