//! Every refusal, with its status and words, and nothing left behind by any of them.

use std::{convert::Infallible, time::Duration};

use bytes::Bytes;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::{refusal, samples};
use crate::helpers::{PASSWORD, TestApp, spawn_app, spawn_app_with};

const MB: usize = 1024 * 1024;

/// A PDF of exactly `size` bytes.
fn pdf_of(size: usize) -> Vec<u8> {
    let mut body = samples::pdf();
    body.resize(size, b' ');
    body
}

/// A body that arrives in 1 MB chunks without a declared length, as a stream does.
fn streamed(size: usize) -> reqwest::Body {
    let chunks = pdf_of(size)
        .chunks(MB)
        .map(|chunk| Ok::<_, Infallible>(Bytes::copy_from_slice(chunk)))
        .collect::<Vec<_>>();
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

fn assert_nothing_kept(app: &TestApp) {
    assert_eq!(app.files_in("tmp"), 0, "no partial file");
    assert_eq!(app.files_in("files"), 0, "no stored file");
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_413_and_leaves_nothing() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;

    // Exactly the limit is fine.
    app.upload_ok("limit.pdf", pdf_of(10 * MB), &cookie).await;
    app.delete_all(&cookie).await;

    // Declared too large: refused before a byte is stored.
    let response = app.upload("big.pdf", pdf_of(10 * MB + 1), &cookie).await;
    assert_eq!(
        refusal(response, 413).await,
        "File is too large (the limit is 10 MB)"
    );
    assert_nothing_kept(&app);

    // Undeclared (chunked): refused as soon as the limit is passed, the partial file deleted.
    let response = app
        .upload_to("/uploads", "big.pdf", streamed(12 * MB), Some(&cookie))
        .await;
    assert_eq!(
        refusal(response, 413).await,
        "File is too large (the limit is 10 MB)"
    );
    assert_nothing_kept(&app);
    assert!(app.list_uploads(&cookie).await.is_empty());
}

#[tokio::test]
async fn an_upload_that_stops_sending_is_given_up_with_408_and_leaves_nothing() {
    let app = spawn_app_with(|settings| settings.uploads.stall_timeout_secs = 1).await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    // The start of a file, then nothing more, with the connection held open.
    let first = Bytes::from(samples::pdf());
    let stalled = futures_util::stream::once(async move { Ok::<_, Infallible>(first) })
        .chain(futures_util::stream::pending());
    let started = tokio::time::Instant::now();
    let response = app
        .upload_to(
            "/uploads",
            "slow.pdf",
            reqwest::Body::wrap_stream(stalled),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        refusal(response, 408).await,
        "The upload stalled: nothing arrived for 1 s."
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_nothing_kept(&app);
}

#[tokio::test]
async fn an_upload_trickled_slower_than_the_pace_is_given_up_with_408() {
    let app = spawn_app_with(|settings| settings.uploads.stall_timeout_secs = 1).await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    // The start of a file, then a byte every 200 ms: never stalled, far too slow.
    let first = Bytes::from(samples::pdf());
    let trickle = futures_util::stream::once(async move { Ok::<_, Infallible>(first) }).chain(
        futures_util::stream::unfold((), |()| async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            Some((Ok::<_, Infallible>(Bytes::from_static(b" ")), ()))
        }),
    );
    let response = app
        .upload_to(
            "/uploads",
            "crawl.pdf",
            reqwest::Body::wrap_stream(trickle),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        refusal(response, 408).await,
        "The upload is too slow (under 1 KB a second)."
    );
    assert_nothing_kept(&app);
}

#[tokio::test]
async fn a_type_not_accepted_is_refused_by_its_extension() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    for name in [
        "tool.exe",
        "page.html",
        "picture.svg",
        "png",
        ".png",
        "archive.zip",
    ] {
        let response = app.upload(name, samples::png(), &cookie).await;
        assert_eq!(
            refusal(response, 415).await,
            "File type not accepted",
            "{name}"
        );
    }
    assert_nothing_kept(&app);
}

#[tokio::test]
async fn content_that_is_not_what_its_extension_says_is_refused() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let cases = [
        ("tool.png", samples::exe(), ".png"),
        ("photo.jpg", samples::png(), ".jpg"),
        ("report.pdf", b"just some text".to_vec(), ".pdf"),
        (
            "archive.docx",
            samples::zip_of(&[("readme.txt", "not a document")]),
            ".docx",
        ),
        (
            "broken.docx",
            b"PK\x03\x04 and then nothing".to_vec(),
            ".docx",
        ),
    ];
    for (name, body, extension) in cases {
        let response = app.upload(name, body, &cookie).await;
        assert_eq!(
            refusal(response, 415).await,
            format!("The file's content is not what its {extension} extension says"),
            "{name}"
        );
    }
    let response = app.upload("empty.pdf", Vec::new(), &cookie).await;
    assert_eq!(refusal(response, 422).await, "The file is empty");
    assert_nothing_kept(&app);
}

#[tokio::test]
async fn pictures_that_cannot_be_decoded_safely_are_refused() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;

    // A few hundred bytes claiming 2.5 gigapixels: refused from its header, never decoded.
    let bomb = samples::png_claiming(50_000, 50_000);
    assert!(bomb.len() < 1024);
    let response = app.upload("bomb.png", bomb, &cookie).await;
    assert_eq!(
        refusal(response, 422).await,
        "The picture is too large to process (more than 40 megapixels)"
    );

    let mut broken = samples::png();
    broken.truncate(40);
    let response = app.upload("broken.png", broken, &cookie).await;
    assert_eq!(
        refusal(response, 422).await,
        "The picture could not be read"
    );
    assert_nothing_kept(&app);
    assert_eq!(app.files_in("thumbnails"), 0);
}

#[tokio::test]
async fn more_than_five_uploads_at_once_are_refused_and_the_five_finish() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;

    // Five uploads whose bodies are held open.
    let mut senders = Vec::new();
    let mut requests = Vec::new();
    for i in 0..5 {
        let (send, receive) = mpsc::channel::<Result<Bytes, Infallible>>(4);
        let body = reqwest::Body::wrap_stream(
            tokio_stream_of(receive).map(|chunk: Result<Bytes, Infallible>| chunk),
        );
        let request = app
            .client
            .post(app.url("/uploads"))
            .query(&[("name", format!("slow-{i}.pdf"))])
            .header("sec-fetch-site", "same-origin")
            .header("cookie", &cookie)
            .body(body)
            .send();
        requests.push(tokio::spawn(request));
        send.send(Ok(Bytes::from(samples::pdf())))
            .await
            .expect("the body is read");
        senders.push(send);
    }
    wait_until(|| app.files_in("tmp") == 5).await;

    let response = app.upload("sixth.pdf", samples::pdf(), &cookie).await;
    assert_eq!(
        refusal(response, 429).await,
        "Too many files at once (at most 5)"
    );

    drop(senders);
    for request in requests {
        let response = request.await.expect("joined").expect("answered");
        assert_eq!(response.status(), 201);
    }
    assert_eq!(app.list_uploads(&cookie).await.len(), 5);
    // The five are done, so another may start.
    app.upload_ok("sixth.pdf", samples::pdf(), &cookie).await;
}

#[tokio::test]
async fn the_quota_refuses_what_does_not_fit_even_when_it_was_not_declared() {
    let app = spawn_app_with(|settings| settings.uploads.quota_bytes = MB as u64).await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    app.upload_ok("first.pdf", pdf_of(600 * 1024), &cookie)
        .await;

    // Declared: refused before reading.
    let response = app.upload("second.pdf", pdf_of(600 * 1024), &cookie).await;
    let message = refusal(response, 413).await;
    assert_eq!(
        message,
        "Not enough space: your files use 0.6 MB of your 1 MB"
    );
    // Not declared: refused when it is complete, inside the transaction that would record it.
    let response = app
        .upload_to(
            "/uploads",
            "second.pdf",
            streamed(600 * 1024),
            Some(&cookie),
        )
        .await;
    assert_eq!(refusal(response, 413).await, message);
    assert_eq!(app.list_uploads(&cookie).await.len(), 1);
    assert_eq!((app.files_in("files"), app.files_in("tmp")), (1, 0));

    // The quota is each person's own.
    app.upload_ok("bobs.pdf", pdf_of(600 * 1024), &bob).await;
}

impl TestApp {
    /// Deletes every file on `cookie`'s files page.
    pub async fn delete_all(&self, cookie: &str) {
        for info in self.list_uploads(cookie).await {
            let response = self
                .call(
                    "uploads/delete",
                    &[("id", &info.id.to_string())],
                    Some(cookie),
                )
                .await;
            assert_eq!(response.status(), 200);
        }
    }
}

fn tokio_stream_of<T: Send + 'static>(
    mut receive: mpsc::Receiver<T>,
) -> impl futures_util::Stream<Item = T> + Send + 'static {
    futures_util::stream::poll_fn(move |context| receive.poll_recv(context))
}

async fn wait_until(condition: impl Fn() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the condition never held");
}

#[tokio::test]
async fn uploads_finishing_together_never_exceed_the_quota() {
    let app = spawn_app_with(|settings| settings.uploads.quota_bytes = MB as u64).await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    // Undeclared, so each passes the early check and meets the others in the transaction.
    let uploads = (0..4).map(|i| {
        app.upload_to(
            "/uploads",
            "part.pdf",
            streamed(300 * 1024 + i),
            Some(&cookie),
        )
    });
    let statuses: Vec<u16> = futures_util::future::join_all(uploads)
        .await
        .iter()
        .map(|response| response.status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|status| **status == 201).count(), 3);
    assert_eq!(statuses.iter().filter(|status| **status == 413).count(), 1);
    let stored: u64 = app
        .list_uploads(&cookie)
        .await
        .iter()
        .map(|info| info.size)
        .sum();
    assert!(stored <= MB as u64);
}
