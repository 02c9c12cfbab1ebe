//! The public API under load (issue "Public API"): the real server binary in its own process,
//! on loopback. Prints its figures; not part of CI.
//!
//! 1. REST reads with `wrk` (`BENCH_WRK_SECS`, 10 s; 64 connections, 2 threads): `GET
//!    /api/v2/me` with a bearer token (opened from the node's memory of opened tokens after
//!    the first request, its budget spent, the account answered), against a bare axum server
//!    answering a hello JSON in this process, same `wrk` run by run: requests a second, p50
//!    and p99, and the ratio.
//! 2. The limiter's cost: one token-bucket check a request, timed over a million checks
//!    spread over 10,000 tokens, in this process.
//! 3. CSV: everyone's accounts exported with 100,000 of them (`BENCH_CSV_ROWS`): rows a second,
//!    and the server's memory before and at its peak.
//!
//! Run with `cargo bench -p server --bench api` (needs Debian's `wrk`).

use std::{
    process::Command,
    time::{Duration, Instant},
};

use app::limits::{ApiClient, LimitSettings, Limits};
use axum::{Json, Router, routing::get};
use serde_json::{Value, json};

mod support;

use support::{Error, Server, env_or, register};

/// What `wrk` measured.
struct Run {
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

fn wrk(url: &str, header: Option<&str>, seconds: u64) -> Result<Run, Error> {
    let mut command = Command::new("wrk");
    command.args(["-t2", "-c64", &format!("-d{seconds}s"), "--latency"]);
    if let Some(header) = header {
        command.args(["-H", header]);
    }
    let output = command.arg(url).output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let number = |prefix: &str| -> Option<f64> {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|value| {
                let (number, scale) = if let Some(ms) = value.strip_suffix("ms") {
                    (ms, 1.0)
                } else if let Some(us) = value.strip_suffix("us") {
                    (us, 0.001)
                } else if let Some(s) = value.strip_suffix('s') {
                    (s, 1000.0)
                } else {
                    (value, 1.0)
                };
                number.parse::<f64>().ok().map(|n| n * scale)
            })
    };
    let errors = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .and_then(|rest| rest.trim().parse().ok())
        .unwrap_or(0);
    Ok(Run {
        requests_per_sec: number("Requests/sec:")
            .ok_or_else(|| format!("no wrk figures:\n{text}"))?,
        p50_ms: number("50%").unwrap_or(f64::NAN),
        p99_ms: number("99%").unwrap_or(f64::NAN),
        errors,
    })
}

/// The yardstick: axum answering a small JSON document, no middleware, no database.
async fn bare_server() -> Result<String, Error> {
    let app = Router::new().route(
        "/hello",
        get(|| async { Json(json!({ "data": { "id": 1, "name": "Ada", "role": "admin" } })) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hello", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

/// A client that reads redirects instead of following them (registering answers one).
fn client() -> Result<reqwest::Client, Error> {
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

async fn token(http: &reqwest::Client, url: &str) -> Result<String, Error> {
    let answer: Value = http
        .post(format!("{url}/api/v2/sessions"))
        .json(&json!({ "email": "ada@example.com", "password": "Analytical-Engine-1843" }))
        .send()
        .await?
        .json()
        .await?;
    Ok(answer["data"]["secret"]
        .as_str()
        .ok_or("no token")?
        .to_owned())
}

/// The budgets lifted: here the cost of answering is measured, not the refusals.
fn lifted() -> Vec<(&'static str, String)> {
    vec![
        ("APP_LIMITS__API_REQUESTS_PER_MINUTE", "1000000000".into()),
        ("APP_LIMITS__API_BURST", "1000000000".into()),
        ("APP_LOG__LEVEL", "error".into()),
    ]
}

async fn rest_reads(seconds: u64) -> Result<(), Error> {
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("  wrk is not installed (apt-get install wrk): skipped");
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &lifted())?;
    let http = client()?;
    register(&http, &server.url).await?;
    let token = token(&http, &server.url).await?;
    let bare = bare_server().await?;
    let header = format!("Authorization: Bearer {token}");
    let me = format!("{}/api/v2/me", server.url);
    // Warm both, then measure each twice, alternating, and keep the better of each.
    wrk(&me, Some(&header), 2)?;
    wrk(&bare, None, 2)?;
    let mut ours = Vec::new();
    let mut yardstick = Vec::new();
    for _ in 0..2 {
        ours.push(wrk(&me, Some(&header), seconds)?);
        yardstick.push(wrk(&bare, None, seconds)?);
    }
    let best = |runs: Vec<Run>| {
        runs.into_iter()
            .max_by(|a, b| a.requests_per_sec.total_cmp(&b.requests_per_sec))
            .expect("two runs")
    };
    let (ours, yardstick) = (best(ours), best(yardstick));
    println!(
        "  GET /api/v2/me (bearer):   {:>9.0} req/s   p50 {:.2} ms   p99 {:.2} ms   non-2xx {}",
        ours.requests_per_sec, ours.p50_ms, ours.p99_ms, ours.errors
    );
    println!(
        "  bare axum hello JSON:      {:>9.0} req/s   p50 {:.2} ms   p99 {:.2} ms",
        yardstick.requests_per_sec, yardstick.p50_ms, yardstick.p99_ms
    );
    println!(
        "  ratio: {:.0} % of the bare server's rate",
        100.0 * ours.requests_per_sec / yardstick.requests_per_sec
    );
    Ok(())
}

fn limiter_cost() {
    const CHECKS: u32 = 1_000_000;
    const TOKENS: u32 = 10_000;
    let limits = Limits::new(&LimitSettings::default());
    let started = Instant::now();
    let mut allowed = 0_u32;
    for n in 0..CHECKS {
        let key = ApiClient::Token(i64::from(n % TOKENS));
        allowed += u32::from(limits.api.check(&key).allowed);
    }
    let per_check = started.elapsed() / CHECKS;
    println!(
        "  token bucket: {} ns a check ({CHECKS} checks over {TOKENS} tokens, {allowed} allowed)",
        per_check.as_nanos()
    );
}

async fn csv_export(rows: u64) -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &lifted())?;
    let http = client()?;
    register(&http, &server.url).await?;
    let token = token(&http, &server.url).await?;
    let database = format!("sqlite://{}/bench.db", dir.path().display());
    let pool = sqlx::SqlitePool::connect(&database).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) \
         INSERT INTO users (email, email_key, name, password_hash, handle) \
         SELECT 'u' || i || '@example.com', 'u' || i || '@example.com', 'User ' || i, '!', 'user_' || i FROM n"
    )))
    .execute(&pool)
    .await?;
    pool.close().await;
    let before = server.memory("VmRSS");
    let started = Instant::now();
    let mut response = http
        .get(format!("{}/api/v2/users/export", server.url))
        .bearer_auth(&token)
        .send()
        .await?;
    let mut lines = 0_u64;
    let mut bytes = 0_u64;
    while let Some(chunk) = response.chunk().await? {
        bytes += chunk.len() as u64;
        lines += chunk.iter().filter(|byte| **byte == b'\n').count() as u64;
    }
    let took = started.elapsed();
    let peak = server.memory("VmHWM");
    println!(
        "  {} rows ({:.1} MB) in {:.2} s: {:.0} rows/s",
        lines.saturating_sub(1),
        bytes as f64 / 1e6,
        took.as_secs_f64(),
        (lines.saturating_sub(1)) as f64 / took.as_secs_f64()
    );
    println!(
        "  server memory: {:.1} MiB before the export, peak {:.1} MiB",
        before as f64 / 1_048_576.0,
        peak as f64 / 1_048_576.0
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let seconds = env_or("BENCH_WRK_SECS", 10_u64);
    println!("1. REST reads, wrk -t2 -c64 -d{seconds}s (best of two runs each)");
    rest_reads(seconds).await?;
    println!("2. The limiter's cost");
    limiter_cost();
    let rows = env_or("BENCH_CSV_ROWS", 100_000_u64);
    println!("3. CSV export of {rows} accounts");
    csv_export(rows).await?;
    tokio::time::sleep(Duration::from_millis(10)).await;
    Ok(())
}
