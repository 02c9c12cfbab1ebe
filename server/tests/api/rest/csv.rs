//! CSV out and in: everyone's accounts (admins), a room's history (its readers), and people
//! imported from a file with a report per row.

use reqwest::Method;
use serde_json::json;

use super::Client;
use crate::helpers::spawn_app;

async fn csv_of(client: &Client<'_>, path: &str) -> (u16, String, String) {
    let response = client
        .app
        .client
        .get(client.app.url(path))
        .bearer_auth(&client.token)
        .send()
        .await
        .expect("sent");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.text().await.expect("text"))
}

async fn import(client: &Client<'_>, content_type: &str, body: &'static [u8]) -> super::Answer {
    let response = client
        .app
        .client
        .post(client.app.url("/api/v2/users/import"))
        .bearer_auth(&client.token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("sent");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.expect("JSON");
    super::Answer {
        status,
        headers,
        body,
    }
}

#[tokio::test]
async fn an_import_adds_the_good_rows_reports_the_rest_and_round_trips_through_an_export() {
    let app = spawn_app().await;
    let (admin, _) = Client::register(&app, "root@example.com", "read write").await;
    let file: &'static [u8] = b"\xEF\xBB\xBFName,Email,Age,Team\r\n\
\"Lovelace, Ada\",ada@example.com,36,engines\r\n\
\"Grace\nHopper\",grace@example.com,,navy\r\n\
Bad Email,not-an-email,,x\r\n\
Too Young,kid@example.com,7,x\r\n\
Twice,ADA@example.com,,x\r\n\
Mojibake,\xFF\xFE@example.com,,x\r\n\
\"'=HYPERLINK(1)\",formula@example.com,,x\r\n\
Root,root@example.com,,x\r\n";
    let report = import(&admin, "text/csv; charset=utf-8", file).await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(report.body["accepted"], 3);
    let refused: Vec<(i64, String)> = report.body["refused"]
        .as_array()
        .expect("refused rows")
        .iter()
        .map(|row| {
            (
                row["row"].as_i64().expect("a row"),
                row["reason"].as_str().expect("why").to_owned(),
            )
        })
        .collect();
    let rows: Vec<i64> = refused.iter().map(|(row, _)| *row).collect();
    assert_eq!(rows, [4, 5, 6, 7, 9], "{refused:?}");
    assert!(refused[0].1.starts_with("email: "), "{}", refused[0].1);
    assert!(refused[1].1.starts_with("age: "), "{}", refused[1].1);
    assert!(
        refused[2].1.contains("already exists"),
        "a second row for one email"
    );
    assert!(refused[3].1.contains("UTF-8"));
    assert!(refused[4].1.contains("already exists"));

    let (status, content_type, exported) = csv_of(&admin, "/api/v1/users/export").await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/csv; charset=utf-8")
    );
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    assert_eq!(
        reader
            .headers()
            .expect("a header")
            .iter()
            .collect::<Vec<_>>(),
        ["id", "email", "name", "age", "role", "active", "created_at"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[1][2], "Lovelace, Ada");
    assert_eq!(&records[1][3], "36");
    assert_eq!(
        &records[2][2], "Grace Hopper",
        "the name rules collapse the line break"
    );
    assert_eq!(
        &records[3][2], "'=HYPERLINK(1)",
        "a formula stays text in a spreadsheet"
    );

    // An imported person has no password: nothing signs them in.
    let attempt = super::send(
        &app,
        Method::POST,
        "/api/v2/sessions",
        None,
        Some(json!({ "email": "ada@example.com", "password": "!" })),
        &[],
    )
    .await;
    assert_eq!(attempt.status, 401);

    let report = admin.get("/api/v2/users/report").await;
    assert_eq!(report.body["data"]["total"], 4);
    assert_eq!(report.body["data"]["admins"], 1);
    assert_eq!(report.body["data"]["months"][0]["users"], 3);
}

#[tokio::test]
async fn imports_are_for_admins_in_csv_with_the_columns_named() {
    let app = spawn_app().await;
    let (admin, _) = Client::register(&app, "root@example.com", "read write").await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let refused = import(&ada, "text/csv", b"email,name\nx@example.com,X\n").await;
    assert_eq!((refused.status, refused.problem()), (403, "forbidden"));
    assert_eq!(csv_of(&ada, "/api/v2/users/export").await.0, 403);
    assert_eq!(ada.get("/api/v2/users/report").await.status, 403);
    let member = app
        .sign_in("ada@example.com", crate::helpers::PASSWORD)
        .await;
    assert_eq!(
        app.call("people/report", &[], Some(&member)).await.status(),
        403
    );
    assert_eq!(app.call("people/report", &[], None).await.status(), 401);
    let not_csv = import(&admin, "application/json", b"{}").await;
    assert_eq!(not_csv.status, 415);
    let unnamed = import(&admin, "text/csv", b"who,mail\nX,x@example.com\n").await;
    assert_eq!((unnamed.status, unnamed.problem()), (422, "invalid"));
    assert!(unnamed.body["errors"]["file"].is_string());
    let empty = import(&admin, "text/csv", b"").await;
    assert_eq!(empty.status, 422);
}

#[tokio::test]
async fn a_rooms_history_exports_for_its_readers_only_oldest_first() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let (bob, _) = Client::register(&app, "bob@example.com", "read write").await;
    let id = ada
        .post(
            "/api/v2/rooms",
            json!({ "name": "secret", "visibility": "private" }),
        )
        .await
        .body["data"]["id"]
        .as_i64()
        .expect("an id");
    for body in ["first, with a comma", "second\nwith a line break", "=1+1"] {
        let posted = ada
            .post(
                &format!("/api/v2/rooms/{id}/messages"),
                json!({ "body": body }),
            )
            .await;
        assert_eq!(posted.status, 201);
    }
    let path = format!("/api/v2/rooms/{id}/messages/export");
    let (status, _, exported) = csv_of(&ada, &path).await;
    assert_eq!(status, 200);
    let bodies: Vec<String> = csv::Reader::from_reader(exported.as_bytes())
        .records()
        .map(|record| record.expect("a row")[4].to_owned())
        .collect();
    assert_eq!(
        bodies,
        ["first, with a comma", "second\nwith a line break", "'=1+1"]
    );
    assert_eq!(
        csv_of(&bob, &path).await.0,
        404,
        "not a reader of the private room"
    );
}

#[tokio::test]
async fn an_export_of_100k_accounts_streams_every_row_once() {
    let app = spawn_app().await;
    let (admin, _) = Client::register(&app, "root@example.com", "read").await;
    domain::with_pool!(&app.db, |pool| {
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
             INSERT INTO users (email, email_key, name, password_hash, handle) \
             SELECT 'u' || i || '@example.com', 'u' || i || '@example.com', 'User ' || i, '!', 'user_' || i FROM n",
        )
        .execute(pool)
        .await
        .map(drop)
    })
    .expect("100k accounts");
    let (status, _, exported) = csv_of(&admin, "/api/v2/users/export").await;
    assert_eq!(status, 200);
    let ids: Vec<i64> = csv::Reader::from_reader(exported.as_bytes())
        .records()
        .map(|record| record.expect("a row")[0].parse().expect("an id"))
        .collect();
    assert_eq!(ids.len(), 100_001);
    assert!(
        ids.windows(2).all(|pair| pair[0] < pair[1]),
        "each once, in order"
    );
}
