//! What a socket token says. The token names the session (and whose it is): once the session
//! ends (sign-out, sign out everywhere, a password change) the token opens nothing, on any node.

use domain::sessions::SessionId;

/// What a socket token carries: the session, and whose it is — so that a socket can listen for
/// that person's session ends before the database has confirmed anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketClaims {
    pub user_id: i64,
    pub session: SessionId,
}

impl SocketClaims {
    pub fn encode(&self) -> String {
        format!("{}:{}", self.user_id, self.session.as_str())
    }

    pub fn decode(data: &str) -> Option<Self> {
        let (user_id, session) = data.split_once(':')?;
        Some(Self {
            user_id: user_id.parse().ok()?,
            session: SessionId::from_token(session),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_read_back_as_written_and_garbage_is_nothing() {
        let claims = SocketClaims {
            user_id: 42,
            session: SessionId::from_token("c0ffee"),
        };
        assert_eq!(SocketClaims::decode(&claims.encode()), Some(claims));
        for junk in ["", "42", ":c0ffee", "x:c0ffee", "4.2:c0ffee"] {
            assert_eq!(SocketClaims::decode(junk), None, "{junk}");
        }
    }
}
