//! Response times over the last minute: count, sum and a latency histogram per second, in a
//! ring of [`SLOTS`] seconds of atomics. Recording is a handful of relaxed additions; the
//! first request of a new second resets that second's slot.

use std::{
    sync::atomic::{AtomicU32, AtomicU64, Ordering},
    time::{Duration, Instant},
};

use super::{SLOTS, WINDOW_SECS, buckets};

/// A slot's stamp while one writer clears it for a new second.
const RESETTING: u64 = u64::MAX;

struct Slot {
    /// Which second (since the epoch, plus one) the counts belong to; 0 before first use.
    second: AtomicU64,
    count: AtomicU64,
    sum_micros: AtomicU64,
    histogram: [AtomicU32; buckets::BUCKETS],
}

impl Default for Slot {
    fn default() -> Self {
        Self {
            second: AtomicU64::new(0),
            count: AtomicU64::new(0),
            sum_micros: AtomicU64::new(0),
            histogram: std::array::from_fn(|_| AtomicU32::new(0)),
        }
    }
}

/// The last minute of response times, in fixed memory (about 52 KiB) whatever the traffic.
pub struct RequestWindow {
    epoch: Instant,
    slots: Box<[Slot]>,
}

/// The window read at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WindowSummary {
    pub count: u64,
    pub mean: Duration,
    pub p95: Duration,
}

impl Default for RequestWindow {
    fn default() -> Self {
        Self {
            epoch: Instant::now(),
            slots: (0..SLOTS).map(|_| Slot::default()).collect(),
        }
    }
}

impl RequestWindow {
    /// Records one response that took `elapsed`.
    pub fn record(&self, elapsed: Duration) {
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.record_at(self.second(), micros);
    }

    /// Records one response to a request that arrived at `started`, reading the clock once.
    pub fn record_since(&self, started: Instant) {
        let now = Instant::now();
        let micros =
            u64::try_from(now.saturating_duration_since(started).as_micros()).unwrap_or(u64::MAX);
        let second = now.saturating_duration_since(self.epoch).as_secs() + 1;
        self.record_at(second, micros);
    }

    /// The last [`WINDOW_SECS`] seconds, this one included.
    pub fn summary(&self) -> WindowSummary {
        self.summary_at(self.second())
    }

    fn second(&self) -> u64 {
        self.epoch.elapsed().as_secs() + 1
    }

    fn record_at(&self, second: u64, micros: u64) {
        let slot = &self.slots[second as usize % SLOTS];
        loop {
            let stamp = slot.second.load(Ordering::Acquire);
            if stamp == second {
                break;
            }
            if stamp == RESETTING {
                std::hint::spin_loop();
                continue;
            }
            if stamp > second {
                // Stalled for longer than the ring: the slot has moved on without it.
                return;
            }
            if slot
                .second
                .compare_exchange(stamp, RESETTING, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                slot.count.store(0, Ordering::Relaxed);
                slot.sum_micros.store(0, Ordering::Relaxed);
                for bucket in &slot.histogram {
                    bucket.store(0, Ordering::Relaxed);
                }
                slot.second.store(second, Ordering::Release);
                break;
            }
        }
        slot.count.fetch_add(1, Ordering::Relaxed);
        slot.sum_micros.fetch_add(micros, Ordering::Relaxed);
        slot.histogram[buckets::index(micros)].fetch_add(1, Ordering::Relaxed);
    }

    fn summary_at(&self, now: u64) -> WindowSummary {
        let oldest = now.saturating_sub(WINDOW_SECS - 1).max(1);
        let mut count = 0;
        let mut sum = 0;
        let mut histogram = [0u64; buckets::BUCKETS];
        for slot in self.slots.iter() {
            if !(oldest..=now).contains(&slot.second.load(Ordering::Acquire)) {
                continue;
            }
            count += slot.count.load(Ordering::Relaxed);
            sum += slot.sum_micros.load(Ordering::Relaxed);
            for (total, bucket) in histogram.iter_mut().zip(&slot.histogram) {
                *total += u64::from(bucket.load(Ordering::Relaxed));
            }
        }
        if count == 0 {
            return WindowSummary::default();
        }
        WindowSummary {
            count,
            mean: Duration::from_micros(sum / count),
            p95: Duration::from_micros(percentile(&histogram, count, 95)),
        }
    }
}

/// The bound of the bucket holding the `percent`-th percentile of `count` recorded values.
fn percentile(histogram: &[u64], count: u64, percent: u64) -> u64 {
    let rank = (count * percent).div_ceil(100).max(1);
    let mut seen = 0;
    for (index, bucket) in histogram.iter().enumerate() {
        seen += bucket;
        if seen >= rank {
            return buckets::upper_bound(index);
        }
    }
    buckets::upper_bound(histogram.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarises_count_mean_and_p95_of_the_last_minute() {
        let window = RequestWindow::default();
        // 100 requests in second 10: 1 ms … 100 ms.
        for ms in 1..=100 {
            window.record_at(10, ms * 1000);
        }
        let summary = window.summary_at(10);
        assert_eq!(summary.count, 100);
        assert_eq!(summary.mean, Duration::from_micros(50_500));
        let p95 = summary.p95.as_micros() as f64;
        assert!((95_000.0..=95_000.0 * 1.125).contains(&p95), "{p95}");
        assert_eq!(window.summary_at(69).count, 100);
        assert_eq!(window.summary_at(70).count, 0);
    }

    #[test]
    fn a_slot_reused_a_ring_later_starts_empty() {
        let window = RequestWindow::default();
        window.record_at(3, 5_000);
        window.record_at(3 + SLOTS as u64, 1_000);
        let summary = window.summary_at(3 + SLOTS as u64);
        assert_eq!(summary.count, 1);
        assert_eq!(summary.mean, Duration::from_millis(1));
    }

    #[test]
    fn a_writer_stalled_past_the_ring_is_dropped_not_mixed_in() {
        let window = RequestWindow::default();
        window.record_at(100, 1_000);
        window.record_at(100 - SLOTS as u64, 9_000_000);
        assert_eq!(window.summary_at(100).count, 1);
    }

    #[test]
    fn concurrent_writers_starting_a_second_together_lose_nothing() {
        let window = std::sync::Arc::new(RequestWindow::default());
        for second in [1, 1 + SLOTS as u64] {
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    let window = window.clone();
                    std::thread::spawn(move || {
                        (0..5_000).for_each(|_| window.record_at(second, 700));
                    })
                })
                .collect();
            threads.into_iter().for_each(|t| t.join().unwrap());
            assert_eq!(window.summary_at(second).count, 20_000);
        }
    }
}
