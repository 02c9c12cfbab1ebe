//! The dashboard's tiles: which figure each one shows, how it is written, and its sparkline.

use leptos::prelude::*;
use model::dashboard::{AdminFigures, History, Snapshot};

use super::sparkline;
use crate::{
    i18n::{Locale, t_string, td_string, use_i18n},
    pages::units,
};

/// A sparkline's drawing box; the SVG stretches it to the tile's width.
const WIDTH: f64 = 120.0;
const HEIGHT: f64 = 32.0;

/// One figure of a [`Snapshot`]: its tile's name and heading, the number its chart draws, and
/// the words its tile shows.
pub struct Metric {
    /// The tile's `data-metric`, named after the snapshot's field.
    name: &'static str,
    label: fn(Locale) -> &'static str,
    figure: fn(&Snapshot) -> f64,
    /// `None` when the snapshot does not carry the figure (admin figures for others).
    text: fn(Locale, &Snapshot) -> Option<String>,
}

/// What everyone signed in sees.
pub static PUBLIC: [Metric; 6] = [
    Metric {
        name: "users_online",
        label: |locale| td_string!(locale, dashboard.tiles.users_online),
        figure: |s| f64::from(s.users_online),
        text: |l, s| Some(units::integer(l, s.users_online)),
    },
    Metric {
        name: "requests_per_min",
        label: |locale| td_string!(locale, dashboard.tiles.requests_per_min),
        figure: |s| s.requests_per_min as f64,
        text: |l, s| Some(units::integer(l, s.requests_per_min)),
    },
    Metric {
        name: "avg_response_ms",
        label: |locale| td_string!(locale, dashboard.tiles.avg_response),
        figure: |s| s.avg_response_ms,
        text: |l, s| Some(units::millis(l, s.avg_response_ms)),
    },
    Metric {
        name: "p95_response_ms",
        label: |locale| td_string!(locale, dashboard.tiles.p95_response),
        figure: |s| s.p95_response_ms,
        text: |l, s| Some(units::millis(l, s.p95_response_ms)),
    },
    Metric {
        name: "sockets",
        label: |locale| td_string!(locale, dashboard.tiles.sockets),
        figure: |s| f64::from(s.sockets),
        text: |l, s| Some(units::integer(l, s.sockets)),
    },
    Metric {
        name: "messages_per_min",
        label: |locale| td_string!(locale, dashboard.tiles.messages_per_min),
        figure: |s| s.messages_per_min as f64,
        text: |l, s| Some(units::integer(l, s.messages_per_min)),
    },
];

/// What only admins see: shown when the snapshots carry [`AdminFigures`].
pub static ADMIN: [Metric; 2] = [
    Metric {
        name: "pool_in_use",
        label: |locale| td_string!(locale, dashboard.tiles.pool),
        figure: |s| admin(s, |a| f64::from(a.pool_in_use)),
        text: |l, s| {
            s.admin.map(|a| {
                td_string!(
                    l,
                    dashboard.tiles.pool_use,
                    used = a.pool_in_use,
                    size = a.pool_size
                )
            })
        },
    },
    Metric {
        name: "memory_bytes",
        label: |locale| td_string!(locale, dashboard.tiles.memory),
        figure: |s| admin(s, |a| a.memory_bytes as f64),
        text: |l, s| s.admin.map(|a| units::mebibytes(l, a.memory_bytes)),
    },
];

/// An admin figure for the chart; a point without them draws at 0.
fn admin(snapshot: &Snapshot, figure: impl Fn(AdminFigures) -> f64) -> f64 {
    snapshot.admin.map_or(0.0, figure)
}

/// One figure: its latest value and its chart over the history.
#[component]
pub fn Tile(metric: &'static Metric, history: RwSignal<History>) -> impl IntoView {
    let i18n = use_i18n();
    let value = move || {
        let locale = i18n.get_locale();
        history
            .with(|history| {
                history
                    .latest()
                    .and_then(|latest| (metric.text)(locale, latest))
            })
            .unwrap_or_else(|| "—".to_owned())
    };
    let label = move || (metric.label)(i18n.get_locale());
    let points = move || {
        history.with(|history| sparkline::points(&history.series(metric.figure), WIDTH, HEIGHT))
    };
    let heading = format!("tile-{}", metric.name);
    let labelled_by = heading.clone();
    view! {
        <section class="tile" data-metric=metric.name aria-labelledby=labelled_by>
            <h2 id=heading>{label}</h2>
            <p class="tile-value">{value}</p>
            <svg
                class="sparkline"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none"
                role="img"
                aria-label=move || t_string!(i18n, dashboard.tiles.chart, figure = label())
            >
                <polyline points=points vector-effect="non-scaling-stroke" />
            </svg>
        </section>
    }
}
