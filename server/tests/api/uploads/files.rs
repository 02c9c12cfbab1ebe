//! What is accepted, how it is stored and served, and to whom.

use image::ImageFormat;
use sha2::{Digest, Sha256};

use super::samples;
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn each_accepted_type_is_stored_listed_and_served_back_as_what_it_is() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let cases = [
        ("photo.png", samples::png(), "image/png", "inline"),
        ("photo.JPG", samples::jpeg(), "image/jpeg", "inline"),
        ("photo.jpeg", samples::jpeg(), "image/jpeg", "inline"),
        ("anim.gif", samples::gif(), "image/gif", "inline"),
        (
            "report.pdf",
            samples::pdf(),
            "application/pdf",
            "attachment",
        ),
        (
            "letter.docx",
            samples::docx(),
            model::uploads::DOCX,
            "attachment",
        ),
    ];
    for (name, body, content_type, disposition) in cases {
        let info = app.upload_ok(name, body.clone(), &cookie).await;
        assert_eq!(info.name, name);
        assert_eq!(info.content_type, content_type);
        assert_eq!(info.size, body.len() as u64);

        let response = app.get_as(&info.url(), &cookie).await;
        assert_eq!(response.status(), 200, "{name} downloads");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
                .unwrap_or_default()
        };
        assert_eq!(header("content-type"), content_type);
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert!(
            header("content-disposition").starts_with(disposition),
            "{name}"
        );
        assert!(header("content-security-policy").contains("sandbox"));
        assert_eq!(response.bytes().await.expect("a body"), body);

        let thumbnail = app
            .get_as(&format!("{}/thumbnail", info.url()), &cookie)
            .await;
        if info.is_image() {
            assert_eq!(thumbnail.status(), 200, "{name} has a thumbnail");
            let bytes = thumbnail.bytes().await.expect("a body");
            let small = image::load_from_memory_with_format(&bytes, ImageFormat::Png)
                .expect("the thumbnail is a PNG");
            assert!(small.width() <= 160 && small.height() <= 160);
        } else {
            assert_eq!(thumbnail.status(), 404, "{name} has none");
        }
    }
    let listed = app.list_uploads(&cookie).await;
    let names: Vec<&str> = listed.iter().map(|info| info.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "letter.docx",
            "report.pdf",
            "anim.gif",
            "photo.jpeg",
            "photo.JPG",
            "photo.png"
        ],
        "newest first"
    );
    assert_eq!(app.files_in("files"), 6);
    assert_eq!(app.files_in("tmp"), 0);
}

#[tokio::test]
async fn the_row_keeps_the_content_hash_and_a_generated_name() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let body = samples::pdf();
    let info = app
        .upload_ok("../../etc/passwd.pdf", body.clone(), &cookie)
        .await;
    assert_eq!(info.name, "passwd.pdf", "only the last component, as text");

    let (stored_name, sha256): (String, String) = domain::with_pool!(&app.db, |pool| {
        sqlx::query_as("SELECT stored_name, sha256 FROM uploads WHERE id = $1")
            .bind(info.id)
            .fetch_one(pool)
            .await
    })
    .expect("the row");
    let expected: String = Sha256::digest(&body)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    assert_eq!(sha256, expected);
    assert!(!stored_name.contains("passwd") && !stored_name.contains('/'));
    assert!(stored_name.ends_with(".pdf"));
    let stored = app.data_dir.join("uploads/files").join(&stored_name);
    assert_eq!(std::fs::read(stored).expect("stored in files/"), body);
    assert!(!app.data_dir.join("etc").exists());
}

#[tokio::test]
async fn someone_elses_file_is_not_found_and_avatars_need_a_session() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let info = app.upload_ok("photo.png", samples::png(), &ada).await;

    for path in [info.url(), format!("{}/thumbnail", info.url())] {
        assert_eq!(app.get_as(&path, &bob).await.status(), 404, "{path}");
    }
    let delete = app
        .call(
            "uploads/delete",
            &[("id", &info.id.to_string())],
            Some(&bob),
        )
        .await;
    assert_eq!(delete.status(), 404);
    assert!(app.list_uploads(&bob).await.is_empty());
    assert_eq!(app.list_uploads(&ada).await.len(), 1, "still Ada's");

    // Signed out: downloads go to the sign-in page; uploads are refused.
    let download = app.get(&info.url()).await;
    assert_eq!(download.status(), 303);
    let upload = app
        .upload_to("/uploads", "a.png", samples::png(), None)
        .await;
    assert_eq!(upload.status(), 401);
}

#[tokio::test]
async fn deleting_a_file_removes_it_and_its_thumbnail() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let info = app.upload_ok("photo.png", samples::png(), &cookie).await;
    assert_eq!((app.files_in("files"), app.files_in("thumbnails")), (1, 1));

    let response = app
        .call(
            "uploads/delete",
            &[("id", &info.id.to_string())],
            Some(&cookie),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(app.list_uploads(&cookie).await.is_empty());
    assert_eq!((app.files_in("files"), app.files_in("thumbnails")), (0, 0));
    assert_eq!(app.get_as(&info.url(), &cookie).await.status(), 404);
}

#[tokio::test]
async fn several_files_upload_at_once() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bodies: Vec<Vec<u8>> = (0..5)
        .map(|i| samples::picture(ImageFormat::Png, 400 + i, 300))
        .collect();
    let uploads = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| app.upload_ok_owned(format!("photo-{i}.png"), body.clone(), &cookie));
    let infos = futures_util::future::join_all(uploads).await;
    let mut ids: Vec<i64> = infos.iter().map(|info| info.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 5);
    for (info, body) in infos.iter().zip(&bodies) {
        let downloaded = app.get_as(&info.url(), &cookie).await.bytes().await;
        assert_eq!(&downloaded.expect("a body")[..], &body[..], "{}", info.name);
    }
    assert_eq!(app.list_uploads(&cookie).await.len(), 5);
}

#[tokio::test]
async fn a_form_without_javascript_uploads_each_of_its_files() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let part = |name: &str, body: Vec<u8>| {
        reqwest::multipart::Part::bytes(body).file_name(name.to_owned())
    };
    let form = reqwest::multipart::Form::new()
        .part("file", part("a.png", samples::png()))
        .part("file", part("b.pdf", samples::pdf()));
    let response = app.post_multipart("/uploads", form, &cookie).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/uploads");
    let names: Vec<String> = app
        .list_uploads(&cookie)
        .await
        .into_iter()
        .map(|info| info.name)
        .collect();
    assert_eq!(names, ["b.pdf", "a.png"]);

    // A refused file is named in the flash and leaves nothing behind.
    let form = reqwest::multipart::Form::new().part("file", part("tool.png", samples::exe()));
    let response = app.post_multipart("/uploads", form, &cookie).await;
    assert_eq!(response.status(), 303);
    let page = app
        .get_page("/uploads", Some(&flash_and(&response, &cookie)))
        .await;
    let html = page.text().await.expect("a page");
    assert!(
        html.contains("tool.png: The file&#x27;s content is not what its .png extension says")
            || html.contains("tool.png: The file's content is not what its .png extension says"),
        "the flash names the file and the problem"
    );
    assert_eq!(app.list_uploads(&cookie).await.len(), 2);
    assert_eq!(app.files_in("tmp"), 0);
}

impl crate::helpers::TestApp {
    /// Posts `form` as a browser without JavaScript does.
    async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
        cookie: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("sec-fetch-site", "same-origin")
            .header("cookie", cookie)
            .multipart(form)
            .send()
            .await
            .expect("request sent")
    }
}

/// The session cookie plus the flash cookie `response` set.
fn flash_and(response: &reqwest::Response, cookie: &str) -> String {
    let flash = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok()?.split(';').next())
        .find(|pair| pair.starts_with("flash="))
        .expect("a flash cookie")
        .to_owned();
    format!("{cookie}; {flash}")
}

#[tokio::test]
async fn the_uploads_page_lists_ones_files_on_the_server_and_needs_a_session() {
    let app = spawn_app().await;
    let signed_out = app.get_page("/uploads", None).await;
    assert_eq!(signed_out.status(), 302);
    assert_eq!(
        signed_out.headers()["location"],
        "/login?return_to=%2Fuploads"
    );

    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let info = app
        .upload_ok("<b>notes & more.pdf", samples::pdf(), &cookie)
        .await;
    let page = app.get_page("/uploads", Some(&cookie)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("a page");
    assert!(html.contains("<title>Uploads · Commons</title>"));
    assert!(
        html.contains("&lt;b&gt;notes &amp; more.pdf"),
        "the name, escaped"
    );
    assert!(!html.contains("<b>notes"));
    assert!(html.contains(&format!("href=\"{}\"", info.url())));
}

#[tokio::test]
async fn refusals_and_the_form_s_message_speak_the_page_s_language() {
    let app = spawn_app().await;
    let session = app.register("Ada", "ada@example.com", PASSWORD).await;
    let french = format!("{session}; locale=fr");
    let response = app
        .upload_to("/uploads", "tool.exe", samples::png(), Some(&french))
        .await;
    assert_eq!(response.status(), 415);
    let said: serde_json::Value = response.json().await.expect("json");
    assert_eq!(said["error"], "Type de fichier non accepté");
    let response = app
        .upload_to("/uploads", "tool.png", samples::exe(), Some(&french))
        .await;
    let said: serde_json::Value = response.json().await.expect("json");
    assert_eq!(
        said["error"],
        "Le contenu du fichier ne correspond pas à son extension .png"
    );
    // The browser's language when no choice was made.
    let response = app
        .client
        .post(app.url("/uploads"))
        .query(&[("name", "tool.exe")])
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "es")
        .header("cookie", &session)
        .body(samples::png())
        .send()
        .await
        .expect("sent");
    let said: serde_json::Value = response.json().await.expect("json");
    assert_eq!(said["error"], "Tipo de archivo no admitido");

    // Without JavaScript: the flash after the form, in French.
    let part = reqwest::multipart::Part::bytes(samples::png()).file_name("a.png");
    let form = reqwest::multipart::Form::new().part("file", part);
    let response = app.post_multipart("/uploads", form, &french).await;
    assert_eq!(response.status(), 303);
    let page = app
        .get_page("/uploads", Some(&flash_and(&response, &french)))
        .await;
    let html = page.text().await.expect("a page");
    assert!(html.contains("Envoi terminé\u{a0}: a.png."), "{html}");
    assert_eq!(app.files_in("tmp"), 0);
}
