//! The load generator's sockets: connecting and joining many, reading what they are sent (and
//! timing the broadcasts among it), publishing, and echo round trips.

use std::{
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use futures_util::{SinkExt, StreamExt};
use tokio::{net::TcpStream, sync::Semaphore, task::JoinSet};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async_with_config,
    tungstenite::{Message, protocol::WebSocketConfig},
};

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Marks a timed message body: `bench:<nanos since the generator's start>`.
const MARKER: &str = "bench:";
/// Sockets connecting and joining at once.
const CONNECTING: usize = 128;

/// The bare server's sockets: buffers as small as our server's (`realtime::READ_BUFFER`).
pub fn server_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(realtime::READ_BUFFER)
        .write_buffer_size(0)
}

/// The generator's sockets: a read buffer that takes a large frame (a `presence_state` grows
/// with the room) in few reads, and no write buffer.
fn client_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(32 * 1024)
        .write_buffer_size(0)
}

/// What the idle sockets saw; the broadcast phases read it.
pub struct Stats {
    start: Instant,
    pub frames: AtomicU64,
    /// Publish-to-receive latencies of timed broadcasts, in nanoseconds.
    latencies: Mutex<Vec<u64>>,
    /// When the latest timed broadcast arrived, in nanoseconds since `start`.
    last_arrival: AtomicU64,
    /// Sum over the idle sockets of the largest frame each has received: a server keeps a write
    /// buffer as large as the largest frame it wrote, so this is what that costs.
    largest_frames: AtomicU64,
}

impl Stats {
    pub fn new(start: Instant) -> Arc<Self> {
        Arc::new(Self {
            start,
            frames: AtomicU64::new(0),
            latencies: Mutex::new(Vec::new()),
            last_arrival: AtomicU64::new(0),
            largest_frames: AtomicU64::new(0),
        })
    }

    /// Sum of the idle sockets' largest frames, in bytes.
    pub fn largest_frames(&self) -> u64 {
        self.largest_frames.load(Ordering::Relaxed)
    }

    pub fn now(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }

    pub fn received(&self) -> usize {
        self.latencies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn take_latencies(&self) -> Vec<u64> {
        std::mem::take(
            &mut *self
                .latencies
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    pub fn last_arrival(&self) -> u64 {
        self.last_arrival.load(Ordering::Relaxed)
    }

    fn record(&self, text: &str) {
        self.frames.fetch_add(1, Ordering::Relaxed);
        let Some(at) = text.find(MARKER) else {
            return;
        };
        let digits = &text[at + MARKER.len()..];
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let Ok(sent) = digits[..end].parse::<u64>() else {
            return;
        };
        let now = self.now();
        self.last_arrival.fetch_max(now, Ordering::Relaxed);
        self.latencies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(now.saturating_sub(sent));
    }

    /// Waits until no frame has arrived for `quiet`, at most `limit`.
    pub async fn settle(&self, quiet: Duration, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut seen = self.frames.load(Ordering::Relaxed);
        let mut since = Instant::now();
        while Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let now = self.frames.load(Ordering::Relaxed);
            if now != seen {
                seen = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return true;
            }
        }
        false
    }
}

pub fn timed_body(stats: &Stats) -> String {
    format!("{MARKER}{}", stats.now())
}

pub async fn connect(url: &str) -> Result<Ws, Error> {
    let (ws, _) = connect_async_with_config(url, Some(client_config()), false).await?;
    Ok(ws)
}

/// Joins `topic` with join_ref "1" and waits for its `ok` reply, skipping whatever else comes.
pub async fn join(ws: &mut Ws, topic: &str) -> Result<(), Error> {
    ws.send(Message::text(format!(
        r#"["1","1","{topic}","phx_join",{{}}]"#
    )))
    .await?;
    let prefix = format!(r#"["1","1","{topic}","phx_reply","#);
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) if text.starts_with(&prefix) => {
                return if is_ok(&text, &prefix) {
                    Ok(())
                } else {
                    Err(format!("join refused: {}", truncate(&text)).into())
                };
            }
            Some(Ok(Message::Close(close))) => return Err(format!("closed: {close:?}").into()),
            Some(Ok(_)) => {}
            Some(Err(error)) => return Err(error.into()),
            None => return Err("socket ended during the join".into()),
        }
    }
}

/// Whether a reply's status is ok, whichever order its payload's keys were written in.
fn is_ok(text: &str, prefix: &str) -> bool {
    text.ends_with(r#""status":"ok"}]"#) || text[prefix.len()..].starts_with(r#"{"status":"ok""#)
}

fn truncate(text: &str) -> &str {
    &text[..text.floor_char_boundary(200)]
}

/// Opens `count` sockets joined to `topic` (or only connected, when `topic` is `None`), each
/// then read by its own task into `stats`.
pub async fn open_idle(
    url: &str,
    topic: Option<&str>,
    count: usize,
    stats: &Arc<Stats>,
    readers: &mut JoinSet<()>,
) -> Result<(), Error> {
    let gate = Arc::new(Semaphore::new(CONNECTING));
    let mut joining = JoinSet::new();
    let started = Instant::now();
    for _ in 0..count {
        let permit = gate.clone().acquire_owned().await?;
        let (url, topic) = (url.to_owned(), topic.map(str::to_owned));
        joining.spawn(async move {
            let mut ws = connect(&url).await?;
            if let Some(topic) = topic {
                join(&mut ws, &topic).await?;
            }
            drop(permit);
            Ok::<_, Error>(ws)
        });
        while let Some(done) = joining.try_join_next() {
            let ws = done??;
            readers.spawn(read_all(ws, stats.clone()));
            if readers.len().is_multiple_of(1000) {
                eprintln!(
                    "    {} joined after {:.1?}",
                    readers.len(),
                    started.elapsed()
                );
            }
        }
    }
    while let Some(done) = joining.join_next().await {
        readers.spawn(read_all(done??, stats.clone()));
    }
    Ok(())
}

async fn read_all(mut ws: Ws, stats: Arc<Stats>) {
    let mut largest = 0;
    while let Some(Ok(message)) = ws.next().await {
        if let Message::Text(text) = message {
            if text.len() > largest {
                let grown = (text.len() - largest) as u64;
                stats.largest_frames.fetch_add(grown, Ordering::Relaxed);
                largest = text.len();
            }
            stats.record(&text);
        }
    }
}

/// Runs `sockets` concurrent sockets, each doing sequential `ping` round trips on `topic` for
/// `duration`; returns the round trips completed.
pub async fn echo(
    url: &str,
    topic: &str,
    sockets: usize,
    duration: Duration,
) -> Result<u64, Error> {
    let mut ready = Vec::with_capacity(sockets);
    for _ in 0..sockets {
        let mut ws = connect(url).await?;
        join(&mut ws, topic).await?;
        ready.push(ws);
    }
    let deadline = tokio::time::Instant::now() + duration;
    let mut running = JoinSet::new();
    for mut ws in ready {
        let topic = topic.to_owned();
        running.spawn(async move {
            let mut done = 0u64;
            while tokio::time::Instant::now() < deadline {
                let msg_ref = done + 2;
                let frame = format!(r#"["1","{msg_ref}","{topic}","ping",{{"n":{msg_ref}}}]"#);
                ws.send(Message::text(frame)).await?;
                let prefix = format!(r#"["1","{msg_ref}","#);
                loop {
                    match ws.next().await {
                        Some(Ok(Message::Text(text))) if text.starts_with(&prefix) => break,
                        Some(Ok(_)) => {}
                        Some(Err(error)) => return Err(Error::from(error)),
                        None => return Err("socket ended during echo".into()),
                    }
                }
                done += 1;
            }
            Ok(done)
        });
    }
    let mut total = 0;
    while let Some(done) = running.join_next().await {
        total += done??;
    }
    Ok(total)
}
