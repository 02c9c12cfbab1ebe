//! What the accounts put on the `mail` queue (the welcome, the reset link), the reset flow's
//! rules, and the dev mailbox's table.

use chrono::Utc;
use domain::{
    accounts::{
        self, AccountsError, PasswordResetMail, ResetToken, User, WelcomeMail, issue_reset_token,
        request_password_reset, reset_password, reset_token_is_valid,
    },
    jobs::{self, Filter, Job},
    mail::{Address, Attachment, Mail, Mailbox, Mailer},
    sessions,
};
use model::accounts::{Email, Password, RegistrationForm};
use pubsub::PubSub;

use super::{T0, TestDb};

async fn register(db: &domain::db::Db, email: &str) -> User {
    let password = "Analytical-Engine-1843";
    let form = RegistrationForm {
        name: "Ada".into(),
        email: email.into(),
        age: String::new(),
        password: password.into(),
        password_confirmation: password.into(),
    };
    accounts::register(db, form.parse().expect("valid"))
        .await
        .expect("registers")
}

async fn mail_jobs(db: &domain::db::Db, kind: &str) -> Vec<jobs::JobRecord> {
    let filter = Filter {
        kind: Some(kind.into()),
        ..Filter::default()
    };
    jobs::list(db, &filter, None, 100).await.expect("lists")
}

fn new_password() -> Password {
    Password::parse("Difference-Engine-1822").expect("valid")
}

#[tokio::test]
async fn registering_enqueues_the_welcome_on_the_mail_queue_once() {
    let TestDb { db, _database } = TestDb::create().await;
    let ada = register(&db, "ada@example.com").await;
    let welcomes = mail_jobs(&db, WelcomeMail::KIND).await;
    assert_eq!(welcomes.len(), 1);
    assert_eq!(welcomes[0].queue, "mail");
    let args: WelcomeMail = serde_json::from_str(&welcomes[0].args).expect("reads");
    assert_eq!(args.user_id, ada.id);
    // A refused registration (the address is taken) leaves no second welcome behind.
    let form = RegistrationForm {
        name: "Ada again".into(),
        email: "ADA@example.com".into(),
        age: String::new(),
        password: "Analytical-Engine-1843".into(),
        password_confirmation: "Analytical-Engine-1843".into(),
    };
    let again = accounts::register(&db, form.parse().expect("valid")).await;
    assert!(matches!(again, Err(AccountsError::EmailTaken)));
    assert_eq!(mail_jobs(&db, WelcomeMail::KIND).await.len(), 1);
}

#[tokio::test]
async fn asking_for_a_reset_enqueues_the_same_job_whether_or_not_the_address_has_an_account() {
    let TestDb { db, _database } = TestDb::create().await;
    register(&db, "ada@example.com").await;
    for email in [
        "ada@example.com",
        "nobody@example.com",
        "Nobody@Example.com",
    ] {
        let email = Email::parse(email).expect("valid");
        request_password_reset(&db, &email, T0).await.expect("asks");
    }
    let asked = mail_jobs(&db, PasswordResetMail::KIND).await;
    assert_eq!(
        asked.len(),
        2,
        "one per address while one waits, whatever its case"
    );
    // The job finds no account behind the unknown address, and makes no token.
    let none = issue_reset_token(&db, "nobody@example.com", T0 / 1000)
        .await
        .expect("runs");
    assert!(none.is_none());
}

#[tokio::test]
async fn a_reset_token_works_once_ends_every_session_and_spends_the_others() {
    let TestDb { db, _database } = TestDb::create().await;
    let pubsub = PubSub::local();
    let ada = register(&db, "ada@example.com").await;
    let session = sessions::start(&db, ada.id, None).await.expect("signs in");
    let now = Utc::now().timestamp();
    let (owner, first) = issue_reset_token(&db, "ADA@example.com", now)
        .await
        .expect("runs")
        .expect("the owner's");
    assert_eq!(owner.id, ada.id);
    let (_, second) = issue_reset_token(&db, "ada@example.com", now)
        .await
        .expect("runs")
        .expect("the owner's");
    assert_ne!(first, second);
    assert_eq!(first.expose().len(), 43, "256 bits, base64url");
    assert!(!format!("{first:?}").contains(first.expose()));

    let reset = reset_password(&db, &pubsub, &first, new_password(), now)
        .await
        .expect("resets");
    assert_eq!(reset.id, ada.id);
    let again = reset_password(&db, &pubsub, &first, new_password(), now).await;
    assert!(
        matches!(again, Err(AccountsError::InvalidResetToken)),
        "used once"
    );
    assert!(
        !reset_token_is_valid(&db, &second, now)
            .await
            .expect("reads"),
        "a reset spends every other token of the person"
    );
    assert!(
        sessions::resume(&db, &session)
            .await
            .expect("reads")
            .is_none(),
        "every session ended"
    );
    accounts::authenticate(&db, "ada@example.com", "Difference-Engine-1822")
        .await
        .expect("the new password opens the account");
    assert!(matches!(
        accounts::authenticate(&db, "ada@example.com", "Analytical-Engine-1843").await,
        Err(AccountsError::InvalidCredentials)
    ));
}

#[tokio::test]
async fn an_expired_unknown_or_raced_token_opens_nothing() {
    let TestDb { db, _database } = TestDb::create().await;
    let pubsub = PubSub::local();
    register(&db, "ada@example.com").await;
    let now = Utc::now().timestamp();
    let (_, token) = issue_reset_token(&db, "ada@example.com", now - 3600)
        .await
        .expect("runs")
        .expect("the owner's");
    let expired = reset_password(&db, &pubsub, &token, new_password(), now).await;
    assert!(matches!(expired, Err(AccountsError::InvalidResetToken)));
    for garbage in ["", "x", &"a".repeat(10_000), "' OR 1=1 --"] {
        let unknown = ResetToken::from_link(garbage);
        let refused = reset_password(&db, &pubsub, &unknown, new_password(), now).await;
        assert!(matches!(refused, Err(AccountsError::InvalidResetToken)));
    }

    // Two resets with one token at once: exactly one wins.
    let (_, token) = issue_reset_token(&db, "ada@example.com", now)
        .await
        .expect("runs")
        .expect("the owner's");
    let (a, b) = tokio::join!(
        reset_password(&db, &pubsub, &token, new_password(), now),
        reset_password(&db, &pubsub, &token, new_password(), now),
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
}

#[tokio::test]
async fn the_mailbox_keeps_each_mail_with_its_headers_bodies_and_files() {
    let TestDb { db, _database } = TestDb::create().await;
    let mailbox = Mailbox::new(db.clone());
    let mail = Mail {
        from: Address::new("Commons", "noreply@commons.test"),
        to: Address::new("Ada", "ada@example.com"),
        subject: "Your week".into(),
        text: "Hello".into(),
        html: "<p>Hello</p>".into(),
        attachments: vec![Attachment {
            filename: "week.csv".into(),
            content_type: "text/csv; charset=utf-8".into(),
            content: vec![0, 159, 146, 150, b'\n'],
        }],
    };
    mailbox.deliver(&mail).await.expect("kept");
    let listed = mailbox.list(50).await.expect("lists");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].recipient.as_str(), listed[0].subject.as_str()),
        ("ada@example.com", "Your week")
    );
    let kept = mailbox
        .find(listed[0].id)
        .await
        .expect("reads")
        .expect("there");
    assert!(
        kept.headers.contains("Subject: Your week"),
        "{}",
        kept.headers
    );
    assert!(kept.headers.contains("Message-ID: <"), "{}", kept.headers);
    assert_eq!(
        (kept.text.as_str(), kept.html.as_str()),
        ("Hello", "<p>Hello</p>")
    );
    assert_eq!(kept.attachments.len(), 1);
    assert_eq!(kept.attachments[0].size, 5);
    let file = mailbox
        .attachment(listed[0].id, 0)
        .await
        .expect("reads")
        .expect("there");
    assert_eq!(
        file, mail.attachments[0],
        "the bytes come back as they went"
    );
    assert!(
        mailbox
            .attachment(listed[0].id, 1)
            .await
            .expect("reads")
            .is_none()
    );
    assert_eq!(mailbox.clear().await.expect("clears"), 1);
    assert!(mailbox.list(50).await.expect("lists").is_empty());
}
