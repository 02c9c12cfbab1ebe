use domain::board::BoardError;
use model::board::{CommentBody, PostState};

use crate::{World, new_post};

#[tokio::test]
async fn a_post_reads_back_rendered_with_its_normalised_tags() {
    let w = World::new().await;
    let id = w
        .post(
            w.alice,
            "  Hello  ",
            "Some *Markdown*",
            " Rust, #Web Dev, rust ",
            true,
        )
        .await;
    let detail = w
        .board
        .post(None, id)
        .await
        .expect("anyone reads a published post");
    assert_eq!(detail.post.title, "Hello");
    assert_eq!(detail.post.tags, ["rust", "web-dev"]);
    assert_eq!(detail.post.state, PostState::Published);
    assert_eq!(detail.post.author.name, "Alice");
    assert_eq!(detail.post.excerpt, "Some Markdown");
    assert!(detail.html.contains("<em>Markdown</em>"), "{}", detail.html);
    assert_eq!(detail.markdown.as_deref(), Some("Some *Markdown*"));
    assert!(detail.post.published_at.is_some());
}

#[tokio::test]
async fn a_draft_is_its_author_s_and_the_admins_only() {
    let w = World::new().await;
    let id = w.post(w.alice, "Secret", "not yet", "", false).await;
    assert!(w.board.post(Some(w.alice), id).await.is_ok());
    assert!(w.board.post(Some(w.admin), id).await.is_ok());
    for reader in [None, Some(w.bob)] {
        assert!(matches!(
            w.board.post(reader, id).await,
            Err(BoardError::NotFound)
        ));
        assert!(matches!(
            w.board.comments(reader, id, None, 10).await,
            Err(BoardError::NotFound)
        ));
    }
    // Nobody else can tell it exists: changing it is "not found" too, not "forbidden".
    assert!(matches!(
        w.board
            .update_post(w.bob, id, new_post("x", "y", "", true))
            .await,
        Err(BoardError::NotFound)
    ));
    assert!(matches!(
        w.board.delete_post(w.bob, id).await,
        Err(BoardError::NotFound)
    ));
    // Nor can it be liked or commented on, even by its author.
    assert!(matches!(
        w.board.like_post(w.bob, id, true).await,
        Err(BoardError::NotFound)
    ));
    let body = CommentBody::parse("hi").unwrap();
    assert!(matches!(
        w.board.add_comment(w.alice, id, body).await,
        Err(BoardError::NotFound)
    ));
    assert_eq!(w.board.drafts(w.alice).await.unwrap().len(), 1);
    assert!(w.board.drafts(w.bob).await.unwrap().is_empty());
}

#[tokio::test]
async fn its_author_or_an_admin_edits_and_deletes_a_post() {
    let w = World::new().await;
    let id = w.post(w.alice, "First", "body", "a", false).await;
    w.board
        .update_post(w.alice, id, new_post("Second", "new *body*", "b, c", true))
        .await
        .expect("its author edits it");
    let published = w.board.post(None, id).await.unwrap();
    assert_eq!(published.post.title, "Second");
    assert_eq!(published.post.tags, ["b", "c"]);
    let first_published = published.post.published_at.expect("published");

    assert!(matches!(
        w.board
            .update_post(w.bob, id, new_post("Mine", "now", "", true))
            .await,
        Err(BoardError::Forbidden)
    ));
    assert!(matches!(
        w.board.delete_post(w.bob, id).await,
        Err(BoardError::Forbidden)
    ));

    // An edit keeps the first publication time.
    w.board
        .update_post(w.admin, id, new_post("Moderated", "text", "", true))
        .await
        .expect("an admin edits it");
    let edited = w.board.post(None, id).await.unwrap();
    assert_eq!(edited.post.title, "Moderated");
    assert!(edited.post.tags.is_empty());
    assert_eq!(edited.post.published_at, Some(first_published));

    w.board
        .delete_post(w.admin, id)
        .await
        .expect("an admin deletes it");
    assert!(matches!(
        w.board.post(Some(w.alice), id).await,
        Err(BoardError::NotFound)
    ));
    assert!(matches!(
        w.board.delete_post(w.alice, id).await,
        Err(BoardError::NotFound)
    ));
}

#[tokio::test]
async fn comments_are_counted_and_deleted_by_their_author_or_an_admin() {
    let w = World::new().await;
    let id = w.post(w.alice, "Post", "body", "", true).await;
    let say = |text: &str| CommentBody::parse(text).unwrap();
    let first = w
        .board
        .add_comment(w.bob, id, say("**first**"))
        .await
        .unwrap();
    assert!(first.html.contains("<strong>first</strong>"));
    assert_eq!(first.author.name, "Bob");
    let second = w
        .board
        .add_comment(w.alice, id, say("second"))
        .await
        .unwrap();
    assert_eq!(w.board.post(None, id).await.unwrap().post.comment_count, 2);

    let all = w.board.comments(None, id, None, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|c| c.id).collect::<Vec<_>>(),
        [first.id, second.id]
    );
    let after = w
        .board
        .comments(None, id, Some(first.id), 10)
        .await
        .unwrap();
    assert_eq!(after.iter().map(|c| c.id).collect::<Vec<_>>(), [second.id]);

    assert!(matches!(
        w.board.delete_comment(w.alice, first.id).await,
        Err(BoardError::Forbidden)
    ));
    assert_eq!(w.board.delete_comment(w.bob, first.id).await.unwrap(), id);
    assert_eq!(
        w.board.delete_comment(w.admin, second.id).await.unwrap(),
        id
    );
    assert!(matches!(
        w.board.delete_comment(w.admin, second.id).await,
        Err(BoardError::NotFound)
    ));
    assert_eq!(w.board.post(None, id).await.unwrap().post.comment_count, 0);
    assert!(matches!(
        w.board.add_comment(w.bob, 999_999, say("x")).await,
        Err(BoardError::NotFound)
    ));
}
