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

/// Starts the binary on `database_url` with `envs`, and answers it with the URL it listens on.
async fn start_server(
    database_url: &str,
    data: &std::path::Path,
    envs: &[(&str, String)],
) -> (tokio::process::Child, String) {
    let mut child = server()
        .env("APP_SERVER__PORT", "0")
        .env("APP_DATABASE__URL", database_url)
        .env("APP_NODE__DATA_DIR", data)
        .env("SECRET_KEY_BASE", SECRET)
        .env("APP_JOBS__LEASE_SECS", "2")
        .env("APP_JOBS__POLL_MS", "200")
        .envs(envs.iter().map(|(name, value)| (*name, value.as_str())))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped")).lines();
    let url = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = stdout.next_line().await.expect("readable") {
            if let Some(url) = line.strip_prefix("listening on ") {
                return url.to_owned();
            }
        }
        panic!("the server exited before listening");
    })
    .await
    .expect("the server starts listening within 30 s");
    // Keep reading, so the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = stdout.next_line().await {} });
    (child, url)
}

#[tokio::test]
async fn a_job_whose_node_was_killed_mid_run_is_rescued_by_the_next_node_and_completes() {
    use domain::jobs::{self, Filter, JobState};

    let database = domain::testing::TestDatabase::create().await;
    let db = database.open(2).await;
    let data = tempfile::tempdir().expect("a temporary directory");
    // An SMTP server that takes connections and never says a word: the welcome's delivery
    // hangs there, its job running, when the node is killed.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let silent_port = silent.local_addr().expect("bound").port().to_string();
    let (mut first, url) = start_server(
        &database.url,
        data.path(),
        &[
            ("APP_MAIL__ADAPTER", "smtp".into()),
            ("APP_MAIL__SMTP__HOST", "127.0.0.1".into()),
            ("APP_MAIL__SMTP__PORT", silent_port),
            ("APP_MAIL__SMTP__TLS", "none".into()),
            ("APP_MAIL__SMTP__TIMEOUT_SECS", "300".into()),
        ],
    )
    .await;
    let password = "Analytical-Engine-1843";
    let registered = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .post(format!("{url}/register"))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("age", ""),
            ("password", password),
            ("password_confirmation", password),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(registered.status(), 303);

    let welcome = Filter {
        kind: Some("mail.welcome".into()),
        ..Filter::default()
    };
    let until = |state: JobState| {
        let (db, welcome) = (db.clone(), welcome.clone());
        async move {
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            loop {
                let found = jobs::list(&db, &welcome, None, 1).await.expect("lists");
                if let Some(job) = found.into_iter().find(|job| job.state() == state) {
                    return job;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "the welcome never got {state:?}"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    let running = until(JobState::Running).await;
    first.start_kill().expect("SIGKILL");
    first.wait().await.expect("killed");

    let (_second, _) = start_server(
        &database.url,
        data.path(),
        &[("APP_MAIL__ADAPTER", "mailbox".into())],
    )
    .await;
    let done = until(JobState::Completed).await;
    assert_eq!(done.id, running.id);
    assert_eq!(done.attempt, 2, "run again, once");
    let errors = jobs::job_errors(&db, done.id).await.expect("reads");
    assert!(
        errors[0].error.contains("stopped renewing its lease"),
        "{}",
        errors[0].error
    );
    let mailbox = domain::mail::Mailbox::new(db.clone());
    let kept = mailbox.list(10).await.expect("lists");
    assert!(
        kept.iter()
            .any(|mail| mail.recipient == "ada@example.com" && mail.subject.contains("Welcome"))
    );
    drop(silent);
}
