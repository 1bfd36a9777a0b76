//! The user's own roster, through their session, and their contacts' presence as the
//! session has seen it.

use jid::BareJid;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use xwg_core::identity::Address;
use xwg_core::projections::{presences, subscriptions};
use xwg_core::xmpp::roster::{Contact, Subscription};
use xwg_core::xmpp::subscriptions::Action;

use crate::auth::Principal;
use crate::entities::{RosterItemEntity, subscription};
use crate::routes::endpoint;
use crate::routes::{Empty, Endpoint, Json, Req};
use crate::{ApiError, Ctx, ErrorKind};

const ROSTER: &str = "/sparkweb/api/rest/roster";
const ITEM: &str = "/sparkweb/api/rest/roster/{jid}";

#[derive(Serialize, ToSchema)]
pub struct RosterEntities {
    roster: Vec<RosterItemEntity>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct JidPath {
    /// The contact's JID (or a local username).
    #[param(value_type = String)]
    jid: Address,
}

fn item_jid(ctx: &Ctx, given: &Address) -> BareJid {
    given.resolve(ctx.domain()).to_bare()
}

fn not_in_roster(item: &BareJid) -> ApiError {
    ApiError::not_found(format!("{item} is not in your roster."))
}

/// The contacts, each with the presence the session last saw (`show` is `unavailable` for
/// those not seen online).
async fn roster_with_presence(ctx: &Ctx, user: &str) -> Result<Json<RosterEntities>, ApiError> {
    let contacts = ctx.on(user).roster_list().await?;
    let seen = presences::all(ctx.store.as_ref(), user).await?;
    let roster = contacts
        .into_iter()
        .map(|contact| {
            let jid = contact.jid.to_string();
            let presence = seen.iter().find(|(from, _)| *from == jid).map(|(_, s)| s);
            let show = presence.map_or("unavailable", |p| p.show.as_str());
            RosterItemEntity {
                show: Some(show.to_string()),
                status: presence.map(|p| p.status.clone()),
                ..RosterItemEntity::from(contact)
            }
        })
        .collect();
    Ok(Json(RosterEntities { roster }))
}

/// `GET /rest/roster`.
pub struct GetRoster;

impl Endpoint for GetRoster {
    endpoint!(get "get_roster", ROSTER,
        "The user's roster: {roster: [{jid, nickname, subscriptionType, show, status, groups}]}",
        caller: Principal, reply: Json<RosterEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<RosterEntities>, ApiError> {
        roster_with_presence(ctx, &user.username).await
    }
}

/// `GET /rest/presence/roster`: the same.
pub struct GetPresenceRoster;

impl Endpoint for GetPresenceRoster {
    endpoint!(get "get_presence_roster", "/sparkweb/api/rest/presence/roster",
        "The roster with each contact's presence",
        caller: Principal, reply: Json<RosterEntities>);

    async fn handle(
        ctx: &Ctx,
        user: Principal,
        _: Req<Self>,
    ) -> Result<Json<RosterEntities>, ApiError> {
        roster_with_presence(ctx, &user.username).await
    }
}

/// `POST /rest/roster`, body `RosterItemEntity`: adds a contact (409 when it is there) and
/// sets up the subscription its `subscriptionType` names (1 to: request the contact's
/// presence; 2 from: pre-approve the contact; 3 both).
pub struct AddRosterItem;

impl Endpoint for AddRosterItem {
    endpoint!(post "add_roster_item", ROSTER,
        "Add a contact (body: RosterItemEntity); 409 when it is there",
        caller: Principal, body: Json<RosterItemEntity>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let Json(body) = req.body;
        let on = ctx.on(&user.username);
        let given = body
            .jid
            .as_deref()
            .ok_or_else(|| ApiError::bad_request("A roster item needs a jid."))?;
        let jid = item_jid(ctx, &Address::parse(given)?);
        if on.roster_find(&jid).await?.is_some() {
            return Err(ApiError::conflict(
                ErrorKind::UserAlreadyExistsException,
                format!("{jid} is in your roster already."),
            ));
        }
        let wanted = subscription(body.subscription_type)?.unwrap_or(Subscription::None);
        let actions = match wanted {
            Subscription::None => &[][..],
            Subscription::To => &[Action::Request][..],
            Subscription::From => &[Action::Approve][..],
            Subscription::Both => &[Action::Approve, Action::Request][..],
            Subscription::Remove => {
                return Err(ApiError::bad_request(
                    "A new contact's subscriptionType is 0 (none), 1 (to), 2 (from) or 3 (both).",
                ));
            }
        };
        let contact = Contact {
            jid,
            name: body.nickname,
            subscription: Default::default(),
            groups: body.groups.unwrap_or_default(),
        };
        on.roster_put(&contact).await?;
        // The subscription the caller asked for: the server sets the roster item's state as
        // the contact answers.
        for &action in actions {
            on.subscription_act(&contact.jid, action).await?;
        }
        if actions.contains(&Action::Approve) {
            subscriptions::answered(ctx.store.as_ref(), &user.username, &contact.jid).await?;
        }
        Ok(Empty)
    }
}

/// `PUT /rest/roster/{jid}`, body `RosterItemEntity`: changes a contact's name or groups.
/// (Subscriptions change by presence subscription, not by roster edits.)
pub struct UpdateRosterItem;

impl Endpoint for UpdateRosterItem {
    endpoint!(put "update_roster_item", ITEM, "Change a contact's nickname or groups",
        caller: Principal, path: JidPath, body: Json<RosterItemEntity>, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let on = ctx.on(&user.username);
        let jid = item_jid(ctx, &req.path.jid);
        let Json(body) = req.body;
        subscription(body.subscription_type)?;
        let current = on
            .roster_find(&jid)
            .await?
            .ok_or_else(|| not_in_roster(&jid))?;
        let contact = Contact {
            name: body.nickname.or(current.name),
            groups: body.groups.unwrap_or(current.groups),
            ..current
        };
        on.roster_put(&contact).await?;
        Ok(Empty)
    }
}

/// `DELETE /rest/roster/{jid}`.
pub struct DeleteRosterItem;

impl Endpoint for DeleteRosterItem {
    endpoint!(delete "delete_roster_item", ITEM, "Remove a contact",
        caller: Principal, path: JidPath, reply: Empty);

    async fn handle(ctx: &Ctx, user: Principal, req: Req<Self>) -> Result<Empty, ApiError> {
        let on = ctx.on(&user.username);
        let jid = item_jid(ctx, &req.path.jid);
        on.roster_find(&jid)
            .await?
            .ok_or_else(|| not_in_roster(&jid))?;
        on.roster_remove(&jid).await?;
        Ok(Empty)
    }
}
