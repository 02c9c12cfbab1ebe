//! When a client tries again, on Phoenix's schedules (`docs/protocol.md`), so our browser
//! client and the JS one treat the server alike after a restart.

use std::time::Duration;

const RECONNECT_MS: [u64; 9] = [10, 50, 100, 150, 200, 250, 500, 1000, 2000];
const RECONNECT_AFTER_MS: u64 = 5000;
const REJOIN_MS: [u64; 3] = [1000, 2000, 5000];
const REJOIN_AFTER_MS: u64 = 10_000;

/// The wait before reconnect attempt number `tries` (1 for the first).
pub fn reconnect_after(tries: u32) -> Duration {
    Duration::from_millis(step(&RECONNECT_MS, RECONNECT_AFTER_MS, tries))
}

/// The wait before rejoin attempt number `tries` (1 for the first) of a refused or failed join.
pub fn rejoin_after(tries: u32) -> Duration {
    Duration::from_millis(step(&REJOIN_MS, REJOIN_AFTER_MS, tries))
}

fn step(schedule: &[u64], then: u64, tries: u32) -> u64 {
    let index = usize::try_from(tries.max(1) - 1).unwrap_or(usize::MAX);
    schedule.get(index).copied().unwrap_or(then)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnects_follow_phoenixs_schedule_then_every_five_seconds() {
        let waits: Vec<u64> = (1..=11)
            .map(|n| reconnect_after(n).as_millis() as u64)
            .collect();
        assert_eq!(
            waits,
            [10, 50, 100, 150, 200, 250, 500, 1000, 2000, 5000, 5000]
        );
    }

    #[test]
    fn rejoins_wait_one_two_five_then_ten_seconds() {
        let waits: Vec<u64> = (1..=5).map(|n| rejoin_after(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 5, 10, 10]);
    }
}
