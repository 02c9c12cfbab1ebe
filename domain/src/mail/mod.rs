//! Mail (recipe 44): what a mail is ([`Mail`]), and the [`Mailer`]s that deliver it — by SMTP
//! ([`SmtpMailer`]), into the dev mailbox in the database ([`Mailbox`], read at
//! `/dev/mailbox`), or into memory for unit tests ([`MemoryMailer`]).
//!
//! Every mail is built into one RFC 5322 message the same way whichever mailer takes it
//! ([`Mail::message`]), so the headers the mailbox shows are the ones SMTP would have sent.
//! Mail is sent by jobs, never from a request: a failed delivery is an error its job retries.

mod mailbox;
mod memory;
mod smtp;

use futures_util::future::BoxFuture;
use lettre::{
    Message,
    message::{Attachment as Part, Mailbox as Party, MultiPart, header::ContentType},
};

pub use mailbox::{Mailbox, MailboxAttachment, StoredMail, StoredMailSummary};
pub use memory::MemoryMailer;
pub use smtp::{SmtpMailer, SmtpSecurity, SmtpServer};

use crate::db::DbError;

/// Someone a mail is from or to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub name: Option<String>,
    pub email: String,
}

impl Address {
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            email: email.into(),
        }
    }

    /// Whether the address can head a mail (`MailError::Address` if not): settings are
    /// checked once at start-up rather than failing every send.
    pub fn check(&self) -> Result<(), MailError> {
        self.party().map(drop)
    }

    fn party(&self) -> Result<Party, MailError> {
        let email = self
            .email
            .parse()
            .map_err(|_| MailError::Address(self.email.clone()))?;
        Ok(Party::new(self.name.as_deref().map(one_line), email))
    }
}

/// A file sent with a mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    /// A MIME type, e.g. `text/csv; charset=utf-8`.
    pub content_type: String,
    pub content: Vec<u8>,
}

/// One mail, with both bodies: the plain text and the HTML of the same words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub from: Address,
    pub to: Address,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

impl Mail {
    /// The message as it goes out: `multipart/alternative` (text, then HTML), wrapped in
    /// `multipart/mixed` with the attachments when there are any; dated now, with a fresh
    /// Message-ID.
    pub fn message(&self) -> Result<Message, MailError> {
        let builder = Message::builder()
            .from(self.from.party()?)
            .to(self.to.party()?)
            .subject(one_line(&self.subject))
            .date_now()
            .message_id(None);
        let bodies = MultiPart::alternative_plain_html(self.text.clone(), self.html.clone());
        let body = if self.attachments.is_empty() {
            bodies
        } else {
            self.attachments.iter().try_fold(
                MultiPart::mixed().multipart(bodies),
                |mixed, file| {
                    let content_type = ContentType::parse(&file.content_type)
                        .map_err(|_| MailError::ContentType(file.content_type.clone()))?;
                    Ok::<_, MailError>(mixed.singlepart(
                        Part::new(file.filename.clone()).body(file.content.clone(), content_type),
                    ))
                },
            )?
        };
        builder.multipart(body).map_err(MailError::Build)
    }
}

/// `text` on one line: a header's value never carries a line break (which would start another
/// header) nor any other control character.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{0:?} is not a mail address")]
    Address(String),
    #[error("{0:?} is not a MIME type")]
    ContentType(String),
    #[error("the message could not be built")]
    Build(#[source] lettre::error::Error),
    #[error("the SMTP server did not take the message")]
    Smtp(#[source] lettre::transport::smtp::Error),
    #[error("the mailbox could not keep the message")]
    Mailbox(#[source] DbError),
}

/// Delivers mail. Object-safe, so the node holds whichever one its settings chose.
pub trait Mailer: Send + Sync {
    fn deliver<'a>(&'a self, mail: &'a Mail) -> BoxFuture<'a, Result<(), MailError>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(attachments: Vec<Attachment>) -> Mail {
        Mail {
            from: Address::new("Commons", "noreply@commons.test"),
            to: Address::new("Ada Lovelace", "ada@example.com"),
            subject: "Welcome, Ada".into(),
            text: "Hello Ada".into(),
            html: "<p>Hello Ada</p>".into(),
            attachments,
        }
    }

    fn formatted(mail: &Mail) -> String {
        String::from_utf8(mail.message().expect("builds").formatted()).expect("ASCII")
    }

    #[test]
    fn a_mail_carries_both_bodies_as_alternatives_and_its_files_beside_them() {
        let plain = formatted(&mail(Vec::new()));
        assert!(
            plain.contains("Content-Type: multipart/alternative"),
            "{plain}"
        );
        assert!(!plain.contains("multipart/mixed"));
        assert!(
            plain.contains("To: \"Ada Lovelace\" <ada@example.com>"),
            "{plain}"
        );
        assert!(plain.contains("Message-ID: <"), "{plain}");

        let with_file = formatted(&mail(vec![Attachment {
            filename: "activity.csv".into(),
            content_type: "text/csv; charset=utf-8".into(),
            content: b"day,messages\n".to_vec(),
        }]));
        assert!(
            with_file.contains("Content-Type: multipart/mixed"),
            "{with_file}"
        );
        assert!(
            with_file.contains("Content-Disposition: attachment; filename=\"activity.csv\""),
            "{with_file}"
        );
    }

    #[test]
    fn a_header_cannot_be_smuggled_through_a_name_or_a_subject() {
        let mut sneaky = mail(Vec::new());
        sneaky.to.name = Some("Ada\r\nBcc: all@example.com".into());
        sneaky.subject = "Hi\r\nBcc: all@example.com".into();
        let text = formatted(&sneaky);
        assert!(!text.contains("\r\nBcc:"), "{text}");
        assert!(text.contains("Subject: Hi  Bcc: all@example.com"), "{text}");
    }

    #[test]
    fn a_bad_address_or_type_is_an_error_not_a_panic() {
        let mut bad = mail(Vec::new());
        bad.to.email = "not an address".into();
        assert!(matches!(bad.message(), Err(MailError::Address(_))));
        let bad = mail(vec![Attachment {
            filename: "x".into(),
            content_type: "nonsense".into(),
            content: Vec::new(),
        }]);
        assert!(matches!(bad.message(), Err(MailError::ContentType(_))));
    }
}
