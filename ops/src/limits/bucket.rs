//! The token bucket: governor's GCRA, which keeps one timestamp per key instead of a count and
//! a refill task — a bucket refills itself by the passing of time, never by a timer.

use std::{hash::Hash, num::NonZeroU32, time::Duration};

use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    middleware::StateInformationMiddleware,
    state::keyed::DashMapStateStore,
};

use super::Verdict;

/// A steady pace with room for a burst: one more allowed every `every`, at most `burst` at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub every: Duration,
    pub burst: u32,
}

impl Rate {
    /// `per_second` a second on average, `burst` at once (both at least 1).
    pub fn per_second(per_second: u32, burst: u32) -> Self {
        Self {
            every: Duration::from_secs(1) / per_second.max(1),
            burst: burst.max(1),
        }
    }

    /// `per_minute` a minute on average, `burst` at once (both at least 1).
    pub fn per_minute(per_minute: u32, burst: u32) -> Self {
        Self {
            every: Duration::from_secs(60) / per_minute.max(1),
            burst: burst.max(1),
        }
    }

    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(self.every)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(burst)
    }
}

/// A token bucket per key (a person, an address).
pub struct TokenBucket<K: Hash + Eq + Clone, C: Clock = DefaultClock> {
    rate: Rate,
    limiter: RateLimiter<K, DashMapStateStore<K>, C, StateInformationMiddleware>,
}

impl<K: Hash + Eq + Clone> TokenBucket<K> {
    pub fn new(rate: Rate) -> Self {
        Self::with_clock(rate, DefaultClock::default())
    }
}

impl<K: Hash + Eq + Clone, C: Clock> TokenBucket<K, C> {
    /// A bucket on another clock (tests use governor's `FakeRelativeClock`).
    pub fn with_clock(rate: Rate, clock: C) -> Self {
        Self {
            rate,
            limiter: RateLimiter::dashmap_with_clock(rate.quota(), clock)
                .with_middleware::<StateInformationMiddleware>(),
        }
    }

    /// Takes a token from `key`'s bucket if there is one.
    pub fn check(&self, key: &K) -> Verdict {
        let burst = self.rate.burst.max(1);
        let refill = |missing: u32| self.rate.every * missing;
        match self.limiter.check_key(key) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity().min(burst);
                Verdict {
                    allowed: true,
                    limit: burst,
                    remaining,
                    reset_after: refill(burst - remaining),
                    retry_after: Duration::ZERO,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.limiter.clock().now());
                let wait = wait.max(Duration::from_millis(1));
                Verdict {
                    allowed: false,
                    limit: burst,
                    remaining: 0,
                    reset_after: wait + refill(burst - 1),
                    retry_after: wait,
                }
            }
        }
    }

    /// Forgets the keys whose bucket is full again (they are as good as new).
    pub fn prune(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.limiter.len()
    }

    pub fn is_empty(&self) -> bool {
        self.limiter.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use governor::clock::FakeRelativeClock;

    use super::*;

    fn bucket(clock: &FakeRelativeClock) -> TokenBucket<i64, FakeRelativeClock> {
        TokenBucket::with_clock(Rate::per_second(5, 10), clock.clone())
    }

    #[test]
    fn a_burst_then_the_steady_pace() {
        let clock = FakeRelativeClock::default();
        let bucket = bucket(&clock);
        for left in (0..10).rev() {
            let verdict = bucket.check(&1);
            assert!(verdict.allowed);
            assert_eq!(verdict.remaining, left);
        }
        let refused = bucket.check(&1);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after, Duration::from_millis(200));
        clock.advance(Duration::from_millis(200));
        assert!(bucket.check(&1).allowed, "one token back after 200 ms");
        assert!(!bucket.check(&1).allowed);
    }

    #[test]
    fn a_flood_gets_the_burst_plus_the_rate() {
        let clock = FakeRelativeClock::default();
        let bucket = bucket(&clock);
        let mut allowed = 0;
        // 1000 attempts a second for ten seconds.
        for _ in 0..10_000 {
            if bucket.check(&1).allowed {
                allowed += 1;
            }
            clock.advance(Duration::from_millis(1));
        }
        assert_eq!(allowed, 10 + 50 - 1, "the burst, then five a second");
    }

    #[test]
    fn each_key_has_its_own_bucket_and_full_buckets_are_forgotten() {
        let clock = FakeRelativeClock::default();
        let bucket = bucket(&clock);
        for _ in 0..10 {
            assert!(bucket.check(&1).allowed);
        }
        assert!(!bucket.check(&1).allowed);
        assert!(bucket.check(&2).allowed);
        assert_eq!(bucket.len(), 2);
        clock.advance(Duration::from_secs(3));
        bucket.prune();
        assert!(bucket.is_empty());
    }

    #[test]
    fn the_reset_is_when_the_bucket_is_full_again() {
        let clock = FakeRelativeClock::default();
        let bucket = bucket(&clock);
        let first = bucket.check(&1);
        assert_eq!(first.reset_after, Duration::from_millis(200));
        for _ in 0..9 {
            bucket.check(&1);
        }
        let refused = bucket.check(&1);
        assert_eq!(refused.reset_after, Duration::from_secs(2));
    }
}
