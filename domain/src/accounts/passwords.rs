//! Password hashing with Argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane), on
//! the blocking pool: a hash takes tens of milliseconds of CPU and must not stall the runtime.

use std::sync::LazyLock;

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use model::accounts::Password;

#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    #[error("argon2: {0}")]
    Argon2(argon2::password_hash::Error),
    #[error("the hashing task did not finish")]
    Task(#[from] tokio::task::JoinError),
}

fn hasher() -> Argon2<'static> {
    // Constant, valid parameters: m = 19 MiB, t = 2, p = 1 (OWASP password storage cheat sheet).
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, verified against when the email is unknown, so an unknown
/// email costs the same time as a wrong password.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let random = format!("Dummy-{}", SaltString::generate(&mut OsRng).as_str());
    hash_now(&random).ok()
});

fn hash_now(password: &str) -> Result<String, HashingError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(HashingError::Argon2)
}

/// What an account that has no password yet stores: no PHC string, so nothing verifies.
pub const UNUSABLE: &str = "!";

/// The PHC string (algorithm, parameters, salt and hash) to store for `password`.
pub async fn hash(password: Password) -> Result<String, HashingError> {
    tokio::task::spawn_blocking(move || hash_now(password.expose())).await?
}

/// Whether `password` matches `stored`; with no stored hash (unknown email) it still spends the
/// time of a verification and answers no.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, HashingError> {
    tokio::task::spawn_blocking(move || {
        // An account without a usable password (imported, not yet set) is checked like an
        // unknown email: the same work, and no.
        let stored = stored.filter(|phc| PasswordHash::new(phc).is_ok());
        let known = stored.is_some();
        let Some(phc) = stored.or_else(|| DUMMY_HASH.clone()) else {
            return Ok(false);
        };
        let parsed = PasswordHash::new(&phc).map_err(HashingError::Argon2)?;
        let matches = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches)
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let password = Password::parse("Correct-Horse-9").expect("valid");
        let stored = hash(password).await.expect("hashes");
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(
            verify("Correct-Horse-9".into(), Some(stored.clone()))
                .await
                .expect("verifies")
        );
        assert!(
            !verify("correct-horse-9".into(), Some(stored))
                .await
                .expect("verifies")
        );
    }

    #[tokio::test]
    async fn without_a_stored_hash_the_answer_is_no() {
        assert!(!verify("Anything-1".into(), None).await.expect("runs"));
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let a = hash(Password::parse("Same-Pass-1").expect("valid"))
            .await
            .expect("hashes");
        let b = hash(Password::parse("Same-Pass-1").expect("valid"))
            .await
            .expect("hashes");
        assert_ne!(a, b, "a fresh salt per hash");
    }
}
