//! The dashboard's figures in the Prometheus text format, through the `prometheus` crate: a
//! counter of responses by status class, bumped per response, and gauges the collector sets
//! from each snapshot. One registry per node (tests run several nodes in one process).

use http::StatusCode;
use model::dashboard::Snapshot;
use prometheus::{
    Encoder, Gauge, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

/// The node's metrics registry and the handles that write into it.
pub struct Exporter {
    registry: Registry,
    /// `commons_http_responses_total{class="1xx"…"5xx"}`, resolved once so counting is one
    /// atomic addition.
    responses: [IntCounter; 5],
    users_online: IntGauge,
    requests_per_minute: IntGauge,
    response_mean_seconds: Gauge,
    response_p95_seconds: Gauge,
    websocket_connections: IntGauge,
    chat_messages_per_minute: IntGauge,
    pool_in_use: IntGauge,
    pool_open: IntGauge,
    resident_memory_bytes: IntGauge,
}

impl Exporter {
    /// The registry and its metrics; an error only if a name or a label were malformed, which
    /// fails the node's start-up (and the tests) rather than a scrape.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("commons".into()), None)?;
        let responses = IntCounterVec::new(
            Opts::new(
                "http_responses_total",
                "HTTP responses sent, by status class",
            ),
            &["class"],
        )?;
        registry.register(Box::new(responses.clone()))?;
        let gauge = |name: &str, help: &str| {
            let gauge = IntGauge::new(name, help)?;
            registry.register(Box::new(gauge.clone()))?;
            Ok::<_, prometheus::Error>(gauge)
        };
        let seconds = |name: &str, help: &str| {
            let gauge = Gauge::new(name, help)?;
            registry.register(Box::new(gauge.clone()))?;
            Ok::<_, prometheus::Error>(gauge)
        };
        Ok(Self {
            responses: ["1xx", "2xx", "3xx", "4xx", "5xx"]
                .map(|class| responses.with_label_values(&[class])),
            users_online: gauge("users_online", "Distinct people with a socket open")?,
            requests_per_minute: gauge("http_requests_per_minute", "Responses in the last 60 s")?,
            response_mean_seconds: seconds(
                "http_response_mean_seconds",
                "Mean response time over the last 60 s",
            )?,
            response_p95_seconds: seconds(
                "http_response_p95_seconds",
                "95th percentile response time over the last 60 s",
            )?,
            websocket_connections: gauge("websocket_connections", "Open WebSocket connections")?,
            chat_messages_per_minute: gauge(
                "chat_messages_per_minute",
                "Chat messages saved in the last 60 s",
            )?,
            pool_in_use: gauge(
                "db_pool_connections_in_use",
                "Database connections checked out",
            )?,
            pool_open: gauge("db_pool_connections_open", "Database connections open")?,
            resident_memory_bytes: gauge(
                "process_resident_memory_bytes",
                "Resident memory of the server process",
            )?,
            registry,
        })
    }

    pub fn count_response(&self, status: StatusCode) {
        let class = usize::from(status.as_u16() / 100).clamp(1, 5) - 1;
        self.responses[class].inc();
    }

    /// Sets the gauges to a new snapshot's figures.
    pub fn publish(&self, snapshot: &Snapshot) {
        let int = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
        self.users_online.set(snapshot.users_online.into());
        self.requests_per_minute.set(int(snapshot.requests_per_min));
        self.response_mean_seconds
            .set(snapshot.avg_response_ms / 1000.0);
        self.response_p95_seconds
            .set(snapshot.p95_response_ms / 1000.0);
        self.websocket_connections.set(snapshot.sockets.into());
        self.chat_messages_per_minute
            .set(int(snapshot.messages_per_min));
        if let Some(admin) = snapshot.admin {
            self.pool_in_use.set(admin.pool_in_use.into());
            self.pool_open.set(admin.pool_size.into());
            self.resident_memory_bytes.set(int(admin.memory_bytes));
        }
    }

    /// Every metric, in the text format (version 0.0.4), with its content type.
    pub fn render(&self) -> Result<(String, String), prometheus::Error> {
        let encoder = TextEncoder::new();
        let mut text = Vec::new();
        encoder.encode(&self.registry.gather(), &mut text)?;
        let text = String::from_utf8(text)
            .map_err(|error| prometheus::Error::Msg(format!("the encoder wrote {error}")))?;
        Ok((text, encoder.format_type().to_owned()))
    }
}
