//! Periodic work (recipe 19) that never overlaps itself and never drifts.

use std::{future::Future, time::Duration};

use tokio::time::{MissedTickBehavior, interval};

use super::TaskResult;

/// Runs `tick` every `period`, forever, until a tick fails (which ends the run with its error,
/// for the supervisor to restart). The first tick is at once. Ticks are scheduled from the
/// start, not from the end of the previous one, so they do not drift; a tick is awaited before
/// the next, so they never overlap; ticks missed while one ran long are not made up in a burst:
/// one runs at once in their place, then the schedule resumes.
pub async fn every<F, Fut>(period: Duration, mut tick: F) -> TaskResult
where
    F: FnMut() -> Fut,
    Fut: Future<Output = TaskResult>,
{
    let mut schedule = interval(period);
    schedule.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        schedule.tick().await;
        tick().await?;
    }
}
