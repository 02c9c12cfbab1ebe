//! The feed's queries, read through the database's own plan on both backends: none may scan a
//! whole table (PostgreSQL is told to avoid sequential scans, so one in its plan means no index
//! could serve the query).

use domain::board::explain_feed;
use model::board::{FeedFilter, FeedSort, Tag};

use crate::World;

/// The steps of `plan` that read a whole board table.
pub fn full_scans(plan: &[String]) -> Vec<String> {
    let tables = [
        "posts",
        "post_tags",
        "comments",
        "post_likes",
        "comment_likes",
        "users",
        "mentions",
        "messages",
        "rooms",
        "room_members",
    ];
    // SQLite's sub-queries (`CO-ROUTINE best`), a few rows each, are read whole by design.
    let subqueries: Vec<String> = plan
        .iter()
        .filter_map(|step| step.trim().strip_prefix("CO-ROUTINE "))
        .map(|name| format!("SCAN {name}"))
        .collect();
    plan.iter()
        .filter(|step| {
            let step = step.trim_start_matches(|c: char| !c.is_alphanumeric());
            tables.iter().any(|table| {
                // SQLite: `SCAN p` (no index); PostgreSQL: `Seq Scan on posts p`.
                step.starts_with(&format!("Seq Scan on {table}"))
                    || (step.starts_with("SCAN ")
                        && !step.contains("USING")
                        && !step.contains("VIRTUAL TABLE")
                        && !subqueries.iter().any(|name| step.trim() == name))
            })
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn no_feed_query_scans_a_whole_table() {
    let w = World::new().await;
    for n in 0..20 {
        w.post(w.alice, &format!("{n}"), "body", "rust, web", n % 3 != 0)
            .await;
    }
    let tag = Tag::parse("rust").unwrap();
    for sort in [FeedSort::Newest, FeedSort::MostLiked] {
        for tag in [None, tag.clone()] {
            for author in [None, Some(w.alice.user_id)] {
                for after in [false, true] {
                    let filter = FeedFilter {
                        tag: tag.clone(),
                        author,
                        sort,
                    };
                    let plan = explain_feed(&w.db, &filter, after).await.unwrap();
                    assert_eq!(
                        full_scans(&plan),
                        Vec::<String>::new(),
                        "{filter:?} after={after}:\n{}",
                        plan.join("\n")
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_mentions_list_and_count_scan_no_whole_table() {
    let w = World::new().await;
    for n in 0..20 {
        w.post(
            w.alice,
            &format!("{n}"),
            "for @bob and @root",
            "",
            n % 3 != 0,
        )
        .await;
    }
    let plan = domain::mentions::explain_mentions(&w.db).await.unwrap();
    assert_eq!(
        full_scans(&plan),
        Vec::<String>::new(),
        "{}",
        plan.join("\n")
    );
}
