//! The OpenAPI document, derived from the route types: each row's path and query
//! parameters (utoipa's `IntoParams`), request body and responses (`ToSchema`), who may
//! call it (security), and the error shape every route shares.

use std::collections::BTreeMap;

use utoipa::ToSchema;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, Parameter, ParameterIn, PathItem, Paths,
};
use utoipa::openapi::response::{ResponseBuilder, ResponsesBuilder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, Content, InfoBuilder, OpenApi, OpenApiBuilder, Ref, RefOr, Required, Schema,
    ServerBuilder,
};

use super::caller::Access;
use super::reply::IntoReply;
use super::request::{FromBody, Params};
use super::{Endpoint, Route};
use crate::routes::errors::ErrorBody;
use crate::scopes::Scope;

/// The component schemas the routes' types need, gathered while describing them.
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// A reference to `T`'s schema, which is added (with what it refers to) to `schemas`.
pub fn schema_of<T: ToSchema>(schemas: &mut Schemas) -> RefOr<Schema> {
    T::schemas(schemas);
    let name = T::name().into_owned();
    schemas.push((name.clone(), T::schema()));
    RefOr::Ref(Ref::from_schema_name(name))
}

/// One row's operation (for its main path; aliases keep the parameters they name).
pub(super) fn operation<E: Endpoint>(schemas: &mut Schemas) -> Operation {
    let mut parameters = E::Path::describe(ParameterIn::Path);
    parameters.extend(E::Query::describe(ParameterIn::Query));
    let mut responses = ResponsesBuilder::new();
    for (status, response) in E::Reply::describe(schemas) {
        responses = responses.response(status.as_u16().to_string(), response);
    }
    let error = ResponseBuilder::new()
        .description("An error: the HTTP status, a machine name and what to do next")
        .content(
            "application/json",
            Content::new(Some(schema_of::<ErrorBody>(schemas))),
        );
    responses = responses.response("default", error.build());
    OperationBuilder::new()
        .operation_id(Some(E::META.name))
        .summary(Some(E::META.summary))
        .parameters(Some(parameters))
        .request_body(E::Body::describe(schemas))
        .responses(responses.build())
        .build()
}

/// Who may call a route, with the scope it needs (OpenAPI 3.1 lets a requirement of any
/// scheme list the roles it needs: here the route's scope).
fn security(access: Access, scope: Option<Scope>) -> Vec<SecurityRequirement> {
    let scopes: Vec<String> = scope.iter().map(|s| s.name().to_string()).collect();
    let named = |name: &str| SecurityRequirement::new(name, scopes.clone());
    match access {
        Access::Public => Vec::new(),
        Access::User => vec![named("token")],
        Access::UserStream => vec![named("token"), named("tokenQuery")],
        Access::Admin => vec![
            named("token"),
            named("serviceKey"),
            SecurityRequirement::new("userServiceSecret", Vec::<String>::new()),
        ],
        Access::Service => vec![named("serviceKey")],
    }
}

/// The parameters of `operation` that apply at `path`: path parameters are those the
/// path names (and are required there), query parameters stay.
fn for_path(mut operation: Operation, path: &str) -> Operation {
    let parameters: Vec<RefOr<Parameter>> = operation
        .parameters
        .take()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|parameter| {
            let RefOr::T(mut parameter) = parameter else {
                return Some(parameter);
            };
            if parameter.parameter_in != ParameterIn::Path {
                return Some(RefOr::T(parameter));
            }
            path.contains(&format!("{{{}}}", parameter.name)).then(|| {
                parameter.required = Required::True;
                RefOr::T(parameter)
            })
        })
        .collect();
    operation.parameters = Some(parameters);
    operation
}

fn method(method: &http::Method) -> HttpMethod {
    match *method {
        http::Method::POST => HttpMethod::Post,
        http::Method::PUT => HttpMethod::Put,
        http::Method::DELETE => HttpMethod::Delete,
        http::Method::PATCH => HttpMethod::Patch,
        http::Method::HEAD => HttpMethod::Head,
        http::Method::OPTIONS => HttpMethod::Options,
        _ => HttpMethod::Get,
    }
}

/// The whole document, for these routes (the table's: `table::document`).
pub fn document(routes: &[&Route]) -> OpenApi {
    let mut schemas = Schemas::new();
    let mut items: BTreeMap<&str, PathItem> = BTreeMap::new();
    for route in routes {
        let mut operation = route.describe(&mut schemas);
        operation.security = Some(security(route.access, route.scope));
        for (i, path) in route.paths().enumerate() {
            let mut operation = for_path(operation.clone(), path);
            if i > 0 {
                operation.operation_id = Some(format!("{}_{i}", route.name));
            }
            let item = PathItem::new(method(&route.method), operation);
            match items.get_mut(path) {
                Some(existing) => existing.merge_operations(item),
                None => {
                    items.insert(path, item);
                }
            }
        }
    }
    // What webhooks POST: no route answers it, receivers read it.
    schema_of::<xwg_core::webhooks::Delivery>(&mut schemas);
    let mut paths = Paths::new();
    for (path, item) in items {
        paths.paths.insert(path.to_string(), item);
    }
    let header = |description: &str| {
        let mut value = ApiKeyValue::new("Authorization");
        value.description = Some(description.to_string());
        SecurityScheme::ApiKey(ApiKey::Header(value))
    };
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas)
        .security_scheme(
            "token",
            header("The access token from login, as `<token>` or `Bearer <token>`."),
        )
        .security_scheme(
            "tokenQuery",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::new("token"))),
        )
        .security_scheme(
            "serviceKey",
            header("A service account's key (`xwgk_…`), as `Bearer <key>`."),
        )
        .security_scheme(
            "userServiceSecret",
            header("The user service's shared secret (admin routes)."),
        )
        .build();
    let info = InfoBuilder::new()
        .title("XMPP Web Gateway")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "SparkWeb's REST API, Openfire's User Service and REST API plugin, for any XMPP server.",
        ))
        .build();
    OpenApiBuilder::new()
        .info(info)
        .servers(Some([ServerBuilder::new()
            .url("/")
            .description(Some("This gateway"))
            .build()]))
        .paths(paths)
        .components(Some(components))
        .build()
}
