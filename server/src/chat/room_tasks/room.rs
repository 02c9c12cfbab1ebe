//! One run of a room's task: who has a socket in the room, and who is typing. A typing flag
//! expires on its own when the typist's "stopped" never comes (a closed laptop).

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use model::chat::channel::{self, Typing};
use pubsub::{PubSub, SubscriberId};
use serde_json::json;
use tokio::{
    sync::mpsc,
    time::{Instant, sleep_until},
};

/// How long "X is typing" lasts without a fresh keystroke.
pub const TYPING_EXPIRES: Duration = Duration::from_secs(5);
/// At most one "X is typing" per person per this long, however often their client says so:
/// the throttle the page applies (recipe 16), enforced here for clients that do not.
pub const TYPING_THROTTLE: Duration = Duration::from_secs(2);

/// What a room task is told.
#[derive(Debug)]
pub(super) enum Command {
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

pub(super) struct Typist {
    socket: SubscriberId,
    name: String,
    until: Instant,
    /// When the room may say so, if it has not yet: held back by [`TYPING_THROTTLE`].
    announce_at: Option<Instant>,
}

/// One run of a room's task. Who is in the room is borrowed from what outlives the run, so a
/// failed run loses only who was typing.
pub(super) struct Room<'a> {
    pub(super) room_id: i64,
    pub(super) topic: String,
    pub(super) pubsub: PubSub,
    /// Shared with the registry, which shows it on the system page.
    pub(super) socket_count: Arc<AtomicUsize>,
    pub(super) sockets: &'a mut HashSet<SubscriberId>,
    pub(super) typing: HashMap<i64, Typist>,
    /// When each person was last announced as typing (kept past their stopping, so that a
    /// stop-start-stop flood is still one announcement per throttle period).
    pub(super) announced: HashMap<i64, Instant>,
    pub(super) idle: Duration,
}

impl Room<'_> {
    /// Serves commands until the room has been empty for `idle` or the registry drops it.
    pub(super) async fn run(&mut self, inbox: &mut mpsc::UnboundedReceiver<Command>) {
        let mut empty_since = self.sockets.is_empty().then(Instant::now);
        loop {
            let next_expiry = self
                .typing
                .values()
                .flat_map(|t| [Some(t.until), t.announce_at])
                .flatten()
                .min();
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
                    self.announce_held();
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
                self.socket_count
                    .store(self.sockets.len(), Ordering::Relaxed);
            }
            Command::Left(socket) => {
                self.sockets.remove(&socket);
                self.socket_count
                    .store(self.sockets.len(), Ordering::Relaxed);
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
                let now = Instant::now();
                let until = now + TYPING_EXPIRES;
                if let Some(typist) = self.typing.get_mut(&user_id) {
                    typist.until = until;
                    return;
                }
                let may_announce_at = self
                    .announced
                    .get(&user_id)
                    .map_or(now, |&last| last + TYPING_THROTTLE);
                self.typing.insert(
                    user_id,
                    Typist {
                        socket,
                        name,
                        until,
                        announce_at: Some(may_announce_at),
                    },
                );
                self.announce_held();
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

    /// Says who started typing, for each typist whose throttle period has passed.
    fn announce_held(&mut self) {
        let now = Instant::now();
        let due: Vec<i64> = self
            .typing
            .iter()
            .filter(|(_, t)| t.announce_at.is_some_and(|at| at <= now))
            .map(|(user, _)| *user)
            .collect();
        for user_id in due {
            if let Some(typist) = self.typing.get_mut(&user_id) {
                typist.announce_at = None;
                let (socket, name) = (typist.socket, typist.name.clone());
                self.announced.insert(user_id, now);
                self.announce(socket, user_id, &name, true);
            }
        }
        // Forget who last typed long ago: the map stays as small as the room's recent typists.
        self.announced
            .retain(|_, &mut at| now.saturating_duration_since(at) < TYPING_THROTTLE);
    }

    /// Stops `user_id`'s typing, telling the room only if it was told they had started.
    fn stop_typing(&mut self, user_id: i64) {
        if let Some(typist) = self.typing.remove(&user_id)
            && typist.announce_at.is_none()
        {
            self.announce(typist.socket, user_id, &typist.name, false);
        }
    }

    /// `user_typing` to everyone in the room but the typist's own socket.
    fn announce(&self, socket: SubscriberId, user_id: i64, name: &str, typing: bool) {
        self.pubsub.broadcast_from(
            socket,
            &self.topic,
            channel::USER_TYPING,
            json!(Typing {
                user_id,
                name: name.to_owned(),
                typing,
            }),
        );
    }
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400)
}
