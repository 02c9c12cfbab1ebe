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

    // Start a request and leave it in flight: headers sent, body not yet. `Expect:
    // 100-continue` makes the server say when its handler starts reading the body, so the test
    // knows the request is being handled before it begins the shutdown.
    let mut stream = TcpStream::connect(&address).await.expect("connects");
    let body = "email=ada%40example.com";
    let head = format!(
        "POST /rpc/email_taken HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head sent");
    let mut interim = [0u8; 25];
    tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut interim))
        .await
        .expect("the handler starts reading the body")
        .expect("readable");
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");

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
        .write_all(body.as_bytes())
        .await
        .expect("the body sent");
    let mut response = String::new();
    tokio::time::timeout(
        Duration::from_secs(10),
        stream.read_to_string(&mut response),
    )
    .await
    .expect("the answer arrives")
    .expect("readable");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("false"), "{response}");

    tokio::time::timeout(Duration::from_secs(10), app.stopped())
        .await
        .expect("the server finishes draining")
        .expect("a clean stop");
}
