//! The admin JSON API, modelled on Openfire's REST API plugin (`/plugins/restapi/v1/…`):
//! users, lockouts, group memberships, rosters and groups. Every route's table row says
//! `Access::Admin` (an admin-role token, or the user service secret). Errors are the
//! gateway's JSON errors, named with the plugin's exception names.

use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::parsers::roster::Subscription;

use crate::directory::admin::{self, ContactChange, UserFields};
use crate::directory::groups::{self, Group};
use crate::directory::profiles;
use crate::directory::rosters::Contact;
use crate::handlers::roster::{ROSTER_ITEM, RosterItemEntity};
use crate::handlers::user::{UserEntity, matching_users};
use crate::handlers::userservice::subscription_of;
use crate::http_io::{created, json_body, ok_empty, ok_json, path_param};
use crate::{ApiError, Ctx};

/// `POST /users` and `PUT /users/{username}` bodies.
#[derive(Deserialize)]
struct UserBody {
    username: Option<String>,
    password: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

const USER_BODY: &str = r#"{"username": …, "password": …, "name": …, "email": …}"#;

#[derive(Serialize, Deserialize)]
struct GroupNames {
    groupname: Vec<String>,
}

const GROUP_NAMES: &str = r#"{"groupname": ["…"]}"#;

#[derive(Serialize)]
struct RosterEntity {
    #[serde(rename = "rosterItem")]
    roster_item: Vec<RosterItemEntity>,
}

#[derive(Serialize)]
struct GroupEntities {
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct GroupBody {
    name: Option<String>,
    description: Option<String>,
    shared: Option<bool>,
}

const GROUP_BODY: &str = r#"{"name": …, "description": …, "shared": true|false}"#;

fn username(req: &Request) -> Result<String, ApiError> {
    path_param(req, "username")
}

pub fn subscription_code(subscription: &Subscription) -> i64 {
    match subscription {
        Subscription::Remove => -1,
        Subscription::None => 0,
        Subscription::To => 1,
        Subscription::From => 2,
        Subscription::Both => 3,
    }
}

pub fn subscription(code: Option<i64>) -> Result<Option<Subscription>, ApiError> {
    code.map(|code| {
        subscription_of(code).ok_or_else(|| {
            ApiError::bad_request(
                "subscriptionType is -1 (remove), 0 (none), 1 (to), 2 (from) or 3 (both).",
            )
        })
    })
    .transpose()
}

fn bare_jid(given: &str) -> Result<BareJid, ApiError> {
    given
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{given}` is not a bare JID (user@domain).")))
}

/// `GET /v1/users?search=…`: the users the gateway knows (created here or logged in here).
pub async fn list_users(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    matching_users(ctx, &req).await
}

/// `POST /v1/users` → 201.
pub async fn create_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let body: UserBody = json_body(&req, USER_BODY)?;
    let username = body
        .username
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiError::bad_request("A new user needs a username."))?;
    let fields = UserFields {
        password: body.password,
        name: body.name,
        email: body.email,
        groups: None,
    };
    admin::create_user(ctx, &username, fields).await?;
    created()
}

/// `GET /v1/users/{username}`.
pub async fn get_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    admin::existing(ctx, &username).await?;
    let profile = profiles::profile(ctx, &username).await?;
    ok_json(&UserEntity::new(username, profile))
}

/// `PUT /v1/users/{username}`: name, email and password (each optional).
pub async fn update_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    let body: UserBody = json_body(&req, USER_BODY)?;
    if body.username.as_ref().is_some_and(|u| *u != username) {
        return Err(ApiError::bad_request("A user cannot be renamed."));
    }
    let fields = UserFields {
        password: body.password,
        name: body.name,
        email: body.email,
        groups: None,
    };
    admin::update_user(ctx, &username, fields).await?;
    ok_empty()
}

pub async fn delete_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    admin::delete_user(ctx, &username(&req)?).await?;
    ok_empty()
}

/// `POST /v1/users/{username}/lockout` → 201.
pub async fn lock_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    admin::lock(ctx, &username(&req)?).await?;
    created()
}

pub async fn unlock_user(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    admin::unlock(ctx, &username(&req)?).await?;
    ok_empty()
}

pub async fn user_groups(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    admin::existing(ctx, &username).await?;
    ok_json(&GroupNames {
        groupname: groups::of_user(ctx, &username).await?,
    })
}

/// `POST /v1/users/{username}/groups` `{groupname: […]}`: joins these (created if missing) → 201.
pub async fn add_user_groups(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    let body: GroupNames = json_body(&req, GROUP_NAMES)?;
    admin::existing(ctx, &username).await?;
    let mut wanted = groups::of_user(ctx, &username).await?;
    wanted.extend(body.groupname);
    wanted.dedup();
    admin::set_groups(ctx, &username, wanted).await?;
    created()
}

/// `DELETE /v1/users/{username}/groups` `{groupname: […]}`: leaves these.
pub async fn remove_user_groups(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    let body: GroupNames = json_body(&req, GROUP_NAMES)?;
    admin::existing(ctx, &username).await?;
    let wanted = groups::of_user(ctx, &username)
        .await?
        .into_iter()
        .filter(|group| !body.groupname.contains(group))
        .collect();
    admin::set_groups(ctx, &username, wanted).await?;
    ok_empty()
}

pub async fn get_roster(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let roster_item = admin::roster(ctx, &username(&req)?)
        .await?
        .into_iter()
        .map(RosterItemEntity::from)
        .collect();
    ok_json(&RosterEntity { roster_item })
}

/// `POST /v1/users/{username}/roster` → 201; 409 when the contact is there already.
pub async fn add_roster_item(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    let body: RosterItemEntity = json_body(&req, ROSTER_ITEM)?;
    let jid = body
        .jid
        .as_deref()
        .ok_or_else(|| ApiError::bad_request("A roster item needs a jid."))?;
    let subscription = subscription(body.subscription_type)?.unwrap_or(Subscription::None);
    if subscription == Subscription::Remove {
        return Err(ApiError::bad_request(
            "A new roster item cannot have subscriptionType -1.",
        ));
    }
    let contact = Contact {
        jid: bare_jid(jid)?,
        name: body.nickname,
        subscription,
        groups: body.groups.unwrap_or_default(),
    };
    admin::roster_add(ctx, &username, contact).await?;
    created()
}

pub async fn update_roster_item(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    let item = bare_jid(&path_param(&req, "jid")?)?;
    let body: RosterItemEntity = json_body(&req, ROSTER_ITEM)?;
    let change = ContactChange {
        name: body.nickname,
        subscription: subscription(body.subscription_type)?,
        groups: body.groups,
    };
    admin::roster_update(ctx, &username, &item, change).await?;
    ok_empty()
}

pub async fn delete_roster_item(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let username = username(&req)?;
    let item = bare_jid(&path_param(&req, "jid")?)?;
    admin::roster_delete(ctx, &username, &item).await?;
    ok_empty()
}

pub async fn list_groups(ctx: &Ctx, _req: Request) -> Result<Response<Body>, ApiError> {
    ok_json(&GroupEntities {
        groups: groups::list(ctx).await?,
    })
}

/// `POST /v1/groups` `{name, description, shared}` → 201.
pub async fn create_group(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let body: GroupBody = json_body(&req, GROUP_BODY)?;
    let group = Group {
        name: body
            .name
            .ok_or_else(|| ApiError::bad_request("A new group needs a name."))?,
        description: body.description.unwrap_or_default(),
        shared: body.shared.unwrap_or(false),
    };
    groups::create(ctx, &group).await?;
    created()
}

pub async fn get_group(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    ok_json(&groups::get(ctx, &path_param(&req, "name")?).await?)
}

/// `PUT /v1/groups/{name}` `{description, shared}`: sharing on/off updates the rosters.
pub async fn update_group(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let name = path_param(&req, "name")?;
    let body: GroupBody = json_body(&req, GROUP_BODY)?;
    if body.name.as_ref().is_some_and(|n| *n != name) {
        return Err(ApiError::bad_request("A group cannot be renamed."));
    }
    let current = groups::get(ctx, &name).await?;
    let group = Group {
        name,
        description: body.description.unwrap_or(current.description),
        shared: body.shared.unwrap_or(current.shared),
    };
    admin::update_group(ctx, group).await?;
    ok_empty()
}

pub async fn delete_group(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    admin::delete_group(ctx, &path_param(&req, "name")?).await?;
    ok_empty()
}
