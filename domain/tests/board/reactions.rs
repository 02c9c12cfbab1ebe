use domain::board::BoardError;
use model::board::CommentBody;

use crate::World;

#[tokio::test]
async fn a_like_counts_once_and_can_be_taken_back() {
    let w = World::new().await;
    let id = w.post(w.alice, "Post", "body", "", true).await;
    assert_eq!(w.board.like_post(w.bob, id, true).await.unwrap(), 1);
    assert_eq!(
        w.board.like_post(w.bob, id, true).await.unwrap(),
        1,
        "twice is once"
    );
    assert_eq!(w.board.like_post(w.admin, id, true).await.unwrap(), 2);
    assert!(w.board.post(Some(w.bob), id).await.unwrap().post.liked);
    assert!(!w.board.post(Some(w.alice), id).await.unwrap().post.liked);
    assert!(!w.board.post(None, id).await.unwrap().post.liked);
    assert_eq!(w.board.like_post(w.bob, id, false).await.unwrap(), 1);
    assert_eq!(
        w.board.like_post(w.bob, id, false).await.unwrap(),
        1,
        "never below"
    );
    assert!(matches!(
        w.board.like_post(w.bob, 424_242, true).await,
        Err(BoardError::NotFound)
    ));

    let comment = w
        .board
        .add_comment(w.bob, id, CommentBody::parse("nice").unwrap())
        .await
        .unwrap();
    assert_eq!(
        w.board
            .like_comment(w.alice, comment.id, true)
            .await
            .unwrap(),
        (id, 1)
    );
    assert_eq!(
        w.board
            .like_comment(w.alice, comment.id, true)
            .await
            .unwrap(),
        (id, 1)
    );
    let read = w.board.comments(Some(w.alice), id, None, 10).await.unwrap();
    assert!(read[0].liked);
    assert_eq!(read[0].like_count, 1);
    assert_eq!(
        w.board
            .like_comment(w.alice, comment.id, false)
            .await
            .unwrap(),
        (id, 0)
    );
}

#[tokio::test]
async fn many_people_liking_at_once_are_each_counted() {
    let w = World::new().await;
    let id = w.post(w.alice, "Popular", "body", "", true).await;
    let mut people = Vec::new();
    for n in 0..16 {
        people.push(
            domain::testing::person(&w.db, &format!("P{n}"), &format!("p{n}@example.com")).await,
        );
    }
    let likes = people.iter().map(|&person| {
        let board = w.board.clone();
        async move { board.like_post(person, id, true).await }
    });
    let counts = futures_util::future::join_all(likes).await;
    let mut counts: Vec<i64> = counts.into_iter().map(Result::unwrap).collect();
    counts.sort_unstable();
    assert_eq!(
        counts,
        (1..=16).collect::<Vec<i64>>(),
        "each answer is the count after it"
    );
    assert_eq!(w.board.post(None, id).await.unwrap().post.like_count, 16);
}
