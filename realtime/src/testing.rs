//! A raw Phoenix V2 client for socket tests: frames in, frames out, nothing hidden. The engine's
//! own tests and the server's use it (feature `testing`).

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use model::wire::{self, Payload, ServerFrame, Status};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{self, Message, protocol::frame::coding::CloseCode},
};

/// How long a test waits for a frame it expects: well beyond the longest timer a test waits
/// on (a typing flag expires after 5 s), so a busy machine never turns a late frame into a
/// failure.
const WAIT: Duration = Duration::from_secs(10);

pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_ref: u64,
}

/// A reply, as the tests look at it.
#[derive(Debug)]
pub struct Reply {
    pub status: Status,
    pub response: Value,
}

impl Reply {
    pub fn ok(&self) -> &Value {
        assert_eq!(
            self.status,
            Status::Ok,
            "expected ok, got {:?}",
            self.response
        );
        &self.response
    }

    pub fn error(&self) -> &Value {
        assert_eq!(
            self.status,
            Status::Error,
            "expected error, got {:?}",
            self.response
        );
        &self.response
    }
}

/// The HTTP status a refused upgrade answered with.
pub fn refusal_status(result: Result<WsClient, tungstenite::Error>) -> u16 {
    match result {
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("expected an HTTP refusal, got {other}"),
        Ok(_) => panic!("expected a refusal, but the socket opened"),
    }
}

impl WsClient {
    /// Opens a socket with whatever `request` says; the error carries any refusal's status.
    pub async fn open(
        request: tungstenite::handshake::client::Request,
    ) -> Result<Self, tungstenite::Error> {
        let (stream, _response) = tokio_tungstenite::connect_async(request).await?;
        Ok(Self {
            stream,
            next_ref: 0,
        })
    }

    pub fn next_ref(&mut self) -> String {
        self.next_ref += 1;
        self.next_ref.to_string()
    }

    pub async fn send_text(&mut self, text: &str) {
        self.stream
            .send(Message::text(text))
            .await
            .expect("frame sent");
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.stream
            .send(Message::binary(bytes))
            .await
            .expect("frame sent");
    }

    /// Sends `[join_ref, ref, topic, event, payload]`.
    pub async fn send(
        &mut self,
        join_ref: Option<&str>,
        msg_ref: Option<&str>,
        topic: &str,
        event: &str,
        payload: Value,
    ) {
        let payload = match payload {
            Value::Object(map) => map,
            other => panic!("a payload is an object, not {other}"),
        };
        let text = wire::encode_client_text(join_ref, msg_ref, topic, event, &payload);
        self.send_text(&text).await;
    }

    /// The next frame the server sends; panics on a close or after [`WAIT`].
    pub async fn recv(&mut self) -> ServerFrame {
        loop {
            let message = tokio::time::timeout(WAIT, self.stream.next())
                .await
                .expect("a frame arrives in time")
                .expect("the socket is open")
                .expect("the socket reads");
            match message {
                Message::Text(text) => {
                    return wire::decode_server_text(&text).expect("a valid server frame");
                }
                Message::Binary(bytes) => {
                    return wire::binary::decode_server(&bytes).expect("a valid binary frame");
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
                Message::Close(frame) => panic!("the socket closed: {frame:?}"),
            }
        }
    }

    /// Every frame that arrives within `period` (fewer if the socket closes).
    pub async fn frames_for(&mut self, period: Duration) -> Vec<ServerFrame> {
        let deadline = tokio::time::Instant::now() + period;
        let mut frames = Vec::new();
        while let Ok(Some(Ok(message))) =
            tokio::time::timeout_at(deadline, self.stream.next()).await
        {
            match message {
                Message::Text(text) => {
                    frames.push(wire::decode_server_text(&text).expect("a valid server frame"));
                }
                Message::Close(_) => break,
                _ => {}
            }
        }
        frames
    }

    /// Waits for the reply to `msg_ref`, skipping pushes and broadcasts.
    pub async fn reply_to(&mut self, msg_ref: &str) -> Reply {
        loop {
            if let ServerFrame::Reply {
                msg_ref: r,
                status,
                response,
                ..
            } = self.recv().await
                && r == msg_ref
            {
                let response = match response {
                    Payload::Json(map) => Value::Object(map),
                    Payload::Binary(bytes) => json!({ "binary": bytes }),
                };
                return Reply { status, response };
            }
        }
    }

    /// Waits for `event` on `topic`, skipping everything else; returns (join_ref, ref, payload).
    pub async fn event(
        &mut self,
        topic: &str,
        event: &str,
    ) -> (Option<String>, Option<String>, Value) {
        loop {
            if let ServerFrame::Message {
                join_ref,
                msg_ref,
                topic: t,
                event: e,
                payload,
            } = self.recv().await
                && t == topic
                && e == event
            {
                let payload = match payload {
                    Payload::Json(map) => Value::Object(map),
                    Payload::Binary(bytes) => json!({ "binary": bytes }),
                };
                return (join_ref, msg_ref, payload);
            }
        }
    }

    /// Joins `topic` with `payload`; returns the join_ref and the reply.
    pub async fn join(&mut self, topic: &str, payload: Value) -> (String, Reply) {
        let join_ref = self.next_ref();
        self.send(Some(&join_ref), Some(&join_ref), topic, "phx_join", payload)
            .await;
        let reply = self.reply_to(&join_ref).await;
        (join_ref, reply)
    }

    /// Pushes `event` on a joined topic and waits for its reply.
    pub async fn push(
        &mut self,
        join_ref: &str,
        topic: &str,
        event: &str,
        payload: Value,
    ) -> Reply {
        let msg_ref = self.next_ref();
        self.send(Some(join_ref), Some(&msg_ref), topic, event, payload)
            .await;
        self.reply_to(&msg_ref).await
    }

    /// Sends a heartbeat and returns its reply.
    pub async fn heartbeat(&mut self) -> Reply {
        let msg_ref = self.next_ref();
        self.send(None, Some(&msg_ref), "phoenix", "heartbeat", json!({}))
            .await;
        self.reply_to(&msg_ref).await
    }

    /// Closes the socket from this end, as a tab being closed does.
    pub async fn close(&mut self) {
        self.stream.close(None).await.expect("closed");
    }

    /// Closes the socket from this end with `code`, and returns the code of the Close frame the
    /// server answers with (`None` if the connection ended without one).
    pub async fn close_handshake(&mut self, code: u16) -> Option<u16> {
        let frame = tungstenite::protocol::CloseFrame {
            code: CloseCode::from(code),
            reason: "bye".into(),
        };
        self.stream
            .close(Some(frame))
            .await
            .expect("the close is sent");
        loop {
            let next = tokio::time::timeout(WAIT, self.stream.next())
                .await
                .expect("the server answers in time");
            match next {
                Some(Ok(Message::Close(frame))) => {
                    return Some(frame.map_or(u16::from(CloseCode::Status), |f| u16::from(f.code)));
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return None,
            }
        }
    }

    /// Waits for the server to close the socket and returns the close code, skipping frames.
    pub async fn closed(&mut self) -> u16 {
        self.closed_with_reason().await.0
    }

    /// [`WsClient::closed`], with the close frame's reason.
    pub async fn closed_with_reason(&mut self) -> (u16, String) {
        loop {
            let next = tokio::time::timeout(WAIT * 10, self.stream.next())
                .await
                .expect("the socket closes in time");
            match next {
                Some(Ok(Message::Close(Some(frame)))) => {
                    return (u16::from(frame.code), frame.reason.to_string());
                }
                Some(Ok(Message::Close(None))) => {
                    return (u16::from(CloseCode::Status), String::new());
                }
                Some(Ok(_)) => {}
                Some(Err(error)) => panic!("the socket failed instead of closing: {error}"),
                None => panic!("the socket ended without a close frame"),
            }
        }
    }
}
