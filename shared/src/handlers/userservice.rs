//! Openfire's User Service, wire-exact: `GET` or `POST` (form) to
//! `/plugins/userService/userservice` with `type`, `secret` and the type's parameters;
//! the answer is `<result>ok</result>`, `<result><groupname>…</groupname>…</result>`, or
//! `<error>Exception name</error>` (status 200, as the original plugin answers).

use std::collections::HashMap;

use lambda_http::{Body, Request, Response};
use tokio_xmpp::jid::BareJid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::roster::Subscription;

use crate::auth::secret_eq;
use crate::directory::admin::{self, ContactChange, UserFields};
use crate::directory::groups;
use crate::directory::rosters::Contact;
use crate::http_io::{body_text, source_addr};
use crate::{ApiError, Ctx};

/// The exception names the legacy endpoint answers with, as its clients match them.
const LEGACY_ERRORS: &[&str] = &[
    "IllegalArgumentException",
    "UserNotFoundException",
    "UserAlreadyExistsException",
    "RequestNotAuthorised",
    "UserServiceDisabled",
    "SharedGroupException",
];

/// `GET|POST /plugins/userService/userservice` (and `/plugins/restapi/userservice`).
pub async fn userservice(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let reply = match serve(ctx, &req).await {
        Ok(reply) => reply,
        Err(err) => error_reply(err),
    };
    let mut response = Response::new(Body::Text(String::from(&reply)));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    Ok(response)
}

fn legacy_error(name: &'static str) -> ApiError {
    ApiError::new(http::StatusCode::OK, name, name)
}

/// `<error>Name</error>`. A failure outside the legacy vocabulary (the XMPP server is
/// unreachable, say) keeps its own name and is logged by the dispatcher's caller.
fn error_reply(err: ApiError) -> Element {
    if !LEGACY_ERRORS.contains(&err.error) {
        tracing::warn!(error = err.error, message = %err.message, "user service request failed");
    }
    Element::builder("error", "").append(err.error).build()
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

/// The request's parameters: the query string and, for a form POST, the body.
fn params(req: &Request) -> Result<HashMap<String, String>, ApiError> {
    let mut params: HashMap<String, String> = HashMap::new();
    let query = req.uri().query().unwrap_or_default().to_string();
    let body = body_text(req).map_err(|_| legacy_error("IllegalArgumentException"))?;
    for source in [query, body] {
        for (key, value) in form_urlencoded::parse(source.as_bytes()) {
            params.entry(key.into_owned()).or_insert(value.into_owned());
        }
    }
    Ok(params)
}

struct Params(HashMap<String, String>);

impl Params {
    fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).filter(|v| !v.is_empty()).cloned()
    }

    fn required(&self, name: &str) -> Result<String, ApiError> {
        self.get(name)
            .ok_or_else(|| legacy_error("IllegalArgumentException"))
    }

    /// `groups=a,b`: `None` when absent (nothing changes), the names otherwise.
    fn groups(&self) -> Option<Vec<String>> {
        self.0.get("groups").map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string)
                .collect()
        })
    }

    /// The user: `username`, or the local part of `jid` (a bare JID of this domain).
    fn username(&self, domain: &str) -> Result<String, ApiError> {
        if let Some(username) = self.get("username") {
            return Ok(username);
        }
        let jid: BareJid = self
            .required("jid")?
            .parse()
            .map_err(|_| legacy_error("IllegalArgumentException"))?;
        match jid.node() {
            Some(node) if jid.domain().as_str() == domain => Ok(node.to_string()),
            _ => Err(legacy_error("IllegalArgumentException")),
        }
    }

    fn item_jid(&self) -> Result<BareJid, ApiError> {
        self.required("item_jid")?
            .parse()
            .map_err(|_| legacy_error("IllegalArgumentException"))
    }

    fn subscription(&self) -> Result<Option<Subscription>, ApiError> {
        self.get("subscription")
            .map(|code| {
                code.parse()
                    .ok()
                    .and_then(subscription_of)
                    .ok_or_else(|| legacy_error("IllegalArgumentException"))
            })
            .transpose()
    }
}

/// Openfire's subscription codes, shared with the admin JSON API.
pub fn subscription_of(code: i64) -> Option<Subscription> {
    Some(match code {
        -1 => Subscription::Remove,
        0 => Subscription::None,
        1 => Subscription::To,
        2 => Subscription::From,
        3 => Subscription::Both,
        _ => return None,
    })
}

/// The gate: enabled, from an allowed address, with the secret (compared in constant time).
fn authorise(ctx: &Ctx, req: &Request, params: &Params) -> Result<(), ApiError> {
    let service = &ctx.config.user_service;
    let (true, Some(secret)) = (service.enabled, &service.secret) else {
        return Err(legacy_error("UserServiceDisabled"));
    };
    if !service.allowed.is_empty()
        && !source_addr(req).is_some_and(|addr| service.allowed.contains(&addr))
    {
        return Err(legacy_error("RequestNotAuthorised"));
    }
    let given = params
        .0
        .get("secret")
        .map(String::as_str)
        .unwrap_or_default();
    if !secret_eq(given.as_bytes(), secret.as_bytes()) {
        return Err(legacy_error("RequestNotAuthorised"));
    }
    Ok(())
}

async fn serve(ctx: &Ctx, req: &Request) -> Result<Element, ApiError> {
    let params = Params(params(req)?);
    authorise(ctx, req, &params)?;
    let domain = ctx.config.xmpp.domain.as_str();
    let fields = || UserFields {
        password: params.get("password"),
        name: params.0.get("name").cloned(),
        email: params.0.get("email").cloned(),
        groups: params.groups(),
    };
    match params.required("type")?.as_str() {
        "add" => {
            let username = params.required("username")?;
            params.required("password")?;
            admin::create_user(ctx, &username, fields()).await?;
        }
        "delete" => admin::delete_user(ctx, &params.username(domain)?).await?,
        "update" => admin::update_user(ctx, &params.username(domain)?, fields()).await?,
        "enable" => admin::unlock(ctx, &params.username(domain)?).await?,
        "disable" => admin::lock(ctx, &params.username(domain)?).await?,
        "add_roster" => {
            let subscription = params.subscription()?.unwrap_or(Subscription::None);
            if subscription == Subscription::Remove {
                return Err(legacy_error("IllegalArgumentException"));
            }
            let contact = Contact {
                jid: params.item_jid()?,
                name: params.get("name"),
                subscription,
                groups: params.groups().unwrap_or_default(),
            };
            admin::roster_add(ctx, &params.username(domain)?, contact).await?;
        }
        "update_roster" => {
            let change = ContactChange {
                name: params.get("name"),
                subscription: params.subscription()?,
                groups: params.groups(),
            };
            let (user, item) = (params.username(domain)?, params.item_jid()?);
            admin::roster_update(ctx, &user, &item, change).await?;
        }
        "delete_roster" => {
            let (user, item) = (params.username(domain)?, params.item_jid()?);
            admin::roster_delete(ctx, &user, &item).await?;
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
            let user = params.username(domain)?;
            admin::existing(ctx, &user).await?;
            return Ok(group_names(groups::of_user(ctx, &user).await?));
        }
        _ => return Err(legacy_error("IllegalArgumentException")),
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
            String::from(&error_reply(legacy_error("UserNotFoundException"))),
            "<error>UserNotFoundException</error>"
        );
        assert_eq!(
            String::from(&group_names(vec!["a & b".into(), "社員".into()])),
            "<result><groupname>a &amp; b</groupname><groupname>社員</groupname></result>"
        );
    }
}
