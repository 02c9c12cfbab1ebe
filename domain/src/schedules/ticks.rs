//! A tick: every due schedule's latest fire time, enqueued once across every node.

use super::{COLUMNS, Missed, Schedule, ScheduleError, job_of};
use crate::{
    db::{BeginWrite, Db},
    jobs::Enqueue,
    with_pool,
};

/// A fire time this late is still on time: a node busy for a while, or a tick that waited
/// for the database, does not lose it under [`Missed::Skip`].
pub const LATE_GRACE_MS: i64 = 60_000;

/// What a tick did with one schedule's latest fire time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired {
    pub schedule: i64,
    /// The fire time handled (unix ms).
    pub fire_time: i64,
    /// The job enqueued for it; `None` when it was missed and the schedule skips missed ones.
    pub job: Option<i64>,
}

/// Handles every unpaused schedule whose latest fire time at `at` (unix ms) is past the one it
/// handled last: enqueues its job (or lets a missed one go, as the schedule says) and moves it
/// on, in one transaction that only one node can make for a given fire time.
pub async fn tick(db: &Db, at: i64) -> Result<Vec<Fired>, ScheduleError> {
    let sql = format!("SELECT {COLUMNS} FROM schedules WHERE NOT paused ORDER BY id");
    let schedules: Vec<Schedule> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(pool)
            .await
    })?;
    let mut fired = Vec::new();
    for schedule in schedules {
        let cron = match schedule.parsed() {
            Ok(cron) => cron,
            Err(error) => {
                tracing::warn!(schedule = schedule.id, %error, "a stored schedule no longer reads");
                continue;
            }
        };
        let Some(latest) = cron.latest_until(at) else {
            continue;
        };
        if latest <= schedule.fired_until {
            continue;
        }
        let on_time = at - latest <= LATE_GRACE_MS;
        let run = on_time || schedule.missed.0 == Missed::RunOnce;
        if let Some(job) = fire(db, &schedule, latest, run, at).await? {
            fired.push(Fired {
                schedule: schedule.id,
                fire_time: latest,
                job,
            });
        }
    }
    Ok(fired)
}

/// Moves `schedule` on to `fire_time`, enqueuing its job when `run`; `None` when another node
/// (or an admin's change) moved it first.
async fn fire(
    db: &Db,
    schedule: &Schedule,
    fire_time: i64,
    run: bool,
    at: i64,
) -> Result<Option<Option<i64>>, ScheduleError> {
    let job = job_of(
        schedule,
        format!("schedule:{}:{fire_time}", schedule.id),
        at,
    );
    let outcome = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let moved = sqlx::query(
            "UPDATE schedules SET fired_until = $1 \
             WHERE id = $2 AND fired_until = $3 AND NOT paused",
        )
        .bind(fire_time)
        .bind(schedule.id)
        .bind(schedule.fired_until)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 {
            return Ok(None);
        }
        let enqueued = if run {
            Some((&mut *tx).enqueue(&job, at).await?)
        } else {
            None
        };
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some(enqueued))
    }
    .await)?;
    Ok(outcome.map(|enqueued| enqueued.and_then(|enqueued| enqueued.announce(db))))
}
