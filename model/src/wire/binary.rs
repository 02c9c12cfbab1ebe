//! Binary frames: a kind byte, one-byte lengths, the strings, then the raw payload.
//!
//! | kind | direction | header strings |
//! |---|---|---|
//! | 0 push | client → server | join_ref, ref, topic, event |
//! | 0 push | server → client | join_ref, topic, event |
//! | 1 reply | server → client | join_ref, ref, topic, status |
//! | 2 broadcast | server → client | topic, event |

use super::{ClientFrame, DecodeError, EncodeError, Payload, ServerFrame, Status};

const PUSH: u8 = 0;
const REPLY: u8 = 1;
const BROADCAST: u8 = 2;

/// Reads a client's binary frame (always a push).
pub fn decode_client(bytes: &[u8]) -> Result<ClientFrame, DecodeError> {
    let mut reader = Reader::new(bytes);
    match reader.byte()? {
        PUSH => {
            let [join_ref, msg_ref, topic, event] = reader.strings()?;
            Ok(ClientFrame {
                join_ref: non_empty(join_ref),
                msg_ref: non_empty(msg_ref),
                topic,
                event,
                payload: Payload::Binary(reader.rest()),
            })
        }
        kind => Err(DecodeError::UnknownKind(kind)),
    }
}

/// Writes a client push with a binary payload.
pub fn encode_client(
    join_ref: &str,
    msg_ref: &str,
    topic: &str,
    event: &str,
    payload: &[u8],
) -> Result<Vec<u8>, EncodeError> {
    encode(
        PUSH,
        &[
            ("join_ref", join_ref),
            ("ref", msg_ref),
            ("topic", topic),
            ("event", event),
        ],
        payload,
    )
}

/// Writes a server reply whose response is binary.
pub fn encode_reply(
    join_ref: &str,
    msg_ref: &str,
    topic: &str,
    status: Status,
    payload: &[u8],
) -> Result<Vec<u8>, EncodeError> {
    encode(
        REPLY,
        &[
            ("join_ref", join_ref),
            ("ref", msg_ref),
            ("topic", topic),
            ("status", status.as_str()),
        ],
        payload,
    )
}

/// Writes a server message with a binary payload: a push to one client when `join_ref` is
/// given, else a broadcast.
pub fn encode_message(
    join_ref: Option<&str>,
    topic: &str,
    event: &str,
    payload: &[u8],
) -> Result<Vec<u8>, EncodeError> {
    match join_ref {
        Some(join_ref) => encode(
            PUSH,
            &[("join_ref", join_ref), ("topic", topic), ("event", event)],
            payload,
        ),
        None => encode(BROADCAST, &[("topic", topic), ("event", event)], payload),
    }
}

/// Reads a server's binary frame (the browser client's side).
pub fn decode_server(bytes: &[u8]) -> Result<ServerFrame, DecodeError> {
    let mut reader = Reader::new(bytes);
    match reader.byte()? {
        PUSH => {
            let [join_ref, topic, event] = reader.strings()?;
            Ok(ServerFrame::Message {
                join_ref: non_empty(join_ref),
                msg_ref: None,
                topic,
                event,
                payload: Payload::Binary(reader.rest()),
            })
        }
        REPLY => {
            let [join_ref, msg_ref, topic, status] = reader.strings()?;
            Ok(ServerFrame::Reply {
                join_ref: non_empty(join_ref),
                msg_ref,
                topic,
                status: Status::parse(&status).ok_or(DecodeError::MalformedReply)?,
                response: Payload::Binary(reader.rest()),
            })
        }
        BROADCAST => {
            let [topic, event] = reader.strings()?;
            Ok(ServerFrame::Message {
                join_ref: None,
                msg_ref: None,
                topic,
                event,
                payload: Payload::Binary(reader.rest()),
            })
        }
        kind => Err(DecodeError::UnknownKind(kind)),
    }
}

fn encode(
    kind: u8,
    fields: &[(&'static str, &str)],
    payload: &[u8],
) -> Result<Vec<u8>, EncodeError> {
    let header: usize = fields.iter().map(|(_, value)| value.len()).sum();
    let mut out = Vec::with_capacity(1 + fields.len() + header + payload.len());
    out.push(kind);
    for (name, value) in fields {
        out.push(u8::try_from(value.len()).map_err(|_| EncodeError::TooLong(name))?);
    }
    for (_, value) in fields {
        out.extend_from_slice(value.as_bytes());
    }
    out.extend_from_slice(payload);
    Ok(out)
}

/// The JS client writes a missing ref as an empty string.
fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let (&first, rest) = self.bytes.split_first().ok_or(DecodeError::Truncated)?;
        self.bytes = rest;
        Ok(first)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], DecodeError> {
        if self.bytes.len() < len {
            return Err(DecodeError::Truncated);
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(taken)
    }

    /// `N` length bytes, then the `N` strings they measure.
    fn strings<const N: usize>(&mut self) -> Result<[String; N], DecodeError> {
        let lengths: [u8; N] = self
            .take(N)?
            .try_into()
            .map_err(|_| DecodeError::Truncated)?;
        let mut strings = lengths.map(|_| String::new());
        for (string, len) in strings.iter_mut().zip(lengths) {
            let bytes = self.take(usize::from(len))?;
            *string = std::str::from_utf8(bytes)
                .map_err(|_| DecodeError::NotUtf8)?
                .to_owned();
        }
        Ok(strings)
    }

    fn rest(self) -> Vec<u8> {
        self.bytes.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protocol_test_vector_encodes_and_decodes() {
        let bytes = encode_client("0", "1", "t", "e", &[0x01]).unwrap();
        assert_eq!(
            bytes,
            [0x00, 0x01, 0x01, 0x01, 0x01, 0x30, 0x31, 0x74, 0x65, 0x01]
        );
        assert_eq!(
            decode_client(&bytes).unwrap(),
            ClientFrame {
                join_ref: Some("0".into()),
                msg_ref: Some("1".into()),
                topic: "t".into(),
                event: "e".into(),
                payload: Payload::Binary(vec![0x01]),
            }
        );
    }

    #[test]
    fn server_frames_round_trip_through_the_client_decoder() {
        let reply = encode_reply("1", "2", "room:1", Status::Ok, b"abc").unwrap();
        assert_eq!(reply[..5], [1, 1, 1, 6, 2]);
        assert_eq!(
            decode_server(&reply).unwrap(),
            ServerFrame::Reply {
                join_ref: Some("1".into()),
                msg_ref: "2".into(),
                topic: "room:1".into(),
                status: Status::Ok,
                response: Payload::Binary(b"abc".to_vec()),
            }
        );
        let push = encode_message(Some("1"), "t", "e", &[9]).unwrap();
        assert_eq!(push, [0, 1, 1, 1, b'1', b't', b'e', 9]);
        let broadcast = encode_message(None, "t", "e", &[]).unwrap();
        assert_eq!(broadcast, [2, 1, 1, b't', b'e']);
        assert!(matches!(
            decode_server(&broadcast).unwrap(),
            ServerFrame::Message { join_ref: None, payload: Payload::Binary(p), .. } if p.is_empty()
        ));
    }

    #[test]
    fn strings_longer_than_255_bytes_cannot_be_encoded() {
        let topic = "x".repeat(256);
        assert_eq!(
            encode_client("1", "1", &topic, "e", &[]),
            Err(EncodeError::TooLong("topic"))
        );
    }

    #[test]
    fn malformed_binary_frames_are_errors_not_panics() {
        assert_eq!(decode_client(&[]), Err(DecodeError::Truncated));
        assert_eq!(decode_client(&[0, 1, 1]), Err(DecodeError::Truncated));
        assert_eq!(
            decode_client(&[0, 1, 1, 1, 5, b'1', b'2', b't']),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            decode_client(&[0, 1, 0, 0, 0, 0xff]),
            Err(DecodeError::NotUtf8)
        );
        assert_eq!(decode_client(&[7]), Err(DecodeError::UnknownKind(7)));
        assert_eq!(
            decode_client(&[1, 0, 0, 0, 0]),
            Err(DecodeError::UnknownKind(1))
        );
    }
}
