//! The people page's server function (admins): the users report. The page exports and imports
//! through the API itself (`/api/v2/users/export`, `/api/v2/users/import`), which takes the
//! browser's session.

use leptos::prelude::*;
use model::accounts::UsersReport;

use crate::AppError;

#[cfg(feature = "ssr")]
mod ssr;

/// Accounts by role, and sign-ups by month (recipe 3).
#[server(prefix = "/rpc", endpoint = "people/report")]
pub async fn people_report() -> Result<UsersReport, AppError> {
    ssr::report().await
}
