//! One pool for whichever database the settings name: embedded SQLite by default, PostgreSQL
//! when the URL says `postgres://`.
//!
//! Queries are written once, as runtime `sqlx::query*` calls with `$N` placeholders (which both
//! backends accept), and compiled for both pools by [`with_pool!`]. That keeps one SQL text per
//! query while Rust still type-checks the row mapping against each driver.

use std::{path::Path, str::FromStr, sync::Arc, time::Duration};

use sqlx::{
    migrate::{MigrateError, Migrator},
    postgres::{PgPool, PgPoolOptions},
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
    },
};

pub use crate::identities::IdentityClock;
use crate::{accounts::handles, jobs::JobSignal};

/// How many people's handles one transaction of the backfill writes.
const BACKFILL_BATCH: u32 = 1000;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// A connection pool on one of the two supported backends, and the clock of who-is-who
/// changes this process has made in it ([`IdentityClock`]). Clones share both.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    identities: Arc<IdentityClock>,
    jobs: Arc<JobSignal>,
}

/// The pool itself; reached through [`with_pool!`].
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which engine a [`Db`] runs on; shown on the home and system pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Tells the backend a database URL names, or `None` when it names neither.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// The current time as this backend stores display timestamps (`users.updated_at`, …).
    pub fn now_sql(self) -> &'static str {
        match self {
            Self::Sqlite => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            Self::Postgres => "now()",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// How busy the pool is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUsage {
    pub open: u32,
    pub in_use: u32,
}

/// How large the pool may grow and how long a caller waits for a connection.
#[derive(Clone, Copy, Debug)]
pub struct PoolOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database URL must start with `sqlite:` or `postgres://`")]
    UnsupportedUrl,
    #[error("the database URL is malformed")]
    InvalidUrl(#[source] sqlx::Error),
    #[error("could not create the database directory {0}")]
    CreateDir(String, #[source] std::io::Error),
    #[error("could not connect to the database")]
    Connect(#[source] sqlx::Error),
    #[error("could not apply the database migrations")]
    Migrate(#[source] MigrateError),
    #[error("a database query failed")]
    Query(#[from] sqlx::Error),
}

impl DbError {
    /// Whether the pool had no free connection in time: a sign of load, not of a bug.
    pub fn is_pool_exhausted(&self) -> bool {
        matches!(
            self,
            Self::Query(sqlx::Error::PoolTimedOut) | Self::Connect(sqlx::Error::PoolTimedOut)
        )
    }
}

/// A unique index, as each backend names it when an insert or update violates it.
#[derive(Clone, Copy, Debug)]
pub struct UniqueIndex {
    /// The index name, which PostgreSQL reports.
    pub name: &'static str,
    /// `table.column[, table.column]`, which SQLite reports instead of the name.
    pub columns: &'static str,
}

impl UniqueIndex {
    /// Whether `error` is a violation of this index, read from the structured report where the
    /// backend gives one (PostgreSQL) and from SQLite's fixed message shape otherwise.
    pub fn is_violated_by(&self, error: &sqlx::Error) -> bool {
        let Some(error) = error.as_database_error() else {
            return false;
        };
        error.is_unique_violation()
            && match error.constraint() {
                Some(name) => name == self.name,
                None => {
                    error.message().strip_prefix("UNIQUE constraint failed: ") == Some(self.columns)
                }
            }
    }
}

/// `count` numbered placeholders from `$first` on, comma-separated (`$2, $3, $4`): an `IN`
/// list for a page of ids, bound one by one (a page is short; both backends take `$N`).
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Starting a transaction that will write, the same way on both pools: `pool.begin_write()`.
///
/// On SQLite it is `BEGIN IMMEDIATE`, which takes the write lock up front (waiting out the busy
/// timeout if another writer holds it). A deferred transaction that reads before it writes
/// cannot wait: if another connection committed after its read, its first write fails at once
/// with "database is locked". PostgreSQL needs no such care: a plain `BEGIN`.
pub trait BeginWrite {
    type Database: sqlx::Database;

    fn begin_write(
        &self,
    ) -> impl Future<Output = Result<sqlx::Transaction<'static, Self::Database>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds. The body is compiled once per
/// backend, so a query that does not suit one of them fails to build rather than at run time.
#[macro_export]
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $crate::db::Db::pool(&$db) {
            $crate::db::Pool::Sqlite($pool) => $body,
            $crate::db::Pool::Postgres($pool) => $body,
        }
    };
}

impl Db {
    /// Opens a pool on `url`. A SQLite file (and its directory) is created on first use, in WAL
    /// mode with foreign keys enforced.
    pub async fn connect(url: &str, options: PoolOptions) -> Result<Self, DbError> {
        match Backend::of_url(url).ok_or(DbError::UnsupportedUrl)? {
            Backend::Sqlite => {
                let connect = SqliteConnectOptions::from_str(url)
                    .map_err(DbError::InvalidUrl)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                if let Some(dir) = Path::new(connect.get_filename()).parent()
                    && !dir.as_os_str().is_empty()
                {
                    tokio::fs::create_dir_all(dir)
                        .await
                        .map_err(|e| DbError::CreateDir(dir.display().to_string(), e))?;
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(connect)
                    .await
                    .map_err(DbError::Connect)?;
                Ok(Self::on(Pool::Sqlite(pool)))
            }
            Backend::Postgres => {
                let pool = PgPoolOptions::new()
                    .max_connections(options.max_connections)
                    .acquire_timeout(options.acquire_timeout)
                    .connect(url)
                    .await
                    .map_err(DbError::Connect)?;
                Ok(Self::on(Pool::Postgres(pool)))
            }
        }
    }

    fn on(pool: Pool) -> Self {
        Self {
            pool,
            identities: Arc::default(),
            jobs: Arc::default(),
        }
    }

    /// The pool, for [`with_pool!`].
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// What this process has changed of accounts and tokens in this database.
    pub fn identities(&self) -> &IdentityClock {
        &self.identities
    }

    /// What wakes this process's queues when a job is enqueued here.
    pub fn job_signal(&self) -> &JobSignal {
        &self.jobs
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date; run at start-up before the server accepts requests.
    ///
    /// A data migration runs between two schema steps (recipe 39): up to the one that adds
    /// people's handles (nullable), then [`handles::backfill`] gives everyone one, then the
    /// rest (which makes them required). The backfill is skipped once handles are required.
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.migrate_to(handles::HANDLES_ADDED).await?;
        if !self.applied(handles::HANDLES_REQUIRED).await? {
            let done = handles::backfill(self, BACKFILL_BATCH).await?;
            if done.people > 0 {
                tracing::info!(
                    people = done.people,
                    batches = done.batches,
                    "handles backfilled"
                );
            }
        }
        self.migrate_to(i64::MAX).await
    }

    /// Applies the migrations up to `version` (and no data migration).
    pub async fn migrate_to(&self, version: i64) -> Result<(), DbError> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run_to(version, pool).await,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run_to(version, pool).await,
        }
        .map_err(DbError::Migrate)
    }

    /// Reverts the migrations after `version`; for tests of the migrations themselves.
    pub async fn undo_to(&self, version: i64) -> Result<(), DbError> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.undo(pool, version).await,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.undo(pool, version).await,
        }
        .map_err(DbError::Migrate)
    }

    /// Whether migration `version` is applied.
    async fn applied(&self, version: i64) -> Result<bool, DbError> {
        let applied = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM _sqlx_migrations WHERE version = $1 AND success)",
            )
            .bind(version)
            .fetch_one(pool)
            .await
        })?;
        Ok(applied)
    }

    /// Reverts every migration; used by tests that prove the migrations are reversible.
    pub async fn undo_all_migrations(&self) -> Result<(), DbError> {
        self.undo_to(0).await
    }

    /// The number of migrations this build knows for its backend.
    pub fn known_migrations(&self) -> usize {
        let migrator = match self.pool {
            Pool::Sqlite(_) => &SQLITE_MIGRATIONS,
            Pool::Postgres(_) => &POSTGRES_MIGRATIONS,
        };
        migrator
            .iter()
            .filter(|m| m.migration_type.is_up_migration())
            .count()
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<(), DbError> {
        with_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Connections open and connections checked out right now, for the dashboard.
    pub fn pool_usage(&self) -> PoolUsage {
        let (open, idle) = with_pool!(self, |pool| (pool.size(), pool.num_idle()));
        let idle = u32::try_from(idle).unwrap_or(u32::MAX);
        PoolUsage {
            open,
            in_use: open.saturating_sub(idle),
        }
    }

    /// Waits for checked-out connections to return, then closes the pool.
    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }
}
