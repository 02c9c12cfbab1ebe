use serde_json::{Value, json};

use super::*;

const TOPIC: &str = "room:1";

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn commands(client: &mut Client) -> Vec<Command> {
    std::iter::from_fn(|| client.next_command()).collect()
}

fn events(client: &mut Client) -> Vec<Event> {
    std::iter::from_fn(|| client.next_event()).collect()
}

/// The frames sent, as JSON arrays.
fn sent(client: &mut Client) -> Vec<Value> {
    commands(client)
        .into_iter()
        .filter_map(|command| match command {
            Command::Send(text) => Some(serde_json::from_str(&text).expect("JSON")),
            _ => None,
        })
        .collect()
}

fn reply(join_ref: &Value, msg_ref: &Value, topic: &str, status: &str, response: Value) -> String {
    json!([join_ref, msg_ref, topic, "phx_reply", {"status": status, "response": response}])
        .to_string()
}

/// A client whose socket is open and whose `TOPIC` is joined; returns the join's ref.
fn joined() -> (Client, Value) {
    let mut client = Client::new();
    client.connect();
    client.join(TOPIC, object(json!({"last_seen_id": null})), 0);
    client.opened(0);
    let join = sent(&mut client).remove(0);
    client.received(&reply(&join[0], &join[1], TOPIC, "ok", json!({})), 1);
    events(&mut client);
    (client, join[0].clone())
}

#[test]
fn it_connects_then_joins_what_was_asked_before_the_socket_opened() {
    let mut client = Client::new();
    client.connect();
    assert_eq!(commands(&mut client), [Command::Open]);
    client.join(TOPIC, object(json!({"device": "web"})), 0);
    assert!(
        commands(&mut client).is_empty(),
        "nothing is sent before the socket opens"
    );

    client.opened(5);
    let frames = sent(&mut client);
    assert_eq!(frames.len(), 1);
    let join = &frames[0];
    assert_eq!(join[0], join[1], "a join's ref is its join_ref");
    assert_eq!(join[2], TOPIC);
    assert_eq!(join[3], "phx_join");
    assert_eq!(join[4], json!({"device": "web"}));

    client.received(
        &reply(&join[0], &join[1], TOPIC, "ok", json!({"room": 1})),
        6,
    );
    assert!(client.is_joined(TOPIC));
    assert_eq!(
        events(&mut client),
        [
            Event::Connection(Connection::Connecting),
            Event::Connection(Connection::Open),
            Event::Joined {
                topic: TOPIC.into(),
                response: Payload::Json(object(json!({"room": 1}))),
            },
        ]
    );
}

#[test]
fn a_push_before_the_join_is_answered_waits_and_is_sent_with_the_join_ref() {
    let mut client = Client::new();
    client.connect();
    client.join(TOPIC, Map::new(), 0);
    client.opened(0);
    let join = sent(&mut client).remove(0);
    let id = client.push(TOPIC, "new_message", object(json!({"body": "hi"})), 1);
    assert!(sent(&mut client).is_empty());

    client.received(&reply(&join[0], &join[1], TOPIC, "ok", json!({})), 2);
    let push = sent(&mut client).remove(0);
    assert_eq!(push[0], join[0]);
    assert_eq!(push[3], "new_message");
    assert_eq!(push[4], json!({"body": "hi"}));

    events(&mut client);
    client.received(&reply(&join[0], &push[1], TOPIC, "ok", json!({"id": 9})), 3);
    assert_eq!(
        events(&mut client),
        [Event::Reply {
            topic: TOPIC.into(),
            id,
            outcome: Outcome::Ok(Payload::Json(object(json!({"id": 9})))),
        }]
    );
}

#[test]
fn an_unanswered_push_times_out_once() {
    let (mut client, _) = joined();
    let id = client.push(TOPIC, "new_message", Map::new(), 100);
    sent(&mut client);
    client.tick(100 + millis(PUSH_TIMEOUT) - 1);
    assert!(events(&mut client).is_empty());
    client.tick(100 + millis(PUSH_TIMEOUT));
    let expected = Event::Reply {
        topic: TOPIC.into(),
        id,
        outcome: Outcome::Timeout,
    };
    assert_eq!(events(&mut client), [expected]);
    client.tick(100 + 2 * millis(PUSH_TIMEOUT));
    assert!(events(&mut client).is_empty());
}

#[test]
fn a_push_to_a_topic_never_joined_times_out_at_once() {
    let mut client = Client::new();
    let id = client.push("room:9", "ping", Map::new(), 0);
    assert!(matches!(
        &events(&mut client)[..],
        [Event::Reply { id: answered, outcome: Outcome::Timeout, .. }] if *answered == id
    ));
}

#[test]
fn heartbeats_go_out_every_period_and_one_left_unanswered_closes_the_socket() {
    let (mut client, _) = joined();
    let period = millis(HEARTBEAT_EVERY);
    client.tick(period - 1);
    assert!(sent(&mut client).is_empty());

    client.tick(period);
    let beat = sent(&mut client).remove(0);
    assert_eq!(beat[0], Value::Null);
    assert_eq!(beat[2], "phoenix");
    assert_eq!(beat[3], "heartbeat");
    client.received(
        &reply(&Value::Null, &beat[1], "phoenix", "ok", json!({})),
        period + 3,
    );

    client.tick(2 * period);
    assert_eq!(
        sent(&mut client).len(),
        1,
        "answered, so the next one goes out"
    );
    client.tick(3 * period);
    assert_eq!(commands(&mut client), [Command::Close]);
    assert_eq!(client.connection(), Connection::Reconnecting { tries: 1 });
    assert!(!client.is_joined(TOPIC));
}

#[test]
fn after_a_close_it_reconnects_on_phoenix_backoff_and_rejoins_with_fresh_params() {
    let (mut client, first_join) = joined();
    let id = client.push(TOPIC, "new_message", Map::new(), 10);
    sent(&mut client);
    client.closed(20);
    let lost = events(&mut client);
    assert!(lost.contains(&Event::ChannelErrored {
        topic: TOPIC.into()
    }));
    assert!(lost.contains(&Event::Reply {
        topic: TOPIC.into(),
        id,
        outcome: Outcome::Timeout
    }));

    client.tick(20 + 9);
    assert!(commands(&mut client).is_empty());
    client.tick(20 + 10);
    assert_eq!(commands(&mut client), [Command::Open]);
    client.closed(30);
    assert_eq!(client.connection(), Connection::Reconnecting { tries: 2 });
    client.tick(30 + 49);
    assert!(commands(&mut client).is_empty());
    client.tick(30 + 50);
    assert_eq!(commands(&mut client), [Command::Open]);

    client.set_join_params(TOPIC, object(json!({"last_seen_id": 41})));
    client.opened(100);
    let rejoin = sent(&mut client).remove(0);
    assert_eq!(rejoin[3], "phx_join");
    assert_ne!(rejoin[0], first_join, "a rejoin has a join_ref of its own");
    assert_eq!(rejoin[4], json!({"last_seen_id": 41}));

    client.closed(200);
    assert_eq!(
        client.connection(),
        Connection::Reconnecting { tries: 1 },
        "an open socket resets the schedule"
    );
}

#[test]
fn a_refused_join_is_retried_on_the_rejoin_schedule() {
    let mut client = Client::new();
    client.connect();
    client.join(TOPIC, Map::new(), 0);
    client.opened(0);
    let join = sent(&mut client).remove(0);
    client.received(
        &reply(
            &join[0],
            &join[1],
            TOPIC,
            "error",
            json!({"reason": "unauthorized"}),
        ),
        0,
    );
    assert!(events(&mut client).contains(&Event::JoinRefused {
        topic: TOPIC.into(),
        response: Payload::Json(object(json!({"reason": "unauthorized"}))),
    }));

    client.tick(999);
    assert!(sent(&mut client).is_empty());
    client.tick(1000);
    let second = sent(&mut client).remove(0);
    client.received(
        &reply(&second[0], &second[1], TOPIC, "error", json!({})),
        1000,
    );
    client.tick(1000 + 1999);
    assert!(sent(&mut client).is_empty());
    client.tick(1000 + 2000);
    assert_eq!(sent(&mut client).len(), 1);
}

#[test]
fn a_join_without_a_reply_is_retried() {
    let mut client = Client::new();
    client.connect();
    client.join(TOPIC, Map::new(), 0);
    client.opened(0);
    sent(&mut client);
    client.tick(millis(PUSH_TIMEOUT));
    assert!(events(&mut client).contains(&Event::ChannelErrored {
        topic: TOPIC.into()
    }));
    client.tick(millis(PUSH_TIMEOUT) + 1000);
    assert_eq!(sent(&mut client)[0][3], "phx_join");
}

#[test]
fn messages_of_an_earlier_join_are_dropped_and_broadcasts_pass() {
    let (mut client, join_ref) = joined();
    client.received(
        &json!(["999", null, TOPIC, "new_message", {"id": 1}]).to_string(),
        5,
    );
    assert!(events(&mut client).is_empty());
    client.received(
        &json!([join_ref, null, TOPIC, "user_typing", {"typing": true}]).to_string(),
        5,
    );
    client.received(
        &json!([null, null, TOPIC, "new_message", {"id": 2}]).to_string(),
        5,
    );
    client.received("not a frame", 5);
    let names: Vec<String> = events(&mut client)
        .into_iter()
        .filter_map(|event| match event {
            Event::Message { event, .. } => Some(event),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["user_typing", "new_message"]);
}

#[test]
fn phx_error_rejoins_and_phx_close_forgets_the_channel() {
    let (mut client, join_ref) = joined();
    client.received(
        &json!([join_ref, join_ref, TOPIC, "phx_error", {}]).to_string(),
        10,
    );
    assert_eq!(
        events(&mut client),
        [Event::ChannelErrored {
            topic: TOPIC.into()
        }]
    );
    client.tick(10 + 1000);
    let rejoin = sent(&mut client).remove(0);
    client.received(&reply(&rejoin[0], &rejoin[1], TOPIC, "ok", json!({})), 1011);
    assert!(client.is_joined(TOPIC));

    client.received(
        &json!([rejoin[0], rejoin[0], TOPIC, "phx_close", {}]).to_string(),
        1012,
    );
    assert!(events(&mut client).contains(&Event::ChannelClosed {
        topic: TOPIC.into()
    }));
    assert!(client.presence(TOPIC).is_none());
    client.tick(60_000);
    assert!(sent(&mut client).iter().all(|frame| frame[3] != "phx_join"));
}

#[test]
fn presence_is_merged_and_diffs_before_the_state_wait_for_it() {
    let (mut client, join_ref) = joined();
    let meta = |phx_ref: &str| json!({"metas": [{"phx_ref": phx_ref, "name": "Ada"}]});
    client.received(
        &json!([null, null, TOPIC, "presence_diff", {"joins": {"2": meta("b")}, "leaves": {}}])
            .to_string(),
        1,
    );
    assert!(client.presence(TOPIC).is_some_and(|state| state.is_empty()));
    client.received(
        &json!([join_ref, null, TOPIC, "presence_state", {"1": meta("a")}]).to_string(),
        2,
    );
    let keys: Vec<&String> = client.presence(TOPIC).expect("joined").keys().collect();
    assert_eq!(keys, ["1", "2"]);
    client.received(
        &json!([null, null, TOPIC, "presence_diff", {"joins": {}, "leaves": {"1": meta("a")}}])
            .to_string(),
        3,
    );
    let keys: Vec<&String> = client.presence(TOPIC).expect("joined").keys().collect();
    assert_eq!(keys, ["2"]);
    assert!(
        events(&mut client)
            .iter()
            .all(|event| matches!(event, Event::PresenceChanged { .. }))
    );
}

#[test]
fn leaving_sends_phx_leave_and_disconnecting_stops_reconnecting() {
    let (mut client, join_ref) = joined();
    client.leave(TOPIC);
    let leave = sent(&mut client).remove(0);
    assert_eq!(leave[0], join_ref);
    assert_eq!(leave[3], "phx_leave");
    assert!(!client.is_joined(TOPIC));

    client.disconnect();
    assert_eq!(commands(&mut client), [Command::Close]);
    assert_eq!(client.connection(), Connection::Idle);
    client.closed(5);
    client.tick(60_000);
    assert!(commands(&mut client).is_empty());
}

#[test]
fn retry_now_skips_the_backoff() {
    let (mut client, _) = joined();
    for at in [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] {
        client.closed(at);
        client.tick(at + 60_000);
        commands(&mut client);
    }
    client.closed(200_000);
    client.tick(200_001);
    assert!(commands(&mut client).is_empty(), "five seconds to wait");
    client.retry_now(200_002);
    client.tick(200_002);
    assert_eq!(commands(&mut client), [Command::Open]);
}

#[test]
fn a_signed_out_session_stops_reconnecting_until_asked_again() {
    let (mut client, join_ref) = joined();
    // The server ends the session: the channel closes, then the socket.
    client.received(
        &json!([join_ref, join_ref, TOPIC, "phx_close", {}]).to_string(),
        10,
    );
    client.closed(11);
    assert!(events(&mut client).contains(&Event::ChannelClosed {
        topic: TOPIC.to_owned()
    }));
    client.tick(10_000);
    assert_eq!(commands(&mut client), [Command::Open]);
    // The driver's token request answers 401.
    client.signed_out();
    assert_eq!(
        events(&mut client),
        [Event::Connection(Connection::SignedOut)]
    );
    assert_eq!(client.connection(), Connection::SignedOut);
    client.closed(10_001);
    for now in [20_000, 100_000, 1_000_000] {
        client.tick(now);
    }
    assert!(commands(&mut client).is_empty(), "no reconnect loop");
    assert!(events(&mut client).is_empty());
    client.connect();
    assert_eq!(
        commands(&mut client),
        [Command::Open],
        "after a new sign-in"
    );
}
