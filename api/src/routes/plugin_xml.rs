//! The XML form of Openfire's REST API plugin's entities (its JAXB names), for clients that
//! speak XML (the plugin's own Java client sends and accepts only `application/xml`): a
//! JSON answer of a `/plugins/restapi/v1/` route becomes the plugin's XML when the caller
//! asks for XML, and an XML body becomes the JSON the route reads. Elements are built and
//! parsed with minidom; this module only knows the names.

use http::HeaderMap;
use serde_json::{Map, Value};
use tokio_xmpp::minidom::Element;
use tokio_xmpp::minidom::rxml::NcName;

/// The plugin's entities have no namespace.
const NS: &str = "";

/// A JSON list key → (the XML element wrapping the list, each item's element).
const LISTS: &[(&str, &str, &str)] = &[
    ("users", "users", "user"),
    ("groups", "groups", "group"),
    ("groupnames", "groups", "groupname"),
    ("rosterItem", "roster", "rosterItem"),
    ("sessions", "sessions", "session"),
    ("chatRooms", "chatRooms", "chatRoom"),
    ("occupants", "occupants", "occupant"),
    ("participants", "participants", "participant"),
    ("message", "messages", "message"),
    ("chatService", "chatServices", "chatService"),
    ("logs", "logs", "log"),
    ("owners", "owners", "owner"),
    ("admins", "admins", "admin"),
    ("members", "members", "member"),
    ("outcasts", "outcasts", "outcast"),
    ("ownerGroups", "ownerGroups", "ownerGroup"),
    ("adminGroups", "adminGroups", "adminGroup"),
    ("memberGroups", "memberGroups", "memberGroup"),
    ("outcastGroups", "outcastGroups", "outcastGroup"),
    (
        "broadcastPresenceRoles",
        "broadcastPresenceRoles",
        "broadcastPresenceRole",
    ),
    ("jidsToInvite", "jidsToInvite", "jid"),
    ("success", "success", "result"),
    ("failure", "failure", "result"),
    ("other", "other", "result"),
];

/// The element of a route's single entity (a list entity is named by its list).
const ENTITIES: &[(&str, &str)] = &[
    ("admin_get_user", "user"),
    ("admin_get_group", "group"),
    ("admin_get_room", "chatRoom"),
    ("admin_create_rooms", "results"),
    ("admin_session_count", "sessions"),
];

/// Dates: milliseconds since the epoch in JSON, XML date-times in XML (JAXB's `Date`).
const DATES: &[&str] = &[
    "creationDate",
    "modificationDate",
    "lastActionDate",
    "joinedTime",
];

/// Fields whose XML text is a flag or a number in the JSON the routes read.
const FLAGS: &[&str] = &["shared", "hidden"];
const NUMBERS: &[&str] = &["subscriptionType"];

fn list_of(key: &str) -> Option<(&'static str, &'static str)> {
    LISTS
        .iter()
        .find(|(json, _, _)| *json == key)
        .map(|(_, wrapper, item)| (*wrapper, *item))
}

fn name(text: &str) -> Option<NcName> {
    NcName::try_from(text).ok()
}

/// Whether the caller asks for XML rather than JSON (`Accept` naming XML and not JSON).
pub fn wants_xml(headers: &HeaderMap) -> bool {
    let accept = headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    (accept.contains("application/xml") || accept.contains("text/xml"))
        && !accept.contains("application/json")
}

/// Whether the body is XML (`Content-Type: application/xml` or `text/xml`).
pub fn sends_xml(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.starts_with("application/xml") || t.starts_with("text/xml")
        })
}

/// A route's JSON answer as the plugin's XML; `None` when it has no XML form.
pub fn to_xml(route: &str, json: &Value) -> Option<Element> {
    let Value::Object(fields) = json else {
        return None;
    };
    // An error body: the plugin's `ErrorResponse`.
    if fields.contains_key("exception") && fields.contains_key("message") {
        let mut error = Element::builder("error", NS);
        for key in ["exception", "message", "resource"] {
            if let Some(Value::String(text)) = fields.get(key) {
                error = error.append(Element::builder(key, NS).append(text.as_str()));
            }
        }
        return Some(error.build());
    }
    // A list entity: `{"users": […]}`, and the affiliation lists (`{"members": […]}`).
    if fields.len() == 1
        && let Some((key, Value::Array(items))) = fields.iter().next()
        && let Some((wrapper, item)) = list_of(key)
    {
        return Some(list(wrapper, item, items));
    }
    let root = ENTITIES
        .iter()
        .find(|(name, _)| *name == route)
        .map(|(_, root)| *root)?;
    Some(entity(root, fields))
}

fn list(wrapper: &str, item: &str, items: &[Value]) -> Element {
    let children = items.iter().map(|value| match value {
        Value::Object(fields) => entity(item, fields),
        other => leaf(item, other),
    });
    Element::builder(wrapper, NS).append_all(children).build()
}

fn leaf(tag: &str, value: &Value) -> Element {
    let text = match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    Element::builder(tag, NS).append(text).build()
}

/// An object: one child per field, in the JSON's order (null fields left out).
fn entity(tag: &str, fields: &Map<String, Value>) -> Element {
    let mut element = Element::builder(tag, NS);
    for (key, value) in fields {
        if name(key).is_none() {
            continue;
        }
        let child = match value {
            Value::Null => continue,
            // A user's properties: `<property key="…" value="…"/>`.
            Value::Array(items) if key == "properties" => {
                let properties = items.iter().filter_map(|p| {
                    let key = p.get("key")?.as_str()?;
                    let mut property =
                        Element::builder("property", NS).attr(name("key")?, key.to_string());
                    if let Some(value) = p.get("value").and_then(Value::as_str) {
                        property = property.attr(name("value")?, value.to_string());
                    }
                    Some(property.build())
                });
                Element::builder("properties", NS)
                    .append_all(properties)
                    .build()
            }
            Value::Array(items) => {
                let item = list_of(key).map_or("item", |(_, item)| item);
                list(key, item, items)
            }
            Value::Object(inner) => entity(key, inner),
            Value::Number(ms) if DATES.contains(&key.as_str()) => {
                let date = ms
                    .as_i64()
                    .and_then(chrono::DateTime::from_timestamp_millis)
                    .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
                leaf(key, &Value::String(date.unwrap_or_default()))
            }
            other => leaf(key, other),
        };
        element = element.append(child);
    }
    element.build()
}

/// An XML body as the JSON the route reads: the root's children as fields; a known list
/// (`<members><member>…`) as an array; a root that is itself a list (`<groups>` of
/// `<groupname>`, `<chatRooms>`, an affiliation list) as `{"<list key>": […]}`.
pub fn to_json(root: &Element) -> Value {
    let items_named = |wrapper: &str| {
        LISTS
            .iter()
            .find(|(_, w, item)| {
                *w == wrapper && root.children().next().is_some_and(|c| c.name() == *item)
            })
            .map(|(json, _, _)| *json)
    };
    if let Some(key) = items_named(root.name()) {
        let mut fields = Map::new();
        fields.insert(key.to_string(), list_values(root));
        return Value::Object(fields);
    }
    fields_of(root)
}

fn fields_of(element: &Element) -> Value {
    let mut fields = Map::new();
    for child in element.children() {
        let key = child.name();
        let value = if key == "properties" {
            Value::Array(
                child
                    .children()
                    .map(|p| {
                        let mut property = Map::new();
                        for attr in ["key", "value"] {
                            if let Some(text) = p.attr(attr) {
                                property.insert(attr.into(), Value::String(text.into()));
                            }
                        }
                        Value::Object(property)
                    })
                    .collect(),
            )
        } else if child.children().next().is_some() && (list_of(key).is_some() || key == "groups") {
            list_values(child)
        } else if child.children().next().is_some() {
            fields_of(child)
        } else {
            scalar(key, child.text())
        };
        fields.insert(key.to_string(), value);
    }
    Value::Object(fields)
}

fn list_values(wrapper: &Element) -> Value {
    Value::Array(
        wrapper
            .children()
            .map(|item| {
                if item.children().next().is_some() {
                    fields_of(item)
                } else {
                    Value::String(item.text())
                }
            })
            .collect(),
    )
}

fn scalar(key: &str, text: String) -> Value {
    if FLAGS.contains(&key) {
        return Value::Bool(text.trim().eq_ignore_ascii_case("true"));
    }
    if NUMBERS.contains(&key)
        && let Ok(number) = text.trim().parse::<i64>()
    {
        return Value::from(number);
    }
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(xml: &str) -> Element {
        crate::routes::request::parse_plugin_xml(xml).unwrap()
    }

    #[test]
    fn the_readmes_user_with_properties_is_read() {
        // The plugin's readme, "Create a user", XML payload example 2.
        let user = parse(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<user>
    <username>testuser</username>
    <password>p4ssword</password>
    <name>Test User</name>
    <email>test@localhost.de</email>
    <properties>
        <property key="keyname" value="value"/>
        <property key="anotherkey" value="value"/>
    </properties>
</user>"#,
        );
        assert_eq!(
            to_json(&user),
            json!({"username": "testuser", "password": "p4ssword", "name": "Test User",
                   "email": "test@localhost.de",
                   "properties": [{"key": "keyname", "value": "value"},
                                  {"key": "anotherkey", "value": "value"}]})
        );
    }

    #[test]
    fn the_readmes_roster_item_and_group_list_are_read() {
        let item = parse(
            "<rosterItem><jid>peter@pan1.de</jid><nickname>Peter1</nickname>\
             <subscriptionType>3</subscriptionType><groups><group>Friends</group></groups></rosterItem>",
        );
        assert_eq!(
            to_json(&item),
            json!({"jid": "peter@pan1.de", "nickname": "Peter1", "subscriptionType": 3,
                   "groups": ["Friends"]})
        );
        let groups =
            parse("<groups><groupname>Admins</groupname><groupname>Support</groupname></groups>");
        assert_eq!(
            to_json(&groups),
            json!({"groupnames": ["Admins", "Support"]})
        );
        let invitation = parse(
            "<mucInvitation><reason>Hello</reason><jidsToInvite><jid>jane@example.org</jid>\
             <jid>john</jid></jidsToInvite></mucInvitation>",
        );
        assert_eq!(
            to_json(&invitation),
            json!({"reason": "Hello", "jidsToInvite": ["jane@example.org", "john"]})
        );
    }

    #[test]
    fn answers_take_the_plugins_element_names() {
        let users = json!({"users": [{"username": "jane", "name": "Jane",
                                      "properties": [{"key": "k", "value": "v"}]}]});
        assert_eq!(
            String::from(&to_xml("admin_list_users", &users).unwrap()),
            "<users><user><name>Jane</name><properties><property key='k' value='v'/></properties>\
             <username>jane</username></user></users>",
            "fields in name order (JAXB reads any order)"
        );
        let groups = json!({"groupnames": ["a"]});
        assert_eq!(
            String::from(&to_xml("admin_user_groups", &groups).unwrap()),
            "<groups><groupname>a</groupname></groups>"
        );
        let room = json!({"roomName": "lobby", "owners": ["admin@example.org"], "members": [],
                          "creationDate": 1644246591517_i64});
        assert_eq!(
            String::from(&to_xml("admin_get_room", &room).unwrap()),
            "<chatRoom><creationDate>2022-02-07T15:09:51.517Z</creationDate><members/>\
             <owners><owner>admin@example.org</owner></owners><roomName>lobby</roomName></chatRoom>",
            "dates as XML date-times, as JAXB writes them"
        );
        // The hurl tests' error: /error/exception, /error/message, /error/resource.
        let error = json!({"error": "UserNotFoundException", "exception": "UserNotFoundException",
                           "message": "Could not get user", "resource": "jeanluc"});
        assert_eq!(
            String::from(&to_xml("admin_get_user", &error).unwrap()),
            "<error><exception>UserNotFoundException</exception><message>Could not get user</message>\
             <resource>jeanluc</resource></error>"
        );
    }
}
