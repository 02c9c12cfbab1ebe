//! The runner against a real database (SQLite, or PostgreSQL with `TEST_DATABASE=postgres`),
//! under a real supervisor, on real time with short leases and polls.

use std::{
    sync::atomic::{AtomicI64, Ordering},
    time::{Duration, Instant},
};

use domain::{
    db::Db,
    jobs::{self, Job, JobRecord, JobState, NewJob},
    mail::{Address, MemoryMailer},
    testing::TestDatabase,
};
use ops::supervisor::{Policy, Supervisor};
use serde::{Deserialize, Serialize};

use super::*;

/// Succeeds, fails or panics as told; a counted one counts how many of its kind run at once.
#[derive(Serialize, Deserialize)]
struct Chore {
    outcome: Outcome,
    millis: u64,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
enum Outcome {
    Done,
    /// Done, counted in `RUNNING` and `MOST` (only one test makes these).
    Counted,
    Fails,
    Panics,
}

impl Job for Chore {
    const KIND: &'static str = "chore";
}

static RUNNING: AtomicI64 = AtomicI64::new(0);
static MOST: AtomicI64 = AtomicI64::new(0);

impl Perform for Chore {
    async fn perform(self, _context: &JobContext) -> Result<(), TaskError> {
        let counted = matches!(self.outcome, Outcome::Counted);
        if counted {
            let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
            MOST.fetch_max(now, Ordering::SeqCst);
        }
        tokio::time::sleep(Duration::from_millis(self.millis)).await;
        if counted {
            RUNNING.fetch_sub(1, Ordering::SeqCst);
        }
        match self.outcome {
            Outcome::Done | Outcome::Counted => Ok(()),
            Outcome::Fails => Err("the chore could not be done".into()),
            Outcome::Panics => panic!("the chore blew up"),
        }
    }
}

struct Running {
    db: Db,
    supervisor: Supervisor,
    _database: TestDatabase,
}

/// A runner of one queue, `default`, started as node-a.
fn runner(db: &Db, limit: i64, lease: Duration, poll: Duration) -> Supervisor {
    let config = RunnerConfig {
        node: "node-a".into(),
        queues: vec![QueueConfig {
            name: "default".into(),
            limit,
        }],
        lease,
        poll,
    };
    let context = JobContext {
        db: db.clone(),
        mails: Mails {
            from: Address::new("Commons", "noreply@commons.test"),
            base_url: "http://commons.test".into(),
            mailer: Arc::new(MemoryMailer::new()),
        },
    };
    let jobs = Jobs::new(context, Workers::new().with::<Chore>(), config);
    let supervisor = Supervisor::new(Policy::default());
    jobs.start(&supervisor);
    supervisor
}

async fn running(limit: i64, poll: Duration) -> Running {
    let database = TestDatabase::create().await;
    let db = database.open(8).await;
    let supervisor = runner(&db, limit, Duration::from_millis(600), poll);
    Running {
        db,
        supervisor,
        _database: database,
    }
}

fn chore(outcome: Outcome, millis: u64) -> NewJob {
    NewJob::of(&Chore { outcome, millis }, now()).expect("serializes")
}

async fn enqueue(db: &Db, job: &NewJob) -> i64 {
    jobs::insert(db, job, now())
        .await
        .expect("inserts")
        .expect("new")
}

/// Job `id` once it is in a state `done` accepts, waiting up to 10 s.
async fn once(db: &Db, id: i64, done: impl Fn(JobState) -> bool) -> JobRecord {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let job = jobs::find(db, id).await.expect("reads").expect("kept");
        if done(job.state()) {
            return job;
        }
        assert!(
            Instant::now() < deadline,
            "job {id} stayed {:?}",
            job.state()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_job_runs_and_a_failure_or_a_panic_is_retried_with_its_error_kept() {
    let Running {
        db,
        supervisor,
        _database,
    } = running(5, Duration::from_millis(50)).await;
    let done = enqueue(&db, &chore(Outcome::Done, 0)).await;
    let fails = enqueue(&db, &chore(Outcome::Fails, 0)).await;
    let panics = enqueue(&db, &chore(Outcome::Panics, 0)).await;
    let mut unknown = chore(Outcome::Done, 0);
    unknown.kind = "nobody-knows".into();
    let unknown = enqueue(&db, &unknown).await;

    assert_eq!(
        once(&db, done, JobState::is_finished).await.state(),
        JobState::Completed
    );
    for (id, error) in [
        (fails, "the chore could not be done"),
        (panics, "it panicked: the chore blew up"),
        (unknown, "no worker here runs jobs of kind \"nobody-knows\""),
    ] {
        let job = once(&db, id, |state| state == JobState::Retryable).await;
        assert!(job.run_at >= now() + 10_000, "waits its backoff");
        let errors = jobs::job_errors(&db, id).await.expect("reads");
        assert_eq!(errors[0].error, error);
    }
    let tasks: Vec<String> = supervisor
        .tasks()
        .into_iter()
        .map(|task| task.name)
        .collect();
    assert_eq!(tasks, ["jobs:default", "jobs:lifeline"]);
    supervisor.shutdown().await;
}

#[tokio::test]
async fn a_queue_runs_at_most_its_limit_at_once_and_hears_of_an_insert_at_once() {
    // Polling once a minute: only wakes and finished jobs make the queue look again.
    let Running {
        db,
        supervisor,
        _database,
    } = running(2, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(enqueue(&db, &chore(Outcome::Counted, 100)).await);
    }
    for id in ids {
        once(&db, id, |state| state == JobState::Completed).await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "woken, not polled: {:?}",
        started.elapsed()
    );
    let most = MOST.load(Ordering::SeqCst);
    assert!((1..=2).contains(&most), "at most 2 at once, saw {most}");
    supervisor.shutdown().await;
}

#[tokio::test]
async fn a_job_left_running_by_a_dead_node_is_rescued_and_run_here() {
    let database = TestDatabase::create().await;
    let db = database.open(8).await;
    let id = enqueue(&db, &chore(Outcome::Done, 0)).await;
    // A node claims it, then dies: it never ends the attempt nor renews its lease.
    let lease = Duration::from_millis(300);
    let claimed = jobs::claim(&db, "default", 10, 1, "node-dead", now(), lease).await;
    assert_eq!(claimed.expect("claims").len(), 1);

    let supervisor = runner(&db, 10, lease, Duration::from_secs(60));
    let job = once(&db, id, |state| state == JobState::Completed).await;
    assert_eq!(
        (job.attempt, job.attempted_by.as_deref()),
        (2, Some("node-a"))
    );
    let errors = jobs::job_errors(&db, id).await.expect("reads");
    assert!(errors[0].error.contains("node-dead"), "{}", errors[0].error);
    supervisor.shutdown().await;
}

fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
