//! Routes as types. Each route is a type implementing [`Endpoint`]: its metadata (name,
//! method, path, summary) beside its typed request parts (who calls it, path and query
//! parameters, body) and its reply. The handler modules define them; `crate::table` lists
//! them all, and everything else is derived from that one list: the local router, each
//! function binary (which names its row directly, so it links that handler only), the
//! OpenAPI document ([`openapi`]) and the check that `template.yaml` agrees. What errors
//! mean over HTTP is [`errors`].

pub mod caller;
mod dispatch;
pub mod edge;
pub mod errors;
pub mod openapi;
pub mod plugin_xml;
mod reply;
pub mod request;

use futures::future::BoxFuture;
use http::Method;
use xwg_core::grants::Grants;

pub use caller::{Access, Admin, Anyone, Caller, ServiceKey, StreamUser};
pub use dispatch::{Request, Response};
pub use reply::{Created, Empty, IntoReply, JsonText, XmlElement, XmlText};
pub use request::{
    FromBody, ItemPayload, Json, NoParams, Params, Req, RequestInfo, StanzaXml, Text, Xml,
};

use crate::Ctx;
use crate::scopes::Scope;
use errors::ApiError;

/// What a route is, apart from its types.
#[derive(Clone, Copy)]
pub struct Meta {
    /// The route's name: its function binary, its `template.yaml` resource (`<Name>Function`).
    pub name: &'static str,
    pub verb: Verb,
    /// The full path, with `{param}` segments (the syntax of OpenAPI and axum alike).
    pub path: &'static str,
    /// Further paths served the same way (SparkWeb clients know some routes by two).
    pub aliases: &'static [&'static str],
    pub summary: &'static str,
}

/// The HTTP methods the routes use (`http::Method` cannot be built in a const).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    pub const fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Delete => Method::DELETE,
        }
    }
}

impl Meta {
    const fn new(
        verb: Verb,
        name: &'static str,
        path: &'static str,
        summary: &'static str,
    ) -> Self {
        Self {
            name,
            verb,
            path,
            aliases: &[],
            summary,
        }
    }

    pub const fn get(name: &'static str, path: &'static str, summary: &'static str) -> Self {
        Self::new(Verb::Get, name, path, summary)
    }

    pub const fn post(name: &'static str, path: &'static str, summary: &'static str) -> Self {
        Self::new(Verb::Post, name, path, summary)
    }

    pub const fn put(name: &'static str, path: &'static str, summary: &'static str) -> Self {
        Self::new(Verb::Put, name, path, summary)
    }

    pub const fn delete(name: &'static str, path: &'static str, summary: &'static str) -> Self {
        Self::new(Verb::Delete, name, path, summary)
    }

    pub const fn also(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }
}

/// An `impl Endpoint`'s header in one call: verb, name, path and summary (the [`Meta`]),
/// who may call it and what it answers, and the path parameters, query and body it takes
/// where it takes any (left out: [`NoParams`], no body); `also:` lists further paths.
///
/// ```ignore
/// impl Endpoint for GetPresence {
///     endpoint!(get "get_presence", "/sparkweb/api/rest/presence/{target}", "A contact's presence",
///         caller: Principal, path: TargetPath, reply: Json<PresenceEntity>);
///     async fn handle(…) { … }
/// }
/// ```
macro_rules! endpoint {
    (@or ; $default:ty) => { $default };
    (@or $given:ty; $default:ty) => { $given };
    (
        $verb:ident $name:literal, $path:expr, $summary:expr,
        caller: $caller:ty $(, path: $params:ty)? $(, query: $query:ty)? $(, body: $body:ty)?,
        reply: $reply:ty $(, also: $aliases:expr)? $(,)?
    ) => {
        const META: $crate::routes::Meta =
            $crate::routes::Meta::$verb($name, $path, $summary) $(.also($aliases))?;
        type Caller = $caller;
        type Path = $crate::routes::endpoint!(@or $($params)?; $crate::routes::NoParams);
        type Query = $crate::routes::endpoint!(@or $($query)?; $crate::routes::NoParams);
        type Body = $crate::routes::endpoint!(@or $($body)?; ());
        type Reply = $reply;
    };
}
pub(crate) use endpoint;

/// One route: its metadata, who may call it, what it takes and what it answers.
pub trait Endpoint: Send + Sync + 'static {
    const META: Meta;
    /// Who may call it; the dispatcher authenticates the caller before anything else.
    type Caller: Caller;
    type Path: Params;
    type Query: Params;
    type Body: FromBody;
    type Reply: IntoReply;

    /// The largest body this route reads (413 beyond it); the body kind's limit unless a
    /// route says otherwise.
    const BODY_LIMIT: usize = <Self::Body as FromBody>::LIMIT;

    fn handle(
        ctx: &Ctx,
        caller: Self::Caller,
        req: Req<Self>,
    ) -> impl Future<Output = Result<Self::Reply, ApiError>> + Send;
}

type Serve = for<'a> fn(&'a Ctx, Option<Scope>, Request) -> BoxFuture<'a, Response>;
type Describe = fn(&mut openapi::Schemas) -> utoipa::openapi::path::Operation;

/// A row of the table: an endpoint's metadata with its dispatcher and its OpenAPI
/// description, monomorphised for that endpoint.
pub struct Route {
    pub name: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub aliases: &'static [&'static str],
    pub summary: &'static str,
    pub access: Access,
    /// Whether the answer is a stream (SSE) rather than one buffered response.
    pub streams: bool,
    /// Whether the route reads a request body.
    pub takes_body: bool,
    /// The scope a caller's token (or service account) needs; `None`: the route checks its
    /// own credential, or any token of the user will do (logout).
    pub scope: Option<Scope>,
    /// What it may touch (table, key prefixes, secrets): the template gives its function
    /// exactly that, and [`Route::serve`] holds it to that.
    pub grants: Grants,
    serve: Serve,
    describe: Describe,
}

impl Route {
    /// The route of endpoint `E`, with the grants the table declares for it.
    pub const fn of<E: Endpoint>(scope: Option<Scope>, grants: Grants) -> Self {
        let Meta {
            name,
            verb,
            path,
            aliases,
            summary,
        } = E::META;
        Self {
            name,
            method: verb.method(),
            path,
            aliases,
            summary,
            access: <E::Caller as Caller>::ACCESS,
            streams: <E::Reply as IntoReply>::STREAMS,
            takes_body: <E::Body as FromBody>::READS,
            scope,
            grants: Grants {
                route: name,
                ..grants
            },
            serve: dispatch::serve::<E>,
            describe: openapi::operation::<E>,
        }
    }

    /// The path and its aliases.
    pub fn paths(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.path).chain(self.aliases.iter().copied())
    }

    /// Runs one request through this route: bind the path, authenticate, read the typed
    /// parts, call the handler, and turn any error into its JSON response.
    pub fn serve<'a>(&self, ctx: &'a Ctx, req: Request) -> BoxFuture<'a, Response> {
        Box::pin(xwg_core::grants::within(
            self.grants,
            (self.serve)(ctx, self.scope, req),
        ))
    }

    pub(crate) fn describe(
        &self,
        schemas: &mut openapi::Schemas,
    ) -> utoipa::openapi::path::Operation {
        (self.describe)(schemas)
    }

    /// Binds the path parameters of `path` to this route's template (or an alias). The
    /// template is matched against the end of the path, so a stage or function-URL prefix
    /// in front (API Gateway, `cargo lambda watch`) does not matter.
    pub fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        self.paths().find_map(|template| bind(template, path))
    }
}

impl Meta {
    /// [`Route::match_path`] for the endpoint of this metadata.
    pub(crate) fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        std::iter::once(self.path)
            .chain(self.aliases.iter().copied())
            .find_map(|template| bind(template, path))
    }
}

fn bind(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let template: Vec<&str> = template.trim_matches('/').split('/').collect();
    let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
    let tail = actual.get(actual.len().checked_sub(template.len())?..)?;
    let mut params = Vec::new();
    for (expected, segment) in template.iter().zip(tail) {
        match expected.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => {
                let value = percent_encoding::percent_decode_str(segment)
                    .decode_utf8()
                    .ok()?;
                if value.is_empty() {
                    return None;
                }
                params.push((name.to_string(), value.into_owned()));
            }
            None if expected == segment => {}
            None => return None,
        }
    }
    Some(params)
}
