//! Problems in the request's language: the `type` a program switches on stays the same, the
//! `detail` and the field errors a person reads follow `Accept-Language` (or the cookie).

use reqwest::Method;
use serde_json::json;

use super::{Client, send};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_problem_s_words_follow_the_request_s_language_and_its_type_does_not() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let token = Some(ada.token.as_str());
    let refused = |language: &'static str| {
        let app = &app;
        async move {
            send(
                app,
                Method::PATCH,
                "/api/v2/me",
                token,
                Some(json!({ "age": 5, "name": "" })),
                &[("accept-language", language)],
            )
            .await
        }
    };
    let english = refused("en").await;
    let french = refused("fr-FR, en;q=0.5").await;
    for answer in [&english, &french] {
        assert_eq!(answer.status, 422);
        assert_eq!(answer.body["type"], "urn:commons:problem:invalid");
    }
    assert_eq!(
        english.body["errors"]["age"],
        "You must be at least 13 to register."
    );
    assert_eq!(english.body["errors"]["name"], "Enter your name.");
    assert_eq!(
        french.body["errors"]["age"],
        "Vous devez avoir au moins 13 ans pour vous inscrire."
    );
    assert_eq!(french.body["detail"], "Corrigez les champs signalés.");
    assert_eq!(
        french.body["title"], english.body["title"],
        "titles stay English"
    );

    let unsigned = send(
        &app,
        Method::GET,
        "/api/v2/me",
        None,
        None,
        &[("accept-language", "es")],
    )
    .await;
    assert_eq!(unsigned.status, 401);
    assert_eq!(unsigned.body["type"], "urn:commons:problem:unauthorized");
    assert_eq!(
        unsigned.body["detail"],
        "Inicia sesión o envía un token de acceso como `Authorization: Bearer cmn_…`."
    );
    // The cookie the switcher sets counts for the API as for the pages.
    let unknown = send(
        &app,
        Method::GET,
        "/api/v2/rooms/999999",
        token,
        None,
        &[("cookie", "locale=id"), ("accept-language", "fr")],
    )
    .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body["detail"], "Kami tidak dapat menemukannya.");
    // What only the sending program can fix stays English, whatever the language.
    let garbage = send(
        &app,
        Method::GET,
        "/api/v2/rooms?cursor=%00",
        token,
        None,
        &[("accept-language", "fr")],
    )
    .await;
    assert_eq!(garbage.status, 400);
    assert_eq!(garbage.body["type"], "urn:commons:problem:bad_request");
}
