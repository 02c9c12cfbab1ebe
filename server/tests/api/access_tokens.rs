//! Personal access tokens in the domain, on the real database (both backends): made and shown
//! once, opening only while live, revoked by their owner only, capped per person even when
//! made all at once.

use domain::{
    Scope,
    access_tokens::{self, AccessTokenError, MAX_PER_PERSON, OpenedTokens, PREFIX},
    accounts, with_pool,
};
use model::{
    accounts::{PreferencesPatch, ProfileForm},
    api::{AccessTokenForm, NewAccessToken, TokenScope},
};

use crate::helpers::{disable_every_account, register_user, spawn_app};

fn new_token(name: &str, scope: &str, days: &str) -> NewAccessToken {
    AccessTokenForm {
        name: name.into(),
        scope: scope.into(),
        expires_in_days: days.into(),
    }
    .parse()
    .expect("a valid token form")
}

#[tokio::test]
async fn a_token_opens_as_its_owner_with_its_scope_and_is_listed_without_its_secret() {
    let app = spawn_app().await;
    let ada = Scope::for_user(&register_user(&app.db, "ada@example.com").await);
    let (token, secret) = access_tokens::create(&app.db, ada, new_token("script", "read", "30"))
        .await
        .expect("made");
    assert!(secret.expose().starts_with(PREFIX));
    assert_eq!(format!("{secret:?}"), "Secret([REDACTED])");
    assert_eq!(token.scope, TokenScope::Read);
    assert_eq!(token.expires_at, Some(token.created_at + 30 * 24 * 60 * 60));
    assert_eq!(token.last_used_at, None);

    let bearer = access_tokens::authenticate(&app.db, secret.expose())
        .await
        .expect("looked up")
        .expect("the token opens");
    assert_eq!(
        (bearer.user.id, bearer.token_id, bearer.scope),
        (ada.user_id, token.id, TokenScope::Read)
    );

    let listed = access_tokens::list(&app.db, ada).await.expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "script");
    assert!(listed[0].last_used_at.is_some(), "using it marks it used");
}

#[tokio::test]
async fn a_revoked_expired_foreign_or_disabled_accounts_token_opens_nothing() {
    let app = spawn_app().await;
    let ada = Scope::for_user(&register_user(&app.db, "ada@example.com").await);
    let bo = Scope::for_user(&register_user(&app.db, "bo@example.com").await);
    let make = async |name: &str, days: &str| {
        access_tokens::create(&app.db, ada, new_token(name, "read write", days))
            .await
            .expect("made")
    };
    let opens = async |secret: &str| {
        access_tokens::authenticate(&app.db, secret)
            .await
            .expect("looked up")
            .is_some()
    };

    let (revoked, revoked_secret) = make("revoked", "").await;
    assert!(opens(revoked_secret.expose()).await);
    assert!(
        matches!(
            access_tokens::revoke(&app.db, bo, revoked.id).await,
            Err(AccessTokenError::NotFound)
        ),
        "only its owner revokes a token"
    );
    assert!(opens(revoked_secret.expose()).await);
    access_tokens::revoke(&app.db, ada, revoked.id)
        .await
        .expect("revoked");
    assert!(!opens(revoked_secret.expose()).await);
    assert!(matches!(
        access_tokens::revoke(&app.db, ada, revoked.id).await,
        Err(AccessTokenError::NotFound)
    ));

    let (expired, expired_secret) = make("expired", "1").await;
    with_pool!(&app.db, |pool| {
        sqlx::query("UPDATE access_tokens SET expires_at = $1 WHERE id = $2")
            .bind(expired.created_at - 1)
            .bind(expired.id)
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("backdated");
    assert!(!opens(expired_secret.expose()).await);

    let mut tampered = make("tampered", "").await.1.expose().to_owned();
    tampered.push('x');
    for garbage in [
        "",
        PREFIX,
        "cmn_nonsense",
        "Bearer cmn_x",
        &tampered,
        "\u{0}",
    ] {
        assert!(!opens(garbage).await, "{garbage:?}");
    }

    let (_, live) = make("live", "").await;
    disable_every_account(&app.db).await;
    assert!(!opens(live.expose()).await, "a disabled account's token");
}

#[tokio::test]
async fn a_person_holds_at_most_the_cap_even_when_making_them_all_at_once() {
    let app = spawn_app().await;
    let ada = Scope::for_user(&register_user(&app.db, "ada@example.com").await);
    for n in 0..MAX_PER_PERSON - 5 {
        access_tokens::create(&app.db, ada, new_token(&format!("t{n}"), "read", ""))
            .await
            .expect("under the cap");
    }
    let mut racing = tokio::task::JoinSet::new();
    for n in 0..20 {
        let db = app.db.clone();
        racing.spawn(async move {
            access_tokens::create(&db, ada, new_token(&format!("race{n}"), "read", "")).await
        });
    }
    let (mut made, mut refused) = (0, 0);
    while let Some(outcome) = racing.join_next().await {
        match outcome.expect("ran") {
            Ok(_) => made += 1,
            Err(AccessTokenError::TooMany) => refused += 1,
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    assert_eq!((made, refused), (5, 15));
    let held = access_tokens::list(&app.db, ada)
        .await
        .expect("listed")
        .len();
    assert_eq!(i64::try_from(held).expect("small"), MAX_PER_PERSON);
}

#[tokio::test]
async fn an_opened_token_is_remembered_until_a_verb_changes_who_is_who() {
    let app = spawn_app().await;
    let ada = Scope::for_user(&register_user(&app.db, "ada@example.com").await);
    let (token, secret) = access_tokens::create(&app.db, ada, new_token("script", "read", ""))
        .await
        .expect("made");
    let opened = OpenedTokens::new();
    let open = async || {
        opened
            .open(&app.db, secret.expose())
            .await
            .expect("looked up")
    };
    assert_eq!(open().await.expect("opens").user.name, "Ada");
    assert_eq!(opened.len(), 1);

    // Behind the domain's back, nothing is seen: the answer comes from memory.
    with_pool!(&app.db, |pool| {
        sqlx::query("UPDATE users SET name = 'Changed behind its back'")
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("renamed");
    assert_eq!(open().await.expect("remembered").user.name, "Ada");

    // Through a verb, the next request sees it.
    let renamed = ProfileForm {
        name: "Ada Lovelace".into(),
        age: String::new(),
    }
    .parse()
    .expect("valid");
    accounts::update_profile(&app.db, ada, renamed)
        .await
        .expect("saved");
    assert_eq!(open().await.expect("opens").user.name, "Ada Lovelace");

    let patch: PreferencesPatch =
        serde_json::from_value(serde_json::json!({ "chat": { "enter_sends": false } }))
            .expect("a patch");
    accounts::update_preferences(&app.db, ada, patch)
        .await
        .expect("saved");
    assert!(!open().await.expect("opens").preferences.chat.enter_sends);

    access_tokens::revoke(&app.db, ada, token.id)
        .await
        .expect("revoked");
    assert!(open().await.is_none(), "revoked: refused at once");
}

#[tokio::test]
async fn only_live_tokens_are_remembered_and_a_remembered_one_still_expires() {
    let app = spawn_app().await;
    let ada = Scope::for_user(&register_user(&app.db, "ada@example.com").await);
    let opened = OpenedTokens::new();
    for n in 0..200 {
        let wrong = format!("{PREFIX}wrong{n}");
        assert!(
            opened
                .open(&app.db, &wrong)
                .await
                .expect("looked up")
                .is_none()
        );
    }
    assert!(opened.is_empty(), "a flood of wrong tokens fills nothing");

    let (token, secret) = access_tokens::create(&app.db, ada, new_token("brief", "read", ""))
        .await
        .expect("made");
    // Seconds away, not one: under a loaded suite the lookup below can come a second later.
    let soon = chrono::Utc::now().timestamp() + 3;
    with_pool!(&app.db, |pool| {
        sqlx::query("UPDATE access_tokens SET expires_at = $1 WHERE id = $2")
            .bind(soon)
            .bind(token.id)
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("expiry moved");
    assert!(
        opened
            .open(&app.db, secret.expose())
            .await
            .expect("looked up")
            .is_some()
    );
    while chrono::Utc::now().timestamp() <= soon {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        opened
            .open(&app.db, secret.expose())
            .await
            .expect("looked up")
            .is_none(),
        "expired while remembered"
    );
}
