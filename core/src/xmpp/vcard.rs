//! A user's vCard (XEP-0054): the name, email and photo (the avatar, XEP-0153) the gateway
//! sets, a contact's name and photo it reads, or the whole card the admin API reads and
//! replaces — on the user's own session, as the user on a stream of its own, or through
//! the server's privileged entity (an IQ the server handles as the user's own, wrapped in
//! XEP-0356 `<privileged_iq/>`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio_xmpp::jid::{BareJid, Jid};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::iq::Iq;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;

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

/// Puts `name` (FN) and `email` in `card`, in place of those it had; the rest stays.
fn set_name_and_email(card: &mut Element, name: &str, email: &str) {
    while card.remove_child("FN", VCARD).is_some() {}
    while card.remove_child("EMAIL", VCARD).is_some() {}
    if !name.is_empty() {
        card.append_child(Element::builder("FN", VCARD).append(name).build());
    }
    if !email.is_empty() {
        card.append_child(
            Element::builder("EMAIL", VCARD)
                .append(Element::builder("INTERNET", VCARD))
                .append(Element::builder("USERID", VCARD).append(email))
                .build(),
        );
    }
}

/// The image types a photo may have: what browsers show, and nothing that runs (no SVG).
pub const PHOTO_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];
/// The largest photo read or set, in bytes (avatars are small; XEP-0153 suggests 8 KiB).
pub const MAX_PHOTO: usize = 128 * 1024;
/// The longest name read from someone's card, in characters.
const MAX_NAME: usize = 200;

/// Whether `bytes` start as an image of type `mime` does (one of [`PHOTO_TYPES`]): a photo
/// must be what it says it is.
pub fn is_image(mime: &str, bytes: &[u8]) -> bool {
    match mime {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xff, 0xd8, 0xff]),
        "image/gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "image/webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => false,
    }
}

/// An avatar: its image type (one of [`PHOTO_TYPES`]) and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// What a card says about someone: the name they chose (FN, else NICKNAME) and their
/// photo. Anyone on the network writes their own card: names are cut to 200 characters,
/// and a photo of another type, too large or not base64 is left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    pub name: Option<String>,
    pub photo: Option<Photo>,
}

impl Card {
    pub fn of(card: &Element) -> Self {
        let text = |name: &str| {
            let value = card.get_child(name, VCARD)?.text();
            let value: String = value.trim().chars().take(MAX_NAME).collect();
            (!value.is_empty()).then_some(value)
        };
        Card {
            name: text("FN").or_else(|| text("NICKNAME")),
            photo: card.get_child("PHOTO", VCARD).and_then(photo_of),
        }
    }
}

fn photo_of(photo: &Element) -> Option<Photo> {
    let mime = photo.get_child("TYPE", VCARD)?.text().trim().to_lowercase();
    if !PHOTO_TYPES.contains(&mime.as_str()) {
        return None;
    }
    let encoded: String = photo
        .get_child("BINVAL", VCARD)?
        .text()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    // Base64 is 4 characters for 3 bytes: a longer text cannot be a photo we keep.
    if encoded.len() > MAX_PHOTO.div_ceil(3) * 4 {
        return None;
    }
    let bytes = STANDARD.decode(encoded).ok()?;
    (bytes.len() <= MAX_PHOTO && is_image(&mime, &bytes)).then_some(Photo { mime, bytes })
}

fn photo_element(photo: &Photo) -> Element {
    Element::builder("PHOTO", VCARD)
        .append(Element::builder("TYPE", VCARD).append(photo.mime.as_str()))
        .append(Element::builder("BINVAL", VCARD).append(STANDARD.encode(&photo.bytes)))
        .build()
}

impl On<'_> {
    /// The user's own card as the server has it (an empty one when there is none).
    async fn own_card(&self) -> Result<Element, KeeperError> {
        let answer = self
            .keeper
            .iq(self.user, None, IqKind::Get, empty())
            .await?;
        Ok(answer.filter(is_vcard).unwrap_or_else(empty))
    }

    async fn put_own_card(&self, card: Element) -> Result<(), KeeperError> {
        self.keeper
            .iq(self.user, None, IqKind::Set, card)
            .await
            .map(drop)
    }

    /// Sets the name and email of the user's own vCard, on their session (no privilege
    /// needed), keeping what else it holds (the photo…).
    pub async fn vcard_set_own(&self, name: &str, email: &str) -> Result<(), KeeperError> {
        let mut card = self.own_card().await?;
        set_name_and_email(&mut card, name, email);
        self.put_own_card(card).await
    }

    /// Sets (or, with `None`, removes) the photo of the user's own vCard, keeping the rest.
    pub async fn vcard_set_own_photo(&self, photo: Option<&Photo>) -> Result<(), KeeperError> {
        let mut card = self.own_card().await?;
        while card.remove_child("PHOTO", VCARD).is_some() {}
        if let Some(photo) = photo {
            card.append_child(photo_element(photo));
        }
        self.put_own_card(card).await
    }

    /// What someone's vCard says (a contact's, or the user's own), asked on the user's
    /// session; an empty card when they have none (XEP-0054 §3.1: no card is an empty
    /// answer or `item-not-found`; some servers say `service-unavailable`).
    pub async fn vcard_card_of(&self, whose: &BareJid) -> Result<Card, KeeperError> {
        let to = Jid::from(whose.clone());
        match self
            .keeper
            .iq(self.user, Some(to), IqKind::Get, empty())
            .await
        {
            Ok(answer) => Ok(answer
                .filter(is_vcard)
                .map(|card| Card::of(&card))
                .unwrap_or_default()),
            Err(KeeperError::Xmpp(condition))
                if condition.is(DefinedCondition::ItemNotFound)
                    || condition.is(DefinedCondition::ServiceUnavailable) =>
            {
                Ok(Card::default())
            }
            Err(err) => Err(err),
        }
    }
}

impl AsUser<'_> {
    /// Sets the name and email of the user's vCard, as the user, keeping the rest (the
    /// photo…).
    pub async fn vcard_set(&self, name: &str, email: &str) -> Result<(), KeeperError> {
        let mut card = self.vcard_get().await?.unwrap_or_else(empty);
        set_name_and_email(&mut card, name, email);
        self.vcard_put(card).await
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
    /// Sets the name and email of the user's vCard, as the privileged entity, keeping the
    /// rest (the photo…).
    pub async fn vcard_set(
        &self,
        user: &BareJid,
        name: &str,
        email: &str,
    ) -> Result<(), KeeperError> {
        let mut card = self.vcard_get(user).await?.unwrap_or_else(empty);
        set_name_and_email(&mut card, name, email);
        self.vcard_put(user, card).await
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
        // XEP-0054 §3.2, Example 5 (FN; EMAIL with INTERNET and USERID); the card had a
        // photo and an old name: the photo stays, the name is replaced.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<vCard xmlns='vcard-temp'><FN>Old</FN><PHOTO><TYPE>image/png</TYPE>\
             <BINVAL>iVBORw0KGgo=</BINVAL></PHOTO></vCard>",
        );
        keeper.answer_xml("<vCard xmlns='vcard-temp'/>");
        On::new(&keeper, "stpeter")
            .vcard_set_own("Peter Saint-Andre", "stpeter@jabber.org")
            .await
            .unwrap();
        assert!(matches!(
            &keeper.calls()[0],
            Call::Iq {
                to: None,
                kind: IqKind::Get,
                ..
            }
        ));
        let Call::Iq {
            to: None,
            kind: IqKind::Set,
            payload,
            ..
        } = &keeper.calls()[1]
        else {
            panic!("an IQ set to the own account");
        };
        assert_eq!(payload.children().filter(|c| c.is("FN", VCARD)).count(), 1);
        assert!(payload.has_child("PHOTO", VCARD), "the photo stays");
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

    #[test]
    fn a_card_from_anyone_gives_a_bounded_name_and_only_a_photo_browsers_show_safely() {
        let card = |xml: &str| Card::of(&xml.parse::<Element>().unwrap());
        // XEP-0153 §3.1, Example 1: a PNG photo (base64 with line breaks) and a NICKNAME.
        let png = card(
            "<vCard xmlns='vcard-temp'><NICKNAME>Romeo</NICKNAME><PHOTO><TYPE>image/png</TYPE>\
             <BINVAL>iVBORw0K\nGgo=</BINVAL></PHOTO></vCard>",
        );
        assert_eq!(png.name.as_deref(), Some("Romeo"));
        let photo = png.photo.unwrap();
        assert_eq!(photo.mime, "image/png");
        assert_eq!(&photo.bytes[1..4], b"PNG");
        // SVG (a script can run in it), no type, bad base64, SVG said to be a PNG, too
        // large: no photo.
        for bad in [
            "<TYPE>image/svg+xml</TYPE><BINVAL>PHN2Zy8+</BINVAL>",
            "<TYPE>image/png</TYPE><BINVAL>PHN2Zy8+</BINVAL>",
            "<BINVAL>iVBORw0KGgo=</BINVAL>",
            "<TYPE>image/png</TYPE><BINVAL>***</BINVAL>",
        ] {
            let xml = format!("<vCard xmlns='vcard-temp'><PHOTO>{bad}</PHOTO></vCard>");
            assert_eq!(card(&xml).photo, None, "{bad}");
        }
        let huge = STANDARD.encode(vec![0u8; MAX_PHOTO + 1]);
        let xml = format!(
            "<vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>{huge}</BINVAL></PHOTO></vCard>"
        );
        assert_eq!(card(&xml).photo, None);
        let long = "n".repeat(5000);
        let named = card(&format!(
            "<vCard xmlns='vcard-temp'><FN>  {long}</FN></vCard>"
        ));
        assert_eq!(named.name.unwrap().chars().count(), 200);
        assert_eq!(
            card("<vCard xmlns='vcard-temp'><FN> </FN></vCard>").name,
            None
        );
    }

    #[tokio::test]
    async fn no_card_is_an_empty_card_but_an_unreachable_server_is_an_error() {
        use crate::keeper::fake::Answer;
        use crate::protocol::errors::Condition;
        let keeper = FakeKeeper::new();
        keeper.answer([
            Answer::Iq(Err(KeeperError::Xmpp(Condition(
                DefinedCondition::ItemNotFound,
            )))),
            Answer::Iq(Err(KeeperError::Xmpp(Condition(
                DefinedCondition::RemoteServerNotFound,
            )))),
        ]);
        let on = On::new(&keeper, "juliet");
        let romeo: BareJid = "romeo@montague.lit".parse().unwrap();
        assert_eq!(on.vcard_card_of(&romeo).await.unwrap(), Card::default());
        assert!(on.vcard_card_of(&romeo).await.is_err());
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
        // XEP-0356 §7.4 (IQ permission): <privileged_iq/> holding the IQ as from the user;
        // the card read first keeps its photo.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<vCard xmlns='vcard-temp'><FN>Jules</FN><EMAIL><USERID>j@x</USERID></EMAIL>\
             <PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO></vCard>",
        );
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
        } = &keeper.calls()[1]
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
        assert_eq!(card.get_child("FN", VCARD).unwrap().text(), "Juliet");
        assert!(card.has_child("PHOTO", VCARD), "the photo stays");
    }
}
