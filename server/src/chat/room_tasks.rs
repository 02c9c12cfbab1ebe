//! One task per live chat room (cookbook recipes 15 and 18): started on the room's first join,
//! found by room id through the registry, stopped once the room has been empty for a while, and
//! restarted if it fails. It owns what is live about a room rather than stored: who has a socket
//! in it, and who is typing — a typing flag expires on its own if the typist's "stopped" never
//! comes (a closed laptop).

use std::{
    collections::{HashMap, HashSet},
    panic::AssertUnwindSafe,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use chrono::{DateTime, Utc};
use domain::{
    chat::room_topic,
    pubsub::{PubSub, SubscriberId},
};
use futures_util::FutureExt;
use serde_json::json;
use tokio::{
    sync::mpsc,
    time::{Instant, sleep_until},
};

/// How long "X is typing" lasts without a fresh keystroke.
pub const TYPING_EXPIRES: Duration = Duration::from_secs(5);
/// Restarts allowed within [`RESTART_WINDOW`] before a room task is given up (recipe 21's
/// restart intensity, as the cookbook's default: 3 in 5 seconds).
const MAX_RESTARTS: usize = 3;
const RESTART_WINDOW: Duration = Duration::from_secs(5);

/// What a room task is told.
#[derive(Debug)]
enum Command {
    Joined(SubscriberId),
    Left(SubscriberId),
    Typing {
        socket: SubscriberId,
        user_id: i64,
        name: String,
        typing: bool,
    },
    /// A crash on purpose, as Observer's "kill process": shows the supervisor at work.
    Kill,
}

/// What a room task is seen as on the system page.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RoomTaskInfo {
    pub room_id: i64,
    pub started_at: DateTime<Utc>,
    pub restarts: usize,
    pub sockets: usize,
    pub last_error: Option<String>,
}

struct Entry {
    commands: mpsc::UnboundedSender<Command>,
    started_at: DateTime<Utc>,
    restarts: usize,
    sockets: usize,
    last_error: Option<String>,
}

/// The registry of live rooms and the supervisor of their tasks.
pub struct RoomTasks {
    rooms: Mutex<HashMap<i64, Entry>>,
    pubsub: PubSub,
    idle: Duration,
}

/// A way to talk to one room's task; sending to a stopped task restarts it.
#[derive(Clone)]
pub struct RoomHandle {
    tasks: Arc<RoomTasks>,
    room_id: i64,
}

impl RoomHandle {
    fn send(&self, command: Command) {
        self.tasks.send(self.room_id, command);
    }

    pub fn joined(&self, socket: SubscriberId) {
        self.send(Command::Joined(socket));
    }

    pub fn left(&self, socket: SubscriberId) {
        self.send(Command::Left(socket));
    }

    pub fn typing(&self, socket: SubscriberId, user_id: i64, name: &str, typing: bool) {
        self.send(Command::Typing {
            socket,
            user_id,
            name: name.to_owned(),
            typing,
        });
    }
}

impl RoomTasks {
    pub fn new(pubsub: PubSub, idle: Duration) -> Arc<Self> {
        Arc::new(Self {
            rooms: Mutex::default(),
            pubsub,
            idle,
        })
    }

    /// The room's handle, its task started if it is not running.
    pub fn room(self: &Arc<Self>, room_id: i64) -> RoomHandle {
        self.lock()
            .entry(room_id)
            .or_insert_with(|| self.start(room_id));
        RoomHandle {
            tasks: self.clone(),
            room_id,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Entry>> {
        self.rooms.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn send(self: &Arc<Self>, room_id: i64, command: Command) {
        let mut rooms = self.lock();
        let entry = rooms.entry(room_id).or_insert_with(|| self.start(room_id));
        if let Err(mpsc::error::SendError(command)) = entry.commands.send(command) {
            // The task was given up after too many failures: start afresh.
            let entry = rooms.insert(room_id, self.start(room_id));
            drop(entry);
            if let Some(entry) = rooms.get(&room_id) {
                let _started = entry.commands.send(command);
            }
        }
    }

    fn start(self: &Arc<Self>, room_id: i64) -> Entry {
        let (commands, inbox) = mpsc::unbounded_channel();
        tokio::spawn(self.clone().supervise(room_id, inbox));
        tracing::debug!(room_id, "room task started");
        Entry {
            commands,
            started_at: Utc::now(),
            restarts: 0,
            sockets: 0,
            last_error: None,
        }
    }

    /// Runs the room's task, restarting it after a failure unless it failed more than
    /// [`MAX_RESTARTS`] times within [`RESTART_WINDOW`]. The inbox outlives each run, so
    /// nothing sent during a restart is lost.
    async fn supervise(self: Arc<Self>, room_id: i64, mut inbox: mpsc::UnboundedReceiver<Command>) {
        let mut failures: Vec<Instant> = Vec::new();
        let mut sockets = HashSet::new();
        loop {
            let mut room = Room {
                room_id,
                topic: room_topic(room_id),
                pubsub: self.pubsub.clone(),
                tasks: self.clone(),
                sockets: std::mem::take(&mut sockets),
                typing: HashMap::new(),
                idle: self.idle,
            };
            let run = AssertUnwindSafe(room.run(&mut inbox)).catch_unwind().await;
            sockets = std::mem::take(&mut room.sockets);
            match run {
                Ok(()) => {
                    let mut rooms = self.lock();
                    // A join may have arrived while the idle room was stopping.
                    if inbox.is_empty() {
                        rooms.remove(&room_id);
                        tracing::debug!(room_id, "room task stopped: idle");
                        return;
                    }
                }
                Err(panic) => {
                    let reason = panic_message(&panic);
                    tracing::error!(room_id, reason, "room task failed");
                    let now = Instant::now();
                    failures.retain(|at| now.duration_since(*at) < RESTART_WINDOW);
                    failures.push(now);
                    let mut rooms = self.lock();
                    if failures.len() > MAX_RESTARTS {
                        tracing::error!(room_id, "room task failed too often; given up");
                        rooms.remove(&room_id);
                        return;
                    }
                    if let Some(entry) = rooms.get_mut(&room_id) {
                        entry.restarts += 1;
                        entry.last_error = Some(reason);
                    }
                }
            }
        }
    }

    /// Every live room's task, for the system page.
    pub fn list(&self) -> Vec<RoomTaskInfo> {
        let mut list: Vec<_> = self
            .lock()
            .iter()
            .map(|(room_id, entry)| RoomTaskInfo {
                room_id: *room_id,
                started_at: entry.started_at,
                restarts: entry.restarts,
                sockets: entry.sockets,
                last_error: entry.last_error.clone(),
            })
            .collect();
        list.sort_by_key(|info| info.room_id);
        list
    }

    /// Stops a room's task (it starts again on the next join). Returns whether it was running.
    pub fn stop(&self, room_id: i64) -> bool {
        // Dropping the sender ends the task's inbox, and with it the task.
        self.lock().remove(&room_id).is_some()
    }

    /// Makes a room's task fail, to see it restarted. Returns whether it was running.
    pub fn kill(&self, room_id: i64) -> bool {
        self.lock()
            .get(&room_id)
            .is_some_and(|entry| entry.commands.send(Command::Kill).is_ok())
    }

    fn record_sockets(&self, room_id: i64, sockets: usize) {
        if let Some(entry) = self.lock().get_mut(&room_id) {
            entry.sockets = sockets;
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panicked".to_owned())
}

struct Typist {
    socket: SubscriberId,
    name: String,
    until: Instant,
}

/// One run of a room's task.
struct Room {
    room_id: i64,
    topic: String,
    pubsub: PubSub,
    /// The registry, to show how many sockets the room has.
    tasks: Arc<RoomTasks>,
    sockets: HashSet<SubscriberId>,
    typing: HashMap<i64, Typist>,
    idle: Duration,
}

impl Room {
    /// Serves commands until the room has been empty for `idle` or the registry drops it.
    async fn run(&mut self, inbox: &mut mpsc::UnboundedReceiver<Command>) {
        let mut empty_since = self.sockets.is_empty().then(Instant::now);
        loop {
            let next_expiry = self.typing.values().map(|t| t.until).min();
            let idle_deadline = empty_since.map(|since| since + self.idle);
            tokio::select! {
                command = inbox.recv() => {
                    let Some(command) = command else { return };
                    self.handle(command);
                    empty_since = match (self.sockets.is_empty(), empty_since) {
                        (true, None) => Some(Instant::now()),
                        (true, since) => since,
                        (false, _) => None,
                    };
                }
                () = sleep_until(next_expiry.unwrap_or_else(far_future)), if next_expiry.is_some() => {
                    self.expire_typing();
                }
                () = sleep_until(idle_deadline.unwrap_or_else(far_future)), if idle_deadline.is_some() => {
                    return;
                }
            }
        }
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Joined(socket) => {
                self.sockets.insert(socket);
                self.tasks.record_sockets(self.room_id, self.sockets.len());
            }
            Command::Left(socket) => {
                self.sockets.remove(&socket);
                self.tasks.record_sockets(self.room_id, self.sockets.len());
                let gone: Vec<i64> = self
                    .typing
                    .iter()
                    .filter(|(_, t)| t.socket == socket)
                    .map(|(user, _)| *user)
                    .collect();
                for user_id in gone {
                    self.stop_typing(user_id);
                }
            }
            Command::Typing {
                socket,
                user_id,
                name,
                typing,
            } => {
                if !typing {
                    self.stop_typing(user_id);
                    return;
                }
                let until = Instant::now() + TYPING_EXPIRES;
                let already = self.typing.insert(
                    user_id,
                    Typist {
                        socket,
                        name: name.clone(),
                        until,
                    },
                );
                if already.is_none() {
                    self.announce(socket, user_id, &name, true);
                }
            }
            Command::Kill => panic!("room {} task killed on purpose", self.room_id),
        }
    }

    fn expire_typing(&mut self) {
        let now = Instant::now();
        let expired: Vec<i64> = self
            .typing
            .iter()
            .filter(|(_, t)| t.until <= now)
            .map(|(user, _)| *user)
            .collect();
        for user_id in expired {
            self.stop_typing(user_id);
        }
    }

    fn stop_typing(&mut self, user_id: i64) {
        if let Some(typist) = self.typing.remove(&user_id) {
            self.announce(typist.socket, user_id, &typist.name, false);
        }
    }

    /// `user_typing` to everyone in the room but the typist's own socket.
    fn announce(&self, socket: SubscriberId, user_id: i64, name: &str, typing: bool) {
        self.pubsub.broadcast_from(
            socket,
            &self.topic,
            "user_typing",
            json!({ "user_id": user_id, "name": name, "typing": typing }),
        );
    }
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400)
}
