//! The user administration operations, shared by the legacy User Service endpoint and the
//! admin JSON API. Each either completes or undoes what it did: every step that changed
//! something registers its compensation, and a failing later step runs them, newest first.
//! A compensation that fails too is reported, naming what was left done.

use futures::future::BoxFuture;
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::parsers::roster::Subscription;

use super::DirectoryError;
use super::groups::{self, Group};
use super::profiles::{self, Profile};
use super::{access, accounts};
use crate::Ctx;
use crate::auth::logins::Ended;
use crate::auth::{lockout, password};
use xwg_core::identity::Username;
use xwg_core::keeper::KeeperError;
use xwg_core::xmpp::roster::Contact;

/// A refusal of the server to the admin account, in user administration's words.
fn refused(err: KeeperError) -> DirectoryError {
    DirectoryError::Privileged(err)
}

/// Another user's roster, read or written as the privileged entity.
mod rosters {
    use super::*;

    pub async fn list(ctx: &Ctx, jid: &BareJid) -> Result<Vec<Contact>, DirectoryError> {
        ctx.as_admin().roster_list(jid).await.map_err(refused)
    }

    pub async fn find(
        ctx: &Ctx,
        jid: &BareJid,
        item: &BareJid,
    ) -> Result<Option<Contact>, DirectoryError> {
        ctx.as_admin().roster_find(jid, item).await.map_err(refused)
    }

    pub async fn put(ctx: &Ctx, jid: &BareJid, contact: &Contact) -> Result<(), DirectoryError> {
        ctx.as_admin()
            .roster_put(jid, contact)
            .await
            .map_err(refused)
    }

    pub async fn remove(ctx: &Ctx, jid: &BareJid, item: &BareJid) -> Result<(), KeeperError> {
        ctx.as_admin().roster_remove(jid, item).await
    }
}

async fn set_vcard(ctx: &Ctx, jid: &BareJid, profile: &Profile) -> Result<(), DirectoryError> {
    ctx.as_admin()
        .vcard_set(jid, &profile.name, &profile.email)
        .await
        .map_err(DirectoryError::from)
}

/// Compensations of the steps done so far.
#[derive(Default)]
pub struct Undo<'a> {
    steps: Vec<(&'static str, BoxFuture<'a, Result<(), DirectoryError>>)>,
}

impl<'a> Undo<'a> {
    pub fn push(
        &mut self,
        what: &'static str,
        step: impl Future<Output = Result<(), DirectoryError>> + Send + 'a,
    ) {
        self.steps.push((what, Box::pin(step)));
    }

    /// Passes a step's success on; on its failure undoes the earlier steps first.
    pub async fn check<T>(
        &mut self,
        result: Result<T, DirectoryError>,
    ) -> Result<T, DirectoryError> {
        match result {
            Ok(value) => Ok(value),
            Err(err) => Err(self.rollback(err).await),
        }
    }

    async fn rollback(&mut self, err: DirectoryError) -> DirectoryError {
        while let Some((what, step)) = self.steps.pop() {
            if let Err(undo_err) = step.await {
                tracing::error!(step = what, error = %undo_err, "undoing a step failed");
                return DirectoryError::PartlyApplied {
                    error: Box::new(err),
                    step: what,
                    undo: Box::new(undo_err),
                };
            }
        }
        err
    }
}

/// What creating or updating a user sets; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct UserFields {
    pub password: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The complete list of the user's groups (missing groups are created, unshared).
    pub groups: Option<Vec<String>>,
}

/// The bare JID of a user of the gateway's domain.
fn jid_of(ctx: &Ctx, username: &str) -> Result<BareJid, DirectoryError> {
    Ok(Username::parse(username)?.at(ctx.domain()))
}

fn domain(ctx: &Ctx) -> &str {
    &ctx.config.xmpp.domain
}

/// The user's JID, once the server confirmed the account exists.
pub async fn existing(ctx: &Ctx, username: &str) -> Result<BareJid, DirectoryError> {
    let jid = jid_of(ctx, username)?;
    if !accounts::exists(ctx, &jid).await? {
        return Err(DirectoryError::UserNotFound(jid));
    }
    Ok(jid)
}

fn check_groups(groups: &Option<Vec<String>>) -> Result<(), DirectoryError> {
    groups
        .iter()
        .flatten()
        .try_for_each(|name| groups::check_name(name))
}

pub async fn create_user(
    ctx: &Ctx,
    username: &str,
    fields: UserFields,
) -> Result<(), DirectoryError> {
    let jid = jid_of(ctx, username)?;
    let password = fields
        .password
        .filter(|p| !p.is_empty())
        .ok_or_else(|| DirectoryError::Invalid("A new user needs a password.".into()))?;
    password::check_new(&ctx.config.passwords, username, &password)?;
    check_groups(&fields.groups)?;
    accounts::create(ctx, &jid, &password).await?;
    let mut undo = Undo::default();
    undo.push("delete the account", accounts::delete(ctx, &jid));
    let profile = Profile {
        name: fields.name.unwrap_or_default(),
        email: fields.email.unwrap_or_default(),
    };
    undo.check(profiles::put(ctx, username, &profile).await)
        .await?;
    undo.push("remove the profile", profiles::remove(ctx, username));
    if profile != Profile::default() {
        undo.check(set_vcard(ctx, &jid, &profile).await).await?;
    }
    if let Some(wanted) = fields.groups {
        undo.check(set_groups(ctx, username, wanted).await).await?;
    }
    Ok(())
}

pub async fn update_user(
    ctx: &Ctx,
    username: &str,
    fields: UserFields,
) -> Result<(), DirectoryError> {
    let new_password = fields.password.filter(|p| !p.is_empty());
    if let Some(password) = &new_password {
        password::check_new(&ctx.config.passwords, username, password)?;
    }
    let jid = existing(ctx, username).await?;
    check_groups(&fields.groups)?;
    let old = profiles::profile(ctx, username).await?;
    let new = Profile {
        name: fields.name.unwrap_or_else(|| old.name.clone()),
        email: fields.email.unwrap_or_else(|| old.email.clone()),
    };
    let mut undo = Undo::default();
    if new != old {
        profiles::put(ctx, username, &new).await?;
        undo.push("restore the profile", profiles::put(ctx, username, &old));
        undo.check(set_vcard(ctx, &jid, &new).await).await?;
        undo.push("restore the vCard", set_vcard(ctx, &jid, &old));
    }
    if let Some(wanted) = fields.groups {
        let before = groups::of_user(ctx, username).await?;
        undo.check(set_groups(ctx, username, wanted).await).await?;
        undo.push("restore the groups", set_groups(ctx, username, before));
    }
    // Last: a password change cannot be undone. Every login made with the old password
    // ends first, so that its streams hear why from the gateway (not a lost connection when
    // the server drops the session over the change); should the change then fail, the old
    // password still logs in.
    if let Some(password) = new_password {
        undo.check(access::end_all(ctx, username, Ended::PasswordChanged).await)
            .await?;
        undo.check(accounts::set_password(ctx, &jid, &password).await)
            .await?;
    }
    Ok(())
}

/// Deletes the account and everything the gateway keeps about the user.
pub async fn delete_user(ctx: &Ctx, username: &str) -> Result<(), DirectoryError> {
    let jid = existing(ctx, username).await?;
    let before = groups::of_user(ctx, username).await?;
    set_groups(ctx, username, Vec::new()).await?;
    let mut undo = Undo::default();
    undo.push("restore the groups", set_groups(ctx, username, before));
    // Logins end first: should the deletion then fail, the user logs in again; the other
    // way round a name registered again could meet the old logins.
    undo.check(access::end_all(ctx, username, Ended::AccountDeleted).await)
        .await?;
    undo.check(accounts::delete(ctx, &jid).await).await?;
    // The account is gone: so is the sealed password the gateway kept for it.
    ctx.keeper.forget_user(username).await?;
    profiles::remove(ctx, username).await
}

/// Locks the user out of the gateway and ends every live session. Prosody 0.12 has no way
/// to disable an account, so native clients may log in again.
pub async fn lock(ctx: &Ctx, username: &str) -> Result<(), DirectoryError> {
    let jid = existing(ctx, username).await?;
    lockout::lock(ctx, username).await?;
    let mut undo = Undo::default();
    undo.push("unlock", async {
        Ok(lockout::unlock(ctx, username).await?)
    });
    undo.check(access::end_all(ctx, username, Ended::Locked).await)
        .await?;
    undo.check(accounts::end_sessions(ctx, &jid).await).await
}

pub async fn unlock(ctx: &Ctx, username: &str) -> Result<(), DirectoryError> {
    existing(ctx, username).await?;
    Ok(lockout::unlock(ctx, username).await?)
}

/// Makes the user's groups exactly `wanted`: joins the missing ones (creating groups that
/// do not exist), leaves the others.
pub async fn set_groups(
    ctx: &Ctx,
    username: &str,
    wanted: Vec<String>,
) -> Result<(), DirectoryError> {
    let current = groups::of_user(ctx, username).await?;
    let mut undo = Undo::default();
    for name in wanted.iter().filter(|name| !current.contains(name)) {
        if groups::find(ctx, name).await?.is_none() {
            let group = Group {
                name: name.clone(),
                ..Group::default()
            };
            undo.check(groups::create(ctx, &group).await).await?;
            undo.push("remove a created group", groups::remove(ctx, name));
        }
        undo.check(join(ctx, name, username).await).await?;
        undo.push("leave a joined group", leave(ctx, name, username));
    }
    for name in current.iter().filter(|name| !wanted.contains(name)) {
        undo.check(leave(ctx, name, username).await).await?;
        undo.push("rejoin a left group", join(ctx, name, username));
    }
    Ok(())
}

/// The contact a shared group puts into each member's roster.
fn shared_contact(ctx: &Ctx, member: &str, group: &str) -> Result<Contact, DirectoryError> {
    Ok(Contact {
        jid: jid_of(ctx, member)?,
        name: Some(member.to_string()),
        subscription: Subscription::Both,
        groups: vec![group.to_string()],
    })
}

/// Adds the user to the group; in a shared group, puts the user and every other member
/// into each other's rosters.
pub async fn join(ctx: &Ctx, group: &str, username: &str) -> Result<(), DirectoryError> {
    let record = groups::get(ctx, group).await?;
    groups::add_member(ctx, group, username).await?;
    let mut undo = Undo::default();
    undo.push(
        "remove the membership",
        groups::remove_member(ctx, group, username),
    );
    if record.shared {
        let others = groups::members(ctx, group).await?;
        for other in others.iter().filter(|m| *m != username) {
            let result = project(ctx, group, username, other).await;
            undo.check(result).await?;
        }
    }
    Ok(())
}

async fn project(ctx: &Ctx, group: &str, a: &str, b: &str) -> Result<(), DirectoryError> {
    let (a_jid, b_jid) = (jid_of(ctx, a)?, jid_of(ctx, b)?);
    rosters::put(ctx, &a_jid, &shared_contact(ctx, b, group)?).await?;
    rosters::put(ctx, &b_jid, &shared_contact(ctx, a, group)?).await
}

/// Removes the user from the group; in a shared group, removes the roster items it put
/// there, unless another shared group still links the two users.
pub async fn leave(ctx: &Ctx, group: &str, username: &str) -> Result<(), DirectoryError> {
    let record = groups::get(ctx, group).await?;
    groups::remove_member(ctx, group, username).await?;
    if record.shared {
        for other in groups::members(ctx, group).await? {
            unproject(ctx, username, &other).await?;
        }
    }
    Ok(())
}

async fn unproject(ctx: &Ctx, a: &str, b: &str) -> Result<(), DirectoryError> {
    if !groups::shared_between(ctx, a, b).await?.is_empty() {
        return Ok(());
    }
    let (a_jid, b_jid) = (jid_of(ctx, a)?, jid_of(ctx, b)?);
    for (user, item) in [(&a_jid, &b_jid), (&b_jid, &a_jid)] {
        match rosters::remove(ctx, user, item).await {
            // Already gone (removed natively): nothing to undo.
            Ok(()) | Err(KeeperError::Xmpp(_)) => {}
            Err(err) => return Err(refused(err)),
        }
    }
    Ok(())
}

/// Updates a group; turning `shared` on or off adds or removes the members' roster items.
pub async fn update_group(ctx: &Ctx, group: Group) -> Result<(), DirectoryError> {
    let old = groups::get(ctx, &group.name).await?;
    groups::put(ctx, &group).await?;
    if old.shared == group.shared {
        return Ok(());
    }
    let members = groups::members(ctx, &group.name).await?;
    let mut undo = Undo::default();
    undo.push("restore the group", groups::put(ctx, &old));
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            let result = if group.shared {
                project(ctx, &group.name, a, b).await
            } else {
                unproject(ctx, a, b).await
            };
            undo.check(result).await?;
        }
    }
    Ok(())
}

/// Deletes a group: its members leave it first (and lose what it shared).
pub async fn delete_group(ctx: &Ctx, name: &str) -> Result<(), DirectoryError> {
    groups::get(ctx, name).await?;
    let mut undo = Undo::default();
    for member in groups::members(ctx, name).await? {
        undo.check(leave(ctx, name, &member).await).await?;
        undo.push(
            "rejoin the group",
            async move { join(ctx, name, &member).await },
        );
    }
    groups::remove(ctx, name).await
}

/// A local user's name, when the JID is one of this domain's users.
fn local_user<'j>(ctx: &Ctx, jid: &'j BareJid) -> Option<&'j str> {
    (jid.domain().as_str() == domain(ctx))
        .then(|| jid.node().map(|node| node.as_str()))
        .flatten()
}

/// Refuses to change a roster item a shared group put there.
async fn check_not_shared(
    ctx: &Ctx,
    username: &str,
    user: &BareJid,
    item: &BareJid,
) -> Result<(), DirectoryError> {
    if let Some(other) = local_user(ctx, item)
        && !groups::shared_between(ctx, username, other)
            .await?
            .is_empty()
    {
        return Err(DirectoryError::SharedGroup {
            user: user.clone(),
            item: item.clone(),
        });
    }
    Ok(())
}

pub async fn roster(ctx: &Ctx, username: &str) -> Result<Vec<Contact>, DirectoryError> {
    let jid = existing(ctx, username).await?;
    rosters::list(ctx, &jid).await
}

pub async fn roster_add(ctx: &Ctx, username: &str, contact: Contact) -> Result<(), DirectoryError> {
    let jid = existing(ctx, username).await?;
    if rosters::find(ctx, &jid, &contact.jid).await?.is_some() {
        return Err(DirectoryError::RosterItemExists {
            user: jid,
            item: contact.jid,
        });
    }
    for name in &contact.groups {
        if groups::find(ctx, name).await?.is_some_and(|g| g.shared) {
            return Err(DirectoryError::SharedGroup {
                user: jid,
                item: contact.jid,
            });
        }
    }
    rosters::put(ctx, &jid, &contact).await
}

/// What an update of a roster item changes; `None` keeps the current value.
#[derive(Clone, Debug, Default)]
pub struct ContactChange {
    pub name: Option<String>,
    pub subscription: Option<Subscription>,
    pub groups: Option<Vec<String>>,
}

pub async fn roster_update(
    ctx: &Ctx,
    username: &str,
    item: &BareJid,
    change: ContactChange,
) -> Result<(), DirectoryError> {
    let jid = existing(ctx, username).await?;
    let current = rosters::find(ctx, &jid, item).await?.ok_or_else(|| {
        DirectoryError::RosterItemNotFound {
            user: jid.clone(),
            item: item.clone(),
        }
    })?;
    check_not_shared(ctx, username, &jid, item).await?;
    if change.subscription == Some(Subscription::Remove) {
        return rosters::remove(ctx, &jid, item).await.map_err(refused);
    }
    let updated = Contact {
        jid: item.clone(),
        name: change.name.or(current.name),
        subscription: change.subscription.unwrap_or(current.subscription),
        groups: change.groups.unwrap_or(current.groups),
    };
    rosters::put(ctx, &jid, &updated).await
}

pub async fn roster_delete(
    ctx: &Ctx,
    username: &str,
    item: &BareJid,
) -> Result<(), DirectoryError> {
    let jid = existing(ctx, username).await?;
    rosters::find(ctx, &jid, item)
        .await?
        .ok_or_else(|| DirectoryError::RosterItemNotFound {
            user: jid.clone(),
            item: item.clone(),
        })?;
    check_not_shared(ctx, username, &jid, item).await?;
    rosters::remove(ctx, &jid, item).await.map_err(refused)
}
