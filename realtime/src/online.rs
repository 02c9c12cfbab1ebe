//! Who has a socket open on this node: the dashboard's "users online" (distinct people) and
//! "WebSocket connections". A count per user, kept as sockets open and close — the answer a
//! node-wide presence topic would give, without building presence diffs nobody subscribes to.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

#[derive(Default)]
pub struct Online {
    sockets_by_user: Mutex<HashMap<i64, u32>>,
}

/// One open socket; it counts until dropped.
pub struct OnlineSocket {
    online: Arc<Online>,
    user_id: i64,
}

impl Online {
    /// Counts a socket of `user_id` as open until the returned guard is dropped — unless they
    /// already have `max` open: the check and the count are one step, so a burst of connects
    /// cannot all slip under the cap.
    pub fn try_enter(self: &Arc<Self>, user_id: i64, max: usize) -> Option<OnlineSocket> {
        let mut users = self.lock();
        let open = users.entry(user_id).or_default();
        if usize::try_from(*open).unwrap_or(usize::MAX) >= max {
            if *open == 0 {
                users.remove(&user_id);
            }
            return None;
        }
        *open += 1;
        Some(OnlineSocket {
            online: self.clone(),
            user_id,
        })
    }

    /// Distinct users with at least one open socket, and the open sockets.
    pub fn counts(&self) -> (u32, u32) {
        let users = self.lock();
        let people = u32::try_from(users.len()).unwrap_or(u32::MAX);
        let sockets = users.values().sum();
        (people, sockets)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<i64, u32>> {
        self.sockets_by_user
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for OnlineSocket {
    fn drop(&mut self) {
        let mut users = self.online.lock();
        if let Some(count) = users.get_mut(&self.user_id) {
            *count -= 1;
            if *count == 0 {
                users.remove(&self.user_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_people_and_their_sockets_until_each_closes() {
        let online = Arc::new(Online::default());
        let enter = |user_id| online.try_enter(user_id, usize::MAX).expect("no cap");
        let ada_phone = enter(1);
        let ada_laptop = enter(1);
        let bo = enter(2);
        assert_eq!(online.counts(), (2, 3));
        drop(ada_phone);
        assert_eq!(online.counts(), (2, 2));
        drop(ada_laptop);
        drop(bo);
        assert_eq!(online.counts(), (0, 0));
    }

    #[test]
    fn a_person_gets_no_more_sockets_than_the_cap_until_one_closes() {
        let online = Arc::new(Online::default());
        let first = online.try_enter(1, 2).expect("under the cap");
        let _second = online.try_enter(1, 2).expect("at the cap");
        assert!(online.try_enter(1, 2).is_none());
        assert!(online.try_enter(2, 2).is_some(), "another person");
        drop(first);
        assert!(online.try_enter(1, 2).is_some());
        assert!(online.try_enter(3, 0).is_none());
        assert_eq!(online.counts(), (1, 1), "a refusal leaves no trace");
    }
}
