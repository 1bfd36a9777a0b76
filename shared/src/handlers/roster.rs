//! The user's own roster, through their session, and their contacts' presence as the
//! session has seen it.

use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use tokio_xmpp::jid::BareJid;

use crate::auth::Principal;
use crate::directory::rosters::{self, Contact, Whose};
use crate::handlers::admin::{subscription, subscription_code};
use crate::http_io::{json_body, ok_empty, ok_json, path_param};
use crate::xmpp::{address, presences};
use crate::{ApiError, Ctx};

/// SparkWeb's and Openfire's `RosterItemEntity` (`show`/`status` only where presence is known).
#[derive(Serialize, Deserialize, Default)]
pub struct RosterItemEntity {
    #[serde(default)]
    pub jid: Option<String>,
    #[serde(default)]
    pub nickname: Option<String>,
    #[serde(rename = "subscriptionType", default)]
    pub subscription_type: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub groups: Option<Vec<String>>,
}

impl From<Contact> for RosterItemEntity {
    fn from(contact: Contact) -> Self {
        Self {
            jid: Some(contact.jid.to_string()),
            nickname: contact.name,
            subscription_type: Some(subscription_code(&contact.subscription)),
            show: None,
            status: None,
            groups: Some(contact.groups),
        }
    }
}

pub const ROSTER_ITEM: &str =
    r#"{"jid": …, "nickname": …, "subscriptionType": 0-3, "groups": ["…"]}"#;

#[derive(Serialize)]
struct RosterEntities {
    roster: Vec<RosterItemEntity>,
}

fn item_jid(ctx: &Ctx, given: &str) -> Result<BareJid, ApiError> {
    Ok(address(given, &ctx.config.xmpp.domain)?.to_bare())
}

fn not_in_roster(item: &BareJid) -> ApiError {
    ApiError::not_found(format!("{item} is not in your roster."))
}

/// `GET /rest/roster` (and `GET /rest/presence/roster`): the contacts, each with the
/// presence the session last saw (`show` is `unavailable` for those not seen online).
pub async fn get_roster(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let contacts = rosters::list(ctx, Whose::Own(user)).await?;
    let seen = presences::all(ctx.store.as_ref(), user).await?;
    let roster = contacts
        .into_iter()
        .map(|contact| {
            let jid = contact.jid.to_string();
            let presence = seen.iter().find(|(from, _)| *from == jid).map(|(_, s)| s);
            RosterItemEntity {
                show: Some(presence.map_or("unavailable".into(), |p| p.show.clone())),
                status: presence.map(|p| p.status.clone()),
                ..RosterItemEntity::from(contact)
            }
        })
        .collect();
    ok_json(&RosterEntities { roster })
}

/// `POST /rest/roster`, body `RosterItemEntity`: adds a contact (409 when it is there).
pub async fn add_item(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let body: RosterItemEntity = json_body(&req, ROSTER_ITEM)?;
    let jid = item_jid(
        ctx,
        body.jid
            .as_deref()
            .ok_or_else(|| ApiError::bad_request("A roster item needs a jid."))?,
    )?;
    if rosters::find(ctx, Whose::Own(user), &jid).await?.is_some() {
        return Err(ApiError::new(
            http::StatusCode::CONFLICT,
            "UserAlreadyExistsException",
            format!("{jid} is in your roster already."),
        ));
    }
    let contact = Contact {
        jid,
        name: body.nickname,
        subscription: Default::default(),
        groups: body.groups.unwrap_or_default(),
    };
    rosters::put(ctx, Whose::Own(user), &contact).await?;
    ok_empty()
}

/// `PUT /rest/roster/{jid}`, body `RosterItemEntity`: changes a contact's name or groups.
/// (Subscriptions change by presence subscription, not by roster edits.)
pub async fn update_item(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let jid = item_jid(ctx, &path_param(&req, "jid")?)?;
    let body: RosterItemEntity = json_body(&req, ROSTER_ITEM)?;
    subscription(body.subscription_type)?;
    let current = rosters::find(ctx, Whose::Own(user), &jid)
        .await?
        .ok_or_else(|| not_in_roster(&jid))?;
    let contact = Contact {
        name: body.nickname.or(current.name),
        groups: body.groups.unwrap_or(current.groups),
        ..current
    };
    rosters::put(ctx, Whose::Own(user), &contact).await?;
    ok_empty()
}

/// `DELETE /rest/roster/{jid}`.
pub async fn delete_item(ctx: &Ctx, req: Request) -> Result<Response<Body>, ApiError> {
    let user = &Principal::of(&req)?.username;
    let jid = item_jid(ctx, &path_param(&req, "jid")?)?;
    rosters::find(ctx, Whose::Own(user), &jid)
        .await?
        .ok_or_else(|| not_in_roster(&jid))?;
    rosters::remove(ctx, Whose::Own(user), &jid).await?;
    ok_empty()
}
