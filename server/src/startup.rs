//! Start-up as a library call: [`Application::build`] connects, migrates and binds;
//! [`Application::run_until_stopped`] serves until SIGTERM or Ctrl-C, then drains.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use axum::Router;
use domain::{
    access_tokens::OpenedTokens,
    board::Board,
    chat::Chat,
    db::{Db, DbError, PoolOptions},
    mail::Mailbox,
    mentions::Mentions,
    tokens::Signer,
    uploads::Uploads,
};
use leptos::config::LeptosOptions;
use pubsub::PubSub;
use secrecy::ExposeSecret;
use tokio::{net::TcpListener, sync::oneshot};

use ops::{
    Node, NodeParts,
    metrics::Charts,
    supervisor::{Policy, Restart, Supervisor, every},
};
use realtime::SocketConfig;

use crate::{
    assets::{Assets, AssetsError},
    board::PostJoin,
    chat::{RoomJoin, RoomTasks},
    checks::node_checks,
    dashboard::{Collector, DashboardJoin},
    http::serve::{ConnectionLimits, serve},
    jobs::{
        self, Jobs,
        live::{JobsJoin, Watcher},
    },
    mentions::MentionsJoin,
    metrics::Metrics,
    routes,
    settings::{MailAdapter, Settings},
    state::{AppState, Shared},
    telemetry,
    user_socket::{self, Realtime, SOCKET_TOKEN_SALT, UserSocket},
};
use app::{limits::Limits, mailbox::ssr::DevMailbox};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Assets(#[from] AssetsError),
    #[error("the metrics could not be registered")]
    Metrics(#[from] prometheus::Error),
    #[error("could not open the uploads directory under {0}")]
    Uploads(String, #[source] std::io::Error),
    #[error("could not listen on {0}")]
    Bind(SocketAddr, #[source] std::io::Error),
    #[error("the mail settings do not work")]
    Mail(#[from] domain::mail::MailError),
    #[error("the node's own schedules could not be made")]
    Schedules(#[from] domain::schedules::ScheduleError),
}

/// A node that is connected, migrated and bound, ready to serve.
pub struct Application {
    listener: TcpListener,
    address: SocketAddr,
    router: Router,
    db: Db,
    realtime: Arc<Realtime>,
    rooms: Arc<RoomTasks>,
    node: Node,
    collector: Arc<Collector>,
    grace: Duration,
    connections: ConnectionLimits,
    jobs: Jobs,
    jobs_grace: Duration,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = Db::connect(
            settings.database.url(),
            PoolOptions {
                max_connections: settings.database.max_connections,
                acquire_timeout: settings.database.acquire_timeout(),
            },
        )
        .await?;
        db.migrate().await?;

        let assets = Assets::load(&settings.assets).await?;
        let data_dir = &settings.node.data_dir;
        let uploads = Uploads::open(db.clone(), data_dir, settings.uploads.limits())
            .await
            .map_err(|e| StartupError::Uploads(data_dir.display().to_string(), e))?;
        let leptos = LeptosOptions::builder()
            .output_name("app")
            .site_root(settings.assets.site_root.to_string_lossy().into_owned())
            // The bundle under its build id: a new build is a new URL, so it is cached forever.
            .site_pkg_dir(assets.pkg_path())
            .build();

        let requested = SocketAddr::new(settings.server.host, settings.server.port);
        let listener = TcpListener::bind(requested)
            .await
            .map_err(|e| StartupError::Bind(requested, e))?;
        let address = listener
            .local_addr()
            .map_err(|e| StartupError::Bind(requested, e))?;
        let grace = Duration::from_secs(settings.server.shutdown_grace_secs);
        let connections = ConnectionLimits {
            header_timeout: Duration::from_secs(settings.server.header_timeout_secs.max(1)),
            max_connections: settings.server.max_connections,
            max_per_address: settings.server.max_connections_per_address,
            unlimited: settings.server.trusted_proxies.clone(),
        };

        tracing::info!(
            profile = settings.profile.as_str(),
            database = db.backend().name(),
            build = %assets.build_id,
            "node ready"
        );
        let cookies = settings.profile.cookies();
        let tokens = Signer::new(&secret_key_base(&settings), SOCKET_TOKEN_SALT);
        let pubsub = PubSub::local();
        let supervisor = Supervisor::new(Policy {
            max_restarts: settings.node.max_restarts,
            within: Duration::from_secs(settings.node.restart_window_secs),
            ..Policy::default()
        });
        let rooms = RoomTasks::new(
            pubsub.clone(),
            supervisor.clone(),
            settings.realtime.room_idle(),
        );
        let chat = Chat::new(db.clone(), pubsub.clone());
        let board = Board::new(db.clone(), pubsub.clone());
        let mentions = Mentions::new(db.clone(), pubsub.clone());
        let metrics = Arc::new(Metrics::new()?);
        let charts = Arc::new(Charts::new(settings.node.sample_interval()));
        let limits = Arc::new(Limits::new(&settings.limits));
        start_pruning(&limits, &supervisor);
        let channels = user_socket::channels(
            RoomJoin::new(chat.clone(), rooms.clone(), limits.clone(), metrics.clone()),
            DashboardJoin {
                charts: charts.clone(),
            },
            JobsJoin { db: db.clone() },
            PostJoin {
                board: board.clone(),
            },
            MentionsJoin {
                mentions: mentions.clone(),
            },
        );
        let sockets = &settings.realtime;
        let handler = UserSocket {
            db: db.clone(),
            tokens,
            token_max_age: sockets.token_max_age(),
            allowed_origins: sockets.allowed_origins.clone(),
            limits: limits.clone(),
        };
        let config = SocketConfig {
            max_frame_bytes: sockets.max_frame_bytes,
            idle_timeout: sockets.idle_timeout(),
            max_channels: sockets.max_channels,
            sockets_per_person: settings.limits.sockets_per_person,
        };
        let realtime = Arc::new(Realtime::new(handler, channels, config, pubsub.clone()));
        let node = Node::new(NodeParts {
            supervisor: supervisor.clone(),
            logs: telemetry::log_ring(),
            checks: node_checks(
                db.clone(),
                settings.node.data_dir.clone(),
                supervisor.clone(),
                settings.node.check_timeout(),
            ),
            charts: charts.clone(),
            rooms: rooms.clone(),
        });
        let collector = Collector::new(
            pubsub.clone(),
            realtime.online().clone(),
            db.clone(),
            metrics.clone(),
            charts,
        );
        collector.start(&supervisor);
        Watcher::new(db.clone(), pubsub.clone()).start(settings.jobs.watch(), &supervisor);
        let jobs = jobs::start(&settings, &db, &uploads, address, &supervisor).await?;
        let jobs_grace = settings.jobs.shutdown_grace();
        let dev_mailbox = DevMailbox(
            (settings.mail.adapter(settings.profile) == MailAdapter::Mailbox).then(|| {
                tracing::info!(
                    "mail is kept, not sent: read it at {}/dev/mailbox",
                    format!("http://{address}")
                );
                Mailbox::new(db.clone())
            }),
        );
        let state = AppState::new(Shared {
            settings: Arc::new(settings),
            db: db.clone(),
            chat,
            board,
            mentions,
            leptos,
            assets: Arc::new(assets),
            cookies,
            pubsub,
            realtime: realtime.clone(),
            rooms: rooms.clone(),
            metrics,
            uploads,
            limits,
            opened_tokens: OpenedTokens::new(),
            node: node.clone(),
            api_documents: crate::api::documents(),
            dev_mailbox,
        });
        Ok(Self {
            listener,
            address,
            router: routes::router(state),
            db,
            realtime,
            rooms,
            node,
            collector,
            grace,
            connections,
            jobs,
            jobs_grace,
        })
    }

    /// The address actually bound (the port is the OS's choice when the settings said 0).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The node's PubSub (what the domain announces changes on).
    pub fn pubsub(&self) -> PubSub {
        self.realtime.pubsub().clone()
    }

    /// The live rooms' tasks (what the system page lists and stops).
    pub fn rooms(&self) -> Arc<RoomTasks> {
        self.rooms.clone()
    }

    /// The node's machinery: supervisor, checks, charts.
    pub fn node(&self) -> Node {
        self.node.clone()
    }

    /// The metrics collector (tests make it fail on purpose).
    pub fn collector(&self) -> Arc<Collector> {
        self.collector.clone()
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish. The signals are
    /// caught from this call on, before the returned future is first polled.
    pub fn run_until_stopped(self) -> impl Future<Output = Result<(), StartupError>> {
        self.run_until(shutdown_signal())
    }

    /// Serves until `stop` resolves; then stops accepting, waits up to the grace period for
    /// in-flight requests, lets the running jobs finish (claiming no more) within theirs, and
    /// closes the database pool.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let (stopping_tx, stopping_rx) = oneshot::channel::<()>();
        let realtime = self.realtime.clone();
        let stop = async move {
            stop.await;
            tracing::info!("shutting down: finishing in-flight requests");
            // Sockets are not requests: tell them to come back later, or the drain waits on them.
            tokio::spawn(async move { realtime.close_all().await });
            // The receiver outlives the server future, so this cannot fail in practice.
            let _receiver_alive = stopping_tx.send(());
        };
        let server = serve(self.listener, self.router, self.connections, stop);
        let grace = self.grace;
        let deadline = async move {
            match stopping_rx.await {
                Ok(()) => tokio::time::sleep(grace).await,
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            () = server => {},
            () = deadline => tracing::warn!(grace_secs = grace.as_secs(), "grace period over: dropping open connections"),
        }
        if !self.jobs.stop(self.jobs_grace).await {
            tracing::warn!(
                grace_secs = self.jobs_grace.as_secs(),
                "jobs still running at the end of their grace period: another node will rescue them"
            );
        }
        self.node.supervisor().shutdown().await;
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// How often the limiters forget the callers whose limits are whole again.
const PRUNE_LIMITS_EVERY: Duration = Duration::from_secs(60);

/// Keeps the limiters' memory to recent callers, under the supervisor.
fn start_pruning(limits: &Arc<Limits>, supervisor: &Supervisor) {
    let limits = limits.clone();
    supervisor.start("limits_pruner", Restart::Permanent, move || {
        let limits = limits.clone();
        async move {
            every(PRUNE_LIMITS_EVERY, || {
                limits.prune();
                std::future::ready(Ok(()))
            })
            .await
        }
    });
}

/// The configured secret key base, or (only where none is required) a random one that lives as
/// long as the process: tokens signed with it stop verifying after a restart.
fn secret_key_base(settings: &Settings) -> Vec<u8> {
    match &settings.secret_key_base {
        Some(secret) => secret.expose_secret().as_bytes().to_vec(),
        None => {
            tracing::warn!(
                "no secret_key_base configured: socket tokens will not survive a restart"
            );
            rand::random::<[u8; 64]>().to_vec()
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C. The listeners are installed by this call, not when the future is first
/// polled: a signal that arrives in between (a supervisor stopping a node right after it said
/// it was listening) must stop it gracefully, not kill it.
fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind: SignalKind, name: &'static str| {
            let listener = signal(kind);
            async move {
                match listener {
                    Ok(mut listener) => {
                        listener.recv().await;
                    }
                    Err(error) => {
                        tracing::error!(%error, "cannot listen for {name}");
                        std::future::pending::<()>().await;
                    }
                }
            }
        };
        let interrupt = listen(SignalKind::interrupt(), "Ctrl-C");
        let terminate = listen(SignalKind::terminate(), "SIGTERM");
        async move {
            tokio::select! {
                () = interrupt => {},
                () = terminate => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    }
}
