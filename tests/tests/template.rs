//! `template.yaml` and the function binaries must agree with the route table: one
//! function per route, with the route's method and path, building the route's binary.

use std::collections::BTreeSet;

use serde_yaml::Value;
use shared::routes::ROUTES;
use tests::workspace_root;

fn template() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("template.yaml")).unwrap();
    serde_yaml::from_str(&text).expect("template.yaml parses")
}

/// `get_user` → `GetUserFunction`.
fn resource_name(route: &str) -> String {
    let pascal: String = route
        .split('_')
        .map(|word| word[..1].to_uppercase() + &word[1..])
        .collect();
    format!("{pascal}Function")
}

#[test]
fn every_route_has_its_function_and_nothing_else_does() {
    let template = template();
    let resources = template["Resources"].as_mapping().expect("Resources");
    let functions: BTreeSet<String> = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Serverless::Function")
        .map(|(name, _)| name.as_str().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = ROUTES.iter().map(|r| resource_name(r.name)).collect();
    assert_eq!(functions, expected, "template functions vs route table");

    for route in ROUTES {
        let function = &template["Resources"][resource_name(route.name).as_str()];
        assert_eq!(
            function["Metadata"]["BuildMethod"], "rust-cargolambda",
            "{}",
            route.name
        );
        assert_eq!(
            function["Metadata"]["BuildProperties"]["Binary"], route.name,
            "{}",
            route.name
        );
        let events = function["Properties"]["Events"]
            .as_mapping()
            .expect("Events");
        let apis: Vec<(String, String)> = events
            .values()
            .filter(|e| e["Type"] == "HttpApi")
            .map(|e| {
                let p = &e["Properties"];
                (
                    p["Method"].as_str().unwrap().to_string(),
                    p["Path"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = route
            .paths()
            .map(|path| (route.method.to_string(), path.to_string()))
            .collect();
        assert_eq!(apis, expected, "{}", route.name);
    }
}

#[test]
fn every_route_has_its_binary_and_nothing_else_does() {
    let bin_dir = workspace_root().join("functions/src/bin");
    let binaries: BTreeSet<String> = std::fs::read_dir(&bin_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = ROUTES.iter().map(|r| r.name.to_string()).collect();
    assert_eq!(binaries, expected, "functions/src/bin vs route table");
    for route in ROUTES {
        let source = std::fs::read_to_string(bin_dir.join(format!("{}.rs", route.name))).unwrap();
        // The row itself, not a lookup by name: the binary links this route's handler only.
        assert!(
            source.contains(&format!(
                "functions::run(&shared::routes::{})",
                route.name.to_uppercase()
            )),
            "functions/src/bin/{}.rs must run its own route",
            route.name
        );
    }
}

#[test]
fn cfn_lint_finds_nothing() {
    let cfn_lint = tests::stack_var("XWG_CFN_LINT");
    let output = std::process::Command::new(cfn_lint)
        .arg("template.yaml")
        .current_dir(workspace_root())
        .output()
        .expect("cfn-lint runs");
    assert!(
        output.status.success(),
        "cfn-lint template.yaml:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
