//! The authenticated user's own record.

use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::ns;

use crate::auth::{Principal, revocation};
use crate::directory::profiles::{self, Profile, profile};
use crate::directory::{admin, groups, vcards};
use crate::http_io::{json_body, ok_empty, ok_json, path_param, query_param};
use crate::keeper::{IqKind, KeeperError};
use crate::{ApiError, Ctx};

/// SparkWeb's (and Openfire's REST API's) `UserEntity`.
#[derive(Serialize)]
pub struct UserEntity {
    pub username: String,
    pub name: String,
    pub email: String,
}

impl UserEntity {
    pub fn new(username: String, profile: Profile) -> Self {
        Self {
            username,
            name: profile.name,
            email: profile.email,
        }
    }
}

/// SparkWeb's `UserEntities`.
#[derive(Serialize)]
pub struct UserEntities {
    pub users: Vec<UserEntity>,
}

/// The users the gateway knows whose username, name or email contains `?search=`.
pub async fn matching_users(ctx: &Ctx, req: &Request) -> Result<Response<Body>, ApiError> {
    let search = query_param(req, "search");
    let users = profiles::list(ctx, search.as_deref())
        .await?
        .into_iter()
        .map(|(username, profile)| UserEntity::new(username, profile))
        .collect();
    ok_json(&UserEntities { users })
}

/// `GET /rest/user`: the caller's username, name and email.
pub async fn get_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let profile = profile(ctx, &principal.username).await?;
    ok_json(&UserEntity::new(principal.username.clone(), profile))
}

#[derive(Deserialize)]
struct UserUpdate {
    name: Option<String>,
    email: Option<String>,
}

/// `PUT /rest/user`, body `{name, email}` (each optional): the user's profile and vCard.
pub async fn put_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let update: UserUpdate = json_body(&req, r#"{"name": …, "email": …}"#)?;
    let old = profile(ctx, user).await?;
    let new = Profile {
        name: update.name.unwrap_or_else(|| old.name.clone()),
        email: update.email.unwrap_or_else(|| old.email.clone()),
    };
    vcards::set_own(ctx, user, &new.name, &new.email).await?;
    profiles::put(ctx, user, &new).await?;
    ok_empty()
}

/// `DELETE /rest/user`: removes the account from the XMPP server (XEP-0077, on the user's
/// own session), then what the gateway keeps about the user; the token stops working.
pub async fn delete_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let principal = Principal::of(&req)?;
    let user = &principal.username;
    let remove = Element::builder("query", ns::REGISTER)
        .append(Element::builder("remove", ns::REGISTER))
        .build();
    match ctx.keeper.iq(user, None, IqKind::Set, remove).await {
        // The server closes the stream of a removed account, sometimes before answering.
        Ok(_) | Err(KeeperError::Unavailable(_)) | Err(KeeperError::Timeout) => {}
        Err(err) => return Err(err.into()),
    }
    ctx.keeper.forget_user(user).await?;
    for group in groups::of_user(ctx, user).await? {
        groups::remove_member(ctx, &group, user).await?;
    }
    profiles::remove(ctx, user).await?;
    revocation::revoke(ctx.store.as_ref(), &principal.claims).await?;
    tracing::info!("account deleted by its user");
    ok_empty()
}

/// `GET /rest/users?search=…`: the users the gateway knows, by username, name or email.
pub async fn search_users(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    Principal::of(&req)?;
    matching_users(ctx, &req).await
}

/// SparkWeb's `UserGroupsEntity`.
#[derive(Serialize, Deserialize)]
struct UserGroupsEntity {
    groupnames: Vec<String>,
}

const GROUPNAMES: &str = r#"{"groupnames": ["…"]}"#;

/// `GET /rest/user/groups`.
pub async fn get_groups(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    ok_json(&UserGroupsEntity {
        groupnames: groups::of_user(ctx, user).await?,
    })
}

/// Joins or leaves existing groups (404 `GroupNotFoundException` for others). Joining a
/// shared group is for administrators (403); leaving one takes its roster items away.
async fn change_groups(
    ctx: &Ctx,
    user: &str,
    names: &[String],
    join: bool,
) -> Result<(), ApiError> {
    for name in names {
        let group = groups::get(ctx, name).await?;
        // A shared group puts its members into each other's rosters: administrators decide.
        if join && group.shared {
            return Err(ApiError::forbidden(format!(
                "`{name}` is a shared group; ask an administrator to add you."
            )));
        }
    }
    let current = groups::of_user(ctx, user).await?;
    for name in names {
        match (join, current.contains(name)) {
            (true, false) => admin::join(ctx, name, user).await?,
            (false, true) => admin::leave(ctx, name, user).await?,
            _ => {}
        }
    }
    Ok(())
}

/// `POST /rest/user/groups`, body `{groupnames: […]}`.
pub async fn join_groups(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let body: UserGroupsEntity = json_body(&req, GROUPNAMES)?;
    change_groups(ctx, user, &body.groupnames, true).await?;
    ok_empty()
}

/// `DELETE /rest/user/groups`, body `{groupnames: […]}`.
pub async fn leave_groups(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let body: UserGroupsEntity = json_body(&req, GROUPNAMES)?;
    change_groups(ctx, user, &body.groupnames, false).await?;
    ok_empty()
}

/// `POST /rest/user/groups/{groupName}`.
pub async fn join_group(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    change_groups(ctx, user, &[path_param(&req, "groupName")?], true).await?;
    ok_empty()
}

/// `DELETE /rest/user/groups/{groupName}`.
pub async fn leave_group(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    change_groups(ctx, user, &[path_param(&req, "groupName")?], false).await?;
    ok_empty()
}
