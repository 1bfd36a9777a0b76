//! Accounts on the XMPP server, through XEP-0133 admin commands ([`xwg_core::xmpp::commands`])
//! that the keeper runs as the configured admin account. What happened is read from protocol
//! facts only — the IQ error's condition, whether the command completed with an error note,
//! the registered users a server lists — never from a note's text, which differs between
//! servers (and languages).

use tokio_xmpp::jid::BareJid;
use tokio_xmpp::parsers::data_forms::{Field, FieldType};
use tokio_xmpp::parsers::stanza_error::DefinedCondition;
use xwg_core::keeper::KeeperError;
use xwg_core::xmpp::commands::{Outcome, account_fields, secret_field, values};

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

/// A command's answer: its outcome, or the condition of its IQ error.
async fn run(ctx: &Ctx, node: &str, fields: Vec<Field>) -> Result<Outcome, KeeperError> {
    ctx.as_admin().command(node, fields).await
}

fn is(err: &KeeperError, condition: DefinedCondition) -> bool {
    matches!(err, KeeperError::Xmpp(c) if c.is(condition))
}

/// The server's registered users, where it lists them (XEP-0133 "Get List of Registered
/// Users": ejabberd does, Prosody 0.12 does not).
async fn registered(ctx: &Ctx) -> Result<Option<Vec<BareJid>>, DirectoryError> {
    match run(ctx, "get-registered-users-list", Vec::new()).await {
        Ok(Outcome::Done(Some(form)))
            if form
                .fields
                .iter()
                .any(|f| f.var.as_deref() == Some("registereduserjids")) =>
        {
            Ok(Some(
                values(&form, "registereduserjids")
                    .filter_map(|jid| jid.parse().ok())
                    .collect(),
            ))
        }
        Ok(_) => Ok(None),
        Err(err)
            if is(&err, DefinedCondition::ServiceUnavailable)
                || is(&err, DefinedCondition::ItemNotFound)
                || is(&err, DefinedCondition::FeatureNotImplemented)
                || is(&err, DefinedCondition::BadRequest) =>
        {
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// Whether the account exists: on the server's list of registered users where it keeps
/// one; else by the user statistics command, which a server refuses (an error note, or
/// `item-not-found`) for an account that does not exist.
pub async fn exists(ctx: &Ctx, jid: &BareJid) -> Result<bool, DirectoryError> {
    if let Some(users) = registered(ctx).await? {
        return Ok(users.contains(jid));
    }
    match run(ctx, "user-stats", account_fields(jid)).await {
        Ok(Outcome::Done(_)) => Ok(true),
        Ok(Outcome::Refused(_)) => Ok(false),
        Err(err) if is(&err, DefinedCondition::ItemNotFound) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

pub async fn create(ctx: &Ctx, jid: &BareJid, password: &str) -> Result<(), DirectoryError> {
    let mut fields = account_fields(jid);
    fields.push(secret_field("password", password));
    fields.push(secret_field("password-verify", password));
    match run(ctx, "add-user", fields).await {
        Ok(Outcome::Done(_)) => Ok(()),
        Err(err) if is(&err, DefinedCondition::Conflict) => {
            Err(DirectoryError::UserExists(jid.clone()))
        }
        // A refusal by note: the account being there already is a fact to look up.
        Ok(Outcome::Refused(note)) => match exists(ctx, jid).await? {
            true => Err(DirectoryError::UserExists(jid.clone())),
            false => Err(unexpected("add-user", note)),
        },
        Err(err) => Err(err.into()),
    }
}

pub async fn set_password(ctx: &Ctx, jid: &BareJid, password: &str) -> Result<(), DirectoryError> {
    let mut fields = account_fields(jid);
    fields.push(secret_field("password", password));
    match run(ctx, "change-user-password", fields).await {
        Ok(Outcome::Done(_)) => Ok(()),
        Err(err) if is(&err, DefinedCondition::ItemNotFound) => {
            Err(DirectoryError::UserNotFound(jid.clone()))
        }
        Ok(Outcome::Refused(note)) => match exists(ctx, jid).await? {
            false => Err(DirectoryError::UserNotFound(jid.clone())),
            true => Err(unexpected("change-user-password", note)),
        },
        Err(err) => Err(err.into()),
    }
}

/// Deletes the account. A server may report a deletion that did not happen in an info
/// note (Prosody), so what counts is whether the account is gone afterwards.
pub async fn delete(ctx: &Ctx, jid: &BareJid) -> Result<(), DirectoryError> {
    if !exists(ctx, jid).await? {
        return Err(DirectoryError::UserNotFound(jid.clone()));
    }
    match run(ctx, "delete-user", account_fields(jid)).await {
        Ok(Outcome::Done(_)) => {}
        Err(err) if is(&err, DefinedCondition::ItemNotFound) => {
            return Err(DirectoryError::UserNotFound(jid.clone()));
        }
        Ok(Outcome::Refused(note)) => return Err(unexpected("delete-user", note)),
        Err(err) => return Err(err.into()),
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
/// Sends `text` to every user online on the server (XEP-0133 "Send Announcement to Online
/// Users"), in both fields servers read: `announcement` (XEP-0133, Prosody) and `body`
/// (ejabberd).
pub async fn announce(ctx: &Ctx, text: &str) -> Result<(), DirectoryError> {
    let fields = ["announcement", "body"]
        .map(|var| Field::new(var, FieldType::TextMulti).with_value(text))
        .into();
    match run(ctx, "announce", fields).await? {
        Outcome::Done(_) => Ok(()),
        Outcome::Refused(note) => Err(unexpected("announce", note)),
    }
}

pub async fn end_sessions(ctx: &Ctx, jid: &BareJid) -> Result<(), DirectoryError> {
    match run(ctx, "end-user-session", account_fields(jid)).await {
        Ok(Outcome::Done(_)) => Ok(()),
        Err(err) if is(&err, DefinedCondition::ItemNotFound) => {
            Err(DirectoryError::UserNotFound(jid.clone()))
        }
        Ok(Outcome::Refused(note)) => Err(unexpected("end-user-session", note)),
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use xwg_core::keeper::fake::{Answer, FakeKeeper};
    use xwg_core::protocol::errors::Condition;

    use super::*;
    use crate::testing;

    fn refusal(condition: DefinedCondition) -> Answer {
        Answer::Iq(Err(KeeperError::Xmpp(Condition(condition))))
    }

    fn completed(inner: &str) -> Answer {
        Answer::Iq(Ok(Some(
            format!("<command xmlns='http://jabber.org/protocol/commands' status='completed'>{inner}</command>")
                .parse()
                .unwrap(),
        )))
    }

    /// ejabberd's list of registered users (XEP-0133 §4.19).
    fn listed(jids: &[&str]) -> Answer {
        let values: String = jids
            .iter()
            .map(|jid| format!("<value>{jid}</value>"))
            .collect();
        completed(&format!(
            "<x xmlns='jabber:x:data' type='form'><field var='registereduserjids' type='jid-multi'>{values}</field></x>"
        ))
    }

    /// Prosody's refusal by note.
    fn error_note() -> Answer {
        completed("<note type='error'>User does not exist</note>")
    }

    fn jid() -> BareJid {
        format!("juliet@{}", testing::DOMAIN).parse().unwrap()
    }

    #[tokio::test]
    async fn existence_is_the_servers_list_where_it_keeps_one_else_the_statistics_refusal() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        let juliet = jid().to_string();
        keeper.answer([
            // ejabberd: listed, then not (its statistics complete for anyone: not asked).
            listed(&[&juliet]),
            listed(&["romeo@example.org"]),
            // Prosody: no list; statistics refused by note, then completed.
            refusal(DefinedCondition::ServiceUnavailable),
            error_note(),
            refusal(DefinedCondition::ServiceUnavailable),
            completed("<x xmlns='jabber:x:data' type='result'/>"),
        ]);
        assert!(exists(&ctx, &jid()).await.unwrap());
        assert!(!exists(&ctx, &jid()).await.unwrap());
        assert!(!exists(&ctx, &jid()).await.unwrap());
        assert!(exists(&ctx, &jid()).await.unwrap());
        assert!(keeper.script_is_spent());
    }

    #[tokio::test]
    async fn a_taken_name_is_user_exists_on_either_server() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        keeper.answer([
            // ejabberd: conflict.
            refusal(DefinedCondition::Conflict),
            // Prosody: an error note, and the account is there.
            error_note(),
            refusal(DefinedCondition::ServiceUnavailable),
            completed("<x xmlns='jabber:x:data' type='result'/>"),
            // Prosody: an error note for something else (the account is not there).
            error_note(),
            refusal(DefinedCondition::ServiceUnavailable),
            error_note(),
        ]);
        for _ in 0..2 {
            let err = create(&ctx, &jid(), "a-password").await.unwrap_err();
            assert!(matches!(err, DirectoryError::UserExists(_)), "{err:?}");
        }
        let err = create(&ctx, &jid(), "a-password").await.unwrap_err();
        assert!(matches!(err, DirectoryError::Refused { .. }), "{err:?}");
    }

    #[tokio::test]
    async fn a_deletion_counts_when_the_account_is_gone_afterwards() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        let juliet = jid().to_string();
        keeper.answer([
            listed(&[&juliet]),
            completed(""),
            listed(&[]),
            // Prosody reports a deletion it did not do in an info note: still there.
            refusal(DefinedCondition::ServiceUnavailable),
            completed("<x xmlns='jabber:x:data' type='result'/>"),
            completed("<note type='info'>The following accounts could not be deleted</note>"),
            refusal(DefinedCondition::ServiceUnavailable),
            completed("<x xmlns='jabber:x:data' type='result'/>"),
        ]);
        delete(&ctx, &jid()).await.unwrap();
        let err = delete(&ctx, &jid()).await.unwrap_err();
        assert!(matches!(err, DirectoryError::Refused { .. }), "{err:?}");
        assert!(keeper.script_is_spent());
    }

    #[tokio::test]
    async fn an_unknown_account_is_item_not_found_on_a_password_change_and_a_session_end() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        keeper.answer([
            refusal(DefinedCondition::ItemNotFound),
            refusal(DefinedCondition::ItemNotFound),
        ]);
        let err = set_password(&ctx, &jid(), "new-password")
            .await
            .unwrap_err();
        assert!(matches!(err, DirectoryError::UserNotFound(_)), "{err:?}");
        let err = end_sessions(&ctx, &jid()).await.unwrap_err();
        assert!(matches!(err, DirectoryError::UserNotFound(_)), "{err:?}");
    }
}
