//! Starting the two servers under test, each pinned to core 0, and what the generator needs to
//! know about them: the process (for its memory and CPU), the socket URL and the topics.

use std::{path::PathBuf, process::Stdio};

use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

use super::load::Error;

/// The core the servers run on; the generator takes the other one.
pub const SERVER_CORE: &str = "0";
/// Lines of a server's output passed through to ours (it logs at `warn` in the test profile).
const ECHOED_LINES: usize = 20;

pub struct Server {
    pub name: &'static str,
    pub pid: u32,
    pub ws_url: String,
    /// The room the idle sockets join and the broadcasts go to.
    pub room: String,
    /// A room of its own for the echo phase, so its joins disturb nobody.
    pub echo_room: String,
    child: Child,
    _data: Option<tempfile::TempDir>,
}

impl Server {
    /// Stops it at once: SIGKILL, so our server does not spend minutes sending presence leaves
    /// to the sockets that are still there.
    pub async fn kill(mut self) -> Result<(), Error> {
        self.child.kill().await?;
        Ok(())
    }
}

/// Starts `command` under `taskset` and waits for its `listening on <url>` line.
async fn start(mut command: Command) -> Result<(Child, String), Error> {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        let mut echoed = 0;
        while let Ok(Some(line)) = lines.next_line().await {
            if echoed < ECHOED_LINES {
                eprintln!("    [server] {line}");
                echoed += 1;
            }
        }
    });
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next_line()
            .await?
            .ok_or("the server exited before listening")?;
        if let Some((_, url)) = line.split_once("listening on ") {
            break url.trim().to_owned();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((child, url))
}

/// The bare tokio-tungstenite server: this binary again, in its `bare-server` role.
pub async fn bare() -> Result<Server, Error> {
    let mut command = Command::new("taskset");
    command
        .args(["-c", SERVER_CORE])
        .arg(std::env::current_exe()?)
        .env("BENCH_ROLE", "bare-server");
    let (child, url) = start(command).await?;
    Ok(Server {
        name: "bare",
        pid: child.id().ok_or("bare server has no pid")?,
        ws_url: format!("{url}/socket/websocket?vsn=2.0.0"),
        room: "room:1".into(),
        echo_room: "room:2".into(),
        child,
        _data: None,
    })
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Our release server (`BENCH_SERVER`, else `target/release/server`), on a fresh SQLite
/// database, with one user and two rooms made over HTTP.
pub async fn ours() -> Result<Server, Error> {
    let root = workspace_root();
    let bin = match std::env::var_os("BENCH_SERVER") {
        Some(bin) => PathBuf::from(bin),
        None => std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"))
            .join("release/server"),
    };
    if !bin.exists() {
        return Err(format!(
            "{} is missing: run `cargo build --release -p server` first",
            bin.display()
        )
        .into());
    }
    let data = tempfile::tempdir()?;
    let mut command = Command::new("taskset");
    command
        .args(["-c", SERVER_CORE])
        .arg(&bin)
        .current_dir(&root)
        .env("APP_PROFILE", "test")
        .env("APP_SERVER__PORT", "0")
        .env(
            "APP_DATABASE__URL",
            format!("sqlite://{}/bench.db", data.path().display()),
        )
        .env("APP_REALTIME__IDLE_TIMEOUT_SECS", "3600")
        // One person's ten thousand sockets on loopback: the per-person and per-address
        // bounds a real node keeps would refuse all but a few (they are measured by the limits
        // bench); here they are lifted so the engine itself is measured.
        .env("APP_LIMITS__SOCKETS_PER_PERSON", "1000000")
        .env("APP_LIMITS__SOCKET_EVENTS_PER_SECOND", "1000000")
        .env("APP_LIMITS__SOCKET_EVENT_BURST", "1000000")
        .env("APP_LIMITS__MESSAGES_PER_SECOND", "1000000")
        .env("APP_LIMITS__MESSAGE_BURST", "1000000")
        .env("APP_SERVER__MAX_CONNECTIONS", "1000000")
        .env("APP_SERVER__MAX_CONNECTIONS_PER_ADDRESS", "1000000");
    let (child, url) = start(command).await?;
    let http = Http::new(&url)?;
    let cookie = http.register().await?;
    let token = http.socket_token(&cookie).await?;
    let room = http.create_room(&cookie, "bench").await?;
    let echo_room = http.create_room(&cookie, "echo").await?;
    let ws_base = url.replacen("http://", "ws://", 1);
    Ok(Server {
        name: "ours",
        pid: child.id().ok_or("our server has no pid")?,
        ws_url: format!("{ws_base}/socket/websocket?vsn=2.0.0&token={token}"),
        room: format!("room:{room}"),
        echo_room: format!("room:{echo_room}"),
        child,
        _data: Some(data),
    })
}

struct Http {
    client: reqwest::Client,
    base: String,
}

impl Http {
    fn new(base: &str) -> Result<Self, Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
        })
    }

    /// Registers the one user every socket acts as; returns its `session=` cookie.
    async fn register(&self) -> Result<String, Error> {
        let password = "Analytical-Engine-1843";
        let response = self
            .client
            .post(format!("{}/register", self.base))
            .header("sec-fetch-site", "same-origin")
            .form(&[
                ("name", "Bench"),
                ("email", "bench@example.com"),
                ("age", ""),
                ("password", password),
                ("password_confirmation", password),
            ])
            .send()
            .await?;
        let cookie = response
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with("session="))
            .and_then(|value| value.split(';').next())
            .map(str::to_owned);
        cookie
            .ok_or_else(|| format!("registering gave {} and no session", response.status()).into())
    }

    async fn socket_token(&self, cookie: &str) -> Result<String, Error> {
        let body: serde_json::Value = self
            .client
            .get(format!("{}/socket/token", self.base))
            .header(reqwest::header::COOKIE, cookie)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        body["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| "no token in /socket/token's answer".into())
    }

    /// Creates a public room; returns its id.
    async fn create_room(&self, cookie: &str, name: &str) -> Result<i64, Error> {
        let response = self
            .client
            .post(format!("{}/chat/rooms", self.base))
            .header("sec-fetch-site", "same-origin")
            .header(reqwest::header::COOKIE, cookie)
            .form(&[("name", name), ("private", "false")])
            .send()
            .await?;
        response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|location| location.strip_prefix("/chat/"))
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| format!("creating a room gave {}", response.status()).into())
    }
}
