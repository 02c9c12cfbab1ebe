//! What the jobs page shows: the overview pushed on the channel, the list and one job.

use serde::{Deserialize, Serialize};

use super::JobState;

/// How many jobs one queue holds in one state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCount {
    pub queue: String,
    pub state: JobState,
    pub jobs: u64,
}

/// Attempts that ended in one minute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minute {
    /// The minute's start, unix milliseconds.
    pub at_ms: i64,
    /// Jobs that completed.
    pub completed: u64,
    /// Attempts that failed (to be retried or not).
    pub failed: u64,
}

/// The queue at a glance: what the channel pushes whenever it changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsOverview {
    /// Counts per queue and state (pairs with no jobs left out).
    pub counts: Vec<QueueCount>,
    /// The last [`JobsOverview::MINUTES`] minutes, oldest first, the current one last; minutes
    /// without an ended attempt are there with zeros.
    pub minutes: Vec<Minute>,
    /// The kinds of job the table holds, for the filter.
    pub kinds: Vec<String>,
}

impl JobsOverview {
    /// The minutes the chart spans.
    pub const MINUTES: usize = 60;

    /// The queues that hold jobs, by name.
    pub fn queues(&self) -> Vec<String> {
        let mut queues: Vec<String> = self.counts.iter().map(|c| c.queue.clone()).collect();
        queues.dedup();
        queues
    }

    /// Jobs in `state`, in every queue.
    pub fn total(&self, state: JobState) -> u64 {
        self.counts
            .iter()
            .filter(|count| count.state == state)
            .map(|count| count.jobs)
            .sum()
    }

    /// Jobs in `state` in `queue`.
    pub fn count(&self, queue: &str, state: JobState) -> u64 {
        self.counts
            .iter()
            .find(|count| count.queue == queue && count.state == state)
            .map_or(0, |count| count.jobs)
    }

    /// `ended` (sparse, oldest first) as the chart's minutes up to the one holding `now_ms`.
    pub fn minutes_until(now_ms: i64, ended: &[Minute]) -> Vec<Minute> {
        let current = now_ms.div_euclid(60_000);
        let minutes = i64::try_from(Self::MINUTES).unwrap_or(i64::MAX);
        (current - minutes + 1..=current)
            .map(|minute| {
                let at_ms = minute * 60_000;
                ended
                    .iter()
                    .find(|ended| ended.at_ms == at_ms)
                    .copied()
                    .unwrap_or(Minute {
                        at_ms,
                        ..Minute::default()
                    })
            })
            .collect()
    }
}

/// Which jobs the list shows: any of each when `None` (or left out).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobsFilter {
    pub state: Option<JobState>,
    pub queue: Option<String>,
    pub kind: Option<String>,
}

/// One job in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRow {
    pub id: i64,
    pub queue: String,
    pub kind: String,
    pub state: JobState,
    /// Attempts started so far.
    pub attempt: i32,
    pub max_attempts: i32,
    pub inserted_at_ms: i64,
    /// When it is (or was) due.
    pub run_at_ms: i64,
    pub finished_at_ms: Option<i64>,
}

/// One failed attempt, as the job's detail shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobError {
    pub attempt: i32,
    pub at_ms: i64,
    pub error: String,
}

/// Everything about one job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobDetail {
    pub row: JobRow,
    /// Its arguments, as indented JSON.
    pub args: String,
    pub priority: i32,
    pub unique_key: Option<String>,
    /// When its last attempt started, and on which node.
    pub attempted_at_ms: Option<i64>,
    pub attempted_by: Option<String>,
    /// Its failed attempts, the first first.
    pub errors: Vec<JobError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_has_every_minute_of_the_hour_the_quiet_ones_at_zero() {
        let now = 1_000 * 60_000 + 12_345;
        let ended = [
            Minute {
                at_ms: 990 * 60_000,
                completed: 4,
                failed: 1,
            },
            Minute {
                at_ms: 1_000 * 60_000,
                completed: 2,
                failed: 0,
            },
            // Older than the chart: left out.
            Minute {
                at_ms: 900 * 60_000,
                completed: 9,
                failed: 9,
            },
        ];
        let minutes = JobsOverview::minutes_until(now, &ended);
        assert_eq!(minutes.len(), JobsOverview::MINUTES);
        assert_eq!(minutes[0].at_ms, 941 * 60_000);
        assert_eq!(minutes[59], ended[1]);
        assert_eq!(minutes[49], ended[0]);
        let total: u64 = minutes.iter().map(|m| m.completed + m.failed).sum();
        assert_eq!(total, 7);
    }

    #[test]
    fn counts_read_per_queue_and_in_total() {
        let overview = JobsOverview {
            counts: vec![
                QueueCount {
                    queue: "default".into(),
                    state: JobState::Completed,
                    jobs: 3,
                },
                QueueCount {
                    queue: "default".into(),
                    state: JobState::Running,
                    jobs: 1,
                },
                QueueCount {
                    queue: "mail".into(),
                    state: JobState::Completed,
                    jobs: 2,
                },
            ],
            ..JobsOverview::default()
        };
        assert_eq!(overview.queues(), ["default", "mail"]);
        assert_eq!(overview.total(JobState::Completed), 5);
        assert_eq!(overview.count("mail", JobState::Running), 0);
        assert_eq!(overview.count("default", JobState::Running), 1);
    }
}
