//! Typed settings, loaded once at start-up from three layers, each deep-merged over the last
//! (cookbook recipes 2 and 36):
//!
//! 1. defaults in code (`Default` impls below);
//! 2. the optional file `config/<profile>.toml`;
//! 3. environment variables `APP_<SECTION>__<KEY>` (e.g. `APP_SERVER__PORT=8080`), plus the
//!    conventional `DATABASE_URL`, `SECRET_KEY_BASE` and `PORT`.
//!
//! The profile comes from `APP_PROFILE` (`dev` unless set). `prod` refuses to start without a
//! secret key base and an explicit database URL.

mod edge;
mod node;
mod work;

use app::auth::ssr::CookiePolicy;
pub use app::limits::LimitSettings;
pub use edge::{
    AssetSettings, DEFAULT_DATABASE_URL, DatabaseSettings, LogFormat, LogSettings, ServerSettings,
};
use figment::{
    Figment,
    providers::{Env, Format, Toml},
};
pub use node::{NodeSettings, RealtimeSettings, UploadSettings};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
pub use work::{JobSettings, MailAdapter, MailSettings, SmtpSettings, SmtpTls};

/// Minimum length of `SECRET_KEY_BASE`, in bytes: enough entropy to sign sessions and tokens.
pub const MIN_SECRET_KEY_BASE_BYTES: usize = 64;

/// Which set of defaults and checks apply.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    #[default]
    Dev,
    Test,
    Prod,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dev => "dev",
            Self::Test => "test",
            Self::Prod => "prod",
        }
    }

    /// How cookies are sent: `prod` is served over HTTPS only, so its cookies are `Secure`.
    pub fn cookies(self) -> CookiePolicy {
        CookiePolicy {
            secure: self == Self::Prod,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub profile: Profile,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    /// Signs sessions and socket tokens. Required in `prod`; at least 64 bytes wherever given.
    pub secret_key_base: Option<SecretString>,
    pub log: LogSettings,
    pub assets: AssetSettings,
    pub realtime: RealtimeSettings,
    pub node: NodeSettings,
    pub uploads: UploadSettings,
    /// Rate limits (recipe 41), per node.
    pub limits: LimitSettings,
    pub jobs: JobSettings,
    pub mail: MailSettings,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
    #[error("{}", missing_message(.0))]
    MissingForProd(Vec<Missing>),
    #[error(
        "SECRET_KEY_BASE is too short: it has {0} bytes and needs at least {MIN_SECRET_KEY_BASE_BYTES}. \
         Generate one with `openssl rand -base64 64`."
    )]
    SecretTooShort(usize),
    #[error(
        "mail.adapter = \"mailbox\" keeps mail in the database and shows it to anyone at \
         /dev/mailbox: the prod profile sends it by SMTP (set APP_MAIL__SMTP__HOST and friends)"
    )]
    MailboxInProd,
    #[error("jobs.queues.{0:?}: a queue's name is 1 to 64 letters, digits, '-' or '_'")]
    InvalidQueue(String),
    #[error("server.public_url must be an http:// or https:// address, not {0:?}")]
    InvalidPublicUrl(String),
}

/// A setting `prod` cannot start without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    SecretKeyBase,
    DatabaseUrl,
}

fn missing_message(missing: &[Missing]) -> String {
    let mut text = String::from("the prod profile cannot start: required settings are missing:");
    for item in missing {
        text.push_str(match item {
            Missing::SecretKeyBase => {
                "\n  - SECRET_KEY_BASE: set it to at least 64 random bytes, e.g. \
                 SECRET_KEY_BASE=\"$(openssl rand -base64 64 | tr -d '\\n')\""
            }
            Missing::DatabaseUrl => {
                "\n  - DATABASE_URL: set it to the database to use, e.g. \
                 DATABASE_URL=postgres://user:password@host/commons or DATABASE_URL=sqlite://data/commons.db"
            }
        });
    }
    text
}

impl Settings {
    /// Loads the settings for the profile named by `APP_PROFILE`, from `config_dir`, the
    /// process environment, and the defaults.
    pub fn load(config_dir: &std::path::Path) -> Result<Self, SettingsError> {
        let profile: Profile = Figment::new()
            .merge(Env::prefixed("APP_").only(&["profile"]))
            .extract_inner("profile")
            .or_else(|error| {
                if error.missing() {
                    Ok(Profile::Dev)
                } else {
                    Err(Box::new(error))
                }
            })?;
        let figment = Figment::new()
            .merge(Toml::file(
                config_dir.join(format!("{}.toml", profile.as_str())),
            ))
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database.url".into()),
            )
            .merge(Env::raw().only(&["SECRET_KEY_BASE"]))
            .merge(Env::raw().only(&["PORT"]).map(|_| "server.port".into()))
            .merge(Env::prefixed("APP_").split("__"))
            .merge(("profile", profile.as_str()));
        Self::from_figment(figment)
    }

    /// Extracts and checks settings from any set of layers (tests build their own).
    pub fn from_figment(figment: Figment) -> Result<Self, SettingsError> {
        let settings: Self = figment.extract().map_err(Box::new)?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), SettingsError> {
        if let Some(secret) = &self.secret_key_base {
            let len = secret.expose_secret().len();
            if len < MIN_SECRET_KEY_BASE_BYTES {
                return Err(SettingsError::SecretTooShort(len));
            }
        }
        if let Some(name) = self.jobs.queues.keys().find(|name| {
            !(1..=64).contains(&name.len())
                || !name
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        }) {
            return Err(SettingsError::InvalidQueue(name.clone()));
        }
        if let Some(url) = &self.server.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(SettingsError::InvalidPublicUrl(url.clone()));
        }
        if self.profile == Profile::Prod && self.mail.adapter(self.profile) == MailAdapter::Mailbox
        {
            return Err(SettingsError::MailboxInProd);
        }
        if self.profile == Profile::Prod {
            let mut missing = Vec::new();
            if self.secret_key_base.is_none() {
                missing.push(Missing::SecretKeyBase);
            }
            if self.database.url.is_none() {
                missing.push(Missing::DatabaseUrl);
            }
            if !missing.is_empty() {
                return Err(SettingsError::MissingForProd(missing));
            }
        }
        Ok(())
    }

    pub fn log_format(&self) -> LogFormat {
        self.log.format.unwrap_or(match self.profile {
            Profile::Prod => LogFormat::Json,
            Profile::Dev | Profile::Test => LogFormat::Human,
        })
    }
}

#[cfg(test)]
mod tests;
