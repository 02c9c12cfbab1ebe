//! What the benchmarks share: their error type, their knobs, the real server binary in a
//! process of its own, and signing up.

#![allow(dead_code, reason = "each benchmark uses its own part of this")]

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The server binary, started on a free port with its own data directory (database and
/// uploads) and `env` on top of the test profile; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    pub fn start(data_dir: &Path, env: &[(&str, String)]) -> Result<Self, Error> {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .current_dir(&root)
            .env("APP_PROFILE", "test")
            .env("APP_SERVER__PORT", "0")
            .env(
                "APP_DATABASE__URL",
                format!("sqlite://{}/bench.db", data_dir.display()),
            )
            .env("APP_NODE__DATA_DIR", data_dir)
            .envs(env.iter().map(|(name, value)| (name, value)))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines.next().ok_or("the server exited before listening")??;
            if let Some(url) = line.strip_prefix("listening on ") {
                break url.trim().to_owned();
            }
        };
        Ok(Self { child, url })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A figure of `/proc/<pid>/status` (`VmRSS`, `VmHWM`) in bytes.
    pub fn memory(&self, field: &str) -> u64 {
        memory_of(self.child.id(), field)
    }

    /// How many file descriptors the server holds.
    pub fn descriptors(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|entries| entries.count())
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _gone = self.child.kill();
        let _reaped = self.child.wait();
    }
}

/// A figure of `/proc/<pid>/status` in bytes (0 if unreadable).
pub fn memory_of(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find_map(|line| line.strip_prefix(field))?;
            let kib: u64 = line
                .trim_start_matches(':')
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()?;
            Some(kib * 1024)
        })
        .unwrap_or(0)
}

/// The environment variable `name` parsed, or `default`.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Registers Ada at the server at `url` (the first account: an admin) through the plain form;
/// answers the `session=…` cookie.
pub async fn register(client: &reqwest::Client, url: &str) -> Result<String, Error> {
    let response = client
        .post(format!("{url}/register"))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("age", ""),
            ("password", "Analytical-Engine-1843"),
            ("password_confirmation", "Analytical-Engine-1843"),
        ])
        .send()
        .await?;
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("session="))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| "no session cookie".into())
}
