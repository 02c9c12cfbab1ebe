//! Sign-in cost: how long one sign-in takes (Argon2id at OWASP's parameters dominates) and how
//! many one core sustains. Prints its figures; run with `cargo bench -p domain --bench sign_in`.

use std::time::{Duration, Instant};

use domain::{
    accounts::{self, SignIn},
    db::{Db, PoolOptions},
};
use model::accounts::RegistrationForm;

const PASSWORD: &str = "Analytical-Engine-1843";
const ROUNDS: usize = 60;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One worker thread: the figure is what a single core sustains.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        let db = Db::connect(
            &url,
            PoolOptions {
                max_connections: 4,
                acquire_timeout: Duration::from_secs(5),
            },
        )
        .await?;
        db.migrate().await?;
        let form = RegistrationForm {
            name: "Ada".into(),
            email: "ada@example.com".into(),
            age: String::new(),
            password: PASSWORD.into(),
            password_confirmation: PASSWORD.into(),
        };
        let registration = form
            .parse()
            .map_err(|errors| format!("invalid form: {errors:?}"))?;
        accounts::register(&db, registration).await?;

        let attempt = || {
            accounts::sign_in(
                &db,
                SignIn {
                    email: "ada@example.com",
                    password: PASSWORD,
                    ip: "192.0.2.1",
                },
            )
        };
        // Warm up the pool, the allocator and the dummy hash.
        for _ in 0..3 {
            attempt().await?;
        }
        let mut timings = Vec::with_capacity(ROUNDS);
        let started = Instant::now();
        for _ in 0..ROUNDS {
            let one = Instant::now();
            attempt().await?;
            timings.push(one.elapsed());
        }
        let total = started.elapsed();
        timings.sort();
        println!("sign-in (argon2id m=19 MiB, t=2, p=1; SQLite), {ROUNDS} rounds on one core:");
        println!(
            "  p50 {:.1} ms",
            percentile(&timings, 0.50).as_secs_f64() * 1e3
        );
        println!(
            "  p95 {:.1} ms",
            percentile(&timings, 0.95).as_secs_f64() * 1e3
        );
        println!(
            "  throughput {:.1} sign-ins/s",
            ROUNDS as f64 / total.as_secs_f64()
        );
        Ok(())
    })
}
