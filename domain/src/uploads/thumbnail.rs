//! A picture's thumbnail, decoded with a pixel limit. Blocking: run it off the async runtime.

use std::{fs::File, io::BufWriter, path::Path};

use image::{ImageFormat, ImageReader, Limits};
use model::uploads::THUMBNAIL_SIZE;

use super::UploadsError;

/// Decodes the picture at `source` (its format already checked) and writes a PNG of at most
/// [`THUMBNAIL_SIZE`] pixels a side to `target`, synced. A picture whose header claims more
/// than `max_pixels` is refused before anything is decoded: a small file can claim a huge
/// canvas (a decompression bomb).
pub(super) fn make(
    source: &Path,
    format: ImageFormat,
    max_pixels: u64,
    target: &Path,
) -> Result<(), UploadsError> {
    let open = || -> Result<ImageReader<_>, UploadsError> {
        let mut reader = ImageReader::open(source).map_err(UploadsError::Storage)?;
        reader.set_format(format);
        Ok(reader)
    };
    let (width, height) = open()?
        .into_dimensions()
        .map_err(|_| UploadsError::NotAnImage)?;
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(UploadsError::TooManyPixels { max: max_pixels });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // Room for the decoded canvas at 16 bits per channel with alpha, and no more.
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    let mut reader = open()?;
    reader.limits(limits);
    let picture = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => UploadsError::TooManyPixels { max: max_pixels },
        _ => UploadsError::NotAnImage,
    })?;
    let thumbnail = picture.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE);
    let file = File::create(target).map_err(UploadsError::Storage)?;
    let mut out = BufWriter::new(file);
    thumbnail
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|error| UploadsError::Storage(std::io::Error::other(error)))?;
    let file = out
        .into_inner()
        .map_err(|error| UploadsError::Storage(error.into_error()))?;
    file.sync_all().map_err(UploadsError::Storage)
}
