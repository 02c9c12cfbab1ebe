//! The node's health checks, run side by side with a timeout each ([`map_bounded`]): by
//! `/health/ready` and by the system page's "run health checks" button.

use std::{future::Future, pin::Pin, time::Duration};

use model::system::CheckResult;
use tokio::time::Instant;

use crate::parallel::map_bounded;

type CheckFuture = Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;

/// One check: `Ok` with what it found ("12.3 GiB free") or `Err` with what is wrong, both
/// written for an operator.
pub struct Check {
    name: &'static str,
    run: Box<dyn Fn() -> CheckFuture + Send + Sync>,
}

impl Check {
    pub fn new<F, Fut>(name: &'static str, run: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, String>> + Send + 'static,
    {
        Self {
            name,
            run: Box::new(move || Box::pin(run())),
        }
    }
}

/// The node's checks and the time each may take.
pub struct HealthChecks {
    checks: Vec<Check>,
    timeout: Duration,
}

impl HealthChecks {
    pub fn new(timeout: Duration, checks: Vec<Check>) -> Self {
        Self { checks, timeout }
    }

    /// Runs every check at once; each result comes back in the checks' order, with how long
    /// it took. A check that outlives the timeout fails as timed out, and is cancelled.
    pub async fn run(&self) -> Vec<CheckResult> {
        let timed = map_bounded(&self.checks, self.checks.len(), self.timeout, |check| {
            let started = Instant::now();
            let running = (check.run)();
            async move { (running.await, started.elapsed()) }
        })
        .await;
        self.checks
            .iter()
            .zip(timed)
            .map(|(check, outcome)| {
                let ((ok, detail), took) = match outcome {
                    Ok((Ok(found), took)) => ((true, found), took),
                    Ok((Err(wrong), took)) => ((false, wrong), took),
                    Err(late) => ((false, late.to_string()), late.0),
                };
                CheckResult {
                    name: check.name.to_owned(),
                    ok,
                    detail,
                    duration_ms: took.as_secs_f64() * 1000.0,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use tokio::time::sleep;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn checks_run_together_each_within_its_timeout() {
        let checks = HealthChecks::new(
            Duration::from_secs(2),
            vec![
                Check::new("database", || async {
                    sleep(Duration::from_millis(300)).await;
                    Ok("answered".to_owned())
                }),
                Check::new("disk", || async { Err("only 1 MiB free".to_owned()) }),
                Check::new("stuck", || async {
                    sleep(Duration::from_secs(60)).await;
                    Ok("never".to_owned())
                }),
            ],
        );
        let started = Instant::now();
        let results = checks.run().await;
        assert_eq!(started.elapsed(), Duration::from_secs(2));
        let summary: Vec<_> = results
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.ok,
                    r.detail.as_str(),
                    r.duration_ms.round(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("database", true, "answered", 300.0),
                ("disk", false, "only 1 MiB free", 0.0),
                ("stuck", false, "timed out after 2s", 2000.0),
            ]
        );
    }
}
