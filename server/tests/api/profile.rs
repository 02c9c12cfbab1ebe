//! Profile changes against a real database (both backends).

use domain::{
    accounts::{self, AccountsError, SignIn},
    db::Db,
    sessions,
};
use model::accounts::{PasswordChangeForm, ProfileForm};

use crate::helpers::{PASSWORD, register_user, spawn_app};

const OLD: &str = PASSWORD;
const NEW: &str = "Difference-Engine-1822";

fn change(current: &str) -> model::accounts::PasswordChange {
    PasswordChangeForm {
        current_password: current.into(),
        password: NEW.into(),
        password_confirmation: NEW.into(),
    }
    .parse()
    .expect("valid form")
}

async fn signs_in(db: &Db, password: &str) -> bool {
    accounts::sign_in(
        db,
        SignIn {
            email: "ada@example.com",
            password,
            ip: "192.0.2.1",
        },
    )
    .await
    .is_ok()
}

#[tokio::test]
async fn details_are_saved_with_the_same_rules_as_registration() {
    let app = spawn_app().await;
    let id = register_user(&app.db, "ada@example.com").await.id;
    let changes = ProfileForm {
        name: "  Ada   King ".into(),
        age: "36".into(),
    }
    .parse()
    .expect("valid");
    let user = accounts::update_profile(&app.db, scope(id), changes)
        .await
        .expect("saved");
    assert_eq!(user.name, "Ada King");
    assert_eq!(user.age, Some(36));
    assert!(user.updated_at >= user.inserted_at);
}

#[tokio::test]
async fn a_wrong_current_password_changes_nothing() {
    let app = spawn_app().await;
    let id = register_user(&app.db, "ada@example.com").await.id;
    let here = sessions::start(&app.db, id, None).await.expect("starts");
    let outcome =
        accounts::change_password(&app.db, &app.pubsub, scope(id), change("Not-It-1"), &here).await;
    assert!(
        matches!(outcome, Err(AccountsError::WrongCurrentPassword)),
        "{outcome:?}"
    );
    assert!(signs_in(&app.db, OLD).await);
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session_and_renews_this_one() {
    let app = spawn_app().await;
    let id = register_user(&app.db, "ada@example.com").await.id;
    let here = sessions::start(&app.db, id, None).await.expect("starts");
    let elsewhere = sessions::start(&app.db, id, None).await.expect("starts");
    let before = sessions::resume(&app.db, &here)
        .await
        .expect("runs")
        .expect("live")
        .id;

    let changed = accounts::change_password(&app.db, &app.pubsub, scope(id), change(OLD), &here)
        .await
        .expect("changed");
    assert_eq!(changed.others_ended, 1);
    let renewed = sessions::resume(&app.db, &changed.token)
        .await
        .expect("runs")
        .expect("this browser stays signed in, under the new token");
    assert_ne!(
        renewed.id, before,
        "socket tokens of before name nothing now"
    );
    assert!(
        sessions::socket_user(&app.db, id, &before)
            .await
            .expect("runs")
            .is_none()
    );
    assert!(
        sessions::resume(&app.db, &here)
            .await
            .expect("runs")
            .is_none(),
        "the old cookie is worthless"
    );
    assert!(
        sessions::resume(&app.db, &elsewhere)
            .await
            .expect("runs")
            .is_none()
    );
    assert!(!signs_in(&app.db, OLD).await);
    assert!(signs_in(&app.db, NEW).await);
}

/// An ordinary person acting on their own account.
fn scope(user_id: i64) -> domain::Scope {
    domain::Scope {
        user_id,
        role: domain::accounts::Role::User,
    }
}
