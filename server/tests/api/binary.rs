//! Tests of the `server` binary itself: configuration refusals, logs, and shutdown.

use std::{process::Stdio, time::Duration};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::Command,
};

use crate::helpers::repo_root;

const SECRET: &str = "s3cr3t-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn server() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(repo_root());
    command
}

#[tokio::test]
async fn the_prod_profile_refuses_to_start_without_its_secrets_and_says_what_to_set() {
    let output = server()
        .env("APP_PROFILE", "prod")
        .output()
        .await
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SECRET_KEY_BASE"), "{stderr}");
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
    assert!(
        stderr.contains("openssl rand"),
        "the message says how to make a secret: {stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("listening"));
}

#[tokio::test]
async fn a_too_short_secret_is_refused_with_its_length() {
    let output = server()
        .env("SECRET_KEY_BASE", "short")
        .output()
        .await
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("has 5 bytes and needs at least 64"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("short\""),
        "the secret itself is not printed: {stderr}"
    );
}

#[tokio::test]
async fn the_server_logs_json_with_request_ids_and_stops_cleanly_on_sigterm_without_logging_secrets()
 {
    let data = tempfile::tempdir().expect("a temporary directory");
    let mut child = server()
        .env("APP_SERVER__PORT", "0")
        .env(
            "APP_DATABASE__URL",
            format!("sqlite://{}/app.db", data.path().display()),
        )
        .env("SECRET_KEY_BASE", SECRET)
        .env("RUST_LOG", "trace")
        .env("APP_LOG__FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");

    let mut stdout = BufReader::new(child.stdout.take().expect("piped")).lines();
    let url = tokio::time::timeout(Duration::from_secs(30), async {
        let mut seen = Vec::new();
        while let Some(line) = stdout.next_line().await.expect("readable") {
            if let Some(url) = line.strip_prefix("listening on ") {
                return url.to_owned();
            }
            seen.push(line);
        }
        panic!("the server exited before listening: {seen:?}");
    })
    .await
    .expect("the server starts listening within 30 s");

    let live = reqwest::Client::new()
        .get(format!("{url}/health/live"))
        .header("x-request-id", "probe-1")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(live.status(), 200);

    let pid = child.id().expect("running").to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .expect("kill runs");
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("the server stops within 15 s of SIGTERM")
        .expect("exit status");
    assert!(status.success(), "a clean shutdown exits 0, got {status}");

    let mut logs = String::new();
    while let Some(line) = stdout.next_line().await.expect("readable") {
        logs.push_str(&line);
        logs.push('\n');
    }
    let mut stderr = BufReader::new(child.stderr.take().expect("piped")).lines();
    while let Some(line) = stderr.next_line().await.expect("readable") {
        logs.push_str(&line);
        logs.push('\n');
    }
    assert!(logs.contains("stopped"), "{logs}");
    let finished = logs
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|entry| entry["message"] == "request finished")
        .unwrap_or_else(|| panic!("a JSON line for the finished request in {logs}"));
    assert_eq!(finished["span"]["request_id"], "probe-1", "{finished}");
    assert_eq!(finished["status"], 200);
    assert!(
        !logs.contains("s3cr3t"),
        "the secret key base never reaches the logs"
    );
}
