//! What a file really is, told by its first bytes (with the `infer` crate) and, for a Word
//! document, by the parts its zip holds — never by the name or the type the client sent.

use std::{fs::File, path::Path};

use image::ImageFormat;
use model::uploads::DOCX;

/// The kinds of content the uploads accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Content {
    Jpeg,
    Png,
    Gif,
    Pdf,
    Docx,
}

/// How many leading bytes are kept to recognise the content: enough for every signature.
pub(super) const HEAD_LEN: usize = 8 * 1024;

impl Content {
    /// The content an accepted extension promises.
    pub(super) fn of_extension(extension: &str) -> Option<Self> {
        match extension {
            ".jpg" | ".jpeg" => Some(Self::Jpeg),
            ".png" => Some(Self::Png),
            ".gif" => Some(Self::Gif),
            ".pdf" => Some(Self::Pdf),
            ".docx" => Some(Self::Docx),
            _ => None,
        }
    }

    pub(super) fn mime_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
            Self::Pdf => "application/pdf",
            Self::Docx => DOCX,
        }
    }

    /// How a refusal names it: "a PNG image".
    pub(super) fn described(self) -> &'static str {
        match self {
            Self::Jpeg => "a JPEG image",
            Self::Png => "a PNG image",
            Self::Gif => "a GIF image",
            Self::Pdf => "a PDF document",
            Self::Docx => "a Word document",
        }
    }

    /// The decoder for a picture; `None` for documents.
    pub(super) fn image_format(self) -> Option<ImageFormat> {
        match self {
            Self::Jpeg => Some(ImageFormat::Jpeg),
            Self::Png => Some(ImageFormat::Png),
            Self::Gif => Some(ImageFormat::Gif),
            Self::Pdf | Self::Docx => None,
        }
    }

    /// Whether `head`, a file's first bytes, carries this content's signature. A Word document
    /// is a zip, so its signature only says "zip"; [`has_docx_parts`] looks inside.
    pub(super) fn signed_by(self, head: &[u8]) -> bool {
        let Some(found) = infer::get(head) else {
            return false;
        };
        match self {
            Self::Docx => matches!(found.mime_type(), "application/zip" | DOCX),
            _ => found.mime_type() == self.mime_type(),
        }
    }
}

/// Whether the zip at `path` is a Word document: it lists the package's content types and a
/// main document part. Reads only the zip's central directory. Blocking.
pub(super) fn has_docx_parts(path: &Path) -> std::io::Result<bool> {
    let Ok(archive) = zip::ZipArchive::new(File::open(path)?) else {
        return Ok(false);
    };
    let has = |name: &str| archive.index_for_name(name).is_some();
    Ok(has("[Content_Types].xml") && has("word/document.xml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_read_from_the_content() {
        assert!(Content::Png.signed_by(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(Content::Jpeg.signed_by(b"\xff\xd8\xff\xe0\0\x10JFIF\0"));
        assert!(Content::Gif.signed_by(b"GIF89a\x01\0\x01\0"));
        assert!(Content::Pdf.signed_by(b"%PDF-1.7\n"));
        assert!(Content::Docx.signed_by(b"PK\x03\x04\x14\0\0\0\x08\0"));
        // An executable renamed to .png, a PNG renamed to .jpg, text renamed to .pdf.
        assert!(!Content::Png.signed_by(b"MZ\x90\0\x03\0\0\0\x04\0"));
        assert!(!Content::Jpeg.signed_by(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!Content::Pdf.signed_by(b"hello, world"));
        assert!(!Content::Gif.signed_by(b""));
    }

    #[test]
    fn each_accepted_extension_promises_a_content() {
        for extension in model::uploads::FILES.extensions {
            assert!(Content::of_extension(extension).is_some(), "{extension}");
        }
        assert_eq!(Content::of_extension(".exe"), None);
    }
}
