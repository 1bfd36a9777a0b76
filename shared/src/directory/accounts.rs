//! Accounts on the XMPP server, through XEP-0133 admin commands that the keeper runs as
//! the configured admin account. Prosody answers every command with a completed
//! `<command/>`; a refusal is a `<note type='error'>` in it.

use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::xml_ncname;
use tokio_xmpp::parsers::data_forms::{DataForm, DataFormType, Field, FieldType};

use super::{user_already_exists, user_not_found};
use crate::{ApiError, Ctx};

const COMMANDS: &str = "http://jabber.org/protocol/commands";
const ADMIN: &str = "http://jabber.org/protocol/admin";

/// The outcome Prosody reports for a completed command.
enum Outcome {
    Done,
    /// The text of its error note.
    Refused(String),
}

/// Runs `node` in one step: the filled-in form goes with the first request.
async fn run(ctx: &Ctx, node: &str, fields: Vec<Field>) -> Result<Outcome, ApiError> {
    let mut all = vec![Field::new("FORM_TYPE", FieldType::Hidden).with_value(ADMIN)];
    all.extend(fields);
    let form = DataForm::new(DataFormType::Submit, ADMIN, all);
    let command = Element::builder("command", COMMANDS)
        .attr(xml_ncname!("node").to_owned(), format!("{ADMIN}#{node}"))
        .attr(xml_ncname!("action").to_owned(), "execute")
        .append(Element::from(form))
        .build();
    let reply = ctx.keeper.admin_command(command).await?;
    let error_note = reply.as_ref().and_then(|reply| {
        reply
            .children()
            .find(|child| child.is("note", COMMANDS) && child.attr("type") == Some("error"))
            .map(Element::text)
    });
    Ok(match error_note {
        Some(text) => Outcome::Refused(text),
        None => Outcome::Done,
    })
}

fn jid_field(var: &str, jid: &BareJid) -> Field {
    Field::new(var, FieldType::JidSingle).with_value(&jid.to_string())
}

fn jids_field(var: &str, jid: &BareJid) -> Field {
    Field::new(var, FieldType::JidMulti).with_value(&jid.to_string())
}

fn secret_field(var: &str, password: &str) -> Field {
    Field::new(var, FieldType::TextPrivate).with_value(password)
}

/// Something the server said that this module does not expect: reported, not guessed at.
fn unexpected(node: &str, note: String) -> ApiError {
    tracing::error!(command = node, %note, "admin command refused");
    ApiError::new(
        http::StatusCode::BAD_GATEWAY,
        "XmppServerRefused",
        format!("The XMPP server refused the {node} command: {note}"),
    )
}

/// Whether the account exists (the server's user statistics command knows).
pub async fn exists(ctx: &Ctx, jid: &BareJid) -> Result<bool, ApiError> {
    match run(ctx, "user-stats", vec![jid_field("accountjid", jid)]).await? {
        Outcome::Done => Ok(true),
        Outcome::Refused(note) if note.contains("does not exist") => Ok(false),
        Outcome::Refused(note) => Err(unexpected("user-stats", note)),
    }
}

pub async fn create(ctx: &Ctx, jid: &BareJid, password: &str) -> Result<(), ApiError> {
    let fields = vec![
        jid_field("accountjid", jid),
        secret_field("password", password),
        secret_field("password-verify", password),
    ];
    match run(ctx, "add-user", fields).await? {
        Outcome::Done => Ok(()),
        Outcome::Refused(note) if note.contains("already exists") => Err(user_already_exists(jid)),
        Outcome::Refused(note) => Err(unexpected("add-user", note)),
    }
}

pub async fn set_password(ctx: &Ctx, jid: &BareJid, password: &str) -> Result<(), ApiError> {
    let fields = vec![
        jid_field("accountjid", jid),
        secret_field("password", password),
    ];
    match run(ctx, "change-user-password", fields).await? {
        Outcome::Done => Ok(()),
        Outcome::Refused(note) if note.contains("does not exist") => Err(user_not_found(jid)),
        Outcome::Refused(note) => Err(unexpected("change-user-password", note)),
    }
}

/// Deletes the account. Prosody reports a failed deletion in its info note, not as an
/// error, so existence is checked before and after.
pub async fn delete(ctx: &Ctx, jid: &BareJid) -> Result<(), ApiError> {
    if !exists(ctx, jid).await? {
        return Err(user_not_found(jid));
    }
    if let Outcome::Refused(note) =
        run(ctx, "delete-user", vec![jids_field("accountjids", jid)]).await?
    {
        return Err(unexpected("delete-user", note));
    }
    if exists(ctx, jid).await? {
        return Err(unexpected(
            "delete-user",
            "the account is still there".into(),
        ));
    }
    Ok(())
}

/// Disconnects every session of the account (native clients included).
pub async fn end_sessions(ctx: &Ctx, jid: &BareJid) -> Result<(), ApiError> {
    match run(
        ctx,
        "end-user-session",
        vec![jids_field("accountjids", jid)],
    )
    .await?
    {
        Outcome::Done => Ok(()),
        Outcome::Refused(note) => Err(unexpected("end-user-session", note)),
    }
}
