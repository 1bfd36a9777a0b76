//! The authenticated user's own record, the user directory, and the user's groups.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ErrorKind;
use crate::auth::Principal;
use crate::auth::logins::Ended;
use crate::directory::account_events::{self, Change};
use crate::directory::profiles::{self, profile};
use crate::directory::{DirectoryError, access, admin, groups};
use crate::entities::{SearchQuery, UserEntities, UserEntity};
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx};

const USER: &str = "/sparkweb/api/rest/user";
const GROUPS: &str = "/sparkweb/api/rest/user/groups";
const GROUP: &str = "/sparkweb/api/rest/user/groups/{groupName}";

/// `GET /rest/user`: the caller's username, name and email.
pub struct GetUser;

impl Endpoint for GetUser {
    endpoint!(get "get_user", USER, "The authenticated user: {username, name, email}",
        caller: Principal, reply: Json<UserEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<UserEntity>, ApiError> {
        let profile = profile(ctx, &user.username).await?;
        Ok(Json(UserEntity::new(user.username.to_string(), profile)))
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UserUpdate {
    name: Option<String>,
    email: Option<String>,
}

/// `PUT /rest/user`, body `{name, email}` (each optional): the user's profile and vCard.
pub struct PutUser;

impl Endpoint for PutUser {
    endpoint!(put "put_user", USER, "Change the user's name and email (profile and vCard)",
        caller: Principal, body: Json<UserUpdate>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let Json(update) = req.body;
        profiles::change(ctx, &user.username, update.name, update.email).await?;
        Ok(Empty)
    }
}

/// `DELETE /rest/user`: removes the account from the XMPP server (XEP-0077, on the user's
/// own session), then what the gateway keeps about the user; the token stops working.
pub struct DeleteUser;

impl Endpoint for DeleteUser {
    endpoint!(delete "delete_user", USER, "Delete the user's account on the XMPP server (XEP-0077)",
        caller: Principal, reply: Empty);

    async fn handle(ctx: &Ctx, principal: Principal, _: Req<Self>) -> Result<Empty, ApiError> {
        let user = &principal.username;
        ctx.on(user).account_remove().await?;
        access::end_all(ctx, user, Ended::AccountDeleted).await?;
        ctx.keeper.forget_user(user).await?;
        for group in groups::of_user(ctx, user).await? {
            groups::remove_member(ctx, &group, user).await?;
        }
        profiles::remove(ctx, user).await?;
        account_events::announce(ctx, user, Change::Deleted).await;
        tracing::info!("account deleted by its user");
        Ok(Empty)
    }
}

/// `GET /rest/users?search=…`: the users the gateway knows, by username, name or email.
pub struct SearchUsers;

impl Endpoint for SearchUsers {
    endpoint!(get "search_users", "/sparkweb/api/rest/users",
        "Users the gateway knows, ?search= by username, name or email",
        caller: Principal, query: SearchQuery, reply: Json<UserEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        req: Req<Self>,
    ) -> Result<Json<UserEntities>, ApiError> {
        let with_emails =
            ctx.config.privacy.directory_emails || ctx.config.tokens.is_admin(&user.username);
        UserEntities::matching(ctx, req.query.search.as_deref(), with_emails)
            .await
            .map(Json)
    }
}

/// SparkWeb's `UserGroupsEntity`.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct UserGroupsEntity {
    groupnames: Vec<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct GroupPath {
    #[serde(rename = "groupName")]
    #[param(rename = "groupName")]
    group_name: String,
}

/// Joins or leaves existing groups (404 `GroupNotFoundException` for others). Joining a
/// shared group is for administrators (403); leaving one takes its roster items away.
/// How many groups a user may be in by joining them.
const MAX_JOINED: usize = 100;

async fn change_groups(
    ctx: &Ctx,
    user: &str,
    names: &[String],
    join: bool,
) -> Result<Empty, ApiError> {
    // Everything is checked before anything changes (no group made for a refused call).
    let mut found = Vec::with_capacity(names.len());
    for name in names {
        let group = groups::find(ctx, name).await?;
        match &group {
            None if !join => return Err(DirectoryError::GroupNotFound(name.to_string()).into()),
            // A shared group puts its members into each other's rosters: administrators decide.
            Some(group) if join && group.shared => {
                return Err(ApiError::forbidden(format!(
                    "`{name}` is a shared group; ask an administrator to add you."
                )));
            }
            _ => {}
        }
        found.push((name, group));
    }
    let current = groups::of_user(ctx, user).await?;
    let joining = names.iter().filter(|n| !current.contains(n)).count();
    if join && current.len() + joining > MAX_JOINED {
        return Err(ApiError::conflict(
            ErrorKind::TooManyGroups,
            format!("A user may be in at most {MAX_JOINED} groups; leave some first."),
        ));
    }
    for (name, group) in found {
        match (join, current.contains(name), group) {
            (true, false, group) => {
                if group.is_none() {
                    // Joining a group nobody made yet makes it (as upstream): a plain
                    // group, which puts nobody into anyone's roster.
                    groups::create_plain(ctx, name).await?;
                }
                admin::join(ctx, name, user).await?;
            }
            (false, true, Some(group)) => {
                admin::leave(ctx, name, user).await?;
                if group.made_by_joining && groups::members(ctx, name).await?.is_empty() {
                    groups::remove(ctx, name).await?;
                }
            }
            _ => {}
        }
    }
    Ok(Empty)
}

/// `GET /rest/user/groups`.
pub struct GetUserGroups;

impl Endpoint for GetUserGroups {
    endpoint!(get "get_user_groups", GROUPS, "The user's groups: {groupnames: […]}",
        caller: Principal, reply: Json<UserGroupsEntity>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<UserGroupsEntity>, ApiError> {
        Ok(Json(UserGroupsEntity {
            groupnames: groups::of_user(ctx, &user.username).await?,
        }))
    }
}

/// `POST /rest/user/groups`, body `{groupnames: […]}`.
pub struct JoinUserGroups;

impl Endpoint for JoinUserGroups {
    endpoint!(post "join_user_groups", GROUPS,
        "Join groups, making those that do not exist yet (body: {groupnames: […]})",
        caller: Principal, body: Json<UserGroupsEntity>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        change_groups(ctx, &user.username, &req.body.0.groupnames, true).await
    }
}

/// `DELETE /rest/user/groups`, body `{groupnames: […]}`.
pub struct LeaveUserGroups;

impl Endpoint for LeaveUserGroups {
    endpoint!(delete "leave_user_groups", GROUPS, "Leave groups (body: {groupnames: […]})",
        caller: Principal, body: Json<UserGroupsEntity>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        change_groups(ctx, &user.username, &req.body.0.groupnames, false).await
    }
}

/// `POST /rest/user/groups/{groupName}`.
pub struct JoinUserGroup;

impl Endpoint for JoinUserGroup {
    endpoint!(post "join_user_group", GROUP, "Join a group, making it if it does not exist yet",
        caller: Principal, path: GroupPath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        change_groups(ctx, &user.username, &[req.path.group_name], true).await
    }
}

/// `DELETE /rest/user/groups/{groupName}`.
pub struct LeaveUserGroup;

impl Endpoint for LeaveUserGroup {
    endpoint!(delete "leave_user_group", GROUP, "Leave a group",
        caller: Principal, path: GroupPath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        change_groups(ctx, &user.username, &[req.path.group_name], false).await
    }
}
