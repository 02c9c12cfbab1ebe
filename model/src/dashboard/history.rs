//! A fixed number of chart points: one per [`History::STEP_MS`], the newest sample of each.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::Snapshot;

/// The points of the dashboard's charts, oldest first. Its size never exceeds
/// [`History::POINTS`], however long the node runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    points: VecDeque<Snapshot>,
}

impl History {
    /// What the charts span: the last 15 minutes.
    pub const SPAN_MS: i64 = 15 * 60 * 1000;
    /// One point per 10 seconds; within a step, the newest sample replaces the step's point.
    pub const STEP_MS: i64 = 10 * 1000;
    /// The most points kept.
    pub const POINTS: usize = (Self::SPAN_MS / Self::STEP_MS) as usize;

    /// Adds a sample: it replaces the last point if both fall in the same step, and points
    /// older than [`Self::SPAN_MS`] before it are dropped. A sample older than the last point
    /// (a clock stepping back) replaces the last point rather than reordering the chart.
    pub fn record(&mut self, snapshot: Snapshot) {
        let step = snapshot.at_ms.div_euclid(Self::STEP_MS);
        match self.points.back_mut() {
            Some(last) if last.at_ms.div_euclid(Self::STEP_MS) >= step => *last = snapshot,
            _ => self.points.push_back(snapshot),
        }
        let Some(newest) = self.points.back().map(|point| point.at_ms) else {
            return;
        };
        while self.points.len() > Self::POINTS
            || self
                .points
                .front()
                .is_some_and(|oldest| newest - oldest.at_ms >= Self::SPAN_MS)
        {
            self.points.pop_front();
        }
    }

    /// The newest sample.
    pub fn latest(&self) -> Option<&Snapshot> {
        self.points.back()
    }

    /// The points, oldest first.
    pub fn points(&self) -> impl ExactSizeIterator<Item = &Snapshot> {
        self.points.iter()
    }

    /// One figure of every point, oldest first (what a chart draws).
    pub fn series(&self, figure: impl Fn(&Snapshot) -> f64) -> Vec<f64> {
        self.points.iter().map(figure).collect()
    }

    /// The same history without the admin figures.
    pub fn public(&self) -> Self {
        Self {
            points: self.points.iter().map(Snapshot::public).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(at_ms: i64, requests_per_min: u64) -> Snapshot {
        Snapshot {
            at_ms,
            requests_per_min,
            ..Snapshot::default()
        }
    }

    #[test]
    fn samples_within_one_step_share_a_point_holding_the_newest() {
        let mut history = History::default();
        history.record(at(10_000, 1));
        history.record(at(11_000, 2));
        history.record(at(19_999, 3));
        assert_eq!(history.len(), 1);
        assert_eq!(history.latest().map(|s| s.requests_per_min), Some(3));
        history.record(at(20_000, 4));
        assert_eq!(history.series(|s| s.requests_per_min as f64), [3.0, 4.0]);
    }

    #[test]
    fn the_history_never_spans_more_than_fifteen_minutes() {
        let mut history = History::default();
        for second in 0..3_600 {
            history.record(at(second * 1000, second as u64));
        }
        assert_eq!(history.len(), History::POINTS);
        let points: Vec<_> = history.points().map(|s| s.at_ms).collect();
        assert!(points[points.len() - 1] - points[0] < History::SPAN_MS);
        assert_eq!(history.latest().map(|s| s.requests_per_min), Some(3_599));
    }

    #[test]
    fn a_gap_longer_than_the_span_leaves_only_the_new_point() {
        let mut history = History::default();
        history.record(at(0, 1));
        history.record(at(10_000, 2));
        history.record(at(History::SPAN_MS + 60_000, 3));
        assert_eq!(history.series(|s| s.requests_per_min as f64), [3.0]);
    }

    #[test]
    fn a_clock_stepping_back_replaces_the_last_point() {
        let mut history = History::default();
        history.record(at(50_000, 1));
        history.record(at(30_000, 2));
        assert_eq!(history.len(), 1);
        assert_eq!(history.latest().map(|s| s.requests_per_min), Some(2));
    }

    #[test]
    fn the_public_history_has_no_admin_figures() {
        let mut history = History::default();
        history.record(Snapshot {
            admin: Some(super::super::AdminFigures {
                pool_in_use: 1,
                pool_size: 5,
                memory_bytes: 10,
            }),
            ..at(0, 1)
        });
        assert!(history.points().all(|s| s.admin.is_some()));
        assert!(history.public().points().all(|s| s.admin.is_none()));
    }
}
