//! The node's figures (recipe 29): what the request path and the chat record, in fixed-memory
//! windows ([`ops::metrics`]), and their Prometheus form at `GET /metrics`.

mod exporter;
mod layer;

pub use exporter::Exporter;
pub use layer::RecordLayer;

use std::time::Instant;

use http::StatusCode;
use ops::metrics::{EventWindow, RequestWindow};

/// What is recorded as it happens; the collector reads it once per sample.
pub struct Metrics {
    pub requests: RequestWindow,
    pub messages: EventWindow,
    pub exporter: Exporter,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        Ok(Self {
            requests: RequestWindow::default(),
            messages: EventWindow::default(),
            exporter: Exporter::new()?,
        })
    }

    /// A response went out to a request that came in at `started`.
    pub fn record_response(&self, status: StatusCode, started: Instant) {
        self.requests.record_since(started);
        self.exporter.count_response(status);
    }

    /// A chat message was saved.
    pub fn record_message(&self) {
        self.messages.record();
    }
}
