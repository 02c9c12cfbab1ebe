use chrono::Utc;
use domain::{
    jobs,
    schedules::{self, Cron, Schedule, ScheduleForm, Task},
};
use model::{
    refusal::Refusal,
    schedules::{
        FireTime, ScheduleActed, ScheduleAction, ScheduleInfo, ScheduleInput, SchedulesPageData,
        TaskChoice,
    },
};

use super::PREVIEWED;
use crate::{AppError, auth::ssr::for_admin};

fn info(schedule: Schedule, now: i64) -> ScheduleInfo {
    let next = match schedule.parsed() {
        Ok(cron) if !schedule.paused => cron.next_after(now).map(|at_ms| FireTime {
            at_ms,
            local: cron.local(at_ms),
        }),
        _ => None,
    };
    ScheduleInfo {
        id: schedule.id,
        name: schedule.name,
        cron: schedule.cron,
        timezone: schedule.timezone,
        kind: schedule.kind,
        queue: schedule.queue,
        missed: schedule.missed.0,
        paused: schedule.paused,
        builtin: schedule.builtin,
        next,
    }
}

pub(super) async fn page() -> Result<SchedulesPageData, AppError> {
    for_admin(async |ctx, _| {
        let now = Utc::now().timestamp_millis();
        let all = schedules::list(&ctx.db).await?;
        let tasks = all
            .iter()
            .filter(|schedule| schedule.builtin)
            .map(|schedule| TaskChoice {
                schedule_id: schedule.id,
                label: format!("{} ({})", schedule.name, schedule.kind),
            })
            .collect();
        Ok(SchedulesPageData {
            schedules: all
                .into_iter()
                .map(|schedule| info(schedule, now))
                .collect(),
            tasks,
        })
    })
    .await
}

pub(super) async fn preview(cron: &str, timezone: &str) -> Result<Vec<FireTime>, AppError> {
    for_admin(async |_, _| {
        let parsed = Cron::parse(cron, timezone)?;
        let now = Utc::now().timestamp_millis();
        Ok(parsed
            .upcoming(now, PREVIEWED)
            .into_iter()
            .map(|at_ms| FireTime {
                at_ms,
                local: parsed.local(at_ms),
            })
            .collect())
    })
    .await
}

pub(super) async fn save(input: ScheduleInput) -> Result<ScheduleActed, AppError> {
    for_admin(async |ctx, user| {
        let db = &ctx.db;
        let at = Utc::now().timestamp_millis();
        let form = ScheduleForm {
            name: input.name,
            cron: input.cron,
            timezone: input.timezone,
            missed: input.missed,
        };
        let saved = match input.id {
            Some(id) => schedules::update(db, user.scope(), id, &form, at).await?,
            None => {
                let task = task_of(db, input.task).await?;
                schedules::create(db, user.scope(), &form, &task, at).await?
            }
        };
        tracing::info!(
            schedule = saved.id,
            by = user.scope().user_id,
            "an admin saved a schedule"
        );
        let name = saved.name;
        Ok(match input.id {
            Some(_) => ScheduleActed::Saved { name },
            None => ScheduleActed::Added { name },
        })
    })
    .await
}

/// The job a new schedule runs: the one built-in schedule `id` runs.
async fn task_of(db: &domain::db::Db, id: Option<i64>) -> Result<Task, AppError> {
    let choose = || AppError::invalid_field(ScheduleInput::TASK, Refusal::ScheduleJobUnknown);
    let schedule = schedules::find(db, id.ok_or_else(choose)?)
        .await?
        .filter(|schedule| schedule.builtin)
        .ok_or_else(choose)?;
    Ok(Task {
        kind: schedule.kind,
        queue: schedule.queue,
        args: schedule.args,
    })
}

pub(super) async fn act(id: i64, action: ScheduleAction) -> Result<ScheduleActed, AppError> {
    for_admin(async |ctx, user| {
        let (db, scope) = (&ctx.db, user.scope());
        let at = Utc::now().timestamp_millis();
        let name = schedules::find(db, id)
            .await?
            .ok_or(AppError::NotFound)?
            .name;
        let acted = match action {
            ScheduleAction::Pause => {
                schedules::pause(db, scope, id, at).await?;
                ScheduleActed::Paused { name }
            }
            ScheduleAction::Resume => {
                schedules::resume(db, scope, id, at).await?;
                ScheduleActed::Resumed { name }
            }
            ScheduleAction::Remove => {
                schedules::remove(db, scope, id).await?;
                ScheduleActed::Removed { name }
            }
            ScheduleAction::RunNow => {
                let job = schedules::run_now(db, scope, id, at).await?;
                match jobs::find(db, job).await? {
                    Some(enqueued) => {
                        db.job_signal().enqueued(&enqueued.queue);
                        ScheduleActed::Running { name, job }
                    }
                    // The same click twice within a millisecond: one run.
                    None => ScheduleActed::AlreadyAsked { name },
                }
            }
        };
        tracing::info!(
            schedule = id,
            ?action,
            by = scope.user_id,
            "an admin acted on a schedule"
        );
        Ok(acted)
    })
    .await
}
