//! The sliding window, as an exact log: each key keeps the times of the requests it was let
//! through within the last window (at most `limit` of them), so *any* span of one window holds
//! at most `limit` accepted requests — also across what a fixed window would call its edge.
//! Refused requests are not logged: hammering a closed window does not keep it closed.

use std::{
    collections::{HashMap, VecDeque},
    hash::{BuildHasher, Hash, RandomState},
    sync::{Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

use super::Verdict;

/// At most `limit` requests in any `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub limit: u32,
    pub window: Duration,
}

/// Independent locks, so that keys on different shards never wait for each other.
const SHARDS: usize = 16;

type Log = VecDeque<Instant>;

/// A sliding-window limit per key (an address, a person).
pub struct SlidingWindow<K> {
    budget: Budget,
    hasher: RandomState,
    shards: Box<[Mutex<HashMap<K, Log>>]>,
}

impl<K: Hash + Eq + Clone> SlidingWindow<K> {
    pub fn new(budget: Budget) -> Self {
        Self {
            budget,
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Lets one request of `key` through if the window has room, and logs it.
    pub fn check(&self, key: &K) -> Verdict {
        self.check_at(key, Instant::now())
    }

    /// [`check`](Self::check) at a given time (tests drive the clock).
    pub fn check_at(&self, key: &K, now: Instant) -> Verdict {
        let Budget { limit, window } = self.budget;
        let mut shard = self.shard(key);
        let log = shard.entry(key.clone()).or_default();
        forget_before(log, now, window);
        let used = u32::try_from(log.len()).unwrap_or(u32::MAX);
        let allowed = used < limit;
        if allowed {
            log.push_back(now);
        }
        let oldest = log.front().copied();
        let until_oldest_leaves = oldest.map_or(Duration::ZERO, |oldest| {
            (oldest + window).saturating_duration_since(now)
        });
        let reset_after = log.back().map_or(Duration::ZERO, |newest| {
            (*newest + window).saturating_duration_since(now)
        });
        if log.is_empty() {
            shard.remove(key);
        }
        Verdict {
            allowed,
            limit,
            remaining: limit.saturating_sub(used + u32::from(allowed)),
            reset_after,
            retry_after: if allowed {
                Duration::ZERO
            } else {
                until_oldest_leaves.max(Duration::from_millis(1))
            },
        }
    }

    /// Drops the keys whose window is empty, so memory follows the keys seen lately.
    pub fn prune(&self) {
        self.prune_at(Instant::now());
    }

    pub fn prune_at(&self, now: Instant) {
        for shard in &self.shards {
            lock(shard).retain(|_, log| {
                forget_before(log, now, self.budget.window);
                !log.is_empty()
            });
        }
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|shard| lock(shard).len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn shard(&self, key: &K) -> MutexGuard<'_, HashMap<K, Log>> {
        let index = usize::try_from(self.hasher.hash_one(key) % SHARDS as u64).unwrap_or(0);
        lock(&self.shards[index])
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the entries that are a whole window old or older.
fn forget_before(log: &mut Log, now: Instant, window: Duration) {
    while log
        .front()
        .is_some_and(|&at| now.saturating_duration_since(at) >= window)
    {
        log.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn limiter(limit: u32) -> SlidingWindow<&'static str> {
        SlidingWindow::new(Budget {
            limit,
            window: MINUTE,
        })
    }

    #[test]
    fn lets_the_budget_through_then_refuses_until_the_oldest_leaves() {
        let window = limiter(3);
        let start = Instant::now();
        for n in 0..3 {
            let at = start + Duration::from_secs(n * 10);
            let verdict = window.check_at(&"ada", at);
            assert!(verdict.allowed);
            assert_eq!(verdict.remaining, 2 - u32::try_from(n).unwrap());
        }
        let refused = window.check_at(&"ada", start + Duration::from_secs(30));
        assert!(!refused.allowed);
        assert_eq!(refused.remaining, 0);
        assert_eq!(
            refused.retry_after,
            Duration::from_secs(30),
            "the first leaves at 60 s"
        );
        assert_eq!(
            refused.reset_after,
            Duration::from_secs(50),
            "the last leaves at 80 s"
        );
        assert!(window.check_at(&"ada", start + MINUTE).allowed);
        assert!(
            !window.check_at(&"ada", start + MINUTE).allowed,
            "one left, one came"
        );
    }

    #[test]
    fn no_span_of_one_window_holds_more_than_the_budget_even_across_an_edge() {
        let window = limiter(10);
        let start = Instant::now();
        let mut accepted = Vec::new();
        // A request every 100 ms for three minutes.
        for tick in 0..1800 {
            let at = start + Duration::from_millis(tick * 100);
            if window.check_at(&"bot", at).allowed {
                accepted.push(at);
            }
        }
        assert_eq!(accepted.len(), 30, "ten per minute");
        for (i, &first) in accepted.iter().enumerate() {
            let within = accepted[i..]
                .iter()
                .filter(|&&at| at < first + MINUTE)
                .count();
            assert!(within <= 10, "{within} in one window from {i}");
        }
    }

    #[test]
    fn refusals_do_not_extend_the_wait() {
        let window = limiter(1);
        let start = Instant::now();
        assert!(window.check_at(&"ada", start).allowed);
        for s in 1..60 {
            assert!(
                !window
                    .check_at(&"ada", start + Duration::from_secs(s))
                    .allowed
            );
        }
        assert!(window.check_at(&"ada", start + MINUTE).allowed);
    }

    #[test]
    fn keys_are_independent_and_forgotten_once_their_window_is_empty() {
        let window = limiter(1);
        let start = Instant::now();
        assert!(window.check_at(&"ada", start).allowed);
        assert!(window.check_at(&"bo", start).allowed);
        assert!(!window.check_at(&"ada", start).allowed);
        assert_eq!(window.len(), 2);
        window.prune_at(start + Duration::from_secs(59));
        assert_eq!(window.len(), 2);
        window.prune_at(start + MINUTE);
        assert!(window.is_empty());
    }

    #[test]
    fn a_zero_budget_refuses_everything() {
        let window = limiter(0);
        let verdict = window.check(&"ada");
        assert!(!verdict.allowed);
        assert!(verdict.retry_after > Duration::ZERO);
    }

    #[test]
    fn concurrent_checks_never_let_more_than_the_budget_through() {
        let window = std::sync::Arc::new(limiter(100));
        let allowed = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..1000 {
                        if window.check(&"crowd").allowed {
                            allowed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        assert_eq!(allowed.into_inner(), 100);
    }
}
