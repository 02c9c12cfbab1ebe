//! Schedules changed at run time through the page's server functions.

use model::schedules::ScheduleActed;

use super::{named, page};
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn an_admin_adds_edits_pauses_resumes_runs_and_removes_a_schedule() {
    let app = spawn_app().await;
    let admin = app.register("Ada", "ada@example.com", PASSWORD).await;
    let data = page(&app, &admin).await;
    assert!(data.schedules.iter().all(|schedule| schedule.builtin));
    let prune = data
        .tasks
        .iter()
        .find(|task| task.label.contains("prune.sessions"))
        .expect("the sessions' pruning is a job one may schedule")
        .schedule_id
        .to_string();

    // Without a job, or with one no built-in runs, it is refused beside the field.
    let add = |name: &'static str, task: Option<String>| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let mut fields = vec![
                ("input[name]", name.to_owned()),
                ("input[cron]", "*/5 * * * *".to_owned()),
                ("input[timezone]", "UTC".to_owned()),
                ("input[missed]", "skip".to_owned()),
            ];
            if let Some(task) = task {
                fields.push(("input[task]", task));
            }
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call_json("schedules/save", &fields, &admin).await
        }
    };
    let (status, body) = add("Tidy", None).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Invalid"]["task"]["code"], "schedule_job_unknown",
        "{body}"
    );
    let (status, _) = add("Tidy", Some("999".into())).await;
    assert_eq!(status, 422);

    let (status, body) = add("Tidy", Some(prune.clone())).await;
    assert_eq!(status, 200, "{body}");
    let said: ScheduleActed = serde_json::from_value(body).expect("said");
    assert_eq!(
        said,
        ScheduleActed::Added {
            name: "Tidy".into()
        }
    );
    let (status, body) = add("tidy ", Some(prune.clone())).await;
    assert!(status == 200 || status == 422, "{body}");
    let (status, body) = add("Tidy", Some(prune)).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Invalid"]["name"]["code"], "schedule_name_taken",
        "{body}"
    );

    let data = page(&app, &admin).await;
    let tidy = named(&data, "Tidy");
    assert_eq!(
        (tidy.kind.as_str(), tidy.builtin, tidy.paused),
        ("prune.sessions", false, false)
    );
    assert!(tidy.next.is_some());
    let id = tidy.id.to_string();

    // Edited: a new expression and name.
    let (status, body) = app
        .call_json(
            "schedules/save",
            &[
                ("input[id]", &id),
                ("input[name]", "Tidy often"),
                ("input[cron]", "* * * * *"),
                ("input[timezone]", "Asia/Tokyo"),
                ("input[missed]", "run_once"),
            ],
            &admin,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let data = page(&app, &admin).await;
    let edited = named(&data, "Tidy often");
    assert_eq!(
        (edited.cron.as_str(), edited.timezone.as_str()),
        ("* * * * *", "Asia/Tokyo")
    );

    let act = |action: &'static str| {
        let (app, admin, id) = (&app, admin.clone(), id.clone());
        async move {
            app.call_json("schedules/act", &[("id", &id), ("action", action)], &admin)
                .await
        }
    };
    assert_eq!(act("pause").await.0, 200);
    let paused = page(&app, &admin).await;
    assert!(named(&paused, "Tidy often").paused && named(&paused, "Tidy often").next.is_none());
    assert_eq!(act("resume").await.0, 200);
    assert!(!named(&page(&app, &admin).await, "Tidy often").paused);

    let (status, body) = act("run_now").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"], "running", "{body}");
    assert!(body["job"].as_i64().is_some_and(|job| job > 0), "{body}");
    let pruning = domain::jobs::list(
        &app.db,
        &domain::jobs::Filter {
            kind: Some("prune.sessions".into()),
            ..Default::default()
        },
        None,
        10,
    )
    .await
    .expect("the jobs");
    assert!(!pruning.is_empty(), "run now enqueued the schedule's job");

    assert_eq!(act("remove").await.0, 200);
    assert!(
        page(&app, &admin)
            .await
            .schedules
            .iter()
            .all(|schedule| schedule.name != "Tidy often")
    );
    assert_eq!(act("pause").await.0, 404, "it is gone");
}

#[tokio::test]
async fn built_in_schedules_are_paused_not_removed_and_garbage_is_refused() {
    let app = spawn_app().await;
    let admin = app.register("Ada", "ada@example.com", PASSWORD).await;
    let builtin = page(&app, &admin).await.schedules[0].id.to_string();
    let (status, body) = app
        .call_json(
            "schedules/act",
            &[("id", &builtin), ("action", "remove")],
            &admin,
        )
        .await;
    assert_eq!(status, 409, "{body}");
    for fields in [
        vec![("id", builtin.as_str()), ("action", "explode")],
        vec![("id", "x"), ("action", "pause")],
        vec![("action", "pause")],
    ] {
        let (status, body) = app.call_json("schedules/act", &fields, &admin).await;
        assert_eq!(status, 400, "{fields:?}: {body}");
    }
    let (status, body) = app
        .call_json(
            "schedules/save",
            &[
                ("input[id]", &builtin),
                ("input[name]", ""),
                ("input[cron]", "* * * * *"),
                ("input[timezone]", "UTC"),
                ("input[missed]", "skip"),
            ],
            &admin,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Invalid"]["name"],
        serde_json::json!({ "code": "schedule_name_invalid", "max": 80 }),
        "{body}"
    );
    let (status, _) = app
        .call_json(
            "schedules/save",
            &[
                ("input[name]", "x"),
                ("input[cron]", "* * * * *"),
                ("input[timezone]", "UTC"),
                ("input[missed]", "always"),
            ],
            &admin,
        )
        .await;
    assert_eq!(status, 400);
    // A NUL anywhere (PostgreSQL refuses one in a text) is refused before the database.
    for (field, value) in [
        ("input[name]", "a\u{0}b"),
        ("input[cron]", "* * * * *\u{0}"),
        ("input[timezone]", "UTC\u{0}"),
    ] {
        let mut fields = vec![
            ("input[name]", "nul"),
            ("input[cron]", "* * * * *"),
            ("input[timezone]", "UTC"),
            ("input[missed]", "skip"),
            ("input[task]", builtin.as_str()),
        ];
        fields.retain(|(name, _)| *name != field);
        fields.push((field, value));
        let (status, body) = app.call_json("schedules/save", &fields, &admin).await;
        assert_eq!(status, 422, "{field}: {body}");
    }
}
