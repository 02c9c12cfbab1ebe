//! Where uploads live on disk, the node-wide limits, and the verbs on stored files.
//!
//! Under the data directory: `uploads/tmp/` holds files still arriving, `uploads/files/` the
//! complete ones, `uploads/thumbnails/` their pictures' thumbnails. A file reaches `files/`
//! only by a rename after it was written, synced and checked.

use std::{
    collections::HashMap,
    io,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, PoisonError},
};

use tokio::{fs, sync::Semaphore};

use super::{Incoming, Purpose, StoredFile, Upload, UploadsError, content::Content, records};
use crate::{Scope, db::Db};

/// The limits one node enforces. Defaults: the shared 10 MB per file, 100 MB per person,
/// 40 megapixels per picture decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// How much one person may store in all, in bytes.
    pub quota_bytes: u64,
    /// The most pixels a picture may have to be decoded (a thumbnail made); a small file that
    /// claims more is a decompression bomb and is refused before decoding.
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: model::uploads::FILES.max_bytes,
            quota_bytes: 100 * 1024 * 1024,
            max_pixels: 40_000_000,
        }
    }
}

/// The node's uploads: the table they are recorded in, their directories, limits, and who is
/// uploading what right now. Every verb on someone's files takes their [`Scope`] first.
#[derive(Debug)]
pub struct Uploads {
    pub(super) db: Db,
    pub(super) tmp: PathBuf,
    pub(super) files: PathBuf,
    pub(super) thumbnails: PathBuf,
    pub(super) limits: Limits,
    /// Uploads in progress per person and purpose, to hold them to the rules' entries at once.
    in_flight: Mutex<HashMap<(i64, Purpose), usize>>,
    /// Pictures decoded at once: each may take `4 × max_pixels` bytes while it is.
    pub(super) decoding: Semaphore,
}

/// Pictures decoded at the same time, at most.
const DECODERS: usize = 2;

impl Uploads {
    /// Opens (creating) the uploads directories under `data_dir`. Partial files left by a node
    /// that stopped mid-upload are deleted: nothing will ever finish them.
    pub async fn open(db: Db, data_dir: &Path, limits: Limits) -> io::Result<Arc<Self>> {
        let root = data_dir.join("uploads");
        let uploads = Self {
            db,
            tmp: root.join("tmp"),
            files: root.join("files"),
            thumbnails: root.join("thumbnails"),
            limits,
            in_flight: Mutex::default(),
            decoding: Semaphore::new(DECODERS),
        };
        for dir in [&uploads.tmp, &uploads.files, &uploads.thumbnails] {
            fs::create_dir_all(dir).await?;
        }
        let mut leftovers = fs::read_dir(&uploads.tmp).await?;
        while let Some(entry) = leftovers.next_entry().await? {
            fs::remove_file(entry.path()).await?;
        }
        Ok(Arc::new(uploads))
    }

    /// Deletes partial files not written to for `older_than`: an upload whose node died left
    /// them, and nothing will finish them (a live upload writes, or is given up, far sooner).
    /// Answers how many went.
    pub async fn prune_partials(&self, older_than: std::time::Duration) -> io::Result<u64> {
        let mut pruned = 0;
        let mut partials = fs::read_dir(&self.tmp).await?;
        while let Some(entry) = partials.next_entry().await? {
            let idle = entry
                .metadata()
                .await?
                .modified()?
                .elapsed()
                .unwrap_or_default();
            if idle >= older_than {
                match fs::remove_file(entry.path()).await {
                    Ok(()) => pruned += 1,
                    // Finished or given up meanwhile.
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(pruned)
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Starts receiving `name` for `scope`: refuses what is refused before a byte arrives —
    /// a type not accepted, a declared size over the limit or the quota, one upload more than
    /// the rules allow at once — and opens the partial file the bytes will go to.
    pub async fn begin(
        self: &Arc<Self>,
        scope: Scope,
        purpose: Purpose,
        name: &str,
        declared_size: Option<u64>,
    ) -> Result<Incoming, UploadsError> {
        let rules = purpose.rules();
        let extension = rules
            .accepted_extension(name)
            .map_err(|_| UploadsError::NotAccepted)?;
        let content = Content::of_extension(extension).ok_or(UploadsError::NotAccepted)?;
        let limit = self.limits.max_file_bytes;
        if declared_size.is_some_and(|size| size > limit) {
            return Err(UploadsError::TooLarge { limit });
        }
        let slot = self.claim(scope.user_id, purpose)?;
        let used = records::used_bytes(&self.db, scope.user_id, purpose).await?;
        let quota = self.limits.quota_bytes;
        if used + declared_size.unwrap_or(0) > quota {
            return Err(UploadsError::QuotaExceeded { used, quota });
        }
        Incoming::open(self.clone(), slot, scope, purpose, name, extension, content).await
    }

    /// The files of `scope`'s files page, newest first.
    pub async fn list(&self, scope: Scope) -> Result<Vec<Upload>, UploadsError> {
        records::list(&self.db, scope.user_id).await
    }

    /// What one of `scope`'s files is. Anyone else's is [`UploadsError::NotFound`].
    pub async fn info(&self, scope: Scope, id: i64) -> Result<Upload, UploadsError> {
        records::owned(&self.db, scope.user_id, id).await
    }

    /// One of `scope`'s files, to download. Anyone else's is [`UploadsError::NotFound`].
    pub async fn file(&self, scope: Scope, id: i64) -> Result<StoredFile, UploadsError> {
        let upload = records::owned(&self.db, scope.user_id, id).await?;
        Ok(StoredFile {
            path: self.files.join(&upload.stored_name),
            content_type: upload.content_type,
            name: upload.original_name,
        })
    }

    /// The thumbnail of one of `scope`'s pictures.
    pub async fn thumbnail(&self, scope: Scope, id: i64) -> Result<StoredFile, UploadsError> {
        let upload = records::owned(&self.db, scope.user_id, id).await?;
        self.thumbnail_of(upload)
    }

    /// `user_id`'s current avatar, as small as it is shown, for anyone signed in (`_viewer`).
    pub async fn avatar(&self, _viewer: Scope, user_id: i64) -> Result<StoredFile, UploadsError> {
        let upload = records::avatar(&self.db, user_id).await?;
        self.thumbnail_of(upload)
    }

    fn thumbnail_of(&self, upload: Upload) -> Result<StoredFile, UploadsError> {
        if !upload.has_thumbnail {
            return Err(UploadsError::NotFound);
        }
        Ok(StoredFile {
            path: self.thumbnail_path(&upload.stored_name),
            content_type: "image/png".into(),
            name: format!("{}.png", upload.original_name),
        })
    }

    /// Deletes one of `scope`'s files, its row first: a crash in between leaves an unlisted
    /// file on disk, never a listed file that is gone.
    pub async fn delete(&self, scope: Scope, id: i64) -> Result<(), UploadsError> {
        let upload = records::delete(&self.db, scope.user_id, id).await?;
        self.remove_files(&upload).await;
        Ok(())
    }

    /// Everything `user_id` has stored, to remove with [`Self::remove_stored`] once their
    /// account (and so, by cascade, these rows) is gone.
    pub(crate) async fn stored_by(&self, user_id: i64) -> Result<Vec<Upload>, UploadsError> {
        records::all_of(&self.db, user_id).await
    }

    /// Removes the files of uploads whose rows are gone.
    pub(crate) async fn remove_stored(&self, uploads: &[Upload]) {
        for upload in uploads {
            self.remove_files(upload).await;
        }
    }

    /// Removes a file whose row is gone (deleted, or an avatar replaced), and its thumbnail.
    pub(super) async fn remove_files(&self, upload: &Upload) {
        let mut paths = vec![self.files.join(&upload.stored_name)];
        if upload.has_thumbnail {
            paths.push(self.thumbnail_path(&upload.stored_name));
        }
        for path in paths {
            if let Err(error) = fs::remove_file(&path).await {
                tracing::warn!(path = %path.display(), %error, "could not delete a stored file");
            }
        }
    }

    pub(super) fn thumbnail_path(&self, stored_name: &str) -> PathBuf {
        self.thumbnails.join(format!("{stored_name}.png"))
    }

    /// Counts one more upload in progress for this person and purpose, if the rules allow it.
    fn claim(self: &Arc<Self>, user_id: i64, purpose: Purpose) -> Result<Slot, UploadsError> {
        let max = purpose.rules().max_entries;
        let mut in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = in_flight.entry((user_id, purpose)).or_default();
        if *count >= max {
            return Err(UploadsError::TooMany { max });
        }
        *count += 1;
        Ok(Slot {
            uploads: self.clone(),
            key: (user_id, purpose),
        })
    }
}

/// One upload in progress, counted until it is dropped.
#[derive(Debug)]
pub(super) struct Slot {
    uploads: Arc<Uploads>,
    key: (i64, Purpose),
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut in_flight = self
            .uploads
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = in_flight.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                in_flight.remove(&self.key);
            }
        }
    }
}
