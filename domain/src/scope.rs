//! Who is acting: what every verb that reads or writes someone's data takes first, after what
//! it works with (`chat.post_message(scope, …)`, `accounts::update_profile(db, scope, …)`,
//! `uploads.file(scope, …)`), so that an authorization rule is code in one place rather
//! than a convention at every call site.

use crate::accounts::{Role, User};

/// The signed-in person a domain verb acts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub user_id: i64,
    pub role: Role,
}

impl Scope {
    pub fn for_user(user: &User) -> Self {
        Self {
            user_id: user.id,
            role: user.role,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether this person may manage something `owner_id` created: its creator or an admin.
    pub fn may_manage(&self, owner_id: i64) -> bool {
        self.user_id == owner_id || self.is_admin()
    }
}
