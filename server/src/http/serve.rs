//! The accept loop. `axum::serve` sets no timer, so hyper's header timeout is off there: a
//! connection that sends nothing, half its headers, or a byte every few seconds stayed open
//! for ever, each holding a file descriptor. Here every connection is served by hyper's
//! HTTP/1 builder with a timer and a header-read timeout — which also closes a keep-alive
//! connection left idle that long (hyper ≥ 1.6 starts it the moment a connection waits for its
//! next request) — and the node holds at most `max_connections` at once, upgraded sockets
//! included: when all are taken, new clients wait in the kernel's backlog.
//!
//! HTTP/1 only, on purpose: hyper-util's auto builder first reads a few bytes to tell HTTP/2
//! apart, before any timer runs, so a client trickling those bytes would escape the timeout.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

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
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// A request's headers must arrive within this, and an idle keep-alive connection is
    /// closed after it.
    pub header_timeout: Duration,
    /// Connections held at once, sockets upgraded from them included.
    pub max_connections: usize,
}

/// One of the node's `max_connections`, held by a connection for as long as it lives. Every
/// request carries it (as an extension), so that a WebSocket upgraded from the connection can
/// keep holding it after hyper has let go of the connection.
#[derive(Clone, Debug)]
pub struct ConnectionSlot(
    #[expect(dead_code, reason = "held, never read")] Arc<OwnedSemaphorePermit>,
);

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
        let slot = ConnectionSlot(Arc::new(slot));
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
