//! User administration against real Prosody: Openfire's legacy User Service endpoint, and
//! the admin JSON API. Accounts go through XEP-0133 and rosters and vCards through XEP-0356,
//! both as the server's admin account; groups and lockouts live in the store.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{
    Gateway, jid, native_client, register_user, spawn_user_admin_gateway, stack_var, unique,
    user_admin_keeper_config,
};
use tokio_xmpp::Stanza;
use tokio_xmpp::jid::Jid;
use tokio_xmpp::minidom::Element;
use tokio_xmpp::parsers::message::Message;
use tokio_xmpp::parsers::presence::Presence;
use xwg_core::keeper::{Delivery, EventStream, IqKind, Keeper, KeeperError};

const SECRET: &str = "a-user-service-secret";

/// The legacy endpoint by GET (parameters in the query) or POST (a form), at either path.
async fn legacy(gw: &Gateway, params: &[(&str, &str)]) -> String {
    let response = gw
        .http
        .get(gw.url("/plugins/userService/userservice"))
        .query(params)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

async fn legacy_form(gw: &Gateway, params: &[(&str, &str)]) -> String {
    let response = gw
        .http
        .post(gw.url("/plugins/restapi/userservice"))
        .form(params)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

const OK: &str = "<result>ok</result>";

fn error(name: &str) -> String {
    format!("<error>{name}</error>")
}

/// A call to the admin JSON API: (status, JSON body or null).
async fn api(
    gw: &Gateway,
    method: Method,
    path: &str,
    auth: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = gw
        .http
        .request(method, gw.url(&format!("/plugins/restapi/v1{path}")))
        .header("Authorization", auth);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The contacts of a user's roster as (jid, nickname, subscriptionType, groups).
async fn roster(gw: &Gateway, user: &str) -> Vec<(String, Value, i64, Value)> {
    let (status, body) = api(
        gw,
        Method::GET,
        &format!("/users/{user}/roster"),
        SECRET,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["rosterItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["jid"].as_str().unwrap().to_string(),
                item["nickname"].clone(),
                item["subscriptionType"].as_i64().unwrap(),
                item["groups"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_gate_refuses_without_the_service_the_secret_or_the_address() {
    // No component needed: every refusal comes before any XMPP work.
    let server = stack_var("XWG_XMPP_SERVER");
    let disabled = Gateway::builder()
        .server(&server)
        .idle(Duration::from_secs(60))
        .spawn()
        .await;
    let add = [
        ("type", "add"),
        ("secret", SECRET),
        ("username", "x"),
        ("password", "y"),
    ];
    assert_eq!(legacy(&disabled, &add).await, error("UserServiceDisabled"));

    let elsewhere = Gateway::builder()
        .server(&server)
        .idle(Duration::from_secs(60))
        .config(|c| {
            c.user_service = xwg_api::config::UserServiceConfig {
                enabled: true,
                secret: Some(SECRET.into()),
                allowed: vec!["10.1.2.3".parse().unwrap()],
            }
        })
        .spawn()
        .await;
    assert_eq!(
        legacy(&elsewhere, &add).await,
        error("RequestNotAuthorised")
    );

    let open = Gateway::builder()
        .server(&server)
        .idle(Duration::from_secs(60))
        .config(|c| {
            c.user_service = xwg_api::config::UserServiceConfig {
                enabled: true,
                secret: Some(SECRET.into()),
                allowed: vec!["127.0.0.1".parse().unwrap()],
            }
        })
        .spawn()
        .await;
    let wrong = [
        ("type", "add"),
        ("secret", "not-the-secret"),
        ("username", "x"),
        ("password", "y"),
    ];
    assert_eq!(legacy(&open, &wrong).await, error("RequestNotAuthorised"));
    assert_eq!(
        legacy(&open, &[("type", "add"), ("username", "x")]).await,
        error("RequestNotAuthorised")
    );
    assert_eq!(
        legacy(&open, &[("secret", SECRET)]).await,
        error("IllegalArgumentException")
    );
    assert_eq!(
        legacy(&open, &[("secret", SECRET), ("type", "rename")]).await,
        error("IllegalArgumentException")
    );
    // The admin API does not take a wrong secret either.
    let (status, _) = api(&open, Method::GET, "/users", "not-the-secret", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_user_lives_and_dies_through_the_legacy_endpoint() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let user = unique("us-");
    let (password, new_password) = (unique("pw-"), unique("pw2-"));
    let group = unique("社員-");
    let groups = format!("{group}, {}", unique("g-"));

    // add, with a CJK name, by form POST at the second path.
    let add = [
        ("type", "add"),
        ("secret", SECRET),
        ("username", &user),
        ("password", &password),
        ("name", "山田 太郎"),
        ("email", "taro@example.org"),
        ("groups", &groups),
    ];
    assert_eq!(legacy_form(&gw, &add).await, OK);
    assert_eq!(
        legacy_form(&gw, &add).await,
        error("UserAlreadyExistsException")
    );
    let no_password = [("type", "add"), ("secret", SECRET), ("username", &user)];
    assert_eq!(
        legacy(&gw, &no_password).await,
        error("IllegalArgumentException")
    );

    // The account is real: the gateway and a native client log in with it.
    gw.login(&user, &password).await;
    drop(native_client(&user, &password).await);
    let (_, profile) = api(&gw, Method::GET, &format!("/users/{user}"), SECRET, None).await;
    assert_eq!(
        profile,
        json!({"username": user, "name": "山田 太郎", "email": "taro@example.org",
               "properties": []})
    );
    let mine = legacy(
        &gw,
        &[
            ("type", "usergrouplist"),
            ("secret", SECRET),
            ("username", &user),
        ],
    )
    .await;
    assert!(
        mine.contains(&format!("<groupname>{group}</groupname>")),
        "{mine}"
    );
    let all = legacy(&gw, &[("type", "grouplist"), ("secret", SECRET)]).await;
    assert!(
        all.starts_with("<result><groupname>") && all.contains(&group),
        "{all}"
    );

    // update by `jid`, as the original plugin took it: the password changes.
    let update = [
        ("type", "update"),
        ("secret", SECRET),
        ("jid", &jid(&user)),
        ("password", &new_password),
    ];
    assert_eq!(legacy(&gw, &update).await, OK);
    assert_eq!(
        gw.try_login(&user, &password).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let token = gw.login(&user, &new_password).await;
    drop(native_client(&user, &new_password).await);

    // disable blocks gateway logins and ends the user's logins; enable lets them log in.
    let by_name = |kind| {
        [
            ("type", kind),
            ("secret", SECRET),
            ("username", user.as_str()),
        ]
    };
    assert_eq!(legacy(&gw, &by_name("disable")).await, OK);
    let refused = gw.try_login(&user, &new_password).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"],
        "UserDisabled"
    );
    assert_eq!(
        gw.user(Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(legacy(&gw, &by_name("enable")).await, OK);
    gw.login(&user, &new_password).await;

    // delete removes the account.
    assert_eq!(legacy(&gw, &by_name("delete")).await, OK);
    assert_eq!(
        gw.try_login(&user, &new_password).await.status(),
        StatusCode::UNAUTHORIZED
    );
    for kind in ["delete", "update", "disable", "enable", "usergrouplist"] {
        assert_eq!(
            legacy(&gw, &by_name(kind)).await,
            error("UserNotFoundException"),
            "{kind}"
        );
    }
    let (status, body) = api(&gw, Method::GET, &format!("/users/{user}"), SECRET, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("UserNotFoundException"))
    );
}

#[tokio::test]
async fn rosters_and_shared_groups_through_the_legacy_endpoint() {
    let gw = spawn_user_admin_gateway(SECRET, &[]).await;
    let (ann, ann_password) = register_user("ann-");
    let (ben, ben_password) = register_user("ben-");
    let (cat, cat_password) = register_user("cat-");
    // Users who logged in through the gateway: where the server grants it no privilege over
    // other accounts (ejabberd), their rosters are changed as them.
    for (user, password) in [
        (&ann, &ann_password),
        (&ben, &ben_password),
        (&cat, &cat_password),
    ] {
        gw.login(user, password).await;
    }
    let item = |kind: &'static str, extra: &[(&'static str, String)]| {
        let mut params = vec![
            ("type", kind.to_string()),
            ("secret", SECRET.to_string()),
            ("username", ann.clone()),
        ];
        params.extend(extra.iter().cloned());
        params
    };
    let call = |params: Vec<(&'static str, String)>| {
        let gw = &gw;
        async move {
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            legacy(gw, &params).await
        }
    };
    let ben_jid = jid(&ben);
    let add = item(
        "add_roster",
        &[
            ("item_jid", ben_jid.clone()),
            ("name", "Ben".into()),
            ("subscription", "1".into()),
            ("groups", "Friends".into()),
        ],
    );
    assert_eq!(call(add.clone()).await, OK);
    assert_eq!(call(add).await, error("UserAlreadyExistsException"));
    // With the server's privilege (Prosody) the subscription is set; without it (ejabberd
    // 23.01) the gateway asks as Ann, and it waits for Ben's answer (RFC 6121 §3.1).
    let set_or_asked = |subscription: i64| {
        if tests::on_ejabberd() {
            0
        } else {
            subscription
        }
    };
    assert_eq!(
        roster(&gw, &ann).await,
        [(
            ben_jid.clone(),
            json!("Ben"),
            set_or_asked(1),
            json!(["Friends"])
        )]
    );

    let update = item(
        "update_roster",
        &[
            ("item_jid", ben_jid.clone()),
            ("name", "Benjamin".into()),
            ("subscription", "3".into()),
        ],
    );
    assert_eq!(call(update).await, OK);
    assert_eq!(
        roster(&gw, &ann).await,
        [(
            ben_jid.clone(),
            json!("Benjamin"),
            set_or_asked(3),
            json!(["Friends"])
        )]
    );
    let bad = item(
        "update_roster",
        &[("item_jid", ben_jid.clone()), ("subscription", "7".into())],
    );
    assert_eq!(call(bad).await, error("IllegalArgumentException"));
    let missing_item = item("add_roster", &[]);
    assert_eq!(call(missing_item).await, error("IllegalArgumentException"));

    let unknown = jid(&unique("nobody-"));
    assert_eq!(
        call(item("update_roster", &[("item_jid", unknown.clone())])).await,
        error("UserNotFoundException")
    );
    assert_eq!(
        call(item("delete_roster", &[("item_jid", unknown)])).await,
        error("UserNotFoundException")
    );
    assert_eq!(
        call(item("delete_roster", &[("item_jid", ben_jid.clone())])).await,
        OK
    );
    assert!(roster(&gw, &ann).await.is_empty());
    assert_eq!(
        call(item("delete_roster", &[("item_jid", ben_jid.clone())])).await,
        error("UserNotFoundException")
    );

    // A shared group puts its members into each other's rosters; those items are the group's.
    let team = unique("team-");
    let (status, _) = api(
        &gw,
        Method::POST,
        "/groups",
        SECRET,
        Some(json!({"name": team, "description": "Team", "shared": true})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    for member in [&ann, &cat] {
        let join = [
            ("type", "update"),
            ("secret", SECRET),
            ("username", member.as_str()),
            ("groups", team.as_str()),
        ];
        assert_eq!(legacy(&gw, &join).await, OK);
    }
    let cat_jid = jid(&cat);
    assert_eq!(
        roster(&gw, &ann).await,
        [(cat_jid.clone(), json!(cat), 3, json!([team]))]
    );
    assert_eq!(
        roster(&gw, &cat).await,
        [(jid(&ann), json!(ann), 3, json!([team]))]
    );
    assert_eq!(
        call(item(
            "update_roster",
            &[("item_jid", cat_jid.clone()), ("name", "Kitty".into())]
        ))
        .await,
        error("SharedGroupException")
    );
    assert_eq!(
        call(item("delete_roster", &[("item_jid", cat_jid.clone())])).await,
        error("SharedGroupException")
    );
    let into_shared = item(
        "add_roster",
        &[("item_jid", ben_jid.clone()), ("groups", team.clone())],
    );
    assert_eq!(call(into_shared).await, error("SharedGroupException"));

    // Leaving the group takes its items away again.
    let leave = [
        ("type", "update"),
        ("secret", SECRET),
        ("username", cat.as_str()),
        ("groups", ""),
    ];
    assert_eq!(legacy(&gw, &leave).await, OK);
    assert!(roster(&gw, &ann).await.is_empty());
    assert!(roster(&gw, &cat).await.is_empty());
}

/// The real keeper, except that setting a vCard fails: a step after the account exists.
struct VcardStepFails(Arc<dyn Keeper>);

#[async_trait::async_trait]
impl Keeper for VcardStepFails {
    async fn remember_password(&self, user: &str, password: &str) -> Result<(), KeeperError> {
        self.0.remember_password(user, password).await
    }
    async fn ensure_session(&self, user: &str) -> Result<(), KeeperError> {
        self.0.ensure_session(user).await
    }
    async fn send(&self, user: &str, stanza: Stanza) -> Result<Delivery, KeeperError> {
        self.0.send(user, stanza).await
    }
    async fn iq(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.0.iq(user, to, kind, payload).await
    }
    async fn query(
        &self,
        user: &str,
        to: Option<Jid>,
        payload: Element,
        queryid: &str,
    ) -> Result<(Option<Element>, Vec<Element>), KeeperError> {
        self.0.query(user, to, payload, queryid).await
    }
    async fn exchange_presence(
        &self,
        user: &str,
        presence: Presence,
        from: Jid,
    ) -> Result<Presence, KeeperError> {
        self.0.exchange_presence(user, presence, from).await
    }
    async fn exchange_message(&self, user: &str, message: Message) -> Result<Message, KeeperError> {
        self.0.exchange_message(user, message).await
    }
    async fn subscribe(&self, user: &str, login: &str) -> Result<EventStream, KeeperError> {
        self.0.subscribe(user, login).await
    }
    async fn end_logins(
        &self,
        user: &str,
        login: Option<&str>,
        reason: &str,
    ) -> Result<(), KeeperError> {
        self.0.end_logins(user, login, reason).await
    }
    async fn end_session(&self, user: &str, reason: &str) -> Result<(), KeeperError> {
        self.0.end_session(user, reason).await
    }
    async fn forget_user(&self, user: &str) -> Result<(), KeeperError> {
        self.0.forget_user(user).await
    }
    async fn send_as_user(&self, user: &str, stanzas: Vec<Stanza>) -> Result<(), KeeperError> {
        self.0.send_as_user(user, stanzas).await
    }
    async fn iq_as_user(
        &self,
        user: &str,
        to: Option<Jid>,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        self.0.iq_as_user(user, to, kind, payload).await
    }
    async fn admin_command(&self, command: Element) -> Result<Option<Element>, KeeperError> {
        self.0.admin_command(command).await
    }
    async fn admin_account(&self) -> Result<String, KeeperError> {
        self.0.admin_account().await
    }
    async fn privileged_iq(
        &self,
        to: Jid,
        kind: IqKind,
        payload: Element,
    ) -> Result<Option<Element>, KeeperError> {
        if payload.name() == "privileged_iq" {
            return Err(KeeperError::Timeout);
        }
        self.0.privileged_iq(to, kind, payload).await
    }
}

#[tokio::test]
async fn a_failure_part_way_leaves_no_account_behind() {
    let gw = Gateway::builder()
        .keeper(user_admin_keeper_config())
        .config(|c| {
            c.user_service = xwg_api::config::UserServiceConfig {
                enabled: true,
                secret: Some(SECRET.into()),
                allowed: Vec::new(),
            }
        })
        .keeper_through(|keeper| Arc::new(VcardStepFails(keeper)))
        .spawn()
        .await;
    let (user, password) = (unique("half-"), unique("pw-"));
    let add = [
        ("type", "add"),
        ("secret", SECRET),
        ("username", &user),
        ("password", &password),
        ("name", "Half"),
    ];
    assert_eq!(legacy(&gw, &add).await, error("XmppTimeout"));
    // The account Prosody had created is gone again, and so is the profile.
    assert_eq!(
        gw.try_login(&user, &password).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (_, listed) = api(
        &gw,
        Method::GET,
        &format!("/users?search={user}"),
        SECRET,
        None,
    )
    .await;
    assert_eq!(listed, json!({"users": []}));
    // Without a name no vCard is needed, and the same user is created cleanly.
    let plain = [
        ("type", "add"),
        ("secret", SECRET),
        ("username", &user),
        ("password", &password),
    ];
    assert_eq!(legacy(&gw, &plain).await, OK);
    gw.login(&user, &password).await;
}

#[tokio::test]
async fn the_admin_json_api_passes_the_same_scenarios() {
    let (boss, boss_password) = register_user("boss-");
    let gw = spawn_user_admin_gateway(SECRET, &[&boss]).await;
    let admin = gw.login(&boss, &boss_password).await;
    let (plain_user, plain_password) = register_user("plain-");
    let plain = gw.login(&plain_user, &plain_password).await;

    // Auth: the admin role or the secret; an ordinary user's token is forbidden.
    assert_eq!(
        api(&gw, Method::GET, "/users", &plain, None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&gw, Method::GET, "/users", &admin, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        api(&gw, Method::GET, "/users", &format!("Bearer {admin}"), None)
            .await
            .0,
        StatusCode::OK
    );

    let user = unique("api-");
    let (password, new_password) = (unique("pw-"), unique("pw2-"));
    // Properties are checked before anything is made: no account for a bad one.
    for bad in [
        json!([{"key": "", "value": "x"}]),
        json!([{"key": "k".repeat(101), "value": "x"}]),
        json!([{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]),
    ] {
        let body = json!({"username": user, "password": password, "properties": bad});
        let (status, error) = api(&gw, Method::POST, "/users", &admin, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    }
    assert_eq!(
        api(&gw, Method::GET, &format!("/users/{user}"), &admin, None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let create =
        json!({"username": user, "password": password, "name": "Zoë", "email": "zoe@example.org"});
    assert_eq!(
        api(&gw, Method::POST, "/users", &admin, Some(create.clone()))
            .await
            .0,
        StatusCode::CREATED
    );
    let (status, body) = api(&gw, Method::POST, "/users", &admin, Some(create)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("UserAlreadyExistsException"))
    );
    let (status, body) = api(
        &gw,
        Method::POST,
        "/users",
        &admin,
        Some(json!({"username": unique("np-")})),
    )
    .await;
    assert_eq!(
        (status, body["exception"].as_str()),
        (StatusCode::BAD_REQUEST, Some("PasswordIsNull")),
        "the plugin's name for a user without a password"
    );
    gw.login(&user, &password).await;
    drop(native_client(&user, &password).await);

    let (_, found) = api(&gw, Method::GET, "/users?search=zoe@EXAMPLE", &admin, None).await;
    assert!(
        found["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["username"] == user.as_str()),
        "{found}"
    );
    let path = format!("/users/{user}");
    let update = json!({"name": "Zoë B.", "password": new_password});
    assert_eq!(
        api(&gw, Method::PUT, &path, &admin, Some(update)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        gw.try_login(&user, &password).await.status(),
        StatusCode::UNAUTHORIZED
    );
    gw.login(&user, &new_password).await;
    assert_eq!(
        api(&gw, Method::GET, &path, &admin, None).await.1["name"],
        "Zoë B."
    );

    // Lockout, at the plugin's path (and the gateway's earlier one).
    let lockout = format!("/lockouts/{user}");
    assert_eq!(
        api(&gw, Method::POST, &lockout, &admin, None).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        gw.try_login(&user, &new_password).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(
            &gw,
            Method::DELETE,
            &format!("{path}/lockout"),
            &admin,
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    gw.login(&user, &new_password).await;

    // Groups: CRUD, memberships, sharing turned on and off.
    let group = unique("grp-");
    let new_group = json!({"name": group, "description": "Ops"});
    assert_eq!(
        api(
            &gw,
            Method::POST,
            "/groups",
            &admin,
            Some(new_group.clone())
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (status, body) = api(&gw, Method::POST, "/groups", &admin, Some(new_group)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("GroupAlreadyExistsException"))
    );
    let members = json!({"groupname": [group]});
    for member in [&user, &plain_user] {
        let status = api(
            &gw,
            Method::POST,
            &format!("/users/{member}/groups"),
            &admin,
            Some(members.clone()),
        )
        .await
        .0;
        assert_eq!(status, StatusCode::CREATED);
    }
    assert_eq!(
        api(&gw, Method::GET, &format!("{path}/groups"), &admin, None)
            .await
            .1,
        json!({"groupnames": [group]})
    );
    assert!(roster(&gw, &user).await.is_empty(), "not shared yet");
    let share = json!({"shared": true});
    assert_eq!(
        api(
            &gw,
            Method::PUT,
            &format!("/groups/{group}"),
            &admin,
            Some(share)
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        roster(&gw, &user).await,
        [(jid(&plain_user), json!(plain_user), 3, json!([group]))]
    );
    let shared_item = format!("{path}/roster/{}", jid(&plain_user));
    let (status, body) = api(&gw, Method::DELETE, &shared_item, &admin, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("SharedGroupException"))
    );
    let (_, one) = api(&gw, Method::GET, &format!("/groups/{group}"), &admin, None).await;
    let mut members = vec![jid(&user), jid(&plain_user)];
    members.sort();
    let mut listed = one.clone();
    listed["members"]
        .as_array_mut()
        .unwrap()
        .sort_by_key(|m| m.to_string());
    assert_eq!(
        listed,
        json!({"name": group, "description": "Ops", "shared": true, "admins": [],
               "members": members}),
        "the plugin's Group entity: members as bare JIDs"
    );
    assert_eq!(
        api(
            &gw,
            Method::DELETE,
            &format!("/groups/{group}"),
            &admin,
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert!(
        roster(&gw, &user).await.is_empty(),
        "the deleted group's items are gone"
    );
    let (status, body) = api(&gw, Method::GET, &format!("/groups/{group}"), &admin, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("GroupNotFoundException"))
    );

    // Roster CRUD.
    let roster_path = format!("{path}/roster");
    let contact =
        json!({"jid": jid(&boss), "nickname": "Boss", "subscriptionType": 2, "groups": ["Work"]});
    assert_eq!(
        api(
            &gw,
            Method::POST,
            &roster_path,
            &admin,
            Some(contact.clone())
        )
        .await
        .0,
        StatusCode::CREATED
    );
    let (status, body) = api(&gw, Method::POST, &roster_path, &admin, Some(contact)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("UserAlreadyExistsException"))
    );
    let boss_item = format!("{roster_path}/{}", jid(&boss));
    let change = json!({"nickname": "The Boss", "subscriptionType": 3});
    assert_eq!(
        api(&gw, Method::PUT, &boss_item, &admin, Some(change))
            .await
            .0,
        StatusCode::OK
    );
    // Set with the server's privilege; asked as the user, and waiting, without it.
    let set_or_asked = if tests::on_ejabberd() { 0 } else { 3 };
    assert_eq!(
        roster(&gw, &user).await,
        [(jid(&boss), json!("The Boss"), set_or_asked, json!(["Work"]))]
    );
    assert_eq!(
        api(&gw, Method::DELETE, &boss_item, &admin, None).await.0,
        StatusCode::OK
    );
    let (status, body) = api(&gw, Method::DELETE, &boss_item, &admin, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("UserNotFoundException"))
    );

    // Delete.
    assert_eq!(
        api(&gw, Method::DELETE, &path, &admin, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        gw.try_login(&user, &new_password).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = api(&gw, Method::DELETE, &path, &admin, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("UserNotFoundException"))
    );
}
