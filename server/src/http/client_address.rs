//! Who is asking, by address, for the per-address limits: the TCP peer — unless the peer is a
//! proxy the settings trust (`server.trusted_proxies`), in which case the client is the nearest
//! address in `X-Forwarded-For` that is not one of those proxies. An address a client wrote
//! into the header itself is never believed: only entries the trusted proxies appended count.

use std::net::{IpAddr, SocketAddr};

use app::auth::ClientAddress;
use axum::extract::{ConnectInfo, Request};

/// Who sent `request`, by address, given the proxies the settings trust.
pub fn of(request: &Request, trusted: &[IpAddr]) -> ClientAddress {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |info| info.0.ip());
    // Only a trusted proxy's header is read at all (most nodes trust none).
    if !trusted.contains(&peer) {
        return ClientAddress(peer);
    }
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    ClientAddress(resolve(peer, &forwarded, trusted))
}

/// The client's address: walking `X-Forwarded-For` from the right (the nearest hop first), past
/// every trusted proxy, to the first address that is not one.
fn resolve(peer: IpAddr, forwarded_for: &str, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(address) => {
                client = address;
                if !trusted.contains(&address) {
                    break;
                }
            }
            // Garbage in the header: stop at the last address we could read.
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn a_direct_client_is_its_peer_whatever_it_claims() {
        assert_eq!(
            resolve(ip("203.0.113.9"), "1.2.3.4", &[]),
            ip("203.0.113.9")
        );
        let proxy = [ip("10.0.0.1")];
        assert_eq!(
            resolve(ip("203.0.113.9"), "1.2.3.4", &proxy),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_address_it_appended() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        let peer = ip("10.0.0.1");
        assert_eq!(resolve(peer, "198.51.100.7", &proxies), ip("198.51.100.7"));
        // A client that wrote its own entry first gets its real address all the same.
        assert_eq!(
            resolve(peer, "1.2.3.4, 198.51.100.7, 10.0.0.2", &proxies),
            ip("198.51.100.7")
        );
        assert_eq!(resolve(peer, "", &proxies), peer, "no header: the proxy");
        assert_eq!(resolve(peer, "nonsense", &proxies), peer);
    }
}
