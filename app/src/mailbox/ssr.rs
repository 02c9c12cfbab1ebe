//! The mailbox's server half: who may read it, and its rows as the page shows them.

use std::net::IpAddr;

use chrono::DateTime;
use domain::mail::{Mailbox, StoredMail, StoredMailSummary};
use leptos::prelude::use_context;

use super::{AttachmentInfo, MailSummary, MailView};
use crate::{AppError, auth::ClientAddress};

/// The node's mailbox, in context when it keeps its mail; absent (`None`) otherwise.
#[derive(Clone, Debug)]
pub struct DevMailbox(pub Option<Mailbox>);

impl DevMailbox {
    /// The mailbox, for a request from `client`: only this machine may read it.
    pub fn for_client(&self, client: IpAddr) -> Option<&Mailbox> {
        self.0.as_ref().filter(|_| client.is_loopback())
    }
}

/// Runs `read` on the mailbox when this request may read it; `NotFound` otherwise, as if the
/// page did not exist.
pub(super) async fn answer_local<T>(
    read: impl AsyncFnOnce(&Mailbox) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let outcome = async {
        let parts = use_context::<http::request::Parts>().ok_or(AppError::NotFound)?;
        let client = parts
            .extensions
            .get::<ClientAddress>()
            .ok_or(AppError::NotFound)?
            .0;
        let mailbox = use_context::<DevMailbox>().ok_or(AppError::NotFound)?;
        let mailbox = mailbox.for_client(client).ok_or(AppError::NotFound)?;
        read(mailbox).await
    };
    crate::auth::ssr::answer(outcome.await)
}

pub(super) fn summary(mail: StoredMailSummary) -> MailSummary {
    MailSummary {
        id: mail.id,
        sent_at: DateTime::from_timestamp_millis(mail.sent_at).unwrap_or_default(),
        to: mail.recipient,
        subject: mail.subject,
    }
}

pub(super) fn view(mail: StoredMail) -> MailView {
    MailView {
        summary: summary(mail.summary),
        from: mail.sender,
        headers: mail.headers,
        text: mail.text,
        attachments: mail
            .attachments
            .into_iter()
            .map(|file| AttachmentInfo {
                position: file.position,
                filename: file.filename,
                content_type: file.content_type,
                size: file.size,
            })
            .collect(),
    }
}
