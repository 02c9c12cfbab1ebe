//! Pages and JSON compressed on the way out, without giving up streaming.
//!
//! Leptos streams a page: the shell first, each `Suspense` as its data arrives. A compressor
//! that waits for a full buffer (tower-http's, tower-rs/tower-http#292) would hold the shell
//! back until the last resource resolved. This one compresses whatever the body has ready and
//! flushes (brotli's `FLUSH`, zlib's `SYNC_FLUSH`) whenever the body would wait, so every
//! chunk reaches the browser as soon as it would have uncompressed, for a few bytes a flush.
//!
//! Only HTML and JSON are compressed: the bundle is compressed ahead of time (`/pkg`), and
//! uploads, pictures and the socket are not text.

use std::{
    io::{self, Write},
    pin::Pin,
    task::{Context, Poll},
};

use axum::{
    BoxError,
    body::Body,
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use bytes::Bytes;
use flate2::write::GzEncoder;
use http_body::{Body as HttpBody, Frame, SizeHint};

/// A body known to be smaller than this is sent as it is: compressing would save next to nothing.
const MIN_BYTES: u64 = 1024;
/// Compressed output is handed on once this much has gathered, even while more input is ready.
const CHUNK_BYTES: usize = 16 * 1024;
/// A flush is forced after this much input: brotli otherwise keeps whole blocks to itself.
const FLUSH_INPUT_BYTES: usize = 64 * 1024;
/// Brotli's quality for content made per request: 5 is near gzip's speed, and smaller.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW_BITS: u32 = 22;

/// The encodings this node sends, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn token(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    /// The best encoding `accept_encoding` allows (brotli before gzip), if any. A coding with
    /// `q=0` is refused; `*` stands for any coding not named.
    pub fn negotiate(accept_encoding: &str) -> Option<Self> {
        let allowed = |coding: Self| {
            let mut named = None;
            let mut any = None;
            for part in accept_encoding.split(',') {
                let mut params = part.split(';');
                let name = params.next().unwrap_or_default().trim();
                let quality = params
                    .filter_map(|param| param.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                let acceptable = quality > 0.0;
                if name.eq_ignore_ascii_case(coding.token())
                    || (coding == Self::Gzip && name.eq_ignore_ascii_case("x-gzip"))
                {
                    named = Some(acceptable);
                } else if name == "*" {
                    any = Some(acceptable);
                }
            }
            named.or(any).unwrap_or(false)
        };
        [Self::Brotli, Self::Gzip]
            .into_iter()
            .find(|&coding| allowed(coding))
    }
}

/// Compresses the response if the client takes an encoding and the response is worth it.
pub async fn compress(request: Request, next: Next) -> Response {
    let encoding = (request.method() != Method::HEAD)
        .then(|| request.headers().get(header::ACCEPT_ENCODING))
        .flatten()
        .and_then(|value| value.to_str().ok())
        .and_then(Encoding::negotiate);
    let response = next.run(request).await;
    match encoding {
        Some(encoding) if worth_compressing(response.status(), response.headers()) => {
            let (mut parts, body) = response.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_static(encoding.token()),
            );
            parts
                .headers
                .append(header::VARY, HeaderValue::from_static("accept-encoding"));
            Response::from_parts(parts, Body::new(Compressed::new(body, encoding)))
        }
        _ => response,
    }
}

/// HTML or JSON with a body, not already encoded, and not known to be tiny.
fn worth_compressing(status: StatusCode, headers: &HeaderMap) -> bool {
    let text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .is_some_and(|essence| essence == "text/html" || essence.ends_with("json"));
    let small = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|length| length < MIN_BYTES);
    let bodiless = status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    text && !small && !bodiless && !headers.contains_key(header::CONTENT_ENCODING)
}

/// A compressor writing into memory, whose output is taken as it is made.
enum Encoder {
    Brotli(Box<brotli::CompressorWriter<Vec<u8>>>),
    Gzip(GzEncoder<Vec<u8>>),
}

impl Encoder {
    fn new(encoding: Encoding) -> Self {
        match encoding {
            Encoding::Brotli => Self::Brotli(Box::new(brotli::CompressorWriter::new(
                Vec::new(),
                4096,
                BROTLI_QUALITY,
                BROTLI_WINDOW_BITS,
            ))),
            Encoding::Gzip => {
                Self::Gzip(GzEncoder::new(Vec::new(), flate2::Compression::default()))
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::Brotli(writer) => writer.write_all(bytes),
            Self::Gzip(writer) => writer.write_all(bytes),
        }
    }

    /// Makes everything written so far decodable by the reader.
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Brotli(writer) => writer.flush(),
            Self::Gzip(writer) => writer.flush(),
        }
    }

    fn output(&mut self) -> &mut Vec<u8> {
        match self {
            Self::Brotli(writer) => writer.get_mut(),
            Self::Gzip(writer) => writer.get_mut(),
        }
    }

    /// The compressed bytes made since the last take.
    fn take(&mut self) -> Bytes {
        Bytes::from(std::mem::take(self.output()))
    }

    /// Ends the stream; what is left of it.
    fn finish(self) -> io::Result<Bytes> {
        match self {
            Self::Brotli(writer) => Ok(Bytes::from(writer.into_inner())),
            Self::Gzip(writer) => writer.finish().map(Bytes::from),
        }
    }
}

pin_project_lite::pin_project! {
    /// `inner`, compressed; flushed whenever `inner` has nothing ready.
    pub struct Compressed<B> {
        #[pin]
        inner: B,
        encoder: Option<Encoder>,
        // Bytes written since the last flush: a wait must flush first.
        unflushed: usize,
    }
}

impl<B> Compressed<B> {
    pub fn new(inner: B, encoding: Encoding) -> Self {
        Self {
            inner,
            encoder: Some(Encoder::new(encoding)),
            unflushed: 0,
        }
    }
}

impl<B> HttpBody for Compressed<B>
where
    B: HttpBody<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let mut this = self.project();
        loop {
            let Some(encoder) = this.encoder.as_mut() else {
                return Poll::Ready(None);
            };
            match this.inner.as_mut().poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => {
                        encoder.write(&data)?;
                        *this.unflushed += data.len();
                        if *this.unflushed >= FLUSH_INPUT_BYTES {
                            encoder.flush()?;
                            *this.unflushed = 0;
                        }
                        if encoder.output().len() >= CHUNK_BYTES {
                            return Poll::Ready(Some(Ok(Frame::data(encoder.take()))));
                        }
                    }
                    // Trailers are not compressed; HTML and JSON have none here anyway.
                    Err(frame) => return Poll::Ready(Some(Ok(frame))),
                },
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error.into()))),
                Poll::Ready(None) => {
                    let rest = this.encoder.take().map(Encoder::finish).transpose()?;
                    return Poll::Ready(rest.map(|bytes| Ok(Frame::data(bytes))));
                }
                Poll::Pending => {
                    if *this.unflushed > 0 {
                        encoder.flush()?;
                        *this.unflushed = 0;
                    }
                    let ready = encoder.take();
                    if ready.is_empty() {
                        return Poll::Pending;
                    }
                    // The inner body registered the waker; it is polled again after this.
                    return Poll::Ready(Some(Ok(Frame::data(ready))));
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.encoder.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use futures_util::{StreamExt, stream};
    use tokio::sync::mpsc;

    use super::*;

    #[test]
    fn brotli_is_preferred_and_q0_refuses() {
        use Encoding::*;
        assert_eq!(Encoding::negotiate("gzip, deflate, br, zstd"), Some(Brotli));
        assert_eq!(Encoding::negotiate("gzip"), Some(Gzip));
        assert_eq!(Encoding::negotiate("br;q=0, gzip;q=0.5"), Some(Gzip));
        assert_eq!(Encoding::negotiate("br;q=0, gzip;q=0"), None);
        assert_eq!(Encoding::negotiate("identity"), None);
        assert_eq!(Encoding::negotiate(""), None);
        assert_eq!(Encoding::negotiate("*"), Some(Brotli));
        assert_eq!(Encoding::negotiate("br;q=0, *"), Some(Gzip));
        assert_eq!(Encoding::negotiate("BR ; q=1.0"), Some(Brotli));
        assert_eq!(Encoding::negotiate("x-gzip"), Some(Gzip));
        assert_eq!(Encoding::negotiate("br;q=nonsense"), Some(Brotli));
    }

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn only_html_and_json_bodies_worth_it_are_compressed() {
        let ok = StatusCode::OK;
        let html = || (header::CONTENT_TYPE, "text/html; charset=utf-8");
        let json = (header::CONTENT_TYPE, "application/problem+json");
        assert!(worth_compressing(ok, &headers(&[html()])));
        assert!(worth_compressing(ok, &headers(&[json])));
        let png = (header::CONTENT_TYPE, "image/png");
        assert!(!worth_compressing(ok, &headers(&[png])));
        assert!(!worth_compressing(ok, &headers(&[])));
        let tiny = (header::CONTENT_LENGTH, "12");
        assert!(!worth_compressing(ok, &headers(&[html(), tiny])));
        let long = (header::CONTENT_LENGTH, "4096");
        assert!(worth_compressing(ok, &headers(&[html(), long])));
        let encoded = (header::CONTENT_ENCODING, "br");
        assert!(!worth_compressing(ok, &headers(&[html(), encoded])));
        assert!(!worth_compressing(
            StatusCode::NOT_MODIFIED,
            &headers(&[html()])
        ));
        assert!(!worth_compressing(
            StatusCode::NO_CONTENT,
            &headers(&[html()])
        ));
    }

    /// Everything a reader can decode of `bytes`, finished or not: up to the last flush.
    fn decode(encoding: Encoding, bytes: &[u8]) -> String {
        let mut out = Vec::new();
        let mut buffer = [0; 1024];
        let mut read = |reader: &mut dyn Read| {
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                out.extend_from_slice(&buffer[..n]);
            }
        };
        match encoding {
            Encoding::Brotli => read(&mut brotli::Decompressor::new(bytes, 4096)),
            Encoding::Gzip => read(&mut flate2::read::GzDecoder::new(bytes)),
        }
        String::from_utf8(out).expect("UTF-8")
    }

    /// Whether `bytes` is a finished stream (a truncated one fails to read to the end).
    fn complete(encoding: Encoding, bytes: &[u8]) -> bool {
        let mut sink = Vec::new();
        match encoding {
            Encoding::Brotli => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut sink),
            Encoding::Gzip => flate2::read::GzDecoder::new(bytes).read_to_end(&mut sink),
        }
        .is_ok()
    }

    #[tokio::test]
    async fn each_chunk_reaches_the_reader_before_the_next_is_made() {
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            let (send, mut receive) = mpsc::channel::<Bytes>(4);
            let chunks = stream::poll_fn(move |cx| receive.poll_recv(cx)).map(Ok::<_, io::Error>);
            let body = Compressed::new(Body::from_stream(chunks), encoding);
            let mut frames = Body::new(body).into_data_stream();
            let shell = "<html><body>the shell, before the data".repeat(20);
            send.send(Bytes::from(shell.clone())).await.expect("open");

            // The second chunk is not made yet: the first must already be readable.
            let first = frames.next().await.expect("a frame").expect("no error");
            assert_eq!(decode(encoding, &first), shell, "{encoding:?}");
            assert!(!complete(encoding, &first), "{encoding:?}: ended early");

            send.send(Bytes::from_static(b"<p>the data</p></body></html>"))
                .await
                .expect("open");
            drop(send);
            let mut whole = first.to_vec();
            while let Some(frame) = frames.next().await {
                whole.extend_from_slice(&frame.expect("no error"));
            }
            assert!(complete(encoding, &whole), "{encoding:?}");
            assert_eq!(
                decode(encoding, &whole),
                format!("{shell}<p>the data</p></body></html>")
            );
            assert!(
                whole.len() < shell.len() / 4,
                "{encoding:?}: {}",
                whole.len()
            );
        }
    }

    #[tokio::test]
    async fn a_large_body_ready_at_once_comes_out_in_bounded_chunks() {
        // Hardly compressible: a pseudo-random walk through the alphabet, 48 KiB at a time.
        let mut state = 7_u32;
        let page: String = (0..400_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from(b'a' + (state >> 16) as u8 % 26)
            })
            .collect();
        let parts: Vec<Bytes> = page
            .as_bytes()
            .chunks(48 * 1024)
            .map(Bytes::copy_from_slice)
            .collect();
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            let body = Compressed::new(
                Body::from_stream(stream::iter(parts.clone()).map(Ok::<_, io::Error>)),
                encoding,
            );
            let mut frames = Body::new(body).into_data_stream();
            let mut whole = Vec::new();
            let mut count = 0;
            while let Some(frame) = frames.next().await {
                let frame = frame.expect("no error");
                let most = FLUSH_INPUT_BYTES + 48 * 1024;
                assert!(frame.len() <= most, "{encoding:?}: {}", frame.len());
                whole.extend_from_slice(&frame);
                count += 1;
            }
            assert!(count > 4, "{encoding:?}: {count} frames");
            assert_eq!(decode(encoding, &whole), page, "{encoding:?}");
        }
    }
}
