//! One job's life: inserted with the write that caused it, claimed, completed or failed and
//! retried, rescued from a dead node, cancelled, retried by hand, pruned.

use std::time::Duration;

use domain::{
    db::BeginWrite,
    jobs::{self, Enqueue, JobState},
    with_pool,
};

use super::{Greet, LEASE, T0, TestDb, greet, tally};

#[tokio::test]
async fn a_job_exists_only_if_the_transaction_that_enqueued_it_commits() {
    let TestDb { db, _database } = TestDb::create().await;
    let enqueue = async |commit: bool, to: &str| {
        with_pool!(db, |pool| async {
            let mut tx = pool.begin_write().await?;
            let enqueued = (&mut *tx).enqueue(&greet(to, T0), T0).await?;
            if commit {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok::<_, sqlx::Error>(enqueued.id)
        }
        .await)
        .expect("enqueues")
    };
    let rolled_back = enqueue(false, "ada")
        .await
        .expect("inserted, then rolled back");
    assert!(jobs::find(&db, rolled_back).await.expect("reads").is_none());

    let committed = enqueue(true, "ada").await.expect("inserted");
    let job = jobs::find(&db, committed)
        .await
        .expect("reads")
        .expect("kept");
    assert_eq!(job.state(), JobState::Available);
    assert_eq!((job.queue.as_str(), job.kind.as_str()), ("mail", "greet"));
    let args: Greet = serde_json::from_str(&job.args).expect("the job's own struct");
    assert_eq!(args, Greet { to: "ada".into() });
}

#[tokio::test]
async fn a_unique_job_is_inserted_once_while_one_is_pending_or_running() {
    let TestDb { db, _database } = TestDb::create().await;
    let first = jobs::insert(&db, &greet("ada", T0), T0)
        .await
        .expect("inserts");
    assert!(first.is_some());
    assert_eq!(
        jobs::insert(&db, &greet("ada", T0), T0)
            .await
            .expect("runs"),
        None
    );
    assert!(
        jobs::insert(&db, &greet("bob", T0), T0)
            .await
            .expect("runs")
            .is_some()
    );

    let claimed = jobs::claim(&db, "mail", 10, 1, "node-a", T0, LEASE)
        .await
        .expect("claims");
    assert_eq!(claimed.len(), 1);
    assert_eq!(
        jobs::insert(&db, &greet("ada", T0), T0)
            .await
            .expect("runs"),
        None,
        "held while running"
    );
    assert!(
        jobs::complete(&db, &claimed[0], "node-a", T0 + 1)
            .await
            .expect("completes")
    );
    assert!(
        jobs::insert(&db, &greet("ada", T0), T0 + 2)
            .await
            .expect("runs")
            .is_some(),
        "free again once the holder finished"
    );
    // Jobs without a key never collide.
    for _ in 0..3 {
        assert!(
            jobs::insert(&db, &tally(1, T0), T0)
                .await
                .expect("runs")
                .is_some()
        );
    }
}

#[tokio::test]
async fn a_failed_attempt_waits_its_backoff_and_the_last_one_discards_the_job() {
    let TestDb { db, _database } = TestDb::create().await;
    let id = jobs::insert(&db, &greet("ada", T0), T0)
        .await
        .expect("inserts")
        .expect("new");
    let wait = Duration::from_secs(17);
    let mut at = T0;
    for attempt in 1..=3 {
        let claimed = jobs::claim(&db, "mail", 5, 5, "node-a", at, LEASE)
            .await
            .expect("claims");
        assert_eq!(claimed.len(), 1, "attempt {attempt} is due");
        assert_eq!(claimed[0].attempt, attempt);
        let state = jobs::fail(
            &db,
            &claimed[0],
            "node-a",
            &format!("boom {attempt}"),
            at,
            wait,
        )
        .await
        .expect("fails");
        if attempt < 3 {
            assert_eq!(state, Some(JobState::Retryable));
            let job = jobs::find(&db, id).await.expect("reads").expect("kept");
            assert_eq!(job.run_at, at + 17_000);
            let early = jobs::claim(&db, "mail", 5, 5, "node-a", at + 16_999, LEASE).await;
            assert!(early.expect("claims").is_empty(), "not before its backoff");
            at += 17_000;
        } else {
            assert_eq!(state, Some(JobState::Discarded));
        }
    }
    let job = jobs::find(&db, id).await.expect("reads").expect("kept");
    assert_eq!(
        (job.state(), job.finished_at),
        (JobState::Discarded, Some(at))
    );
    let errors = jobs::job_errors(&db, id).await.expect("reads");
    let seen: Vec<_> = errors
        .iter()
        .map(|e| (e.attempt, e.error.as_str()))
        .collect();
    assert_eq!(seen, [(1, "boom 1"), (2, "boom 2"), (3, "boom 3")]);
    assert!(
        jobs::claim(&db, "mail", 5, 5, "node-a", at + 1_000_000, LEASE)
            .await
            .expect("claims")
            .is_empty()
    );
}

#[tokio::test]
async fn a_job_whose_node_stopped_renewing_its_lease_is_rescued_and_runs_again() {
    let TestDb { db, _database } = TestDb::create().await;
    let id = jobs::insert(&db, &tally(1, T0), T0)
        .await
        .expect("inserts")
        .expect("new");
    let held = jobs::claim(&db, "default", 5, 1, "node-a", T0, LEASE)
        .await
        .expect("claims");
    let lease_ends = T0 + 30_000;

    // While node-a renews its lease, nothing is rescued.
    assert_eq!(
        jobs::heartbeat(&db, "node-a", T0 + 20_000, LEASE)
            .await
            .expect("renews"),
        1
    );
    assert_eq!(jobs::rescue(&db, lease_ends + 1).await.expect("rescues"), 0);

    // Then it goes silent: past the renewed lease, the job is due again.
    let later = T0 + 20_000 + 30_001;
    assert_eq!(jobs::rescue(&db, later).await.expect("rescues"), 1);
    let job = jobs::find(&db, id).await.expect("reads").expect("kept");
    assert_eq!((job.state(), job.lease_until), (JobState::Available, None));
    let errors = jobs::job_errors(&db, id).await.expect("reads");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].error.contains("node-a"), "{}", errors[0].error);

    let again = jobs::claim(&db, "default", 5, 1, "node-b", later, LEASE)
        .await
        .expect("claims");
    assert_eq!((again[0].id, again[0].attempt), (id, 2));
    // The dead node's late answer changes nothing; the live one's does.
    assert!(
        !jobs::complete(&db, &held[0], "node-a", later + 1)
            .await
            .expect("runs")
    );
    let late_failure = jobs::fail(&db, &held[0], "node-a", "late", later + 1, LEASE).await;
    assert_eq!(late_failure.expect("runs"), None);
    assert!(
        jobs::complete(&db, &again[0], "node-b", later + 2)
            .await
            .expect("completes")
    );
    let job = jobs::find(&db, id).await.expect("reads").expect("kept");
    assert_eq!(job.state(), JobState::Completed);
}

#[tokio::test]
async fn a_job_abandoned_on_its_last_attempt_is_discarded() {
    let TestDb { db, _database } = TestDb::create().await;
    let mut job = greet("ada", T0);
    job.max_attempts = 1;
    let id = jobs::insert(&db, &job, T0)
        .await
        .expect("inserts")
        .expect("new");
    jobs::claim(&db, "mail", 5, 1, "node-a", T0, LEASE)
        .await
        .expect("claims");
    assert_eq!(jobs::rescue(&db, T0 + 30_001).await.expect("rescues"), 1);
    let job = jobs::find(&db, id).await.expect("reads").expect("kept");
    assert_eq!(job.state(), JobState::Discarded);
}

#[tokio::test]
async fn an_admin_cancels_retries_and_runs_jobs_now() {
    let TestDb { db, _database } = TestDb::create().await;
    let in_an_hour = T0 + 3_600_000;
    let id = jobs::insert(&db, &tally(1, in_an_hour), T0)
        .await
        .expect("inserts")
        .expect("new");
    let state = async || {
        jobs::find(&db, id)
            .await
            .expect("reads")
            .expect("kept")
            .state()
    };
    assert_eq!(state().await, JobState::Scheduled);
    assert!(
        jobs::claim(&db, "default", 5, 5, "n", T0, LEASE)
            .await
            .expect("claims")
            .is_empty()
    );

    assert!(jobs::run_now(&db, id, T0 + 1).await.expect("runs"));
    assert_eq!(state().await, JobState::Available);
    assert!(jobs::cancel(&db, id, T0 + 2).await.expect("cancels"));
    assert_eq!(state().await, JobState::Cancelled);
    assert!(
        !jobs::cancel(&db, id, T0 + 3).await.expect("runs"),
        "already over"
    );
    assert!(
        !jobs::run_now(&db, id, T0 + 3).await.expect("runs"),
        "not waiting"
    );
    assert!(
        jobs::claim(&db, "default", 5, 5, "n", T0 + 4, LEASE)
            .await
            .expect("claims")
            .is_empty()
    );

    assert!(jobs::retry(&db, id, T0 + 5).await.expect("retries"));
    let claimed = jobs::claim(&db, "default", 5, 5, "n", T0 + 5, LEASE)
        .await
        .expect("claims");
    assert_eq!(claimed.len(), 1);
    // Cancelling a running job makes its runner's answer count for nothing.
    assert!(jobs::cancel(&db, id, T0 + 6).await.expect("cancels"));
    assert!(
        !jobs::complete(&db, &claimed[0], "n", T0 + 7)
            .await
            .expect("runs")
    );
    assert_eq!(state().await, JobState::Cancelled);
}

#[tokio::test]
async fn an_admin_discards_a_waiting_job_which_no_node_then_claims() {
    let TestDb { db, _database } = TestDb::create().await;
    let id = jobs::insert(&db, &tally(1, T0 + 60_000), T0)
        .await
        .expect("inserts")
        .expect("new");
    assert!(jobs::discard(&db, id, T0 + 1).await.expect("discards"));
    let job = jobs::find(&db, id).await.expect("reads").expect("kept");
    assert_eq!(
        (job.state(), job.finished_at),
        (JobState::Discarded, Some(T0 + 1))
    );
    assert!(
        !jobs::discard(&db, id, T0 + 2).await.expect("runs"),
        "already over"
    );
    assert!(
        jobs::claim(&db, "default", 5, 5, "n", T0 + 120_000, LEASE)
            .await
            .expect("claims")
            .is_empty()
    );
    // A running job is cancelled, not discarded: its attempt is not over.
    let running = jobs::insert(&db, &tally(2, T0), T0)
        .await
        .expect("inserts")
        .expect("new");
    jobs::claim(&db, "default", 5, 5, "n", T0, LEASE)
        .await
        .expect("claims");
    assert!(!jobs::discard(&db, running, T0 + 3).await.expect("runs"));
}

#[tokio::test]
async fn a_discarded_job_retried_by_hand_gets_one_more_attempt() {
    let TestDb { db, _database } = TestDb::create().await;
    let mut job = tally(1, T0);
    job.max_attempts = 1;
    let id = jobs::insert(&db, &job, T0)
        .await
        .expect("inserts")
        .expect("new");
    let claimed = jobs::claim(&db, "default", 5, 1, "n", T0, LEASE)
        .await
        .expect("claims");
    let failed = jobs::fail(&db, &claimed[0], "n", "no", T0, LEASE)
        .await
        .expect("fails");
    assert_eq!(failed, Some(JobState::Discarded));
    assert!(jobs::retry(&db, id, T0 + 1).await.expect("retries"));
    let again = jobs::claim(&db, "default", 5, 1, "n", T0 + 1, LEASE)
        .await
        .expect("claims");
    assert_eq!((again[0].attempt, again[0].max_attempts), (2, 2));
}

#[tokio::test]
async fn pruning_deletes_only_jobs_that_finished_before_the_cutoff() {
    let TestDb { db, _database } = TestDb::create().await;
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(
            jobs::insert(&db, &tally(n, T0), T0)
                .await
                .expect("inserts")
                .expect("new"),
        );
    }
    let claimed = jobs::claim(&db, "default", 5, 2, "n", T0, LEASE)
        .await
        .expect("claims");
    jobs::complete(&db, &claimed[0], "n", T0 + 10)
        .await
        .expect("completes");
    jobs::fail(&db, &claimed[1], "n", "kept with its job", T0 + 20, LEASE)
        .await
        .expect("fails");
    jobs::cancel(&db, ids[2], T0 + 30).await.expect("cancels");

    assert_eq!(
        jobs::prune(&db, T0 + 10).await.expect("prunes"),
        0,
        "strictly before"
    );
    assert_eq!(jobs::prune(&db, T0 + 31).await.expect("prunes"), 2);
    assert!(
        jobs::find(&db, claimed[0].id)
            .await
            .expect("reads")
            .is_none()
    );
    assert!(jobs::find(&db, ids[2]).await.expect("reads").is_none());
    let retryable = jobs::find(&db, claimed[1].id)
        .await
        .expect("reads")
        .expect("pending");
    assert_eq!(retryable.state(), JobState::Retryable);
}

#[tokio::test]
async fn a_unique_job_is_not_retried_while_another_holds_its_key() {
    let TestDb { db, _database } = TestDb::create().await;
    let first = jobs::insert(&db, &greet("ada", T0), T0)
        .await
        .expect("inserts")
        .expect("new");
    jobs::cancel(&db, first, T0 + 1).await.expect("cancels");
    let second = jobs::insert(&db, &greet("ada", T0), T0 + 2)
        .await
        .expect("inserts");
    assert!(second.is_some(), "the key is free once the first is over");
    assert!(
        !jobs::retry(&db, first, T0 + 3)
            .await
            .expect("answers, not an error")
    );
    let first = jobs::find(&db, first).await.expect("reads").expect("kept");
    assert_eq!(first.state(), JobState::Cancelled);
}

#[tokio::test]
async fn an_attempts_error_is_kept_whole_up_to_8_kib() {
    let TestDb { db, _database } = TestDb::create().await;
    let id = jobs::insert(&db, &tally(1, T0), T0)
        .await
        .expect("inserts")
        .expect("new");
    let claimed = jobs::claim(&db, "default", 5, 1, "n", T0, LEASE)
        .await
        .expect("claims");
    let huge = "x".repeat(1_000_000);
    jobs::fail(&db, &claimed[0], "n", &huge, T0, LEASE)
        .await
        .expect("fails");
    let errors = jobs::job_errors(&db, id).await.expect("reads");
    assert_eq!(errors[0].error.len(), 8 * 1024);
}
