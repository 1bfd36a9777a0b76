//! Reading requests and writing responses, the same way for every handler.

use http::StatusCode;
use std::net::IpAddr;

use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;

use crate::ApiError;

/// A path parameter the route template promised (the dispatcher binds them).
pub fn path_param(req: &Request, name: &str) -> Result<String, ApiError> {
    req.path_parameters()
        .first(name)
        .map(str::to_string)
        .ok_or_else(|| ApiError::bad_request(format!("The path parameter `{name}` is missing.")))
}

/// The caller's network address as the local runtime saw it (API Gateway puts its own in
/// the request context).
#[derive(Clone, Copy, Debug)]
pub struct SourceAddr(pub IpAddr);

/// Where the request came from, when the entry point knows.
pub fn source_addr(req: &Request) -> Option<IpAddr> {
    if let Some(SourceAddr(addr)) = req.extensions().get::<SourceAddr>() {
        return Some(*addr);
    }
    let ip = match req.request_context_ref()? {
        RequestContext::ApiGatewayV2(context) => context.http.source_ip.clone(),
        RequestContext::ApiGatewayV1(context) => context.identity.source_ip.clone(),
        _ => None,
    };
    ip?.parse().ok()
}

/// A query-string parameter, decoded.
pub fn query_param(req: &Request, name: &str) -> Option<String> {
    let query = req.uri().query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The body as UTF-8 text (SparkWeb sends passwords and message bodies as plain text).
pub fn body_text(req: &Request) -> Result<String, ApiError> {
    match req.body() {
        Body::Empty => Ok(String::new()),
        Body::Text(text) => Ok(text.clone()),
        Body::Binary(bytes) => String::from_utf8(bytes.clone())
            .map_err(|_| ApiError::bad_request("The request body must be UTF-8 text.")),
        _ => Err(ApiError::bad_request(
            "The request body must be UTF-8 text.",
        )),
    }
}

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Response<Body>, ApiError> {
    let body = serde_json::to_string(value).map_err(|err| {
        tracing::error!(error = %err, "response did not serialise");
        ApiError::internal()
    })?;
    Ok(json_text(status, body))
}

/// A response carrying already serialised JSON.
pub fn json_text(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// The body as JSON of the shape `T`; `expected` shows the caller what to send.
pub fn json_body<T: serde::de::DeserializeOwned>(
    req: &Request,
    expected: &str,
) -> Result<T, ApiError> {
    serde_json::from_str(&body_text(req)?).map_err(|err| {
        ApiError::bad_request(format!(
            "The JSON body does not fit ({err}); send {expected}."
        ))
    })
}

/// 201 with an empty body (a resource was created).
pub fn created() -> Result<Response<Body>, ApiError> {
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

pub fn ok_json<T: Serialize>(value: &T) -> Result<Response<Body>, ApiError> {
    json(StatusCode::OK, value)
}

/// 200 with an empty body, as SparkWeb answers commands.
pub fn ok_empty() -> Result<Response<Body>, ApiError> {
    Ok(Response::new(Body::Empty))
}
