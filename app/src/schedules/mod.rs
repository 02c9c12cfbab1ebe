//! The schedules page's server functions (recipe 45), admins only: the schedules and the jobs
//! a new one may run, the next fire times of an expression being typed, adding or editing one,
//! and pausing, resuming, removing or running one now.

use leptos::prelude::*;
use model::schedules::{FireTime, ScheduleActed, ScheduleAction, ScheduleInput, SchedulesPageData};

use crate::AppError;

#[cfg(feature = "ssr")]
mod ssr;

/// How many fire times the form shows while an expression is typed.
pub const PREVIEWED: usize = 5;

/// The schedules by name, and the jobs a new one may run.
#[server(prefix = "/rpc", endpoint = "schedules/list")]
pub async fn schedules_page() -> Result<SchedulesPageData, AppError> {
    ssr::page().await
}

/// The next [`PREVIEWED`] fire times of `cron` in `timezone`; a field error for either when it
/// is not valid.
#[server(prefix = "/rpc", endpoint = "schedules/preview")]
pub async fn preview_schedule(cron: String, timezone: String) -> Result<Vec<FireTime>, AppError> {
    ssr::preview(&cron, &timezone).await
}

/// Adds a schedule (no `id`) or changes one.
#[server(prefix = "/rpc", endpoint = "schedules/save")]
pub async fn save_schedule(input: ScheduleInput) -> Result<ScheduleActed, AppError> {
    ssr::save(input).await
}

/// Pauses, resumes, removes or runs schedule `id` now.
#[server(prefix = "/rpc", endpoint = "schedules/act")]
pub async fn act_on_schedule(id: i64, action: ScheduleAction) -> Result<ScheduleActed, AppError> {
    ssr::act(id, action).await
}
