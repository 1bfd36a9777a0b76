//! The cloud shape on one machine, started the way a newcomer starts it (`./local/up
//! --cloud`): the function binaries under `cargo lambda watch` (the Lambda runtime
//! emulator) behind the local front that routes the template's paths, two keeper processes
//! holding the sessions and serving the streams, reached over their authenticated HTTP API,
//! DynamoDB and the secrets (Secrets Manager) on moto. Like CloudFront, the front adds the
//! origin secret: whoever goes around it is refused.

use std::process::Command;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use tests::{Process, SseClient, free_port, register_user, stack_var, unique, workspace_root};

const WAIT: Duration = Duration::from_secs(240);
/// Streams end this soon, so that the test sees the end and the resume.
const SSE_MAX: Duration = Duration::from_secs(4);

struct Cloud {
    _up: Process,
    _state: std::path::PathBuf,
    keeper_url: String,
    /// The first keeper's stream listener (the next port after its API).
    streams_url: String,
    /// Where `cargo lambda watch` serves the functions.
    functions_url: String,
    front: String,
}

impl Drop for Cloud {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self._state);
    }
}

/// A free port whose next three are free too (the keepers take four in a row).
fn four_free_ports() -> u16 {
    loop {
        let port = free_port();
        if port < 65_000
            && (1..4).all(|n| std::net::TcpListener::bind(("127.0.0.1", port + n)).is_ok())
        {
            return port;
        }
    }
}

async fn start_cloud(table: &str) -> Cloud {
    let state = std::env::temp_dir().join(unique("xwg-cloud-"));
    let (front, functions, keeper) = (free_port(), free_port(), four_free_ports());
    let mut up = Command::new(workspace_root().join("local/up"));
    up.arg("--cloud")
        // The test stack's Prosody, moto and binaries; everything else as ./local/up --cloud.
        .env("XWG_STATE", &state)
        .env("XWG_LISTEN", format!("127.0.0.1:{front}"))
        .env("XWG_FUNCTIONS_PORT", functions.to_string())
        .env("XWG_KEEPER_PORT", keeper.to_string())
        .env("XWG_DYNAMODB_TABLE", table)
        .env("XWG_SECRET_NAME", unique("xwg-smoke-"))
        .env("XWG_KEEPER_BIN", stack_var("XWG_KEEPER_BIN"))
        .env("XWG_SSE_MAX_SECS", SSE_MAX.as_secs().to_string());
    let up = Process::start(up, front, "./local/up --cloud").await;
    Cloud {
        _up: up,
        _state: state,
        keeper_url: format!("http://127.0.0.1:{keeper}"),
        streams_url: format!("http://127.0.0.1:{}", keeper + 1),
        functions_url: format!("http://127.0.0.1:{functions}/lambda-url"),
        front: format!("http://127.0.0.1:{front}"),
    }
}

#[tokio::test]
async fn the_routes_run_as_lambda_functions_over_the_keeper_fleet() {
    let table = tests::dynamo_table().await;
    let cloud = start_cloud(&table).await;
    // The first call of each function builds and starts it: allow for that.
    let http = reqwest::Client::builder().timeout(WAIT).build().unwrap();
    let api = |path: &str| format!("{}/sparkweb/api{path}", cloud.front);
    let (alice, alice_password) = register_user("lam");
    let (bob, bob_password) = register_user("lam");

    let mut tokens = Vec::new();
    for (user, password) in [(&alice, &alice_password), (&bob, &bob_password)] {
        let response = http
            .post(api(&format!("/rest/login/{user}")))
            .body(password.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        tokens.push(
            response.json::<Value>().await.unwrap()["token"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let (alice_token, bob_token) = (&tokens[0], &tokens[1]);

    let wrong = http
        .post(api(&format!("/rest/login/{alice}")))
        .body("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let user: Value = http
        .get(api("/rest/user"))
        .header("Authorization", alice_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(user["username"], alice.as_str());

    // The first call of a function builds it: the sending function is called once before
    // the stream's clock (XWG_SSE_MAX_SECS) starts.
    let domain = stack_var("XWG_XMPP_DOMAIN");
    let warm = http
        .post(api(&format!("/rest/chat/message/{alice}@{domain}")))
        .header("Authorization", alice_token)
        .body("a note to self")
        .send()
        .await
        .unwrap();
    assert_eq!(warm.status(), StatusCode::OK);

    // Bob's stream through a keeper of the fleet, Alice's message through her function.
    let sse = http
        .get(format!("{}/sparkweb/sse?token={bob_token}", cloud.front))
        .send()
        .await
        .unwrap();
    assert_eq!(sse.status(), StatusCode::OK);
    let mut bob_stream = SseClient::new(sse);
    assert_eq!(bob_stream.next(WAIT).await.event, "onConnect");
    let sent = http
        .post(api(&format!("/rest/chat/message/{bob}@{domain}")))
        .header("Authorization", alice_token)
        .body("through the functions")
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    let chat = bob_stream.next_named("chatapi.chat", WAIT).await;
    assert!(chat.data.contains("through the functions"), "{}", chat.data);

    // The stream ends after XWG_SSE_MAX_SECS; the client resumes (through the front, on
    // either keeper) after the last id it saw and gets what was sent meanwhile, from the
    // log in DynamoDB.
    assert!(bob_stream.ends(SSE_MAX * 3).await, "the stream ends itself");
    let sent = http
        .post(api(&format!("/rest/chat/message/{bob}@{domain}")))
        .header("Authorization", alice_token)
        .body("while bob was away")
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    let resumed = http
        .get(api(&format!("/sse?token={bob_token}")))
        .header("Last-Event-ID", &chat.id)
        .send()
        .await
        .unwrap();
    let mut bob_stream = SseClient::new(resumed);
    assert_eq!(bob_stream.next(WAIT).await.event, "onConnect");
    let missed = bob_stream.next_named("chatapi.chat", WAIT).await;
    assert!(
        missed.data.contains("while bob was away"),
        "{}",
        missed.data
    );

    let logout = http
        .post(api("/rest/logout"))
        .header("Authorization", format!("Bearer {alice_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::OK);
    let after = http
        .get(api("/rest/user"))
        .header("Authorization", alice_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        after.status(),
        StatusCode::UNAUTHORIZED,
        "the revocation is in DynamoDB, seen by another function"
    );

    // Around the front (CloudFront's stand-in) the functions and the streams refuse: the
    // origin secret is missing.
    for around in [
        format!("{}/get_user/sparkweb/api/rest/user", cloud.functions_url),
        format!("{}/sparkweb/sse?token={bob_token}", cloud.streams_url),
    ] {
        let answer = http
            .get(&around)
            .header("Authorization", bob_token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FORBIDDEN, "{around}");
    }

    // The keeper's API refuses callers without the shared secret.
    for secret in [None, Some("not-the-secret")] {
        let mut request = http.put(format!("{}/users/{alice}/session", cloud.keeper_url));
        if let Some(secret) = secret {
            request = request.header("x-keeper-secret", secret);
        }
        assert_eq!(
            request.send().await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
    }
}
