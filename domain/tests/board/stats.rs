use domain::board::BoardError;
use model::board::CommentBody;

use crate::World;

#[tokio::test]
async fn a_person_s_figures_come_from_what_they_wrote_and_what_others_liked() {
    let w = World::new().await;
    let one = w.post(w.alice, "One", "x", "rust, web", true).await;
    let two = w.post(w.alice, "Two", "x", "rust", true).await;
    w.post(w.alice, "Draft", "x", "rust, secret", false).await;
    w.post(w.bob, "Bob's", "x", "elixir", true).await;
    let say = |text: &str| CommentBody::parse(text).unwrap();
    let comment = w
        .board
        .add_comment(w.alice, one, say("mine"))
        .await
        .unwrap();
    w.board.add_comment(w.bob, two, say("bob's")).await.unwrap();
    for liker in [w.bob, w.admin] {
        w.board.like_post(liker, one, true).await.unwrap();
    }
    w.board.like_post(w.bob, two, true).await.unwrap();
    w.board.like_comment(w.bob, comment.id, true).await.unwrap();

    let alice = w.board.person(w.alice.user_id).await.unwrap();
    assert_eq!(alice.person.name, "Alice");
    assert_eq!(alice.handle, "alice");
    assert_eq!(
        (alice.posts, alice.comments, alice.likes_received),
        (2, 1, 4)
    );
    let tags: Vec<(&str, i64)> = alice
        .top_tags
        .iter()
        .map(|t| (t.tag.as_str(), t.posts))
        .collect();
    assert_eq!(
        tags,
        [("rust", 2), ("web", 1)],
        "a draft's tags are not counted"
    );

    let bob = w.board.person(w.bob.user_id).await.unwrap();
    assert_eq!((bob.posts, bob.comments, bob.likes_received), (1, 1, 0));
    assert!(matches!(
        w.board.person(424_242).await,
        Err(BoardError::NotFound)
    ));
}

#[tokio::test]
async fn the_report_groups_by_month_and_role_for_admins_only() {
    let w = World::new().await;
    let post = w.post(w.alice, "A", "x", "", true).await;
    w.post(w.admin, "B", "x", "", true).await;
    w.post(w.bob, "C", "x", "", false).await;
    w.board
        .add_comment(w.bob, post, CommentBody::parse("hi").unwrap())
        .await
        .unwrap();
    w.board.like_post(w.admin, post, true).await.unwrap();
    assert!(matches!(
        w.board.report(w.alice).await,
        Err(BoardError::Forbidden)
    ));
    let report = w.board.report(w.admin).await.unwrap();
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let rows: Vec<(&str, &str, i64, i64, i64)> = report
        .months
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.role.as_str(),
                m.posts,
                m.comments,
                m.likes,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (month.as_str(), "admin", 1, 0, 1),
            (month.as_str(), "user", 1, 1, 0)
        ]
    );
}
