//! The jobs page's server functions (recipe 38), admins only: the list by filter, one job's
//! detail, and what an admin does to a job. The counts and the chart come over the socket
//! (`admin:jobs`); the page asks these again when a push says the queue moved.

use leptos::prelude::*;
use model::jobs::{JobActed, JobAction, JobDetail, JobRow, JobsFilter};

use crate::AppError;

#[cfg(feature = "ssr")]
mod ssr;

/// The most jobs the list shows at once.
pub const LIST_LIMIT: u32 = 50;

/// Up to [`LIST_LIMIT`] jobs that pass `filter`, newest first.
#[server(prefix = "/rpc", endpoint = "jobs/list")]
pub async fn list_jobs(#[server(default)] filter: JobsFilter) -> Result<Vec<JobRow>, AppError> {
    ssr::list(filter).await
}

/// Everything about job `id`.
#[server(prefix = "/rpc", endpoint = "jobs/detail")]
pub async fn open_job(id: i64) -> Result<JobDetail, AppError> {
    ssr::detail(id).await
}

/// Does `action` to job `id`, if it still applies to the job's state.
#[server(prefix = "/rpc", endpoint = "jobs/act")]
pub async fn act_on_job(id: i64, action: JobAction) -> Result<JobActed, AppError> {
    ssr::act(id, action).await
}
