//! Work done away from requests: the job queues (recipe 38) and the mail they send (recipe 44).

use std::{collections::BTreeMap, time::Duration};

use secrecy::SecretString;
use serde::Deserialize;

use super::Profile;

/// The job runner: the queues this node runs and how it holds its jobs.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobSettings {
    /// Each queue this node runs, with how many of its jobs may run at once across every node
    /// (`APP_JOBS__QUEUES__MAIL=5`); what is given is merged over the defaults, and a limit of
    /// 0 keeps this node from running that queue.
    #[serde(deserialize_with = "over_default_queues")]
    pub queues: BTreeMap<String, u32>,
    /// A claimed job is this node's for this long without a renewal (renewed every third of
    /// it); a job whose node stopped renewing is rescued after it.
    pub lease_secs: u64,
    /// How often a queue looks for due jobs when no enqueue here woke it: how soon jobs
    /// enqueued by another node, and scheduled ones, start.
    pub poll_ms: u64,
    /// Finished jobs (completed, discarded, cancelled) are kept this long for the jobs page.
    pub keep_finished_days: u64,
    /// When the node stops, how long the jobs it is running may take to finish (it claims no
    /// more meanwhile); those still running after it are rescued by another node.
    pub shutdown_grace_secs: u64,
    /// How often this node looks for schedules that are due (each fire time is enqueued once,
    /// whichever node looks first).
    pub schedule_tick_ms: u64,
    /// How often the jobs page's overview is read again while an admin on this node watches
    /// it (and pushed when it changed).
    pub watch_ms: u64,
}

fn default_queues() -> BTreeMap<String, u32> {
    BTreeMap::from([("default".to_owned(), 10), ("mail".to_owned(), 5)])
}

fn over_default_queues<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, u32>, D::Error> {
    let mut queues = default_queues();
    queues.extend(BTreeMap::<String, u32>::deserialize(deserializer)?);
    Ok(queues)
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            queues: default_queues(),
            lease_secs: 30,
            poll_ms: 1000,
            keep_finished_days: 7,
            schedule_tick_ms: 1000,
            watch_ms: 1000,
            shutdown_grace_secs: 10,
        }
    }
}

impl JobSettings {
    /// The queues this node runs (a limit above 0), with their limits.
    pub fn running(&self) -> impl Iterator<Item = (&str, u32)> {
        self.queues
            .iter()
            .filter(|(_, limit)| **limit > 0)
            .map(|(name, limit)| (name.as_str(), *limit))
    }

    pub fn lease(&self) -> Duration {
        Duration::from_secs(self.lease_secs.max(1))
    }

    pub fn poll(&self) -> Duration {
        Duration::from_millis(self.poll_ms.max(10))
    }

    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }

    pub fn schedule_tick(&self) -> Duration {
        Duration::from_millis(self.schedule_tick_ms.max(10))
    }

    pub fn watch(&self) -> Duration {
        Duration::from_millis(self.watch_ms.max(100))
    }

    pub fn keep_finished(&self) -> Duration {
        Duration::from_secs(self.keep_finished_days.saturating_mul(24 * 60 * 60))
    }
}

/// Where mail goes.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MailAdapter {
    /// To an SMTP server.
    Smtp,
    /// Into the database, read at `/dev/mailbox`; never in `prod`.
    Mailbox,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// The dev mailbox in `dev` and `test`, SMTP in `prod`, unless set.
    pub adapter: Option<MailAdapter>,
    /// The sender every mail names.
    pub from_name: String,
    pub from_address: String,
    pub smtp: SmtpSettings,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            adapter: None,
            from_name: "Commons".into(),
            from_address: "noreply@commons.localhost".into(),
            smtp: SmtpSettings::default(),
        }
    }
}

impl MailSettings {
    pub fn adapter(&self, profile: Profile) -> MailAdapter {
        self.adapter.unwrap_or(match profile {
            Profile::Prod => MailAdapter::Smtp,
            Profile::Dev | Profile::Test => MailAdapter::Mailbox,
        })
    }
}

/// How the SMTP server is reached.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a server on this machine (a test sink).
    None,
    /// Plain, then upgraded with STARTTLS, which must succeed (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    /// How long one delivery may take before it fails (and is retried by its job).
    pub timeout_secs: u64,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        Self {
            host: "localhost".into(),
            port: 587,
            tls: SmtpTls::Starttls,
            username: None,
            password: None,
            timeout_secs: 10,
        }
    }
}

impl SmtpSettings {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.max(1))
    }
}
