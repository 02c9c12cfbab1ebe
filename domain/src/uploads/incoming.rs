//! A file arriving: written to a partial file as it streams in, hashed on the way, refused the
//! moment it passes the size limit, and moved into place only once complete and checked.

use std::{io, path::PathBuf, sync::Arc};

use sha2::{Digest, Sha256};
use tokio::{
    fs::{self, File, OpenOptions},
    io::{AsyncWriteExt, BufWriter},
};

use super::{
    Purpose, Upload, Uploads, UploadsError,
    content::{self, Content, HEAD_LEN},
    records::{self, NewUpload},
    storage::Slot,
    thumbnail,
};
use crate::Scope;

/// An upload in progress (see [`Uploads::begin`]). Dropping it before [`Incoming::finish`]
/// deletes what arrived.
#[derive(Debug)]
pub struct Incoming {
    uploads: Arc<Uploads>,
    scope: Scope,
    purpose: Purpose,
    name: String,
    extension: &'static str,
    content: Content,
    file: BufWriter<File>,
    partial: Partial,
    hasher: Sha256,
    received: u64,
    head: Vec<u8>,
    _slot: Slot,
}

/// Writes reach the disk in blocks of this size, whatever size the chunks arrive in.
const WRITE_BUFFER: usize = 256 * 1024;

impl Incoming {
    pub(super) async fn open(
        uploads: Arc<Uploads>,
        slot: Slot,
        scope: Scope,
        purpose: Purpose,
        name: &str,
        extension: &'static str,
        content: Content,
    ) -> Result<Self, UploadsError> {
        let partial = Partial::at(
            uploads
                .tmp
                .join(format!("{}.part", uuid::Uuid::new_v4().simple())),
        );
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(partial.path())
            .await
            .map_err(UploadsError::Storage)?;
        Ok(Self {
            uploads,
            scope,
            purpose,
            name: model::uploads::display_name(name),
            extension,
            content,
            file: BufWriter::with_capacity(WRITE_BUFFER, file),
            partial,
            hasher: Sha256::new(),
            received: 0,
            head: Vec::with_capacity(HEAD_LEN),
            _slot: slot,
        })
    }

    /// How many bytes have arrived.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Appends the next bytes. Past the size limit the upload is refused there and then: the
    /// caller stops reading and drops this, which deletes the partial file.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), UploadsError> {
        self.received += chunk.len() as u64;
        let limit = self.uploads.limits.max_file_bytes;
        if self.received > limit {
            return Err(UploadsError::TooLarge { limit });
        }
        if self.head.len() < HEAD_LEN {
            let wanted = (HEAD_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..wanted]);
        }
        self.hasher.update(chunk);
        self.file
            .write_all(chunk)
            .await
            .map_err(UploadsError::Storage)
    }

    /// Completes the upload: syncs the file, checks that its content is what its extension
    /// says, makes a picture's thumbnail, then — in one transaction that also enforces the
    /// quota — records it and renames it into place.
    pub async fn finish(mut self) -> Result<Upload, UploadsError> {
        if self.received == 0 {
            return Err(UploadsError::Empty);
        }
        self.file.flush().await.map_err(UploadsError::Storage)?;
        self.file
            .get_ref()
            .sync_all()
            .await
            .map_err(UploadsError::Storage)?;
        self.check_content().await?;
        let stored_name = format!("{}{}", uuid::Uuid::new_v4().simple(), self.extension);
        let thumbnail = self.make_thumbnail(&stored_name).await?;
        let target = self.uploads.files.join(&stored_name);
        let thumbnail_target = self.uploads.thumbnail_path(&stored_name);
        let new = NewUpload {
            owner_id: self.scope.user_id,
            purpose: self.purpose,
            original_name: self.name.clone(),
            stored_name,
            content_type: self.content.mime_type(),
            size: self.received,
            sha256: hex(&self.hasher.clone().finalize()),
            has_thumbnail: thumbnail.is_some(),
        };
        let partial = self.partial.path().to_owned();
        let quota = self.uploads.limits.quota_bytes;
        let stored = records::insert(&self.uploads.db, new, quota, async || {
            // Inside the transaction: a failed rename rolls the row back, and a crash after it
            // leaves a file no row names, never a row without its file.
            if let Some(thumbnail) = &thumbnail {
                fs::rename(thumbnail.path(), &thumbnail_target).await?;
                sync_dir(&self.uploads.thumbnails).await?;
            }
            fs::rename(&partial, &target).await?;
            sync_dir(&self.uploads.files).await
        })
        .await;
        let (upload, replaced) = match stored {
            Ok(stored) => stored,
            Err(error) => {
                // The renames may have happened before a commit that failed.
                let _gone = fs::remove_file(&target).await;
                let _gone = fs::remove_file(&thumbnail_target).await;
                return Err(error);
            }
        };
        self.partial.disarm();
        if let Some(mut thumbnail) = thumbnail {
            thumbnail.disarm();
        }
        for old in replaced {
            self.uploads.remove_files(&old).await;
        }
        Ok(upload)
    }

    async fn check_content(&self) -> Result<(), UploadsError> {
        let mismatch = UploadsError::ContentMismatch {
            extension: self.extension,
            expected: self.content.described(),
        };
        if !self.content.signed_by(&self.head) {
            return Err(mismatch);
        }
        if self.content == Content::Docx {
            let path = self.partial.path().to_owned();
            let is_docx = tokio::task::spawn_blocking(move || content::has_docx_parts(&path))
                .await
                .map_err(|join| UploadsError::Storage(io::Error::other(join)))?
                .map_err(UploadsError::Storage)?;
            if !is_docx {
                return Err(mismatch);
            }
        }
        Ok(())
    }

    /// A picture's thumbnail, made off the async runtime into a partial file of its own.
    async fn make_thumbnail(&self, stored_name: &str) -> Result<Option<Partial>, UploadsError> {
        let Some(format) = self.content.image_format() else {
            return Ok(None);
        };
        let _decoder = self
            .uploads
            .decoding
            .acquire()
            .await
            .map_err(|closed| UploadsError::Storage(io::Error::other(closed)))?;
        let partial = Partial::at(
            self.uploads
                .tmp
                .join(format!("{stored_name}.thumbnail.part")),
        );
        let source = self.partial.path().to_owned();
        let target = partial.path().to_owned();
        let max_pixels = self.uploads.limits.max_pixels;
        tokio::task::spawn_blocking(move || thumbnail::make(&source, format, max_pixels, &target))
            .await
            .map_err(|join| UploadsError::Storage(io::Error::other(join)))??;
        Ok(Some(partial))
    }
}

/// Makes the renames into `dir` durable.
async fn sync_dir(dir: &std::path::Path) -> io::Result<()> {
    File::open(dir).await?.sync_all().await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A file that is deleted when dropped, unless it was moved into place (`disarm`).
#[derive(Debug)]
struct Partial {
    path: PathBuf,
    armed: bool,
}

impl Partial {
    fn at(path: PathBuf) -> Self {
        Self { path, armed: true }
    }

    fn path(&self) -> &std::path::Path {
        &self.path
    }

    fn disarm(&mut self) {
        self.armed = false;
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if self.armed
            && let Err(error) = std::fs::remove_file(&self.path)
            && error.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(path = %self.path.display(), %error, "could not delete a partial upload");
        }
    }
}
