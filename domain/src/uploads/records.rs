//! The `uploads` table: one query text for both backends (see `db`).

use std::io;

use super::{Purpose, Upload, UploadsError};
use crate::{
    db::{Backend, BeginWrite, Db},
    time::{UnixMillis, now_millis},
    with_pool,
};

/// The columns [`UploadRow`] reads, for `concat!`.
macro_rules! columns {
    () => {
        "id, owner_id, purpose, original_name, stored_name, content_type, size, sha256, \
         has_thumbnail, inserted_at"
    };
}

#[derive(sqlx::FromRow)]
struct UploadRow {
    id: i64,
    owner_id: i64,
    purpose: String,
    original_name: String,
    stored_name: String,
    content_type: String,
    #[sqlx(try_from = "i64")]
    size: u64,
    sha256: String,
    has_thumbnail: bool,
    #[sqlx(try_from = "i64")]
    inserted_at: UnixMillis,
}

impl From<UploadRow> for Upload {
    fn from(row: UploadRow) -> Self {
        Self {
            id: row.id,
            owner_id: row.owner_id,
            // The column's CHECK allows only these two.
            purpose: if row.purpose == "avatar" {
                Purpose::Avatar
            } else {
                Purpose::File
            },
            original_name: row.original_name,
            stored_name: row.stored_name,
            content_type: row.content_type,
            size: row.size,
            sha256: row.sha256,
            has_thumbnail: row.has_thumbnail,
            created_at: row.inserted_at.0,
        }
    }
}

/// A checked file about to be recorded.
pub(super) struct NewUpload {
    pub owner_id: i64,
    pub purpose: Purpose,
    pub original_name: String,
    pub stored_name: String,
    pub content_type: &'static str,
    pub size: u64,
    pub sha256: String,
    pub has_thumbnail: bool,
}

/// What a person stores now, in bytes, counting what an upload for `purpose` keeps: an avatar
/// replaces the previous one, so its size does not count against a new avatar.
const USED_BYTES: &str = "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM uploads \
     WHERE owner_id = $1 AND (purpose = 'file' OR $2)";

fn bytes(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

fn as_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) async fn used_bytes(
    db: &Db,
    owner_id: i64,
    purpose: Purpose,
) -> Result<u64, UploadsError> {
    let used: i64 = with_pool!(db, |pool| {
        sqlx::query_scalar(USED_BYTES)
            .bind(owner_id)
            .bind(purpose == Purpose::File)
            .fetch_one(pool)
            .await
    })?;
    Ok(bytes(used))
}

/// Records `new` if it fits in the owner's quota, running `place` (which moves the file into
/// place) before the commit. An avatar replaces the previous ones, which are answered so their
/// files can go once the commit is done.
pub(super) async fn insert(
    db: &Db,
    new: NewUpload,
    quota: u64,
    place: impl AsyncFnOnce() -> io::Result<()>,
) -> Result<(Upload, Vec<Upload>), UploadsError> {
    // Two uploads finishing together must not both fit in the space left for one. SQLite's
    // write transaction serialises them; PostgreSQL's readers do not block, so take the
    // owner's row lock first. An owner deleted while the bytes came in is no longer there.
    let owner = match db.backend() {
        Backend::Postgres => "SELECT id FROM users WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT id FROM users WHERE id = $1",
    };
    let avatar = new.purpose == Purpose::Avatar;
    let inserted = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let present: Option<i64> = sqlx::query_scalar(owner)
            .bind(new.owner_id)
            .fetch_optional(&mut *tx)
            .await?;
        if present.is_none() {
            return Err(UploadsError::OwnerGone);
        }
        let used: i64 = sqlx::query_scalar(USED_BYTES)
            .bind(new.owner_id)
            .bind(!avatar)
            .fetch_one(&mut *tx)
            .await?;
        let used = bytes(used);
        if used + new.size > quota {
            return Err(UploadsError::QuotaExceeded { used, quota });
        }
        let replaced: Vec<UploadRow> = if avatar {
            sqlx::query_as(concat!(
                "DELETE FROM uploads WHERE owner_id = $1 AND purpose = 'avatar' RETURNING ",
                columns!()
            ))
            .bind(new.owner_id)
            .fetch_all(&mut *tx)
            .await?
        } else {
            Vec::new()
        };
        let row: UploadRow = sqlx::query_as(concat!(
            "INSERT INTO uploads (owner_id, purpose, original_name, stored_name, content_type, \
             size, sha256, has_thumbnail, inserted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ",
            columns!()
        ))
        .bind(new.owner_id)
        .bind(new.purpose.as_str())
        .bind(&new.original_name)
        .bind(&new.stored_name)
        .bind(new.content_type)
        .bind(as_i64(new.size))
        .bind(&new.sha256)
        .bind(new.has_thumbnail)
        .bind(now_millis())
        .fetch_one(&mut *tx)
        .await?;
        let upload = Upload::from(row);
        if avatar {
            sqlx::query("UPDATE users SET avatar_url = $1 WHERE id = $2")
                .bind(upload.avatar_url())
                .bind(new.owner_id)
                .execute(&mut *tx)
                .await?;
        }
        place().await.map_err(UploadsError::Storage)?;
        tx.commit().await?;
        Ok((upload, replaced.into_iter().map(Upload::from).collect()))
    }
    .await);
    if avatar {
        // The account's picture changed.
        db.identities().changed();
    }
    inserted
}

/// The files of `owner_id`'s files page, newest first.
pub(super) async fn list(db: &Db, owner_id: i64) -> Result<Vec<Upload>, UploadsError> {
    let rows: Vec<UploadRow> = with_pool!(db, |pool| {
        sqlx::query_as(concat!(
            "SELECT ",
            columns!(),
            " FROM uploads WHERE owner_id = $1 AND purpose = 'file' ORDER BY id DESC"
        ))
        .bind(owner_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows.into_iter().map(Upload::from).collect())
}

/// Everything `owner_id` has stored, avatars included.
pub(super) async fn all_of(db: &Db, owner_id: i64) -> Result<Vec<Upload>, UploadsError> {
    let rows: Vec<UploadRow> = with_pool!(db, |pool| {
        sqlx::query_as(concat!(
            "SELECT ",
            columns!(),
            " FROM uploads WHERE owner_id = $1"
        ))
        .bind(owner_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows.into_iter().map(Upload::from).collect())
}

/// File `id` of `owner_id`'s files page; anyone else's is not found.
pub(super) async fn owned(db: &Db, owner_id: i64, id: i64) -> Result<Upload, UploadsError> {
    let row: Option<UploadRow> = with_pool!(db, |pool| {
        sqlx::query_as(concat!(
            "SELECT ",
            columns!(),
            " FROM uploads WHERE id = $1 AND owner_id = $2 AND purpose = 'file'"
        ))
        .bind(id)
        .bind(owner_id)
        .fetch_optional(pool)
        .await
    })?;
    row.map(Upload::from).ok_or(UploadsError::NotFound)
}

/// `owner_id`'s current avatar.
pub(super) async fn avatar(db: &Db, owner_id: i64) -> Result<Upload, UploadsError> {
    let row: Option<UploadRow> = with_pool!(db, |pool| {
        sqlx::query_as(concat!(
            "SELECT ",
            columns!(),
            " FROM uploads WHERE owner_id = $1 AND purpose = 'avatar' ORDER BY id DESC LIMIT 1"
        ))
        .bind(owner_id)
        .fetch_optional(pool)
        .await
    })?;
    row.map(Upload::from).ok_or(UploadsError::NotFound)
}

/// Deletes file `id` of `owner_id`'s files page and answers what it was.
pub(super) async fn delete(db: &Db, owner_id: i64, id: i64) -> Result<Upload, UploadsError> {
    let row: Option<UploadRow> = with_pool!(db, |pool| {
        sqlx::query_as(concat!(
            "DELETE FROM uploads WHERE id = $1 AND owner_id = $2 AND purpose = 'file' \
             RETURNING ",
            columns!()
        ))
        .bind(id)
        .bind(owner_id)
        .fetch_optional(pool)
        .await
    })?;
    row.map(Upload::from).ok_or(UploadsError::NotFound)
}
