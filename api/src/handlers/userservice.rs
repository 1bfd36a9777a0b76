//! Openfire's User Service, wire-exact: `GET` or `POST` (form) to
//! `/plugins/userService/userservice` with `type`, `secret` and the type's parameters;
//! the answer is `<result>ok</result>`, `<result><groupname>…</groupname>…</result>`, or
//! `<error>Exception name</error>` (status 200, as the original plugin answers).

use std::net::IpAddr;

use bytes::Bytes;
use jid::BareJid;
use minidom::Element;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::request_body::{RequestBody, RequestBodyBuilder};
use utoipa::openapi::{Content, Required};
use utoipa::{IntoParams, ToSchema};

use crate::auth::check_secret;
use crate::directory::admin::{self, ContactChange, UserFields};
use crate::directory::groups;
use crate::entities::subscription_of;
use crate::routes::endpoint;
use crate::routes::openapi::{Schemas, schema_of};
use crate::routes::{Anyone, Endpoint, FromBody, Params, Req, XmlText};
use crate::{ApiError, Ctx, ErrorKind};
use xwg_core::protocol::limits::forbidden_char;
use xwg_core::xmpp::roster::{Contact, Subscription};

const PATH: &str = "/plugins/userService/userservice";
const ALIASES: &[&str] = &["/plugins/restapi/userservice"];

/// The exception names the legacy endpoint answers with, as its clients match them.
const LEGACY_ERRORS: &[ErrorKind] = &[
    ErrorKind::IllegalArgumentException,
    ErrorKind::UserNotFoundException,
    ErrorKind::UserAlreadyExistsException,
    ErrorKind::RequestNotAuthorised,
    ErrorKind::UserServiceDisabled,
    ErrorKind::SharedGroupException,
];

/// The User Service's parameters (from the query string, or a form body: the query wins).
#[derive(Default, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct LegacyParams {
    /// add, delete, update, enable, disable, add_roster, update_roster, delete_roster,
    /// grouplist or usergrouplist.
    #[param(rename = "type")]
    #[schema(rename = "type")]
    kind: Option<String>,
    /// The user service's shared secret.
    secret: Option<String>,
    username: Option<String>,
    /// The user's bare JID (instead of `username`).
    jid: Option<String>,
    password: Option<String>,
    name: Option<String>,
    email: Option<String>,
    /// Group names, comma-separated.
    groups: Option<String>,
    /// A roster item's bare JID.
    item_jid: Option<String>,
    /// -1 remove, 0 none, 1 to, 2 from, 3 both.
    subscription: Option<String>,
}

impl LegacyParams {
    /// The pairs of a query string or form body; of repeated names the first counts, as
    /// the plugin reads them.
    fn from_urlencoded(bytes: &[u8]) -> Self {
        let mut params = Self::default();
        for (key, value) in form_urlencoded::parse(bytes) {
            let slot = match key.as_ref() {
                "type" => &mut params.kind,
                "secret" => &mut params.secret,
                "username" => &mut params.username,
                "jid" => &mut params.jid,
                "password" => &mut params.password,
                "name" => &mut params.name,
                "email" => &mut params.email,
                "groups" => &mut params.groups,
                "item_jid" => &mut params.item_jid,
                "subscription" => &mut params.subscription,
                _ => continue,
            };
            slot.get_or_insert_with(|| value.into_owned());
        }
        params
    }

    /// Whether every value is text XML can carry (each may end up in a stanza).
    fn xml_safe(&self) -> bool {
        [
            &self.kind,
            &self.secret,
            &self.username,
            &self.jid,
            &self.password,
            &self.name,
            &self.email,
            &self.groups,
            &self.item_jid,
            &self.subscription,
        ]
        .into_iter()
        .flatten()
        .all(|value| forbidden_char(value).is_none())
    }

    /// Fills what this does not say from `other`.
    fn or(self, other: Self) -> Self {
        Self {
            kind: self.kind.or(other.kind),
            secret: self.secret.or(other.secret),
            username: self.username.or(other.username),
            jid: self.jid.or(other.jid),
            password: self.password.or(other.password),
            name: self.name.or(other.name),
            email: self.email.or(other.email),
            groups: self.groups.or(other.groups),
            item_jid: self.item_jid.or(other.item_jid),
            subscription: self.subscription.or(other.subscription),
        }
    }
}

/// Never refused here: a malformed parameter is the endpoint's own `<error>`.
impl Params for LegacyParams {
    fn parse(urlencoded: &str, _: ParameterIn) -> Result<Self, ApiError> {
        Ok(Self::from_urlencoded(urlencoded.as_bytes()))
    }

    fn describe(location: ParameterIn) -> Vec<Parameter> {
        Self::into_params(|| Some(location.clone()))
    }
}

impl FromBody for LegacyParams {
    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        Ok(Self::from_urlencoded(&bytes))
    }

    fn describe(schemas: &mut Schemas) -> Option<RequestBody> {
        let content = Content::new(Some(schema_of::<Self>(schemas)));
        Some(
            RequestBodyBuilder::new()
                .content("application/x-www-form-urlencoded", content)
                .required(Some(Required::False))
                .build(),
        )
    }
}

/// `GET /plugins/userService/userservice` (and `/plugins/restapi/userservice`).
pub struct Userservice;

impl Endpoint for Userservice {
    endpoint!(get "userservice", PATH,
        "Openfire's User Service (type, secret, … as query parameters); answers \
         <result>ok</result> or <error>…</error>",
        caller: Anyone, query: LegacyParams, reply: XmlText, also: ALIASES);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<XmlText, ApiError> {
        Ok(answer(ctx, req.info.source, req.query).await)
    }
}

/// `POST` of the same, with the parameters as a form body.
pub struct UserserviceForm;

impl Endpoint for UserserviceForm {
    endpoint!(post "userservice_form", PATH,
        "Openfire's User Service with the parameters as a form body",
        caller: Anyone, query: LegacyParams, body: LegacyParams, reply: XmlText, also: ALIASES);

    async fn handle(ctx: &Ctx, _: Anyone, req: Req<Self>) -> Result<XmlText, ApiError> {
        Ok(answer(ctx, req.info.source, req.query.or(req.body)).await)
    }
}

/// The endpoint's XML answer, whatever happened.
async fn answer(ctx: &Ctx, source: Option<IpAddr>, params: LegacyParams) -> XmlText {
    XmlText(match serve(ctx, source, params).await {
        Ok(reply) => reply,
        Err(err) => error_reply(err),
    })
}

fn legacy_error(kind: ErrorKind) -> ApiError {
    ApiError::new(http::StatusCode::OK, kind, kind.name())
}

/// `<error>Name</error>`. A failure outside the legacy vocabulary (the XMPP server is
/// unreachable, say) keeps its own name and is logged.
fn error_reply(err: ApiError) -> Element {
    if !LEGACY_ERRORS.contains(&err.error) {
        tracing::warn!(error = err.error.name(), message = %err.message, "user service request failed");
    }
    Element::builder("error", "")
        .append(err.error.name())
        .build()
}

fn ok() -> Element {
    Element::builder("result", "").append("ok").build()
}

fn group_names(names: Vec<String>) -> Element {
    let children = names
        .into_iter()
        .map(|name| Element::builder("groupname", "").append(name).build());
    Element::builder("result", "").append_all(children).build()
}

/// A parameter given with a value.
fn given(value: &Option<String>) -> Option<String> {
    value.clone().filter(|v| !v.is_empty())
}

fn required(value: &Option<String>) -> Result<String, ApiError> {
    given(value).ok_or_else(|| legacy_error(ErrorKind::IllegalArgumentException))
}

impl LegacyParams {
    /// `groups=a,b`: `None` when absent (nothing changes), the names otherwise.
    fn group_list(&self) -> Option<Vec<String>> {
        self.groups.as_ref().map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string)
                .collect()
        })
    }

    /// The user: `username`, or the local part of `jid` (a bare JID of this domain).
    fn user(&self, domain: &str) -> Result<String, ApiError> {
        if let Some(username) = given(&self.username) {
            return Ok(username);
        }
        let jid: BareJid = required(&self.jid)?
            .parse()
            .map_err(|_| legacy_error(ErrorKind::IllegalArgumentException))?;
        match jid.node() {
            Some(node) if jid.domain().as_str() == domain => Ok(node.to_string()),
            _ => Err(legacy_error(ErrorKind::IllegalArgumentException)),
        }
    }

    fn item(&self) -> Result<BareJid, ApiError> {
        required(&self.item_jid)?
            .parse()
            .map_err(|_| legacy_error(ErrorKind::IllegalArgumentException))
    }

    fn subscription_type(&self) -> Result<Option<Subscription>, ApiError> {
        given(&self.subscription)
            .map(|code| {
                code.parse()
                    .ok()
                    .and_then(subscription_of)
                    .ok_or_else(|| legacy_error(ErrorKind::IllegalArgumentException))
            })
            .transpose()
    }

    fn fields(&self) -> UserFields {
        UserFields {
            password: given(&self.password),
            name: self.name.clone(),
            email: self.email.clone(),
            groups: self.group_list(),
            properties: None,
        }
    }
}

/// The gate: enabled, from an allowed address, with the secret (compared in constant time).
async fn authorise(
    ctx: &Ctx,
    source: Option<IpAddr>,
    params: &LegacyParams,
) -> Result<(), ApiError> {
    let service = &ctx.config.user_service;
    let (true, Some(secret)) = (service.enabled, &service.secret) else {
        return Err(legacy_error(ErrorKind::UserServiceDisabled));
    };
    if !service.allowed.is_empty() && !source.is_some_and(|addr| service.allowed.contains(&addr)) {
        return Err(legacy_error(ErrorKind::RequestNotAuthorised));
    }
    let given = params.secret.as_deref().unwrap_or_default();
    if !check_secret(ctx, source, given.as_bytes(), secret.as_bytes()).await? {
        return Err(legacy_error(ErrorKind::RequestNotAuthorised));
    }
    Ok(())
}

async fn serve(
    ctx: &Ctx,
    source: Option<IpAddr>,
    params: LegacyParams,
) -> Result<Element, ApiError> {
    authorise(ctx, source, &params).await?;
    if !params.xml_safe() {
        return Err(legacy_error(ErrorKind::IllegalArgumentException));
    }
    let domain = ctx.config.xmpp.domain.as_str();
    match required(&params.kind)?.as_str() {
        "add" => {
            let username = required(&params.username)?;
            required(&params.password)?;
            admin::create_user(ctx, &username, params.fields()).await?;
        }
        "delete" => admin::delete_user(ctx, &params.user(domain)?).await?,
        "update" => admin::update_user(ctx, &params.user(domain)?, params.fields()).await?,
        "enable" => admin::unlock(ctx, &params.user(domain)?).await?,
        "disable" => admin::lock(ctx, &params.user(domain)?).await?,
        "add_roster" => {
            let subscription = params.subscription_type()?.unwrap_or(Subscription::None);
            if subscription == Subscription::Remove {
                return Err(legacy_error(ErrorKind::IllegalArgumentException));
            }
            let contact = Contact {
                jid: params.item()?,
                name: given(&params.name),
                subscription,
                groups: params.group_list().unwrap_or_default(),
            };
            admin::roster_add(ctx, &params.user(domain)?, contact).await?;
        }
        "update_roster" => {
            let change = ContactChange {
                name: given(&params.name),
                subscription: params.subscription_type()?,
                groups: params.group_list(),
            };
            admin::roster_update(ctx, &params.user(domain)?, &params.item()?, change).await?;
        }
        "delete_roster" => {
            admin::roster_delete(ctx, &params.user(domain)?, &params.item()?).await?;
        }
        "grouplist" => {
            let names = groups::list(ctx)
                .await?
                .into_iter()
                .map(|g| g.name)
                .collect();
            return Ok(group_names(names));
        }
        "usergrouplist" => {
            let user = params.user(domain)?;
            admin::existing(ctx, &user).await?;
            return Ok(group_names(groups::of_user(ctx, &user).await?));
        }
        _ => return Err(legacy_error(ErrorKind::IllegalArgumentException)),
    }
    Ok(ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_the_plugins_xml() {
        assert_eq!(String::from(&ok()), "<result>ok</result>");
        assert_eq!(
            String::from(&error_reply(legacy_error(ErrorKind::UserNotFoundException))),
            "<error>UserNotFoundException</error>"
        );
        assert_eq!(
            String::from(&group_names(vec!["a & b".into(), "社員".into()])),
            "<result><groupname>a &amp; b</groupname><groupname>社員</groupname></result>"
        );
    }

    #[test]
    fn the_query_wins_and_the_first_of_a_name_counts() {
        let query = LegacyParams::from_urlencoded(b"type=add&type=delete&username=q");
        let form = LegacyParams::from_urlencoded(b"username=f&password=p%26w");
        let params = query.or(form);
        assert_eq!(params.kind.as_deref(), Some("add"));
        assert_eq!(params.username.as_deref(), Some("q"));
        assert_eq!(params.password.as_deref(), Some("p&w"));
    }
}
