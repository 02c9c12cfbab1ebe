use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use tokio::time::{Duration, Instant, sleep};

use super::*;

/// Waits (in paused time, so instantly) until `done` holds, at most a minute of it.
async fn until(mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "condition not met within a minute"
        );
        sleep(Duration::from_millis(10)).await;
    }
}

fn counting() -> (Arc<AtomicUsize>, impl Fn() -> usize) {
    let runs = Arc::new(AtomicUsize::new(0));
    let seen = runs.clone();
    (runs, move || seen.load(Ordering::SeqCst))
}

#[derive(Debug, thiserror::Error)]
#[error("could not sample")]
struct Outer(#[source] std::io::Error);

#[tokio::test(start_paused = true)]
async fn a_failing_task_is_restarted_after_a_backoff_and_shows_why() {
    let supervisor = Supervisor::new(Policy::default());
    let (runs, count) = counting();
    supervisor.start("collector", Restart::Permanent, move || {
        let run = runs.fetch_add(1, Ordering::SeqCst);
        async move {
            if run == 0 {
                return Err(Outer(std::io::Error::other("disk gone")).into());
            }
            std::future::pending().await
        }
    });
    let started = Instant::now();
    until(|| count() == 2).await;
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "no backoff"
    );
    until(|| supervisor.tasks()[0].state == TaskState::Running).await;
    let task = &supervisor.tasks()[0];
    assert_eq!(task.name, "collector");
    assert_eq!(task.restarts, 1);
    assert_eq!(
        task.last_error.as_deref(),
        Some("could not sample: disk gone")
    );
    assert_eq!(supervisor.escalation(), None);
}

#[tokio::test(start_paused = true)]
async fn a_panicking_task_is_restarted_too() {
    let supervisor = Supervisor::new(Policy::default());
    let (runs, count) = counting();
    supervisor.start("room:1", Restart::Transient, move || {
        let run = runs.fetch_add(1, Ordering::SeqCst);
        async move {
            assert!(run > 0, "first run blows up");
            std::future::pending().await
        }
    });
    until(|| count() == 2).await;
    let task = &supervisor.tasks()[0];
    assert_eq!(task.restarts, 1);
    assert_eq!(
        task.last_error.as_deref(),
        Some("panicked: first run blows up")
    );
}

#[tokio::test(start_paused = true)]
async fn failing_beyond_the_intensity_gives_the_task_up_and_escalates() {
    let supervisor = Supervisor::new(Policy::default());
    let (runs, count) = counting();
    supervisor.start("collector", Restart::Permanent, move || {
        runs.fetch_add(1, Ordering::SeqCst);
        async { Err("injected".into()) }
    });
    until(|| supervisor.escalation().is_some()).await;
    assert_eq!(count(), 4, "three restarts, then given up");
    let task = &supervisor.tasks()[0];
    assert_eq!(task.state, TaskState::Failed);
    assert_eq!(task.restarts, 3);
    let why = supervisor.escalation().unwrap();
    assert!(
        why.contains("collector") && why.contains("injected"),
        "{why}"
    );
    sleep(Duration::from_secs(30)).await;
    assert_eq!(count(), 4, "a task given up stays down");
}

#[tokio::test(start_paused = true)]
async fn failures_spread_wider_than_the_window_never_escalate() {
    let supervisor = Supervisor::new(Policy::default());
    let (runs, count) = counting();
    supervisor.start("flaky", Restart::Permanent, move || {
        runs.fetch_add(1, Ordering::SeqCst);
        async {
            sleep(Duration::from_secs(2)).await;
            Err("every two seconds".into())
        }
    });
    until(|| count() >= 10).await;
    assert_eq!(supervisor.escalation(), None);
    assert!(supervisor.tasks()[0].restarts >= 9);
}

#[tokio::test(start_paused = true)]
async fn a_transient_task_that_finishes_leaves_and_a_permanent_one_is_restarted() {
    let supervisor = Supervisor::new(Policy::default());
    supervisor.start("room:7", Restart::Transient, || async { Ok(()) });
    let (runs, count) = counting();
    supervisor.start("collector", Restart::Permanent, move || {
        runs.fetch_add(1, Ordering::SeqCst);
        async { Ok(()) }
    });
    until(|| count() >= 2).await;
    let names: Vec<_> = supervisor.tasks().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["collector"]);
}

#[tokio::test(start_paused = true)]
async fn stopping_ends_a_task_and_shutdown_ends_them_all() {
    let supervisor = Supervisor::new(Policy::default());
    let one = supervisor.start("one", Restart::Permanent, std::future::pending);
    supervisor.start("two", Restart::Permanent, std::future::pending);
    one.stop();
    until(|| supervisor.tasks().len() == 1).await;
    supervisor.shutdown().await;
    assert!(supervisor.tasks().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_new_task_replaces_one_given_up_under_the_same_name() {
    let supervisor = Supervisor::new(Policy::default());
    supervisor.start("room:3", Restart::Transient, || async {
        Err("broken".into())
    });
    until(|| supervisor.escalation().is_some()).await;
    supervisor.start("room:3", Restart::Transient, std::future::pending);
    let tasks = supervisor.tasks();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].state, TaskState::Running);
    assert!(
        supervisor.escalation().is_some(),
        "escalation is not undone"
    );
}

#[tokio::test(start_paused = true)]
async fn periodic_ticks_keep_their_schedule_never_overlap_and_skip_what_was_missed() {
    let ticks = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = ticks.clone();
    let start = Instant::now();
    let task = tokio::spawn(every(Duration::from_secs(1), move || {
        let ticks = seen.clone();
        async move {
            let n = {
                let mut ticks = ticks.lock().unwrap();
                ticks.push(start.elapsed().as_millis());
                ticks.len()
            };
            // The third tick runs long, through two and a half periods.
            let work = if n == 3 { 2_500 } else { 300 };
            sleep(Duration::from_millis(work)).await;
            Ok(())
        }
    }));
    sleep(Duration::from_millis(7_100)).await;
    task.abort();
    let ticks = ticks.lock().unwrap().clone();
    // 0, 1, 2 on schedule; the tick at 2 runs to 4.5, missing 3 and 4: one tick runs at once
    // in their place (not two in a burst), then the original schedule resumes at 5, not 5.5.
    assert_eq!(ticks, [0, 1000, 2000, 4500, 5000, 6000, 7000]);
}

#[test]
fn the_backoff_doubles_up_to_its_ceiling() {
    let policy = Policy::default();
    let waits: Vec<_> = (1..=8).map(|n| policy.backoff(n).as_millis()).collect();
    assert_eq!(waits, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
}
