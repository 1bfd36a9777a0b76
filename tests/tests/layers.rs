//! The layers of each crate, held by the compiler where it can (the keeper depends on
//! `xwg-core` only; nothing in the core can name the API) and by this test inside a crate:
//! a module imports only from its own layer or those below, and the modules of one layer
//! import each other without a cycle. The orders are the ones each crate's `lib.rs` states.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One crate's layers, lowest first, and what its root re-exports stand for.
struct Crate {
    src: &'static str,
    layers: &'static [&'static [&'static str]],
    reexports: &'static [(&'static str, &'static str)],
}

const CORE: Crate = Crate {
    src: "core/src",
    layers: &[
        &[
            "aws", "clock", "es256", "grants", "identity", "logging", "seal", "signals",
        ],
        &["protocol"],
        &["config"],
        &["secrets", "store"],
        &["events"],
        &["keeper"],
        &["projections", "xmpp"],
        &["push"],
        &["webhooks"],
    ],
    reexports: &[],
};

const API: Crate = Crate {
    src: "api/src",
    layers: &[
        &["config", "scopes"],
        &["tokens"],
        &["ctx"],
        &["auth"],
        &["directory"],
        &["messages", "sign_in", "inbox"],
        &["routes"],
        &["entities"],
        &["handlers"],
        &["table", "testing"],
    ],
    reexports: &[
        ("ApiError", "routes"),
        ("ErrorKind", "routes"),
        ("Ctx", "ctx"),
    ],
};

const KEEPER: Crate = Crate {
    src: "keeper/src",
    layers: &[
        &[
            "availability",
            "credentials",
            "connect",
            "iq",
            "lease",
            "services",
            "webhooks",
        ],
        &["catch_up", "component", "session", "events"],
        &["push_component", "task"],
        &["api"],
    ],
    reexports: &[("SessionKeeper", "lib"), ("Inner", "lib")],
};

/// The top-level module a source file belongs to (`src/auth/logins.rs` → `auth`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The top-level names a source text reaches through `crate::` (in paths and in
/// `use crate::{a, b::c}` groups), outside comments and outside its unit tests (a file's
/// `#[cfg(test)] mod tests`, by convention its end: tests may use the test seams above).
fn crate_references(text: &str) -> BTreeSet<String> {
    let production = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at]);
    let code: String = production
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (depth == 1 && c == ',') {
                    if let Some(first) = item.trim().split("::").next().filter(|f| !f.is_empty()) {
                        names.insert(first.to_string());
                    }
                    item.clear();
                    if depth == 0 {
                        break;
                    }
                } else if depth == 1 {
                    item.push(c);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
        rest = after;
    }
    names
}

/// Every import across layers that goes up, and every cycle inside a layer.
fn violations(krate: &Crate) -> Vec<String> {
    let src = tests::workspace_root().join(krate.src);
    let layer_of: BTreeMap<&str, usize> = krate
        .layers
        .iter()
        .enumerate()
        .flat_map(|(i, modules)| modules.iter().map(move |m| (*m, i)))
        .collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut found = Vec::new();
    for file in files {
        let module = module_of(&src, &file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(&own) = layer_of.get(module.as_str()) else {
            found.push(format!(
                "{}: the module `{module}` is in no layer",
                krate.src
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for name in crate_references(&text) {
            let target = krate
                .reexports
                .iter()
                .find(|(exported, _)| *exported == name)
                .map_or(name.as_str(), |(_, module)| *module);
            if target == module || target == "lib" {
                continue;
            }
            match layer_of.get(target) {
                Some(&layer) if layer > own => found.push(format!(
                    "{}: `{module}` imports `{target}`, a layer above it",
                    file.strip_prefix(tests::workspace_root())
                        .unwrap()
                        .display()
                )),
                Some(&layer) if layer == own => {
                    edges
                        .entry(module.clone())
                        .or_default()
                        .insert(target.to_string());
                }
                _ => {}
            }
        }
    }
    // A cycle inside a layer: a module that reaches itself.
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut pending: Vec<&String> = edges[start].iter().collect();
        while let Some(next) = pending.pop() {
            if next == start {
                found.push(format!("{}: `{start}` is in an import cycle", krate.src));
                break;
            }
            if seen.insert(next.clone()) {
                pending.extend(edges.get(next).into_iter().flatten());
            }
        }
    }
    found
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let found: Vec<String> = [CORE, API, KEEPER].iter().flat_map(violations).collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_reference_reader_sees_paths_and_groups() {
    let names = crate_references(
        "use crate::{ApiError, auth::logins::{self, Ended}, routes};\n// crate::commented\nlet x = crate::store::all(s);",
    );
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_eq!(names, ["ApiError", "auth", "routes", "store"]);
}
