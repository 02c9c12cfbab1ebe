//! `/admin/jobs` from outside: who may open it, the `admin:jobs` channel (admins only, by
//! their role now; the overview pushed as jobs finish), and its server functions — admins only,
//! garbage answered 4xx, actions that no longer apply said so.

use std::time::Duration;

use model::jobs::{JobActed, JobDetail, JobRow, JobState, JobsOverview, OVERVIEW, TOPIC};
use serde_json::json;
use server::cli::promote;

use crate::helpers::{PASSWORD, TestApp, spawn_app_with};

async fn app() -> TestApp {
    spawn_app_with(|settings| settings.jobs.watch_ms = 100).await
}

/// The first account (an admin) and a plain user: their cookies.
async fn admin_and_user(app: &TestApp) -> (String, String) {
    let admin = app.register("Ada", "ada@example.com", PASSWORD).await;
    let user = app.register("Bo", "bo@example.com", PASSWORD).await;
    (admin, user)
}

/// A server function's form fields.
type Fields<'a> = Vec<(&'a str, &'a str)>;
/// Waits until every job is finished (the welcome mails of the accounts made).
async fn settled(app: &TestApp) {
    let db = app.db.clone();
    for _ in 0..200 {
        let counts = domain::jobs::counts(&db).await.expect("counts");
        if counts.iter().all(|count| count.state.is_finished()) && !counts.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the jobs did not finish");
}

#[tokio::test]
async fn only_admins_open_the_jobs_and_schedules_pages() {
    let app = app().await;
    let (admin, user) = admin_and_user(&app).await;
    for page in ["/admin/jobs", "/admin/schedules"] {
        let signed_out = app.get_page(page, None).await;
        assert!(signed_out.status().is_redirection(), "{page}");
        assert_eq!(
            app.get_page(page, Some(&user)).await.status(),
            403,
            "{page}"
        );
        let shown = app.get_page(page, Some(&admin)).await;
        assert_eq!(shown.status(), 200, "{page}");
        // Read to its end: a page whose stream never ends answers 200 all the same.
        let html = tokio::time::timeout(Duration::from_secs(10), shown.text())
            .await
            .unwrap_or_else(|_| panic!("{page} is sent whole"))
            .expect("html");
        assert!(html.contains("</html>"), "{page}");
    }
    // Rendered with the list, filtered by the URL, and garbage in it filters nothing.
    settled(&app).await;
    let html = app
        .get_page("/admin/jobs?state=completed&queue=mail", Some(&admin))
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("mail.welcome"), "the welcome jobs are listed");
    let html = app
        .get_page(
            "/admin/jobs?state=exploded&kind=%3Cscript%3E&job=x",
            Some(&admin),
        )
        .await;
    assert_eq!(html.status(), 200);
    assert!(!html.text().await.expect("html").contains("<script>"));
    // A NUL (which PostgreSQL refuses in a text) is said to be wrong, never sent to it.
    let html = app
        .get_page("/admin/jobs?state=%00%FF&queue=%00", Some(&admin))
        .await;
    assert!(!html.status().is_server_error(), "{}", html.status());
    assert!(
        html.text()
            .await
            .expect("html")
            .contains("A filter has no control characters.")
    );
    // A job that is not there (pruned, say): the page says so (streamed, so its status is
    // whatever was sent before the job was looked up).
    let gone = app.get_page("/admin/jobs?job=424242", Some(&admin)).await;
    assert!(!gone.status().is_server_error(), "{}", gone.status());
    assert!(gone.text().await.expect("html").contains("No job #424242"));
}

#[tokio::test]
async fn the_jobs_server_functions_answer_admins_only() {
    let app = app().await;
    let (admin, user) = admin_and_user(&app).await;
    let calls: [(&str, &[(&str, &str)]); 3] = [
        ("jobs/list", &[("filter[state]", "completed")]),
        ("jobs/detail", &[("id", "1")]),
        ("jobs/act", &[("id", "1"), ("action", "retry")]),
    ];
    for (endpoint, fields) in calls {
        let signed_out = app.call(endpoint, fields, None).await;
        assert_eq!(signed_out.status(), 401, "{endpoint}");
        let (status, _) = app.call_json(endpoint, fields, &user).await;
        assert_eq!(status, 403, "{endpoint}");
    }
    settled(&app).await;
    let (status, listed) = app
        .call_json("jobs/list", &[("filter[queue]", "mail")], &admin)
        .await;
    assert_eq!(status, 200);
    let listed: Vec<JobRow> = serde_json::from_value(listed).expect("rows");
    assert_eq!(listed.len(), 2, "one welcome each");
    assert!(listed.iter().all(|job| job.kind == "mail.welcome"));
    assert!(listed[0].id > listed[1].id, "newest first");
}

#[tokio::test]
async fn garbage_gets_a_clear_refusal_never_a_500() {
    let app = app().await;
    let (admin, _) = admin_and_user(&app).await;
    let long = "q".repeat(201);
    let garbage: [(&str, Fields, u16); 9] = [
        ("jobs/list", vec![("filter[state]", "exploded")], 400),
        // Every filter left out (as the browser sends "any of each") lists everything.
        ("jobs/list", vec![], 200),
        ("jobs/list", vec![("filter[queue]", &long)], 400),
        ("jobs/list", vec![("filter[kind]", "mail\u{0}welcome")], 400),
        ("jobs/detail", vec![("id", "abc")], 400),
        ("jobs/detail", vec![("id", "999999")], 404),
        ("jobs/act", vec![("id", "1"), ("action", "explode")], 400),
        ("jobs/act", vec![("id", "1")], 400),
        (
            "jobs/act",
            vec![("id", "99999999999999999999"), ("action", "retry")],
            400,
        ),
    ];
    for (endpoint, fields, expected) in garbage {
        let (status, body) = app.call_json(endpoint, &fields, &admin).await;
        assert_eq!(status, expected, "{endpoint} {fields:?}: {body}");
    }
}

#[tokio::test]
async fn one_job_in_detail_and_what_an_admin_may_do_to_it() {
    let app = app().await;
    let (admin, _) = admin_and_user(&app).await;
    settled(&app).await;
    let first: Vec<JobRow> = serde_json::from_value(
        app.call_json("jobs/list", &[("filter[kind]", "mail.welcome")], &admin)
            .await
            .1,
    )
    .expect("rows");
    let id = first.last().expect("Ada's welcome").id.to_string();

    let (status, detail) = app.call_json("jobs/detail", &[("id", &id)], &admin).await;
    assert_eq!(status, 200);
    let detail: JobDetail = serde_json::from_value(detail).expect("a detail");
    assert_eq!(detail.row.state, JobState::Completed);
    assert!(detail.args.contains("user_id"), "{}", detail.args);
    assert!(detail.attempted_by.is_some());

    // Cancelling a finished job no longer applies; a retry does, and the job runs again.
    let acted = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = app.call_json("jobs/act", &fields, &admin).await;
            assert_eq!(status, 200, "{body}");
            serde_json::from_value::<JobActed>(body).expect("an outcome")
        }
    };
    let cancel = acted(vec![("id", id.clone()), ("action", "cancel".into())]).await;
    assert!(!cancel.done, "a completed job cannot be cancelled");
    let retry = acted(vec![("id", id.clone()), ("action", "retry".into())]).await;
    assert!(retry.done);
    let job_id: i64 = id.parse().expect("an id");
    let mut again = None;
    for _ in 0..200 {
        again = domain::jobs::find(&app.db, job_id).await.expect("a read");
        if again
            .as_ref()
            .is_some_and(|job| job.state() == JobState::Completed)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let again = again.expect("the job");
    assert_eq!((again.attempt, again.state()), (2, JobState::Completed));
    let unknown = acted(vec![("id", "424242".into()), ("action", "retry".into())]).await;
    assert!(!unknown.done, "an unknown job: nothing done");
}

#[tokio::test]
async fn admins_watch_the_queue_move_over_the_channel() {
    let app = app().await;
    let mut ada = app.ws_user("Ada", "ada@example.com").await;
    let (join_ref, reply) = ada.join(TOPIC, json!({})).await;
    let joined: JobsOverview = serde_json::from_value(reply.ok().clone()).expect("an overview");
    assert_eq!(joined.minutes.len(), JobsOverview::MINUTES);

    // Bo registers: his welcome mail is enqueued, runs, and the overview says so.
    app.register("Bo", "bo@example.com", PASSWORD).await;
    let mut completed_mail = 0;
    for _ in 0..50 {
        let (_, _, pushed) = ada.event(TOPIC, OVERVIEW).await;
        let overview: JobsOverview = serde_json::from_value(pushed).expect("an overview");
        completed_mail = overview.count("mail", JobState::Completed);
        if completed_mail == 2 {
            assert!(overview.kinds.contains(&"mail.welcome".to_owned()));
            let ended: u64 = overview.minutes.iter().map(|minute| minute.completed).sum();
            assert!(ended >= 2, "{:?}", overview.minutes);
            break;
        }
    }
    assert_eq!(completed_mail, 2, "both welcomes are counted as completed");

    let refused = ada
        .push(&join_ref, TOPIC, "retry", json!({ "id": 1 }))
        .await;
    assert_eq!(refused.response["reason"], "the jobs overview only listens");
}

#[tokio::test]
async fn the_channel_is_for_admins_as_they_are_now() {
    let app = app().await;
    app.register("Ada", "ada@example.com", PASSWORD).await;
    let mut bo = app.ws_user("Bo", "bo@example.com").await;
    let (_, refused) = bo.join(TOPIC, json!({})).await;
    assert_eq!(refused.error()["reason"], "forbidden");

    // Made an admin after his socket opened: his next join is let in.
    promote(&app.db, "bo@example.com").await.expect("promoted");
    let (_, reply) = bo.join(TOPIC, json!({})).await;
    serde_json::from_value::<JobsOverview>(reply.ok().clone()).expect("an overview");
}

#[tokio::test]
async fn signing_out_closes_the_admins_jobs_channel_and_socket() {
    let app = app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let token = app.socket_token(&cookie).await;
    let mut ada = app.ws_connect(&token).await;
    let (_, reply) = ada.join(TOPIC, json!({})).await;
    reply.ok();

    let response = app.post_form("/logout", &[], Some(&cookie)).await;
    assert_eq!(response.status(), 303);

    ada.event(TOPIC, "phx_close").await;
    assert_eq!(
        ada.closed_with_reason().await,
        (
            model::wire::SIGNED_OUT_CODE,
            model::wire::SIGNED_OUT_REASON.to_owned()
        )
    );
}

#[tokio::test]
async fn two_admins_cancelling_one_job_at_once_cancel_it_once() {
    // No node runs mail here: the welcome mails wait, and stay cancellable.
    let app = spawn_app_with(|settings| {
        settings.jobs.queues.insert("mail".to_owned(), 0);
    })
    .await;
    let (admin, _) = admin_and_user(&app).await;
    let (_, listed) = app
        .call_json("jobs/list", &[("filter[kind]", "mail.welcome")], &admin)
        .await;
    let listed: Vec<JobRow> = serde_json::from_value(listed).expect("rows");
    assert!(listed.iter().all(|job| job.state == JobState::Available));
    let id = listed[0].id.to_string();
    let fields = [("id", id.as_str()), ("action", "cancel")];
    let (first, second) = tokio::join!(
        app.call_json("jobs/act", &fields, &admin),
        app.call_json("jobs/act", &fields, &admin),
    );
    let done: Vec<bool> = [first, second]
        .into_iter()
        .map(|(status, body)| {
            assert_eq!(status, 200, "{body}");
            serde_json::from_value::<JobActed>(body)
                .expect("an outcome")
                .done
        })
        .collect();
    assert_eq!(
        done.iter().filter(|done| **done).count(),
        1,
        "one cancels, the other is told the job moved on: {done:?}"
    );
}
