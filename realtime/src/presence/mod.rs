//! Who is on a topic (Phoenix.Presence): per topic, keyed by user id, one meta per socket.
//! Changes go out as `presence_diff` broadcasts on the topic; a joiner gets the whole
//! `presence_state`. The shapes are those of `docs/protocol.md`, which the JS `Presence` and
//! the browser client both merge by `phx_ref`.
//!
//! **Diffs are coalesced per topic.** A change on a quiet topic goes out at once and opens a
//! window; the changes made while it is open go out together, as one `presence_diff`
//! `{joins, leaves}`, when it closes (and the window opens again if there were any). So n sockets
//! joining one room cost about one diff per window to everybody, not one per join, and a
//! joiner's `presence_state` is encoded once per window, not once per join. A window lasts
//! [`BATCH_WINDOW`], longer on a topic with many subscribers ([`PER_SUBSCRIBER`] each, at most
//! [`MAX_WINDOW`]): every diff costs each of them a frame, so a join storm in a large room spends
//! a bounded share of the node (about a quarter of a core) on presence.
//!
//! What keeps that exact for every client, whichever moment it joined:
//! - While changes are pending, a joiner's `presence_state` is the state *before* them (kept
//!   encoded), and the joiner, already subscribed, receives them as the pending diff. So no
//!   client has ever seen a pending join.
//! - Hence a meta that joins and leaves within one window is dropped from the pending joins
//!   instead of appearing in the leaves: nobody saw it come, nobody needs to see it go. A leave
//!   in a diff therefore only ever names a meta that joined before it, and joins and leaves of
//!   one diff never name the same `phx_ref` (so the order a client applies them in is moot).
//! - Diffs go out under the presence lock, so they reach PubSub in the order of the changes.
//! - [`Presence::flush`] sends a topic's pending diff at once; the socket calls it before a
//!   channel's own broadcast on the topic, so e.g. `user_left` never overtakes the
//!   `presence_diff` that removed the user.
//!
//! The state lives in this node's memory; cluster mode will replicate it through PubSub.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{
        Arc, Mutex, MutexGuard, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use pubsub::{PubSub, SubscriberId};
use serde::{
    Serialize, Serializer,
    ser::{SerializeMap, SerializeStruct},
};
use serde_json::{Map, Value, json};

/// How long presence changes on a busy topic gather before they go out as one diff, at least.
pub const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// How much longer the window is per local subscriber of the topic (a diff's frame to one
/// subscriber costs about 10 µs of a core).
pub const PER_SUBSCRIBER: Duration = Duration::from_micros(40);
/// The longest window, however large the room.
pub const MAX_WINDOW: Duration = Duration::from_secs(1);

/// Whether an untracked key still has other metas on the topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    Entirely,
    StillPresent,
}

struct Entry {
    socket: SubscriberId,
    phx_ref: String,
    meta: Map<String, Value>,
}

impl Entry {
    fn to_json(&self) -> Value {
        let mut meta = self.meta.clone();
        meta.insert("phx_ref".into(), Value::String(self.phx_ref.clone()));
        Value::Object(meta)
    }
}

/// An entry as the wire shows it: its meta plus `phx_ref`, written without cloning the meta.
impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.meta.len() + 1))?;
        for (field, value) in &self.meta {
            if field != "phx_ref" {
                map.serialize_entry(field, value)?;
            }
        }
        map.serialize_entry("phx_ref", &self.phx_ref)?;
        map.end()
    }
}

/// `{"metas": [...]}` for one key.
struct Metas<'a>(&'a [Entry]);

impl Serialize for Metas<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut metas = serializer.serialize_struct("Metas", 1)?;
        metas.serialize_field("metas", self.0)?;
        metas.end()
    }
}

/// A whole topic, `{key: {"metas": [...]}}`, as `presence_state` carries it.
struct StateView<'a>(&'a HashMap<String, Vec<Entry>>);

impl Serialize for StateView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.0
                .iter()
                .map(|(key, entries)| (key, Metas(entries.as_slice()))),
        )
    }
}

/// Changes not broadcast yet: metas (as the wire shows them) by key.
#[derive(Default)]
struct Pending {
    joins: BTreeMap<String, Vec<Value>>,
    leaves: BTreeMap<String, Vec<Value>>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.joins.is_empty() && self.leaves.is_empty()
    }

    fn join(&mut self, key: &str, meta: Value) {
        self.joins.entry(key.to_owned()).or_default().push(meta);
    }

    /// Records that `entry` left; a join still pending is withdrawn instead (nobody saw it).
    fn leave(&mut self, key: &str, entry: &Entry) {
        if let Some(joins) = self.joins.get_mut(key) {
            let before = joins.len();
            joins.retain(|meta| meta["phx_ref"].as_str() != Some(entry.phx_ref.as_str()));
            if joins.len() != before {
                if joins.is_empty() {
                    self.joins.remove(key);
                }
                return;
            }
        }
        self.leaves
            .entry(key.to_owned())
            .or_default()
            .push(entry.to_json());
    }

    fn into_payload(self) -> Value {
        let side = |metas: BTreeMap<String, Vec<Value>>| {
            metas
                .into_iter()
                .map(|(key, metas)| (key, json!({ "metas": metas })))
                .collect::<Map<_, _>>()
        };
        json!({ "joins": side(self.joins), "leaves": side(self.leaves) })
    }
}

#[derive(Default)]
struct Topic {
    keys: HashMap<String, Vec<Entry>>,
    pending: Pending,
    /// Whether a window is open: changes wait for its end instead of going out at once.
    window_open: bool,
    /// The encoded state: while changes are pending, the state before them (what every
    /// subscriber has, plus the pending diff to come); otherwise the current state. `None`
    /// until someone needs it after a change.
    encoded: Option<Arc<str>>,
}

impl Topic {
    fn encode(&self) -> Arc<str> {
        serde_json::to_string(&StateView(&self.keys))
            .expect("a JSON map, whose keys are strings, always serializes")
            .into()
    }

    /// Before changing `keys`: keep the state the pending diff will start from.
    fn before_change(&mut self) {
        if self.window_open && self.pending.is_empty() && self.encoded.is_none() {
            self.encoded = Some(self.encode());
        }
    }

    fn is_idle(&self) -> bool {
        self.keys.is_empty() && self.pending.is_empty() && !self.window_open
    }
}

struct Shared {
    pubsub: PubSub,
    topics: Mutex<HashMap<String, Topic>>,
    next_ref: AtomicU64,
    /// Makes `phx_ref`s unique across nodes and restarts.
    node: u64,
    window: Duration,
}

/// The node's presence, shared by every socket. Cheap to clone.
#[derive(Clone)]
pub struct Presence {
    shared: Arc<Shared>,
}

impl Presence {
    pub fn new(pubsub: PubSub) -> Self {
        Self::with_window(pubsub, BATCH_WINDOW)
    }

    /// Presence whose diffs gather for `window` on a busy topic.
    pub fn with_window(pubsub: PubSub, window: Duration) -> Self {
        Self {
            shared: Arc::new(Shared {
                pubsub,
                topics: Mutex::default(),
                next_ref: AtomicU64::new(1),
                node: rand::random(),
                window,
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Topic>> {
        self.shared
            .topics
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn new_ref(&self) -> String {
        let n = self.shared.next_ref.fetch_add(1, Ordering::Relaxed);
        format!("{:x}.{n}", self.shared.node)
    }

    /// How long `topic`'s next window lasts: longer the more subscribers each diff reaches.
    fn window(&self, topic: &str) -> Duration {
        let floor = self.shared.window;
        let audience =
            u32::try_from(self.shared.pubsub.local_subscribers(topic)).unwrap_or(u32::MAX);
        PER_SUBSCRIBER
            .saturating_mul(audience)
            .clamp(floor, MAX_WINDOW.max(floor))
    }

    fn broadcast(&self, topic: &str, diff: Pending) {
        self.shared
            .pubsub
            .broadcast(topic, "presence_diff", diff.into_payload());
    }

    /// After a change to `state` (recorded in its pending diff): on a quiet topic, the diff goes
    /// out now and a window opens; in an open window it waits for the window's end.
    fn changed(&self, topic: &str, state: &mut Topic) {
        if state.window_open {
            return;
        }
        state.window_open = true;
        state.encoded = None;
        self.broadcast(topic, std::mem::take(&mut state.pending));
        let presence = self.clone();
        let topic = topic.to_owned();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(presence.window(&topic)).await;
                if !presence.end_window(&topic) {
                    break;
                }
            }
        });
    }

    /// A window's end: sends what gathered in it. Returns whether another window opened
    /// (something was sent); otherwise the topic is quiet again.
    fn end_window(&self, topic: &str) -> bool {
        let mut topics = self.lock();
        let Some(state) = topics.get_mut(topic) else {
            return false;
        };
        if state.pending.is_empty() {
            state.window_open = false;
            if state.is_idle() {
                topics.remove(topic);
            }
            return false;
        }
        state.encoded = None;
        let diff = std::mem::take(&mut state.pending);
        self.broadcast(topic, diff);
        true
    }

    /// Sends `topic`'s pending diff now, if it has one, so a broadcast that follows cannot
    /// overtake it. The window stays open.
    pub fn flush(&self, topic: &str) {
        let mut topics = self.lock();
        if let Some(state) = topics.get_mut(topic)
            && !state.pending.is_empty()
        {
            state.encoded = None;
            let diff = std::mem::take(&mut state.pending);
            self.broadcast(topic, diff);
        }
    }

    /// Adds `socket` under `key` with `meta` and broadcasts the join (see the module's notes on
    /// when). Returns whether `key` was absent before.
    pub fn track(
        &self,
        topic: &str,
        key: &str,
        socket: SubscriberId,
        meta: Map<String, Value>,
    ) -> bool {
        let entry = Entry {
            socket,
            phx_ref: self.new_ref(),
            meta,
        };
        let mut topics = self.lock();
        let state = topics.entry(topic.to_owned()).or_default();
        state.before_change();
        state.pending.join(key, entry.to_json());
        let entries = state.keys.entry(key.to_owned()).or_default();
        entries.push(entry);
        let first = entries.len() == 1;
        self.changed(topic, state);
        first
    }

    /// Replaces `socket`'s meta under `key`: a join of the new meta (which names the old one's
    /// `phx_ref` as `phx_ref_prev`) and a leave of the old, in one diff.
    pub fn update(&self, topic: &str, key: &str, socket: SubscriberId, meta: Map<String, Value>) {
        let new_ref = self.new_ref();
        let mut topics = self.lock();
        let Some(state) = topics.get_mut(topic) else {
            return;
        };
        let found = state
            .keys
            .get(key)
            .is_some_and(|entries| entries.iter().any(|e| e.socket == socket));
        if !found {
            return;
        }
        state.before_change();
        let Topic { keys, pending, .. } = &mut *state;
        let Some(entry) = keys
            .get_mut(key)
            .and_then(|entries| entries.iter_mut().find(|e| e.socket == socket))
        else {
            return;
        };
        pending.leave(key, entry);
        let old_ref = std::mem::replace(&mut entry.phx_ref, new_ref);
        entry.meta = meta;
        let mut joined = entry.to_json();
        if let Value::Object(fields) = &mut joined {
            fields.insert("phx_ref_prev".into(), Value::String(old_ref));
        }
        pending.join(key, joined);
        self.changed(topic, state);
    }

    /// Removes every entry of `socket` on `topic` and broadcasts the leaves (see the module's
    /// notes on when). Returns the keys it held and whether each has left entirely.
    pub fn untrack(&self, topic: &str, socket: SubscriberId) -> Vec<(String, Left)> {
        let mut left = Vec::new();
        let mut topics = self.lock();
        let Some(state) = topics.get_mut(topic) else {
            return left;
        };
        if !state
            .keys
            .values()
            .flatten()
            .any(|entry| entry.socket == socket)
        {
            return left;
        }
        state.before_change();
        let Topic { keys, pending, .. } = &mut *state;
        keys.retain(|key, entries| {
            let before = entries.len();
            entries.retain(|entry| {
                let gone = entry.socket == socket;
                if gone {
                    pending.leave(key, entry);
                }
                !gone
            });
            if entries.len() != before {
                let how = if entries.is_empty() {
                    Left::Entirely
                } else {
                    Left::StillPresent
                };
                left.push((key.clone(), how));
            }
            !entries.is_empty()
        });
        self.changed(topic, state);
        left
    }

    /// The topic's state as `presence_state` carries it, encoded (shared until the next
    /// change, or, while changes are pending, the state before them: see the module's notes).
    pub fn state(&self, topic: &str) -> Arc<str> {
        let mut topics = self.lock();
        let Some(state) = topics.get_mut(topic) else {
            return Arc::from("{}");
        };
        if state.encoded.is_none() {
            state.encoded = Some(state.encode());
        }
        state.encoded.clone().unwrap_or_else(|| Arc::from("{}"))
    }

    /// The topic's current state, `{key: {metas: [...]}}`, pending changes included.
    pub fn list(&self, topic: &str) -> Value {
        let topics = self.lock();
        let state = topics
            .get(topic)
            .map(|state| {
                state
                    .keys
                    .iter()
                    .map(|(key, entries)| {
                        let metas: Vec<Value> = entries.iter().map(Entry::to_json).collect();
                        (key.clone(), json!({ "metas": metas }))
                    })
                    .collect::<Map<_, _>>()
            })
            .unwrap_or_default();
        Value::Object(state)
    }
}

#[cfg(test)]
mod tests;
