//! Where the gateway may send a push: an endpoint a browser gave is a URL anyone can
//! choose, and the gateway POSTs to it, so it must not reach the gateway's own network
//! (a blind request forgery toward `127.0.0.1`, `10.…` or the cloud's metadata service at
//! `169.254.169.254`). Endpoints are https to public addresses, checked when a subscription
//! is made and again, on the addresses actually resolved, at every send (a name can be
//! re-pointed in between). `XWG_PUSH_ALLOW_ENDPOINTS` names `host:port`s exempt from both
//! rules (`host:*` for any port), for local testing.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::PushError;

/// Whether `url`'s `host:port` is on the allow-list.
pub fn exempt(url: &url::Url, allowed: &[String]) -> bool {
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    allowed.iter().any(|entry| {
        entry.rsplit_once(':').is_some_and(|(h, p)| {
            h.trim_start_matches('[').trim_end_matches(']') == host
                && (p == "*" || p == port.to_string())
        })
    })
}

fn refused(why: &str) -> PushError {
    PushError::BadSubscription(format!("The subscription's endpoint {why}."))
}

/// Checks an endpoint a browser gave: https, and every address its host resolves to public.
pub async fn check(url: &url::Url, allowed: &[String]) -> Result<(), PushError> {
    if exempt(url, allowed) {
        return Ok(());
    }
    if url.scheme() != "https" {
        return Err(refused("is not an https URL"));
    }
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
        return Err(refused("has no host"));
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((host, port))
            .await
            .map_err(|_| refused("has a host name that does not resolve"))?
            .collect(),
    };
    if addresses.is_empty() || !addresses.iter().all(|a| is_public(a.ip())) {
        return Err(refused("is not on a public address"));
    }
    Ok(())
}

/// Whether an address is on the public internet (not loopback, private, link-local,
/// shared, documentation, multicast or reserved space, in either IP version). An IPv6
/// address that carries an IPv4 one (mapped, compatible, translated, NAT64, 6to4, Teredo)
/// leads there: it is only as public as that IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(carried) => carried.into_iter().all(public_v4),
            None => public_v6(v6),
        },
    }
}

/// The IPv4 addresses an IPv6 transition address leads to: all of them must be public.
fn embedded_v4(v6: Ipv6Addr) -> Option<Vec<Ipv4Addr>> {
    let s = v6.segments();
    let v4 = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    let last = v4(s[6], s[7]);
    match s {
        // IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96, deprecated; :: and ::1
        // are in it and lead to 0.0.0.0/8, which is not public either).
        [0, 0, 0, 0, 0, 0xffff | 0, _, _] => Some(vec![last]),
        // IPv4-translated (::ffff:0:0:0/96, SIIT).
        [0, 0, 0, 0, 0xffff, 0, _, _] => Some(vec![last]),
        // NAT64, well-known prefix (64:ff9b::/96).
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(vec![last]),
        // 6to4 (2002::/16): the IPv4 address follows the prefix.
        [0x2002, high, low, ..] => Some(vec![v4(high, low)]),
        // Teredo (2001::/32): the server's IPv4 address, and the client's, inverted.
        [
            0x2001,
            0,
            server_high,
            server_low,
            _,
            _,
            client_high,
            client_low,
        ] => Some(vec![
            v4(server_high, server_low),
            v4(!client_high, !client_low),
        ]),
        _ => None,
    }
}

fn public_v6(v6: Ipv6Addr) -> bool {
    let s = v6.segments();
    !(v6.is_loopback()
        || v6.is_unspecified()
        || v6.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x2001 && s[1] < 0x0200) // IETF protocol assignments (2001::/23)
        || (s[0] == 0x0064 && s[1] == 0xff9b) // NAT64 for local use (64:ff9b:1::/48)
        || (s[0] == 0x0100 && s[1..4] == [0; 3]) // discard-only (100::/64)
        || (s[0] == 0x3fff && s[1] < 0x1000)) // documentation (3fff::/20)
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 192 && b == 0 && c == 0))
}

/// The push client's resolver: only public addresses come back, so a name re-pointed at the
/// gateway's network after the subscription was checked is not reached either.
pub struct PublicOnly {
    pub allowed_hosts: Arc<Vec<String>>,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let exempt = self
            .allowed_hosts
            .iter()
            .any(|entry| entry.rsplit_once(':').is_some_and(|(h, _)| h == host));
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| exempt || is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass() {
        for private in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2001:db8::1",
            // Transition forms that carry a private IPv4 address (found by trying them).
            "::127.0.0.1",
            "::10.0.0.1",
            "2002:7f00:1::",
            "2002:a00:1::1",
            "::ffff:0:127.0.0.1",
            // Teredo with a loopback server, or a private client (inverted bits).
            "2001:0:7f00:1::",
            "2001:0:808:808::f5ff:fffe",
            // Local-use NAT64, discard-only, other IETF assignments, documentation.
            "64:ff9b:1::808:808",
            "100::1",
            "2001:2::1",
            "3fff::1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "8.8.8.8",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "2002:808:808::1",
            // Teredo: server 8.8.8.8, client 1.1.1.1 (inverted).
            "2001:0:808:808::fefe:fefe",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn endpoints_must_be_https_to_public_addresses_unless_allowed() {
        let url = |s: &str| url::Url::parse(s).unwrap();
        for bad in [
            "http://127.0.0.1:8080/push",
            "http://10.0.0.1/push",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/push",
            "https://127.0.0.1/push",
            "https://[::ffff:10.0.0.1]/push",
            "https://[::127.0.0.1]/push",
            "https://[2002:7f00:1::]/push",
            "http://8.8.8.8/push",
        ] {
            assert!(
                matches!(
                    check(&url(bad), &[]).await,
                    Err(PushError::BadSubscription(_))
                ),
                "{bad}"
            );
        }
        assert!(check(&url("https://8.8.8.8/push"), &[]).await.is_ok());
        let allowed = ["127.0.0.1:8080".to_string()];
        assert!(
            check(&url("http://127.0.0.1:8080/push"), &allowed)
                .await
                .is_ok()
        );
        assert!(
            check(&url("http://127.0.0.1:8081/push"), &allowed)
                .await
                .is_err()
        );
        let any_port = ["127.0.0.1:*".to_string()];
        assert!(
            check(&url("http://127.0.0.1:8081/push"), &any_port)
                .await
                .is_ok()
        );
    }
}
