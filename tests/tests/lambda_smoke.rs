//! The Lambda path: the function binaries of login, user and logout under `cargo lambda
//! watch` (the Lambda runtime emulator), with the DynamoDB adapter on moto, as in the cloud.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use tests::{register_user, unique, workspace_root};

/// `cargo lambda watch` in a process group of its own, stopped with everything it spawned.
struct LambdaEmulator {
    child: Child,
    base: String,
}

impl Drop for LambdaEmulator {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start_emulator(table: &str) -> LambdaEmulator {
    use std::os::unix::process::CommandExt;
    let port = free_port();
    let key = format!("smoke={}", unique("0123456789abcdef0123456789abcdef-"));
    let child = Command::new("cargo")
        .args(["lambda", "watch", "--invoke-address", "127.0.0.1", "--invoke-port", &port.to_string()])
        .current_dir(workspace_root())
        .env("XWG_STORE", "dynamodb")
        .env("XWG_DYNAMODB_TABLE", table)
        .env("XWG_JWT_KEYS", key)
        .process_group(0)
        .spawn()
        .expect("cargo lambda runs (./local/test installs it)");
    let emulator = LambdaEmulator { child, base: format!("http://127.0.0.1:{port}/lambda-url") };
    let deadline = Instant::now() + Duration::from_secs(60);
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(Instant::now() < deadline, "cargo lambda watch did not listen on {port}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    emulator
}

#[tokio::test]
async fn login_user_and_logout_run_as_lambda_functions() {
    let table = tests::dynamo_table().await;
    let emulator = start_emulator(&table).await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(240)).build().unwrap();
    let (username, password) = register_user("lam");

    // The first call of each function builds and starts it: allow for that.
    let response = http
        .post(format!("{}/login/sparkweb/api/rest/login/{username}", emulator.base))
        .body(password.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let token = response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();

    let wrong = http
        .post(format!("{}/login/sparkweb/api/rest/login/{username}", emulator.base))
        .body("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let user_url = format!("{}/get_user/sparkweb/api/rest/user", emulator.base);
    let user: Value = http.get(&user_url).header("Authorization", &token).send().await.unwrap().json().await.unwrap();
    assert_eq!(user["username"], username.as_str());

    let logout = http
        .post(format!("{}/logout/sparkweb/api/rest/logout", emulator.base))
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::OK);
    let after = http.get(&user_url).header("Authorization", &token).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED, "the revocation is in DynamoDB, seen by another function");
}
