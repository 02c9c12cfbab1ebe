//! The metrics collector: one sample per interval ([`every`]: no overlap, no drift), run by the
//! node's supervisor. Sampling only reads counters — the request path never waits for it.

use std::sync::{
    Arc,
    atomic::{AtomicU32, Ordering},
};

use chrono::Utc;
use domain::db::Db;
use model::dashboard::{ADMIN_UPDATE, AdminFigures, Snapshot, TOPIC, UPDATE};
use ops::{
    metrics::Charts,
    process,
    supervisor::{Restart, Supervisor, TaskHandle, TaskResult, every},
};

use pubsub::PubSub;
use realtime::Online;

use crate::metrics::Metrics;

/// The supervisor lists the collector under this name.
pub const TASK_NAME: &str = "metrics_collector";

/// Samples the node's figures into the charts, the Prometheus gauges and the dashboard topic.
pub struct Collector {
    pubsub: PubSub,
    /// Who has a socket open.
    online: Arc<Online>,
    db: Db,
    metrics: Arc<Metrics>,
    charts: Arc<Charts>,
    /// Samples still to fail on purpose (see [`Collector::fail_next`]).
    injected_failures: AtomicU32,
}

/// A failure made on purpose, to watch the supervisor at work.
#[derive(Debug, thiserror::Error)]
#[error("an injected failure (a supervision drill)")]
struct Injected;

impl Collector {
    pub fn new(
        pubsub: PubSub,
        online: Arc<Online>,
        db: Db,
        metrics: Arc<Metrics>,
        charts: Arc<Charts>,
    ) -> Arc<Self> {
        Arc::new(Self {
            pubsub,
            online,
            db,
            metrics,
            charts,
            injected_failures: AtomicU32::new(0),
        })
    }

    /// Starts sampling under `supervisor`, every `charts.interval`, for as long as the node runs.
    pub fn start(self: &Arc<Self>, supervisor: &Supervisor) -> TaskHandle {
        let collector = self.clone();
        supervisor.start(TASK_NAME, Restart::Permanent, move || {
            let collector = collector.clone();
            async move { every(collector.charts.interval, || collector.tick()).await }
        })
    }

    /// Makes the next `samples` samples fail: a drill (and the tests' hook) for supervision —
    /// the collector is restarted, and given up past the restart intensity.
    pub fn fail_next(&self, samples: u32) {
        self.injected_failures.store(samples, Ordering::SeqCst);
    }

    /// One sample, as the schedule runs it each interval: into the charts, the Prometheus
    /// gauges, and to the dashboard topic's sockets.
    pub async fn tick(&self) -> TaskResult {
        let injected =
            self.injected_failures
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                    left.checked_sub(1)
                });
        if injected.is_ok() {
            return Err(Injected.into());
        }
        let snapshot = self.sample();
        self.metrics.exporter.publish(&snapshot);
        self.charts.record(snapshot.clone());
        let pubsub = &self.pubsub;
        if pubsub.local_subscribers(TOPIC) > 0 {
            pubsub.broadcast(TOPIC, UPDATE, serde_json::to_value(snapshot.public())?);
            pubsub.broadcast(TOPIC, ADMIN_UPDATE, serde_json::to_value(snapshot)?);
        }
        Ok(())
    }

    /// The figures now.
    pub fn sample(&self) -> Snapshot {
        let requests = self.metrics.requests.summary();
        let (users_online, sockets) = self.online.counts();
        let pool = self.db.pool_usage();
        let millis = |duration: std::time::Duration| {
            (duration.as_secs_f64() * 1000.0 * 100.0).round() / 100.0
        };
        Snapshot {
            at_ms: Utc::now().timestamp_millis(),
            users_online,
            requests_per_min: requests.count,
            avg_response_ms: millis(requests.mean),
            p95_response_ms: millis(requests.p95),
            sockets,
            messages_per_min: self.metrics.messages.count(),
            admin: Some(AdminFigures {
                pool_in_use: pool.in_use,
                pool_size: pool.open,
                memory_bytes: process::resident_memory_bytes().unwrap_or(0),
            }),
        }
    }
}
