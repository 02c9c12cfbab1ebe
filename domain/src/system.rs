//! Facts about the running node that pages and health checks show.

use crate::db::{Backend, Db, DbError};
use crate::with_pool;

/// What the home page says about the engine underneath.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseInfo {
    pub backend: Backend,
    pub server_version: String,
    pub migrations_applied: i64,
}

/// Reads the database engine's version and how many migrations have been applied.
pub async fn database_info(db: &Db) -> Result<DatabaseInfo, DbError> {
    let version_sql = match db.backend() {
        Backend::Sqlite => "SELECT sqlite_version()",
        Backend::Postgres => "SHOW server_version",
    };
    let server_version: String = with_pool!(db, |pool| sqlx::query_scalar(version_sql)
        .fetch_one(pool)
        .await)?;
    let migrations_applied: i64 = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await
    })?;
    Ok(DatabaseInfo {
        backend: db.backend(),
        server_version,
        migrations_applied,
    })
}
