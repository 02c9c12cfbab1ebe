//! People's handles (recipe 39's data migration): each new account gets one made from its
//! name, unique on the site; accounts made before handles existed get theirs from
//! [`backfill`], in batches, between the migration that adds the column and the one that
//! requires it (see [`crate::db::Db::migrate`]).

use std::collections::HashSet;

use model::accounts::Handle;
use sqlx::{PgConnection, SqliteConnection};

use crate::{
    db::{BeginWrite, Db, DbError, UniqueIndex, placeholders},
    with_pool,
};

pub const USERS_HANDLE: UniqueIndex = UniqueIndex {
    name: "users_handle",
    columns: "users.handle",
};

/// The migration that adds handles (nullable), and the one that requires them.
pub(crate) const HANDLES_ADDED: i64 = 20261206000019;
pub(crate) const HANDLES_REQUIRED: i64 = 20261206000020;

/// How many numbered handles of one name are tried in one look-up (`ada`, `ada2`, … `ada20`).
const TRIES: u32 = 20;

/// The first of `candidates` not in `taken`, or (all taken: twenty people of one name) the
/// base with a random number.
fn first_free(base: &str, taken: &HashSet<String>) -> String {
    (1..=TRIES)
        .map(|n| Handle::numbered(base, n))
        .find(|handle| !taken.contains(handle.as_str()))
        .map(String::from)
        .unwrap_or_else(|| {
            String::from(Handle::numbered(
                base,
                rand::random_range(TRIES + 1..1_000_000),
            ))
        })
}

/// Picking a free handle for a name on a connection the caller holds, inside the transaction
/// that inserts the account (which, by its lock, orders registrations: SQLite's write lock, the
/// PostgreSQL registration's table lock).
pub(crate) trait FreeHandle {
    fn free_handle(self, name: &str) -> impl Future<Output = Result<String, sqlx::Error>> + Send;
}

macro_rules! free_handle_on {
    ($connection:ty) => {
        impl FreeHandle for &mut $connection {
            async fn free_handle(self, name: &str) -> Result<String, sqlx::Error> {
                let base = Handle::base_of(name);
                let candidates: Vec<String> = (1..=TRIES)
                    .map(|n| Handle::numbered(&base, n).into())
                    .collect();
                let sql = format!(
                    "SELECT handle FROM users WHERE handle IN ({})",
                    placeholders(1, candidates.len())
                );
                let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
                for candidate in &candidates {
                    query = query.bind(candidate);
                }
                let taken: Vec<String> = query.fetch_all(self).await?;
                Ok(first_free(&base, &taken.into_iter().collect()))
            }
        }
    };
}

free_handle_on!(SqliteConnection);
free_handle_on!(PgConnection);

/// What a backfill did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backfilled {
    pub people: u64,
    pub batches: u64,
}

/// Gives every account without a handle one made from its name, `batch` accounts per
/// transaction, each unique. The handles already given are read once; each batch's are chosen
/// against them and written in its own transaction, so a long backfill never holds the table
/// and a stop in the middle leaves finished batches done (the next start carries on). Should
/// another node register someone meanwhile and take a handle a batch chose, that batch fails on
/// the unique index and is chosen again against what is taken now.
pub async fn backfill(db: &Db, batch: u32) -> Result<Backfilled, DbError> {
    let batch = i64::from(batch.max(1));
    let mut done = Backfilled::default();
    let mut taken = taken_handles(db).await?;
    loop {
        let people: Vec<(i64, String)> = with_pool!(db, |pool| {
            sqlx::query_as("SELECT id, name FROM users WHERE handle IS NULL ORDER BY id LIMIT $1")
                .bind(batch)
                .fetch_all(pool)
                .await
        })?;
        if people.is_empty() {
            return Ok(done);
        }
        let mut chosen: Vec<(i64, String)> = Vec::with_capacity(people.len());
        let mut batch_taken = taken.clone();
        for (id, name) in &people {
            let handle = first_free(&Handle::base_of(name), &batch_taken);
            batch_taken.insert(handle.clone());
            chosen.push((*id, handle));
        }
        let written = with_pool!(db, |pool| async {
            let mut tx = pool.begin_write().await?;
            for (id, handle) in &chosen {
                sqlx::query("UPDATE users SET handle = $1 WHERE id = $2 AND handle IS NULL")
                    .bind(handle)
                    .bind(*id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        }
        .await);
        match written {
            Ok(()) => {
                taken = batch_taken;
                done.people += people.len() as u64;
                done.batches += 1;
            }
            // Someone took one of these meanwhile: choose again against what is taken now.
            Err(error) if USERS_HANDLE.is_violated_by(&error) => {
                taken = taken_handles(db).await?;
            }
            Err(error) => return Err(error.into()),
        }
    }
}

async fn taken_handles(db: &Db) -> Result<HashSet<String>, DbError> {
    let handles: Vec<String> = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT handle FROM users WHERE handle IS NOT NULL")
            .fetch_all(pool)
            .await
    })?;
    Ok(handles.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_free_number_is_taken() {
        let taken: HashSet<String> = ["ada", "ada2", "ada4"].map(String::from).into();
        assert_eq!(first_free("ada", &taken), "ada3");
        assert_eq!(first_free("bob", &taken), "bob");
        let crowded: HashSet<String> = (1..=TRIES)
            .map(|n| String::from(Handle::numbered("x", n)))
            .collect();
        let handle = first_free("x", &crowded);
        assert!(
            !crowded.contains(&handle) && handle.starts_with('x'),
            "{handle}"
        );
    }
}
