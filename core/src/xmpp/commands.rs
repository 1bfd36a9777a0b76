//! XEP-0133 admin commands (XEP-0050 ad-hoc commands with the admin forms), run in one step
//! by the keeper's admin account. Servers answer in two ways, and both are protocol facts:
//! an IQ error with its condition (ejabberd: `conflict`, `item-not-found`), or a completed
//! command carrying a `<note type='error'>` (Prosody). A note's *text* is for people; it is
//! logged and shown, never matched.

use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::xml_ncname;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};

use super::AsAdmin;
use crate::keeper::KeeperError;

const COMMANDS: &str = "http://jabber.org/protocol/commands";
const ADMIN: &str = "http://jabber.org/protocol/admin";

/// How a command the server answered without an IQ error ended.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Completed; the form it answered with, if any.
    Done(Option<DataForm>),
    /// Completed with an error note (its text, for people).
    Refused(String),
}

/// The admin command `node` (e.g. `add-user`) to run in one step: with its form filled in,
/// or without a form when it takes none (ejabberd refuses an empty submitted form).
pub fn command(node: &str, fields: Vec<Field>) -> Element {
    stage(node, None, fields)
}

/// The command's first stage, or (with the session the server opened) its last: the
/// form completed (XEP-0050 §3.4, multiple stages).
fn stage(node: &str, session: Option<&str>, fields: Vec<Field>) -> Element {
    let mut command = Element::builder("command", COMMANDS)
        .attr(xml_ncname!("node").to_owned(), format!("{ADMIN}#{node}"));
    command = match session {
        None => command.attr(xml_ncname!("action").to_owned(), "execute"),
        Some(session) => command
            .attr(xml_ncname!("sessionid").to_owned(), session)
            .attr(xml_ncname!("action").to_owned(), "complete"),
    };
    if !fields.is_empty() {
        let mut all = vec![Field::new("FORM_TYPE", FieldType::Hidden).with_value(ADMIN)];
        all.extend(fields);
        command = command.append(Element::from(DataForm::new(
            DataFormType::Submit,
            ADMIN,
            all,
        )));
    }
    command.build()
}

/// The session of a command the server is still executing: it answered the first stage
/// with its form to fill in (Prosody's announcement does, whatever the request carried).
fn executing(reply: Option<&Element>) -> Option<&str> {
    let reply = reply?;
    (reply.attr("status") == Some("executing"))
        .then(|| reply.attr("sessionid"))
        .flatten()
}

/// What a completed command's answer says: refused with an error note, or done (with the
/// form it carries).
pub fn outcome(reply: Option<&Element>) -> Outcome {
    let Some(reply) = reply else {
        return Outcome::Done(None);
    };
    let error_note = reply
        .children()
        .find(|child| child.is("note", COMMANDS) && child.attr("type") == Some("error"))
        .map(Element::text);
    match error_note {
        Some(text) => Outcome::Refused(text),
        None => Outcome::Done(
            reply
                .get_child("x", "jabber:x:data")
                .and_then(|form| DataForm::try_from(form.clone()).ok()),
        ),
    }
}

impl AsAdmin<'_> {
    /// Runs `node` (e.g. `add-user`) with its form filled in. An IQ error is the
    /// `KeeperError::Xmpp` of its condition.
    pub async fn command(&self, node: &str, fields: Vec<Field>) -> Result<Outcome, KeeperError> {
        let reply = self
            .keeper
            .admin_command(command(node, fields.clone()))
            .await?;
        if let Some(session) = executing(reply.as_ref()) {
            let last = stage(node, Some(session), fields);
            let reply = self.keeper.admin_command(last).await?;
            return Ok(outcome(reply.as_ref()));
        }
        Ok(outcome(reply.as_ref()))
    }
}

/// The account a command is about, in both of the forms servers read: `accountjid`
/// (jid-single: ejabberd, and XEP-0133's user commands) and `accountjids` (jid-multi:
/// XEP-0133 §4.2/4.3, Prosody).
pub fn account_fields(jid: &BareJid) -> Vec<Field> {
    vec![
        Field::new("accountjid", FieldType::JidSingle).with_value(&jid.to_string()),
        Field::new("accountjids", FieldType::JidMulti).with_value(&jid.to_string()),
    ]
}

pub fn secret_field(var: &str, password: &str) -> Field {
    Field::new(var, FieldType::TextPrivate).with_value(password)
}

/// The values of a form's field `var`.
pub fn values<'f>(form: &'f DataForm, var: &str) -> impl Iterator<Item = &'f str> {
    form.fields
        .iter()
        .filter(move |field| field.var.as_deref() == Some(var))
        .flat_map(|field| field.values.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keeper::fake::{Answer, Call, FakeKeeper};
    use crate::protocol::errors::Condition;
    use tokio_xmpp::parsers::stanza_error::DefinedCondition;

    #[tokio::test]
    async fn a_command_runs_in_one_step_with_the_admin_form() {
        // XEP-0133 §4.1, Example 3 (add-user, submitted in one step).
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<command xmlns='http://jabber.org/protocol/commands' \
             node='http://jabber.org/protocol/admin#add-user' status='completed'/>",
        );
        let jid: BareJid = "juliet@shakespeare.lit".parse().unwrap();
        let mut fields = account_fields(&jid);
        fields.push(secret_field("password", "R0m30"));
        let outcome = AsAdmin::new(&keeper)
            .command("add-user", fields)
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::Done(None));
        let Call::AdminCommand { command } = &keeper.calls()[0] else {
            panic!("a command")
        };
        assert_eq!(
            command.attr("node"),
            Some("http://jabber.org/protocol/admin#add-user")
        );
        assert_eq!(command.attr("action"), Some("execute"));
        let form =
            DataForm::try_from(command.get_child("x", "jabber:x:data").unwrap().clone()).unwrap();
        assert_eq!(form.form_type(), Some(ADMIN));
        assert_eq!(
            values(&form, "accountjid").collect::<Vec<_>>(),
            ["juliet@shakespeare.lit"]
        );
        assert_eq!(
            values(&form, "accountjids").collect::<Vec<_>>(),
            ["juliet@shakespeare.lit"]
        );
    }

    #[tokio::test]
    async fn a_command_the_server_keeps_executing_is_completed_in_its_session() {
        // XEP-0050 §3.4 (multiple stages): the first answer is the form, in a session.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<command xmlns='http://jabber.org/protocol/commands' \
             node='http://jabber.org/protocol/admin#announce' sessionid='s-1' status='executing'>\
             <x xmlns='jabber:x:data' type='form'><field var='announcement' type='text-multi'/></x>\
             </command>",
        );
        keeper.answer_xml(
            "<command xmlns='http://jabber.org/protocol/commands' sessionid='s-1' \
             status='completed'/>",
        );
        let announcement = Field::new("announcement", FieldType::TextMulti).with_value("Hi");
        let outcome = AsAdmin::new(&keeper)
            .command("announce", vec![announcement])
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::Done(None));
        let calls = keeper.calls();
        let Call::AdminCommand { command } = &calls[1] else {
            panic!("a second stage")
        };
        assert_eq!(command.attr("sessionid"), Some("s-1"));
        assert_eq!(command.attr("action"), Some("complete"));
        let form =
            DataForm::try_from(command.get_child("x", "jabber:x:data").unwrap().clone()).unwrap();
        assert_eq!(values(&form, "announcement").collect::<Vec<_>>(), ["Hi"]);
    }

    #[tokio::test]
    async fn an_error_note_is_a_refusal_and_an_iq_error_keeps_its_condition() {
        let keeper = FakeKeeper::new();
        // Prosody: a completed command with an error note.
        keeper.answer_xml(
            "<command xmlns='http://jabber.org/protocol/commands' status='completed'>\
             <note type='error'>Account already exists</note></command>",
        );
        // ejabberd: an IQ error (XEP-0050 §4.6: the condition says what went wrong).
        keeper.answer([Answer::Iq(Err(KeeperError::Xmpp(Condition(
            DefinedCondition::Conflict,
        ))))]);
        let admin = AsAdmin::new(&keeper);
        let first = admin.command("add-user", Vec::new()).await.unwrap();
        assert_eq!(first, Outcome::Refused("Account already exists".into()));
        let second = admin.command("add-user", Vec::new()).await.unwrap_err();
        assert_eq!(
            second,
            KeeperError::Xmpp(Condition(DefinedCondition::Conflict))
        );
    }

    #[tokio::test]
    async fn a_command_without_fields_sends_no_form_and_its_answer_form_is_read() {
        // XEP-0133 §4.19, Example 51: the list of registered users.
        let keeper = FakeKeeper::new();
        keeper.answer_xml(
            "<command xmlns='http://jabber.org/protocol/commands' status='completed'>\
             <x xmlns='jabber:x:data' type='result'>\
             <field type='hidden' var='FORM_TYPE'><value>http://jabber.org/protocol/admin</value></field>\
             <field var='registereduserjids'><value>juliet@shakespeare.lit</value>\
             <value>romeo@shakespeare.lit</value></field></x></command>",
        );
        let outcome = AsAdmin::new(&keeper)
            .command("get-registered-users-list", Vec::new())
            .await
            .unwrap();
        let Outcome::Done(Some(form)) = outcome else {
            panic!("a form: {outcome:?}")
        };
        assert_eq!(values(&form, "registereduserjids").count(), 2);
        let Call::AdminCommand { command } = &keeper.calls()[0] else {
            panic!("a command")
        };
        assert!(command.get_child("x", "jabber:x:data").is_none());
    }
}
