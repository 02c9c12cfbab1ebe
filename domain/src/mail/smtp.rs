//! Delivery to an SMTP server (lettre, over rustls), with a pool of connections.

use std::time::Duration;

use futures_util::future::BoxFuture;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
    transport::smtp::authentication::Credentials,
};

use super::{Mail, MailError, Mailer};

/// How the connection to the server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// None: only for a server on this machine.
    None,
    /// STARTTLS, required (a server that does not offer it is an error, never a plain send).
    Starttls,
    /// TLS from the first byte.
    Tls,
}

/// Where and how to reach the server.
#[derive(Clone, Debug)]
pub struct SmtpServer {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// User name and password, when the server asks for them.
    pub credentials: Option<(String, String)>,
    pub timeout: Duration,
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    pub fn new(server: SmtpServer) -> Result<Self, MailError> {
        let builder = match server.security {
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&server.host)
            }
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&server.host)
                    .map_err(MailError::Smtp)?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&server.host)
                .map_err(MailError::Smtp)?,
        };
        let builder = builder.port(server.port).timeout(Some(server.timeout));
        let builder = match server.credentials {
            Some((user, password)) => builder.credentials(Credentials::new(user, password)),
            None => builder,
        };
        Ok(Self {
            transport: builder.build(),
        })
    }
}

impl Mailer for SmtpMailer {
    fn deliver<'a>(&'a self, mail: &'a Mail) -> BoxFuture<'a, Result<(), MailError>> {
        Box::pin(async move {
            let message = mail.message()?;
            self.transport
                .send(message)
                .await
                .map_err(MailError::Smtp)?;
            Ok(())
        })
    }
}
