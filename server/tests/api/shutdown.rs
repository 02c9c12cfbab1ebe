use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_request_in_flight_when_shutdown_begins_still_gets_its_answer() {
    let mut app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_owned();

    // Start a request and leave it in flight: headers sent, body not finished.
    let mut stream = TcpStream::connect(&address).await.expect("connects");
    let body = "probe=1";
    let head = format!(
        "POST /api/node_status HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head sent");
    stream
        .write_all(&body.as_bytes()[..3])
        .await
        .expect("part of the body sent");

    app.begin_shutdown();
    // Shutdown has begun once the listener refuses new connections.
    tokio::time::timeout(Duration::from_secs(10), async {
        while TcpStream::connect(&address).await.is_ok() {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the server stops accepting new connections");

    stream
        .write_all(&body.as_bytes()[3..])
        .await
        .expect("the rest of the body sent");
    let mut response = String::new();
    tokio::time::timeout(
        Duration::from_secs(10),
        stream.read_to_string(&mut response),
    )
    .await
    .expect("the answer arrives")
    .expect("readable");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("migrations_applied"), "{response}");

    tokio::time::timeout(Duration::from_secs(10), app.stopped())
        .await
        .expect("the server finishes draining")
        .expect("a clean stop");
}
