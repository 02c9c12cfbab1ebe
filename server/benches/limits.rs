//! Limits under load (issue "What an outside look found"): the real server binary in its own
//! process, on loopback. Prints its figures; not part of CI.
//!
//! 1. A socket flooding `new_message` for `BENCH_FLOOD_SECS` (10): how many a second are
//!    accepted (the limit: a burst of 10, then 5 a second, per person).
//! 2. `wrk` at many times a sliding-window limit (the email check, 100 per address per 60 s):
//!    how many answers were accepted (must be exactly the limit).
//! 3. `BENCH_SLOW_CONNECTIONS` (3000) connections that send nothing, half their headers, or a
//!    byte every two seconds: the server's file descriptors while they wait, and after the
//!    header timeout (`BENCH_HEADER_TIMEOUT_SECS`, 10).
//!
//! Run with `cargo bench -p server --bench limits`. Part 2 needs Debian's `wrk`
//! (`apt-get install wrk`).

use std::{
    io::Write,
    process::Command,
    time::{Duration, Instant},
};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::{io::AsyncWriteExt, net::TcpStream};
use tokio_tungstenite::tungstenite::Message;

mod support;

use support::{Error, Server, env_or, register};

async fn client() -> Result<reqwest::Client, Error> {
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

/// Floods a room with messages over one socket for `seconds`; answers (accepted, refused).
async fn flood(seconds: u64) -> Result<(u64, u64), Error> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &[])?;
    let http = client().await?;
    let cookie = register(&http, &server.url).await?;
    let created = http
        .post(format!("{}/chat/rooms", server.url))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", &cookie)
        .form(&[("name", "flood")])
        .send()
        .await?;
    let room = created
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .and_then(|location| location.strip_prefix("/chat/"))
        .ok_or("no room created")?
        .to_owned();
    let token: Value = http
        .get(format!("{}/socket/token", server.url))
        .header("cookie", &cookie)
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"].as_str().ok_or("no token")?;
    let ws_url = format!(
        "{}/socket/websocket?vsn=2.0.0&token={token}",
        server.url.replacen("http", "ws", 1)
    );
    let (socket, _) = tokio_tungstenite::connect_async(ws_url).await?;
    let (mut write, mut read) = socket.split();
    let topic = format!("room:{room}");
    write
        .send(Message::text(
            json!(["1", "1", topic, "phx_join", {}]).to_string(),
        ))
        .await?;

    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let writer = tokio::spawn(async move {
        let mut sent = 0u64;
        while Instant::now() < until {
            sent += 1;
            let frame = json!(["1", sent.to_string(), topic, "new_message", {"body": "flood"}]);
            if write.send(Message::text(frame.to_string())).await.is_err() {
                break;
            }
            if sent.is_multiple_of(64) {
                tokio::task::yield_now().await;
            }
        }
        sent
    });
    let (mut accepted, mut refused) = (0u64, 0u64);
    let deadline = tokio::time::Instant::from_std(until + Duration::from_secs(2));
    while let Ok(Some(Ok(Message::Text(text)))) =
        tokio::time::timeout_at(deadline, read.next()).await
    {
        let frame: Value = serde_json::from_str(&text)?;
        if frame[3] != "phx_reply" || frame[1] == "1" {
            continue;
        }
        match frame[4]["status"].as_str() {
            Some("ok") => accepted += 1,
            _ => refused += 1,
        }
    }
    let sent = writer.await?;
    println!("  frames sent: {sent}; replies: {accepted} ok, {refused} refused");
    Ok((accepted, refused))
}

/// `wrk` against the email check with a budget of `limit` per address per minute.
async fn under_wrk(limit: u32) -> Result<(), Error> {
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("  wrk is not installed (apt-get install wrk): skipped");
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let server = Server::start(
        dir.path(),
        &[
            ("APP_LIMITS__EMAIL_CHECKS_PER_ADDRESS", limit.to_string()),
            ("APP_LIMITS__EMAIL_CHECKS_PER_NODE", "1000000".into()),
            ("APP_LIMITS__EMAIL_CHECK_WINDOW_SECS", "60".into()),
        ],
    )?;
    let mut script = tempfile::NamedTempFile::new()?;
    writeln!(
        script,
        "wrk.method = \"POST\"\n\
         wrk.body = \"email=ada%40example.com\"\n\
         wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n\
         wrk.headers[\"Sec-Fetch-Site\"] = \"same-origin\""
    )?;
    let output = Command::new("wrk")
        .args(["-t2", "-c64", "-d10s", "-s"])
        .arg(script.path())
        .arg(format!("{}/rpc/email_taken", server.url))
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let number_after = |marker: &str| -> u64 {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(marker))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let total: u64 = text
        .lines()
        .find(|line| line.contains("requests in"))
        .and_then(|line| line.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or("wrk printed no request count")?;
    let refused = number_after("Non-2xx or 3xx responses:");
    println!(
        "  {total} requests in 10 s ({:.0}/s, {}x the limit); accepted {}, refused {refused} \
         (limit: {limit} per address per 60 s)",
        total as f64 / 10.0,
        total / u64::from(limit.max(1)),
        total - refused
    );
    Ok(())
}

/// Opens `count` connections that never finish their headers; prints the server's descriptors.
async fn slow_connections(count: usize, header_timeout: u64) -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(
        dir.path(),
        &[(
            "APP_SERVER__HEADER_TIMEOUT_SECS",
            header_timeout.to_string(),
        )],
    )?;
    let address = server.url.trim_start_matches("http://").to_owned();
    let before = server.descriptors();
    let mut held = Vec::with_capacity(count);
    for n in 0..count {
        let mut stream = TcpStream::connect(&address).await?;
        match n % 3 {
            0 => {}                                                         // nothing at all
            1 => stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await?, // half the headers
            _ => stream.write_all(b"G").await?, // the start of a trickle
        }
        held.push(stream);
    }
    let trickle = async {
        // A byte every two seconds on every third connection, as long as it stays open.
        loop {
            tokio::time::sleep(Duration::from_secs(2)).await;
            for stream in held.iter_mut().skip(2).step_by(3) {
                let _closed_by_the_server = stream.write_all(b"E").await;
            }
        }
    };
    let measure = async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let waiting = server.descriptors();
        tokio::time::sleep(Duration::from_secs(header_timeout + 3)).await;
        (waiting, server.descriptors())
    };
    let (waiting, after) = tokio::select! {
        measured = measure => measured,
        () = trickle => unreachable!("the trickle never ends by itself"),
    };
    println!(
        "  server descriptors: {before} before, {waiting} while {count} slow connections wait, \
         {after} 3 s after the {header_timeout} s header timeout"
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let seconds = env_or("BENCH_FLOOD_SECS", 10u64);
    println!("1. one socket flooding new_message for {seconds} s (limit: burst 10, then 5/s):");
    let (accepted, _) = flood(seconds).await?;
    let flood_secs = seconds as f64;
    println!(
        "  accepted {accepted} in the {seconds} s = {:.1} messages/s (the limit allows {:.0}: \
         10 at once, then 5 a second)",
        accepted as f64 / flood_secs,
        10.0 + 5.0 * flood_secs
    );
    println!("2. wrk against a sliding window of 100 per 60 s:");
    under_wrk(100).await?;
    let count = env_or("BENCH_SLOW_CONNECTIONS", 3000usize);
    println!("3. {count} slow connections:");
    slow_connections(count, env_or("BENCH_HEADER_TIMEOUT_SECS", 10u64)).await?;
    Ok(())
}
