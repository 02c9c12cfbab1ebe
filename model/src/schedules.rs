//! The schedules page's vocabulary (recipe 45, Quantum's part): a schedule as the page lists
//! it, the form an admin fills in, the fire times shown while typing, and what an admin does
//! to a schedule.

use serde::{Deserialize, Serialize};

/// What a schedule does with fire times that passed while no node ticked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Missed {
    /// Runs once for all of them, as soon as a node ticks.
    #[default]
    RunOnce,
    /// Lets them go; the next fire time runs as usual.
    Skip,
}

impl Missed {
    pub const ALL: [Self; 2] = [Self::RunOnce, Self::Skip];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RunOnce => "run_once",
            Self::Skip => "skip",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|missed| missed.as_str() == stored)
    }
}

/// A fire time: when, and how it reads in the schedule's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FireTime {
    pub at_ms: i64,
    /// "2026-12-04 08:00 (Europe/Paris)".
    pub local: String,
}

/// A schedule as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleInfo {
    pub id: i64,
    pub name: String,
    pub cron: String,
    pub timezone: String,
    /// The kind of job each fire enqueues, and its queue.
    pub kind: String,
    pub queue: String,
    pub missed: Missed,
    pub paused: bool,
    /// Made by the node: it may be paused or edited, not removed.
    pub builtin: bool,
    /// Its next fire time (`None` when paused, or when the expression never fires again).
    pub next: Option<FireTime>,
}

/// A job a new schedule may run: the one a built-in schedule runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskChoice {
    /// The built-in schedule whose job it is.
    pub schedule_id: i64,
    pub label: String,
}

/// Everything the page shows: the schedules by name, and the jobs a new one may run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulesPageData {
    pub schedules: Vec<ScheduleInfo>,
    pub tasks: Vec<TaskChoice>,
}

/// What an admin writes: for a new schedule (`id` empty) the job it runs too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleInput {
    /// The schedule edited; none to add one.
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    pub cron: String,
    pub timezone: String,
    pub missed: Missed,
    /// A new schedule's job: the [`TaskChoice::schedule_id`] whose job it runs.
    #[serde(default)]
    pub task: Option<i64>,
}

impl ScheduleInput {
    pub const NAME: &str = "name";
    pub const CRON: &str = "cron";
    pub const TIMEZONE: &str = "timezone";
    pub const TASK: &str = "task";
}

/// What an admin does to one schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleAction {
    Pause,
    Resume,
    /// Removes it (the admins' own only).
    Remove,
    /// Enqueues its job now, besides its fire times.
    RunNow,
}

impl ScheduleAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pause => "pause",
            Self::Resume => "resume",
            Self::Remove => "remove",
            Self::RunNow => "run_now",
        }
    }
}

/// What saving or acting on a schedule came to, for the page to say in its language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ScheduleActed {
    Added {
        name: String,
    },
    Saved {
        name: String,
    },
    /// It will not fire until it is resumed.
    Paused {
        name: String,
    },
    Resumed {
        name: String,
    },
    Removed {
        name: String,
    },
    /// Its job was enqueued now, as `job`.
    Running {
        name: String,
        job: i64,
    },
    /// The same click twice within a millisecond: one run.
    AlreadyAsked {
        name: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_match_serde() {
        for missed in Missed::ALL {
            assert_eq!(Missed::parse(missed.as_str()), Some(missed));
            assert_eq!(
                serde_json::to_value(missed).expect("serializes"),
                missed.as_str()
            );
        }
        for action in [
            ScheduleAction::Pause,
            ScheduleAction::Resume,
            ScheduleAction::Remove,
            ScheduleAction::RunNow,
        ] {
            assert_eq!(
                serde_json::to_value(action).expect("serializes"),
                action.as_str()
            );
        }
        assert_eq!(Missed::parse("never"), None);
    }
}
