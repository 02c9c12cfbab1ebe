//! Which language a page is rendered in (recipe 42): `?locale=` > the cookie >
//! `Accept-Language` > English, said by `<html lang>`, and kept when chosen.

use crate::helpers::{TestApp, spawn_app};

async fn page(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let mut request = app.client.get(app.url(path)).header("accept", "text/html");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|value| value.to_str().expect("ascii").to_owned());
    (status, cookie, response.text().await.expect("body"))
}

fn lang(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("<html lang>") + "<html lang=\"".len();
    &body[start..start + body[start..].find('"').expect("closing quote")]
}

#[tokio::test]
async fn the_browser_s_languages_choose_the_page_s_by_their_weights() {
    let app = spawn_app().await;
    let (status, cookie, body) = page(
        &app,
        "/",
        &[("accept-language", "de-DE, id;q=0.8, en;q=0.5")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(lang(&body), "id");
    assert!(
        body.contains("Komunitas Anda, langsung di satu tempat"),
        "{body}"
    );
    assert!(body.contains(">Masuk<"), "the navigation is Indonesian too");
    assert_eq!(
        cookie, None,
        "a language read from the header is not pinned in a cookie"
    );

    let (_, _, body) = page(&app, "/", &[("accept-language", "fr-CA")]).await;
    assert_eq!(lang(&body), "fr");
    let (_, _, body) = page(&app, "/", &[]).await;
    assert_eq!(lang(&body), "en");
    assert!(body.contains("Your community, live in one place"));
}

#[tokio::test]
async fn the_cookie_overrides_the_header_and_the_parameter_overrides_both() {
    let app = spawn_app().await;
    let header = ("accept-language", "id");
    let (_, cookie, body) = page(&app, "/", &[header, ("cookie", "locale=es")]).await;
    assert_eq!(lang(&body), "es");
    assert!(body.contains("Tu comunidad, en vivo y en un solo lugar"));
    assert_eq!(cookie, None);

    let (status, cookie, body) = page(
        &app,
        "/no-such-page?locale=fr",
        &[header, ("cookie", "locale=es")],
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(lang(&body), "fr");
    assert!(body.contains("Page introuvable"), "{body}");
    let cookie = cookie.expect("the choice is kept");
    assert!(cookie.starts_with("locale=fr; Path=/;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
}

#[tokio::test]
async fn languages_of_no_one_s_and_garbage_fall_back_to_english_never_to_an_error() {
    let app = spawn_app().await;
    for (path, headers) in [
        ("/?locale=de", vec![("accept-language", "*;q=0.5, zz")]),
        ("/?locale=%00%ff", vec![("cookie", "locale=../../etc")]),
        (
            "/?locale=",
            vec![("accept-language", "fr;q=banana, ;;;, en;q=2")],
        ),
        (
            "/?locale=en-US&locale=fr",
            vec![("accept-language", &*",".repeat(4000))],
        ),
    ] {
        let (status, cookie, body) = page(&app, path, &headers).await;
        assert_eq!(status, 200, "{path} {headers:?}");
        assert_eq!(lang(&body), "en", "{path} {headers:?}");
        assert!(
            cookie
                .as_deref()
                .is_none_or(|cookie| cookie.starts_with("locale=en;")),
            "{path}: {cookie:?}"
        );
    }
}

#[tokio::test]
async fn a_language_chosen_in_the_page_is_kept_in_the_cookie_and_garbage_is_refused() {
    let app = spawn_app().await;
    let answer = app.call("choose_locale", &[("locale", "id")], None).await;
    assert_eq!(answer.status(), 200);
    let cookie = answer.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        cookie.starts_with("locale=id; Path=/; HttpOnly; SameSite=Lax"),
        "{cookie}"
    );
    let (_, _, body) = page(&app, "/", &[("cookie", "locale=id")]).await;
    assert_eq!(lang(&body), "id");

    for garbage in ["de", "", "ID", "id-ID", "\u{0}"] {
        let answer = app
            .call("choose_locale", &[("locale", garbage)], None)
            .await;
        assert_eq!(answer.status(), 400, "{garbage:?}");
        assert!(answer.headers().get("set-cookie").is_none());
    }
    let answer = app.call("choose_locale", &[], None).await;
    assert_eq!(answer.status(), 400);
}

/// The `locale` cookie an answer sets, if any.
fn locale_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| value.strip_prefix("locale="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
}

async fn register_in(app: &TestApp, email: &str, cookie: Option<&str>) -> reqwest::Response {
    let password = crate::helpers::PASSWORD;
    app.post_form(
        "/register",
        &[
            ("name", "Ada"),
            ("email", email),
            ("age", ""),
            ("password", password),
            ("password_confirmation", password),
        ],
        cookie,
    )
    .await
}

async fn sign_in_with(app: &TestApp, email: &str, cookie: Option<&str>) -> reqwest::Response {
    let fields = [
        ("email", email),
        ("password", crate::helpers::PASSWORD),
        ("return_to", ""),
    ];
    let response = app.post_form("/login", &fields, cookie).await;
    assert_eq!(response.status(), 303, "signs in");
    response
}

#[tokio::test]
async fn a_person_who_registered_in_french_gets_french_mail_wherever_they_ask_from() {
    let app = spawn_app().await;
    let response = register_in(&app, "ada@example.com", Some("locale=fr")).await;
    assert_eq!(response.status(), 303);
    let welcome = crate::mail::mail_to(&app, "ada@example.com", "Bienvenue").await;
    assert_eq!(welcome.summary.subject, "Bienvenue sur Commons");
    assert!(welcome.text.starts_with("Bonjour Ada,"), "{}", welcome.text);
    assert!(
        welcome.html.contains("<html lang=\"fr\">"),
        "{}",
        welcome.html
    );

    // Asked for from a browser in English: the mail is the account's, French.
    let asked = app
        .client
        .post(app.url("/password/forgot"))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "en")
        .form(&[("email", "ada@example.com")])
        .send()
        .await
        .expect("sent");
    assert_eq!(asked.status(), 303);
    let reset = crate::mail::mail_to(&app, "ada@example.com", "Réinitialisez").await;
    assert!(reset.text.contains("dans les 60 minutes"), "{}", reset.text);
    assert!(
        reset.text.contains("/password/reset?token="),
        "{}",
        reset.text
    );
}

#[tokio::test]
async fn a_language_chosen_signed_in_is_the_account_s_and_comes_back_on_a_device_without_one() {
    let app = spawn_app().await;
    let session = app
        .register("Ada", "ada@example.com", crate::helpers::PASSWORD)
        .await;
    let chose = app
        .call("choose_locale", &[("locale", "es")], Some(&session))
        .await;
    assert_eq!(chose.status(), 200);

    // A new device, with no choice of its own, takes the account's.
    let signed_in = sign_in_with(&app, "ada@example.com", None).await;
    assert_eq!(locale_cookie(&signed_in).as_deref(), Some("es"));
    // A device where Indonesian was chosen before signing in keeps it, and the account follows.
    let signed_in = sign_in_with(&app, "ada@example.com", Some("locale=id")).await;
    assert_eq!(locale_cookie(&signed_in).as_deref(), Some("id"));
    app.post_form("/password/forgot", &[("email", "ada@example.com")], None)
        .await;
    let reset = crate::mail::mail_to(&app, "ada@example.com", "Atur ulang").await;
    assert_eq!(reset.summary.subject, "Atur ulang kata sandi Commons Anda");

    // The sign-in server function (the page's, with JavaScript) does the same.
    let fields = [
        ("form[email]", "ada@example.com"),
        ("form[password]", crate::helpers::PASSWORD),
        ("form[return_to]", ""),
    ];
    let answer = app.call("sign_in", &fields, Some("locale=fr")).await;
    assert_eq!(answer.status(), 200);
    assert_eq!(locale_cookie(&answer).as_deref(), Some("fr"));
    let answer = app.call("sign_in", &fields, None).await;
    assert_eq!(locale_cookie(&answer).as_deref(), Some("fr"));
}

#[tokio::test]
async fn the_profile_s_messages_speak_the_page_s_language_with_its_plurals() {
    let app = spawn_app().await;
    let password = crate::helpers::PASSWORD;
    let here = app.register("Ada", "ada@example.com", password).await;
    for _ in 0..2 {
        sign_in_with(&app, "ada@example.com", None).await;
    }
    let saved = app
        .post_form(
            "/profile",
            &[("name", "Ada L."), ("age", "")],
            Some(&format!("{here}; locale=es")),
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(crate::mail::flash(&saved), "Tus datos se han guardado.");

    let new = "Difference-Engine-1822";
    let changed = app
        .post_form(
            "/profile/password",
            &[
                ("current_password", password),
                ("password", new),
                ("password_confirmation", new),
            ],
            Some(&format!("{here}; locale=fr")),
        )
        .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(
        crate::mail::flash(&changed),
        "Votre mot de passe est changé, et 2 autres sessions ont été déconnectées."
    );

    // A refusal re-renders the form with the rule in French.
    let renewed = crate::helpers::session_cookie(&changed).expect("renewed");
    let refused = app
        .post_form(
            "/profile/password",
            &[
                ("current_password", "wrong"),
                ("password", "short"),
                ("password_confirmation", "short"),
            ],
            Some(&format!("{renewed}; locale=fr")),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("page");
    assert!(page.contains("Utilisez au moins 8 caractères."), "{page}");
}

#[tokio::test]
async fn a_session_that_ended_no_longer_changes_the_account_s_language() {
    let app = spawn_app().await;
    let session = app
        .register("Ada", "ada@example.com", crate::helpers::PASSWORD)
        .await;
    let ada = domain::accounts::user_id_by_email(
        &app.db,
        &model::accounts::Email::parse("ada@example.com").expect("an address"),
    )
    .await
    .expect("reads")
    .expect("registered");
    let scope = domain::Scope {
        user_id: ada,
        role: domain::accounts::Role::Admin,
    };
    let language = || async {
        domain::accounts::preferences(&app.db, scope)
            .await
            .expect("reads")
            .language
    };
    let signed_out = app.post_form("/logout", &[], Some(&session)).await;
    assert_eq!(signed_out.status(), 303);

    // The old cookie is a visitor's now: the choice is this browser's only.
    let answer = app
        .call("choose_locale", &[("locale", "fr")], Some(&session))
        .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(locale_cookie(&answer).as_deref(), Some("fr"));
    assert_eq!(language().await, model::locale::Locale::En);
}

#[tokio::test]
async fn the_offline_pages_are_one_per_language_and_every_page_says_its_own() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/offline/fr"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-language"], "fr");
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let body = response.text().await.expect("body");
    assert_eq!(lang(&body), "fr");
    assert!(body.contains("<h1>Vous êtes hors ligne</h1>"), "{body}");
    assert!(
        body.contains("<title>Hors ligne · Commons</title>"),
        "{body}"
    );

    for garbage in [
        "/offline/de",
        "/offline/FR",
        "/offline/fr/more",
        "/offline/..%2Fsw.js",
        "/offline/%00",
        "/offline/last-language",
    ] {
        let status = app
            .client
            .get(app.url(garbage))
            .send()
            .await
            .expect("sent")
            .status();
        assert_eq!(status, 404, "{garbage}");
    }

    // What the service worker keeps to pick one: the language each page says it is in.
    let spanish = app
        .client
        .get(app.url("/login"))
        .header("accept", "text/html")
        .header("accept-language", "es-MX")
        .send()
        .await
        .expect("sent");
    assert_eq!(spanish.headers()["content-language"], "es");
    let chosen = app
        .client
        .get(app.url("/?locale=id"))
        .header("accept", "text/html")
        .header("accept-language", "es")
        .send()
        .await
        .expect("sent");
    assert_eq!(chosen.headers()["content-language"], "id");
}

#[tokio::test]
async fn signing_out_says_so_in_the_page_s_language() {
    let app = spawn_app().await;
    let session = app
        .register("Ada", "ada@example.com", crate::helpers::PASSWORD)
        .await;
    let signed_out = app
        .post_form("/logout", &[], Some(&format!("{session}; locale=fr")))
        .await;
    assert_eq!(signed_out.status(), 303);
    assert_eq!(crate::mail::flash(&signed_out), "Vous êtes déconnecté.");

    let session = app
        .sign_in("ada@example.com", crate::helpers::PASSWORD)
        .await;
    let everywhere = app
        .client
        .post(app.url("/logout/everywhere"))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "es")
        .header("cookie", &session)
        .send()
        .await
        .expect("sent");
    assert_eq!(everywhere.status(), 303);
    assert_eq!(
        crate::mail::flash(&everywhere),
        "Has cerrado sesión en todos los dispositivos."
    );
}
