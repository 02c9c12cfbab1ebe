//! The server binary's command line: with no command it runs the node; `admin promote <email>`
//! is an operator's command that gives an existing account the admin role (there is no way to
//! do that over HTTP, so a compromised account cannot escalate itself).

use clap::{Parser, Subcommand};
use domain::{
    accounts::{self, AccountsError, User},
    db::{Db, DbError, PoolOptions},
};
use model::accounts::{Email, EmailError};

use crate::settings::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Commons: runs the node, or an operator command"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Commands about administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Gives the account with this email the admin role (it may then open /admin/system).
    Promote { email: String },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0:?} is not an email address: {1}")]
    InvalidEmail(String, #[source] EmailError),
    #[error("no account uses {0}")]
    NoSuchAccount(String),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("the database refused the change")]
    Accounts(#[source] AccountsError),
}

/// Runs an operator command against the database the settings name; answers what to print.
pub async fn run(settings: &Settings, command: Command) -> Result<String, CliError> {
    match command {
        Command::Admin {
            command: AdminCommand::Promote { email },
        } => {
            let db = Db::connect(
                settings.database.url(),
                PoolOptions {
                    max_connections: 1,
                    acquire_timeout: settings.database.acquire_timeout(),
                },
            )
            .await?;
            db.migrate().await?;
            let promoted = promote(&db, &email).await;
            db.close().await;
            let user = promoted?;
            Ok(format!("{} <{}> is now an admin.", user.name, user.email))
        }
    }
}

/// Gives the account using `email` the admin role.
pub async fn promote(db: &Db, email: &str) -> Result<User, CliError> {
    let parsed =
        Email::parse(email).map_err(|error| CliError::InvalidEmail(email.to_owned(), error))?;
    accounts::promote_to_admin(db, &parsed)
        .await
        .map_err(|error| match error {
            AccountsError::UnknownUser => CliError::NoSuchAccount(parsed.as_str().to_owned()),
            other => CliError::Accounts(other),
        })
}
