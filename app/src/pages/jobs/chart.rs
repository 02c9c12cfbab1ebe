//! The minute chart: attempts ended each minute of the last hour as stacked bars (completed
//! below, failed above), with the totals said in words for those who do not see it.

use leptos::prelude::*;
use model::jobs::Minute;

use crate::{
    i18n::{Locale, t, td_string, use_i18n},
    pages::units,
};

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 120.0;

/// One minute's bar: where it stands and how tall each part is, in the chart's box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub width: f64,
    /// The completed part, from the bottom edge up.
    pub completed: f64,
    /// The failed part, on top of the completed one.
    pub failed: f64,
}

/// The bars of `minutes`, oldest first, spread over a `width` × `height` box, the busiest
/// minute as tall as the box; a gap of a fifth of each slot between bars.
pub fn bars(minutes: &[Minute], width: f64, height: f64) -> Vec<Bar> {
    let busiest = minutes
        .iter()
        .map(|minute| minute.completed + minute.failed)
        .max()
        .unwrap_or(0);
    if minutes.is_empty() {
        return Vec::new();
    }
    let slot = width / minutes.len() as f64;
    let scale = |count: u64| {
        if busiest == 0 {
            0.0
        } else {
            round(count as f64 / busiest as f64 * height)
        }
    };
    minutes
        .iter()
        .enumerate()
        .map(|(index, minute)| Bar {
            x: round(index as f64 * slot + slot * 0.1),
            width: round(slot * 0.8),
            completed: scale(minute.completed),
            failed: scale(minute.failed),
        })
        .collect()
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// "In the last hour: 12 completed, 1 failed attempt."
pub fn summary(locale: Locale, minutes: &[Minute]) -> String {
    let completed: u64 = minutes.iter().map(|minute| minute.completed).sum();
    let failed: u64 = minutes.iter().map(|minute| minute.failed).sum();
    let completed = units::integer(locale, completed);
    td_string!(
        locale,
        jobs.chart.summary,
        completed = completed,
        count = failed
    )
}

/// The chart of `minutes` (none yet: an empty frame).
#[component]
pub fn MinuteChart(minutes: Signal<Vec<Minute>>) -> impl IntoView {
    let drawn = move || {
        minutes.with(|minutes| {
            bars(minutes, WIDTH, HEIGHT)
                .into_iter()
                .map(|bar| {
                    let completed_top = HEIGHT - bar.completed;
                    view! {
                        <rect
                            class="bar-completed"
                            x=bar.x
                            y=completed_top
                            width=bar.width
                            height=bar.completed
                        />
                        <rect
                            class="bar-failed"
                            x=bar.x
                            y=completed_top - bar.failed
                            width=bar.width
                            height=bar.failed
                        />
                    }
                })
                .collect_view()
        })
    };
    let i18n = use_i18n();
    let said = move || minutes.with(|minutes| summary(i18n.get_locale(), minutes));
    view! {
        <figure class="minute-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none"
                role="img"
                aria-label=said
                data-testid="minute-chart"
            >
                <line class="axis" x1="0" y1=HEIGHT x2=WIDTH y2=HEIGHT />
                {drawn}
            </svg>
            <figcaption>
                {t!(
                    i18n,
                    jobs.chart.caption,
                    <completed> = |children: ChildrenFn| view! { <span class="key key-completed">{children()}</span> },
                    <failed> = |children: ChildrenFn| view! { <span class="key key-failed">{children()}</span> }
                )}
                " "
                <span data-testid="minute-summary">{said}</span>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minute(completed: u64, failed: u64) -> Minute {
        Minute {
            at_ms: 0,
            completed,
            failed,
        }
    }

    #[test]
    fn the_busiest_minute_fills_the_height_and_parts_stack() {
        let drawn = bars(&[minute(0, 0), minute(3, 1), minute(2, 0)], 300.0, 100.0);
        assert_eq!(drawn.len(), 3);
        assert_eq!(drawn[0].completed + drawn[0].failed, 0.0);
        assert_eq!(drawn[1].completed, 75.0);
        assert_eq!(drawn[1].failed, 25.0);
        assert_eq!(drawn[2].completed, 50.0);
        assert_eq!(drawn[2].failed, 0.0);
    }

    #[test]
    fn bars_share_the_width_oldest_first_with_gaps() {
        let drawn = bars(&[minute(1, 0); 4], 400.0, 50.0);
        let xs: Vec<f64> = drawn.iter().map(|bar| bar.x).collect();
        assert_eq!(xs, [10.0, 110.0, 210.0, 310.0]);
        assert!(drawn.iter().all(|bar| bar.width == 80.0));
        assert!(drawn[3].x + drawn[3].width < 400.0);
    }

    #[test]
    fn a_quiet_hour_draws_flat_and_nothing_draws_nothing() {
        assert!(
            bars(&[minute(0, 0); 60], 600.0, 120.0)
                .iter()
                .all(|bar| bar.completed == 0.0 && bar.failed == 0.0)
        );
        assert!(bars(&[], 600.0, 120.0).is_empty());
    }

    #[test]
    fn the_summary_counts_the_hour_in_words() {
        assert_eq!(
            summary(Locale::en, &[minute(3, 0), minute(2, 1)]),
            "In the last hour: 5 completed, 1 failed attempt."
        );
        assert_eq!(
            summary(Locale::en, &[]),
            "In the last hour: 0 completed, 0 failed attempts."
        );
        // French counts 0 as singular; thousands are grouped.
        assert_eq!(
            summary(Locale::fr, &[minute(1_200, 0)]),
            "Dans la dernière heure\u{a0}: 1\u{202f}200 terminées, 0 tentative échouée."
        );
    }
}
