//! A user's vCard (XEP-0054): the name and email the gateway sets, or the whole card the
//! admin API reads and replaces — on the user's own session, as the user on a stream of
//! its own, or through the server's privileged entity (an IQ the server handles as the
//! user's own, wrapped in XEP-0356 `<privileged_iq/>`).

use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;

use super::{AsAdmin, AsUser, On};
use crate::keeper::{IqKind, KeeperError};

const PRIVILEGE: &str = "urn:xmpp:privilege:2";
const VCARD: &str = "vcard-temp";
const FORWARD: &str = "urn:xmpp:forward:0";

/// A card with nothing in it: how a card is deleted (XEP-0054 has no removal).
pub fn empty() -> Element {
    Element::builder("vCard", VCARD).build()
}

/// Whether `card` is a vCard element.
pub fn is_vcard(card: &Element) -> bool {
    card.is("vCard", VCARD)
}

/// The card a get answered, `None` when the user has none: no answer, or a card with no
/// text at all (Prosody answers a deleted card with empty FN and N fields).
fn found(answer: Option<Element>) -> Option<Element> {
    answer.filter(|card| is_vcard(card) && has_text(card))
}

fn has_text(element: &Element) -> bool {
    element.texts().any(|text| !text.trim().is_empty()) || element.children().any(has_text)
}

/// The payload of a privileged IQ's answer: the inner IQ's, which servers send back
/// wrapped (XEP-0356 §7.4: `<privilege><forwarded><iq>…`, as Prosody does; some wrap it in
/// `<privileged_iq>`), or the answer itself.
fn unwrapped(answer: Option<Element>) -> Option<Element> {
    let answer = answer?;
    if !answer.has_ns(PRIVILEGE) {
        return Some(answer);
    }
    let forwarded = answer.get_child("forwarded", FORWARD);
    let inner = forwarded
        .unwrap_or(&answer)
        .children()
        .find(|child| child.name() == "iq")?;
    inner.children().next().cloned()
}

fn vcard(name: &str, email: &str) -> Element {
    let mut card = Element::builder("vCard", VCARD);
    if !name.is_empty() {
        card = card.append(Element::builder("FN", VCARD).append(name));
    }
    if !email.is_empty() {
        card = card.append(
            Element::builder("EMAIL", VCARD)
                .append(Element::builder("INTERNET", VCARD))
                .append(Element::builder("USERID", VCARD).append(email)),
        );
    }
    card.build()
}

impl On<'_> {
    /// Replaces the user's own vCard, on their session (no privilege needed).
    pub async fn vcard_set_own(&self, name: &str, email: &str) -> Result<(), KeeperError> {
        self.keeper
            .iq(self.user, None, IqKind::Set, vcard(name, email))
            .await
            .map(drop)
    }
}

impl AsUser<'_> {
    /// Replaces the user's vCard with one carrying `name` and `email`, as the user.
    pub async fn vcard_set(&self, name: &str, email: &str) -> Result<(), KeeperError> {
        self.vcard_put(vcard(name, email)).await
    }

    /// Replaces the user's vCard, as the user on a stream of its own.
    pub async fn vcard_put(&self, card: Element) -> Result<(), KeeperError> {
        self.keeper
            .iq_as_user(self.user, None, IqKind::Set, card)
            .await
            .map(drop)
    }

    /// The user's vCard, as the user; `None` when there is none.
    pub async fn vcard_get(&self) -> Result<Option<Element>, KeeperError> {
        let answer = self
            .keeper
            .iq_as_user(self.user, None, IqKind::Get, empty())
            .await?;
        Ok(found(answer))
    }
}

impl AsAdmin<'_> {
    /// Replaces the user's vCard with one carrying `name` and `email`, as the privileged
    /// entity.
    pub async fn vcard_set(
        &self,
        user: &BareJid,
        name: &str,
        email: &str,
    ) -> Result<(), KeeperError> {
        self.vcard_put(user, vcard(name, email)).await
    }

    /// Replaces the user's vCard, as the privileged entity.
    pub async fn vcard_put(&self, user: &BareJid, card: Element) -> Result<(), KeeperError> {
        self.privileged_vcard(user, IqKind::Set, card)
            .await
            .map(drop)
    }

    /// The user's vCard, as the privileged entity; `None` when there is none.
    pub async fn vcard_get(&self, user: &BareJid) -> Result<Option<Element>, KeeperError> {
        let answer = self.privileged_vcard(user, IqKind::Get, empty()).await?;
        Ok(found(unwrapped(answer)))
    }

    async fn privileged_vcard(
        &self,
        user: &BareJid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        let jid = Jid::from(user.clone());
        let (from, to, id) = (
            Some(jid.clone()),
            Some(jid.clone()),
            uuid::Uuid::new_v4().to_string(),
        );
        let wrapped = match kind {
            IqKind::Get => Iq::Get {
                from,
                to,
                id,
                payload,
            },
            IqKind::Set => Iq::Set {
                from,
                to,
                id,
                payload,
            },
        };
        let privileged = Element::builder("privileged_iq", PRIVILEGE)
            .append(Element::from(wrapped))
            .build();
        self.keeper.privileged_iq(jid, kind, privileged).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Call, FakeKeeper};

    #[tokio::test]
    async fn the_own_vcard_carries_fn_and_an_internet_email_as_xep_0054_writes_them() {
        // XEP-0054 §3.2, Example 5 (FN; EMAIL with INTERNET and USERID).
        let keeper = FakeKeeper::new();
        keeper.answer_xml("<vCard xmlns='vcard-temp'/>");
        On::new(&keeper, "stpeter")
            .vcard_set_own("Peter Saint-Andre", "stpeter@jabber.org")
            .await
            .unwrap();
        let Call::Iq {
            to: None,
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[0]
        else {
            panic!("an IQ set to the own account");
        };
        assert_eq!(
            payload.get_child("FN", VCARD).unwrap().text(),
            "Peter Saint-Andre"
        );
        let email = payload.get_child("EMAIL", VCARD).unwrap();
        assert!(email.has_child("INTERNET", VCARD));
        assert_eq!(
            email.get_child("USERID", VCARD).unwrap().text(),
            "stpeter@jabber.org"
        );
    }

    #[tokio::test]
    async fn another_users_vcard_is_read_from_the_forwarded_answer() {
        // XEP-0356 §7.4 (as Prosody's mod_privilege answers): the IQ's result forwarded.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<privilege xmlns='urn:xmpp:privilege:2'><forwarded xmlns='urn:xmpp:forward:0'>\
             <iq xmlns='jabber:client' type='result' id='1'><vCard xmlns='vcard-temp'>\
             <FN>Juliet Capulet</FN></vCard></iq></forwarded></privilege>",
        );
        let user: BareJid = "juliet@capulet.lit".parse().unwrap();
        let card = AsAdmin::new(&keeper)
            .vcard_get(&user)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            card.get_child("FN", VCARD).unwrap().text(),
            "Juliet Capulet"
        );
        // A deleted card comes back as empty fields (Prosody): none.
        keeper.answer_xml("<vCard xmlns='vcard-temp'><FN/><N><FAMILY/><GIVEN/></N></vCard>");
        assert_eq!(AsAdmin::new(&keeper).vcard_get(&user).await.unwrap(), None);
    }

    #[tokio::test]
    async fn another_users_vcard_is_a_privileged_iq_wrapping_the_users_own_set() {
        // XEP-0356 §7.4 (IQ permission): <privileged_iq/> holding the IQ as from the user.
        let keeper = FakeKeeper::new();
        keeper.answer_xml("<vCard xmlns='vcard-temp'/>");
        let user: BareJid = "juliet@capulet.lit".parse().unwrap();
        AsAdmin::new(&keeper)
            .vcard_set(&user, "Juliet", "")
            .await
            .unwrap();
        let Call::PrivilegedIq {
            to,
            kind: IqKind::Set,
            payload,
        } = &keeper.calls()[0]
        else {
            panic!("a privileged IQ");
        };
        assert_eq!(to, &Jid::from(user));
        assert!(payload.is("privileged_iq", PRIVILEGE));
        let inner = payload.get_child("iq", "jabber:client").unwrap();
        assert_eq!(inner.attr("from"), Some("juliet@capulet.lit"));
        assert_eq!(inner.attr("type"), Some("set"));
        let card = inner.get_child("vCard", VCARD).unwrap();
        assert!(
            card.has_child("FN", VCARD) && !card.has_child("EMAIL", VCARD),
            "no empty email"
        );
    }
}
