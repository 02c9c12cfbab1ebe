use domain::board::{SEARCH_HITS, explain_search};
use model::board::{CommentBody, SearchTerms, SnippetPart};

use crate::World;

fn terms(typed: &str) -> SearchTerms {
    SearchTerms::parse(typed).expect("a search")
}

fn marked(snippet: &[SnippetPart]) -> Vec<String> {
    snippet
        .iter()
        .filter(|part| part.matched)
        .map(|part| part.text.to_lowercase())
        .collect()
}

#[tokio::test]
async fn finds_published_posts_and_comments_by_word_prefixes_best_first() {
    let w = World::new().await;
    let in_title = w
        .post(
            w.alice,
            "Ownership in Rust",
            "borrowing explained",
            "",
            true,
        )
        .await;
    let in_body = w
        .post(
            w.bob,
            "Notes",
            "Some words about rust and its ownership model.",
            "",
            true,
        )
        .await;
    w.post(w.alice, "Rust draft", "ownership secrets", "", false)
        .await;
    w.post(w.bob, "Elixir", "processes and messages", "", true)
        .await;
    let comment = w
        .board
        .add_comment(
            w.bob,
            in_title,
            CommentBody::parse("Ownership is rusty <b>fun</b>").unwrap(),
        )
        .await
        .unwrap();

    let found = w
        .board
        .search(&terms("rus owner"), SEARCH_HITS)
        .await
        .unwrap();
    let posts: Vec<i64> = found.posts.iter().map(|hit| hit.post_id).collect();
    assert_eq!(
        posts,
        [in_title, in_body],
        "the title weighs more; the draft is not found"
    );
    assert!(
        marked(&found.posts[1].snippet).contains(&"rust".to_owned()),
        "{:?}",
        found.posts[1]
    );
    assert_eq!(found.comments.len(), 1);
    let hit = &found.comments[0];
    assert_eq!((hit.post_id, hit.comment_id), (in_title, Some(comment.id)));
    assert_eq!(hit.post_title, "Ownership in Rust");
    // Marked words and plain text, never markup: the page escapes every part.
    let text: String = hit.snippet.iter().map(|part| part.text.as_str()).collect();
    assert!(text.contains("<b>fun</b>"), "{text}");
    assert_eq!(marked(&hit.snippet), ["ownership", "rusty"]);

    assert!(
        w.board
            .search(&terms("nothing matches this"), 10)
            .await
            .unwrap()
            .posts
            .is_empty()
    );
}

#[tokio::test]
async fn the_index_follows_edits_and_deletes() {
    let w = World::new().await;
    let id = w.post(w.alice, "Before", "alpha words", "", true).await;
    assert_eq!(
        w.board
            .search(&terms("alpha"), 10)
            .await
            .unwrap()
            .posts
            .len(),
        1
    );
    w.board
        .update_post(
            w.alice,
            id,
            crate::new_post("After", "omega words", "", true),
        )
        .await
        .unwrap();
    assert!(
        w.board
            .search(&terms("alpha"), 10)
            .await
            .unwrap()
            .posts
            .is_empty()
    );
    assert_eq!(
        w.board
            .search(&terms("omega"), 10)
            .await
            .unwrap()
            .posts
            .len(),
        1
    );
    let comment = w
        .board
        .add_comment(w.bob, id, CommentBody::parse("gamma ray").unwrap())
        .await
        .unwrap();
    assert_eq!(
        w.board
            .search(&terms("gamma"), 10)
            .await
            .unwrap()
            .comments
            .len(),
        1
    );
    w.board.delete_comment(w.bob, comment.id).await.unwrap();
    assert!(
        w.board
            .search(&terms("gamma"), 10)
            .await
            .unwrap()
            .comments
            .is_empty()
    );
    w.board.delete_post(w.alice, id).await.unwrap();
    assert!(
        w.board
            .search(&terms("omega"), 10)
            .await
            .unwrap()
            .posts
            .is_empty()
    );
}

#[tokio::test]
async fn query_syntax_typed_is_only_words() {
    let w = World::new().await;
    w.post(w.alice, "Quotes", "he said \"near\" or not", "", true)
        .await;
    for typed in [
        r#"" OR 1=1 --"#,
        "near(a b)",
        "title:quotes",
        "*:*",
        "a & b | !c",
        "'); DROP",
    ] {
        // Whatever it finds, it answers: no syntax error reaches the database.
        if let Ok(terms) = SearchTerms::parse(typed) {
            w.board
                .search(&terms, 10)
                .await
                .unwrap_or_else(|e| panic!("{typed}: {e}"));
        }
    }
    assert_eq!(
        w.board
            .search(&terms("near"), 10)
            .await
            .unwrap()
            .posts
            .len(),
        1
    );
}

#[tokio::test]
async fn searching_reads_the_indexes_never_whole_tables() {
    let w = World::new().await;
    for n in 0..20 {
        w.post(w.alice, &format!("Post {n}"), "some words", "", true)
            .await;
    }
    let plan = explain_search(&w.db, &terms("words")).await.unwrap();
    assert_eq!(
        crate::plans::full_scans(&plan),
        Vec::<String>::new(),
        "{}",
        plan.join("\n")
    );
}
