//! Text frames: `[join_ref, ref, topic, event, payload]` as a JSON array.

use serde_json::{Map, Value};

use super::{ClientFrame, DecodeError, Payload, REPLY, ServerFrame, Status};

/// `[join_ref, ref, topic, event, payload]` as it arrives, and with its payload known to be an
/// object.
type Fields<P> = (Option<String>, Option<String>, String, String, P);

fn decode(text: &str) -> Result<Fields<Map<String, Value>>, DecodeError> {
    let (join_ref, msg_ref, topic, event, payload): Fields<Value> =
        serde_json::from_str(text).map_err(|_| DecodeError::NotAFrame)?;
    match payload {
        Value::Object(payload) => Ok((join_ref, msg_ref, topic, event, payload)),
        _ => Err(DecodeError::PayloadNotAnObject),
    }
}

/// Reads a client's text frame.
pub fn decode_client_text(text: &str) -> Result<ClientFrame, DecodeError> {
    let (join_ref, msg_ref, topic, event, payload) = decode(text)?;
    Ok(ClientFrame {
        join_ref,
        msg_ref,
        topic,
        event,
        payload: Payload::Json(payload),
    })
}

/// Writes a client's frame as text (a binary payload needs [`super::binary`]).
pub fn encode_client_text(
    join_ref: Option<&str>,
    msg_ref: Option<&str>,
    topic: &str,
    event: &str,
    payload: &Map<String, Value>,
) -> String {
    serde_json::to_string(&(join_ref, msg_ref, topic, event, payload))
        .expect("a JSON object, whose keys are strings, always serializes")
}

/// Writes a server message as text: a push when `join_ref` is set, a broadcast when neither
/// ref is. A reply is `event = "phx_reply"` with `{"status", "response"}` as its payload.
pub fn encode_server_text(
    join_ref: Option<&str>,
    msg_ref: Option<&str>,
    topic: &str,
    event: &str,
    payload: &Value,
) -> String {
    // Serializing a borrowed tuple writes the array without copying the payload.
    serde_json::to_string(&(join_ref, msg_ref, topic, event, payload))
        .expect("a JSON value, whose keys are strings, always serializes")
}

/// Reads a server's text frame (the browser client's side).
pub fn decode_server_text(text: &str) -> Result<ServerFrame, DecodeError> {
    let (join_ref, msg_ref, topic, event, mut payload) = decode(text)?;
    if event != REPLY {
        return Ok(ServerFrame::Message {
            join_ref,
            msg_ref,
            topic,
            event,
            payload: Payload::Json(payload),
        });
    }
    let status = payload
        .get("status")
        .and_then(Value::as_str)
        .and_then(Status::parse)
        .ok_or(DecodeError::MalformedReply)?;
    let response = match payload.remove("response") {
        Some(Value::Object(response)) => response,
        None => Map::new(),
        Some(_) => return Err(DecodeError::MalformedReply),
    };
    Ok(ServerFrame::Reply {
        join_ref,
        msg_ref: msg_ref.ok_or(DecodeError::MalformedReply)?,
        topic,
        status,
        response: Payload::Json(response),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> Payload {
        match value {
            Value::Object(map) => Payload::Json(map),
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn a_join_decodes_with_its_refs_topic_event_and_payload() {
        let frame =
            decode_client_text(r#"["3","3","room:1","phx_join",{"last_seen_id":7}]"#).unwrap();
        assert_eq!(frame.join_ref.as_deref(), Some("3"));
        assert_eq!(frame.msg_ref.as_deref(), Some("3"));
        assert_eq!(frame.topic, "room:1");
        assert_eq!(frame.event, "phx_join");
        assert_eq!(frame.payload, object(json!({"last_seen_id": 7})));
    }

    #[test]
    fn a_heartbeat_has_no_join_ref() {
        let frame = decode_client_text(r#"[null,"5","phoenix","heartbeat",{}]"#).unwrap();
        assert_eq!(frame.join_ref, None);
        assert_eq!(frame.payload, Payload::Json(Map::new()));
    }

    #[test]
    fn malformed_frames_are_errors_not_panics() {
        for text in [
            "",
            "not json",
            "{}",
            "[]",
            r#"["1","1","t","e"]"#,
            r#"["1","1","t","e",{},"extra"]"#,
            r#"[1,"1","t","e",{}]"#,
            r#"["1","1",7,"e",{}]"#,
            r#"["1","1","t",null,{}]"#,
            "[\"1\",\"1\",\"t\",\"e\",{\"a\":\"\\ud800\"}]",
        ] {
            assert_eq!(
                decode_client_text(text),
                Err(DecodeError::NotAFrame),
                "{text}"
            );
        }
        for text in [
            r#"["1","1","t","e",[]]"#,
            r#"["1","1","t","e","x"]"#,
            r#"["1","1","t","e",null]"#,
        ] {
            assert_eq!(
                decode_client_text(text),
                Err(DecodeError::PayloadNotAnObject),
                "{text}"
            );
        }
    }

    #[test]
    fn server_frames_encode_as_phoenix_writes_them() {
        let reply = json!({"status": "ok", "response": {}});
        assert_eq!(
            encode_server_text(None, Some("9"), "phoenix", "phx_reply", &reply),
            r#"[null,"9","phoenix","phx_reply",{"response":{},"status":"ok"}]"#
        );
        assert_eq!(
            encode_server_text(None, None, "room:1", "new_message", &json!({"id": 1})),
            r#"[null,null,"room:1","new_message",{"id":1}]"#
        );
    }

    #[test]
    fn what_the_server_encodes_the_client_decodes() {
        let text = encode_server_text(
            Some("2"),
            Some("4"),
            "room:1",
            "phx_reply",
            &json!({"status": "error", "response": {"reason": "unauthorized"}}),
        );
        assert_eq!(
            decode_server_text(&text).unwrap(),
            ServerFrame::Reply {
                join_ref: Some("2".into()),
                msg_ref: "4".into(),
                topic: "room:1".into(),
                status: Status::Error,
                response: object(json!({"reason": "unauthorized"})),
            }
        );
        let text = encode_server_text(Some("2"), Some("2"), "room:1", "phx_close", &json!({}));
        assert!(matches!(
            decode_server_text(&text).unwrap(),
            ServerFrame::Message { event, msg_ref: Some(_), .. } if event == "phx_close"
        ));
    }

    #[test]
    fn what_the_client_encodes_the_server_decodes() {
        let payload = Map::from_iter([("body".to_owned(), json!("<b>hi</b> \u{1F600}"))]);
        let text = encode_client_text(Some("1"), Some("2"), "room:1", "new_message", &payload);
        let frame = decode_client_text(&text).unwrap();
        assert_eq!(frame.payload, Payload::Json(payload));
    }
}
