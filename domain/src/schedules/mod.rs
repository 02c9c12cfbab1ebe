//! Schedules (recipe 45, Quantum's part): cron expressions in a time zone that enqueue a job at
//! each fire time, kept in the `schedules` table so that admins add, edit, pause, resume,
//! remove and run them at run time.
//!
//! Every node ticks ([`tick`]); each fire time is enqueued **once** however many do, because a
//! tick moves the schedule's `fired_until` forward with a compare-and-set in the same
//! transaction that enqueues (the job's unique key, `schedule:<id>:<fire time>`, says the same
//! again). Fire times missed while no node ran are the schedule's choice ([`Missed`]).

mod cron;
mod ticks;

use crate::{
    Scope,
    accounts::Role,
    db::{Db, DbError, UniqueIndex},
    jobs::{self, NewJob},
    with_pool,
};

pub use cron::Cron;
pub use ticks::{Fired, LATE_GRACE_MS, tick};

pub use model::schedules::Missed;

/// A schedule as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Schedule {
    pub id: i64,
    pub name: String,
    pub cron: String,
    pub timezone: String,
    pub kind: String,
    pub queue: String,
    pub args: String,
    #[sqlx(try_from = "String")]
    pub missed: StoredMissed,
    pub paused: bool,
    pub builtin: bool,
    /// The last fire time handled (unix ms).
    pub fired_until: i64,
    pub inserted_at: i64,
    pub updated_at: i64,
}

/// [`Missed`] as a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredMissed(pub Missed);

impl TryFrom<String> for StoredMissed {
    type Error = String;
    fn try_from(stored: String) -> Result<Self, Self::Error> {
        Missed::parse(&stored)
            .map(Self)
            .ok_or_else(|| format!("{stored:?} is not a missed-tick policy"))
    }
}

impl Schedule {
    /// Its expression, read again (it was valid when saved).
    pub fn parsed(&self) -> Result<Cron, ScheduleError> {
        Cron::parse(&self.cron, &self.timezone)
    }
}

/// What an admin writes: a name, when (cron and zone), and what to do with missed fire times.
#[derive(Clone, Debug)]
pub struct ScheduleForm {
    pub name: String,
    pub cron: String,
    pub timezone: String,
    pub missed: Missed,
}

/// What each fire enqueues.
#[derive(Clone, Debug)]
pub struct Task {
    pub kind: String,
    pub queue: String,
    /// The job's arguments (JSON).
    pub args: String,
}

/// The longest name a schedule may have, in characters.
pub const MAX_NAME_CHARS: usize = 80;

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("this is not a cron expression: {0}")]
    InvalidCron(String),
    #[error("{0:?} is not a time zone (write one like Europe/Paris or UTC)")]
    UnknownTimeZone(String),
    #[error("a schedule's name is 1 to {MAX_NAME_CHARS} characters")]
    InvalidName,
    #[error("another schedule has this name")]
    NameTaken,
    #[error("no such schedule")]
    NotFound,
    #[error("the node made this schedule: pause it instead")]
    Builtin,
    #[error("only admins may do this")]
    Forbidden,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ScheduleError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}

const NAME_KEY: UniqueIndex = UniqueIndex {
    name: "schedules_name",
    columns: "schedules.name",
};

const COLUMNS: &str = "id, name, cron, timezone, kind, queue, args, missed, paused, builtin, \
                       fired_until, inserted_at, updated_at";

fn admin(scope: Scope) -> Result<(), ScheduleError> {
    match scope.role {
        Role::Admin => Ok(()),
        Role::User => Err(ScheduleError::Forbidden),
    }
}

/// The form, checked: a trimmed name, and an expression valid in its zone.
fn checked(form: &ScheduleForm) -> Result<(String, Cron), ScheduleError> {
    let name = form.name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(ScheduleError::InvalidName);
    }
    Ok((name.to_owned(), Cron::parse(&form.cron, &form.timezone)?))
}

fn taken(error: sqlx::Error) -> ScheduleError {
    if NAME_KEY.is_violated_by(&error) {
        ScheduleError::NameTaken
    } else {
        error.into()
    }
}

pub async fn list(db: &Db) -> Result<Vec<Schedule>, ScheduleError> {
    let sql = format!("SELECT {COLUMNS} FROM schedules ORDER BY name");
    let schedules = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(pool)
            .await
    })?;
    Ok(schedules)
}

pub async fn find(db: &Db, id: i64) -> Result<Option<Schedule>, ScheduleError> {
    let sql = format!("SELECT {COLUMNS} FROM schedules WHERE id = $1");
    let schedule = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    Ok(schedule)
}

/// Adds a schedule of `task`; its first fire is the first fire time after `at`.
pub async fn create(
    db: &Db,
    scope: Scope,
    form: &ScheduleForm,
    task: &Task,
    at: i64,
) -> Result<Schedule, ScheduleError> {
    admin(scope)?;
    let (name, _) = checked(form)?;
    insert(db, &name, form, task, false, at)
        .await?
        .ok_or(ScheduleError::NameTaken)
}

/// Makes the node's own schedule `form` of `task` unless one of that name exists (which keeps
/// the admin's edits and pause).
pub async fn ensure_builtin(
    db: &Db,
    form: &ScheduleForm,
    task: &Task,
    at: i64,
) -> Result<(), ScheduleError> {
    let (name, _) = checked(form)?;
    insert(db, &name, form, task, true, at).await?;
    Ok(())
}

async fn insert(
    db: &Db,
    name: &str,
    form: &ScheduleForm,
    task: &Task,
    builtin: bool,
    at: i64,
) -> Result<Option<Schedule>, ScheduleError> {
    let conflict = if builtin {
        "ON CONFLICT DO NOTHING"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO schedules (name, cron, timezone, kind, queue, args, missed, builtin, \
         fired_until, inserted_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9) {conflict} RETURNING {COLUMNS}"
    );
    let inserted = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(name)
            .bind(form.cron.trim())
            .bind(form.timezone.trim())
            .bind(&task.kind)
            .bind(&task.queue)
            .bind(&task.args)
            .bind(form.missed.as_str())
            .bind(builtin)
            .bind(at)
            .fetch_optional(pool)
            .await
    })
    .map_err(taken)?;
    Ok(inserted)
}

/// Changes a schedule's name, expression, zone or missed-tick policy. Its next fire is the
/// new expression's first after `at`: what the old one would have fired is not owed.
pub async fn update(
    db: &Db,
    scope: Scope,
    id: i64,
    form: &ScheduleForm,
    at: i64,
) -> Result<Schedule, ScheduleError> {
    admin(scope)?;
    let (name, _) = checked(form)?;
    let sql = format!(
        "UPDATE schedules SET name = $1, cron = $2, timezone = $3, missed = $4, \
         fired_until = CASE WHEN fired_until > $5 THEN fired_until ELSE $5 END, updated_at = $5 \
         WHERE id = $6 RETURNING {COLUMNS}"
    );
    let updated: Option<Schedule> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(&name)
            .bind(form.cron.trim())
            .bind(form.timezone.trim())
            .bind(form.missed.as_str())
            .bind(at)
            .bind(id)
            .fetch_optional(pool)
            .await
    })
    .map_err(taken)?;
    updated.ok_or(ScheduleError::NotFound)
}

/// Pauses a schedule: no node fires it until it is resumed.
pub async fn pause(db: &Db, scope: Scope, id: i64, at: i64) -> Result<(), ScheduleError> {
    admin(scope)?;
    set_paused(db, id, true, at).await
}

/// Resumes a schedule from `at`: the fire times that passed while it was paused are not owed.
pub async fn resume(db: &Db, scope: Scope, id: i64, at: i64) -> Result<(), ScheduleError> {
    admin(scope)?;
    set_paused(db, id, false, at).await
}

async fn set_paused(db: &Db, id: i64, paused: bool, at: i64) -> Result<(), ScheduleError> {
    let changed = with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE schedules SET paused = $1, updated_at = $2, \
             fired_until = CASE WHEN $1 OR fired_until > $2 THEN fired_until ELSE $2 END \
             WHERE id = $3",
        )
        .bind(paused)
        .bind(at)
        .bind(id)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
    })?;
    if changed == 0 {
        return Err(ScheduleError::NotFound);
    }
    Ok(())
}

/// Removes a schedule the admins made (the node's own are paused instead).
pub async fn remove(db: &Db, scope: Scope, id: i64) -> Result<(), ScheduleError> {
    admin(scope)?;
    let schedule = find(db, id).await?.ok_or(ScheduleError::NotFound)?;
    if schedule.builtin {
        return Err(ScheduleError::Builtin);
    }
    with_pool!(db, |pool| {
        sqlx::query("DELETE FROM schedules WHERE id = $1 AND NOT builtin")
            .bind(id)
            .execute(pool)
            .await
            .map(drop)
    })?;
    Ok(())
}

/// Enqueues the schedule's job now, besides its fire times; answers the job's id.
pub async fn run_now(db: &Db, scope: Scope, id: i64, at: i64) -> Result<i64, ScheduleError> {
    admin(scope)?;
    let schedule = find(db, id).await?.ok_or(ScheduleError::NotFound)?;
    let job = job_of(&schedule, format!("schedule:{id}:now:{at}"), at);
    let id = jobs::insert(db, &job, at).await?;
    // The key holds a millisecond: a second click within it is the same run.
    Ok(id.unwrap_or_default())
}

/// The job a schedule enqueues, unique under `key`.
fn job_of(schedule: &Schedule, key: String, at: i64) -> NewJob {
    NewJob {
        queue: schedule.queue.clone(),
        kind: schedule.kind.clone(),
        args: schedule.args.clone(),
        priority: 0,
        max_attempts: 20,
        unique_key: Some(key),
        run_at: at,
    }
}
