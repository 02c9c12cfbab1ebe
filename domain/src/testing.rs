//! For tests only (feature `testing`): a database that exists for one test, on whichever backend
//! the run targets, so the domain's and the server's tests share one definition.

use tempfile::TempDir;

/// A database that exists for one test: a SQLite file in a temporary directory, or a PostgreSQL
/// database created for the test and dropped after it.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(
        #[expect(dead_code, reason = "held so the directory lives as long as the test")] TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// Which backend the run targets: `TEST_DATABASE=postgres` (server at `TEST_POSTGRES_URL`,
/// default `postgres://postgres@127.0.0.1:5432`) or SQLite by default.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("TEST_DATABASE").as_deref() {
        Ok("postgres") => Some(
            std::env::var("TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
        ),
        _ => None,
    }
}

impl TestDatabase {
    pub async fn create() -> Self {
        match postgres_admin_url() {
            Some(admin_url) => {
                let name = format!("commons_test_{:032x}", rand::random::<u128>());
                let admin = sqlx::PgPool::connect(&format!("{admin_url}/postgres"))
                    .await
                    .expect("PostgreSQL is reachable for the test run");
                // The name is ours (random hex), never input.
                sqlx::query(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
                    .execute(&admin)
                    .await
                    .expect("a test database is created");
                admin.close().await;
                Self {
                    url: format!("{admin_url}/{name}"),
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                Self {
                    url,
                    cleanup: Cleanup::Sqlite(dir),
                }
            }
        }
    }
}

impl TestDatabase {
    /// A pool of at most `max_connections` on this database, not migrated.
    pub async fn open_unmigrated(&self, max_connections: u32) -> crate::db::Db {
        let options = crate::db::PoolOptions {
            max_connections,
            acquire_timeout: std::time::Duration::from_secs(10),
        };
        crate::db::Db::connect(&self.url, options)
            .await
            .expect("the test database opens")
    }

    /// A pool of at most `max_connections` on this database, migrated.
    pub async fn open(&self, max_connections: u32) -> crate::db::Db {
        let options = crate::db::PoolOptions {
            max_connections,
            acquire_timeout: std::time::Duration::from_secs(10),
        };
        let db = crate::db::Db::connect(&self.url, options)
            .await
            .expect("the test database opens");
        db.migrate().await.expect("the migrations apply");
        db
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Cleanup::Postgres { admin_url, name } = &self.cleanup else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let admin = sqlx::PgPool::connect(&format!("{admin_url}/postgres")).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
                )))
                .execute(&admin)
                .await?;
                admin.close().await;
                Ok::<_, sqlx::Error>(())
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("warning: could not drop test database {}", self.url);
        }
    }
}

/// Registers a person (the first one registered is the admin) and answers who they are.
pub async fn person(db: &crate::db::Db, name: &str, email: &str) -> crate::Scope {
    let password = "Analytical-Engine-1843";
    let form = model::accounts::RegistrationForm {
        name: name.into(),
        email: email.into(),
        age: String::new(),
        password: password.into(),
        password_confirmation: password.into(),
    };
    let registration = form.parse().expect("a valid registration");
    let user = crate::accounts::register(db, registration)
        .await
        .expect("registers");
    crate::Scope::for_user(&user)
}
