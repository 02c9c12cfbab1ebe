//! Claiming: which jobs go first, and never more running in a queue than its limit, however
//! many nodes claim at once.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::Duration,
};

use domain::jobs::{self, NewJob};

use super::{LEASE, T0, TestDb, tally};

#[tokio::test]
async fn due_jobs_are_claimed_by_priority_then_due_time_and_only_from_their_queue() {
    let TestDb { db, _database } = TestDb::create().await;
    let job = |n: u32, priority: i32, run_at: i64| NewJob {
        priority,
        ..tally(n, run_at)
    };
    for (n, priority, run_at) in [
        (1, 0, T0 + 2),
        (2, 0, T0 + 1),
        (3, -1, T0 + 3),
        (4, 0, T0 + 99),
    ] {
        jobs::insert(&db, &job(n, priority, run_at), T0)
            .await
            .expect("inserts");
    }
    let mut mail = tally(5, T0);
    mail.queue = "mail".into();
    jobs::insert(&db, &mail, T0).await.expect("inserts");

    let mut order = Vec::new();
    loop {
        let claimed = jobs::claim(&db, "default", 10, 1, "n", T0 + 50, LEASE)
            .await
            .expect("claims");
        let Some(job) = claimed.first() else { break };
        let args: serde_json::Value = serde_json::from_str(&job.args).expect("JSON");
        order.push(args["n"].as_u64().expect("n"));
    }
    assert_eq!(
        order,
        [3, 2, 1],
        "priority first, then due time; 4 is not due, 5 is mail's"
    );
}

#[tokio::test]
async fn a_queue_never_runs_more_than_its_limit_across_nodes() {
    let TestDb { db, _database } = TestDb::create().await;
    for n in 0..40 {
        jobs::insert(&db, &tally(n, T0), T0).await.expect("inserts");
    }
    assert_eq!(
        jobs::claim(&db, "default", 3, 10, "a", T0, LEASE)
            .await
            .expect("claims")
            .len(),
        3
    );
    assert!(
        jobs::claim(&db, "default", 3, 10, "b", T0, LEASE)
            .await
            .expect("claims")
            .is_empty()
    );
    jobs::rescue(&db, T0 + 31_000).await.expect("rescues");

    // Four nodes claim, hold and complete at once; each counts what it holds.
    const LIMIT: i64 = 3;
    let running = Arc::new(AtomicI64::new(0));
    let most = Arc::new(AtomicI64::new(0));
    let done = Arc::new(AtomicI64::new(0));
    let nodes = (0..4).map(|node| {
        let (db, running, most, done) = (db.clone(), running.clone(), most.clone(), done.clone());
        tokio::spawn(async move {
            let name = format!("node-{node}");
            let at = T0 + 40_000;
            for _ in 0..200 {
                let claimed = jobs::claim(&db, "default", LIMIT, 2, &name, at, LEASE)
                    .await
                    .expect("claims");
                let held = i64::try_from(claimed.len()).expect("small");
                let now = running.fetch_add(held, Ordering::SeqCst) + held;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(2)).await;
                for job in &claimed {
                    // Counted down before the database hears of it: the count never lags low.
                    running.fetch_sub(1, Ordering::SeqCst);
                    assert!(
                        jobs::complete(&db, job, &name, at)
                            .await
                            .expect("completes")
                    );
                    done.fetch_add(1, Ordering::SeqCst);
                }
                if done.load(Ordering::SeqCst) == 40 {
                    break;
                }
            }
        })
    });
    for node in nodes.collect::<Vec<_>>() {
        node.await.expect("the node ran");
    }
    assert_eq!(done.load(Ordering::SeqCst), 40, "every job ran once");
    let most = most.load(Ordering::SeqCst);
    assert!(
        (1..=LIMIT).contains(&most),
        "at most {LIMIT} at once, saw {most}"
    );
}

#[tokio::test]
async fn many_attempts_end_in_one_statement_each_only_if_still_its_nodes() {
    let TestDb { db, _database } = TestDb::create().await;
    for n in 0..4 {
        jobs::insert(&db, &tally(n, T0), T0).await.expect("inserts");
    }
    let claimed = jobs::claim(&db, "default", 10, 4, "a", T0, LEASE)
        .await
        .expect("claims");
    assert_eq!(claimed.len(), 4);
    // One was cancelled meanwhile, one is named by a stale attempt number.
    assert!(
        jobs::cancel(&db, claimed[1].id, T0 + 1)
            .await
            .expect("cancels")
    );
    let mut stale = claimed[2].clone();
    stale.attempt += 1;
    let done = [&claimed[0], &claimed[1], &stale, &claimed[3]];

    assert!(
        jobs::complete_all(&db, &done, "b", T0 + 2)
            .await
            .expect("runs")
            .is_empty(),
        "another node's attempts are not b's to end"
    );
    let mut completed = jobs::complete_all(&db, &done, "a", T0 + 2)
        .await
        .expect("runs");
    completed.sort_unstable();
    assert_eq!(completed, [claimed[0].id, claimed[3].id]);
    let state = |id| {
        let db = db.clone();
        async move {
            jobs::find(&db, id)
                .await
                .expect("reads")
                .expect("kept")
                .state()
        }
    };
    assert_eq!(state(claimed[0].id).await, jobs::JobState::Completed);
    assert_eq!(state(claimed[1].id).await, jobs::JobState::Cancelled);
    assert_eq!(state(claimed[2].id).await, jobs::JobState::Running);
    assert!(
        jobs::complete_all(&db, &[], "a", T0 + 3)
            .await
            .expect("nothing to do")
            .is_empty()
    );
}
