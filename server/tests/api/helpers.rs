//! `spawn_app()`: the real server on a free port with a fresh database, and a typed client.

use std::{
    path::PathBuf,
    sync::{Arc, LazyLock},
};

use domain::{
    accounts::{self, User},
    db::Db,
    testing::TestDatabase,
};
use model::accounts::RegistrationForm;
use ops::Node;
use pubsub::PubSub;
use secrecy::SecretString;
use server::{
    chat::RoomTasks,
    dashboard::Collector,
    settings::{
        AssetSettings, DatabaseSettings, JobSettings, LimitSettings, LogSettings, MailSettings,
        NodeSettings, Profile, RealtimeSettings, ServerSettings, Settings, UploadSettings,
    },
    startup::{Application, StartupError},
};
use tokio::{sync::oneshot, task::JoinHandle};

/// The repository root, so tests find `public/` and the built bundle wherever cargo runs them.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

static TRACING: LazyLock<()> = LazyLock::new(|| {
    // Logs only when asked: `TEST_LOG=1 cargo test`.
    if std::env::var_os("TEST_LOG").is_some() {
        let settings = Settings {
            log: LogSettings {
                level: "debug".into(),
                format: None,
            },
            ..Settings::default()
        };
        server::telemetry::init(&settings);
    }
});

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// The node's PubSub, for domain verbs that announce what they changed.
    pub pubsub: PubSub,
    pub rooms: Arc<RoomTasks>,
    pub node: Node,
    pub collector: Arc<Collector>,
    /// The node's data directory (uploads live under it), its own per test.
    pub data_dir: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<Result<(), StartupError>>,
    _database: TestDatabase,
    _data_dir: tempfile::TempDir,
}

/// Boots the app with a fresh, migrated database and returns once it accepts connections.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// [`spawn_app`], with settings changed by `configure` first (e.g. a short idle timeout).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    LazyLock::force(&TRACING);
    let database = TestDatabase::create().await;
    let data_dir = tempfile::tempdir().expect("a data directory");
    let root = repo_root();
    let mut settings = Settings {
        profile: Profile::Test,
        server: ServerSettings {
            port: 0,
            ..ServerSettings::default()
        },
        database: DatabaseSettings {
            url: Some(SecretString::from(database.url.clone())),
            max_connections: 5,
            ..DatabaseSettings::default()
        },
        secret_key_base: Some(SecretString::from("k".repeat(64))),
        log: LogSettings::default(),
        assets: AssetSettings {
            site_root: root.join("target/site"),
            public_dir: root.join("public"),
        },
        realtime: RealtimeSettings::default(),
        node: NodeSettings {
            // Samples often, so tests see the dashboard move quickly.
            sample_interval_ms: 100,
            data_dir: data_dir.path().to_owned(),
            metrics_token: Some(SecretString::from(METRICS_TOKEN)),
            ..NodeSettings::default()
        },
        uploads: UploadSettings::default(),
        limits: LimitSettings::default(),
        jobs: JobSettings {
            // Short, so a job left by a stopped node is rescued within a test.
            lease_secs: 2,
            poll_ms: 200,
            ..JobSettings::default()
        },
        // The dev mailbox (the test profile's), read back by the tests.
        mail: MailSettings::default(),
    };
    configure(&mut settings);
    let app = Application::build(settings).await.expect("the app starts");
    let address = app.url();
    let db = app.db().clone();
    let pubsub = app.pubsub();
    let rooms = app.rooms();
    let node = app.node();
    let collector = app.collector();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        // A dropped sender (the test ended) stops the server too.
        let _sent_or_dropped = stopped.await;
    }));

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    TestApp {
        address,
        client,
        db,
        pubsub,
        rooms,
        node,
        collector,
        data_dir: data_dir.path().to_owned(),
        stop: Some(stop),
        server,
        _database: database,
        _data_dir: data_dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// Posts a form as a browser on this site would (same-origin fetch metadata), with `cookie`.
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "text/html")
            .form(fields);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// Calls the server function at `/rpc/<endpoint>` as the page's WebAssembly does (a
    /// url-encoded POST answered with JSON), with `cookie` if given.
    pub async fn call(
        &self,
        endpoint: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(&format!("/rpc/{endpoint}")))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .form(fields);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// [`TestApp::call`] as `cookie`: the status and the JSON answer (null when there is none).
    pub async fn call_json(
        &self,
        endpoint: &str,
        fields: &[(&str, &str)],
        cookie: &str,
    ) -> (u16, serde_json::Value) {
        let response = self.call(endpoint, fields, Some(cookie)).await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or_default())
    }

    /// Gets the page at `path` as a browser does (accepting HTML), with `cookie` if given.
    pub async fn get_page(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .get(self.url(path))
            .header("accept", "text/html");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// Registers through the plain form and returns the session cookie (`session=…`).
    pub async fn register(&self, name: &str, email: &str, password: &str) -> String {
        let response = self
            .post_form(
                "/register",
                &[
                    ("name", name),
                    ("email", email),
                    ("age", ""),
                    ("password", password),
                    ("password_confirmation", password),
                ],
                None,
            )
            .await;
        assert_eq!(response.status(), 303, "registration succeeds");
        session_cookie(&response).expect("a session cookie is set")
    }

    /// Signs in through the plain form (a new session, as another device would) and returns its
    /// session cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = self
            .post_form(
                "/login",
                &[("email", email), ("password", password), ("return_to", "")],
                None,
            )
            .await;
        assert_eq!(response.status(), 303, "signing in succeeds");
        session_cookie(&response).expect("a session cookie is set")
    }

    /// Sends the shutdown signal, as SIGTERM would; [`TestApp::stopped`] waits for the drain.
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _receiver_may_be_gone = stop.send(());
        }
    }

    /// Waits for the server to finish after [`TestApp::begin_shutdown`].
    pub async fn stopped(self) -> Result<(), StartupError> {
        self.server.await.expect("the server task does not panic")
    }
}

/// The bearer token the tests' Prometheus scrapes show (`node.metrics_token`).
pub const METRICS_TOKEN: &str = "test-metrics-scrape-token";

/// The password every test account gets.
pub const PASSWORD: &str = "Analytical-Engine-1843";

/// Registers "Ada" under `email` straight through the domain, with [`PASSWORD`].
pub async fn register_user(db: &Db, email: &str) -> User {
    let form = RegistrationForm {
        name: "Ada".into(),
        email: email.into(),
        age: String::new(),
        password: PASSWORD.into(),
        password_confirmation: PASSWORD.into(),
    };
    let registration = form.parse().expect("a valid registration");
    accounts::register(db, registration)
        .await
        .expect("registers")
}

/// Disables every account, as an administrator would one: for tests of what that takes away.
/// A domain verb would tick the identities clock after its write, so this does too.
pub async fn disable_every_account(db: &Db) {
    domain::with_pool!(db, |pool| {
        sqlx::query("UPDATE users SET active = FALSE")
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("accounts disabled");
    db.identities().changed();
}

/// The `session=…` pair a response sets, if it sets a non-empty one.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .find(|pair| pair.starts_with("session=") && pair.len() > "session=".len())
        .map(str::to_owned)
}
