//! The job queue and the mail it carries, against a real database: SQLite by default, PostgreSQL with
//! `TEST_DATABASE=postgres` (server at `TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432`). The clock is the tests': every verb is given its time.

mod lifecycle;
mod mail;
mod queues;
mod reading;
mod schedules;

use std::time::Duration;

use domain::{
    db::Db,
    jobs::{Job, NewJob},
    testing::TestDatabase,
};
use serde::{Deserialize, Serialize};

/// A migrated database that exists for this test only.
pub struct TestDb {
    pub db: Db,
    _database: TestDatabase,
}

impl TestDb {
    pub async fn create() -> Self {
        let database = TestDatabase::create().await;
        Self {
            db: database.open(8).await,
            _database: database,
        }
    }
}

/// A job of the tests' own kind.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Greet {
    pub to: String,
}

impl Job for Greet {
    const KIND: &'static str = "greet";
    const QUEUE: &'static str = "mail";
    const MAX_ATTEMPTS: i32 = 3;

    fn unique_key(&self) -> Option<String> {
        Some(format!("greet:{}", self.to))
    }
}

/// An ordinary job: no unique key, the default queue.
#[derive(Debug, Serialize, Deserialize)]
pub struct Tally {
    pub n: u32,
}

impl Job for Tally {
    const KIND: &'static str = "tally";
}

/// The tests' start of time (unix milliseconds).
pub const T0: i64 = 1_800_000_000_000;
pub const LEASE: Duration = Duration::from_secs(30);

pub fn greet(to: &str, run_at: i64) -> NewJob {
    NewJob::of(&Greet { to: to.into() }, run_at).expect("serializes")
}

pub fn tally(n: u32, run_at: i64) -> NewJob {
    NewJob::of(&Tally { n }, run_at).expect("serializes")
}
