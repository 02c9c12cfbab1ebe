//! How long a failed job waits before its next attempt.

use std::time::Duration;

use rand::Rng;

/// The longest wait, however many attempts have failed.
const LONGEST: Duration = Duration::from_secs(24 * 60 * 60);

/// The wait after attempt `attempt` (1 for the first) failed: 15 s plus 2^`attempt` s — 17 s,
/// 19 s, 23 s, 31 s, … — at most a day, then moved by up to 10 % either way so that jobs that
/// failed together (a mail server down) are not all retried in the same instant.
pub fn backoff(attempt: i32, rng: &mut impl Rng) -> Duration {
    let exponent = u32::try_from(attempt.clamp(0, 20)).unwrap_or(0);
    let base = Duration::from_secs(15 + 2_u64.pow(exponent)).min(LONGEST);
    base.mul_f64(rng.random_range(0.9..=1.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{SeedableRng, rngs::StdRng};

    fn within(wait: Duration, secs: f64) -> bool {
        (secs * 0.9..=secs * 1.1).contains(&wait.as_secs_f64())
    }

    #[test]
    fn each_attempt_waits_longer_with_jitter_of_a_tenth() {
        let mut rng = StdRng::seed_from_u64(7);
        for (attempt, secs) in [(1, 17.0), (2, 19.0), (3, 23.0), (4, 31.0), (10, 1039.0)] {
            for _ in 0..100 {
                let wait = backoff(attempt, &mut rng);
                assert!(within(wait, secs), "attempt {attempt}: {wait:?}");
            }
        }
    }

    #[test]
    fn the_wait_is_capped_at_a_day_and_odd_attempts_are_harmless() {
        let mut rng = StdRng::seed_from_u64(7);
        let day = LONGEST.as_secs_f64();
        assert!(within(backoff(20, &mut rng), day));
        assert!(within(backoff(i32::MAX, &mut rng), day));
        assert!(
            within(backoff(-3, &mut rng), 16.0),
            "2^0 for a nonsense attempt"
        );
    }

    #[test]
    fn jitter_spreads_jobs_that_failed_together() {
        let mut rng = StdRng::seed_from_u64(7);
        let waits: std::collections::HashSet<u128> =
            (0..50).map(|_| backoff(5, &mut rng).as_millis()).collect();
        assert!(waits.len() > 40, "{} distinct waits of 50", waits.len());
    }
}
