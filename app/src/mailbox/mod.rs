//! The dev mailbox's server functions (recipe 44, Swoosh's `/dev/mailbox`): the mail the node
//! kept instead of sending, for whoever develops on this machine. They answer only when the
//! node keeps its mail (the dev and test profiles; `prod` refuses to) and only to requests
//! from this machine; otherwise there is no such page.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// A kept mail in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSummary {
    pub id: i64,
    pub sent_at: DateTime<Utc>,
    pub to: String,
    pub subject: String,
}

/// A file that came with a mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub position: i32,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// A kept mail, as its page shows it (the HTML part is served on its own, sandboxed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailView {
    pub summary: MailSummary,
    pub from: String,
    pub headers: String,
    pub text: String,
    pub attachments: Vec<AttachmentInfo>,
}

/// How many of the newest mails the list shows.
pub const SHOWN: i64 = 100;

/// The newest kept mails, newest first.
#[server(prefix = "/rpc", endpoint = "mailbox_list")]
pub async fn mailbox_list() -> Result<Vec<MailSummary>, AppError> {
    ssr::answer_local(async |mailbox| {
        Ok(mailbox
            .list(SHOWN)
            .await?
            .into_iter()
            .map(ssr::summary)
            .collect())
    })
    .await
}

/// One kept mail; `NotFound` when there is none with this id.
#[server(prefix = "/rpc", endpoint = "mailbox_mail")]
pub async fn mailbox_mail(id: i64) -> Result<MailView, AppError> {
    ssr::answer_local(async |mailbox| {
        let mail = mailbox.find(id).await?.ok_or(AppError::NotFound)?;
        Ok(ssr::view(mail))
    })
    .await
}

/// Empties the mailbox.
#[server(prefix = "/rpc", endpoint = "mailbox_clear")]
pub async fn mailbox_clear() -> Result<u64, AppError> {
    ssr::answer_local(async |mailbox| Ok(mailbox.clear().await?)).await
}

#[cfg(feature = "ssr")]
pub mod ssr;
