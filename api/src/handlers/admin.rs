//! The admin JSON API, modelled on Openfire's REST API plugin (`/plugins/restapi/v1/…`):
//! users, lockouts, group memberships, rosters and groups. Every route's caller is an
//! [`Admin`] (an admin-role token, or the user service secret). Errors are the gateway's
//! JSON errors, named with the plugin's exception names.

use jid::BareJid;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use xwg_core::identity::{Username, shown};

use crate::directory::admin::{self, ContactChange, UserFields};
use crate::directory::groups::{self, Group};
use crate::directory::profiles::{self, Profile};
use crate::entities::{RosterItemEntity, UserEntity, UsernamePath, subscription};
use crate::routes::endpoint;
use crate::routes::{Admin, Created, Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx, ErrorKind};
use xwg_core::xmpp::roster::{Contact, Subscription};

const USERS: &str = "/plugins/restapi/v1/users";
const USER: &str = "/plugins/restapi/v1/users/{username}";
const LOCKOUT: &str = "/plugins/restapi/v1/lockouts/{username}";
/// Where this gateway served lockouts before it followed the plugin's path.
const LOCKOUT_BEFORE: &[&str] = &["/plugins/restapi/v1/users/{username}/lockout"];
const USER_GROUPS: &str = "/plugins/restapi/v1/users/{username}/groups";
const USER_GROUP: &str = "/plugins/restapi/v1/users/{username}/groups/{name}";
const ROSTER: &str = "/plugins/restapi/v1/users/{username}/roster";
const ROSTER_ITEM: &str = "/plugins/restapi/v1/users/{username}/roster/{jid}";
const GROUPS: &str = "/plugins/restapi/v1/groups";
const GROUP: &str = "/plugins/restapi/v1/groups/{name}";

/// `POST /users` and `PUT /users/{username}` bodies: the plugin's `UserEntity`.
#[derive(Deserialize, ToSchema)]
pub struct UserBody {
    username: Option<String>,
    password: Option<String>,
    name: Option<String>,
    email: Option<String>,
    /// The user's properties; on `PUT`, missing means none (as the plugin replaces them).
    properties: Option<Vec<UserProperty>>,
}

impl UserBody {
    /// The fields to set; properties are checked first (400 before anything changes).
    fn fields(self) -> Result<UserFields, ApiError> {
        let properties = self.properties.unwrap_or_default();
        if properties.len() > MAX_PROPERTIES {
            return Err(ApiError::bad_request(format!(
                "At most {MAX_PROPERTIES} properties per user."
            )));
        }
        let mut kept = std::collections::BTreeMap::new();
        for property in properties {
            let value = property.value.unwrap_or_default();
            if property.key.trim().is_empty() || property.key.chars().count() > MAX_PROPERTY_KEY {
                return Err(ApiError::bad_request(format!(
                    "A property's key is 1 to {MAX_PROPERTY_KEY} characters."
                )));
            }
            if value.chars().count() > MAX_PROPERTY_VALUE {
                return Err(ApiError::bad_request(format!(
                    "A property's value is at most {MAX_PROPERTY_VALUE} characters."
                )));
            }
            if kept.insert(property.key, value).is_some() {
                return Err(ApiError::bad_request("Each property's key once."));
            }
        }
        Ok(UserFields {
            password: self.password,
            name: self.name,
            email: self.email,
            groups: None,
            properties: Some(kept.into_iter().collect()),
        })
    }
}

/// The most properties a user has, and the longest key and value, in characters.
const MAX_PROPERTIES: usize = 100;
const MAX_PROPERTY_KEY: usize = 100;
const MAX_PROPERTY_VALUE: usize = 4_000;

/// One of a user's properties (the plugin's `UserProperty`).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct UserProperty {
    key: String,
    value: Option<String>,
}

/// The plugin's `UserEntity`: SparkWeb's, with the user's properties.
#[derive(Serialize, ToSchema)]
pub struct AdminUser {
    #[serde(flatten)]
    user: UserEntity,
    properties: Vec<UserProperty>,
}

impl AdminUser {
    fn new(username: String, mut profile: Profile) -> Self {
        let properties = std::mem::take(&mut profile.properties)
            .into_iter()
            .map(|(key, value)| UserProperty {
                key,
                value: Some(value),
            })
            .collect();
        Self {
            user: UserEntity::new(username, profile),
            properties,
        }
    }
}

/// The plugin's `UserEntities`.
#[derive(Serialize, ToSchema)]
pub struct AdminUsers {
    users: Vec<AdminUser>,
}

/// `GET /users` filters: the directory search, or (the plugin's) a property's key and value.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// Part of a username, name or email (any case); all users when absent.
    search: Option<String>,
    /// Only users with this property (`search` is then ignored, as the plugin does).
    #[serde(rename = "propertyKey")]
    #[param(rename = "propertyKey")]
    property_key: Option<String>,
    /// With `propertyKey`: only users whose property has this value.
    #[serde(rename = "propertyValue")]
    #[param(rename = "propertyValue")]
    property_value: Option<String>,
}

/// The plugin's `UserGroupsEntity`: `{groupnames: […]}` (`groupname`, the old User
/// Service name, is read too).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct GroupNames {
    #[serde(alias = "groupname", default)]
    groupnames: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RosterEntity {
    #[serde(rename = "rosterItem")]
    roster_item: Vec<RosterItemEntity>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupEntities {
    groups: Vec<Group>,
}

/// The plugin's `Group` entity, as sent.
#[derive(Deserialize, ToSchema)]
pub struct GroupBody {
    name: Option<String>,
    description: Option<String>,
    shared: Option<bool>,
    /// Administrators (members too): usernames or bare JIDs of this domain. On `PUT`, the
    /// list replaces the old one; missing: unchanged.
    admins: Option<Vec<String>>,
    /// Members: usernames or bare JIDs of this domain. On `PUT`, as `admins`.
    members: Option<Vec<String>>,
}

/// The most administrators and members one request may name.
const MAX_GROUP_PEOPLE: usize = 1_000;

/// Users of this domain, from usernames or bare JIDs.
fn local_users(ctx: &Ctx, given: Option<&Vec<String>>) -> Result<Option<Vec<String>>, ApiError> {
    let Some(given) = given else {
        return Ok(None);
    };
    if given.len() > MAX_GROUP_PEOPLE {
        return Err(ApiError::bad_request(format!(
            "At most {MAX_GROUP_PEOPLE} administrators and members at once."
        )));
    }
    let mut users = Vec::new();
    for value in given {
        let user = match value.split_once('@') {
            Some(_) => value
                .parse::<BareJid>()
                .ok()
                .and_then(|jid| ctx.domain().user_of(&jid)),
            None => Username::parse(value).ok(),
        }
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Cannot parse a member value as a JID of {}: {}",
                ctx.domain(),
                shown(value)
            ))
        })?;
        let user = user.as_str().to_string();
        if !users.contains(&user) {
            users.push(user);
        }
    }
    Ok(Some(users))
}

/// The plugin's `Group` entity, as answered: administrators and members as bare JIDs.
#[derive(Serialize, ToSchema)]
pub struct GroupEntity {
    name: String,
    description: String,
    admins: Vec<String>,
    members: Vec<String>,
    shared: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RosterItemPath {
    /// The user whose roster it is.
    username: String,
    /// The contact's bare JID.
    jid: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct UserGroupPath {
    /// The user.
    #[param(value_type = String)]
    username: Username,
    /// The group's name.
    name: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct GroupPath {
    /// The group's name.
    name: String,
}

fn bare_jid(given: &str) -> Result<BareJid, ApiError> {
    given
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{given}` is not a bare JID (user@domain).")))
}

/// `GET /v1/users?search=…`: the users the gateway knows (created here or logged in here).
pub struct AdminListUsers;

impl Endpoint for AdminListUsers {
    endpoint!(get "admin_list_users", USERS,
        "The users the gateway knows: ?search= filters by username, name or email; \
         ?propertyKey= (and ?propertyValue=) by a property",
        caller: Admin, query: UsersQuery, reply: Json<AdminUsers>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<AdminUsers>, ApiError> {
        let query = req.query;
        let search = query
            .search
            .as_deref()
            .filter(|_| query.property_key.is_none());
        let has_property = |profile: &Profile| match &query.property_key {
            None => true,
            Some(key) => profile.properties.get(key).is_some_and(|value| {
                query
                    .property_value
                    .as_ref()
                    .is_none_or(|wanted| wanted == value)
            }),
        };
        let users = profiles::list(ctx, search, true)
            .await?
            .into_iter()
            .filter(|(_, profile)| has_property(profile))
            .map(|(username, profile)| AdminUser::new(username, profile))
            .collect();
        Ok(Json(AdminUsers { users }))
    }
}

/// `POST /v1/users` → 201.
pub struct AdminCreateUser;

impl Endpoint for AdminCreateUser {
    endpoint!(post "admin_create_user", USERS,
        "Create an account ({username, password, name, email}) → 201",
        caller: Admin, body: Json<UserBody>, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        let Json(body) = req.body;
        let username = body
            .username
            .clone()
            .filter(|u| !u.is_empty())
            .ok_or_else(|| ApiError::bad_request("A new user needs a username."))?;
        if body.password.as_deref().is_none_or(str::is_empty) {
            return Err(ApiError::bad_request(
                "Could not create new user, because password is null: send a password.",
            )
            .named(ErrorKind::PasswordIsNull));
        }
        admin::create_user(ctx, &username, body.fields()?).await?;
        Ok(Created)
    }
}

/// `GET /v1/users/{username}`.
pub struct AdminGetUser;

impl Endpoint for AdminGetUser {
    endpoint!(get "admin_get_user", USER, "One user: {username, name, email, properties}",
        caller: Admin, path: UsernamePath, reply: Json<AdminUser>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<AdminUser>, ApiError> {
        let username = req.path.username;
        admin::existing(ctx, &username).await?;
        let profile = profiles::profile(ctx, &username).await?;
        Ok(Json(AdminUser::new(username.to_string(), profile)))
    }
}

/// `PUT /v1/users/{username}`: name, email and password (each optional).
pub struct AdminUpdateUser;

impl Endpoint for AdminUpdateUser {
    endpoint!(put "admin_update_user", USER,
        "Change a user's name, email or password (each kept when missing) and properties \
         (replaced, as the plugin does)",
        caller: Admin, path: UsernamePath, body: Json<UserBody>, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let username = req.path.username;
        let Json(body) = req.body;
        if body
            .username
            .as_deref()
            .is_some_and(|u| Username::parse(u).ok().as_ref() != Some(&username))
        {
            return Err(ApiError::bad_request("A user cannot be renamed."));
        }
        admin::update_user(ctx, &username, body.fields()?).await?;
        Ok(Empty)
    }
}

/// `DELETE /v1/users/{username}`.
pub struct AdminDeleteUser;

impl Endpoint for AdminDeleteUser {
    endpoint!(delete "admin_delete_user", USER,
        "Delete the account and what the gateway keeps about it",
        caller: Admin, path: UsernamePath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        admin::delete_user(ctx, &req.path.username).await?;
        Ok(Empty)
    }
}

/// `POST /v1/users/{username}/lockout` → 201.
pub struct AdminLockUser;

impl Endpoint for AdminLockUser {
    endpoint!(post "admin_lock_user", LOCKOUT,
        "Disable a user: gateway logins refused, live sessions ended → 201",
        caller: Admin, path: UsernamePath, reply: Created, also: LOCKOUT_BEFORE);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        admin::lock(ctx, &req.path.username).await?;
        Ok(Created)
    }
}

/// `DELETE /v1/users/{username}/lockout`.
pub struct AdminUnlockUser;

impl Endpoint for AdminUnlockUser {
    endpoint!(delete "admin_unlock_user", LOCKOUT, "Enable a disabled user again",
        caller: Admin, path: UsernamePath, reply: Empty, also: LOCKOUT_BEFORE);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        admin::unlock(ctx, &req.path.username).await?;
        Ok(Empty)
    }
}

/// `GET /v1/users/{username}/groups`.
pub struct AdminUserGroups;

impl Endpoint for AdminUserGroups {
    endpoint!(get "admin_user_groups", USER_GROUPS, "The user's groups: {groupnames: […]}",
        caller: Admin, path: UsernamePath, reply: Json<GroupNames>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<GroupNames>, ApiError> {
        let username = req.path.username;
        admin::existing(ctx, &username).await?;
        Ok(Json(GroupNames {
            groupnames: groups::of_user(ctx, &username).await?,
        }))
    }
}

/// Adds the user to `joining` (groups created where missing).
async fn join_groups(ctx: &Ctx, username: &str, joining: Vec<String>) -> Result<(), ApiError> {
    admin::existing(ctx, username).await?;
    let mut wanted = groups::of_user(ctx, username).await?;
    wanted.extend(joining);
    wanted.sort();
    wanted.dedup();
    Ok(admin::set_groups(ctx, username, wanted).await?)
}

/// Takes the user out of `leaving`; each must be a group (404 `GroupNotFoundException`
/// before anything changes, where the plugin had changed the groups before it).
async fn leave_groups(ctx: &Ctx, username: &str, leaving: Vec<String>) -> Result<(), ApiError> {
    admin::existing(ctx, username).await?;
    for name in &leaving {
        groups::get(ctx, name).await?;
    }
    let wanted = groups::of_user(ctx, username)
        .await?
        .into_iter()
        .filter(|group| !leaving.contains(group))
        .collect();
    Ok(admin::set_groups(ctx, username, wanted).await?)
}

/// `POST /v1/users/{username}/groups` `{groupnames: […]}`: joins these (created if missing) → 201.
pub struct AdminAddUserGroups;

impl Endpoint for AdminAddUserGroups {
    endpoint!(post "admin_add_user_groups", USER_GROUPS,
        "Add the user to groups ({groupnames: […]}, created if missing) → 201",
        caller: Admin, path: UsernamePath, body: Json<GroupNames>, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        join_groups(ctx, &req.path.username, req.body.0.groupnames).await?;
        Ok(Created)
    }
}

/// `POST /v1/users/{username}/groups/{name}`: joins this group (created if missing) → 201.
pub struct AdminAddUserGroup;

impl Endpoint for AdminAddUserGroup {
    endpoint!(post "admin_add_user_group", USER_GROUP,
        "Add the user to one group (created if missing) → 201",
        caller: Admin, path: UserGroupPath, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        join_groups(ctx, &req.path.username, vec![req.path.name]).await?;
        Ok(Created)
    }
}

/// `DELETE /v1/users/{username}/groups` `{groupnames: […]}`: leaves these.
pub struct AdminRemoveUserGroups;

impl Endpoint for AdminRemoveUserGroups {
    endpoint!(delete "admin_remove_user_groups", USER_GROUPS,
        "Remove the user from groups ({groupnames: […]}); 404 when one is no group",
        caller: Admin, path: UsernamePath, body: Json<GroupNames>, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        leave_groups(ctx, &req.path.username, req.body.0.groupnames).await?;
        Ok(Empty)
    }
}

/// `DELETE /v1/users/{username}/groups/{name}`: leaves this group.
pub struct AdminRemoveUserGroup;

impl Endpoint for AdminRemoveUserGroup {
    endpoint!(delete "admin_remove_user_group", USER_GROUP,
        "Remove the user from one group; 404 when it is no group",
        caller: Admin, path: UserGroupPath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        leave_groups(ctx, &req.path.username, vec![req.path.name]).await?;
        Ok(Empty)
    }
}

/// `GET /v1/users/{username}/roster`.
pub struct AdminGetRoster;

impl Endpoint for AdminGetRoster {
    endpoint!(get "admin_get_roster", ROSTER,
        "The user's roster: {rosterItem: [{jid, nickname, subscriptionType, groups}]}",
        caller: Admin, path: UsernamePath, reply: Json<RosterEntity>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<RosterEntity>, ApiError> {
        let roster_item = admin::roster(ctx, &req.path.username)
            .await?
            .into_iter()
            .map(RosterItemEntity::from)
            .collect();
        Ok(Json(RosterEntity { roster_item }))
    }
}

/// `POST /v1/users/{username}/roster` → 201; 409 when the contact is there already.
pub struct AdminAddRosterItem;

impl Endpoint for AdminAddRosterItem {
    endpoint!(post "admin_add_roster_item", ROSTER,
        "Add a contact to the user's roster → 201; 409 when it is there",
        caller: Admin, path: UsernamePath, body: Json<RosterItemEntity>, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        let Json(body) = req.body;
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
        admin::roster_add(ctx, &req.path.username, contact).await?;
        Ok(Created)
    }
}

/// `PUT /v1/users/{username}/roster/{jid}`.
pub struct AdminUpdateRosterItem;

impl Endpoint for AdminUpdateRosterItem {
    endpoint!(put "admin_update_roster_item", ROSTER_ITEM, "Change a contact in the user's roster",
        caller: Admin, path: RosterItemPath, body: Json<RosterItemEntity>, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let item = bare_jid(&req.path.jid)?;
        let Json(body) = req.body;
        let change = ContactChange {
            name: body.nickname,
            subscription: subscription(body.subscription_type)?,
            groups: body.groups,
        };
        admin::roster_update(ctx, &req.path.username, &item, change).await?;
        Ok(Empty)
    }
}

/// `DELETE /v1/users/{username}/roster/{jid}`.
pub struct AdminDeleteRosterItem;

impl Endpoint for AdminDeleteRosterItem {
    endpoint!(delete "admin_delete_roster_item", ROSTER_ITEM,
        "Remove a contact from the user's roster",
        caller: Admin, path: RosterItemPath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let item = bare_jid(&req.path.jid)?;
        admin::roster_delete(ctx, &req.path.username, &item).await?;
        Ok(Empty)
    }
}

/// `GET /v1/groups`.
pub struct AdminListGroups;

impl Endpoint for AdminListGroups {
    endpoint!(get "admin_list_groups", GROUPS,
        "All groups: {groups: [{name, description, shared}]}",
        caller: Admin, reply: Json<GroupEntities>);

    async fn handle(ctx: &Ctx, _: Admin, _: Req<Self>) -> Result<Json<GroupEntities>, ApiError> {
        Ok(Json(GroupEntities {
            groups: groups::list(ctx).await?,
        }))
    }
}

/// `POST /v1/groups` `{name, description, shared}` → 201.
pub struct AdminCreateGroup;

impl Endpoint for AdminCreateGroup {
    endpoint!(post "admin_create_group", GROUPS,
        "Create a group ({name, description, shared, admins, members}) → 201",
        caller: Admin, body: Json<GroupBody>, reply: Created);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Created, ApiError> {
        let Json(body) = req.body;
        let admins = local_users(ctx, body.admins.as_ref())?.unwrap_or_default();
        let members = local_users(ctx, body.members.as_ref())?.unwrap_or_default();
        let group = Group {
            name: body
                .name
                .ok_or_else(|| ApiError::bad_request("A new group needs a name."))?,
            description: body.description.unwrap_or_default(),
            shared: body.shared.unwrap_or(false),
            admins,
            made_by_joining: false,
        };
        admin::create_group(ctx, &group, &members).await?;
        Ok(Created)
    }
}

/// `GET /v1/groups/{name}`.
pub struct AdminGetGroup;

impl Endpoint for AdminGetGroup {
    endpoint!(get "admin_get_group", GROUP,
        "One group: {name, description, admins, members, shared} (bare JIDs)",
        caller: Admin, path: GroupPath, reply: Json<GroupEntity>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<GroupEntity>, ApiError> {
        let group = groups::get(ctx, &req.path.name).await?;
        let jid = |user: &String| format!("{user}@{}", ctx.domain());
        let members = groups::members(ctx, &group.name)
            .await?
            .iter()
            .filter(|user| !group.admins.contains(user))
            .map(jid)
            .collect();
        Ok(Json(GroupEntity {
            admins: group.admins.iter().map(jid).collect(),
            members,
            name: group.name,
            description: group.description,
            shared: group.shared,
        }))
    }
}

/// `PUT /v1/groups/{name}` `{description, shared}`: sharing on/off updates the rosters.
pub struct AdminUpdateGroup;

impl Endpoint for AdminUpdateGroup {
    endpoint!(put "admin_update_group", GROUP,
        "Change a group's description, sharing, admins or members (rosters follow)",
        caller: Admin, path: GroupPath, body: Json<GroupBody>, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let name = req.path.name;
        let Json(body) = req.body;
        if body.name.as_ref().is_some_and(|n| *n != name) {
            return Err(ApiError::bad_request("A group cannot be renamed."));
        }
        let admins = local_users(ctx, body.admins.as_ref())?;
        let members = local_users(ctx, body.members.as_ref())?;
        let current = groups::get(ctx, &name).await?;
        let group = Group {
            name,
            description: body.description.unwrap_or(current.description),
            shared: body.shared.unwrap_or(current.shared),
            admins: admins.clone().unwrap_or(current.admins.clone()),
            // Changed by an administrator: theirs from now on.
            made_by_joining: false,
        };
        if admins.is_some() || members.is_some() {
            let members = match members {
                Some(members) => members,
                None => groups::members(ctx, &group.name)
                    .await?
                    .into_iter()
                    .filter(|user| !current.admins.contains(user))
                    .collect(),
            };
            let everyone: Vec<String> = group.admins.iter().chain(&members).cloned().collect();
            admin::set_members(ctx, &group.name, &everyone).await?;
        }
        admin::update_group(ctx, group).await?;
        Ok(Empty)
    }
}

/// `DELETE /v1/groups/{name}`.
pub struct AdminDeleteGroup;

impl Endpoint for AdminDeleteGroup {
    endpoint!(delete "admin_delete_group", GROUP, "Delete a group; its members leave it first",
        caller: Admin, path: GroupPath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        admin::delete_group(ctx, &req.path.name).await?;
        Ok(Empty)
    }
}
