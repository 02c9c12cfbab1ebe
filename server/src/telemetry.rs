//! Logging setup (cookbook recipe 37): `tracing` everywhere, human lines in dev and test, one
//! JSON object per line in prod, the level from `RUST_LOG` or the settings; and every line that
//! passes the filter is also kept in the node's log ring for the system page (recipe 12).

use std::sync::{Arc, OnceLock};

use ops::logs::LogRing;
use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::settings::{LogFormat, Settings};

/// How many recent lines the system page can show.
const RING_LINES: usize = 1000;

/// The process's log ring. The logger is process-wide by nature (`tracing` has one global
/// subscriber), so its ring is too: every node in the process (tests start several) shows the
/// same lines.
pub fn log_ring() -> Arc<LogRing> {
    static RING: OnceLock<Arc<LogRing>> = OnceLock::new();
    RING.get_or_init(|| LogRing::new(RING_LINES)).clone()
}

/// Installs the global subscriber. Safe to call more than once (tests do): later calls keep the
/// first subscriber.
pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(log_ring().layer());
    // An error here only means a subscriber is already installed, which is what we want.
    let _already_installed = match settings.log_format() {
        LogFormat::Human => registry.with(fmt::layer()).try_init(),
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init(),
    };
}
