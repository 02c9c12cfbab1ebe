//! The real-time edge under load, side by side with a bare tokio-tungstenite server doing the
//! same socket work in the same run: memory per idle joined socket, one room's broadcast
//! fan-out (throughput and latency) and echo round trips. Prints its figures; not part of CI.
//!
//! Lives in `benches/realtime/`. Run with `cargo build --release -p server && cargo bench -p server --bench realtime`.
//! The servers run pinned to core 0 and this generator to core 1 (`taskset`). Knobs (env):
//! `BENCH_CONNS` (10000 idle sockets), `BENCH_MESSAGES` (20 per broadcast phase),
//! `BENCH_ECHO_SECS` (3), `BENCH_ONLY` (`ours` or `bare`), `BENCH_JOIN` (1; 0 connects the idle
//! sockets without joining, to tell a socket's own cost from its channel's), `BENCH_SERVER` (our
//! server binary, by default `target/release/server`).
//! Both processes need a descriptor per socket: the generator raises its own limit (and so its
//! servers') with `prlimit` when `BENCH_CONNS` needs it.

mod bare;
mod figures;
mod load;
mod servers;

use std::{
    process::Command,
    time::{Duration, Instant},
};

use futures_util::{SinkExt, StreamExt};
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;

use figures::{Cpu, Figures, rss_kib};
use load::{Error, Stats};
use servers::Server;

/// The core this generator runs on.
const GENERATOR_CORE: &str = "1";
/// How long a phase may wait for its frames before giving up and reporting what arrived.
const PHASE_LIMIT: Duration = Duration::from_secs(120);
/// How long one spaced broadcast may take to reach every socket.
const MESSAGE_LIMIT: Duration = Duration::from_secs(20);

struct Config {
    conns: usize,
    messages: usize,
    echo: Duration,
    only: Option<String>,
    join: bool,
}

/// Descriptors needed beyond one per idle socket (echo sockets, database, listeners).
const SPARE_FILES: u64 = 1024;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Error> {
    if std::env::var("BENCH_ROLE").as_deref() == Ok("bare-server") {
        return bare::main().map_err(|error| error.to_string().into());
    }
    if std::env::var_os("BENCH_PINNED").is_none() {
        // Re-run this binary on the generator's core, with descriptors enough for every socket;
        // everything it spawns says where it runs and inherits the limit.
        let files = env_or("BENCH_CONNS", 10_000u64) + SPARE_FILES;
        let mut command = if open_files_limit().is_some_and(|limit| limit < files) {
            let mut prlimit = Command::new("prlimit");
            prlimit
                .arg(format!("--nofile={files}:{files}"))
                .arg("taskset");
            prlimit
        } else {
            Command::new("taskset")
        };
        let status = command
            .args(["-c", GENERATOR_CORE])
            .arg(std::env::current_exe()?)
            .env("BENCH_PINNED", "1")
            .status()?;
        std::process::exit(status.code().unwrap_or(1));
    }
    let config = Config {
        conns: env_or("BENCH_CONNS", 10_000),
        messages: env_or("BENCH_MESSAGES", 20),
        echo: Duration::from_secs(env_or("BENCH_ECHO_SECS", 3)),
        only: std::env::var("BENCH_ONLY").ok(),
        join: env_or("BENCH_JOIN", 1) != 0,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(config))
}

async fn run(config: Config) -> Result<(), Error> {
    let wanted = |name: &str| config.only.as_deref().is_none_or(|only| only == name);
    let bare = if wanted("bare") {
        Some(measure(servers::bare().await?, &config).await?)
    } else {
        None
    };
    let ours = if wanted("ours") {
        Some(measure(servers::ours().await?, &config).await?)
    } else {
        None
    };
    figures::print_table(&config_line(&config), ours.as_ref(), bare.as_ref());
    Ok(())
}

/// This process's soft limit on open files, from `/proc/self/limits`.
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

fn config_line(config: &Config) -> String {
    let idle = if config.join {
        "idle sockets in one room"
    } else {
        "idle sockets, connected only (not joined: the broadcast rows are empty)"
    };
    format!(
        "{} {idle}; broadcast: {} messages one at a time, then {} back to back; echo {:?} per run; load average before: {}",
        config.conns,
        config.messages,
        config.messages,
        config.echo,
        load_average()
    )
}

/// `/proc/loadavg`'s first three fields: CPU figures mean little when it is above ~1.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}

async fn measure(server: Server, config: &Config) -> Result<Figures, Error> {
    eprintln!("== {} (pid {}) {}", server.name, server.pid, server.ws_url);
    let mut figures = Figures::new(server.name);
    figures.set_conns(config.conns);
    let stats = Stats::new(Instant::now());
    let mut readers = JoinSet::new();

    figures.rss_before_kib = rss_kib(server.pid)?;
    figures.load_before = load_average();
    let cpu = Cpu::start(server.pid);
    let joining = Instant::now();
    load::open_idle(
        &server.ws_url,
        config.join.then_some(server.room.as_str()),
        config.conns,
        &stats,
        &mut readers,
    )
    .await?;
    figures.join_secs = joining.elapsed().as_secs_f64();
    figures.join_cpu = cpu.finish();
    eprintln!(
        "  {} joined in {:.1} s; settling",
        config.conns, figures.join_secs
    );
    stats.settle(Duration::from_secs(1), PHASE_LIMIT).await;
    figures.join_frames = stats.frames.load(std::sync::atomic::Ordering::Relaxed);
    figures.largest_frames = stats.largest_frames();
    figures.rss_after_kib = rss_kib(server.pid)?;
    if !config.join {
        eprintln!("  connected only: no broadcast or echo phases");
        server.kill().await?;
        readers.shutdown().await;
        return Ok(figures);
    }

    // One more socket publishes; it reads (and ignores) what it is sent on its own.
    let mut publisher = load::connect(&server.ws_url).await?;
    load::join(&mut publisher, &server.room).await?;
    let (mut publish, mut replies) = publisher.split();
    tokio::spawn(async move { while let Some(Ok(_)) = replies.next().await {} });
    stats.settle(Duration::from_secs(1), PHASE_LIMIT).await;
    stats.take_latencies();

    let frame = |stats: &Stats, n: usize| {
        let body = load::timed_body(stats);
        Message::text(format!(
            r#"["1","{}","{}","new_message",{{"body":"{body}"}}]"#,
            n + 2,
            server.room
        ))
    };

    // One message at a time: each fan-out alone, then a pause.
    let cpu = Cpu::start(server.pid);
    for n in 0..config.messages {
        let expected = stats.received() + config.conns;
        let sent = stats.now();
        publish.send(frame(&stats, n)).await?;
        let complete = wait_for(&stats, expected, MESSAGE_LIMIT).await;
        figures.fanouts.push((
            stats.last_arrival().saturating_sub(sent) as f64 / 1e9,
            complete,
        ));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    figures.spaced_cpu = cpu.finish();
    figures.spaced = stats.take_latencies();

    // Back to back: the publisher does not wait for anything.
    let cpu = Cpu::start(server.pid);
    let sent = stats.now();
    for n in 0..config.messages {
        publish.send(frame(&stats, config.messages + n)).await?;
    }
    let burst_complete = wait_for(&stats, config.messages * config.conns, PHASE_LIMIT).await;
    figures.burst_secs = stats.last_arrival().saturating_sub(sent) as f64 / 1e9;
    figures.burst_complete = burst_complete;
    figures.burst_cpu = cpu.finish();
    figures.burst = stats.take_latencies();
    eprintln!("  broadcasts done");

    for sockets in [1, 64] {
        let cpu = Cpu::start(server.pid);
        let round_trips =
            load::echo(&server.ws_url, &server.echo_room, sockets, config.echo).await?;
        figures.echo.push((
            sockets,
            round_trips as f64 / config.echo.as_secs_f64(),
            cpu.finish(),
        ));
    }
    eprintln!("  echo done");
    figures.load_after = load_average();

    server.kill().await?;
    readers.shutdown().await;
    Ok(figures)
}

/// Waits until `count` timed broadcasts have arrived; false if `limit` passed first.
async fn wait_for(stats: &Stats, count: usize, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while stats.received() < count {
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    true
}
