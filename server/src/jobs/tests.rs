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
    uploads::Uploads,
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

/// What the tests' jobs run with: a memory mailer, uploads in a directory of their own.
async fn context(db: &Db) -> JobContext {
    let dir = tempfile::tempdir().expect("a directory").keep();
    let uploads = Uploads::open(db.clone(), &dir, domain::uploads::Limits::default())
        .await
        .expect("uploads");
    JobContext {
        db: db.clone(),
        mails: Mails {
            from: Address::new("Commons", "noreply@commons.test"),
            base_url: "http://commons.test".into(),
            mailer: Arc::new(MemoryMailer::new()),
        },
        uploads,
    }
}

/// A runner of one queue, `default`, started as node-a.
async fn runner(db: &Db, limit: i64, lease: Duration, poll: Duration) -> Supervisor {
    started(db, limit, lease, poll).await.1
}

/// [`runner`], with the runner itself.
async fn started(db: &Db, limit: i64, lease: Duration, poll: Duration) -> (Jobs, Supervisor) {
    let config = RunnerConfig {
        node: "node-a".into(),
        queues: vec![QueueConfig {
            name: "default".into(),
            limit,
        }],
        lease,
        poll,
    };
    let jobs = Jobs::new(context(db).await, Workers::new().with::<Chore>(), config);
    let supervisor = Supervisor::new(Policy::default());
    jobs.start(&supervisor);
    (jobs, supervisor)
}

async fn running(limit: i64, poll: Duration) -> Running {
    let database = TestDatabase::create().await;
    let db = database.open(8).await;
    let supervisor = runner(&db, limit, Duration::from_millis(600), poll).await;
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

    let supervisor = runner(&db, 10, lease, Duration::from_secs(60)).await;
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

#[tokio::test]
async fn the_ticker_enqueues_a_due_schedule_which_the_runner_runs_and_a_paused_one_never() {
    let Running {
        db,
        supervisor,
        _database,
    } = running(5, Duration::from_secs(60)).await;
    let admin = domain::Scope {
        user_id: 1,
        role: domain::accounts::Role::Admin,
    };
    let task = |outcome| domain::schedules::Task {
        kind: Chore::KIND.into(),
        queue: Chore::QUEUE.into(),
        args: serde_json::to_string(&Chore { outcome, millis: 0 }).expect("serializes"),
    };
    let every_second = |name: &str| domain::schedules::ScheduleForm {
        name: name.into(),
        cron: "* * * * * *".into(),
        timezone: "UTC".into(),
        missed: domain::schedules::Missed::Skip,
    };
    let at = now();
    domain::schedules::create(&db, admin, &every_second("runs"), &task(Outcome::Done), at)
        .await
        .expect("creates");
    let paused = domain::schedules::create(
        &db,
        admin,
        &every_second("paused"),
        &task(Outcome::Fails),
        at,
    )
    .await
    .expect("creates");
    domain::schedules::pause(&db, admin, paused.id, at)
        .await
        .expect("pauses");
    let context = context(&db).await;
    builtin::start_ticker(&context, Duration::from_millis(100), &supervisor);

    let deadline = Instant::now() + Duration::from_secs(10);
    let done = loop {
        let filter = jobs::Filter {
            state: Some(JobState::Completed),
            ..Default::default()
        };
        let done = jobs::list(&db, &filter, None, 100).await.expect("lists");
        if done.len() >= 2 {
            break done;
        }
        assert!(Instant::now() < deadline, "the schedule's jobs ran");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(done.iter().all(|job| job.args.contains("Done")));
    let all = jobs::list(&db, &jobs::Filter::default(), None, 100)
        .await
        .expect("lists");
    assert!(
        all.iter().all(|job| !job.args.contains("Fails")),
        "the paused schedule never fired"
    );
    supervisor.shutdown().await;
}

#[tokio::test]
async fn housekeeping_prunes_what_is_stale_and_keeps_what_is_not() {
    use builtin::{PruneJobs, PrunePartialUploads, PruneSessions};

    let database = TestDatabase::create().await;
    let db = database.open(4).await;
    let dir = tempfile::tempdir().expect("a directory");
    let mut context = context(&db).await;
    context.uploads = Uploads::open(db.clone(), dir.path(), domain::uploads::Limits::default())
        .await
        .expect("uploads");
    let password = "Analytical-Engine-1843";
    let form = model::accounts::RegistrationForm {
        name: "Ada".into(),
        email: "ada@example.com".into(),
        age: String::new(),
        password: password.into(),
        password_confirmation: password.into(),
    };
    let user = domain::accounts::register(&db, form.parse().expect("valid"))
        .await
        .expect("registers")
        .id;
    let idle = domain::sessions::start(&db, user, None)
        .await
        .expect("starts");
    let long_ago = chrono::Utc::now().timestamp() - 31 * 24 * 60 * 60;
    domain::with_pool!(db, |pool| {
        sqlx::query("UPDATE sessions SET last_seen_at = $1")
            .bind(long_ago)
            .execute(pool)
            .await
            .map(drop)
    })
    .expect("ages the session");
    let fresh = domain::sessions::start(&db, user, None)
        .await
        .expect("starts");
    PruneSessions {}.perform(&context).await.expect("prunes");
    assert!(
        domain::sessions::resume(&db, &idle)
            .await
            .expect("reads")
            .is_none()
    );
    assert!(
        domain::sessions::resume(&db, &fresh)
            .await
            .expect("reads")
            .is_some()
    );

    let old = enqueue(&db, &chore(Outcome::Done, 0)).await;
    jobs::cancel(&db, old, now() - 8 * 24 * 60 * 60 * 1000)
        .await
        .expect("cancels");
    let recent = enqueue(&db, &chore(Outcome::Done, 0)).await;
    jobs::cancel(&db, recent, now()).await.expect("cancels");
    PruneJobs { keep_days: 7 }
        .perform(&context)
        .await
        .expect("prunes");
    assert!(jobs::find(&db, old).await.expect("reads").is_none());
    assert!(jobs::find(&db, recent).await.expect("reads").is_some());

    let tmp = dir.path().join("uploads/tmp");
    let (stale, live) = (tmp.join("stale.part"), tmp.join("live.part"));
    std::fs::write(&stale, b"half").expect("writes");
    std::fs::write(&live, b"half").expect("writes");
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|file| {
            file.set_modified(std::time::SystemTime::now() - Duration::from_secs(25 * 60 * 60))
        })
        .expect("ages");
    PrunePartialUploads {}
        .perform(&context)
        .await
        .expect("prunes");
    assert!(!stale.exists() && live.exists());
}

#[tokio::test]
async fn stopping_lets_running_jobs_finish_within_the_grace_and_claims_no_more() {
    let database = TestDatabase::create().await;
    let db = database.open(8).await;
    let (jobs, supervisor) =
        started(&db, 5, Duration::from_secs(30), Duration::from_millis(50)).await;
    let long = enqueue(&db, &chore(Outcome::Done, 600)).await;
    once(&db, long, |state| state == JobState::Running).await;

    assert!(
        jobs.stop(Duration::from_secs(5)).await,
        "it ended within the grace"
    );
    // It waited for the job: a stop that did not would leave it running (how long the stop
    // took says nothing on a loaded machine, where seeing it running can take the 600 ms).
    let job = jobs::find(&db, long).await.expect("reads").expect("kept");
    assert_eq!(job.state(), JobState::Completed, "it waited for the job");

    let after = enqueue(&db, &chore(Outcome::Done, 0)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let job = jobs::find(&db, after).await.expect("reads").expect("kept");
    assert_eq!(
        job.state(),
        JobState::Available,
        "a stopping node claims nothing"
    );
    supervisor.shutdown().await;
}

#[tokio::test]
async fn a_job_longer_than_the_grace_is_left_running_for_another_node_to_rescue() {
    let database = TestDatabase::create().await;
    let db = database.open(8).await;
    let (jobs, supervisor) =
        started(&db, 5, Duration::from_secs(30), Duration::from_millis(50)).await;
    let long = enqueue(&db, &chore(Outcome::Done, 5_000)).await;
    once(&db, long, |state| state == JobState::Running).await;
    assert!(
        !jobs.stop(Duration::from_millis(200)).await,
        "the grace ran out"
    );
    supervisor.shutdown().await;
    let job = jobs::find(&db, long).await.expect("reads").expect("kept");
    assert_eq!(
        job.state(),
        JobState::Running,
        "left to its lease and a rescue"
    );
}
