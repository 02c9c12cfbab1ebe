//! The dashboard's tiles: which figure each one shows, how it is written, and its sparkline.

use leptos::prelude::*;
use model::dashboard::{AdminFigures, History, Snapshot};

use super::sparkline;
use crate::pages::units;

/// A sparkline's drawing box; the SVG stretches it to the tile's width.
const WIDTH: f64 = 120.0;
const HEIGHT: f64 = 32.0;

/// One figure of a [`Snapshot`]: its tile's name and heading, the number its chart draws, and
/// the words its tile shows.
pub struct Metric {
    /// The tile's `data-metric`, named after the snapshot's field.
    name: &'static str,
    label: &'static str,
    figure: fn(&Snapshot) -> f64,
    /// `None` when the snapshot does not carry the figure (admin figures for others).
    text: fn(&Snapshot) -> Option<String>,
}

/// What everyone signed in sees.
pub static PUBLIC: [Metric; 6] = [
    Metric {
        name: "users_online",
        label: "Users online",
        figure: |s| f64::from(s.users_online),
        text: |s| Some(s.users_online.to_string()),
    },
    Metric {
        name: "requests_per_min",
        label: "Requests / min",
        figure: |s| s.requests_per_min as f64,
        text: |s| Some(s.requests_per_min.to_string()),
    },
    Metric {
        name: "avg_response_ms",
        label: "Avg response",
        figure: |s| s.avg_response_ms,
        text: |s| Some(units::millis(s.avg_response_ms)),
    },
    Metric {
        name: "p95_response_ms",
        label: "p95 response",
        figure: |s| s.p95_response_ms,
        text: |s| Some(units::millis(s.p95_response_ms)),
    },
    Metric {
        name: "sockets",
        label: "WebSocket connections",
        figure: |s| f64::from(s.sockets),
        text: |s| Some(s.sockets.to_string()),
    },
    Metric {
        name: "messages_per_min",
        label: "Chat messages / min",
        figure: |s| s.messages_per_min as f64,
        text: |s| Some(s.messages_per_min.to_string()),
    },
];

/// What only admins see: shown when the snapshots carry [`AdminFigures`].
pub static ADMIN: [Metric; 2] = [
    Metric {
        name: "pool_in_use",
        label: "Database pool",
        figure: |s| admin(s, |a| f64::from(a.pool_in_use)),
        text: |s| {
            s.admin
                .map(|a| format!("{} in use / {}", a.pool_in_use, a.pool_size))
        },
    },
    Metric {
        name: "memory_bytes",
        label: "Memory",
        figure: |s| admin(s, |a| a.memory_bytes as f64),
        text: |s| s.admin.map(|a| units::mebibytes(a.memory_bytes)),
    },
];

/// An admin figure for the chart; a point without them draws at 0.
fn admin(snapshot: &Snapshot, figure: impl Fn(AdminFigures) -> f64) -> f64 {
    snapshot.admin.map_or(0.0, figure)
}

/// One figure: its latest value and its chart over the history.
#[component]
pub fn Tile(metric: &'static Metric, history: RwSignal<History>) -> impl IntoView {
    let value = move || {
        history
            .with(|history| history.latest().and_then(metric.text))
            .unwrap_or_else(|| "—".to_owned())
    };
    let points = move || {
        history.with(|history| sparkline::points(&history.series(metric.figure), WIDTH, HEIGHT))
    };
    let heading = format!("tile-{}", metric.name);
    let labelled_by = heading.clone();
    view! {
        <section class="tile" data-metric=metric.name aria-labelledby=labelled_by>
            <h2 id=heading>{metric.label}</h2>
            <p class="tile-value">{value}</p>
            <svg
                class="sparkline"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none"
                role="img"
                aria-label=format!("{} over the last 15 minutes", metric.label)
            >
                <polyline points=points vector-effect="non-scaling-stroke" />
            </svg>
        </section>
    }
}
