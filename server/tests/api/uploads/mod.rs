//! Uploads over HTTP, as the page sends them (a raw body per file) and as a form without
//! JavaScript does (multipart), against the real server and its data directory.

mod avatars;
mod files;
mod refusals;
pub mod samples;

use std::path::Path;

use model::uploads::{Refusal, UploadInfo};

use crate::helpers::TestApp;

impl TestApp {
    /// Sends `body` as the page does: `POST <path>?name=<name>`, same-origin, with `cookie`.
    pub async fn upload_to(
        &self,
        path: &str,
        name: &str,
        body: impl Into<reqwest::Body>,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .query(&[("name", name)])
            .header("sec-fetch-site", "same-origin")
            .body(body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// Uploads a file of the files page.
    pub async fn upload(&self, name: &str, body: Vec<u8>, cookie: &str) -> reqwest::Response {
        self.upload_to("/uploads", name, body, Some(cookie)).await
    }

    /// Uploads a file that must be accepted, and answers what the server says of it.
    pub async fn upload_ok(&self, name: &str, body: Vec<u8>, cookie: &str) -> UploadInfo {
        let response = self.upload(name, body, cookie).await;
        assert_eq!(response.status(), 201, "{name} is accepted");
        response.json().await.expect("an UploadInfo")
    }

    /// [`TestApp::upload_ok`] with an owned name, for uploads started together.
    pub async fn upload_ok_owned(&self, name: String, body: Vec<u8>, cookie: &str) -> UploadInfo {
        self.upload_ok(&name, body, cookie).await
    }

    /// The files page's list, through its server function.
    pub async fn list_uploads(&self, cookie: &str) -> Vec<UploadInfo> {
        let response = self.call("uploads/list", &[], Some(cookie)).await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("a list of UploadInfo")
    }

    pub async fn get_as(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("request sent")
    }

    /// How many files are in `<data dir>/uploads/<dir>`.
    pub fn files_in(&self, dir: &str) -> usize {
        count_files(&self.data_dir.join("uploads").join(dir))
    }
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| entries.count())
        .unwrap_or(0)
}

/// Reads a refusal's message, asserting its status.
pub async fn refusal(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status(), status);
    let refusal: Refusal = response.json().await.expect("a Refusal");
    refusal.error
}
