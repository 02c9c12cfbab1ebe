//! The sign-in lockout against a real database (both backends).

use std::time::Duration;

use domain::{
    accounts::{self, AccountsError, LOCKOUT_WINDOW, MAX_FAILURES, SignIn},
    db::Db,
    with_pool,
};

use crate::helpers::{PASSWORD, register_user, spawn_app};

const RIGHT: &str = PASSWORD;
const HOME: &str = "203.0.113.7";

async fn attempt(db: &Db, email: &str, password: &str, ip: &str) -> Result<i64, AccountsError> {
    accounts::sign_in(
        db,
        SignIn {
            email,
            password,
            ip,
        },
    )
    .await
    .map(|user| user.id)
}

async fn fail_times(db: &Db, email: &str, ip: &str, times: i64) {
    for _ in 0..times {
        let outcome = attempt(db, email, "Wrong-Password-1", ip).await;
        assert!(
            matches!(outcome, Err(AccountsError::InvalidCredentials)),
            "{outcome:?}"
        );
    }
}

#[tokio::test]
async fn five_failures_lock_that_email_out_from_that_address_even_with_the_right_password() {
    let app = spawn_app().await;
    register_user(&app.db, "ada@example.com").await;
    fail_times(&app.db, "ada@example.com", HOME, MAX_FAILURES).await;

    match attempt(&app.db, "ADA@example.com", RIGHT, HOME).await {
        Err(AccountsError::TooManyAttempts { retry_after }) => {
            assert!(
                retry_after > Duration::ZERO && retry_after <= LOCKOUT_WINDOW,
                "{retry_after:?}"
            );
        }
        other => panic!("expected a lockout, got {other:?}"),
    }
}

#[tokio::test]
async fn the_lockout_holds_only_for_that_email_and_address() {
    let app = spawn_app().await;
    register_user(&app.db, "ada@example.com").await;
    register_user(&app.db, "grace@example.com").await;
    fail_times(&app.db, "ada@example.com", HOME, MAX_FAILURES).await;

    assert!(
        attempt(&app.db, "ada@example.com", RIGHT, "198.51.100.1")
            .await
            .is_ok(),
        "another address"
    );
    assert!(
        attempt(&app.db, "grace@example.com", RIGHT, HOME)
            .await
            .is_ok(),
        "another email"
    );
}

#[tokio::test]
async fn a_successful_sign_in_forgets_earlier_failures() {
    let app = spawn_app().await;
    register_user(&app.db, "ada@example.com").await;
    fail_times(&app.db, "ada@example.com", HOME, MAX_FAILURES - 1).await;
    assert!(
        attempt(&app.db, "ada@example.com", RIGHT, HOME)
            .await
            .is_ok()
    );
    fail_times(&app.db, "ada@example.com", HOME, MAX_FAILURES - 1).await;
    assert!(
        attempt(&app.db, "ada@example.com", RIGHT, HOME)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn unknown_emails_are_locked_out_the_same_way() {
    let app = spawn_app().await;
    fail_times(&app.db, "nobody@example.com", HOME, MAX_FAILURES).await;
    let outcome = attempt(&app.db, "nobody@example.com", "Wrong-Password-1", HOME).await;
    assert!(
        matches!(outcome, Err(AccountsError::TooManyAttempts { .. })),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn failures_older_than_the_window_no_longer_count() {
    let app = spawn_app().await;
    register_user(&app.db, "ada@example.com").await;
    fail_times(&app.db, "ada@example.com", HOME, MAX_FAILURES).await;
    let window = i64::try_from(LOCKOUT_WINDOW.as_secs()).expect("fits");
    with_pool!(&app.db, |pool| {
        sqlx::query("UPDATE sign_in_failures SET failed_at = failed_at - $1")
            .bind(window)
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("aged");
    assert!(
        attempt(&app.db, "ada@example.com", RIGHT, HOME)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn parallel_guesses_get_exactly_as_many_password_checks_as_the_lockout_allows() {
    let app = spawn_app().await;
    register_user(&app.db, "ada@example.com").await;
    let guesses = (0..50).map(|n| {
        let db = app.db.clone();
        tokio::spawn(async move {
            let password = format!("Wrong-Password-{n}");
            attempt(&db, "ada@example.com", &password, HOME).await
        })
    });
    let (mut checked, mut refused) = (0, 0);
    for guess in futures_util::future::join_all(guesses).await {
        match guess.expect("the task does not panic") {
            Err(AccountsError::InvalidCredentials) => checked += 1,
            Err(AccountsError::TooManyAttempts { .. }) => refused += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(checked, MAX_FAILURES, "only five passwords were checked");
    assert_eq!(refused, 50 - MAX_FAILURES);
    assert!(
        matches!(
            attempt(&app.db, "ada@example.com", RIGHT, HOME).await,
            Err(AccountsError::TooManyAttempts { .. })
        ),
        "and the right one is locked out too"
    );
}
