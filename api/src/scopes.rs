//! Scopes: what a token or a service account may do. Each route of the table names the
//! scope it needs (public routes and logout need none); a token carries its scopes in the
//! `scope` claim (space-separated, as OAuth writes them), and a token without the claim —
//! what a login answers — may do everything its user may.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One thing a token may do.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum Scope {
    /// Read conversations: the inbox, history, the event stream.
    #[serde(rename = "chat:read")]
    ChatRead,
    /// Send, correct, retract, react to and mark messages; upload files.
    #[serde(rename = "chat:write")]
    ChatWrite,
    /// Contacts, their presence and cards, subscriptions, the user's own presence.
    #[serde(rename = "roster")]
    Roster,
    /// Rooms: join, post, read, invite, bookmarks.
    #[serde(rename = "rooms")]
    Rooms,
    /// Publish-subscribe nodes and PEP.
    #[serde(rename = "pubsub")]
    Pubsub,
    /// Raw stanzas: anything XMPP can say, as the user.
    #[serde(rename = "xmpp")]
    Xmpp,
    /// Web Push subscriptions and notifications.
    #[serde(rename = "push")]
    Push,
    /// The user's own profile: name, avatar, properties, groups.
    #[serde(rename = "profile")]
    Profile,
    /// The account itself: deleting it, minting and revoking tokens.
    #[serde(rename = "account")]
    Account,
    /// Administrators' reads: users, rooms, sessions, the audit log.
    #[serde(rename = "admin:read")]
    AdminRead,
    /// Administrators' changes to users, groups, rosters, cards and sessions.
    #[serde(rename = "admin:users")]
    AdminUsers,
    /// Administrators' changes to rooms.
    #[serde(rename = "admin:rooms")]
    AdminRooms,
    /// Service accounts and webhooks.
    #[serde(rename = "admin:integrations")]
    AdminIntegrations,
}

impl Scope {
    pub const ALL: [Scope; 13] = [
        Scope::ChatRead,
        Scope::ChatWrite,
        Scope::Roster,
        Scope::Rooms,
        Scope::Pubsub,
        Scope::Xmpp,
        Scope::Push,
        Scope::Profile,
        Scope::Account,
        Scope::AdminRead,
        Scope::AdminUsers,
        Scope::AdminRooms,
        Scope::AdminIntegrations,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Scope::ChatRead => "chat:read",
            Scope::ChatWrite => "chat:write",
            Scope::Roster => "roster",
            Scope::Rooms => "rooms",
            Scope::Pubsub => "pubsub",
            Scope::Xmpp => "xmpp",
            Scope::Push => "push",
            Scope::Profile => "profile",
            Scope::Account => "account",
            Scope::AdminRead => "admin:read",
            Scope::AdminUsers => "admin:users",
            Scope::AdminRooms => "admin:rooms",
            Scope::AdminIntegrations => "admin:integrations",
        }
    }

    /// Whether only administrators' routes need it.
    pub const fn is_admin(self) -> bool {
        matches!(
            self,
            Scope::AdminRead | Scope::AdminUsers | Scope::AdminRooms | Scope::AdminIntegrations
        )
    }

    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.name() == name)
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a caller may do: everything (`None`: a login's own token, the User Service
/// secret), or the scopes listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes(Option<Vec<Scope>>);

impl Scopes {
    pub const fn all() -> Self {
        Scopes(None)
    }

    pub fn only(scopes: impl IntoIterator<Item = Scope>) -> Self {
        let mut scopes: Vec<Scope> = scopes.into_iter().collect();
        scopes.sort();
        scopes.dedup();
        Scopes(Some(scopes))
    }

    /// A `scope` claim: space-separated names; one this gateway does not know grants
    /// nothing.
    pub fn from_claim(claim: Option<&str>) -> Self {
        match claim {
            None => Scopes::all(),
            Some(claim) => Scopes::only(claim.split_whitespace().filter_map(Scope::parse)),
        }
    }

    /// The `scope` claim (`None` for everything).
    pub fn claim(&self) -> Option<String> {
        self.0.as_ref().map(|scopes| {
            scopes
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    pub fn allows(&self, scope: Scope) -> bool {
        self.0.as_ref().is_none_or(|scopes| scopes.contains(&scope))
    }

    /// Whether everything `other` allows, this allows too.
    pub fn covers(&self, other: &Scopes) -> bool {
        match &other.0 {
            None => self.0.is_none(),
            Some(scopes) => scopes.iter().all(|s| self.allows(*s)),
        }
    }

    /// The scopes listed (`None` for everything).
    pub fn listed(&self) -> Option<&[Scope]> {
        self.0.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_round_trips_and_unknown_names_grant_nothing() {
        let scopes = Scopes::from_claim(Some("chat:write  chat:read bogus"));
        assert_eq!(scopes.claim().as_deref(), Some("chat:read chat:write"));
        assert!(scopes.allows(Scope::ChatRead));
        assert!(!scopes.allows(Scope::Roster));
        assert!(Scopes::all().allows(Scope::AdminUsers));
        assert!(Scopes::from_claim(Some("")).listed() == Some(&[][..]));
    }

    #[test]
    fn only_a_wider_set_covers_a_narrower_one() {
        let read = Scopes::only([Scope::ChatRead]);
        let both = Scopes::only([Scope::ChatRead, Scope::ChatWrite]);
        assert!(both.covers(&read));
        assert!(!read.covers(&both));
        assert!(Scopes::all().covers(&both));
        assert!(!both.covers(&Scopes::all()));
    }

    #[test]
    fn names_are_unique_and_parse_back() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.name()), Some(scope));
            assert_eq!(
                serde_json::to_value(scope).unwrap(),
                serde_json::json!(scope.name())
            );
        }
    }
}
