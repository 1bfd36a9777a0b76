//! What the chat room routes do, as the server's administrator (an owner of every room):
//! finding the service and the room, reading a room into the plugin's entity, creating or
//! changing one from it, and its affiliation lists. The gateway keeps, per room it made,
//! what XMPP has no place for: when it was made and changed, and the groups affiliated.

use std::collections::BTreeMap;

use http::StatusCode;
use jid::{BareJid, Jid};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio_xmpp::parsers::muc::user::Affiliation;
use tokio_xmpp::parsers::stanza_error::DefinedCondition;

use xwg_core::events::Occupancy;
use xwg_core::identity::Username;
pub use xwg_core::identity::shown;
use xwg_core::keeper::KeeperError;
use xwg_core::projections::presences;
use xwg_core::store::NewItem;
use xwg_core::xmpp::On;
use xwg_core::xmpp::muc::{RoomInfo, occupant};
use xwg_core::xmpp::muc_owner::{Affiliated, RoomConfig};

use super::entity::{ChatRoomBody, ChatRoomEntity, PM_POLICIES, ROLES};
use crate::directory::groups;
use crate::{ApiError, Ctx, ErrorKind};

const ROOMS: &str = "chatrooms";
/// The most JIDs and groups one request may affiliate.
const MAX_AFFILIATIONS: usize = 1_000;

/// One of the four affiliation lists, as the plugin's paths and entities name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum List {
    Owners,
    Admins,
    Members,
    Outcasts,
}

impl List {
    pub const ALL: [List; 4] = [List::Owners, List::Admins, List::Members, List::Outcasts];

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|list| list.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            List::Owners => "owners",
            List::Admins => "admins",
            List::Members => "members",
            List::Outcasts => "outcasts",
        }
    }

    fn affiliation(self) -> Affiliation {
        match self {
            List::Owners => Affiliation::Owner,
            List::Admins => Affiliation::Admin,
            List::Members => Affiliation::Member,
            List::Outcasts => Affiliation::Outcast,
        }
    }
}

/// What the gateway keeps of a room it made or changed.
#[derive(Serialize, Deserialize, Default)]
struct Kept {
    /// Milliseconds since the epoch.
    created: i64,
    modified: i64,
    /// Groups given an affiliation, by list.
    #[serde(default)]
    groups: BTreeMap<List, Vec<String>>,
    /// The subject last set through the gateway: shown where the server does not tell a
    /// room's subject outside it (Prosody's disco info has none).
    #[serde(default)]
    subject: String,
}

/// The server administrator's session: it runs rooms as their owner.
pub struct Owner {
    admin: String,
}

impl Owner {
    pub async fn of(ctx: &Ctx) -> Result<Self, ApiError> {
        let admin = ctx.keeper.admin_account().await?;
        Ok(Self { admin })
    }

    pub fn on<'a>(&'a self, ctx: &'a Ctx) -> On<'a> {
        ctx.on(&self.admin)
    }

    /// The entries about others than the administrator, whose own affiliation is never
    /// changed: it owns every room by the server's grace (and servers refuse to demote
    /// it, Prosody with `not-acceptable`), whatever a body lists it in.
    fn others(&self, ctx: &Ctx, entries: Vec<Affiliated>) -> Result<Vec<Affiliated>, ApiError> {
        let me = user_jid(ctx, &self.admin)?;
        Ok(entries.into_iter().filter(|e| e.jid != me).collect())
    }
}

fn user_jid(ctx: &Ctx, username: &str) -> Result<BareJid, ApiError> {
    Ok(Username::parse(username)?.at(ctx.domain()))
}

pub fn not_allowed(status: StatusCode, message: impl Into<String>) -> ApiError {
    ApiError::new(status, ErrorKind::NotAllowedException, message)
}

/// A refusal of the room: no such room, not allowed, or the refusal as it is.
pub fn refusal(room: &BareJid, err: KeeperError) -> ApiError {
    match &err {
        // A destroyed room may be `gone` for a while (Prosody keeps a tombstone).
        KeeperError::Xmpp(c)
            if c.is(DefinedCondition::ItemNotFound)
                || matches!(c.0, DefinedCondition::Gone { .. })
                || c.is(DefinedCondition::RemoteServerNotFound) =>
        {
            room_not_found(room)
        }
        KeeperError::Xmpp(c)
            if c.is(DefinedCondition::Forbidden) || c.is(DefinedCondition::NotAllowed) =>
        {
            not_allowed(
                StatusCode::FORBIDDEN,
                format!("The XMPP server does not allow this on {room}."),
            )
        }
        KeeperError::Xmpp(c)
            if c.is(DefinedCondition::Conflict) || c.is(DefinedCondition::NotAcceptable) =>
        {
            not_allowed(
                StatusCode::CONFLICT,
                format!("{room} refused the change ({c})."),
            )
        }
        _ => err.into(),
    }
}

fn room_not_found(room: &BareJid) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorKind::RoomNotFound,
        format!("Chat room {room} does not exist or is not accessible."),
    )
}

/// The chat service `?servicename=` (default `conference`), a group chat service of the
/// server; else 404 `MUCServiceNotFoundException`.
pub async fn service(ctx: &Ctx, owner: &Owner, name: Option<&str>) -> Result<BareJid, ApiError> {
    let name = name.filter(|n| !n.is_empty()).unwrap_or("conference");
    let missing = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorKind::MucServiceNotFoundException,
            format!(
                "Chat service `{}` does not exist or is not accessible (the XMPP server's \
                 group chat services are made in its configuration, not by the gateway).",
                shown(name)
            ),
        )
    };
    let jid: BareJid = format!("{name}.{}", ctx.domain())
        .parse()
        .map_err(|_| missing())?;
    let domain: BareJid = ctx.domain().to_string().parse().map_err(|_| missing())?;
    match owner.on(ctx).muc_service(&domain, &jid).await? {
        Some(_) => Ok(jid),
        None => Err(missing()),
    }
}

/// The room `name` (nodeprepped, as the plugin does) on `service`.
pub fn room_at(service: &BareJid, name: &str) -> Result<BareJid, ApiError> {
    format!("{name}@{service}")
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{}` is not a usable room name.", shown(name))))
}

/// The room's disco info; `None` when the room does not exist.
async fn info(ctx: &Ctx, owner: &Owner, room: &BareJid) -> Result<Option<RoomInfo>, ApiError> {
    match owner.on(ctx).muc_info(room).await {
        Ok(info) => Ok(Some(info.unwrap_or_default())),
        Err(err) => match refusal(room, err) {
            e if e.error == ErrorKind::RoomNotFound => Ok(None),
            e => Err(e),
        },
    }
}

/// 404 `RoomNotFoundException` unless the room exists.
pub async fn existing(ctx: &Ctx, owner: &Owner, room: &BareJid) -> Result<RoomInfo, ApiError> {
    info(ctx, owner, room)
        .await?
        .ok_or_else(|| room_not_found(room))
}

async fn kept(ctx: &Ctx, room: &BareJid) -> Result<Kept, ApiError> {
    let item = ctx.store.get(ROOMS, &room.to_string()).await?;
    Ok(item
        .and_then(|item| serde_json::from_value(item.data).ok())
        .unwrap_or_default())
}

async fn keep(ctx: &Ctx, room: &BareJid, kept: &Kept) -> Result<(), ApiError> {
    ctx.store
        .put(NewItem {
            pk: ROOMS.into(),
            sk: room.to_string(),
            data: json!(kept),
            expires_at: None,
        })
        .await?;
    Ok(())
}

/// The rooms of `service` the gateway made or changed (hidden ones too, which a service
/// does not list).
pub async fn kept_rooms(ctx: &Ctx, service: &BareJid) -> Result<Vec<BareJid>, ApiError> {
    let items = xwg_core::store::all(ctx.store.as_ref(), ROOMS, "").await?;
    Ok(items
        .into_iter()
        .filter_map(|item| item.sk.parse::<BareJid>().ok())
        .filter(|room| room.domain() == service.domain())
        .collect())
}

/// Forgets what the gateway kept of a room (it was destroyed).
pub async fn forget(ctx: &Ctx, room: &BareJid) -> Result<(), ApiError> {
    ctx.store.delete(ROOMS, &room.to_string()).await?;
    Ok(())
}

/// Who is in the room, with roles, affiliations and real JIDs: a room tells these only to
/// those inside it (Prosody's lists no occupants at all outside), so the administrator
/// enters it for a moment (as the admin account's username; occupants see it come and
/// go) and reads what the room sent on entering.
pub async fn occupants(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
) -> Result<Vec<(Jid, Occupancy)>, ApiError> {
    existing(ctx, owner, room).await?;
    let on = owner.on(ctx);
    let me = occupant(room, &owner.admin)
        .ok_or_else(|| ApiError::bad_request("Not a usable room name."))?;
    on.muc_enter(me.clone(), None)
        .await
        .map_err(|err| refusal(room, err))?;
    let seen = presences::occupants(ctx.store.as_ref(), &owner.admin, room).await;
    on.muc_leave(me.clone()).await?;
    Ok(seen?.into_iter().filter(|(jid, _)| *jid != me).collect())
}

/// Who holds each affiliation in the room.
pub async fn affiliations(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
) -> Result<BTreeMap<List, Vec<BareJid>>, ApiError> {
    let on = owner.on(ctx);
    let (owners, admins, members, outcasts) = futures::try_join!(
        on.muc_affiliated(room, Affiliation::Owner),
        on.muc_affiliated(room, Affiliation::Admin),
        on.muc_affiliated(room, Affiliation::Member),
        on.muc_affiliated(room, Affiliation::Outcast),
    )
    .map_err(|err| refusal(room, err))?;
    Ok(BTreeMap::from([
        (List::Owners, owners),
        (List::Admins, admins),
        (List::Members, members),
        (List::Outcasts, outcasts),
    ]))
}

fn names(jids: &[BareJid]) -> Vec<String> {
    jids.iter().map(ToString::to_string).collect()
}

/// The room as the plugin's entity.
/// The members of affiliated groups are affiliated one by one, so the JID lists always
/// hold them (as the plugin's `expandGroups=true`).
pub async fn read(ctx: &Ctx, owner: &Owner, room: &BareJid) -> Result<ChatRoomEntity, ApiError> {
    let info = existing(ctx, owner, room).await?;
    let form = owner
        .on(ctx)
        .muc_config_form(room)
        .await
        .map_err(|err| refusal(room, err))?;
    let config = RoomConfig::read(&form);
    let lists = affiliations(ctx, owner, room).await?;
    let kept = kept(ctx, room).await?;
    let listed = |list: List| names(lists.get(&list).map_or(&[][..], Vec::as_slice));
    let groups = |list: List| kept.groups.get(&list).cloned().unwrap_or_default();
    Ok(ChatRoomEntity {
        room_name: room.node().map(|n| n.to_string()).unwrap_or_default(),
        natural_name: config.name.clone().or(info.name).unwrap_or_default(),
        description: config
            .description
            .clone()
            .or(info.description)
            .unwrap_or_default(),
        password: config.password.clone().filter(|p| !p.is_empty()),
        subject: info.subject.unwrap_or_else(|| kept.subject.clone()),
        creation_date: kept.created,
        modification_date: kept.modified,
        max_users: config.max_users.unwrap_or(0),
        persistent: config.persistent.unwrap_or(info.persistent),
        public_room: config.public.unwrap_or(info.public),
        registration_enabled: true,
        can_anyone_discover_jid: config.jids_visible.unwrap_or(false),
        can_occupants_change_subject: config.change_subject.unwrap_or(false),
        can_occupants_invite: config.allow_invites.unwrap_or(false),
        can_change_nickname: true,
        log_enabled: config.logging.unwrap_or(false),
        login_restricted_to_nickname: false,
        members_only: config.members_only.unwrap_or(info.members_only),
        moderated: config.moderated.unwrap_or(info.moderated),
        broadcast_presence_roles: config
            .presence_broadcast
            .clone()
            .unwrap_or_else(|| ROLES.iter().map(ToString::to_string).collect()),
        owners: listed(List::Owners),
        admins: listed(List::Admins),
        members: listed(List::Members),
        outcasts: listed(List::Outcasts),
        owner_groups: groups(List::Owners),
        admin_groups: groups(List::Admins),
        member_groups: groups(List::Members),
        outcast_groups: groups(List::Outcasts),
        allow_pm: config.allow_pm.unwrap_or_else(|| "anyone".into()),
    })
}

/// A JID the plugin's lists and paths take: a bare JID, or a username of the domain.
pub fn affiliate_jid(ctx: &Ctx, value: &str) -> Result<BareJid, ApiError> {
    let unusable =
        || ApiError::bad_request(format!("Unable to parse value as jid: {}", shown(value)));
    if value.contains('@') {
        value.parse::<BareJid>().map_err(|_| unusable())
    } else {
        user_jid(ctx, value).map_err(|_| unusable())
    }
}

/// The members of a group of the gateway, as JIDs (404 for no such group).
pub async fn group_jids(ctx: &Ctx, group: &str) -> Result<Vec<BareJid>, ApiError> {
    groups::get(ctx, group).await?;
    groups::members(ctx, group)
        .await?
        .iter()
        .map(|user| user_jid(ctx, user))
        .collect()
}

/// The affiliations a `ChatRoom` body asks for: JIDs by list, the groups by list.
pub struct Wanted {
    pub jids: BTreeMap<BareJid, List>,
    pub groups: BTreeMap<List, Vec<String>>,
}

impl Wanted {
    /// Reads and checks every list before anything changes: unusable JIDs (400), unknown
    /// groups (404), one JID in two lists (409).
    pub async fn of(ctx: &Ctx, body: &ChatRoomBody) -> Result<Self, ApiError> {
        let lists = [
            (List::Owners, &body.owners, &body.owner_groups),
            (List::Admins, &body.admins, &body.admin_groups),
            (List::Members, &body.members, &body.member_groups),
            (List::Outcasts, &body.outcasts, &body.outcast_groups),
        ];
        let given: usize = lists
            .iter()
            .map(|(_, jids, groups)| jids.iter().chain(groups.iter()).flatten().count())
            .sum();
        if given > MAX_AFFILIATIONS {
            return Err(ApiError::bad_request(format!(
                "At most {MAX_AFFILIATIONS} JIDs and groups may be affiliated at once."
            )));
        }
        let mut wanted = Wanted {
            jids: BTreeMap::new(),
            groups: BTreeMap::new(),
        };
        for (list, jids, groups) in lists {
            let mut all = Vec::new();
            for value in jids.iter().flatten() {
                all.push(affiliate_jid(ctx, value)?);
            }
            for group in groups.iter().flatten() {
                all.extend(group_jids(ctx, group).await?);
                wanted.groups.entry(list).or_default().push(group.clone());
            }
            for jid in all {
                if let Some(other) = wanted.jids.insert(jid.clone(), list)
                    && other != list
                {
                    return Err(not_allowed(
                        StatusCode::CONFLICT,
                        format!(
                            "{jid} is in both {} and {}: one affiliation each.",
                            other.name(),
                            list.name()
                        ),
                    ));
                }
            }
        }
        Ok(wanted)
    }
}

/// The changes that turn the room's lists into `wanted` (`none` for whoever is in no list).
fn changes(
    current: &BTreeMap<List, Vec<BareJid>>,
    wanted: &BTreeMap<BareJid, List>,
) -> Vec<Affiliated> {
    let mut held: BTreeMap<&BareJid, List> = BTreeMap::new();
    for (list, jids) in current {
        for jid in jids {
            held.insert(jid, *list);
        }
    }
    let mut changes: Vec<Affiliated> = wanted
        .iter()
        .filter(|(jid, list)| held.get(jid) != Some(*list))
        .map(|(jid, list)| Affiliated {
            jid: jid.clone(),
            affiliation: list.affiliation(),
        })
        .collect();
    changes.extend(
        held.keys()
            .filter(|jid| !wanted.contains_key(**jid))
            .map(|jid| Affiliated {
                jid: (*jid).clone(),
                affiliation: Affiliation::None,
            }),
    );
    changes
}

/// Checks the settings a body asks for (400 before anything changes).
fn settings(body: &ChatRoomBody) -> Result<RoomConfig, ApiError> {
    if let Some(roles) = &body.broadcast_presence_roles
        && let Some(bad) = roles.iter().find(|r| !ROLES.contains(&r.as_str()))
    {
        return Err(ApiError::bad_request(format!(
            "`{}` is not a role; broadcastPresenceRoles takes {}.",
            shown(bad),
            ROLES.join(", ")
        )));
    }
    let allow_pm = body.allow_pm.clone().unwrap_or_else(|| "anyone".into());
    if !PM_POLICIES.contains(&allow_pm.as_str()) {
        return Err(ApiError::bad_request(format!(
            "allowPM is one of {}.",
            PM_POLICIES.join(", ")
        )));
    }
    let flag = |b: Option<bool>| Some(b.unwrap_or(false));
    Ok(RoomConfig {
        name: Some(body.natural_name.clone().unwrap_or_default()),
        description: Some(body.description.clone().unwrap_or_default()),
        // Missing: persistent (the plugin reads false, but a temporary room nobody is in
        // ends at once in XMPP: `apply` refuses that for a new room).
        persistent: Some(body.persistent.unwrap_or(true)),
        public: flag(body.public_room),
        members_only: flag(body.members_only),
        moderated: flag(body.moderated),
        password: Some(body.password.clone().unwrap_or_default()),
        max_users: Some(body.max_users.unwrap_or(0)),
        jids_visible: flag(body.can_anyone_discover_jid),
        change_subject: flag(body.can_occupants_change_subject),
        allow_invites: flag(body.can_occupants_invite),
        logging: flag(body.log_enabled),
        // An empty list is not applied: Prosody 0.12 fails on it and never answers.
        presence_broadcast: match &body.broadcast_presence_roles {
            Some(roles) if roles.is_empty() => None,
            Some(roles) => Some(roles.clone()),
            None => Some(ROLES.iter().map(ToString::to_string).collect()),
        },
        allow_pm: Some(allow_pm),
    })
}

/// Makes the room (when it does not exist) and sets it as `body` says: settings,
/// subject, affiliations (whoever is in no list loses theirs, the administrator aside).
/// A room made here is destroyed again when a later step fails. Returns the affiliations
/// the body asked for.
pub async fn apply(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
    body: &ChatRoomBody,
) -> Result<Wanted, ApiError> {
    let config = settings(body)?;
    let wanted = Wanted::of(ctx, body).await?;
    let existed = info(ctx, owner, room).await?;
    let made = existed.is_none();
    if made && config.persistent == Some(false) {
        return Err(ApiError::bad_request(
            "A temporary room ends in XMPP when its last occupant leaves, and a new room has \
             nobody in it: make it persistent (\"persistent\": true).",
        ));
    }
    let on = owner.on(ctx);
    let me = occupant(room, &owner.admin)
        .ok_or_else(|| ApiError::bad_request("Not a usable room name."))?;
    if made {
        on.muc_enter(me.clone(), None)
            .await
            .map_err(|err| refusal(room, err))?;
    }
    let subject = body.subject.clone().unwrap_or_default();
    let before = kept(ctx, room).await?;
    let steps = async {
        let unapplied = on
            .muc_configure(room, &config)
            .await
            .map_err(|err| refusal(room, err))?;
        if !unapplied.is_empty() {
            tracing::info!(%room, ?unapplied, "the server's room form has no field for these");
        }
        let current = match &existed {
            Some(info) => match &info.subject {
                Some(subject) => subject.clone(),
                None => before.subject.clone(),
            },
            None => String::new(),
        };
        if subject != current {
            if !made {
                on.muc_enter(me.clone(), None)
                    .await
                    .map_err(|err| refusal(room, err))?;
            }
            on.muc_set_subject(room, &subject)
                .await
                .map_err(|err| refusal(room, err))?;
            if !made {
                on.muc_leave(me.clone()).await?;
            }
        }
        let current = affiliations(ctx, owner, room).await?;
        let entries = owner.others(ctx, changes(&current, &wanted.jids))?;
        on.muc_affiliate(room, &entries)
            .await
            .map_err(|err| refusal(room, err))?;
        Ok::<_, ApiError>(())
    };
    let done = steps.await;
    if made {
        if done.is_err() {
            let _ = on.muc_destroy(room, "Its creation failed.").await;
        } else {
            on.muc_leave(me).await?;
        }
    }
    done?;
    let now = ctx.clock.now() * 1000;
    keep(
        ctx,
        room,
        &Kept {
            created: if made { now } else { before.created },
            modified: now,
            groups: wanted.groups.clone(),
            subject,
        },
    )
    .await?;
    Ok(wanted)
}

/// Changes one list: `add` gives the entries the affiliation; `replace` also takes it
/// from whoever holds it and is not among them.
pub async fn set_list(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
    list: List,
    jids: Vec<BareJid>,
    replace: bool,
) -> Result<(), ApiError> {
    existing(ctx, owner, room).await?;
    let current = affiliations(ctx, owner, room).await?;
    let mut entries: Vec<Affiliated> = jids
        .iter()
        .map(|jid| Affiliated {
            jid: jid.clone(),
            affiliation: list.affiliation(),
        })
        .collect();
    if replace {
        entries.extend(
            current
                .get(&list)
                .into_iter()
                .flatten()
                .filter(|jid| !jids.contains(jid))
                .map(|jid| Affiliated {
                    jid: jid.clone(),
                    affiliation: Affiliation::None,
                }),
        );
    }
    affiliate(ctx, owner, room, &entries).await
}

/// Takes `list`'s affiliation from each of `jids`; 409 `NotAllowedException` when one
/// does not hold it.
pub async fn remove_from_list(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
    list: List,
    jids: &[BareJid],
) -> Result<(), ApiError> {
    existing(ctx, owner, room).await?;
    let current = affiliations(ctx, owner, room).await?;
    let holders = current.get(&list).cloned().unwrap_or_default();
    if let Some(missing) = jids.iter().find(|jid| !holders.contains(jid)) {
        return Err(not_allowed(
            StatusCode::CONFLICT,
            format!(
                "Could not delete affiliation: {missing} is not in {}.",
                list.name()
            ),
        ));
    }
    let entries: Vec<Affiliated> = jids
        .iter()
        .map(|jid| Affiliated {
            jid: jid.clone(),
            affiliation: Affiliation::None,
        })
        .collect();
    affiliate(ctx, owner, room, &entries).await
}

/// Sets the entries' affiliations and records the change.
async fn affiliate(
    ctx: &Ctx,
    owner: &Owner,
    room: &BareJid,
    entries: &[Affiliated],
) -> Result<(), ApiError> {
    let entries = owner.others(ctx, entries.to_vec())?;
    owner
        .on(ctx)
        .muc_affiliate(room, &entries)
        .await
        .map_err(|err| refusal(room, err))?;
    touch(ctx, room, |_| {}).await
}

/// Records a change of the room (and of its affiliated groups).
pub async fn touch(
    ctx: &Ctx,
    room: &BareJid,
    change: impl FnOnce(&mut BTreeMap<List, Vec<String>>),
) -> Result<(), ApiError> {
    let mut record = kept(ctx, room).await?;
    change(&mut record.groups);
    record.modified = ctx.clock.now() * 1000;
    keep(ctx, room, &record).await
}
