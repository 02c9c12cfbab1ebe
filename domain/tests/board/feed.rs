use std::collections::HashSet;

use domain::board::Board;
use model::board::{FeedCursor, FeedFilter, FeedSort, Tag};

use crate::World;

/// Every page of the feed for `filter`, `size` at a time, calling `between` after each page.
async fn walk(
    board: &Board,
    filter: &FeedFilter,
    size: u32,
    mut between: impl AsyncFnMut(usize),
) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut after: Option<FeedCursor> = None;
    for page in 0.. {
        let read = board.feed(None, filter, after, size).await.expect("a page");
        assert!(read.posts.len() <= size as usize);
        seen.extend(read.posts.iter().map(|post| post.id));
        between(page).await;
        match read.next {
            Some(next) => after = Some(next.parse().expect("the server's own cursor")),
            None => break,
        }
    }
    seen
}

#[tokio::test]
async fn pages_neither_repeat_nor_skip_while_others_publish() {
    let w = World::new().await;
    let mut published = Vec::new();
    for n in 0..7 {
        published.push(
            w.post(w.alice, &format!("Post {n}"), "body", "", true)
                .await,
        );
    }
    // A draft is never in the feed.
    w.post(w.alice, "Draft", "body", "", false).await;
    published.reverse();
    let filter = FeedFilter::default();
    let mut added = Vec::new();
    let seen = walk(&w.board, &filter, 3, async |_| {
        added.push(w.post(w.bob, "Meanwhile", "body", "", true).await);
    })
    .await;
    assert_eq!(
        seen, published,
        "newest first, each once, the new ones not pushed in"
    );
    let first = w.board.feed(None, &filter, None, 50).await.unwrap();
    assert_eq!(
        first.posts[0].id,
        *added.last().unwrap(),
        "a new read starts with them"
    );
    assert!(first.next.is_none());
}

#[tokio::test]
async fn most_liked_first_ties_to_the_newer() {
    let w = World::new().await;
    let a = w.post(w.alice, "A", "body", "", true).await;
    let b = w.post(w.alice, "B", "body", "", true).await;
    let c = w.post(w.alice, "C", "body", "", true).await;
    let d = w.post(w.alice, "D", "body", "", true).await;
    for (post, likers) in [
        (a, vec![w.bob, w.admin]),
        (b, vec![w.bob]),
        (d, vec![w.bob]),
    ] {
        for liker in likers {
            w.board.like_post(liker, post, true).await.unwrap();
        }
    }
    let filter = FeedFilter {
        sort: FeedSort::MostLiked,
        ..FeedFilter::default()
    };
    assert_eq!(walk(&w.board, &filter, 1, async |_| {}).await, [a, d, b, c]);
    assert_eq!(walk(&w.board, &filter, 3, async |_| {}).await, [a, d, b, c]);
}

#[tokio::test]
async fn filters_by_tag_and_by_author() {
    let w = World::new().await;
    let rust_alice = w.post(w.alice, "1", "body", "rust, web", true).await;
    let rust_bob = w.post(w.bob, "2", "body", "Rust", true).await;
    let web_bob = w.post(w.bob, "3", "body", "web", true).await;
    w.post(w.bob, "4", "body", "rust", false).await;
    let tag = |name: &str| Tag::parse(name).unwrap();
    let rust = FeedFilter {
        tag: tag("RUST"),
        ..FeedFilter::default()
    };
    assert_eq!(
        walk(&w.board, &rust, 1, async |_| {}).await,
        [rust_bob, rust_alice]
    );
    let bob = FeedFilter {
        author: Some(w.bob.user_id),
        ..FeedFilter::default()
    };
    assert_eq!(
        walk(&w.board, &bob, 1, async |_| {}).await,
        [web_bob, rust_bob]
    );
    let both = FeedFilter {
        tag: tag("web"),
        author: Some(w.bob.user_id),
        sort: FeedSort::MostLiked,
    };
    assert_eq!(walk(&w.board, &both, 1, async |_| {}).await, [web_bob]);
    let page = w.board.feed(None, &rust, None, 10).await.unwrap();
    assert_eq!(
        page.posts[1].tags,
        ["rust", "web"],
        "each post with all its tags"
    );
}

#[tokio::test]
async fn a_cursor_of_another_sort_starts_over_and_pages_are_bounded() {
    let w = World::new().await;
    let mut ids = HashSet::new();
    for n in 0..3 {
        ids.insert(w.post(w.alice, &format!("{n}"), "body", "", true).await);
    }
    let other = FeedCursor {
        sort: FeedSort::MostLiked,
        key: 0,
        id: 0,
    };
    let page = w
        .board
        .feed(None, &FeedFilter::default(), Some(other), 0)
        .await
        .unwrap();
    assert_eq!(page.posts.len(), 1, "a page holds at least one post");
    let page = w
        .board
        .feed(None, &FeedFilter::default(), Some(other), 10_000)
        .await
        .unwrap();
    assert_eq!(page.posts.iter().map(|p| p.id).collect::<HashSet<_>>(), ids);
}
