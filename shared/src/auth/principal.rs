//! The authenticated caller, as the route dispatcher hands it to handlers.

use http::HeaderMap;
use lambda_http::Request;

use super::Claims;
use crate::ApiError;

#[derive(Clone, Debug)]
pub struct Principal {
    pub username: String,
    pub claims: Claims,
}

impl Principal {
    /// The caller of a route whose table row requires a user (the dispatcher guarantees it).
    pub fn of(req: &Request) -> Result<&Principal, ApiError> {
        req.extensions()
            .get::<Principal>()
            .ok_or_else(|| ApiError::unauthorized("This route needs an access token."))
    }
}

/// The token of a request: SparkWeb's `Authorization: <token>` or `Authorization: Bearer <token>`.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim();
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ if value.eq_ignore_ascii_case("bearer") => "",
        _ => value,
    };
    (!token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn both_header_forms_carry_the_token() {
        assert_eq!(bearer_token(&headers("abc.def.ghi")), Some("abc.def.ghi"));
        assert_eq!(
            bearer_token(&headers("Bearer abc.def.ghi")),
            Some("abc.def.ghi")
        );
        assert_eq!(
            bearer_token(&headers("bearer  abc.def.ghi ")),
            Some("abc.def.ghi")
        );
        assert_eq!(bearer_token(&headers("Bearer ")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
