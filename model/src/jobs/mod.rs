//! The jobs page's vocabulary (recipe 38, Oban Web's part): a job's states, what the page shows
//! of the queue (counts, the minute chart, the list, one job), and the `admin:jobs` channel that
//! pushes the overview to admins as jobs move — the page never polls.

mod overview;

pub use overview::{JobDetail, JobError, JobRow, JobsFilter, JobsOverview, Minute, QueueCount};

use serde::{Deserialize, Serialize};

/// The channel the jobs page joins (admins only).
pub const TOPIC: &str = "admin:jobs";
/// A new [`JobsOverview`], pushed when the queue has changed.
pub const OVERVIEW: &str = "overview";

/// Where a job is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Due now, waiting for a node.
    Available,
    /// Waiting for its `run_at`.
    Scheduled,
    /// Claimed by a node, under its lease.
    Running,
    /// Failed an attempt; waiting for its backoff to pass.
    Retryable,
    Completed,
    /// Failed its last attempt (or was discarded by an admin).
    Discarded,
    Cancelled,
}

impl JobState {
    pub const ALL: [Self; 7] = [
        Self::Available,
        Self::Scheduled,
        Self::Running,
        Self::Retryable,
        Self::Completed,
        Self::Discarded,
        Self::Cancelled,
    ];

    /// The name the `jobs.state` column stores (and the page's filter writes).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Scheduled => "scheduled",
            Self::Running => "running",
            Self::Retryable => "retryable",
            Self::Completed => "completed",
            Self::Discarded => "discarded",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == stored)
    }

    /// Whether the job is over (and may be pruned).
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Completed | Self::Discarded | Self::Cancelled)
    }

    /// What an admin may do to a job in this state, in the order the page offers them.
    pub fn actions(self) -> &'static [JobAction] {
        match self {
            Self::Available => &[JobAction::Cancel, JobAction::Discard],
            Self::Scheduled | Self::Retryable => {
                &[JobAction::RunNow, JobAction::Cancel, JobAction::Discard]
            }
            Self::Running => &[JobAction::Cancel],
            Self::Completed | Self::Discarded | Self::Cancelled => &[JobAction::Retry],
        }
    }
}

/// What an admin does to one job from the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobAction {
    /// A finished job runs again.
    Retry,
    /// A pending or running job stops for good.
    Cancel,
    /// A waiting job is given up, kept as discarded.
    Discard,
    /// A scheduled or retryable job is due now.
    RunNow,
}

impl JobAction {
    /// Its name as a form sends it (the serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Retry => "retry",
            Self::Cancel => "cancel",
            Self::Discard => "discard",
            Self::RunNow => "run_now",
        }
    }
}

/// What an admin's action on a job came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobActed {
    pub id: i64,
    pub action: JobAction,
    /// Whether it was done: not when the job had moved on to a state where it no longer
    /// applies.
    pub done: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_from_its_name() {
        for state in JobState::ALL {
            assert_eq!(JobState::parse(state.as_str()), Some(state));
            let json = serde_json::to_value(state).expect("a state serializes");
            assert_eq!(json, state.as_str());
        }
        assert_eq!(JobState::parse("Completed"), None);
        for action in [
            JobAction::Retry,
            JobAction::Cancel,
            JobAction::Discard,
            JobAction::RunNow,
        ] {
            let json = serde_json::to_value(action).expect("an action serializes");
            assert_eq!(json, action.as_str());
        }
        assert_eq!(JobState::parse(""), None);
    }

    #[test]
    fn every_state_offers_something_and_finished_ones_only_a_retry() {
        for state in JobState::ALL {
            assert!(!state.actions().is_empty(), "{state:?}");
            assert_eq!(
                state.actions() == [JobAction::Retry],
                state.is_finished(),
                "{state:?}"
            );
        }
    }
}
