//! The OpenAPI document of the gateway, generated from the route table, so it lists every
//! route as it is served (paths, aliases, methods, path parameters, who may call).

use lambda_http::{Body, Request, Response};
use serde_json::{Map, Value, json};

use crate::http_io::ok_json;
use crate::routes::{Access, ROUTES, Route};
use crate::{ApiError, Ctx};

/// `GET /sparkweb/api/openapi.json`.
pub async fn document(_ctx: &Ctx, _req: Request) -> Result<Response<Body>, ApiError> {
    ok_json(&openapi())
}

pub fn openapi() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        for (i, path) in route.paths().enumerate() {
            let operation_id = match i {
                0 => route.name.to_string(),
                n => format!("{}_{n}", route.name),
            };
            let item = paths.entry(path.to_string()).or_insert_with(|| json!({}));
            item[route.method.as_str().to_lowercase()] = operation(route, path, operation_id);
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "XMPP Web Gateway",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "SparkWeb's REST API, Openfire's User Service and REST API plugin, for any XMPP server.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "The access token from login, as `<token>` or `Bearer <token>`.",
                },
                "tokenQuery": { "type": "apiKey", "in": "query", "name": "token" },
                "userServiceSecret": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "The user service's shared secret (admin routes).",
                },
            },
        },
    })
}

fn operation(route: &Route, path: &str, operation_id: String) -> Value {
    let parameters: Vec<Value> = path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
        })
        .collect();
    let security = match route.access {
        Access::Public => json!([]),
        Access::User => json!([{ "token": [] }]),
        Access::UserStream => json!([{ "token": [] }, { "tokenQuery": [] }]),
        Access::Admin => json!([{ "token": [] }, { "userServiceSecret": [] }]),
    };
    json!({
        "operationId": operation_id,
        "summary": route.summary,
        "parameters": parameters,
        "security": security,
        "responses": {
            "default": {
                "description": "The result; errors are {error, message} with the HTTP status",
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_and_alias_is_in_the_document() {
        let doc = openapi();
        for route in ROUTES {
            for path in route.paths() {
                let operation = &doc["paths"][path][route.method.as_str().to_lowercase()];
                assert_eq!(operation["summary"], route.summary, "{} {path}", route.name);
            }
        }
        let login = &doc["paths"]["/sparkweb/api/rest/login/{username}"]["post"];
        assert_eq!(login["parameters"][0]["name"], "username");
        assert_eq!(login["security"], json!([]));
    }
}
