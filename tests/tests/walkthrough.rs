//! The README's walk-through, run as written against a gateway of the test stack: every
//! command's output must be what the README prints under it. In the README's text, `…`
//! stands for any text within a line, and a line of `…` alone for any number of lines.
//! The gateway's address and the user's name are the only things changed (the user gets a
//! fresh name, so that runs do not meet).

use std::process::Stdio;
use std::time::Duration;

use tests::{spawn_gateway, unique, workspace_root};

const BEGIN: &str = "<!-- walk-through -->";
const END: &str = "<!-- end of walk-through -->";
/// Where the README's commands find the gateway (`./local/up`'s address).
const README_BASE: &str = "http://127.0.0.1:8080";

/// One command of the walk-through and the lines it prints.
struct Step {
    command: String,
    prints: Vec<String>,
}

fn walk_through() -> Vec<Step> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("the README marks its walk-through")
        + BEGIN.len();
    let end = readme
        .find(END)
        .expect("the README marks the walk-through's end");
    let mut steps: Vec<Step> = Vec::new();
    for line in readme[start..end].lines() {
        if line.starts_with("```") || line.is_empty() {
            continue;
        }
        match line.strip_prefix("$ ") {
            Some(command) => steps.push(Step {
                command: command.to_string(),
                prints: Vec::new(),
            }),
            None => steps
                .last_mut()
                .expect("output follows a command")
                .prints
                .push(line.to_string()),
        }
    }
    assert!(steps.len() >= 5, "a walk-through of a few steps");
    steps
}

/// Whether `line` is `pattern`, where `…` stands for any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split('…').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return line == pattern;
    }
    if !line.starts_with(first) || line.len() < first.len() + last.len() || !line.ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Whether `lines` are what `patterns` describe (a pattern `…` alone: any number of lines).
fn lines_match(patterns: &[String], lines: &[&str]) -> bool {
    match patterns.split_first() {
        None => lines.is_empty(),
        Some((first, rest)) if first == "…" => {
            (0..=lines.len()).any(|skip| lines_match(rest, &lines[skip..]))
        }
        Some((first, rest)) => {
            !lines.is_empty() && line_matches(first, lines[0]) && lines_match(rest, &lines[1..])
        }
    }
}

#[test]
fn the_wildcards_mean_what_the_readme_says() {
    assert!(line_matches(
        r#"{"token":"eyJ…","r":"…"}"#,
        r#"{"token":"eyJabc","r":"x"}"#
    ));
    assert!(!line_matches(r#"{"token":"eyJ…"}"#, r#"{"token":"abc"}"#));
    assert!(!line_matches("a…b", "ab-c"));
    let patterns = ["x".to_string(), "…".to_string(), "z".to_string()];
    assert!(lines_match(&patterns, &["x", "z"]));
    assert!(lines_match(&patterns, &["x", "y", "y", "z"]));
    assert!(!lines_match(&patterns, &["x", "y"]));
}

#[tokio::test]
async fn the_readme_walk_through_prints_what_it_says() {
    let gw = spawn_gateway().await;
    let user = unique("alice");
    let dir = std::env::temp_dir().join(unique("walk-through-"));
    std::fs::create_dir_all(&dir).unwrap();
    let root = workspace_root();
    let adapt = |text: &str| {
        text.replace(README_BASE, &gw.base)
            .replace("alice", &user)
            .replace("./local/", &format!("{}/local/", root.display()))
    };
    let steps = walk_through();
    // One shell runs them all, as a reader's terminal would; markers split the output.
    let mut script = String::from("set -u\n");
    for (n, step) in steps.iter().enumerate() {
        // On a line of its own even after output without a final newline (curl's JSON).
        script.push_str(&format!(
            "printf '\\n@@@ {n}\\n'\n{}\n",
            adapt(&step.command)
        ));
    }
    script.push_str("kill $(jobs -p) 2>/dev/null; true\n");
    let child = tokio::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let output = tokio::time::timeout(Duration::from_secs(90), child.wait_with_output())
        .await
        .expect("the walk-through ends within 90 s")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut printed: Vec<Vec<&str>> = vec![Vec::new(); steps.len()];
    let mut current = None;
    // Blank lines are not compared (the README's output has none: SSE's are left out).
    for line in stdout.lines().filter(|line| !line.is_empty()) {
        match line.strip_prefix("@@@ ") {
            Some(n) => current = Some(n.parse::<usize>().unwrap()),
            None => printed[current.expect("output after a marker")].push(line),
        }
    }
    for (step, lines) in steps.iter().zip(&printed) {
        let expected: Vec<String> = step.prints.iter().map(|line| adapt(line)).collect();
        assert!(
            lines_match(&expected, lines),
            "`{}` printed\n{}\nwhere the README says\n{}\n(stderr: {})",
            step.command,
            lines.join("\n"),
            step.prints.join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
