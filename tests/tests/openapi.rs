//! The OpenAPI document derived from the route types: valid by an independent validator
//! (openapi-spec-validator), and complete — every row with its path and query parameters,
//! its request body where it takes one, its responses, who may call it, and a server.

use serde_json::Value;
use xwg_api::routes::Access;
use xwg_api::table::ROUTES;
use xwg_api::table::document;

fn doc() -> Value {
    serde_json::to_value(document()).expect("the document serialises")
}

#[test]
fn the_document_is_valid_openapi() {
    let path = std::env::temp_dir().join(format!("{}.json", tests::unique("openapi-")));
    std::fs::write(&path, serde_json::to_vec_pretty(&doc()).unwrap()).unwrap();
    tests::tool_passes("XWG_OPENAPI_VALIDATOR", &[path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn every_route_has_its_parameters_body_responses_and_security() {
    let doc = doc();
    assert!(
        doc["servers"].as_array().is_some_and(|s| !s.is_empty()),
        "servers"
    );
    for route in ROUTES {
        for path in route.paths() {
            let what = format!("{} {path}", route.name);
            let operation = &doc["paths"][path][route.method.as_str().to_lowercase()];
            assert!(operation.is_object(), "{what}: no operation");
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for name in path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            {
                let declared = parameters
                    .iter()
                    .find(|p| p["name"] == name && p["in"] == "path")
                    .unwrap_or_else(|| panic!("{what}: path parameter {name} undeclared"));
                assert_eq!(declared["required"], true, "{what}: {name}");
                assert!(
                    declared["schema"].is_object(),
                    "{what}: {name} has no schema"
                );
            }
            for parameter in &parameters {
                assert!(
                    parameter["schema"].is_object(),
                    "{what}: {parameter} has no schema"
                );
            }
            let body = &operation["requestBody"]["content"];
            if route.takes_body {
                let content = body
                    .as_object()
                    .unwrap_or_else(|| panic!("{what}: no request body"));
                assert!(
                    content.values().all(|c| c["schema"].is_object()),
                    "{what}: a request body without a schema"
                );
            } else {
                assert!(body.is_null(), "{what}: a request body it does not read");
            }
            let responses = operation["responses"].as_object().expect("responses");
            let success: Vec<_> = responses.keys().filter(|s| s.starts_with('2')).collect();
            assert!(!success.is_empty(), "{what}: no success response");
            for status in success {
                let content = &responses[status]["content"];
                if let Some(content) = content.as_object() {
                    assert!(
                        content.values().all(|c| c["schema"].is_object()),
                        "{what}: {status} without a schema"
                    );
                }
            }
            let error = &responses["default"]["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(
                error, "#/components/schemas/Error",
                "{what}: the error shape"
            );
            let security = operation["security"].as_array().expect("security");
            assert_eq!(
                security.is_empty(),
                route.access == Access::Public,
                "{what}: security"
            );
        }
    }
    let error = &doc["components"]["schemas"]["Error"]["properties"];
    assert!(
        error["error"].is_object() && error["message"].is_object(),
        "{error}"
    );
}

#[test]
fn entities_are_described_field_by_field() {
    let doc = doc();
    let login = &doc["paths"]["/sparkweb/api/rest/login/{username}"]["post"];
    let token = &login["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(token, "#/components/schemas/TokenEntity");
    let fields = &doc["components"]["schemas"]["TokenEntity"]["properties"];
    assert!(
        fields["token"].is_object() && fields["refreshToken"].is_object(),
        "{fields}"
    );
    let history = &doc["paths"]["/sparkweb/api/rest/chat/messages"]["get"]["parameters"];
    let names: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in ["to", "start", "end", "keywords", "max", "after"] {
        assert!(
            names.contains(&name),
            "chat/messages takes {name}: {names:?}"
        );
    }
}

/// The web SDK's route list (`web/public/sdk/routes.js`), as the table gives it.
fn sdk_routes() -> String {
    let mut routes = serde_json::Map::new();
    for route in ROUTES {
        let access = route.access.name();
        routes.insert(
            route.name.to_string(),
            serde_json::json!({
                "method": route.method.as_str(),
                "path": route.path,
                "access": access,
                "scope": route.scope.map(|s| s.name()),
                "summary": route.summary,
            }),
        );
    }
    format!(
        "// Generated from the route table (api/src/routes/table.rs) by tests/tests/openapi.rs:\n\
         // do not edit; XWG_WRITE_SDK_ROUTES=1 cargo test -p tests --test openapi writes it anew.\n\
         /** @type {{Readonly<Record<string, import('./xwg.js').RouteInfo>>}} */\n\
         export const ROUTES = Object.freeze({});\n",
        serde_json::to_string_pretty(&routes).unwrap()
    )
}

#[test]
fn the_served_document_is_the_tables() {
    let path = tests::workspace_root().join("api/openapi.json");
    let expected = serde_json::to_string_pretty(&document()).unwrap() + "\n";
    if std::env::var_os("XWG_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    assert!(
        xwg_api::handlers::openapi::DOCUMENT == expected,
        "{} is behind the route table: XWG_WRITE_OPENAPI=1 cargo test -p tests --test openapi \
         (then build again: the file is compiled in)",
        path.display()
    );
}

/// The route names as a TypeScript type (`web/public/sdk/routes.d.ts`): what the SDK's
/// typed `call` accepts, each name being an `operationId` of the OpenAPI document.
fn sdk_route_names() -> String {
    let names: Vec<String> = ROUTES
        .iter()
        .map(|route| format!("  | {}", Value::from(route.name)))
        .collect();
    format!(
        "// Generated from the route table (api/src/routes/table.rs) by tests/tests/openapi.rs:\n\
         // do not edit; XWG_WRITE_SDK_ROUTES=1 cargo test -p tests --test openapi writes it anew.\n\
         import type {{ RouteInfo }} from './xwg.js';\n\n\
         /** The name of every route of the gateway. */\n\
         export type RouteName =\n{};\n\n\
         export declare const ROUTES: Readonly<Record<RouteName, RouteInfo>>;\n",
        names.join("\n")
    )
}

#[test]
fn the_web_sdk_knows_every_route_of_the_table() {
    let sdk = tests::workspace_root().join("web/public/sdk");
    for (file, expected) in [
        ("routes.js", sdk_routes()),
        ("routes.d.ts", sdk_route_names()),
    ] {
        let path = sdk.join(file);
        if std::env::var_os("XWG_WRITE_SDK_ROUTES").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            found == expected,
            "{} is behind the route table: XWG_WRITE_SDK_ROUTES=1 cargo test -p tests --test openapi",
            path.display()
        );
    }
}

/// `docs/routes.md`: every route of the table, in its order.
fn route_list() -> String {
    let mut out = String::from(
        "# Routes\n\n\
         Generated from the route table (`api/src/table.rs`) by `tests/tests/openapi.rs`: do not\n\
         edit; `XWG_WRITE_DOCS=1 cargo test -p tests --test openapi` writes it anew. Parameters,\n\
         bodies and answers of each are in the OpenAPI document (`/sparkweb/api/openapi.json`).\n\
         Access: *public* (the route checks its own credential, if any), *user* (a token in\n\
         `Authorization`), *stream* (a token, also as `?token=`), *admin* (a token of a user in\n\
         `XWG_ADMINS`, a service account's key, or the User Service secret), *service* (a service\n\
         account's key). Scope: what a narrowed token or a service account needs to call it (a\n\
         login's own token and the User Service secret may call everything their access allows).\n\n\
         | route | method and path | access | scope | what it does |\n|---|---|---|---|---|\n",
    );
    for route in ROUTES {
        let access = route.access.name();
        let paths: Vec<String> = route
            .paths()
            .map(|path| format!("`{} {path}`", route.method))
            .collect();
        let scope = route
            .scope
            .map_or_else(|| "—".to_string(), |scope| format!("`{scope}`"));
        out.push_str(&format!(
            "| `{}` | {} | {access} | {scope} | {} |\n",
            route.name,
            paths.join("<br>"),
            route.summary.replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn the_route_list_in_the_docs_is_the_tables() {
    let path = tests::workspace_root().join("docs/routes.md");
    let expected = route_list();
    if std::env::var_os("XWG_WRITE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{} is behind the route table: XWG_WRITE_DOCS=1 cargo test -p tests --test openapi",
        path.display()
    );
}
