//! Real files of each accepted kind, made in memory, and the impostors that must be refused.

use std::io::{Cursor, Write};

use image::{ImageFormat, Rgb, RgbImage};

/// A `width` × `height` picture in `format`, with some detail so it is not trivially small.
pub fn picture(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 7 % 256) as u8,
            (y * 13 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encodes");
    out.into_inner()
}

pub fn png() -> Vec<u8> {
    picture(ImageFormat::Png, 320, 200)
}

pub fn jpeg() -> Vec<u8> {
    picture(ImageFormat::Jpeg, 320, 200)
}

pub fn gif() -> Vec<u8> {
    picture(ImageFormat::Gif, 64, 48)
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A zip holding `parts` (stored, uncompressed).
pub fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        writer.start_file(*name, options).expect("a zip entry");
        writer.write_all(text.as_bytes()).expect("written");
    }
    writer.finish().expect("a zip").into_inner()
}

/// A minimal Word document: the package's content types and its main part.
pub fn docx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("word/document.xml", "<w:document/>"),
    ])
}

/// A Windows executable's first bytes.
pub fn exe() -> Vec<u8> {
    let mut bytes = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    bytes.resize(4096, 0);
    bytes
}

/// A valid PNG whose header claims `width` × `height` pixels: a few hundred bytes that would
/// decode into gigabytes (a decompression bomb).
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = picture(ImageFormat::Png, 8, 8);
    // The IHDR chunk follows the 8-byte signature: length (4), type (4), width (4), height (4).
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}
