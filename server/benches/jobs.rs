//! The job queue's and the mailer's figures (recipes 38, 44), printed:
//!
//! - no-op jobs run per second through the real runner (claim, run, complete), on SQLite and
//!   on PostgreSQL, beside `pgbench`'s one-row UPDATE transactions per second on the same
//!   PostgreSQL in the same run;
//! - enqueue → start latency (p50 / p99) with the runner idle and woken by the enqueue;
//! - mails per second delivered to a real SMTP server (Debian's aiosmtpd) on loopback.
//!
//! `cargo bench -p server --bench jobs` (PostgreSQL at `TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432`; `pgbench` from Debian's postgresql-contrib).

use std::{
    process::{Command, Stdio},
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use domain::{
    db::{BeginWrite, Db, PoolOptions},
    jobs::{self, Enqueue, Job, JobState, NewJob},
    mail::{Address, Mail, Mailer, MemoryMailer, SmtpMailer, SmtpSecurity, SmtpServer},
    uploads::{Limits, Uploads},
    with_pool,
};
use ops::supervisor::{Policy, Supervisor, TaskError};
use serde::{Deserialize, Serialize};
use server::{
    jobs::{JobContext, Jobs, Perform, QueueConfig, RunnerConfig, Workers},
    mail::Mails,
};

const JOBS: usize = 20_000;
const LIMIT: i64 = 20;
const SAMPLES: usize = 400;
const MAILS: usize = 500;

/// Does nothing; when it carries the time it was enqueued, records how long it waited.
#[derive(Serialize, Deserialize)]
struct NoOp {
    enqueued_us: Option<u128>,
}

impl Job for NoOp {
    const KIND: &'static str = "bench.noop";
}

static WAITS: Mutex<Vec<Duration>> = Mutex::new(Vec::new());
/// Attempts run so far: watched while the throughput runs, so that the database is asked how
/// many completed only at the end (asking it all along took its CPU from the runner).
static PERFORMED: AtomicUsize = AtomicUsize::new(0);

fn micros_now() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_micros()
}

impl Perform for NoOp {
    async fn perform(self, _context: &JobContext) -> Result<(), TaskError> {
        PERFORMED.fetch_add(1, Ordering::Relaxed);
        if let Some(enqueued) = self.enqueued_us {
            let waited = micros_now().saturating_sub(enqueued);
            WAITS
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Duration::from_micros(
                    u64::try_from(waited).unwrap_or(u64::MAX),
                ));
        }
        Ok(())
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

async fn completed(db: &Db) -> usize {
    let counts = jobs::counts(db).await.expect("counts");
    counts
        .iter()
        .filter(|count| count.state == JobState::Completed)
        .map(|count| usize::try_from(count.jobs).unwrap_or(0))
        .sum()
}

async fn start_runner(db: &Db, dir: &std::path::Path) -> Supervisor {
    let uploads = Uploads::open(db.clone(), dir, Limits::default())
        .await
        .expect("uploads");
    let context = JobContext {
        db: db.clone(),
        mails: Mails {
            from: Address::new("Commons", "noreply@commons.test"),
            base_url: "http://commons.test".into(),
            mailer: Arc::new(MemoryMailer::new()),
        },
        uploads,
    };
    let config = RunnerConfig {
        node: "bench".into(),
        queues: vec![QueueConfig {
            name: "default".into(),
            limit: LIMIT,
        }],
        lease: Duration::from_secs(30),
        poll: Duration::from_secs(1),
    };
    let supervisor = Supervisor::new(Policy::default());
    Jobs::new(context, Workers::new().with::<NoOp>(), config).start(&supervisor);
    supervisor
}

/// Runs `JOBS` no-op jobs enqueued beforehand; answers jobs per second.
async fn throughput(db: &Db, dir: &std::path::Path) -> f64 {
    let job = NewJob::of(&NoOp { enqueued_us: None }, now_ms()).expect("serializes");
    for _ in 0..JOBS / 1000 {
        with_pool!(db, |pool| async {
            let mut tx = pool.begin_write().await?;
            for _ in 0..1000 {
                let _not_announced = (&mut *tx).enqueue(&job, now_ms()).await?;
            }
            tx.commit().await
        }
        .await)
        .expect("enqueues");
    }
    PERFORMED.store(0, Ordering::Relaxed);
    let started = Instant::now();
    let supervisor = start_runner(db, dir).await;
    while PERFORMED.load(Ordering::Relaxed) < JOBS {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    while completed(db).await < JOBS {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let elapsed = started.elapsed();
    supervisor.shutdown().await;
    JOBS as f64 / elapsed.as_secs_f64()
}

/// Enqueues one job at a time to an idle runner; answers p50 and p99 of enqueue → start.
async fn latency(db: &Db, dir: &std::path::Path) -> (Duration, Duration) {
    WAITS.lock().unwrap_or_else(PoisonError::into_inner).clear();
    let supervisor = start_runner(db, dir).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    for sample in 1..=SAMPLES {
        let job = NewJob::of(
            &NoOp {
                enqueued_us: Some(micros_now()),
            },
            now_ms(),
        )
        .expect("serializes");
        jobs::insert(db, &job, now_ms()).await.expect("inserts");
        while WAITS.lock().unwrap_or_else(PoisonError::into_inner).len() < sample {
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
    }
    supervisor.shutdown().await;
    let mut waits = WAITS.lock().unwrap_or_else(PoisonError::into_inner).clone();
    waits.sort();
    let at = |p: f64| waits[((waits.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.99))
}

async fn connect(url: &str) -> Db {
    let db = Db::connect(
        url,
        PoolOptions {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(10),
        },
    )
    .await
    .expect("connects");
    db.migrate().await.expect("migrates");
    db
}

async fn backend(name: &str, url: &str) {
    let dir = tempfile::tempdir().expect("a directory");
    let db = connect(url).await;
    let per_second = throughput(&db, dir.path()).await;
    let (p50, p99) = latency(&db, dir.path()).await;
    println!(
        "{name}: {per_second:.0} no-op jobs/s ({JOBS} jobs, queue limit {LIMIT}); \
         enqueue → start p50 {:.2} ms, p99 {:.2} ms ({SAMPLES} samples, runner idle)",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
    db.close().await;
}

/// `pgbench`'s one-row UPDATE tps on `database`, 10 clients for 10 s.
fn pgbench(admin: &str, database: &str) -> Option<f64> {
    let url = format!("{admin}/{database}");
    let init = Command::new("pgbench")
        .args(["-i", "-q", "-s", "1", &url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !init.success() {
        return None;
    }
    let script = tempfile::NamedTempFile::new().ok()?;
    std::fs::write(
        script.path(),
        "\\set aid random(1, 100000)\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n",
    )
    .ok()?;
    let run = Command::new("pgbench")
        .args(["-n", "-c", "10", "-j", "2", "-T", "10", "-f"])
        .arg(script.path())
        .arg(&url)
        .output()
        .ok()?;
    let out = String::from_utf8_lossy(&run.stdout);
    out.lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|tps| tps.parse().ok())
}

/// Mails per second delivered to aiosmtpd on loopback, five at a time (the mail queue's limit).
async fn mails_per_second() -> Option<f64> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .ok()?
        .port();
    let dir = tempfile::tempdir().ok()?;
    let mut sink = Command::new("/usr/bin/python3")
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(dir.path().join("Maildir"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            let _ = sink.kill();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let smtp = Arc::new(
        SmtpMailer::new(SmtpServer {
            host: "127.0.0.1".into(),
            port,
            security: SmtpSecurity::None,
            credentials: None,
            timeout: Duration::from_secs(10),
        })
        .ok()?,
    );
    let mail = Mail {
        from: Address::new("Commons", "noreply@commons.test"),
        to: Address::new("Ada", "ada@example.com"),
        subject: "Welcome to Commons".into(),
        text: "Hello Ada,\n\nWelcome to Commons!\n".repeat(10),
        html: "<p>Hello Ada, welcome to Commons!</p>".repeat(10),
        attachments: Vec::new(),
    };
    let started = Instant::now();
    let mut senders = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let (smtp, mail) = (smtp.clone(), mail.clone());
        senders.spawn(async move {
            for _ in 0..MAILS / 5 {
                smtp.deliver(&mail).await.expect("delivered");
            }
        });
    }
    while senders.join_next().await.is_some() {}
    let per_second = MAILS as f64 / started.elapsed().as_secs_f64();
    let _ = sink.kill();
    let _ = sink.wait();
    Some(per_second)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("a directory");
        let sqlite = format!("sqlite://{}/bench.db", dir.path().display());
        backend("SQLite", &sqlite).await;

        let admin = std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let name = format!("commons_bench_{:08x}", rand::random::<u32>());
        match sqlx::PgPool::connect(&format!("{admin}/postgres")).await {
            Ok(pool) => {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&pool)
                    .await
                    .expect("creates the database");
                backend("PostgreSQL", &format!("{admin}/{name}")).await;
                match pgbench(&admin, &name) {
                    Some(tps) => println!(
                        "pgbench one-row UPDATE on the same PostgreSQL: {tps:.0} tps (10 clients, 10 s)"
                    ),
                    None => println!("pgbench did not run (apt-get install postgresql-contrib)"),
                }
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name} WITH (FORCE)")))
                    .execute(&pool)
                    .await
                    .expect("drops the database");
            }
            Err(error) => println!("PostgreSQL not reachable at {admin}: {error}"),
        }
        match mails_per_second().await {
            Some(rate) => println!("{rate:.0} mails/s to aiosmtpd on loopback ({MAILS}, 5 at a time)"),
            None => println!("aiosmtpd did not start (apt-get install python3-aiosmtpd)"),
        }
    });
}
