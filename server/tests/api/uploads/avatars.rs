//! Avatars: one picture per person, shown to everyone signed in, replaced by the next.

use model::uploads::AvatarInfo;

use super::{refusal, samples};
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn an_avatar_replaces_the_previous_one_and_shows_to_anyone_signed_in() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;

    let response = app
        .upload_to("/profile/avatar", "me.png", samples::png(), Some(&ada))
        .await;
    assert_eq!(response.status(), 200);
    let first: AvatarInfo = response.json().await.expect("an AvatarInfo");
    let picture = app.get_as(&first.avatar_url, &bob).await;
    assert_eq!(picture.status(), 200, "Bob sees Ada's avatar");
    assert_eq!(picture.headers()["content-type"], "image/png");
    let picture_bytes = picture.bytes().await.expect("a body");
    assert_eq!(app.get(&first.avatar_url).await.status(), 401, "signed out");

    // The navigation shows it: the page carries the new address.
    let page = app.get_page("/profile", Some(&ada)).await;
    assert!(
        page.text()
            .await
            .expect("a page")
            .contains(&first.avatar_url)
    );

    let response = app
        .upload_to("/profile/avatar", "me.jpeg", samples::jpeg(), Some(&ada))
        .await;
    let second: AvatarInfo = response.json().await.expect("an AvatarInfo");
    assert_ne!(first, second, "a new picture is a new address to caches");
    let new_picture = app.get_as(&second.avatar_url, &bob).await;
    assert_eq!(new_picture.status(), 200);
    let new_picture = new_picture.bytes().await.expect("a body");
    // An address seen before (an open chat's older messages) shows the new picture.
    let old_address = app.get_as(&first.avatar_url, &bob).await;
    assert_eq!(old_address.status(), 200);
    assert_eq!(old_address.bytes().await.expect("a body"), new_picture);
    assert_ne!(new_picture, picture_bytes);
    assert_eq!((app.files_in("files"), app.files_in("thumbnails")), (1, 1));
    assert!(
        app.list_uploads(&ada).await.is_empty(),
        "not on the files page"
    );

    // Someone who has none has no picture to show.
    let email = model::accounts::Email::parse("bob@example.com").expect("an email");
    let bob_id = domain::accounts::user_id_by_email(&app.db, &email)
        .await
        .expect("looked up")
        .expect("Bob exists");
    let none = app.get_as(&format!("/avatars/{bob_id}"), &ada).await;
    assert_eq!(none.status(), 404);
}

#[tokio::test]
async fn an_avatar_must_be_a_jpeg_or_png_picture() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    for (name, body, status) in [
        ("me.gif", samples::gif(), 415),
        ("me.pdf", samples::pdf(), 415),
        ("me.png", samples::exe(), 415),
    ] {
        let response = app
            .upload_to("/profile/avatar", name, body, Some(&ada))
            .await;
        refusal(response, status).await;
    }
    assert_eq!(app.files_in("files"), 0);
}
