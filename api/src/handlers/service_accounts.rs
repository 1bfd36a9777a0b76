//! Service accounts over HTTP: administrators create, list, rotate and delete them; a
//! back-end trades its key for a token of a user it may act as.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::logins::{self, Ended, Minted};
use crate::auth::service_accounts::{self, Account, Key};
use crate::directory::{access, audit};
use crate::handlers::tokens::{check_name, parse_scopes};
use crate::handlers::webhooks::checked_names;
use crate::routes::endpoint;
use crate::routes::{Admin, Caller, Empty, Endpoint, Json, Req, ServiceKey};
use crate::scopes::{Scope, Scopes};
use crate::{ApiError, Ctx, ErrorKind};
use xwg_core::identity::Username;
use xwg_core::keeper::KeeperError;

/// The most users or rooms one account may name.
const MAX_NAMED: usize = 1000;

/// A new service account.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewServiceAccount {
    /// What it is for (shown in lists and the audit log): at most 64 characters.
    name: String,
    /// What its key may do (`admin:*` scopes on the admin routes, the others on the tokens
    /// it mints for users).
    scopes: Vec<String>,
    /// The usernames it may act as; left out: any user.
    users: Option<Vec<String>>,
    /// The rooms its tokens may reach on rooms routes (names or `name@service`); left out:
    /// any.
    rooms: Option<Vec<String>>,
}

/// A key as listed: its id and when it was made (the key itself is shown once).
#[derive(Serialize, ToSchema)]
pub struct KeyEntity {
    id: String,
    created: i64,
    /// The key: only in the answer that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
}

impl KeyEntity {
    fn of(key: &Key, shown: Option<String>) -> Self {
        Self {
            id: key.id.clone(),
            created: key.created,
            key: shown,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ServiceAccountEntity {
    id: String,
    name: String,
    #[schema(value_type = Vec<String>)]
    scopes: Vec<Scope>,
    users: Option<Vec<String>>,
    rooms: Option<Vec<String>>,
    keys: Vec<KeyEntity>,
    created: i64,
    /// The key: only in the answer that created the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
}

impl ServiceAccountEntity {
    fn of(account: Account, key: Option<String>) -> Self {
        Self {
            scopes: account
                .scopes()
                .listed()
                .map(<[Scope]>::to_vec)
                .unwrap_or_default(),
            keys: account
                .keys
                .iter()
                .map(|k| KeyEntity::of(k, None))
                .collect(),
            id: account.id,
            name: account.name,
            users: account.users,
            rooms: account.rooms,
            created: account.created,
            key,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ServiceAccountEntities {
    #[serde(rename = "serviceAccounts")]
    service_accounts: Vec<ServiceAccountEntity>,
}

fn checked_users(users: Option<Vec<String>>) -> Result<Option<Vec<String>>, ApiError> {
    let Some(users) = users else { return Ok(None) };
    if users.is_empty() || users.len() > MAX_NAMED {
        return Err(ApiError::bad_request(format!(
            "`users` names 1 to {MAX_NAMED} users; leave it out for any user."
        )));
    }
    users
        .into_iter()
        .map(|user| {
            Username::parse(&user)
                .map(|u| u.as_str().to_string())
                .map_err(|_| {
                    ApiError::bad_request("`users` lists usernames (the part before the @).")
                })
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

pub struct CreateServiceAccount;

impl Endpoint for CreateServiceAccount {
    endpoint!(post "create_service_account", "/sparkweb/api/admin/service-accounts",
        "Create a service account (body {name, scopes, users?, rooms?}); its key is shown once",
        caller: Admin, body: Json<NewServiceAccount>, reply: Json<ServiceAccountEntity>);

    async fn handle(
        ctx: &Ctx,
        admin: Admin,
        req: Req<Self>,
    ) -> Result<Json<ServiceAccountEntity>, ApiError> {
        let Json(new) = req.body;
        check_name(&new.name)?;
        let scopes = parse_scopes(&new.scopes)?;
        // A narrowed token or a key makes no account wider than itself.
        if let Some(missing) = scopes
            .listed()
            .into_iter()
            .flatten()
            .find(|s| !admin.scopes().allows(**s))
        {
            return Err(ApiError::forbidden(format!(
                "A service account cannot be given `{missing}`, which the credential creating it does not have."
            ))
            .named(ErrorKind::MissingScope)
            .with_detail("scope", missing.name()));
        }
        let account = Account {
            id: String::new(),
            name: new.name,
            scope: scopes.claim().unwrap_or_default(),
            users: checked_users(new.users)?,
            rooms: checked_names("rooms", new.rooms)?,
            keys: Vec::new(),
            created: 0,
        };
        let (account, key) =
            service_accounts::create(ctx.store.as_ref(), ctx.clock.now(), account).await?;
        Ok(Json(ServiceAccountEntity::of(account, Some(key))))
    }
}

pub struct ListServiceAccounts;

impl Endpoint for ListServiceAccounts {
    endpoint!(get "list_service_accounts", "/sparkweb/api/admin/service-accounts",
        "The service accounts: {serviceAccounts: [{id, name, scopes, users, rooms, keys: [{id, created}]}]}",
        caller: Admin, reply: Json<ServiceAccountEntities>);

    async fn handle(
        ctx: &Ctx,
        _: Admin,
        _: Req<Self>,
    ) -> Result<Json<ServiceAccountEntities>, ApiError> {
        let service_accounts = service_accounts::list(ctx.store.as_ref())
            .await?
            .into_iter()
            .map(|account| ServiceAccountEntity::of(account, None))
            .collect();
        Ok(Json(ServiceAccountEntities { service_accounts }))
    }
}

/// `{id}` of a service account.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AccountPath {
    id: String,
}

/// `{id}` and `{keyId}`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct KeyPath {
    id: String,
    #[serde(rename = "keyId")]
    key_id: String,
}

pub struct DeleteServiceAccount;

impl Endpoint for DeleteServiceAccount {
    endpoint!(delete "delete_service_account", "/sparkweb/api/admin/service-accounts/{id}",
        "Delete a service account: its keys and the tokens it minted stop working at once",
        caller: Admin, path: AccountPath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        let store = ctx.store.as_ref();
        let account = service_accounts::find(store, &req.path.id)
            .await?
            .ok_or_else(|| ApiError::not_found("There is no service account with this id."))?;
        service_accounts::delete(store, &account.id).await?;
        // Its tokens are refused from now on (every call checks the account); the streams
        // of the users it named end now too.
        for user in account.users.iter().flatten() {
            let sid = login_of(&account.id);
            if matches!(logins::state(store, user, &sid).await?, logins::State::Live) {
                access::end_login(ctx, user, &sid, Ended::Revoked).await?;
            }
        }
        Ok(Empty)
    }
}

pub struct AddServiceAccountKey;

impl Endpoint for AddServiceAccountKey {
    endpoint!(post "add_service_account_key", "/sparkweb/api/admin/service-accounts/{id}/keys",
        "Add a key to a service account (two may live at once, to rotate without downtime); the key is shown once",
        caller: Admin, path: AccountPath, reply: Json<KeyEntity>);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Json<KeyEntity>, ApiError> {
        let (kept, key) =
            service_accounts::add_key(ctx.store.as_ref(), ctx.clock.now(), &req.path.id).await?;
        Ok(Json(KeyEntity::of(&kept, Some(key))))
    }
}

pub struct RetireServiceAccountKey;

impl Endpoint for RetireServiceAccountKey {
    endpoint!(delete "retire_service_account_key", "/sparkweb/api/admin/service-accounts/{id}/keys/{keyId}",
        "Retire a key of a service account: it stops working at once (the account's last key is not retired)",
        caller: Admin, path: KeyPath, reply: Empty);

    async fn handle(ctx: &Ctx, _: Admin, req: Req<Self>) -> Result<Empty, ApiError> {
        service_accounts::retire_key(ctx.store.as_ref(), &req.path.id, &req.path.key_id).await?;
        Ok(Empty)
    }
}

/// The login a service account's tokens for a user belong to: one per account and user,
/// the same at every exchange.
fn login_of(account: &str) -> String {
    format!("svc-{account}")
}

/// A token a service account minted for a user.
#[derive(Serialize, ToSchema)]
pub struct ServiceToken {
    /// The access token (JWT): send it as `Authorization: Bearer <token>`.
    token: String,
    #[serde(rename = "expiresAt")]
    expires_at: i64,
    #[schema(value_type = Vec<String>)]
    scopes: Vec<Scope>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ActAsPath {
    /// The user to act as.
    #[param(value_type = String)]
    username: Username,
}

/// The route that trades a key for a user's token.
pub struct ServiceAccountToken;

impl Endpoint for ServiceAccountToken {
    endpoint!(post "service_account_token", "/sparkweb/api/rest/service/token/{username}",
        "A service account's token for a user it may act as (Authorization: Bearer <key>): the account's user scopes, for the token lifetime; the user's XMPP session is kept",
        caller: ServiceKey, path: ActAsPath, reply: Json<ServiceToken>);

    async fn handle(
        ctx: &Ctx,
        service: ServiceKey,
        req: Req<Self>,
    ) -> Result<Json<ServiceToken>, ApiError> {
        let user = req.path.username;
        let account = &service.account;
        if !account.may_act_as(user.as_str()) {
            return Err(ApiError::forbidden(
                "This service account may not act as this user (see its `users`).",
            ));
        }
        // Administrators only when named: an account for "any user" is not one for them.
        let named = account.users.iter().flatten().any(|u| u == user.as_str());
        if ctx.config.tokens.is_admin(user.as_str()) && !named {
            return Err(ApiError::forbidden(
                "This user is an administrator: a service account acts as one only when its \
                 `users` names them.",
            ));
        }
        let scopes = Scopes::only(
            account
                .scopes()
                .listed()
                .into_iter()
                .flatten()
                .copied()
                .filter(|s| !s.is_admin()),
        );
        if scopes.listed().is_some_and(<[Scope]>::is_empty) {
            return Err(ApiError::forbidden(
                "This service account has only administrators' scopes; give it user scopes to act as users.",
            )
            .named(ErrorKind::MissingScope));
        }
        // The user's session is what receives their messages: it is kept from now on.
        ctx.keeper
            .ensure_session(user.as_str())
            .await
            .map_err(|err| match err {
                KeeperError::NoCredential => ApiError::conflict(
                    ErrorKind::SessionUnavailable,
                    "The gateway keeps no password of this user, so it cannot hold their XMPP \
                 session: create the user through the admin API, or log in as them once.",
                ),
                other => other.into(),
            })?;
        let now = ctx.clock.now();
        let expires_at = now + ctx.config.tokens.lifetime.as_secs() as i64;
        let minted = Minted {
            name: account.name.clone(),
            scope: scopes.claim(),
            svc: Some(account.id.clone()),
            amr: vec!["svc".into()],
            expires_at,
        };
        let sid = Some(login_of(&account.id));
        let login = logins::mint(ctx.store.as_ref(), now, user.as_str(), sid, minted).await?;
        let (token, _) = ctx.tokens.issue(&login, now, expires_at).map_err(|err| {
            tracing::error!(error = %err, "service token not signed");
            ApiError::internal()
        })?;
        let who = service.name().unwrap_or_default();
        if let Err(err) = audit::record(ctx, who, "Act as a user", format!("as {user}")).await {
            tracing::error!(error = %err, "a service account's token was not written to the audit log");
        }
        Ok(Json(ServiceToken {
            token,
            expires_at,
            scopes: scopes.listed().map(<[Scope]>::to_vec).unwrap_or_default(),
        }))
    }
}
