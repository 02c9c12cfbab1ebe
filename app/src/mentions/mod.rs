//! The mentions page's server function: one's mentions, newest first, which opening the page
//! marks seen (the badge in every tab clears). The badge itself is live over the socket
//! (`pages::mentions::badge`).

use leptos::prelude::*;
use model::mentions::MentionInfo;

use crate::AppError;

/// A page of the reader's mentions, newest first, before the mention `before`; those not seen
/// until now say so, and are seen from now on.
#[server(prefix = "/rpc", endpoint = "mentions/list")]
pub async fn my_mentions(before: Option<i64>) -> Result<Vec<MentionInfo>, AppError> {
    use crate::auth::ssr::for_signed_in;

    for_signed_in(async |ctx, user| {
        let mentions = ctx.mentions();
        let page = mentions.list(user.scope(), before).await?;
        if before.is_none() {
            mentions.mark_seen(user.scope()).await?;
        }
        Ok(page)
    })
    .await
}
