//! Accounts on the XMPP server, through XEP-0133 admin commands ([`xwg_core::xmpp::commands`])
//! that the keeper runs as the configured admin account; the server's answers in the
//! exception names of Openfire's User Service.

use tokio_xmpp::jid::BareJid;

use xwg_core::xmpp::commands::{Outcome, jid_field, jids_field, secret_field};

use super::DirectoryError;
use crate::Ctx;

/// Something the server said that this module does not expect: reported, not guessed at.
fn unexpected(node: &str, note: String) -> DirectoryError {
    tracing::error!(command = node, %note, "admin command refused");
    DirectoryError::Refused {
        command: node.to_string(),
        note,
    }
}

async fn run(
    ctx: &Ctx,
    node: &str,
    fields: Vec<tokio_xmpp::parsers::data_forms::Field>,
) -> Result<Outcome, DirectoryError> {
    Ok(ctx.as_admin().command(node, fields).await?)
}

/// Whether the account exists (the server's user statistics command knows).
pub async fn exists(ctx: &Ctx, jid: &BareJid) -> Result<bool, DirectoryError> {
    match run(ctx, "user-stats", vec![jid_field("accountjid", jid)]).await? {
        Outcome::Done => Ok(true),
        Outcome::Refused(note) if note.contains("does not exist") => Ok(false),
        Outcome::Refused(note) => Err(unexpected("user-stats", note)),
    }
}

pub async fn create(ctx: &Ctx, jid: &BareJid, password: &str) -> Result<(), DirectoryError> {
    let fields = vec![
        jid_field("accountjid", jid),
        secret_field("password", password),
        secret_field("password-verify", password),
    ];
    match run(ctx, "add-user", fields).await? {
        Outcome::Done => Ok(()),
        Outcome::Refused(note) if note.contains("already exists") => {
            Err(DirectoryError::UserExists(jid.clone()))
        }
        Outcome::Refused(note) => Err(unexpected("add-user", note)),
    }
}

pub async fn set_password(ctx: &Ctx, jid: &BareJid, password: &str) -> Result<(), DirectoryError> {
    let fields = vec![
        jid_field("accountjid", jid),
        secret_field("password", password),
    ];
    match run(ctx, "change-user-password", fields).await? {
        Outcome::Done => Ok(()),
        Outcome::Refused(note) if note.contains("does not exist") => {
            Err(DirectoryError::UserNotFound(jid.clone()))
        }
        Outcome::Refused(note) => Err(unexpected("change-user-password", note)),
    }
}

/// Deletes the account. Prosody reports a failed deletion in its info note, not as an
/// error, so existence is checked before and after.
pub async fn delete(ctx: &Ctx, jid: &BareJid) -> Result<(), DirectoryError> {
    if !exists(ctx, jid).await? {
        return Err(DirectoryError::UserNotFound(jid.clone()));
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
pub async fn end_sessions(ctx: &Ctx, jid: &BareJid) -> Result<(), DirectoryError> {
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
