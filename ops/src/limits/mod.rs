//! Rate limits (cookbook recipe 41), both algorithms, each where it fits:
//!
//! - a [`TokenBucket`] (governor's GCRA) for *rates*: a steady pace with room for a burst, such
//!   as chat messages — five a second, ten at once — where a person typing fast is fine and a
//!   script flooding is not;
//! - a [`SlidingWindow`] (an exact log, written here) for *budgets*: at most N in any window of
//!   T, such as sign-in attempts from one address in ten minutes, where a window that resets
//!   all at once would let through twice the budget across its edge.
//!
//! Both answer a [`Verdict`] that carries what the `x-ratelimit-*` headers report. Limits are
//! kept per node, in memory; what must hold across nodes (the sign-in lockout) is in the
//! database instead.

mod bucket;
mod window;

pub use bucket::{Rate, TokenBucket};
pub use window::{Budget, SlidingWindow};

use std::time::Duration;

/// What a limiter decided for one request, and the state behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub allowed: bool,
    /// The most that is let through at once: the bucket's size, or the window's budget.
    pub limit: u32,
    /// How many more would be let through right now.
    pub remaining: u32,
    /// How long until the limit is whole again (the bucket full, the window empty of this key).
    pub reset_after: Duration,
    /// When refused, how long until one more would be let through; zero when allowed.
    pub retry_after: Duration,
}

impl Verdict {
    /// Of two limits that both apply, the one to report: a refusal, else the one with less left.
    pub fn tighter(self, other: Self) -> Self {
        match (self.allowed, other.allowed) {
            (false, true) => self,
            (true, false) => other,
            (false, false) if other.retry_after > self.retry_after => other,
            (false, false) => self,
            (true, true) if other.remaining < self.remaining => other,
            (true, true) => self,
        }
    }
}

/// Whole seconds, rounded up: a client told "0" would retry at once.
pub fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(allowed: bool, remaining: u32, retry_secs: u64) -> Verdict {
        Verdict {
            allowed,
            limit: 10,
            remaining,
            reset_after: Duration::from_secs(60),
            retry_after: Duration::from_secs(retry_secs),
        }
    }

    #[test]
    fn the_tighter_of_two_limits_is_a_refusal_or_the_one_with_less_left() {
        let roomy = verdict(true, 8, 0);
        let tight = verdict(true, 1, 0);
        let refused = verdict(false, 0, 5);
        let refused_longer = verdict(false, 0, 50);
        assert_eq!(roomy.tighter(tight), tight);
        assert_eq!(tight.tighter(roomy), tight);
        assert_eq!(roomy.tighter(refused), refused);
        assert_eq!(refused.tighter(roomy), refused);
        assert_eq!(refused.tighter(refused_longer), refused_longer);
    }

    #[test]
    fn seconds_round_up() {
        assert_eq!(ceil_secs(Duration::from_millis(1)), 1);
        assert_eq!(ceil_secs(Duration::from_secs(3)), 3);
        assert_eq!(ceil_secs(Duration::from_millis(3001)), 4);
        assert_eq!(ceil_secs(Duration::ZERO), 0);
    }
}
