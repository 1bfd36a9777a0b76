//! Typed replies: what a route answers and how the OpenAPI document describes it.

use axum::body::Body;
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use tokio_xmpp::minidom::Element;
use utoipa::openapi::response::{Response as ResponseDoc, ResponseBuilder};
use utoipa::openapi::{Content, ObjectBuilder, Type};
use utoipa::{PartialSchema, ToSchema};

use super::Response;
use super::openapi::{Schemas, schema_of};
use super::request::Json;
use crate::ApiError;
use xwg_core::protocol::limits::to_xml;

pub trait IntoReply: Send {
    /// Whether the answer is a stream (SSE) rather than one buffered response.
    const STREAMS: bool = false;

    fn into_response(self) -> Result<Response, ApiError>;

    /// The success responses, by status code.
    fn describe(schemas: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)>;
}

/// A response with a body of the given type.
pub fn with_body(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Body>,
) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn status_only(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

fn doc(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description)
}

/// 200 with an empty body, as SparkWeb answers commands.
pub struct Empty;

impl IntoReply for Empty {
    fn into_response(self) -> Result<Response, ApiError> {
        Ok(status_only(StatusCode::OK))
    }

    fn describe(_: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        vec![(StatusCode::OK, doc("Done (no body)").build())]
    }
}

/// 201 with an empty body: a resource was created.
pub struct Created;

impl IntoReply for Created {
    fn into_response(self) -> Result<Response, ApiError> {
        Ok(status_only(StatusCode::CREATED))
    }

    fn describe(_: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        vec![(StatusCode::CREATED, doc("Created (no body)").build())]
    }
}

/// 200 with the value as JSON.
impl<T: Serialize + ToSchema + Send> IntoReply for Json<T> {
    fn into_response(self) -> Result<Response, ApiError> {
        let body = serde_json::to_string(&self.0).map_err(|err| {
            tracing::error!(error = %err, "response did not serialise");
            ApiError::internal()
        })?;
        Ok(with_body(StatusCode::OK, "application/json", body))
    }

    fn describe(schemas: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        let content = Content::new(Some(schema_of::<T>(schemas)));
        let response = doc("The result").content("application/json", content);
        vec![(StatusCode::OK, response.build())]
    }
}

/// 200 with JSON that is already text (a client's stored properties).
pub struct JsonText(pub String);

impl IntoReply for JsonText {
    fn into_response(self) -> Result<Response, ApiError> {
        Ok(with_body(StatusCode::OK, "application/json", self.0))
    }

    fn describe(_: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        let any_object = ObjectBuilder::new().schema_type(Type::Object).build();
        let content = Content::new(Some(any_object));
        let response = doc("The JSON as stored").content("application/json", content);
        vec![(StatusCode::OK, response.build())]
    }
}

/// 200 with one XML element as `application/xml`, or 204 when there is none (the REST
/// API plugin's vCard).
pub struct XmlElement(pub Option<Element>);

impl IntoReply for XmlElement {
    fn into_response(self) -> Result<Response, ApiError> {
        let Some(element) = self.0 else {
            return Ok(status_only(StatusCode::NO_CONTENT));
        };
        let xml = to_xml(&element).map_err(|err| {
            tracing::error!(error = %err, "an XML answer did not serialise");
            ApiError::internal()
        })?;
        Ok(with_body(StatusCode::OK, "application/xml", xml))
    }

    fn describe(_: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        let content = Content::new(Some(String::schema()));
        let found = doc("The element").content("application/xml", content);
        vec![
            (StatusCode::OK, found.build()),
            (StatusCode::NO_CONTENT, doc("There is none").build()),
        ]
    }
}

/// 200 with an XML document (Openfire's User Service answers so).
pub struct XmlText(pub Element);

impl IntoReply for XmlText {
    fn into_response(self) -> Result<Response, ApiError> {
        let xml = to_xml(&self.0).map_err(|err| {
            tracing::error!(error = %err, "an XML answer did not serialise");
            ApiError::internal()
        })?;
        Ok(with_body(StatusCode::OK, "text/xml; charset=utf-8", xml))
    }

    fn describe(_: &mut Schemas) -> Vec<(StatusCode, ResponseDoc)> {
        let content = Content::new(Some(String::schema()));
        let response =
            doc("`<result>…</result>` or `<error>…</error>`").content("text/xml", content);
        vec![(StatusCode::OK, response.build())]
    }
}
