//! Uploads (issue "Uploads with live progress, checked content, and avatars"): throughput on
//! loopback, and the server's memory while it receives a file ten times the default limit's
//! size (the limit raised for the run). The server is the real binary in its own process, so
//! its resident set is its own; it is sampled from `/proc/<pid>/status` every 5 ms during the
//! upload. Prints its figures; not part of CI.
//!
//! Run with `cargo bench -p server --bench uploads` (knobs: `BENCH_UPLOAD_MB`, default 100;
//! `BENCH_ROUNDS`, default 5).

use std::{
    convert::Infallible,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use bytes::Bytes;

mod support;

use support::{Error, Server, env_or, memory_of, register};

const MB: u64 = 1024 * 1024;

/// A PDF of `size` bytes, sent in 64 KiB chunks as they are made: the bench holds one chunk,
/// never the file.
fn pdf_body(size: u64) -> reqwest::Body {
    const CHUNK: u64 = 64 * 1024;
    let mut first = b"%PDF-1.7\n".to_vec();
    first.resize(CHUNK as usize, b' ');
    let filler = Bytes::from(vec![b' '; CHUNK as usize]);
    let first = Bytes::from(first);
    let chunks = (0..size.div_ceil(CHUNK)).map(move |i| {
        let len = CHUNK.min(size - i * CHUNK) as usize;
        let chunk = if i == 0 {
            first.clone()
        } else {
            filler.clone()
        };
        Ok::<_, Infallible>(chunk.slice(..len))
    });
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

/// Uploads `size` bytes as one file; answers how long the server took to accept it.
async fn upload(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
    size: u64,
    declared: bool,
) -> Result<Duration, Error> {
    let mut request = client
        .post(format!("{url}/uploads"))
        .query(&[("name", "bench.pdf")])
        .header("sec-fetch-site", "same-origin")
        .header("cookie", cookie)
        .body(pdf_body(size));
    if declared {
        request = request.header("content-length", size.to_string());
    }
    let started = Instant::now();
    let response = request.send().await?;
    let status = response.status();
    if status != 201 {
        return Err(format!("upload answered {status}: {}", response.text().await?).into());
    }
    Ok(started.elapsed())
}

fn mb_per_s(bytes: u64, elapsed: Duration) -> f64 {
    bytes as f64 / MB as f64 / elapsed.as_secs_f64()
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let size = env_or("BENCH_UPLOAD_MB", 100u64) * MB;
    let rounds = env_or("BENCH_ROUNDS", 5usize);
    let dir = tempfile::tempdir()?;
    let server = Server::start(
        dir.path(),
        &[
            ("APP_UPLOADS__MAX_FILE_BYTES", size.to_string()),
            ("APP_UPLOADS__QUOTA_BYTES", (1u64 << 40).to_string()),
        ],
    )?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let cookie = register(&client, &server.url).await?;

    // Warm up: a small upload, so the baseline includes what any upload sets up.
    upload(&client, &server.url, &cookie, MB, true).await?;
    let baseline = server.memory("VmRSS");
    let high_before = server.memory("VmHWM");

    // The memory test: one file of `size` bytes, sampled while it streams in.
    let pid = server.pid();
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(memory_of(pid, "VmRSS"), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let elapsed = upload(&client, &server.url, &cookie, size, false).await?;
    done.store(true, Ordering::Relaxed);
    sampler.join().map_err(|_| "the sampler panicked")?;
    let high_after = server.memory("VmHWM");
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    println!(
        "server memory receiving one {} MB file ({}x the default 10 MB limit; limit raised), chunked:",
        size / MB,
        size / (10 * MB)
    );
    println!("  resident before               {:9.0} KiB", kib(baseline));
    println!(
        "  resident peak during upload   {:9.0} KiB (sampled every 5 ms)",
        kib(peak.load(Ordering::Relaxed))
    );
    println!(
        "  high-water mark before/after  {:9.0} / {:.0} KiB",
        kib(high_before),
        kib(high_after)
    );
    println!(
        "  growth of the high-water mark {:9.0} KiB for {} MB received",
        kib(high_after.saturating_sub(high_before)),
        size / MB
    );
    println!("  that upload: {:.0} MB/s", mb_per_s(size, elapsed));

    // Throughput: the same file several times, one at a time, then five at once.
    let mut speeds = Vec::new();
    for _ in 0..rounds {
        let elapsed = upload(&client, &server.url, &cookie, size, true).await?;
        speeds.push(mb_per_s(size, elapsed));
    }
    speeds.sort_by(f64::total_cmp);
    println!(
        "throughput on loopback, one {} MB upload at a time ({rounds} rounds; written, hashed, fsynced):",
        size / MB
    );
    println!(
        "  median {:.0} MB/s, best {:.0} MB/s, worst {:.0} MB/s",
        speeds[speeds.len() / 2],
        speeds[speeds.len() - 1],
        speeds[0]
    );
    let each = 10 * MB;
    let started = Instant::now();
    let together = (0..5).map(|_| upload(&client, &server.url, &cookie, each, true));
    for result in futures_util::future::join_all(together).await {
        result?;
    }
    println!(
        "  five 10 MB uploads at once: {:.0} MB/s in all",
        mb_per_s(5 * each, started.elapsed())
    );
    println!(
        "  server high-water mark after everything: {:.0} KiB",
        kib(server.memory("VmHWM"))
    );
    Ok(())
}
