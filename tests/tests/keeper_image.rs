//! The keeper's container image: the Dockerfile passes hadolint, its build stage runs
//! `local/build-keeper` (the script that built the keeper these tests run) and its image
//! runs that binary as a non-root user with a health check the binary answers. No
//! container runtime runs here, so the image itself is not built by the tests.

use std::process::Command;

use tests::{spawn_keeper, stack_var, unique, workspace_root};

/// The Dockerfile's instructions, continuation lines joined, comments dropped.
fn instructions() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(workspace_root().join("Dockerfile")).unwrap();
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                joined.push(std::mem::take(&mut current));
            }
        }
    }
    joined
        .into_iter()
        .map(|line| {
            let (keyword, rest) = line.split_once(' ').unwrap_or((&line, ""));
            (keyword.to_uppercase(), rest.trim().to_string())
        })
        .collect()
}

#[test]
fn hadolint_finds_nothing() {
    tests::tool_passes("XWG_HADOLINT", &["Dockerfile"]);
}

#[test]
fn the_image_runs_the_keeper_the_tests_run_as_a_non_root_user() {
    let instructions = instructions();
    let stages: Vec<usize> = instructions
        .iter()
        .enumerate()
        .filter(|(_, (keyword, _))| keyword == "FROM")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(stages.len(), 2, "a build stage and the image");
    let (build, image) = (&instructions[..stages[1]], &instructions[stages[1]..]);

    // The command after any of RUN's own flags (`--mount=…`).
    let command = |rest: &str| {
        rest.split_whitespace()
            .skip_while(|word| word.starts_with("--"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let built = build
        .iter()
        .find_map(|(keyword, rest)| {
            (keyword == "RUN").then(|| {
                command(rest)
                    .strip_prefix("local/build-keeper service ")
                    .map(str::to_string)
            })?
        })
        .expect("the build stage runs local/build-keeper service OUT");
    // Built on the build machine's platform (a cross-compile, not an emulated build).
    assert!(
        instructions[stages[0]]
            .1
            .starts_with("--platform=$BUILDPLATFORM "),
        "{}",
        instructions[stages[0]].1
    );
    assert!(
        image[0].1.starts_with("gcr.io/distroless/"),
        "a small base: {}",
        image[0].1
    );
    let copied = image
        .iter()
        .find(|(keyword, _)| keyword == "COPY")
        .map(|(_, rest)| rest.split_whitespace().collect::<Vec<_>>())
        .expect("the image copies the binary");
    assert_eq!(copied[..2], ["--from=build", built.as_str()]);
    let binary = copied[2];
    let field = |name: &str| {
        image
            .iter()
            .rev()
            .find(|(keyword, _)| keyword == name)
            .map(|(_, rest)| rest.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let user = field("USER");
    let uid: u32 = user
        .split(':')
        .next()
        .unwrap()
        .parse()
        .expect("a numeric user");
    assert_ne!(uid, 0, "not root");
    let entrypoint: Vec<String> = serde_json::from_str(&field("ENTRYPOINT")).unwrap();
    assert_eq!(entrypoint, [binary]);
    let health = field("HEALTHCHECK");
    let command: Vec<String> = serde_json::from_str(health.split_once("CMD ").unwrap().1).unwrap();
    assert_eq!(command, [binary, "health"]);
}

#[tokio::test]
async fn the_health_check_says_whether_the_keeper_serves() {
    let health = |listen: &str| {
        Command::new(stack_var("XWG_KEEPER_BIN"))
            .arg("health")
            .env("XWG_KEEPER_LISTEN", listen)
            .output()
            .expect("xwg-keeper health runs")
    };
    let table = tests::dynamo_table().await;
    let keeper = spawn_keeper(&table, &unique("keeper-secret-0123456789abcdef-"), "health").await;
    let listen = keeper.url.trim_start_matches("http://").to_string();
    assert!(
        health(&listen).status.success(),
        "a serving keeper is healthy"
    );
    // Listening on every address, as in the container: checked on loopback.
    let port = listen.rsplit_once(':').unwrap().1;
    assert!(health(&format!("0.0.0.0:{port}")).status.success());
    drop(keeper);
    let down = health(&listen);
    assert!(!down.status.success(), "a stopped keeper is not");
    assert!(String::from_utf8_lossy(&down.stderr).contains("/health"));
}
