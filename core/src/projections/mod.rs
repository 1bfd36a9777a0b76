//! What a user's session has seen, kept in the store so that every function can answer
//! while (and after) the session lives: the presences of contacts and room occupants, and
//! the subscription requests that wait for the user's answer. The keeper's event sink
//! writes them as events pass; routes read them.

pub mod inbox;
pub mod presences;
pub mod rooms;
pub mod subscriptions;
