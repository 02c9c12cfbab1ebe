//! What the admin's page reads: counts, the filtered list, attempts per minute.

use domain::jobs::{self, Count, Filter, JobState, Minute};

use super::{LEASE, T0, TestDb, greet, tally};

#[tokio::test]
async fn jobs_are_counted_by_queue_and_state_and_listed_newest_first_by_filter() {
    let TestDb { db, _database } = TestDb::create().await;
    let mut tallies = Vec::new();
    for n in 0..5 {
        tallies.push(
            jobs::insert(&db, &tally(n, T0), T0)
                .await
                .expect("inserts")
                .expect("new"),
        );
    }
    let mail = jobs::insert(&db, &greet("ada", T0), T0)
        .await
        .expect("inserts")
        .expect("new");
    let claimed = jobs::claim(&db, "default", 5, 2, "n", T0, LEASE)
        .await
        .expect("claims");
    jobs::complete(&db, &claimed[0], "n", T0 + 1)
        .await
        .expect("completes");

    let counts = jobs::counts(&db).await.expect("counts");
    let count = |queue: &str, state, jobs| Count {
        queue: queue.into(),
        state,
        jobs,
    };
    assert_eq!(
        counts,
        [
            count("default", JobState::Available, 3),
            count("default", JobState::Completed, 1),
            count("default", JobState::Running, 1),
            count("mail", JobState::Available, 1),
        ]
    );

    let ids = |found: Vec<jobs::JobRecord>| found.iter().map(|job| job.id).collect::<Vec<_>>();
    let everything = jobs::list(&db, &Filter::default(), None, 100)
        .await
        .expect("lists");
    assert_eq!(ids(everything)[0], mail, "newest first");
    let available = Filter {
        state: Some(JobState::Available),
        queue: Some("default".into()),
        ..Filter::default()
    };
    let first_page = jobs::list(&db, &available, None, 2).await.expect("lists");
    assert_eq!(ids(first_page), [tallies[4], tallies[3]]);
    let second_page = jobs::list(&db, &available, Some(tallies[3]), 2)
        .await
        .expect("lists");
    assert_eq!(ids(second_page), [tallies[2]]);
    let by_kind = Filter {
        kind: Some("greet".into()),
        ..Filter::default()
    };
    assert_eq!(
        ids(jobs::list(&db, &by_kind, None, 10).await.expect("lists")),
        [mail]
    );
    let nothing = Filter {
        queue: Some("nowhere".into()),
        ..Filter::default()
    };
    assert!(
        jobs::list(&db, &nothing, None, 10)
            .await
            .expect("lists")
            .is_empty()
    );
}

#[tokio::test]
async fn each_minute_counts_the_jobs_completed_and_the_attempts_failed_in_it() {
    let TestDb { db, _database } = TestDb::create().await;
    let minute = 60_000;
    let start = T0 - T0 % minute;
    for n in 0..4 {
        jobs::insert(&db, &tally(n, start), start)
            .await
            .expect("inserts");
    }
    let claimed = jobs::claim(&db, "default", 10, 4, "n", start, LEASE)
        .await
        .expect("claims");
    jobs::complete(&db, &claimed[0], "n", start + 10)
        .await
        .expect("completes");
    jobs::complete(&db, &claimed[1], "n", start + minute + 5)
        .await
        .expect("completes");
    jobs::fail(&db, &claimed[2], "n", "no", start + minute + 6, LEASE)
        .await
        .expect("fails");
    jobs::fail(&db, &claimed[3], "n", "no", start + 3 * minute, LEASE)
        .await
        .expect("fails");

    let all = jobs::activity(&db, start).await.expect("reads");
    let at = |m: i64, completed, failed| Minute {
        at: start + m * minute,
        completed,
        failed,
    };
    assert_eq!(all, [at(0, 1, 0), at(1, 1, 1), at(3, 0, 1)]);
    let recent = jobs::activity(&db, start + minute + 30_000)
        .await
        .expect("reads");
    assert_eq!(
        recent,
        [at(1, 1, 1), at(3, 0, 1)],
        "from the minute holding `since`"
    );
}
