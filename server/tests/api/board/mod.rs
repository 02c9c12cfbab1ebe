//! The board over HTTP: its pages and its plain form posts, as a browser without JavaScript
//! uses them, with what an attacker would send: posts, comments and likes (`posts.rs`),
//! a post's live channel (`live.rs`), mentions (`mentions.rs`), search (`search.rs`), a person's page and the admins' report (`people.rs`), and garbage,
//! missing sessions, other sites' forms and floods (`abuse.rs`).

mod abuse;
mod live;
mod mentions;
mod people;
mod posts;
mod search;

use crate::helpers::TestApp;

pub(super) fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("a location")
        .to_owned()
}

/// Writes a post through the form as `cookie`; answers its id.
pub(super) async fn write(
    app: &TestApp,
    cookie: &str,
    title: &str,
    body: &str,
    tags: &str,
    publish: bool,
) -> i64 {
    let mut fields = vec![("title", title), ("body", body), ("tags", tags)];
    if publish {
        fields.push(("publish", "1"));
    }
    let response = app.post_form("/posts", &fields, Some(cookie)).await;
    assert_eq!(response.status(), 303, "the post is written");
    let to = location(&response);
    to.strip_prefix("/posts/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("sent to the post, not {to}"))
}

pub(super) async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let response = app.get_page(path, cookie).await;
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}
