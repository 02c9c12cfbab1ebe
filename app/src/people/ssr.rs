use domain::accounts;
use model::accounts::UsersReport;

use crate::{AppError, auth::ssr::for_admin};

pub(super) async fn report() -> Result<UsersReport, AppError> {
    for_admin(async |ctx, user| Ok(accounts::users_report(&ctx.db, user.scope()).await?)).await
}
