//! The one error type of every handler: an HTTP status, a machine name (the exception
//! names SparkWeb and Openfire clients expect where there is one) and a message that says
//! what to do next.

use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::routes::Response;
use crate::routes::reply::with_body;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: &'static str,
    pub message: String,
    /// Seconds after which trying again makes sense (429, 503).
    pub retry_after: Option<u64>,
    /// Further fields of the error body (a step-up ticket, the factors still needed).
    pub details: Map<String, Value>,
}

/// What every error answers: `{error, message}` (and, for some, further fields).
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody<'a> {
    /// The machine name: an exception name SparkWeb and Openfire clients know, or ours.
    pub error: &'a str,
    /// What happened and what to do next.
    pub message: &'a str,
    #[serde(flatten)]
    #[schema(ignore)]
    pub details: &'a Map<String, Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            error,
            message: message.into(),
            retry_after: None,
            details: Map::new(),
        }
    }

    /// The same error under another machine name.
    pub fn named(mut self, error: &'static str) -> Self {
        self.error = error;
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Adds a field to the error body.
    pub fn with_detail(mut self, name: &str, value: impl Serialize) -> Self {
        self.details.insert(
            name.to_string(),
            serde_json::to_value(value).unwrap_or_default(),
        );
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "IllegalArgumentException", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "NotAuthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFound", message)
    }

    pub fn conflict(error: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, error, message)
    }

    /// Something on our side failed; the details go to the log, not to the caller.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "The gateway failed to complete the request; try again, and report it if it persists.",
        )
    }

    pub fn xmpp_unavailable() -> Self {
        Self::new(
            StatusCode::BAD_GATEWAY,
            "XmppServerUnavailable",
            "The gateway could not reach the XMPP server; try again in a moment.",
        )
    }

    /// The JSON body of this error.
    pub fn body(&self) -> String {
        serde_json::to_string(&ErrorBody {
            error: self.error,
            message: &self.message,
            details: &self.details,
        })
        .unwrap_or_default()
    }

    pub fn into_response(self) -> Response {
        let mut response = with_body(self.status, "application/json", self.body());
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.error,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl From<crate::store::StoreError> for ApiError {
    fn from(err: crate::store::StoreError) -> Self {
        tracing::error!(error = %err, "store failure");
        match err {
            crate::store::StoreError::Unavailable(_) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "StoreUnavailable",
                "The gateway's storage is not answering right now; nothing was changed. Try again in a few seconds.",
            )
            .with_retry_after(5),
            _ => Self::internal(),
        }
    }
}
