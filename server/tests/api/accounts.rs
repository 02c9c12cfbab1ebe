//! The accounts domain against a real database (both backends).

use domain::accounts::{self, AccountsError, Role};
use domain::with_pool;
use model::{
    accounts::{Age, Email, Password, PersonName, Registration},
    locale::Locale,
};

use crate::helpers::{disable_every_account, spawn_app};

fn new_user(email: &str, name: &str) -> Registration {
    Registration {
        email: Email::parse(email).expect("valid email"),
        name: PersonName::parse(name).expect("valid name"),
        age: Age::parse_optional("36").expect("valid age"),
        password: Password::parse("Analytical-Engine-1843").expect("valid password"),
        language: Locale::En,
    }
}

#[tokio::test]
async fn registering_creates_the_account_and_the_very_first_one_is_an_admin() {
    let app = spawn_app().await;
    let ada = accounts::register(
        &app.db,
        new_user(" Ada@Example.COM ", "<b>Ada</b> Lovelace"),
    )
    .await
    .expect("registers");
    assert_eq!(ada.email, "Ada@example.com");
    assert_eq!(ada.name, "Ada Lovelace");
    assert_eq!(ada.age, Some(36));
    assert_eq!(ada.role, Role::Admin);
    assert!(ada.active);
    assert_eq!(ada.confirmed_at, None);

    let charles = accounts::register(&app.db, new_user("charles@example.com", "Charles"))
        .await
        .expect("registers");
    assert_eq!(charles.role, Role::User);
    assert!(charles.id > ada.id);
}

#[tokio::test]
async fn simultaneous_first_registrations_make_exactly_one_admin() {
    let app = spawn_app().await;
    let registrations = (0..4).map(|i| {
        let db = app.db.clone();
        tokio::spawn(async move {
            accounts::register(&db, new_user(&format!("user{i}@example.com"), "Racer")).await
        })
    });
    let mut admins = 0;
    for registration in registrations {
        let user = registration
            .await
            .expect("the task runs")
            .expect("registers");
        admins += usize::from(user.role == Role::Admin);
    }
    assert_eq!(admins, 1);
}

#[tokio::test]
async fn an_email_already_used_in_any_letter_case_is_taken() {
    let app = spawn_app().await;
    accounts::register(&app.db, new_user("ada@example.com", "Ada"))
        .await
        .expect("registers");
    let again = accounts::register(&app.db, new_user("ADA@Example.com", "Impostor")).await;
    assert!(matches!(again, Err(AccountsError::EmailTaken)), "{again:?}");

    accounts::register(&app.db, new_user("josé@example.com", "José"))
        .await
        .expect("registers");
    let unicode = accounts::register(&app.db, new_user("JOSÉ@example.com", "José again")).await;
    assert!(
        matches!(unicode, Err(AccountsError::EmailTaken)),
        "non-ASCII case folds too: {unicode:?}"
    );

    let taken = |email: &str| {
        let db = app.db.clone();
        let email = Email::parse(email).expect("valid");
        async move {
            accounts::email_taken(&db, &email)
                .await
                .expect("query runs")
        }
    };
    assert!(taken("Ada@EXAMPLE.com").await);
    assert!(!taken("grace@example.com").await);
}

#[tokio::test]
async fn the_password_is_stored_only_as_an_argon2id_hash() {
    let app = spawn_app().await;
    accounts::register(&app.db, new_user("ada@example.com", "Ada"))
        .await
        .expect("registers");
    let stored: String = with_pool!(&app.db, |pool| {
        sqlx::query_scalar("SELECT password_hash FROM users")
            .fetch_one(pool)
            .await
    })
    .expect("one row");
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("Analytical"));
}

#[tokio::test]
async fn signing_in_works_with_the_right_password_in_any_email_case() {
    let app = spawn_app().await;
    let ada = accounts::register(&app.db, new_user("ada@example.com", "Ada"))
        .await
        .expect("registers");
    let signed_in = accounts::authenticate(&app.db, "  ADA@example.com", "Analytical-Engine-1843")
        .await
        .expect("signs in");
    assert_eq!(signed_in.id, ada.id);
}

#[tokio::test]
async fn a_wrong_password_an_unknown_email_and_a_malformed_one_fail_alike() {
    let app = spawn_app().await;
    accounts::register(&app.db, new_user("ada@example.com", "Ada"))
        .await
        .expect("registers");
    for (email, password) in [
        ("ada@example.com", "analytical-engine-1843"),
        ("grace@example.com", "Analytical-Engine-1843"),
        ("not an email", "Analytical-Engine-1843"),
        ("ada@example.com", ""),
    ] {
        let outcome = accounts::authenticate(&app.db, email, password).await;
        assert!(
            matches!(outcome, Err(AccountsError::InvalidCredentials)),
            "{email}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in() {
    let app = spawn_app().await;
    accounts::register(&app.db, new_user("ada@example.com", "Ada"))
        .await
        .expect("registers");
    disable_every_account(&app.db).await;
    let outcome =
        accounts::authenticate(&app.db, "ada@example.com", "Analytical-Engine-1843").await;
    assert!(
        matches!(outcome, Err(AccountsError::InvalidCredentials)),
        "{outcome:?}"
    );
}
