//! The mails the node sends (recipe 44), one file each with its plain text and its HTML side
//! by side (welcome, password reset, the activity digest, a mention), and the jobs that send them: a mail is always sent by a job on the `mail` queue,
//! so an SMTP failure is retried, never lost, and never holds up a request.
//!
//! Links in mails start with the node's public URL (`server.public_url`), never with a
//! request's `Host`, which whoever sends the request chooses.

pub mod digest;
mod mention;
mod password_reset;
mod welcome;

use std::sync::Arc;

use domain::{
    db::Db,
    mail::{Address, Mail, MailError, Mailbox, Mailer, SmtpMailer, SmtpSecurity, SmtpServer},
};
use model::locale::Locale;
use secrecy::ExposeSecret;

use crate::{
    jobs::Workers,
    settings::{MailAdapter, Settings, SmtpTls},
};

/// What every mail needs: who it is from, where links point, and the mailer.
#[derive(Clone)]
pub struct Mails {
    pub from: Address,
    /// The node's public URL, without a trailing `/`.
    pub base_url: String,
    pub mailer: Arc<dyn Mailer>,
}

impl Mails {
    /// The mailer the settings choose: SMTP, or the dev mailbox in `db`. `bound` is the
    /// address the node listens on, the links' base when no public URL is set.
    pub fn from_settings(settings: &Settings, db: &Db, bound: &str) -> Result<Self, MailError> {
        let mail = &settings.mail;
        let mailer: Arc<dyn Mailer> = match mail.adapter(settings.profile) {
            MailAdapter::Mailbox => Arc::new(Mailbox::new(db.clone())),
            MailAdapter::Smtp => {
                let smtp = &mail.smtp;
                Arc::new(SmtpMailer::new(SmtpServer {
                    host: smtp.host.clone(),
                    port: smtp.port,
                    security: match smtp.tls {
                        SmtpTls::None => SmtpSecurity::None,
                        SmtpTls::Starttls => SmtpSecurity::Starttls,
                        SmtpTls::Tls => SmtpSecurity::Tls,
                    },
                    credentials: smtp.username.clone().map(|user| {
                        let password = smtp
                            .password
                            .as_ref()
                            .map(|password| password.expose_secret().to_owned())
                            .unwrap_or_default();
                        (user, password)
                    }),
                    timeout: smtp.timeout(),
                })?)
            }
        };
        let base_url = settings
            .server
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"));
        let from = Address::new(&mail.from_name, &mail.from_address);
        from.check()?;
        Ok(Self {
            from,
            base_url: base_url.trim_end_matches('/').to_owned(),
            mailer,
        })
    }

    /// An absolute link to `path` (which starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// The mail jobs this node runs.
pub fn workers(workers: Workers) -> Workers {
    workers
        .with::<domain::accounts::WelcomeMail>()
        .with::<domain::accounts::PasswordResetMail>()
        .with::<digest::SendDigests>()
        .with::<digest::DigestMail>()
        .with::<domain::mentions::MentionMail>()
}

/// An HTML mail's frame around `body` (already HTML) in `language`, with its title.
fn html_page(language: Locale, title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head>\
         <body style=\"font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; \
         max-width: 36rem; margin: 0 auto; padding: 1.5rem\">\n{body}\n\
         <p style=\"color: #555; font-size: 0.875rem\">— Commons</p>\n</body></html>\n",
        lang = language.code(),
        title = escape(title)
    )
}

/// `text` made safe to put in HTML, in text or in a quoted attribute.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A mail to `to` from the node.
fn mail(mails: &Mails, to: Address, subject: String, text: String, html: String) -> Mail {
    Mail {
        from: mails.from.clone(),
        to,
        subject,
        text,
        html,
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
