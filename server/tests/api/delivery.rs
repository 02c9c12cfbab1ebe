//! How pages and the bundle travel: the bundle under its build id, kept by browsers for good,
//! and compressed ahead of time; pages and JSON compressed as they are made; the service worker
//! stamped with the build and never stale.

use std::io::Read;

use crate::helpers::{TestApp, spawn_app};

/// Where the home page loads the bundle from: `/pkg/<build id>`.
async fn bundle_path(app: &TestApp) -> String {
    let page = app.get("/").await.text().await.expect("body");
    let end = page.find("/app.js\"").expect("the page loads app.js");
    let start = page[..end].rfind('"').expect("in an attribute") + 1;
    page[start..end].to_owned()
}

#[tokio::test]
async fn pages_load_the_bundle_under_its_build_id_which_browsers_keep_for_good() {
    let app = spawn_app().await;
    let versioned = bundle_path(&app).await;
    let build = versioned.strip_prefix("/pkg/").expect("under /pkg");
    assert_eq!(build.len(), 16, "{versioned}");
    assert!(build.chars().all(|c| c.is_ascii_hexdigit()), "{versioned}");
    let page = app.get("/").await.text().await.expect("body");
    for file in ["main.css", "app.js", "app_bg.wasm"] {
        let path = format!("{versioned}/{file}");
        if file != "app_bg.wasm" {
            assert!(page.contains(&path), "the page links {path}");
        }
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{path}"
        );
        // The plain name (the offline page's) is the same file, asked about every time.
        let plain = app.get(&format!("/pkg/{file}")).await;
        assert_eq!(plain.headers()["cache-control"], "no-cache", "{file}");
        assert_eq!(
            plain.bytes().await.expect("body"),
            response.bytes().await.expect("body"),
            "{file}"
        );
    }
    // Another build's id names nothing here.
    let response = app.get("/pkg/0123456789abcdef/app.js").await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn pages_and_json_are_sent_compressed_as_the_browser_accepts() {
    let app = spawn_app().await;
    let fetch = async |path: &str, accept_encoding: &str| {
        let response = app
            .client
            .get(app.url(path))
            .header("accept-encoding", accept_encoding)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200, "{path} {accept_encoding}");
        let headers = response.headers().clone();
        (headers, response.bytes().await.expect("body"))
    };
    let (headers, plain) = fetch("/recipes", "identity").await;
    assert!(headers.get("content-encoding").is_none());
    let plain = String::from_utf8(plain.to_vec()).expect("UTF-8");
    assert!(plain.contains("</html>"));

    let (headers, brotli) = fetch("/recipes", "gzip, deflate, br").await;
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(headers["vary"], "accept-encoding");
    assert!(headers.get("content-length").is_none());
    let mut text = String::new();
    brotli::Decompressor::new(&brotli[..], 4096)
        .read_to_string(&mut text)
        .expect("valid brotli");
    assert!(text.contains("</html>"));
    assert!(
        brotli.len() * 4 < plain.len(),
        "{} of {} bytes",
        brotli.len(),
        plain.len()
    );

    let (headers, gzip) = fetch("/recipes", "gzip").await;
    assert_eq!(headers["content-encoding"], "gzip");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gzip[..])
        .read_to_string(&mut text)
        .expect("valid gzip");
    assert!(text.contains("</html>"));

    // JSON too (the OpenAPI document); a picture is not.
    let (headers, _) = fetch("/api/v2/openapi.json", "br").await;
    assert_eq!(headers["content-encoding"], "br");
    let (headers, _) = fetch("/icons/icon-192.png", "br").await;
    assert!(headers.get("content-encoding").is_none());
}

#[tokio::test]
async fn the_service_worker_is_stamped_with_the_build_and_always_revalidated() {
    let app = spawn_app().await;
    let response = app.get("/sw.js").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/javascript")
    );
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let script = response.text().await.expect("body");
    assert!(!script.contains("__BUILD_ID__"));
    let build = script
        .split(r#"const BUILD = ""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a build id");
    assert_eq!(build.len(), 16);
    assert!(build.chars().all(|c| c.is_ascii_hexdigit()), "{build}");
}

#[tokio::test]
async fn the_bundle_is_sent_brotli_or_gzip_compressed_as_the_browser_accepts() {
    let app = spawn_app().await;
    let fetch = async |accept_encoding: &str| {
        let response = app
            .client
            .get(app.url("/pkg/app_bg.wasm"))
            .header("accept-encoding", accept_encoding)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200, "{accept_encoding}");
        let headers = response.headers().clone();
        let size = response.bytes().await.expect("body").len();
        (headers, size)
    };
    let (brotli, brotli_size) = fetch("gzip, deflate, br").await;
    let (gzip, gzip_size) = fetch("gzip").await;
    let (plain, plain_size) = fetch("identity").await;
    assert_eq!(brotli["content-encoding"], "br");
    assert_eq!(gzip["content-encoding"], "gzip");
    assert!(plain.get("content-encoding").is_none());
    for headers in [&brotli, &gzip, &plain] {
        assert_eq!(headers["vary"], "accept-encoding");
        assert_eq!(headers["content-type"], "application/wasm");
    }
    assert!(
        brotli_size < gzip_size && gzip_size < plain_size,
        "br {brotli_size} < gzip {gzip_size} < raw {plain_size}"
    );
}
