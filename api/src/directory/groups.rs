//! Groups live in the store (the server has no protocol for them): the group records,
//! and each membership twice, by group and by user, so both lists are one query.
//! Keys: `groups` / `<name>` → group; `group#<name>` / `<user>`; `user#<user>` / `group#<name>`.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::DirectoryError;
use crate::Ctx;
use xwg_core::store::{self, NewItem, StoreError};

const GROUPS: &str = "groups";

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Group {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A shared group's members see each other in their rosters.
    #[serde(default)]
    pub shared: bool,
    /// The group's administrators (usernames; members too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admins: Vec<String>,
    /// Made by a user joining a group nobody had made (not by an administrator): it goes
    /// away with its last member.
    #[serde(
        default,
        rename = "madeByJoining",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub made_by_joining: bool,
}

fn record(group: &Group) -> NewItem {
    NewItem {
        pk: GROUPS.into(),
        sk: group.name.clone(),
        data: json!(group),
        expires_at: None,
    }
}

fn members_key(group: &str) -> String {
    format!("group#{group}")
}

fn user_key(user: &str) -> String {
    format!("user#{user}")
}

/// The longest group name, in characters.
const MAX_NAME: usize = 100;

/// Characters that show nothing or turn text around: a name made of them misleads.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A group name: not empty, no commas (the legacy endpoint's list separator), nothing
/// invisible, not long.
pub fn check_name(name: &str) -> Result<(), DirectoryError> {
    if name.trim().is_empty()
        || name.contains(',')
        || name.chars().any(invisible)
        || name.chars().count() > MAX_NAME
    {
        return Err(DirectoryError::Invalid(format!(
            "That is not a usable group name: it must not be empty, contain commas or \
             invisible characters, or be longer than {MAX_NAME} characters."
        )));
    }
    Ok(())
}

pub async fn find(ctx: &Ctx, name: &str) -> Result<Option<Group>, DirectoryError> {
    Ok(ctx
        .store
        .get(GROUPS, name)
        .await?
        .and_then(|item| serde_json::from_value(item.data).ok()))
}

pub async fn get(ctx: &Ctx, name: &str) -> Result<Group, DirectoryError> {
    find(ctx, name)
        .await?
        .ok_or_else(|| DirectoryError::GroupNotFound(name.to_string()))
}

pub async fn create(ctx: &Ctx, group: &Group) -> Result<(), DirectoryError> {
    check_name(&group.name)?;
    match ctx.store.create(record(group)).await {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed) => Err(DirectoryError::GroupExists(group.name.clone())),
        Err(err) => Err(err.into()),
    }
}

/// Makes a plain (not shared) group of that name, or finds the one a concurrent caller made.
pub async fn create_plain(ctx: &Ctx, name: &str) -> Result<Group, DirectoryError> {
    let group = Group {
        name: name.to_string(),
        made_by_joining: true,
        ..Group::default()
    };
    match create(ctx, &group).await {
        Ok(()) => Ok(group),
        Err(err) => find(ctx, name).await?.ok_or(err),
    }
}

pub async fn put(ctx: &Ctx, group: &Group) -> Result<(), DirectoryError> {
    ctx.store.put(record(group)).await?;
    Ok(())
}

pub async fn remove(ctx: &Ctx, name: &str) -> Result<(), DirectoryError> {
    ctx.store.delete(GROUPS, name).await?;
    Ok(())
}

pub async fn list(ctx: &Ctx) -> Result<Vec<Group>, DirectoryError> {
    Ok(store::all(ctx.store.as_ref(), GROUPS, "")
        .await?
        .into_iter()
        .filter_map(|item| serde_json::from_value(item.data).ok())
        .collect())
}

pub async fn members(ctx: &Ctx, group: &str) -> Result<Vec<String>, DirectoryError> {
    Ok(store::all(ctx.store.as_ref(), &members_key(group), "")
        .await?
        .into_iter()
        .map(|item| item.sk)
        .collect())
}

/// The names of the groups the user is in.
pub async fn of_user(ctx: &Ctx, user: &str) -> Result<Vec<String>, DirectoryError> {
    Ok(store::all(ctx.store.as_ref(), &user_key(user), "group#")
        .await?
        .into_iter()
        .filter_map(|item| item.sk.strip_prefix("group#").map(str::to_string))
        .collect())
}

pub async fn add_member(ctx: &Ctx, group: &str, user: &str) -> Result<(), DirectoryError> {
    let membership = |pk: String, sk: String| NewItem {
        pk,
        sk,
        data: json!({}),
        expires_at: None,
    };
    ctx.store
        .put(membership(members_key(group), user.into()))
        .await?;
    if let Err(err) = ctx
        .store
        .put(membership(user_key(user), format!("group#{group}")))
        .await
    {
        ctx.store.delete(&members_key(group), user).await?;
        return Err(err.into());
    }
    Ok(())
}

pub async fn remove_member(ctx: &Ctx, group: &str, user: &str) -> Result<(), DirectoryError> {
    ctx.store
        .delete(&user_key(user), &format!("group#{group}"))
        .await?;
    ctx.store.delete(&members_key(group), user).await?;
    Ok(())
}

/// The shared groups both users are in (what puts each in the other's roster).
pub async fn shared_between(ctx: &Ctx, a: &str, b: &str) -> Result<Vec<String>, DirectoryError> {
    let of_b = of_user(ctx, b).await?;
    let mut shared = Vec::new();
    for name in of_user(ctx, a)
        .await?
        .into_iter()
        .filter(|g| of_b.contains(g))
    {
        if find(ctx, &name).await?.is_some_and(|g| g.shared) {
            shared.push(name);
        }
    }
    Ok(shared)
}
