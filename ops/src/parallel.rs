//! A parallel map with bounded concurrency and a timeout per item (recipe 14's
//! `Task.async_stream` with `max_concurrency` and `timeout`): for health checks now, and for
//! fan-out work (bulk imports, asking every node) later.

use std::{future::Future, time::Duration};

use futures_util::{StreamExt, stream};

/// An item's work did not finish in time; the work was dropped (cancelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("timed out after {0:?}")]
pub struct TimedOut(pub Duration);

/// Runs `work` on every item, at most `limit` at a time, each given at most `timeout`.
/// Results come back in the items' order, a late item as [`TimedOut`] without holding up the
/// others.
pub async fn map_bounded<I, F, Fut, T>(
    items: I,
    limit: usize,
    timeout: Duration,
    work: F,
) -> Vec<Result<T, TimedOut>>
where
    I: IntoIterator,
    F: Fn(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    stream::iter(items)
        .map(|item| {
            let running = tokio::time::timeout(timeout, work(item));
            async move { running.await.map_err(|_| TimedOut(timeout)) }
        })
        .buffered(limit.max(1))
        .collect()
        .await
}

#[cfg(test)]
mod tests {
    use tokio::time::{Instant, sleep};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn items_run_together_in_order_and_late_ones_time_out() {
        let started = Instant::now();
        let results = map_bounded([3u64, 1, 9, 2], 4, Duration::from_secs(5), |n| async move {
            sleep(Duration::from_secs(n)).await;
            n * n
        })
        .await;
        assert_eq!(
            results,
            [Ok(9), Ok(1), Err(TimedOut(Duration::from_secs(5))), Ok(4)]
        );
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(5),
            "run side by side"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_more_than_the_limit_run_at_once() {
        let started = Instant::now();
        let results = map_bounded(0..6, 2, Duration::from_secs(5), |n| async move {
            sleep(Duration::from_secs(1)).await;
            n
        })
        .await;
        assert_eq!(results.len(), 6);
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(3),
            "three rounds of two"
        );
    }
}
