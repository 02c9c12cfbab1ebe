//! Schedules against a real database with a driven clock: each fire time enqueued once, even by
//! two nodes ticking at once; missed fire times run once or are skipped as the schedule says;
//! pause, resume, edit and remove take effect at the next tick.

use std::collections::BTreeSet;

use domain::{
    Scope,
    accounts::Role,
    jobs::{self, Filter},
    schedules::{self, LATE_GRACE_MS, Missed, ScheduleError, ScheduleForm, Task},
    testing::TestDatabase,
};

use super::{T0, TestDb};

const ADMIN: Scope = Scope {
    user_id: 1,
    role: Role::Admin,
};

fn form(cron: &str, missed: Missed) -> ScheduleForm {
    ScheduleForm {
        name: "tally".into(),
        cron: cron.into(),
        timezone: "UTC".into(),
        missed,
    }
}

fn task() -> Task {
    Task {
        kind: "tally".into(),
        queue: "default".into(),
        args: r#"{"n":1}"#.into(),
    }
}

async fn tallies(db: &domain::db::Db) -> Vec<jobs::JobRecord> {
    let filter = Filter {
        kind: Some("tally".into()),
        ..Filter::default()
    };
    jobs::list(db, &filter, None, 1000).await.expect("lists")
}

/// T0 rounded down to a whole 10 s, so an every-10-seconds schedule fires on it.
const START: i64 = T0 - T0 % 10_000;

#[tokio::test]
async fn two_nodes_ticking_together_fire_each_of_100_fire_times_once() {
    let database = TestDatabase::create().await;
    let (node_a, node_b) = (database.open(4).await, database.open(4).await);
    let schedule = schedules::create(
        &node_a,
        ADMIN,
        &form("*/10 * * * * *", Missed::Skip),
        &task(),
        START,
    )
    .await
    .expect("creates");
    for n in 1..=100 {
        let at = START + n * 10_000 + 3;
        let (a, b) = tokio::join!(schedules::tick(&node_a, at), schedules::tick(&node_b, at));
        let fired = a.expect("ticks").len() + b.expect("ticks").len();
        assert_eq!(fired, 1, "fire time {n} handled by exactly one node");
    }
    let jobs = tallies(&node_a).await;
    assert_eq!(jobs.len(), 100);
    let keys: BTreeSet<_> = jobs
        .iter()
        .filter_map(|job| job.unique_key.clone())
        .collect();
    assert_eq!(keys.len(), 100, "one job per fire time");
    assert!(keys.contains(&format!(
        "schedule:{}:{}",
        schedule.id,
        START + 100 * 10_000
    )));
}

#[tokio::test]
async fn fire_times_missed_while_no_node_ran_run_once_or_are_skipped() {
    let TestDb { db, _database } = TestDb::create().await;
    let run_once = schedules::create(&db, ADMIN, &form("0 * * * *", Missed::RunOnce), &task(), T0)
        .await
        .expect("creates");
    let mut skipping = form("0 * * * *", Missed::Skip);
    skipping.name = "skipping".into();
    let skip = schedules::create(&db, ADMIN, &skipping, &task(), T0)
        .await
        .expect("creates");
    // Three hours pass with no node running, then one starts well past the last fire time.
    let at = T0 + 3 * 3_600_000 + LATE_GRACE_MS + 1;
    let fired = schedules::tick(&db, at).await.expect("ticks");
    assert_eq!(fired.len(), 2);
    let by = |id: i64| {
        fired
            .iter()
            .find(|fire| fire.schedule == id)
            .expect("handled")
    };
    assert!(by(run_once.id).job.is_some(), "run once for all three");
    assert!(by(skip.id).job.is_none(), "skipped");
    assert_eq!(tallies(&db).await.len(), 1);
    // Both are moved on: the next tick owes nothing until the next fire time, which both run.
    assert!(
        schedules::tick(&db, at + 1)
            .await
            .expect("ticks")
            .is_empty()
    );
    let next = by(run_once.id).fire_time + 3_600_000;
    let fired = schedules::tick(&db, next + 5).await.expect("ticks");
    assert!(fired.iter().all(|fire| fire.job.is_some()) && fired.len() == 2);
}

#[tokio::test]
async fn pause_resume_edit_and_remove_take_effect_at_the_next_tick() {
    let TestDb { db, _database } = TestDb::create().await;
    let schedule = schedules::create(
        &db,
        ADMIN,
        &form("*/10 * * * * *", Missed::RunOnce),
        &task(),
        START,
    )
    .await
    .expect("creates");
    schedules::pause(&db, ADMIN, schedule.id, START + 1)
        .await
        .expect("pauses");
    assert!(
        schedules::tick(&db, START + 35_000)
            .await
            .expect("ticks")
            .is_empty()
    );
    schedules::resume(&db, ADMIN, schedule.id, START + 40_000)
        .await
        .expect("resumes");
    assert!(
        schedules::tick(&db, START + 45_000)
            .await
            .expect("ticks")
            .is_empty(),
        "what fell due while paused is not owed"
    );
    let fired = schedules::tick(&db, START + 50_000).await.expect("ticks");
    assert_eq!(fired.len(), 1);

    let hourly = ScheduleForm {
        name: "tally hourly".into(),
        ..form("0 * * * *", Missed::RunOnce)
    };
    let edited = schedules::update(&db, ADMIN, schedule.id, &hourly, START + 51_000)
        .await
        .expect("edits");
    assert_eq!(edited.cron, "0 * * * *");
    assert!(
        schedules::tick(&db, START + 60_000)
            .await
            .expect("ticks")
            .is_empty()
    );

    let job = schedules::run_now(&db, ADMIN, schedule.id, START + 61_000)
        .await
        .expect("runs now");
    assert!(jobs::find(&db, job).await.expect("reads").is_some());
    schedules::remove(&db, ADMIN, schedule.id)
        .await
        .expect("removes");
    assert!(
        schedules::find(&db, schedule.id)
            .await
            .expect("reads")
            .is_none()
    );
    assert!(matches!(
        schedules::remove(&db, ADMIN, schedule.id).await,
        Err(ScheduleError::NotFound)
    ));
}

#[tokio::test]
async fn only_admins_change_schedules_and_bad_input_is_refused_clearly() {
    let TestDb { db, _database } = TestDb::create().await;
    let someone = Scope {
        user_id: 2,
        role: Role::User,
    };
    assert!(matches!(
        schedules::create(&db, someone, &form("* * * * *", Missed::Skip), &task(), T0).await,
        Err(ScheduleError::Forbidden)
    ));
    assert!(matches!(
        schedules::create(&db, ADMIN, &form("every day", Missed::Skip), &task(), T0).await,
        Err(ScheduleError::InvalidCron(_))
    ));
    let mut nameless = form("* * * * *", Missed::Skip);
    nameless.name = "  ".into();
    assert!(matches!(
        schedules::create(&db, ADMIN, &nameless, &task(), T0).await,
        Err(ScheduleError::InvalidName)
    ));
    schedules::create(&db, ADMIN, &form("* * * * *", Missed::Skip), &task(), T0)
        .await
        .expect("creates");
    assert!(matches!(
        schedules::create(&db, ADMIN, &form("0 * * * *", Missed::Skip), &task(), T0).await,
        Err(ScheduleError::NameTaken)
    ));

    // The node's own schedule: made once, kept as the admin left it, never removed.
    let mut builtin = form("0 3 * * *", Missed::RunOnce);
    builtin.name = "prune".into();
    schedules::ensure_builtin(&db, &builtin, &task(), T0)
        .await
        .expect("makes");
    let made = schedules::list(&db).await.expect("lists");
    let prune = made.iter().find(|s| s.name == "prune").expect("made");
    assert!(prune.builtin);
    schedules::pause(&db, ADMIN, prune.id, T0)
        .await
        .expect("pauses");
    schedules::ensure_builtin(&db, &builtin, &task(), T0 + 1)
        .await
        .expect("runs");
    let kept = schedules::find(&db, prune.id)
        .await
        .expect("reads")
        .expect("there");
    assert!(kept.paused, "a restart keeps the admin's pause");
    assert!(matches!(
        schedules::remove(&db, ADMIN, prune.id).await,
        Err(ScheduleError::Builtin)
    ));
}
