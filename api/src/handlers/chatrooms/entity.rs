//! The REST API plugin's `ChatRoom` entity, as it is sent (every field optional, values the
//! plugin's examples quote as strings accepted) and as it is answered (every field, lists
//! always present).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The roles whose presence a room may broadcast.
pub const ROLES: &[&str] = &["moderator", "participant", "visitor"];
/// Who may send private messages in a room (`allowPM`).
pub const PM_POLICIES: &[&str] = &["anyone", "participants", "moderators", "none"];

/// A flag as the plugin reads it: `true`, `"true"` (any case); anything else is false.
fn flag<'de, D: Deserializer<'de>>(de: D) -> Result<Option<bool>, D::Error> {
    Ok(match Option::<Value>::deserialize(de)? {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(b),
        Some(Value::String(s)) => Some(s.eq_ignore_ascii_case("true")),
        Some(other) => Some(other.as_i64().is_some_and(|n| n != 0)),
    })
}

/// A count as a number or a numeric string.
fn count<'de, D: Deserializer<'de>>(de: D) -> Result<Option<u32>, D::Error> {
    use serde::de::Error;
    match Option::<Value>::deserialize(de)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| D::Error::custom("maxUsers is a count from 0")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom("maxUsers is a count from 0")),
        Some(_) => Err(D::Error::custom("maxUsers is a count from 0")),
    }
}

/// `POST /chatrooms`, `PUT /chatrooms/{roomName}` and the bulk route's items: the plugin's
/// `ChatRoom`. A missing flag is false, as the plugin reads it; a missing list is empty.
#[derive(Deserialize, ToSchema, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct ChatRoomBody {
    pub room_name: Option<String>,
    pub natural_name: Option<String>,
    pub description: Option<String>,
    pub password: Option<String>,
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "count")]
    #[schema(value_type = Option<u32>)]
    pub max_users: Option<u32>,
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub persistent: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub public_room: Option<bool>,
    /// Not a setting standard XMPP has: taken, not applied.
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub registration_enabled: Option<bool>,
    #[serde(default, deserialize_with = "flag", rename = "canAnyoneDiscoverJID")]
    #[schema(value_type = Option<bool>)]
    pub can_anyone_discover_jid: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub can_occupants_change_subject: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub can_occupants_invite: Option<bool>,
    /// Not a setting standard XMPP has: taken, not applied.
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub can_change_nickname: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub log_enabled: Option<bool>,
    /// Not a setting standard XMPP has: taken, not applied.
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub login_restricted_to_nickname: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub members_only: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    #[schema(value_type = Option<bool>)]
    pub moderated: Option<bool>,
    pub broadcast_presence_roles: Option<Vec<String>>,
    /// Bare JIDs, or usernames of the gateway's domain.
    pub owners: Option<Vec<String>>,
    pub admins: Option<Vec<String>>,
    pub members: Option<Vec<String>>,
    pub outcasts: Option<Vec<String>>,
    /// Group names: their members get the affiliation.
    pub owner_groups: Option<Vec<String>>,
    pub admin_groups: Option<Vec<String>>,
    pub member_groups: Option<Vec<String>>,
    pub outcast_groups: Option<Vec<String>>,
    /// `anyone` (the default), `participants`, `moderators` or `none`.
    #[serde(rename = "allowPM")]
    pub allow_pm: Option<String>,
}

/// The plugin's `ChatRoom` as answered.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatRoomEntity {
    pub room_name: String,
    pub natural_name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub subject: String,
    /// Milliseconds since the epoch: when the room was made through the gateway (0: made
    /// elsewhere, not known).
    pub creation_date: i64,
    /// When the gateway last changed it (0: not known).
    pub modification_date: i64,
    /// 0: no limit (or the server's form has none).
    pub max_users: u32,
    pub persistent: bool,
    pub public_room: bool,
    /// Always true: XEP-0045 registration is open on the supported servers.
    pub registration_enabled: bool,
    #[serde(rename = "canAnyoneDiscoverJID")]
    pub can_anyone_discover_jid: bool,
    pub can_occupants_change_subject: bool,
    pub can_occupants_invite: bool,
    /// Always true: occupants may change nicknames on the supported servers.
    pub can_change_nickname: bool,
    pub log_enabled: bool,
    /// Always false: the supported servers have no such restriction.
    pub login_restricted_to_nickname: bool,
    pub members_only: bool,
    pub moderated: bool,
    pub broadcast_presence_roles: Vec<String>,
    pub owners: Vec<String>,
    pub admins: Vec<String>,
    pub members: Vec<String>,
    pub outcasts: Vec<String>,
    pub owner_groups: Vec<String>,
    pub admin_groups: Vec<String>,
    pub member_groups: Vec<String>,
    pub outcast_groups: Vec<String>,
    #[serde(rename = "allowPM")]
    pub allow_pm: String,
}

/// `GET /chatrooms`: `{chatRooms: […]}`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatRoomEntities {
    pub chat_rooms: Vec<ChatRoomEntity>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plugins_readme_example_with_quoted_values_is_read() {
        // The plugin's readme: "Create a chat room" (JSON), values quoted as strings.
        let body: ChatRoomBody = serde_json::from_str(
            r#"{"roomName":"global","naturalName":"global-2","description":"Global Chat Room",
                "maxUsers":"0","persistent":"true","publicRoom":"true","registrationEnabled":"false",
                "canAnyoneDiscoverJID":"true","canOccupantsChangeSubject":"false",
                "canOccupantsInvite":"false","canChangeNickname":"false","logEnabled":"true",
                "loginRestrictedToNickname":"false","membersOnly":"false","moderated":"false",
                "broadcastPresenceRoles":["moderator","participant","visitor"],
                "owners":["owner@localhost"],"admins":["admin@localhost"],
                "members":["member2@localhost","member1@localhost"],"outcasts":["outcast1@localhost"]}"#,
        )
        .unwrap();
        assert_eq!(body.max_users, Some(0));
        assert_eq!(body.persistent, Some(true));
        assert_eq!(body.registration_enabled, Some(false));
        assert_eq!(body.can_anyone_discover_jid, Some(true));
        assert_eq!(body.members.unwrap().len(), 2);
        assert_eq!(body.subject, None);
    }

    #[test]
    fn a_negative_or_wordy_limit_is_refused() {
        for bad in [r#"{"maxUsers":-1}"#, r#"{"maxUsers":"many"}"#] {
            assert!(serde_json::from_str::<ChatRoomBody>(bad).is_err(), "{bad}");
        }
    }
}
