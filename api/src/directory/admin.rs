//! The user administration operations, shared by the legacy User Service endpoint and the
//! admin JSON API. Each either completes or undoes what it did: every step that changed
//! something registers its compensation, and a failing later step runs them, newest first.
//! A compensation that fails too is reported, naming what was left done.

use std::collections::BTreeMap;

use futures::future::BoxFuture;
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::roster::Subscription;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;

use super::DirectoryError;
use super::account_events::{self, Change};
use super::groups::{self, Group};
use super::profiles::{self, Profile};
use super::{access, accounts};
use crate::Ctx;
use crate::auth::logins::{self, Ended, LiveLogin};
use crate::auth::{lockout, password};
use xwg_core::identity::Username;
use xwg_core::keeper::KeeperError;
use xwg_core::xmpp::roster::Contact;

/// A refusal of the server to the admin account, in user administration's words.
fn refused(err: KeeperError) -> DirectoryError {
    DirectoryError::Privileged(err)
}

/// Whether a refusal of a privileged request says the server grants the gateway no such
/// privilege (XEP-0356 not offered, or not to this entity), rather than refusing the
/// request itself.
fn not_granted(err: &KeeperError) -> bool {
    matches!(err, KeeperError::Xmpp(c) if [
        DefinedCondition::Forbidden,
        DefinedCondition::ServiceUnavailable,
        DefinedCondition::FeatureNotImplemented,
        DefinedCondition::NotAllowed,
        DefinedCondition::NotAuthorized,
    ].into_iter().any(|condition| c.is(condition)))
}

/// Runs `privileged`; where the server grants no privilege, `as_user` on a stream of the
/// user's own (with the password the keeper keeps). Neither possible: `NotGranted`.
async fn privileged_or_as_user<T, P, U>(
    jid: &BareJid,
    what: &'static str,
    privileged: P,
    as_user: impl FnOnce() -> U,
) -> Result<T, DirectoryError>
where
    P: Future<Output = Result<T, KeeperError>>,
    U: Future<Output = Result<T, KeeperError>>,
{
    match privileged.await {
        Err(err) if not_granted(&err) => match as_user().await {
            Err(KeeperError::NoCredential) => Err(DirectoryError::NotGranted {
                user: jid.clone(),
                what,
            }),
            result => result.map_err(refused),
        },
        result => result.map_err(refused),
    }
}

/// The local name of a user's JID (rosters and vCards are only changed for local users).
fn name_of(jid: &BareJid) -> &str {
    jid.node().map(|node| node.as_str()).unwrap_or_default()
}

/// Another user's roster: as the privileged entity, or as the user where the server grants
/// the gateway no such privilege.
mod rosters {
    use super::*;

    const ROSTER: &str = "the roster";

    pub async fn list(ctx: &Ctx, jid: &BareJid) -> Result<Vec<Contact>, DirectoryError> {
        privileged_or_as_user(
            jid,
            ROSTER,
            async { ctx.as_admin().roster_list(jid).await },
            || async { ctx.as_user(name_of(jid)).roster_list().await },
        )
        .await
    }

    pub async fn find(
        ctx: &Ctx,
        jid: &BareJid,
        item: &BareJid,
    ) -> Result<Option<Contact>, DirectoryError> {
        privileged_or_as_user(
            jid,
            ROSTER,
            async { ctx.as_admin().roster_find(jid, item).await },
            || async { ctx.as_user(name_of(jid)).roster_find(item).await },
        )
        .await
    }

    pub async fn put(ctx: &Ctx, jid: &BareJid, contact: &Contact) -> Result<(), DirectoryError> {
        privileged_or_as_user(
            jid,
            ROSTER,
            async { ctx.as_admin().roster_put(jid, contact).await },
            || async { ctx.as_user(name_of(jid)).roster_put(contact).await },
        )
        .await
    }

    pub async fn remove(ctx: &Ctx, jid: &BareJid, item: &BareJid) -> Result<(), DirectoryError> {
        privileged_or_as_user(
            jid,
            ROSTER,
            async { ctx.as_admin().roster_remove(jid, item).await },
            || async { ctx.as_user(name_of(jid)).roster_remove(item).await },
        )
        .await
    }
}

/// Puts name and email into the user's vCard: as the privileged entity, else as the user.
/// Where neither can (no privilege, no password kept), they stay in the gateway's profile
/// alone, which is what the API reads; that is logged, not an error.
async fn set_vcard(ctx: &Ctx, jid: &BareJid, profile: &Profile) -> Result<(), DirectoryError> {
    let privileged = async {
        ctx.as_admin()
            .vcard_set(jid, &profile.name, &profile.email)
            .await
    };
    let as_user = || async {
        ctx.as_user(name_of(jid))
            .vcard_set(&profile.name, &profile.email)
            .await
    };
    let result = privileged_or_as_user(jid, "the vCard", privileged, as_user).await;
    match result {
        Err(DirectoryError::NotGranted { .. }) => {
            tracing::warn!(user = %jid, "vCard not set: no XEP-0356 vCard privilege and no password kept; name and email are kept in the gateway's profile");
            Ok(())
        }
        Err(DirectoryError::Privileged(err)) => Err(DirectoryError::from(err)),
        other => other,
    }
}

/// The user's whole vCard (`None`: none): as the privileged entity, else as the user.
pub async fn vcard(ctx: &Ctx, username: &str) -> Result<Option<Element>, DirectoryError> {
    let jid = existing(ctx, username).await?;
    privileged_or_as_user(
        &jid,
        "the vCard",
        async { ctx.as_admin().vcard_get(&jid).await },
        || async { ctx.as_user(name_of(&jid)).vcard_get().await },
    )
    .await
}

/// Replaces the user's whole vCard (an empty card deletes it).
pub async fn put_vcard(ctx: &Ctx, username: &str, card: Element) -> Result<(), DirectoryError> {
    let jid = existing(ctx, username).await?;
    let copy = card.clone();
    privileged_or_as_user(
        &jid,
        "the vCard",
        async { ctx.as_admin().vcard_put(&jid, card).await },
        || async { ctx.as_user(name_of(&jid)).vcard_put(copy).await },
    )
    .await
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
    /// The complete set of the user's properties.
    pub properties: Option<BTreeMap<String, String>>,
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
    // Kept sealed, as a login keeps it: where the server grants the gateway no privilege
    // over other accounts, the vCard and shared-group contacts are set as the user.
    undo.check(
        ctx.keeper
            .remember_password(username, &password)
            .await
            .map_err(Into::into),
    )
    .await?;
    undo.push("forget the password", async move {
        Ok(ctx.keeper.forget_user(username).await?)
    });
    let profile = Profile {
        name: fields.name.unwrap_or_default(),
        email: fields.email.unwrap_or_default(),
        properties: fields.properties.unwrap_or_default(),
    };
    undo.check(profiles::put(ctx, username, &profile).await)
        .await?;
    undo.push("remove the profile", profiles::remove(ctx, username));
    if profile.card() != Profile::default().card() {
        undo.check(set_vcard(ctx, &jid, &profile).await).await?;
    }
    if let Some(wanted) = fields.groups {
        undo.check(set_groups(ctx, username, wanted).await).await?;
    }
    account_events::announce(ctx, username, Change::Created).await;
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
        properties: fields.properties.unwrap_or_else(|| old.properties.clone()),
    };
    let mut undo = Undo::default();
    if new != old {
        profiles::put(ctx, username, &new).await?;
        undo.push("restore the profile", profiles::put(ctx, username, &old));
    }
    if new.card() != old.card() {
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
    profiles::remove(ctx, username).await?;
    account_events::announce(ctx, username, Change::Deleted).await;
    Ok(())
}

/// The live logins of `user`, or of every user the gateway knows.
pub async fn sessions(
    ctx: &Ctx,
    user: Option<&Username>,
) -> Result<Vec<(String, LiveLogin)>, DirectoryError> {
    let users = match user {
        Some(user) => vec![user.to_string()],
        None => profiles::list(ctx, None, false)
            .await?
            .into_iter()
            .map(|(user, _)| user)
            .collect(),
    };
    let mut sessions = Vec::new();
    for user in users {
        for login in logins::live(ctx.store.as_ref(), &user).await? {
            sessions.push((user.clone(), login));
        }
    }
    Ok(sessions)
}

/// Ends every session of the user: the gateway's logins (their streams told why) and, where
/// the server offers XEP-0133's end-user-session, the user's other clients' sessions. The
/// user may log in again at once. A user the server does not know has no sessions.
pub async fn close_sessions(ctx: &Ctx, username: &str) -> Result<(), DirectoryError> {
    let jid = jid_of(ctx, username)?;
    access::end_all(ctx, username, Ended::Closed).await?;
    match accounts::end_sessions(ctx, &jid).await {
        Err(DirectoryError::UserNotFound(_)) => Ok(()),
        done => done,
    }
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

/// Makes the group's members exactly `wanted` (existing users): joins the missing, leaves
/// the others; all or nothing.
pub async fn set_members(ctx: &Ctx, group: &str, wanted: &[String]) -> Result<(), DirectoryError> {
    let current = groups::members(ctx, group).await?;
    let mut undo = Undo::default();
    for user in wanted.iter().filter(|user| !current.contains(user)) {
        undo.check(existing(ctx, user).await).await?;
        undo.check(join(ctx, group, user).await).await?;
        undo.push("leave a joined group", leave(ctx, group, user));
    }
    for user in current.iter().filter(|user| !wanted.contains(user)) {
        undo.check(leave(ctx, group, user).await).await?;
        undo.push("rejoin a left group", join(ctx, group, user));
    }
    Ok(())
}

/// Makes a group with its administrators and members (all of them members); nothing of
/// it stays when a step fails.
pub async fn create_group(
    ctx: &Ctx,
    group: &Group,
    members: &[String],
) -> Result<(), DirectoryError> {
    groups::create(ctx, group).await?;
    let mut undo = Undo::default();
    undo.push("remove a created group", groups::remove(ctx, &group.name));
    let everyone: Vec<String> = group.admins.iter().chain(members).cloned().collect();
    undo.check(set_members(ctx, &group.name, &everyone).await)
        .await
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
            project(ctx, &mut undo, group, username, other).await?;
        }
    }
    Ok(())
}

/// Sets (`Some`) or removes (`None`) one item of `owner`'s roster as the privileged entity,
/// and registers in `undo` how to put back what was there.
async fn change_item<'a>(
    ctx: &'a Ctx,
    undo: &mut Undo<'a>,
    owner: BareJid,
    item: BareJid,
    new: Option<Contact>,
) -> Result<(), DirectoryError> {
    let before = undo.check(rosters::find(ctx, &owner, &item).await).await?;
    if new.is_none() && before.is_none() {
        return Ok(());
    }
    let result = match &new {
        Some(contact) => rosters::put(ctx, &owner, contact).await,
        None => remove_item(ctx, &owner, &item).await,
    };
    undo.check(result).await?;
    undo.push("restore a roster item", async move {
        match before {
            Some(contact) => rosters::put(ctx, &owner, &contact).await,
            None => remove_item(ctx, &owner, &item).await,
        }
    });
    Ok(())
}

/// Removes a roster item; one already gone (removed natively) is fine.
async fn remove_item(ctx: &Ctx, owner: &BareJid, item: &BareJid) -> Result<(), DirectoryError> {
    match rosters::remove(ctx, owner, item).await {
        Err(DirectoryError::Privileged(KeeperError::Xmpp(condition)))
            if condition.is(DefinedCondition::ItemNotFound) =>
        {
            Ok(())
        }
        result => result,
    }
}

/// Puts `a` and `b` into each other's rosters for the shared `group`.
async fn project<'a>(
    ctx: &'a Ctx,
    undo: &mut Undo<'a>,
    group: &str,
    a: &str,
    b: &str,
) -> Result<(), DirectoryError> {
    let (a_jid, b_jid) = (jid_of(ctx, a)?, jid_of(ctx, b)?);
    let b_in_a = shared_contact(ctx, b, group)?;
    let a_in_b = shared_contact(ctx, a, group)?;
    change_item(ctx, undo, a_jid.clone(), b_jid.clone(), Some(b_in_a)).await?;
    change_item(ctx, undo, b_jid.clone(), a_jid.clone(), Some(a_in_b)).await?;
    settle(ctx, a, &a_jid, &b_jid).await
}

/// Where the rosters were changed as the users, `a` approved `b` before `b` asked, and a
/// server need not keep such a pre-approval (RFC 6121 §3.4): `a` approves again, now that
/// `b`'s request waits. With the privilege (the server sets subscriptions itself) there is
/// nothing to do.
async fn settle(
    ctx: &Ctx,
    a: &str,
    a_jid: &BareJid,
    b_jid: &BareJid,
) -> Result<(), DirectoryError> {
    let item = rosters::find(ctx, a_jid, b_jid).await?;
    if item.is_some_and(|c| matches!(c.subscription, Subscription::To | Subscription::None)) {
        ctx.as_user(a).approve(b_jid).await.map_err(refused)?;
    }
    Ok(())
}

/// Removes the user from the group; in a shared group, removes the roster items it put
/// there, unless another shared group still links the two users.
pub async fn leave(ctx: &Ctx, group: &str, username: &str) -> Result<(), DirectoryError> {
    let record = groups::get(ctx, group).await?;
    groups::remove_member(ctx, group, username).await?;
    let mut undo = Undo::default();
    undo.push("rejoin the group", groups::add_member(ctx, group, username));
    if record.shared {
        for other in groups::members(ctx, group).await? {
            unproject(ctx, &mut undo, username, &other).await?;
        }
    }
    Ok(())
}

/// Takes `a` and `b` out of each other's rosters, unless a shared group still links them.
async fn unproject<'a>(
    ctx: &'a Ctx,
    undo: &mut Undo<'a>,
    a: &str,
    b: &str,
) -> Result<(), DirectoryError> {
    let still = undo.check(groups::shared_between(ctx, a, b).await).await?;
    if !still.is_empty() {
        return Ok(());
    }
    let (a_jid, b_jid) = (jid_of(ctx, a)?, jid_of(ctx, b)?);
    change_item(ctx, undo, a_jid.clone(), b_jid.clone(), None).await?;
    change_item(ctx, undo, b_jid, a_jid, None).await
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
            if group.shared {
                project(ctx, &mut undo, &group.name, a, b).await?;
            } else {
                unproject(ctx, &mut undo, a, b).await?;
            }
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
        return rosters::remove(ctx, &jid, item).await;
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
    rosters::remove(ctx, &jid, item).await
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tokio_xmpp::minidom::Element;
    use xwg_core::keeper::fake::{Answer, Call, FakeKeeper};
    use xwg_core::protocol::errors::Condition;

    use super::*;
    use crate::testing;

    fn refusal(condition: DefinedCondition) -> Answer {
        Answer::Iq(Err(KeeperError::Xmpp(Condition(condition))))
    }

    fn empty_roster() -> Answer {
        Answer::Iq(Ok(Some(
            "<query xmlns='jabber:iq:roster'/>".parse().unwrap(),
        )))
    }

    fn done() -> Answer {
        Answer::Iq(Ok(None))
    }

    /// A roster holding `who` both ways (what a shared group's pair is checked for last).
    fn holding(who: &str) -> Answer {
        Answer::Iq(Ok(Some(
            format!(
                "<query xmlns='jabber:iq:roster'><item jid='{who}@{}' subscription='both'/></query>",
                testing::DOMAIN
            )
            .parse()
            .unwrap(),
        )))
    }

    /// The privileged roster changes sent, as (whose roster, the item, its subscription).
    fn roster_sets(keeper: &FakeKeeper) -> Vec<(String, String, String)> {
        keeper
            .calls()
            .into_iter()
            .filter_map(|call| match call {
                Call::PrivilegedIq {
                    to,
                    kind: xwg_core::keeper::IqKind::Set,
                    payload,
                } => {
                    let item: &Element = payload.children().next()?;
                    Some((
                        to.to_string(),
                        item.attr("jid")?.to_string(),
                        item.attr("subscription")?.to_string(),
                    ))
                }
                _ => None,
            })
            .collect()
    }

    async fn shared_group_with(ctx: &Ctx, members: &[&str]) {
        let group = Group {
            name: "team".into(),
            shared: true,
            ..Group::default()
        };
        groups::create(ctx, &group).await.unwrap();
        for member in members {
            groups::add_member(ctx, "team", member).await.unwrap();
        }
    }

    #[tokio::test]
    async fn undo_runs_newest_first_and_stops_at_a_failed_step() {
        let log = Mutex::new(Vec::new());
        let mut undo = Undo::default();
        let step = |name: &'static str, fails: bool| {
            let log = &log;
            async move {
                log.lock().unwrap().push(name);
                if fails {
                    Err(DirectoryError::Invalid(format!("{name} failed")))
                } else {
                    Ok(())
                }
            }
        };
        undo.push("first", step("first", false));
        undo.push("second", step("second", true));
        undo.push("third", step("third", false));
        let err = undo
            .check::<()>(Err(DirectoryError::Invalid("the step".into())))
            .await
            .unwrap_err();
        assert_eq!(
            *log.lock().unwrap(),
            ["third", "second"],
            "newest first; stops at a failure"
        );
        let DirectoryError::PartlyApplied { error, step, .. } = err else {
            panic!("partly applied: {err:?}");
        };
        assert_eq!(step, "second");
        assert!(matches!(*error, DirectoryError::Invalid(ref m) if m == "the step"));
    }

    #[tokio::test]
    async fn a_shared_group_join_failing_midway_takes_back_every_roster_change_and_the_membership()
    {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        shared_group_with(&ctx, &["ann", "bob"]).await;
        keeper.answer([
            // cat and ann into each other's rosters: read, then set, for each; then cat's
            // item is checked (both ways: nothing more to do).
            empty_roster(),
            done(),
            empty_roster(),
            done(),
            holding("ann"),
            // cat and bob: the server fails the first set.
            empty_roster(),
            refusal(DefinedCondition::InternalServerError),
            // The undo, newest first: cat out of ann's roster, then ann out of cat's.
            done(),
            done(),
        ]);
        let err = join(&ctx, "team", "cat").await.unwrap_err();
        assert!(
            matches!(err, DirectoryError::Privileged(KeeperError::Xmpp(_))),
            "{err:?}"
        );
        let domain = testing::DOMAIN;
        let (ann, bob, cat) = (
            format!("ann@{domain}"),
            format!("bob@{domain}"),
            format!("cat@{domain}"),
        );
        assert_eq!(
            roster_sets(&keeper),
            [
                (cat.clone(), ann.clone(), "both".to_string()),
                (ann.clone(), cat.clone(), "both".to_string()),
                (cat.clone(), bob.clone(), "both".to_string()),
                (ann.clone(), cat.clone(), "remove".to_string()),
                (cat.clone(), ann.clone(), "remove".to_string()),
            ]
        );
        assert!(keeper.script_is_spent());
        assert!(
            groups::of_user(&ctx, "cat").await.unwrap().is_empty(),
            "the membership is undone"
        );
        assert_eq!(groups::members(&ctx, "team").await.unwrap(), ["ann", "bob"]);
    }

    #[tokio::test]
    async fn a_contact_that_was_there_before_is_put_back_as_it_was() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        shared_group_with(&ctx, &["ann"]).await;
        let domain = testing::DOMAIN;
        // cat had ann as a contact of her own (named "Annie", subscription to).
        let before = format!(
            "<query xmlns='jabber:iq:roster'><item jid='ann@{domain}' name='Annie' subscription='to'/></query>"
        );
        keeper.answer([
            Answer::Iq(Ok(Some(before.parse().unwrap()))),
            done(),
            empty_roster(),
            refusal(DefinedCondition::ResourceConstraint),
            done(),
        ]);
        join(&ctx, "team", "cat").await.unwrap_err();
        let sets = roster_sets(&keeper);
        assert_eq!(
            sets.last().unwrap(),
            &(
                format!("cat@{domain}"),
                format!("ann@{domain}"),
                "to".to_string()
            )
        );
        let Some(Call::PrivilegedIq { payload, .. }) = keeper.calls().last().cloned() else {
            panic!("the restoration");
        };
        assert_eq!(
            payload.children().next().unwrap().attr("name"),
            Some("Annie")
        );
    }

    #[tokio::test]
    async fn an_undo_that_fails_too_says_the_operation_is_partly_applied() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        shared_group_with(&ctx, &["ann"]).await;
        keeper.answer([
            empty_roster(),
            done(),
            empty_roster(),
            refusal(DefinedCondition::InternalServerError),
            // Undoing the one change made (ann out of cat's roster) fails as well.
            Answer::Iq(Err(KeeperError::Timeout)),
        ]);
        let err = join(&ctx, "team", "cat").await.unwrap_err();
        let DirectoryError::PartlyApplied { step, .. } = &err else {
            panic!("partly applied: {err:?}");
        };
        assert_eq!(*step, "restore a roster item");
        assert!(matches!(err.first(), DirectoryError::Privileged(_)));
        // What could not be undone is left as it is, and said: cat stays a member.
        assert_eq!(groups::of_user(&ctx, "cat").await.unwrap(), ["team"]);
    }

    #[tokio::test]
    async fn leaving_a_shared_group_failing_midway_puts_the_contacts_and_membership_back() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        shared_group_with(&ctx, &["ann", "cat"]).await;
        let domain = testing::DOMAIN;
        let has = |who: &str| {
            Answer::Iq(Ok(Some(
                format!("<query xmlns='jabber:iq:roster'><item jid='{who}@{domain}' subscription='both'><group>team</group></item></query>")
                    .parse()
                    .unwrap(),
            )))
        };
        keeper.answer([
            has("ann"),
            done(),
            has("cat"),
            refusal(DefinedCondition::InternalServerError),
            done(),
        ]);
        leave(&ctx, "team", "cat").await.unwrap_err();
        let sets = roster_sets(&keeper);
        assert_eq!(
            sets,
            [
                (
                    format!("cat@{domain}"),
                    format!("ann@{domain}"),
                    "remove".to_string()
                ),
                (
                    format!("ann@{domain}"),
                    format!("cat@{domain}"),
                    "remove".to_string()
                ),
                (
                    format!("cat@{domain}"),
                    format!("ann@{domain}"),
                    "both".to_string()
                ),
            ]
        );
        assert_eq!(
            groups::of_user(&ctx, "cat").await.unwrap(),
            ["team"],
            "rejoined"
        );
    }

    fn not_granted_answer() -> Answer {
        refusal(DefinedCondition::Forbidden)
    }

    #[tokio::test]
    async fn where_the_server_grants_no_privilege_rosters_are_changed_as_the_users() {
        // ejabberd 23.01 grants XEP-0356 to components only: the admin account is refused.
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        shared_group_with(&ctx, &["ann"]).await;
        // Without the privilege every step is refused and done as the user; cat's item is
        // then found "to" only (ejabberd keeps no pre-approval), so cat approves ann again.
        let to_only = Answer::Iq(Ok(Some(
            format!(
                "<query xmlns='jabber:iq:roster'><item jid='ann@{}' subscription='to'/></query>",
                testing::DOMAIN
            )
            .parse()
            .unwrap(),
        )));
        keeper.answer([
            not_granted_answer(),
            empty_roster(),
            not_granted_answer(),
            done(),
            not_granted_answer(),
            empty_roster(),
            not_granted_answer(),
            done(),
            not_granted_answer(),
            to_only,
        ]);
        join(&ctx, "team", "cat").await.unwrap();
        let as_users: Vec<(String, String)> = keeper
            .calls()
            .into_iter()
            .filter_map(|call| match call {
                Call::IqAsUser { user, kind, .. } => Some((user, format!("{kind:?}"))),
                _ => None,
            })
            .collect();
        assert_eq!(
            as_users,
            [
                ("cat".to_string(), "Get".to_string()),
                ("cat".to_string(), "Set".to_string()),
                ("ann".to_string(), "Get".to_string()),
                ("ann".to_string(), "Set".to_string()),
                ("cat".to_string(), "Get".to_string()),
            ]
        );
        let approvals: Vec<String> = keeper
            .calls()
            .into_iter()
            .filter_map(|call| match call {
                Call::SendAsUser { user, stanzas } => Some(format!(
                    "{user}: {}",
                    stanzas
                        .iter()
                        .filter_map(|s| s.attr("type"))
                        .collect::<Vec<_>>()
                        .join(" ")
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            approvals,
            [
                "cat: subscribed subscribe",
                "ann: subscribed subscribe",
                "cat: subscribed"
            ]
        );
        assert!(keeper.script_is_spent());
    }

    #[tokio::test]
    async fn without_privilege_or_password_the_error_says_what_is_missing_and_nothing_stays() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        shared_group_with(&ctx, &["ann"]).await;
        keeper.answer([
            not_granted_answer(),
            Answer::Iq(Err(KeeperError::NoCredential)),
        ]);
        let err = join(&ctx, "team", "cat").await.unwrap_err();
        let DirectoryError::NotGranted { user, what } = &err else {
            panic!("not granted: {err:?}");
        };
        assert_eq!(
            (user.to_string(), *what),
            (format!("cat@{}", testing::DOMAIN), "the roster")
        );
        assert!(err.to_string().contains("XEP-0356"), "{err}");
        assert!(groups::of_user(&ctx, "cat").await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_vcard_the_server_will_not_let_the_gateway_set_stays_in_the_profile() {
        let keeper = Arc::new(FakeKeeper::new());
        let ctx = testing::context(keeper.clone());
        let jid: BareJid = format!("cat@{}", testing::DOMAIN).parse().unwrap();
        let profile = Profile {
            name: "Cat".into(),
            email: "cat@example.org".into(),
            ..Profile::default()
        };
        // As the user where the keeper keeps a password (the card read, then set)…
        keeper.answer([
            refusal(DefinedCondition::ServiceUnavailable),
            done(),
            done(),
        ]);
        set_vcard(&ctx, &jid, &profile).await.unwrap();
        let Some(Call::IqAsUser { user, payload, .. }) = keeper.calls().last().cloned() else {
            panic!("the vCard set as the user");
        };
        assert_eq!(user, "cat");
        assert_eq!(payload.get_child("FN", "vcard-temp").unwrap().text(), "Cat");
        // …and nowhere but the profile where it keeps none: not an error.
        keeper.answer([
            refusal(DefinedCondition::ServiceUnavailable),
            Answer::Iq(Err(KeeperError::NoCredential)),
        ]);
        set_vcard(&ctx, &jid, &profile).await.unwrap();
        // A refusal of the request itself is an error.
        keeper.answer([refusal(DefinedCondition::NotAcceptable)]);
        assert!(set_vcard(&ctx, &jid, &profile).await.is_err());
    }
}
