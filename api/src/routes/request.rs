//! Typed request parts: path and query parameters ([`Params`]), bodies ([`FromBody`]:
//! [`Text`], [`Json`], [`Xml`], a form), and what else a handler may need to know of the
//! request ([`RequestInfo`]). Each part also describes itself for the OpenAPI document.

use std::net::IpAddr;

use bytes::Bytes;
use http::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio_xmpp::minidom::Element;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::request_body::{RequestBody, RequestBodyBuilder};
use utoipa::openapi::{Content, RefOr, Required, Schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::Endpoint;
use super::openapi::{Schemas, schema_of};
use crate::ApiError;
use xwg_core::protocol::json::container as json_container;
use xwg_core::protocol::limits::{forbidden_char, parse_element_in};

/// What a handler gets of a request: the route's typed parts and the request's facts.
pub struct Req<E: Endpoint + ?Sized> {
    pub path: E::Path,
    pub query: E::Query,
    pub body: E::Body,
    pub info: RequestInfo,
}

/// The caller's network address as the entry point saw it (the local runtime's peer, or
/// the source IP API Gateway reports).
#[derive(Clone, Copy, Debug)]
pub struct SourceAddr(pub IpAddr);

/// The request's headers and where it came from.
pub struct RequestInfo {
    pub headers: HeaderMap,
    pub source: Option<IpAddr>,
}

impl RequestInfo {
    pub(super) fn of(head: http::request::Parts) -> Self {
        Self {
            source: Self::source_of(&head),
            headers: head.headers,
        }
    }

    /// Where a request came from, when the entry point knows.
    pub fn source_of(head: &http::request::Parts) -> Option<IpAddr> {
        head.extensions.get::<SourceAddr>().map(|s| s.0)
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

/// Path or query parameters: deserialised from `name=value` pairs (serde, so numbers and
/// options work), described by utoipa's `IntoParams`.
pub trait Params: Sized + Send {
    fn parse(urlencoded: &str, location: ParameterIn) -> Result<Self, ApiError>;
    fn describe(location: ParameterIn) -> Vec<Parameter>;
}

/// Refuses text XML cannot carry (NUL, most control characters): every value a route
/// takes may end up in a stanza, and one the XMPP stream cannot write would break it.
pub fn xml_text(value: &str, what: &str) -> Result<(), ApiError> {
    match forbidden_char(value) {
        None => Ok(()),
        Some(c) => Err(ApiError::bad_request(format!(
            "{what} holds the character U+{:04X}, which XML cannot carry; remove it.",
            c as u32
        ))),
    }
}

impl<T: DeserializeOwned + IntoParams + Send> Params for T {
    fn parse(urlencoded: &str, location: ParameterIn) -> Result<Self, ApiError> {
        for (name, value) in form_urlencoded::parse(urlencoded.as_bytes()) {
            xml_text(&value, &format!("The parameter `{name}`"))?;
        }
        serde_urlencoded::from_str(urlencoded).map_err(|err| {
            let expected: Vec<String> = T::into_params(|| Some(location.clone()))
                .into_iter()
                .map(|p| p.name)
                .collect();
            let place = match location {
                ParameterIn::Path => "path",
                _ => "query",
            };
            ApiError::bad_request(format!(
                "The {place} parameters do not fit ({err}); this route takes {}.",
                expected.join(", ")
            ))
        })
    }

    fn describe(location: ParameterIn) -> Vec<Parameter> {
        T::into_params(|| Some(location.clone()))
    }
}

/// A query parameter given empty (`?to=`) is one not given; any other value is parsed.
/// For `#[serde(default, deserialize_with = "optional")]` on an `Option` field.
pub fn optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text = Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => value.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// A route without path or query parameters.
#[derive(serde::Deserialize, Default, Debug)]
pub struct NoParams {}

impl IntoParams for NoParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        Vec::new()
    }
}

/// A request body of some kind.
pub trait FromBody: Sized + Send {
    /// Whether the route reads a body at all.
    const READS: bool = true;

    /// The largest body of this kind read (413 beyond it).
    const LIMIT: usize = 64 * 1024;

    /// Whether the body is JSON (a REST API plugin route then also takes the entity as XML).
    const JSON: bool = false;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError>;

    fn describe(schemas: &mut Schemas) -> Option<RequestBody>;
}

/// No body (one sent anyway is not read).
impl FromBody for () {
    const READS: bool = false;

    fn from_bytes(_: Bytes) -> Result<Self, ApiError> {
        Ok(())
    }

    fn describe(_: &mut Schemas) -> Option<RequestBody> {
        None
    }
}

/// A body that may be left out.
impl<B: FromBody> FromBody for Option<B> {
    const JSON: bool = B::JSON;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        B::from_bytes(bytes).map(Some)
    }

    fn describe(schemas: &mut Schemas) -> Option<RequestBody> {
        B::describe(schemas).map(|mut body| {
            body.required = Some(Required::False);
            body
        })
    }
}

fn body_of(content_type: &str, schema: RefOr<Schema>) -> RequestBody {
    RequestBodyBuilder::new()
        .content(content_type, Content::new(Some(schema)))
        .required(Some(Required::True))
        .build()
}

/// The body as text XML can carry.
fn utf8(bytes: Bytes) -> Result<String, ApiError> {
    let text = String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError::bad_request("The request body must be UTF-8 text."))?;
    xml_text(&text, "The request body")?;
    Ok(text)
}

/// What stanza-sized text bodies may hold: the XMPP server's default stanza limit (a
/// larger stanza is refused later, against the configured limit, before it is sent).
pub const STANZA_BODY: usize = 256 * 1024;

/// A plain-text body (SparkWeb sends passwords and message texts so).
#[derive(Debug)]
pub struct Text(pub String);

impl FromBody for Text {
    const LIMIT: usize = STANZA_BODY;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        utf8(bytes).map(Text)
    }

    fn describe(_: &mut Schemas) -> Option<RequestBody> {
        Some(body_of("text/plain", String::schema()))
    }
}

/// A JSON body of the shape `T`; a body that does not fit names the fields `T` has.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + ToSchema + Send> FromBody for Json<T> {
    const JSON: bool = true;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        let does_not_fit = |err: serde_json::Error| {
            ApiError::bad_request(format!(
                "The JSON body does not fit ({err}); send {}.",
                shape_of::<T>()
            ))
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(does_not_fit)?;
        check_json_text(&value)?;
        serde_json::from_value(value)
            .map(Json)
            .map_err(does_not_fit)
    }

    fn describe(schemas: &mut Schemas) -> Option<RequestBody> {
        Some(body_of("application/json", schema_of::<T>(schemas)))
    }
}

/// Refuses JSON whose strings (names or values, at any depth) hold text XML cannot carry.
pub fn check_json_text(value: &serde_json::Value) -> Result<(), ApiError> {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            serde_json::Value::String(text) => xml_text(text, "A string of the JSON body")?,
            serde_json::Value::Array(items) => pending.extend(items),
            serde_json::Value::Object(fields) => {
                for (name, field) in fields {
                    xml_text(name, "A field name of the JSON body")?;
                    pending.push(field);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// What a JSON body of type `T` looks like, in words (its fields, from its schema).
fn shape_of<T: ToSchema>() -> String {
    let fields = match T::schema() {
        RefOr::T(Schema::Object(object)) => object.properties.keys().cloned().collect(),
        _ => Vec::new(),
    };
    if fields.is_empty() {
        format!("a {}", T::name())
    } else {
        format!("a {} object with {}", T::name(), fields.join(", "))
    }
}

/// A body that is one XML element.
#[derive(Debug)]
pub struct Xml(pub Element);

impl FromBody for Xml {
    const LIMIT: usize = STANZA_BODY;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        xml_element(&utf8(bytes)?, None).map(Xml)
    }

    fn describe(_: &mut Schemas) -> Option<RequestBody> {
        Some(body_of("application/xml", String::schema()))
    }
}

/// A REST API plugin entity in XML (no namespace: read as if in one of ours).
pub fn parse_plugin_xml(text: &str) -> Result<Element, ApiError> {
    xml_element(text, Some("urn:xwg:restapi-plugin"))
}

fn xml_element(text: &str, default_ns: Option<&str>) -> Result<Element, ApiError> {
    parse_element_in(text.trim(), default_ns).map_err(|refusal| {
        let what = match default_ns {
            Some(_) => "one XML element",
            None => "one XML element with its namespace",
        };
        ApiError::bad_request(format!("The body must be {what}, but {refusal}."))
    })
}

/// A body that is one stanza: an element without `xmlns` is in `jabber:client`.
#[derive(Debug)]
pub struct StanzaXml(pub Element);

impl FromBody for StanzaXml {
    const LIMIT: usize = STANZA_BODY;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        xml_element(&utf8(bytes)?, Some("jabber:client")).map(StanzaXml)
    }

    fn describe(_: &mut Schemas) -> Option<RequestBody> {
        Some(body_of("application/xml", String::schema()))
    }
}

/// A published item's payload: one XML element in its own namespace, or JSON (carried in
/// an XEP-0335 `<json xmlns='urn:xmpp:json:0'/>` container, as upstream does).
#[derive(Debug)]
pub struct ItemPayload(pub Element);

impl FromBody for ItemPayload {
    const LIMIT: usize = STANZA_BODY;

    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        let text = utf8(bytes)?;
        if text.trim_start().starts_with('<') {
            return xml_element(&text, None).map(ItemPayload);
        }
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|err| {
            ApiError::bad_request(format!(
                "The body must be one XML element with its namespace, or JSON ({err})."
            ))
        })?;
        check_json_text(&value)?;
        Ok(ItemPayload(json_container(&value)))
    }

    fn describe(_: &mut Schemas) -> Option<RequestBody> {
        let mut body = body_of("application/xml", String::schema());
        body.content.insert(
            "application/json".into(),
            RefOr::T(Content::new(Some(RefOr::T(Schema::Object(
                Default::default(),
            ))))),
        );
        Some(body)
    }
}

/// A form body (`application/x-www-form-urlencoded`) of the shape `T`.
#[derive(Debug)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + ToSchema + Send> FromBody for Form<T> {
    fn from_bytes(bytes: Bytes) -> Result<Self, ApiError> {
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|err| ApiError::bad_request(format!("The form body does not fit ({err}).")))
    }

    fn describe(schemas: &mut Schemas) -> Option<RequestBody> {
        Some(body_of(
            "application/x-www-form-urlencoded",
            schema_of::<T>(schemas),
        ))
    }
}
