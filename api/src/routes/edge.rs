//! Requests that must come through the CDN: when `XWG_ORIGIN_SECRET` is set (the cloud
//! shape: CloudFront adds it as the `X-Origin-Verify` header on its way to the API and to
//! the stream fleet), a request without it went around CloudFront and is refused; one with
//! it carries the viewer's address in `X-Viewer-Address` (set by the distribution's viewer
//! function, over whatever the viewer sent), which then replaces the edge's address as the
//! caller's, so per-source limits and allow-lists act on real clients. The header is the
//! function's rather than CloudFront's own `CloudFront-Viewer-Address` because the policies
//! that forward CloudFront's headers also forward `Host`, which API Gateway refuses.
//! Without the setting (the local runtime), the connection's address stands.

use std::net::IpAddr;

use crate::ApiError;
use crate::routes::request::SourceAddr;

/// The header CloudFront adds, with the secret as its value.
pub const ORIGIN_HEADER: &str = "x-origin-verify";
/// The viewer's address as CloudFront saw it (`198.51.100.7`, `2001:db8::7`; with a port
/// after a colon as CloudFront's own header writes it, too).
pub const VIEWER_HEADER: &str = "x-viewer-address";

/// Checks where the request came from and sets the caller's address it should be known by.
pub fn admit(secret: Option<&str>, head: &mut http::request::Parts) -> Result<(), ApiError> {
    let Some(secret) = secret else {
        return Ok(());
    };
    let given = head
        .headers
        .get(ORIGIN_HEADER)
        .map(|value| value.as_bytes())
        .unwrap_or_default();
    if !xwg_core::seal::same(given, secret.as_bytes()) {
        return Err(ApiError::forbidden(
            "This API is served through its CloudFront distribution; call it there.",
        ));
    }
    if let Some(viewer) = head
        .headers
        .get(VIEWER_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(viewer_ip)
    {
        head.extensions.insert(SourceAddr(viewer));
    }
    Ok(())
}

/// The address, given alone or as `address:port`.
fn viewer_ip(value: &str) -> Option<IpAddr> {
    let value = value.trim();
    if let Ok(ip) = value.parse() {
        return Some(ip);
    }
    let (address, port) = value.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    address
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(headers: &[(&str, &str)]) -> http::request::Parts {
        let mut request = http::Request::builder().uri("/sparkweb/api/rest/user");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(SourceAddr("203.0.113.1".parse().unwrap()));
        parts
    }

    fn source(head: &http::request::Parts) -> String {
        head.extensions.get::<SourceAddr>().unwrap().0.to_string()
    }

    #[test]
    fn without_a_secret_the_connections_address_stands_whatever_the_headers_say() {
        let mut parts = head(&[(VIEWER_HEADER, "198.51.100.7:443")]);
        admit(None, &mut parts).unwrap();
        assert_eq!(source(&parts), "203.0.113.1");
    }

    #[test]
    fn around_the_cdn_is_refused_and_through_it_the_viewer_is_the_caller() {
        for missing_or_wrong in [vec![], vec![(ORIGIN_HEADER, "guess")]] {
            let mut parts = head(&missing_or_wrong);
            let refused = admit(Some("s3cret-origin"), &mut parts).unwrap_err();
            assert_eq!(refused.status, http::StatusCode::FORBIDDEN);
        }
        for (viewer, ip) in [
            ("198.51.100.6", "198.51.100.6"),
            ("2001:db8::6", "2001:db8::6"),
            ("198.51.100.7:443", "198.51.100.7"),
            ("2001:db8::7:51234", "2001:db8::7"),
            ("[2001:db8::8]:443", "2001:db8::8"),
        ] {
            let mut parts = head(&[(ORIGIN_HEADER, "s3cret-origin"), (VIEWER_HEADER, viewer)]);
            admit(Some("s3cret-origin"), &mut parts).unwrap();
            assert_eq!(source(&parts), ip, "{viewer}");
        }
        // A garbled viewer header leaves the connection's address.
        let mut parts = head(&[
            (ORIGIN_HEADER, "s3cret-origin"),
            (VIEWER_HEADER, "nonsense"),
        ]);
        admit(Some("s3cret-origin"), &mut parts).unwrap();
        assert_eq!(source(&parts), "203.0.113.1");
    }
}
