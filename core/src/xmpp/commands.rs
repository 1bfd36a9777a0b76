//! XEP-0133 admin commands (XEP-0050 ad-hoc commands with the admin forms), run in one step
//! by the keeper's admin account. Prosody answers every command with a completed
//! `<command/>`; a refusal is a `<note type='error'>` in it.

use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::xml_ncname;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};

use super::AsAdmin;
use crate::keeper::KeeperError;

const COMMANDS: &str = "http://jabber.org/protocol/commands";
const ADMIN: &str = "http://jabber.org/protocol/admin";

/// The outcome the server reports for a completed command.
pub enum Outcome {
    Done,
    /// The text of its error note.
    Refused(String),
}

/// The admin command `node` (e.g. `add-user`) with its form filled in, to run in one step.
pub fn command(node: &str, fields: Vec<Field>) -> Element {
    let mut all = vec![Field::new("FORM_TYPE", FieldType::Hidden).with_value(ADMIN)];
    all.extend(fields);
    let form = DataForm::new(DataFormType::Submit, ADMIN, all);
    Element::builder("command", COMMANDS)
        .attr(xml_ncname!("node").to_owned(), format!("{ADMIN}#{node}"))
        .attr(xml_ncname!("action").to_owned(), "execute")
        .append(Element::from(form))
        .build()
}

/// What a completed command's answer says: refused with an error note, or done.
pub fn outcome(reply: Option<&Element>) -> Outcome {
    let error_note = reply.and_then(|reply| {
        reply
            .children()
            .find(|child| child.is("note", COMMANDS) && child.attr("type") == Some("error"))
            .map(Element::text)
    });
    match error_note {
        Some(text) => Outcome::Refused(text),
        None => Outcome::Done,
    }
}

impl AsAdmin<'_> {
    /// Runs `node` (e.g. `add-user`) with its form filled in.
    pub async fn command(&self, node: &str, fields: Vec<Field>) -> Result<Outcome, KeeperError> {
        let reply = self.keeper.admin_command(command(node, fields)).await?;
        Ok(outcome(reply.as_ref()))
    }
}

pub fn jid_field(var: &str, jid: &BareJid) -> Field {
    Field::new(var, FieldType::JidSingle).with_value(&jid.to_string())
}

pub fn jids_field(var: &str, jid: &BareJid) -> Field {
    Field::new(var, FieldType::JidMulti).with_value(&jid.to_string())
}

pub fn secret_field(var: &str, password: &str) -> Field {
    Field::new(var, FieldType::TextPrivate).with_value(password)
}
