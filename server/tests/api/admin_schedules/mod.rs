//! `/admin/schedules`' server functions from outside: admins only; the fire times of an
//! expression as it is typed, with a field's error for a bad one; adding, editing, pausing,
//! resuming, removing and running a schedule at run time (changes.rs).

mod changes;

use std::time::{Duration, Instant};

use model::schedules::{FireTime, ScheduleInfo, SchedulesPageData};

use crate::helpers::{PASSWORD, TestApp, spawn_app};

async fn page(app: &TestApp, admin: &str) -> SchedulesPageData {
    let (status, body) = app.call_json("schedules/list", &[], admin).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("the page's data")
}

fn named<'a>(data: &'a SchedulesPageData, name: &str) -> &'a ScheduleInfo {
    data.schedules
        .iter()
        .find(|schedule| schedule.name == name)
        .unwrap_or_else(|| panic!("{name} is listed"))
}

#[tokio::test]
async fn the_schedules_server_functions_answer_admins_only() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    let user = app.register("Bo", "bo@example.com", PASSWORD).await;
    let calls: [(&str, &[(&str, &str)]); 4] = [
        ("schedules/list", &[]),
        (
            "schedules/preview",
            &[("cron", "* * * * *"), ("timezone", "UTC")],
        ),
        (
            "schedules/save",
            &[
                ("input[name]", "x"),
                ("input[cron]", "* * * * *"),
                ("input[timezone]", "UTC"),
                ("input[missed]", "skip"),
            ],
        ),
        ("schedules/act", &[("id", "1"), ("action", "pause")]),
    ];
    for (endpoint, fields) in calls {
        assert_eq!(
            app.call(endpoint, fields, None).await.status(),
            401,
            "{endpoint}"
        );
        assert_eq!(
            app.call_json(endpoint, fields, &user).await.0,
            403,
            "{endpoint}"
        );
    }
}

#[tokio::test]
async fn the_next_five_fire_times_or_what_is_wrong_with_the_expression() {
    let app = spawn_app().await;
    let admin = app.register("Ada", "ada@example.com", PASSWORD).await;
    let preview = |cron: &str, zone: &str| {
        let (cron, zone) = (cron.to_owned(), zone.to_owned());
        let (app, admin) = (&app, admin.clone());
        async move {
            app.call_json(
                "schedules/preview",
                &[("cron", &cron), ("timezone", &zone)],
                &admin,
            )
            .await
        }
    };

    let (status, body) = preview("30 8 * * 1-5", "Europe/Paris").await;
    assert_eq!(status, 200, "{body}");
    let times: Vec<FireTime> = serde_json::from_value(body).expect("fire times");
    assert_eq!(times.len(), 5);
    assert!(times.windows(2).all(|pair| pair[0].at_ms < pair[1].at_ms));
    assert!(
        times
            .iter()
            .all(|time| time.local.contains("08:30:00 (Europe/Paris)")),
        "{times:?}"
    );

    let (status, body) = preview("61 * * * *", "UTC").await;
    assert_eq!(status, 422);
    assert_eq!(body["Invalid"]["cron"]["code"], "cron_invalid", "{body}");
    assert!(
        body["Invalid"]["cron"]["detail"]
            .as_str()
            .is_some_and(|said| !said.is_empty()),
        "{body}"
    );
    let (status, body) = preview("0 8 * * *", "Mars/Olympus").await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Invalid"]["timezone"],
        serde_json::json!({ "code": "time_zone_unknown", "zone": "Mars/Olympus" }),
        "{body}"
    );
    let (status, _) = preview(&"* ".repeat(5_000), "UTC").await;
    assert_eq!(status, 422, "a huge expression is refused, not parsed");

    // An expression that never fires (30 February) answers at once, with no fire times.
    let started = Instant::now();
    let (status, body) = preview("0 0 30 2 *", "UTC").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        status == 200 && body == serde_json::json!([]) || status == 422,
        "{status} {body}"
    );

    // Missing fields are a bad request.
    assert_eq!(
        app.call_json("schedules/preview", &[("cron", "* * * * *")], &admin)
            .await
            .0,
        400
    );
}
