use prometheus_parse::{Sample, Scrape, Value};

use crate::helpers::{METRICS_TOKEN, PASSWORD, TestApp, spawn_app};

async fn scrape(app: &TestApp) -> Scrape {
    let response = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        content_type.starts_with("text/plain") && content_type.contains("version=0.0.4"),
        "{content_type}"
    );
    let text = response.text().await.expect("a body");
    Scrape::parse(text.lines().map(|line| Ok(line.to_owned()))).expect("Prometheus text")
}

fn sample<'a>(scrape: &'a Scrape, name: &str, class: Option<&str>) -> &'a Sample {
    scrape
        .samples
        .iter()
        .find(|s| s.metric == name && class.is_none_or(|c| s.labels.get("class") == Some(c)))
        .unwrap_or_else(|| panic!("{name} {class:?} is exported"))
}

fn number(sample: &Sample) -> f64 {
    match sample.value {
        Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => v,
        _ => panic!("{} is not a number", sample.metric),
    }
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text_and_count_each_request() {
    let app = spawn_app().await;
    let before = scrape(&app).await;
    let ok = |scrape: &Scrape| number(sample(scrape, "commons_http_responses_total", Some("2xx")));
    let not_found =
        |scrape: &Scrape| number(sample(scrape, "commons_http_responses_total", Some("4xx")));

    assert_eq!(app.get("/health/live").await.status(), 200);
    assert_eq!(app.get("/no/such/thing.txt").await.status(), 404);

    let after = scrape(&app).await;
    // The first scrape itself, and the health check.
    assert_eq!(ok(&after), ok(&before) + 2.0);
    assert_eq!(not_found(&after), not_found(&before) + 1.0);
    for gauge in [
        "commons_users_online",
        "commons_http_requests_per_minute",
        "commons_http_response_mean_seconds",
        "commons_http_response_p95_seconds",
        "commons_websocket_connections",
        "commons_chat_messages_per_minute",
        "commons_db_pool_connections_open",
        "commons_process_resident_memory_bytes",
    ] {
        assert!(number(sample(&after, gauge, None)) >= 0.0, "{gauge}");
    }
}

#[tokio::test]
async fn the_collector_counts_requests_and_their_times_over_the_last_minute() {
    let app = spawn_app().await;
    let before = app.collector.sample().requests_per_min;
    for _ in 0..5 {
        app.get("/health/live").await;
    }
    let snapshot = app.collector.sample();
    assert!(snapshot.requests_per_min >= before + 5, "{snapshot:?}");
    assert!(snapshot.avg_response_ms > 0.0);
    assert!(snapshot.p95_response_ms >= snapshot.avg_response_ms * 0.5);
    let admin = snapshot
        .admin
        .expect("the collector samples the admin figures");
    assert!(admin.pool_size >= 1 && admin.memory_bytes > 0, "{admin:?}");
}

#[tokio::test]
async fn metrics_need_the_scrape_token_or_an_admins_session() {
    let app = spawn_app().await;
    let admin = app.register("Ada", "ada@example.com", PASSWORD).await;
    let member = app.register("Bo", "bo@example.com", PASSWORD).await;
    let get = async |bearer: Option<&str>, cookie: Option<&str>| {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("sent");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    };
    let (status, body) = get(None, None).await;
    assert_eq!(status, 401);
    assert!(!body.contains("commons_process_resident_memory_bytes"));
    assert_eq!(get(Some("guess"), None).await.0, 401);
    assert_eq!(get(Some(""), None).await.0, 401);
    assert_eq!(get(None, Some(&member)).await.0, 403);
    let (status, body) = get(None, Some(&admin)).await;
    assert_eq!(status, 200);
    assert!(body.contains("commons_process_resident_memory_bytes"));
    assert_eq!(get(Some(METRICS_TOKEN), None).await.0, 200);
}
