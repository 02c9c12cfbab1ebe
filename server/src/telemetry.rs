//! Logging setup (cookbook recipe 37): `tracing` everywhere, human lines in dev and test, one
//! JSON object per line in prod, the level from `RUST_LOG` or the settings.

use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::settings::{LogFormat, Settings};

/// Installs the global subscriber. Safe to call more than once (tests do): later calls keep the
/// first subscriber.
pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
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
