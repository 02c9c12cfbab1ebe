//! The accept loop. `axum::serve` sets no timer, so hyper's header timeout is off there: a
//! connection that sends nothing, half its headers, or a byte every few seconds stayed open
//! for ever, each holding a file descriptor. Here every connection is served by hyper's
//! HTTP/1 builder with a timer and a header-read timeout — which also closes a keep-alive
//! connection left idle that long (hyper ≥ 1.6 starts it the moment a connection waits for its
//! next request) — and the node holds at most `max_connections` at once, upgraded sockets
//! included: when all are taken, new clients wait in the kernel's backlog. One address may hold
//! at most `max_per_address` of them (a trusted proxy, which speaks for many, is not limited);
//! past that, its new connections are closed at once.
//!
//! HTTP/1 only, on purpose: hyper-util's auto builder first reads a few bytes to tell HTTP/2
//! apart, before any timer runs, so a client trickling those bytes would escape the timeout.

use std::{
    collections::HashMap,
    future::Future,
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use axum::{Router, extract::ConnectInfo};
use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore},
};
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tower::ServiceExt;

/// How connections are bounded.
#[derive(Clone, Debug)]
pub struct ConnectionLimits {
    /// A request's headers must arrive within this, and an idle keep-alive connection is
    /// closed after it.
    pub header_timeout: Duration,
    /// Connections held at once, sockets upgraded from them included.
    pub max_connections: usize,
    /// Connections one address may hold at once.
    pub max_per_address: usize,
    /// Addresses not held to `max_per_address` (trusted proxies).
    pub unlimited: Vec<IpAddr>,
}

/// A connection's place among the node's connections and its address's, held for as long as it
/// lives. Every request carries it (as an extension), so that a WebSocket upgraded from the
/// connection can keep holding it after hyper has let go of the connection.
#[derive(Clone, Debug)]
pub struct ConnectionSlot(#[expect(dead_code, reason = "held, never read")] Arc<Held>);

#[derive(Debug)]
struct Held {
    _node: OwnedSemaphorePermit,
    _address: Option<AddressCount>,
}

/// How many connections each address holds.
#[derive(Debug, Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

/// One connection counted against its address until dropped.
#[derive(Debug)]
struct AddressCount {
    counts: Arc<PerAddress>,
    address: IpAddr,
}

impl PerAddress {
    /// Counts one more connection of `address`, unless it already holds `max`.
    fn enter(self: &Arc<Self>, address: IpAddr, max: usize) -> Option<AddressCount> {
        let mut counts = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let held = counts.entry(address).or_default();
        if *held >= max {
            return None;
        }
        *held += 1;
        Some(AddressCount {
            counts: self.clone(),
            address,
        })
    }
}

impl Drop for AddressCount {
    fn drop(&mut self) {
        let mut counts = self.counts.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(held) = counts.get_mut(&self.address) {
            *held -= 1;
            if *held == 0 {
                counts.remove(&self.address);
            }
        }
    }
}

/// Serves `router` on `listener` until `stop` resolves; then stops accepting, lets each
/// connection finish the request it is in (idle ones close at once), and returns when they
/// have. Sockets already upgraded are not waited for: they have their own close.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    stop: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::default());
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let connections = TaskTracker::new();
    let stopping = CancellationToken::new();
    tokio::pin!(stop);
    loop {
        // A free slot first, then a connection: past the limit, clients queue in the backlog.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut stop => break,
        };
        let Ok(slot) = slot else { break };
        let (tcp, peer) = tokio::select! {
            accepted = accept(&listener) => accepted,
            () = &mut stop => break,
        };
        let address = if limits.unlimited.contains(&peer.ip()) {
            None
        } else {
            match per_address.enter(peer.ip(), limits.max_per_address) {
                Some(counted) => Some(counted),
                None => {
                    tracing::debug!(%peer, "closed a connection: its address holds too many");
                    continue;
                }
            }
        };
        let slot = ConnectionSlot(Arc::new(Held {
            _node: slot,
            _address: address,
        }));
        connections.spawn(connection(
            http.clone(),
            tcp,
            peer,
            router.clone(),
            slot,
            stopping.clone(),
        ));
    }
    drop(listener);
    stopping.cancel();
    connections.close();
    connections.wait().await;
}

/// Serves one connection until it closes, or until the node stops (after its current
/// request).
async fn connection(
    http: http1::Builder,
    tcp: TcpStream,
    peer: SocketAddr,
    router: Router,
    slot: ConnectionSlot,
    stopping: CancellationToken,
) {
    // Small writes go out at once: a streamed page's chunks and socket frames would otherwise
    // wait on Nagle's algorithm for the peer's delayed ACK (40 ms here).
    if let Err(error) = tcp.set_nodelay(true) {
        tracing::debug!(%error, "could not set TCP_NODELAY on a connection");
    }
    let service = service_fn(move |mut request: hyper::Request<Incoming>| {
        let extensions = request.extensions_mut();
        extensions.insert(ConnectInfo(peer));
        extensions.insert(slot.clone());
        router.clone().oneshot(request)
    });
    let served = http
        .serve_connection(TokioIo::new(tcp), service)
        .with_upgrades();
    tokio::pin!(served);
    let outcome = tokio::select! {
        outcome = &mut served => outcome,
        () = stopping.cancelled() => {
            served.as_mut().graceful_shutdown();
            served.await
        }
    };
    if let Err(error) = outcome {
        // Timeouts, resets, malformed requests: the client's end, and only this connection.
        tracing::debug!(%error, %peer, "connection ended with an error");
    }
}

/// The next connection. Running out of file descriptors is waited out rather than spun on.
async fn accept(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(error) => {
                tracing::warn!(%error, "could not accept a connection; retrying shortly");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_at_most_its_share_until_one_closes() {
        let counts = Arc::new(PerAddress::default());
        let (one, two): (IpAddr, IpAddr) = ([192, 0, 2, 1].into(), [192, 0, 2, 2].into());
        let first = counts.enter(one, 2).expect("under the cap");
        let _second = counts.enter(one, 2).expect("at the cap");
        assert!(counts.enter(one, 2).is_none());
        assert!(counts.enter(two, 2).is_some(), "another address");
        drop(first);
        assert!(counts.enter(one, 2).is_some());
    }
}
