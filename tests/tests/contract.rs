//! The SparkWeb client contract: every route of the reference spec that names a response
//! entity answers JSON that validates against that entity's schema (the `jsonschema` crate,
//! draft 4 as Swagger 2.0 uses), and every SSE event carries the fields upstream's sheet
//! lists for it.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tests::{Gateway, jid, register_user, spawn_gateway, stack_var, totp_code, unique, unix_now};
use tokio_xmpp::jid::Jid;
use tokio_xmpp::parsers::message::{Lang, Message, MessageType};

const WAIT: Duration = Duration::from_secs(10);

fn spec() -> Value {
    // The upstream SparkWeb plugin's OpenAPI document (Apache-2.0), kept in the repository:
    // the contract the routes are held to.
    let path = tests::workspace_root().join("tests/reference/sparkweb-api.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).expect("the reference spec is JSON")
}

/// Every (method, path, schema) of the spec whose 200 answer names a schema.
fn routes_with_schemas(spec: &Value) -> Vec<(String, String, Value)> {
    let mut routes = Vec::new();
    for (path, operations) in spec["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            if let Some(schema) = operation["responses"]["200"].get("schema") {
                routes.push((method.to_uppercase(), path.clone(), schema.clone()));
            }
        }
    }
    routes
}

/// Checks `answer` against `schema` (a `$ref` into the spec's definitions, or `string`: the
/// body as text, which is how upstream's `String` routes answer).
fn check(spec: &Value, route: &str, schema: &Value, body: &str) {
    if schema["type"] == "string" {
        assert!(!body.is_empty(), "{route}: a text body");
        return;
    }
    let answer: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{route}: not JSON ({e}): {body}"));
    let root = json!({"$ref": schema["$ref"], "definitions": spec["definitions"]});
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&root)
        .expect("the spec's schemas compile");
    let errors: Vec<String> = validator
        .iter_errors(&answer)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{route}: {errors:?}\nin {answer}");
}

/// A user with a password and a token.
struct User {
    name: String,
    token: String,
}

async fn user(gw: &Gateway, prefix: &str) -> (User, String) {
    let (name, password) = register_user(prefix);
    let token = gw.login(&name, &password).await;
    (User { name, token }, password)
}

async fn body_of(route: &str, response: reqwest::Response) -> String {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{route}: {text}");
    text
}

#[tokio::test]
async fn every_entity_route_answers_the_specs_schema() {
    let spec = spec();
    let gw = spawn_gateway().await;
    let (alice, password) = user(&gw, "alice").await;
    let (bob, _) = user(&gw, "bob").await;
    let t = alice.token.as_str();

    // What the routes read: a room with history, a pubsub node, a conversation, a bookmark.
    let room = unique("club");
    let joined = gw
        .rest(Method::PUT, &format!("groupchat/room/{room}"), t, "")
        .await;
    assert_eq!(joined.status(), 200, "room joined");
    assert_eq!(
        gw.rest(
            Method::POST,
            &format!("groupchat/room/{room}"),
            t,
            "hello room"
        )
        .await
        .status(),
        200
    );
    assert_eq!(gw.send_chat(t, &bob.name, "hello bob").await, 200);
    let node = unique("node");
    // Prosody lets only its admins create nodes on the pubsub service.
    let (admin, admin_password) = tests::server_admin();
    let owner = gw.login(&admin, &admin_password).await;
    assert_eq!(
        gw.rest(Method::POST, &format!("pubsub/create/{node}"), &owner, "")
            .await
            .status(),
        200
    );
    let club = format!("{room}@conference.{}", stack_var("XWG_XMPP_DOMAIN"));
    let bookmark = json!({"type": "group_chat", "name": "Club", "value": club});
    let created = body_of(
        "bookmark",
        gw.rest(Method::POST, "bookmark", t, &bookmark).await,
    )
    .await;
    let id = serde_json::from_str::<Value>(&created).unwrap()["bookmarkID"].clone();
    let totp_user = register_user("totp");
    let secret = gw.enrol_totp(&totp_user.0, &totp_user.1).await;

    let mut checked = 0;
    for (method, path, schema) in routes_with_schemas(&spec) {
        let route = format!("{method} {path}");
        let fill = |p: &str| {
            p.replace("{roomName}", &room)
                .replace("{target}", &bob.name)
                .replace("{bookmarkID}", &id.to_string())
                .replace("{name}", "nick")
                .replace("{node}", &node)
        };
        let response = match (method.as_str(), path.as_str()) {
            // Video meetings are not offered by this gateway (501, see docs/compatibility.md).
            ("GET", "/rest/meet/{service}/{id}") => continue,
            // Passkey ceremonies answer the same `TokenEntity` type as login (checked
            // here); the ceremonies themselves run in Chromium (tests/browser/passkey).
            ("POST", p) if p.starts_with("/rest/webauthn/") => continue,
            ("POST", "/rest/login/{username}") => gw.try_login(&alice.name, &password).await,
            ("POST", "/rest/register/{username}") => {
                let url = gw.url(&format!("/sparkweb/api/rest/register/{}", unique("reg")));
                gw.http.post(url).body(unique("pw-")).send().await.unwrap()
            }
            ("POST", "/rest/totp/register/{username}") => {
                let (name, password) = register_user("totp");
                let url = gw.url(&format!("/sparkweb/api/rest/totp/register/{name}"));
                gw.http.post(url).body(password).send().await.unwrap()
            }
            ("POST", "/rest/totp/authenticate/{username}/{code}") => {
                let code = totp_code(&secret, unix_now());
                let url = format!(
                    "/sparkweb/api/rest/totp/authenticate/{}/{code}",
                    totp_user.0
                );
                gw.http.post(gw.url(&url)).send().await.unwrap()
            }
            // A node's subscribers are its owner's to see.
            ("GET", "/rest/pubsub/subscribers/{node}") => {
                gw.rest(Method::GET, &fill("pubsub/subscribers/{node}"), &owner, "")
                    .await
            }
            ("GET", "/rest/groupchat/messages") => {
                gw.rest(
                    Method::GET,
                    &format!("groupchat/messages?room={room}"),
                    t,
                    "",
                )
                .await
            }
            ("POST", "/rest/bookmark") => {
                let other = json!({"type": "group_chat", "name": "Other", "value": format!("other-{club}")});
                gw.rest(Method::POST, "bookmark", t, other).await
            }
            ("PUT", "/rest/bookmark/{bookmarkID}") => {
                gw.rest(
                    Method::PUT,
                    &fill("bookmark/{bookmarkID}"),
                    t,
                    r#"{"name":"Docs 2"}"#,
                )
                .await
            }
            ("POST", "/rest/bookmark/{bookmarkID}/{name}") => {
                gw.rest(
                    Method::POST,
                    &fill("bookmark/{bookmarkID}/{name}"),
                    t,
                    "ally",
                )
                .await
            }
            (m, p) => {
                let method = Method::from_bytes(m.as_bytes()).unwrap();
                gw.rest(method, &fill(p.trim_start_matches("/rest/")), t, "")
                    .await
            }
        };
        let body = body_of(&route, response).await;
        check(&spec, &route, &schema, &body);
        checked += 1;
    }
    assert!(checked >= 28, "{checked} routes checked");
}

/// The fields of an event's data, sorted.
fn fields(event: &eventsource_stream::Event) -> Vec<String> {
    let data: Value = serde_json::from_str(&event.data).expect("event data is JSON");
    let mut names: Vec<String> = data
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

/// Whether `event` has every field upstream's sheet lists (ours may add more).
fn has_fields(event: &eventsource_stream::Event, upstream: &[&str]) {
    let fields = fields(event);
    for field in upstream {
        assert!(
            fields.iter().any(|f| f == field),
            "{} lacks `{field}`: {}",
            event.event,
            event.data
        );
    }
}

#[tokio::test]
async fn sse_events_carry_upstreams_fields() {
    let gw = spawn_gateway().await;
    let (alice, _) = user(&gw, "alice").await;
    let (carol_name, carol_password) = register_user("carol");
    let mut stream = gw.sse(&alice.token, None).await;
    let connect = stream.next_named("onConnect", WAIT).await;
    has_fields(&connect, &["username", "name", "email"]);

    let mut carol = tests::native_client(&carol_name, &carol_password).await;
    let alice_jid: Jid = jid(&alice.name).parse().unwrap();
    // A chat state, then a message with JSON data, then a headline.
    let state = Message::chat(Some(alice_jid.clone()))
        .with_payload(tokio_xmpp::parsers::chatstates::ChatState::Composing);
    carol.send_stanza(state.into()).await.unwrap();
    let composing = stream.next_named("chatapi.chat", WAIT).await;
    has_fields(&composing, &["type", "to", "from", "state"]);
    let data: Value = serde_json::from_str(&composing.data).unwrap();
    assert_eq!(
        (data["type"].as_str(), data["state"].as_str()),
        (Some("chat"), Some("composing"))
    );

    let mut message =
        Message::chat(Some(alice_jid.clone())).with_body(Lang::new(), "with data".into());
    message.payloads.push(xwg_core::protocol::json::container(
        &json!({"poll": [1, 2]}),
    ));
    carol.send_stanza(message.into()).await.unwrap();
    let chat = stream.next_named("chatapi.chat", WAIT).await;
    has_fields(&chat, &["type", "to", "from", "body", "data"]);
    let data: Value = serde_json::from_str(&chat.data).unwrap();
    assert_eq!(data["data"], json!({"poll": [1, 2]}));

    let mut headline = Message::new(Some(alice_jid.clone())).with_body(Lang::new(), "news".into());
    headline.type_ = MessageType::Headline;
    carol.send_stanza(headline.into()).await.unwrap();
    let news = stream.next_named("chatapi.chat", WAIT).await;
    assert_eq!(
        serde_json::from_str::<Value>(&news.data).unwrap()["type"],
        "headline"
    );

    // A direct invitation (XEP-0249).
    let room = format!(
        "{}@conference.{}",
        unique("room"),
        stack_var("XWG_XMPP_DOMAIN")
    );
    let mut invite = Message::new(Some(alice_jid.clone()));
    let direct = format!("<x xmlns='jabber:x:conference' jid='{room}' reason='come'/>");
    invite.payloads.push(direct.parse().unwrap());
    carol.send_stanza(invite.into()).await.unwrap();
    let invitation = stream.next_named("chatapi.muc", WAIT).await;
    has_fields(
        &invitation,
        &[
            "type", "room", "inviter", "password", "reason", "url", "to", "from",
        ],
    );
    let data: Value = serde_json::from_str(&invitation.data).unwrap();
    assert_eq!(
        (data["type"].as_str(), data["room"].as_str()),
        (Some("invitationReceived"), Some(room.as_str()))
    );

    // A presence (directed: carol is not in alice's roster), `show` in Smack's words.
    let mut presence = tokio_xmpp::parsers::presence::Presence::available();
    presence.to = Some(alice_jid.clone());
    carol.send_stanza(presence.into()).await.unwrap();
    let seen = stream.next_named("chatapi.presence", WAIT).await;
    has_fields(&seen, &["type", "to", "from", "status", "show"]);
    let data: Value = serde_json::from_str(&seen.data).unwrap();
    assert_eq!(
        (data["type"].as_str(), data["show"].as_str()),
        (Some("presence"), Some("available"))
    );
}

#[tokio::test]
async fn the_base_urls_describe_the_gateway_and_answer_head() {
    let gw = spawn_gateway().await;
    for path in ["/", "/sparkweb/api", "/sparkweb/api/rest"] {
        // Upstream's isOnline(): HEAD <base>?rand=… must be 2xx.
        let head = gw
            .http
            .head(gw.url(&format!("{path}?rand=0.5")))
            .send()
            .await
            .unwrap();
        assert_eq!(head.status(), 200, "HEAD {path}");
        let about = tests::ok_json(gw.http.get(gw.url(path)).send().await.unwrap()).await;
        assert_eq!(
            about["version"],
            env!("CARGO_PKG_VERSION"),
            "{path}: {about}"
        );
        assert_eq!(
            about["openapi"], "/sparkweb/api/openapi.json",
            "{path}: {about}"
        );
    }
}

#[tokio::test]
async fn preflights_name_what_the_api_uses_for_listed_origins_only() {
    let app = "https://app.example";
    let gw = Gateway::builder()
        .config(|config| config.cors_origins = vec![app.to_string()])
        .spawn()
        .await;
    let preflight = |origin: &'static str| {
        gw.http
            .request(
                Method::OPTIONS,
                gw.url("/sparkweb/api/rest/chat/message/bob"),
            )
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization,content-type,idempotency-key,last-event-id,x-auth-ticket",
            )
            .send()
    };
    let allowed = preflight(app).await.unwrap();
    assert_eq!(allowed.status(), 200);
    let header = |name: &str| {
        allowed
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_lowercase())
    };
    assert_eq!(header("access-control-allow-origin").as_deref(), Some(app));
    let headers = header("access-control-allow-headers").unwrap_or_default();
    for name in [
        "authorization",
        "content-type",
        "idempotency-key",
        "last-event-id",
        "x-auth-ticket",
    ] {
        assert!(headers.contains(name), "{name} in {headers}");
    }
    assert!(header("vary").unwrap_or_default().contains("origin"));
    let refused = preflight("https://evil.example").await.unwrap();
    let dev = Gateway::builder()
        .config(|config| config.cors_origins = vec!["http://localhost:*".into()])
        .spawn()
        .await;
    let from = |origin: &'static str| {
        dev.http
            .request(Method::OPTIONS, dev.url("/sparkweb/api/rest/user"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .send()
    };
    let dev_server = from("http://localhost:5173").await.unwrap();
    assert_eq!(
        dev_server
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("http://localhost:5173"),
        "./local/up's default: a development server on any port"
    );
    let elsewhere = from("http://localhost.evil.example:5173").await.unwrap();
    assert!(
        elsewhere
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    // A plain call from a listed origin can read Retry-After (a 503's advice).
    let call = gw
        .http
        .get(gw.url("/sparkweb/api"))
        .header("Origin", app)
        .send()
        .await
        .unwrap();
    let exposed = call
        .headers()
        .get("access-control-expose-headers")
        .map(|v| v.to_str().unwrap().to_lowercase());
    assert!(exposed.unwrap_or_default().contains("retry-after"));
}
