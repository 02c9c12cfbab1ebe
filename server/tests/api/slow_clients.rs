//! Clients that hold connections without finishing what they started: slow or missing headers,
//! an idle keep-alive, a body trickled into a form, too many connections from one address.

use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::{TestApp, spawn_app_with};

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .expect("connects")
}

/// Reads until the server closes the connection; answers what it sent and when it closed.
async fn until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let started = tokio::time::Instant::now();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut received))
        .await
        .expect("the server closes the connection in time");
    // A reset is the server closing too; what arrived before it is the answer.
    drop(read);
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn silent_half_sent_and_idle_connections_are_closed_after_the_header_timeout() {
    let app = spawn_app_with(|settings| settings.server.header_timeout_secs = 1).await;
    let mut silent = connect(&app).await;
    let mut half = connect(&app).await;
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("sent");
    let mut idle = connect(&app).await;
    idle.write_all(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("sent");
    for stream in [&mut silent, &mut half] {
        let (_, after) = until_closed(stream).await;
        assert!(after < Duration::from_secs(5), "closed after {after:?}");
    }
    let (answered, after) = until_closed(&mut idle).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    assert!(
        after < Duration::from_secs(5),
        "the idle keep-alive closed after {after:?}"
    );
}

#[tokio::test]
async fn a_form_body_trickled_past_the_request_timeout_gets_408() {
    let app = spawn_app_with(|settings| settings.server.request_timeout_secs = 1).await;
    let mut stream = connect(&app).await;
    stream
        .write_all(
            b"POST /rpc/email_taken HTTP/1.1\r\nHost: x\r\nSec-Fetch-Site: same-origin\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=",
        )
        .await
        .expect("sent");
    let (answer, after) = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(after < Duration::from_secs(5), "after {after:?}");
}

#[tokio::test]
async fn an_api_body_trickled_past_the_request_timeout_gets_a_408_problem() {
    let app = spawn_app_with(|settings| settings.server.request_timeout_secs = 1).await;
    let mut stream = connect(&app).await;
    stream
        .write_all(
            b"POST /api/v2/sessions HTTP/1.1\r\nHost: x\r\n\
              Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\":",
        )
        .await
        .expect("sent");
    let (answer, after) = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("content-type: application/problem+json"),
        "{answer}"
    );
    assert!(after < Duration::from_secs(5), "after {after:?}");
}

#[tokio::test]
async fn one_address_gets_only_its_share_of_connections() {
    let app = spawn_app_with(|settings| settings.server.max_connections_per_address = 3).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(connect(&app).await);
    }
    // The server accepts in the order the kernel queued them: the fourth after the three.
    let mut fourth = connect(&app).await;
    let (nothing, _) = until_closed(&mut fourth).await;
    assert_eq!(nothing, "", "closed without an answer");

    drop(held.pop());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let mut stream = connect(&app).await;
        let request = b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        if stream.write_all(request).await.is_ok()
            && until_closed(&mut stream)
                .await
                .0
                .starts_with("HTTP/1.1 200")
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the freed place was never reused"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
