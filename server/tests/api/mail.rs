//! Mail over HTTP: the welcome sent by the job runner into the dev mailbox, the forgotten
//! password flow from the ask to the mailed link to the new password, and the mailbox's pages
//! (only where mail is kept, only from this machine).

use std::time::{Duration, Instant};

use domain::mail::{Mailbox, StoredMail};
use server::settings::{MailAdapter, SmtpTls};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const OLD: &str = "Analytical-Engine-1843";
const NEW: &str = "Difference-Engine-1822";

/// The newest kept mail to `to` whose subject has `subject`, waiting up to 10 s for it.
pub(crate) async fn mail_to(app: &TestApp, to: &str, subject: &str) -> StoredMail {
    let mailbox = Mailbox::new(app.db.clone());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let listed = mailbox.list(100).await.expect("lists");
        if let Some(found) = listed
            .iter()
            .find(|mail| mail.recipient == to && mail.subject.contains(subject))
        {
            return mailbox.find(found.id).await.expect("reads").expect("kept");
        }
        assert!(Instant::now() < deadline, "no {subject:?} mail to {to}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The reset link's token, read from the mail's plain text.
fn token_in(mail: &StoredMail) -> String {
    let start = mail.text.find("?token=").expect("a reset link") + "?token=".len();
    mail.text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn forgot(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_form("/password/forgot", &[("email", email)], None)
        .await
}

async fn reset(
    app: &TestApp,
    token: &str,
    password: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    app.post_form(
        "/password/reset",
        &[
            ("token", token),
            ("password", password),
            ("password_confirmation", password),
        ],
        cookie,
    )
    .await
}

fn set_cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("a {name} cookie"))
        .to_owned()
}

/// The flash message's words.
pub(crate) fn flash(response: &reqwest::Response) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let cookie = set_cookie(response, "flash");
    let value = cookie["flash=".len()..].split(';').next().expect("a value");
    let json = URL_SAFE_NO_PAD.decode(value).expect("base64url");
    let flash: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    flash["message"].as_str().expect("words").to_owned()
}

#[tokio::test]
async fn a_new_account_gets_its_welcome_through_the_mail_queue() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", OLD).await;
    let welcome = mail_to(&app, "ada@example.com", "Welcome").await;
    assert!(welcome.text.starts_with("Hello Ada,"), "{}", welcome.text);
    assert!(
        welcome
            .headers
            .contains("From: Commons <noreply@commons.localhost>")
    );
    assert!(
        welcome.text.contains(&format!("{}/chat", app.address)),
        "links start with the node's own address: {}",
        welcome.text
    );
}

#[tokio::test]
async fn forgot_password_answers_alike_for_an_account_and_for_nobody() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", OLD).await;
    let owner = forgot(&app, "ada@example.com").await;
    let nobody = forgot(&app, "bob@example.com").await;
    for response in [&owner, &nobody] {
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/login");
    }
    assert_eq!(
        flash(&owner).replace("ada", "xxx"),
        flash(&nobody).replace("bob", "xxx"),
        "the same words but for the address"
    );
    // Both asks did the same work: one job each, the same kind.
    let filter = domain::jobs::Filter {
        kind: Some("mail.password_reset".into()),
        ..Default::default()
    };
    let jobs = domain::jobs::list(&app.db, &filter, None, 10)
        .await
        .expect("lists");
    assert_eq!(jobs.len(), 2);

    // Only the owner gets a mail.
    mail_to(&app, "ada@example.com", "Reset").await;
    let mailbox = Mailbox::new(app.db.clone());
    let deadline = Instant::now() + Duration::from_secs(10);
    while domain::jobs::list(&app.db, &filter, None, 10)
        .await
        .expect("lists")
        .iter()
        .any(|job| !job.state().is_finished())
    {
        assert!(Instant::now() < deadline, "the reset jobs finish");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let to_bob = mailbox.list(100).await.expect("lists");
    assert!(
        to_bob
            .iter()
            .all(|mail| mail.recipient != "bob@example.com")
    );
}

#[tokio::test]
async fn the_mailed_link_sets_a_new_password_once_and_signs_out_everywhere() {
    let app = spawn_app().await;
    let session = app.register("Ada", "ada@example.com", OLD).await;
    assert_eq!(forgot(&app, "ADA@example.com").await.status(), 303);
    let mail = mail_to(&app, "ada@example.com", "Reset").await;
    let token = token_in(&mail);
    assert_eq!(token.len(), 43, "256 bits: {}", mail.text);
    let page = app
        .get_page(&format!("/password/reset?token={token}"), None)
        .await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text().await.expect("a page").contains(&token),
        "the token rides in the form"
    );

    let done = reset(&app, &token, NEW, Some(&session)).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/login");
    let ended = set_cookie(&done, "session");
    assert!(
        ended.contains("Max-Age=0"),
        "this browser's cookie is cleared: {ended}"
    );
    assert_eq!(
        app.get_page("/profile", Some(&session)).await.status(),
        302,
        "the session from before the reset is over"
    );
    app.sign_in("ada@example.com", NEW).await;

    let again = reset(&app, &token, "Another-Password-1", None).await;
    assert_eq!(again.status(), 422, "a link works once");
    assert!(
        again
            .text()
            .await
            .expect("a page")
            .contains("expired or was already used")
    );
    app.sign_in("ada@example.com", NEW).await;
}

#[tokio::test]
async fn garbage_in_the_reset_forms_is_a_clear_refusal_never_a_failure() {
    let app = spawn_app().await;
    for (token, password) in [
        ("", NEW),
        ("not-a-token", NEW),
        (&"a".repeat(20_000) as &str, NEW),
        ("x", "short"),
    ] {
        let status = reset(&app, token, password, None).await.status();
        assert_eq!(status, 422, "{token:.10} / {password}");
    }
    let mismatched = app
        .post_form(
            "/password/reset",
            &[
                ("token", "t"),
                ("password", NEW),
                ("password_confirmation", OLD),
            ],
            None,
        )
        .await;
    assert_eq!(mismatched.status(), 422);
    for email in ["", "not an address", &"a".repeat(5_000)] {
        assert_eq!(forgot(&app, email).await.status(), 422, "{email:.10}");
    }
    let no_fields = app.post_form("/password/forgot", &[], None).await;
    assert_eq!(no_fields.status(), 422);
    // The server functions say the same, in JSON.
    let refused = app
        .call(
            "reset_password",
            &[
                ("form[token]", "nope"),
                ("form[password]", NEW),
                ("form[password_confirmation]", NEW),
            ],
            None,
        )
        .await;
    assert_eq!(refused.status(), 422);
}

#[tokio::test]
async fn asking_for_links_is_limited_per_address() {
    let app = spawn_app_with(|settings| {
        settings.limits.password_resets_per_address = 3;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(forgot(&app, "ada@example.com").await.status(), 303);
    }
    let limited = forgot(&app, "someone@example.com").await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn the_mailbox_shows_kept_mail_to_this_machine_with_its_html_sandboxed() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", OLD).await;
    let welcome = mail_to(&app, "ada@example.com", "Welcome").await;
    let id = welcome.summary.id;

    let page = app.get_page(&format!("/dev/mailbox?id={id}"), None).await;
    assert_eq!(page.status(), 200);
    let body = page.text().await.expect("a page");
    assert!(body.contains("Welcome to Commons"), "{body:.300}");
    assert!(body.contains(&format!("/dev/mailbox/{id}/html")));

    let html = app.get(&format!("/dev/mailbox/{id}/html")).await;
    assert_eq!(html.status(), 200);
    let policy = html.headers()["content-security-policy"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(
        policy.contains("sandbox") && policy.contains("default-src 'none'"),
        "{policy}"
    );
    assert!(
        html.text()
            .await
            .expect("HTML")
            .contains("<h1>Hello Ada</h1>")
    );
    assert_eq!(
        app.get(&format!("/dev/mailbox/{}/html", id + 100))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/dev/mailbox/{id}/attachments/0"))
            .await
            .status(),
        404
    );
    assert_eq!(app.get("/dev/mailbox/abc/html").await.status(), 400);

    let listed = app.call("mailbox_list", &[], None).await;
    assert_eq!(listed.status(), 200);
}

#[tokio::test]
async fn where_mail_is_sent_there_is_no_mailbox_at_all() {
    let app = spawn_app_with(|settings| {
        settings.mail.adapter = Some(MailAdapter::Smtp);
        settings.mail.smtp.host = "127.0.0.1".into();
        settings.mail.smtp.port = 9;
        settings.mail.smtp.tls = SmtpTls::None;
    })
    .await;
    assert_eq!(app.get_page("/dev/mailbox", None).await.status(), 404);
    assert_eq!(app.get("/dev/mailbox/1/html").await.status(), 404);
    assert_eq!(app.call("mailbox_list", &[], None).await.status(), 404);
    // The welcome is not lost: its job waits to be tried again.
    app.register("Ada", "ada@example.com", OLD).await;
    let filter = domain::jobs::Filter {
        kind: Some("mail.welcome".into()),
        ..Default::default()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let jobs = domain::jobs::list(&app.db, &filter, None, 10)
            .await
            .expect("lists");
        if jobs
            .first()
            .is_some_and(|job| job.state() == domain::jobs::JobState::Retryable)
        {
            let errors = domain::jobs::job_errors(&app.db, jobs[0].id)
                .await
                .expect("reads");
            assert!(errors[0].error.contains("SMTP"), "{}", errors[0].error);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the failed welcome is kept for a retry"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_weekly_digest_schedule_run_now_mails_each_person_who_asked_their_week() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", OLD).await;
    app.register("Bob", "bob@example.com", OLD).await;
    let ada = domain::accounts::user_id_by_email(
        &app.db,
        &model::accounts::Email::parse("ada@example.com").expect("valid"),
    )
    .await
    .expect("reads")
    .expect("there");
    let scope = domain::Scope {
        user_id: ada,
        role: domain::accounts::Role::Admin,
    };
    // Bob wants no digest.
    let bob = domain::accounts::user_id_by_email(
        &app.db,
        &model::accounts::Email::parse("bob@example.com").expect("valid"),
    )
    .await
    .expect("reads")
    .expect("there");
    let never = model::accounts::PreferencesPatch {
        notifications: Some(model::accounts::NotificationsPatch {
            digest: Some(model::accounts::Digest::Never),
            ..Default::default()
        }),
        ..Default::default()
    };
    domain::accounts::update_preferences(
        &app.db,
        domain::Scope {
            user_id: bob,
            role: domain::accounts::Role::User,
        },
        never,
    )
    .await
    .expect("saves");
    let chat = domain::chat::Chat::new(app.db.clone(), app.pubsub.clone());
    let room = chat
        .create_room(
            scope,
            model::chat::RoomName::parse("Engines").expect("valid"),
            false,
        )
        .await
        .expect("creates");
    for text in ["one", "two"] {
        chat.post_message(
            scope,
            room.id,
            model::chat::MessageBody::parse(text).expect("valid"),
        )
        .await
        .expect("posts");
    }

    let weekly = domain::schedules::list(&app.db)
        .await
        .expect("lists")
        .into_iter()
        .find(|schedule| schedule.name == "Weekly digest")
        .expect("the node made it");
    assert!(weekly.builtin);
    let now = chrono::Utc::now().timestamp_millis();
    domain::schedules::run_now(&app.db, scope, weekly.id, now)
        .await
        .expect("runs now");

    let digest = mail_to(&app, "ada@example.com", "Your week in Commons").await;
    assert!(
        digest
            .text
            .contains("2 messages were posted in 1 of your rooms; 2 were yours."),
        "{}",
        digest.text
    );
    assert_eq!(digest.attachments.len(), 1);
    let csv = Mailbox::new(app.db.clone())
        .attachment(digest.summary.id, 0)
        .await
        .expect("reads")
        .expect("there");
    let csv = String::from_utf8(csv.content).expect("UTF-8");
    assert!(csv.starts_with("day,room,messages,yours\n"), "{csv}");
    assert!(csv.contains(",Engines,2,2\n"), "{csv}");
    // Bob asked for none: once the fan-out is done, there is no digest job for him.
    let fan_out = domain::jobs::Filter {
        kind: Some("mail.digests".into()),
        ..Default::default()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !domain::jobs::list(&app.db, &fan_out, None, 10)
        .await
        .expect("lists")
        .iter()
        .all(|job| job.state() == domain::jobs::JobState::Completed)
    {
        assert!(Instant::now() < deadline, "the fan-out finishes");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let digests = domain::jobs::Filter {
        kind: Some("mail.digest".into()),
        ..Default::default()
    };
    let jobs = domain::jobs::list(&app.db, &digests, None, 10)
        .await
        .expect("lists");
    assert_eq!(jobs.len(), 1, "Ada's only");
    assert!(
        jobs[0].args.contains(&format!("\"user_id\":{ada}")),
        "{}",
        jobs[0].args
    );
}
