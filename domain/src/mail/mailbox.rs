//! The dev mailbox (Swoosh's local adapter): mail kept in the database instead of sent, for
//! `/dev/mailbox` to show. Only the dev and test profiles use it.

use futures_util::future::BoxFuture;

use super::{Attachment, Mail, MailError, Mailer};
use crate::{
    db::{BeginWrite, Db, DbError},
    with_pool,
};

/// The mailer that keeps mail in the `mailbox` table.
#[derive(Clone, Debug)]
pub struct Mailbox {
    db: Db,
}

/// A kept mail as the mailbox's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredMailSummary {
    pub id: i64,
    /// Unix milliseconds.
    pub sent_at: i64,
    pub recipient: String,
    pub subject: String,
}

/// One attachment of a kept mail, without its content.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MailboxAttachment {
    pub position: i32,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// A kept mail, whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMail {
    pub summary: StoredMailSummary,
    pub sender: String,
    /// The headers as they would have gone out, one per line.
    pub headers: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<MailboxAttachment>,
}

#[derive(sqlx::FromRow)]
struct MailRow {
    #[sqlx(flatten)]
    summary: StoredMailSummary,
    sender: String,
    headers: String,
    text_body: String,
    html_body: String,
}

impl Mailbox {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// The newest `limit` mails, newest first.
    pub async fn list(&self, limit: i64) -> Result<Vec<StoredMailSummary>, DbError> {
        let mails = with_pool!(self.db, |pool| {
            sqlx::query_as(
                "SELECT id, sent_at, recipient, subject FROM mailbox ORDER BY id DESC LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
        })?;
        Ok(mails)
    }

    pub async fn find(&self, id: i64) -> Result<Option<StoredMail>, DbError> {
        let (row, attachments) = with_pool!(self.db, |pool| async {
            let row: Option<MailRow> = sqlx::query_as(
                "SELECT id, sent_at, recipient, subject, sender, headers, text_body, html_body \
                 FROM mailbox WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?;
            let attachments: Vec<MailboxAttachment> = sqlx::query_as(
                "SELECT position, filename, content_type, CAST(LENGTH(content) AS BIGINT) AS size \
                 FROM mailbox_attachments WHERE mail_id = $1 ORDER BY position",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            Ok::<_, sqlx::Error>((row, attachments))
        }
        .await)?;
        Ok(row.map(|row| StoredMail {
            summary: row.summary,
            sender: row.sender,
            headers: row.headers,
            text: row.text_body,
            html: row.html_body,
            attachments,
        }))
    }

    /// Attachment `position` of mail `id`, with its content.
    pub async fn attachment(&self, id: i64, position: i32) -> Result<Option<Attachment>, DbError> {
        let found: Option<(String, String, Vec<u8>)> = with_pool!(self.db, |pool| {
            sqlx::query_as(
                "SELECT filename, content_type, content FROM mailbox_attachments \
                 WHERE mail_id = $1 AND position = $2",
            )
            .bind(id)
            .bind(position)
            .fetch_optional(pool)
            .await
        })?;
        Ok(found.map(|(filename, content_type, content)| Attachment {
            filename,
            content_type,
            content,
        }))
    }

    /// Empties the mailbox; answers how many mails went.
    pub async fn clear(&self) -> Result<u64, DbError> {
        let cleared = with_pool!(self.db, |pool| {
            sqlx::query("DELETE FROM mailbox")
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(cleared)
    }

    async fn keep(&self, mail: &Mail, headers: String) -> Result<i64, DbError> {
        let sent_at = chrono::Utc::now().timestamp_millis();
        let id = with_pool!(self.db, |pool| {
            async {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO mailbox (sent_at, sender, recipient, subject, headers, text_body, html_body) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(sent_at)
            .bind(&mail.from.email)
            .bind(&mail.to.email)
            .bind(&mail.subject)
            .bind(&headers)
            .bind(&mail.text)
            .bind(&mail.html)
            .fetch_one(&mut *tx)
            .await?;
            for (position, file) in (0_i32..).zip(&mail.attachments) {
                sqlx::query(
                    "INSERT INTO mailbox_attachments (mail_id, position, filename, content_type, content) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(position)
                .bind(&file.filename)
                .bind(&file.content_type)
                .bind(&file.content)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(id)
        }
        .await
        })?;
        Ok(id)
    }
}

impl Mailer for Mailbox {
    fn deliver<'a>(&'a self, mail: &'a Mail) -> BoxFuture<'a, Result<(), MailError>> {
        Box::pin(async move {
            let message = mail.message()?;
            let headers = message.headers().to_string();
            self.keep(mail, headers).await.map_err(MailError::Mailbox)?;
            Ok(())
        })
    }
}
