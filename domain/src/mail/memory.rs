//! A mailer that keeps what it is given, for unit tests (Swoosh's test adapter).

use std::sync::{Mutex, PoisonError};

use futures_util::future::BoxFuture;

use super::{Mail, MailError, Mailer};

#[derive(Debug, Default)]
pub struct MemoryMailer {
    sent: Mutex<Vec<Mail>>,
}

impl MemoryMailer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything delivered so far, oldest first.
    pub fn sent(&self) -> Vec<Mail> {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Mailer for MemoryMailer {
    fn deliver<'a>(&'a self, mail: &'a Mail) -> BoxFuture<'a, Result<(), MailError>> {
        Box::pin(async move {
            // Built as SMTP would, so a mail that could not go out fails here too.
            mail.message()?;
            self.sent
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(mail.clone());
            Ok(())
        })
    }
}
