//! Counting events (chat messages) over the last minute.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Instant,
};

use super::{SLOTS, WINDOW_SECS};

/// A count per second for the last minute, each slot one word holding its second (high 32 bits)
/// and its count (low 32), so starting a new second and counting in it is one compare-and-swap.
pub struct EventWindow {
    epoch: Instant,
    slots: [AtomicU64; SLOTS],
}

impl Default for EventWindow {
    fn default() -> Self {
        Self {
            epoch: Instant::now(),
            slots: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl EventWindow {
    /// Counts one event now.
    pub fn record(&self) {
        self.record_at(self.second());
    }

    /// Events in the last [`WINDOW_SECS`] seconds, this one included.
    pub fn count(&self) -> u64 {
        self.count_at(self.second())
    }

    /// Seconds since the window was made, plus one, so that 0 means "never written".
    fn second(&self) -> u64 {
        self.epoch.elapsed().as_secs() + 1
    }

    fn record_at(&self, second: u64) {
        let slot = &self.slots[second as usize % SLOTS];
        let stamp = (second & 0xffff_ffff) << 32;
        let _counted = slot.fetch_update(Ordering::AcqRel, Ordering::Acquire, |word| {
            Some(if word >> 32 == stamp >> 32 {
                word + 1
            } else {
                stamp | 1
            })
        });
    }

    fn count_at(&self, now: u64) -> u64 {
        let oldest = now.saturating_sub(WINDOW_SECS - 1);
        self.slots
            .iter()
            .map(|slot| slot.load(Ordering::Acquire))
            .filter(|word| (oldest..=now).contains(&(word >> 32)))
            .map(|word| word & 0xffff_ffff)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_last_minute_only() {
        let window = EventWindow::default();
        for second in 1..=100 {
            window.record_at(second);
            window.record_at(second);
        }
        assert_eq!(window.count_at(100), 120);
        assert_eq!(window.count_at(130), 60);
        assert_eq!(window.count_at(200), 0);
    }

    #[test]
    fn concurrent_counting_loses_nothing() {
        let window = std::sync::Arc::new(EventWindow::default());
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let window = window.clone();
                std::thread::spawn(move || (0..10_000).for_each(|_| window.record_at(5)))
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(window.count_at(5), 40_000);
    }
}
