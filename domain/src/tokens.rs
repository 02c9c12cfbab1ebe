//! Signed, expiring tokens (like `Phoenix.Token`): the signed-in page gets one naming its
//! session and hands it to the WebSocket, which cannot carry the session cookie's `SameSite`
//! guarantees. A signature proves the token was made here; whether what it names is still
//! live (a session not yet ended) is the verifier's question to the database.
//!
//! A token is `base64url(data "." signed_at) "." base64url(HMAC-SHA256)`, keyed by a key
//! derived from the secret key base and a salt naming the token's purpose, so a token made for
//! one purpose never verifies for another.

use std::time::Duration;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// Tokens older than this are refused unless the verifier says otherwise (Phoenix's default).
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// How far in the future a token's time may lie before it counts as forged (clock skew).
const SKEW_SECS: i64 = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token, tampered with, or made with another key or salt.
    #[error("the token is not valid")]
    Invalid,
    #[error("the token has expired")]
    Expired,
}

/// Signs and verifies tokens for one purpose.
#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer whose key is HMAC(secret_key_base, salt).
    pub fn new(secret_key_base: &[u8], salt: &str) -> Self {
        let mut mac =
            HmacSha256::new_from_slice(secret_key_base).expect("HMAC accepts keys of any length");
        mac.update(salt.as_bytes());
        Self {
            key: mac.finalize().into_bytes().into(),
        }
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.key).expect("HMAC accepts keys of any length")
    }

    /// A token carrying `data`, made at `signed_at` (unix seconds).
    pub fn sign(&self, data: &str, signed_at: i64) -> String {
        let message = URL_SAFE_NO_PAD.encode(format!("{data}.{signed_at}"));
        let mut mac = self.mac();
        mac.update(message.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{message}.{signature}")
    }

    /// The data a token carries, if it was made by this signer no longer than `max_age` before
    /// `now` (unix seconds). The signature is compared in constant time.
    pub fn verify(&self, token: &str, max_age: Duration, now: i64) -> Result<String, TokenError> {
        let (message, signature) = token.split_once('.').ok_or(TokenError::Invalid)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Invalid)?;
        let mut mac = self.mac();
        mac.update(message.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::Invalid)?;
        let message = URL_SAFE_NO_PAD
            .decode(message)
            .map_err(|_| TokenError::Invalid)?;
        let message = std::str::from_utf8(&message).map_err(|_| TokenError::Invalid)?;
        let (data, signed_at) = message.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let signed_at: i64 = signed_at.parse().map_err(|_| TokenError::Invalid)?;
        let max_age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
        if signed_at > now.saturating_add(SKEW_SECS) {
            return Err(TokenError::Invalid);
        }
        if now.saturating_sub(signed_at) > max_age {
            return Err(TokenError::Expired);
        }
        Ok(data.to_owned())
    }
}

/// A new bearer secret (a session cookie, an access token): 256 random bits, base64url.
pub(crate) fn random_secret() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What a table stores of a bearer secret: its SHA-256 in hex, so a leaked table opens nothing.
pub(crate) fn stored_hash(secret: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(secret.as_bytes()) {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn signer() -> Signer {
        Signer::new(&[7; 64], "user socket")
    }

    #[test]
    fn a_secret_is_stored_as_its_sha256_in_lower_case_hex() {
        assert_eq!(
            stored_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_token_verifies_to_what_it_carries() {
        let token = signer().sign("c0ffee", NOW);
        assert_eq!(
            signer().verify(&token, DEFAULT_MAX_AGE, NOW + 10),
            Ok("c0ffee".to_owned())
        );
        let dotted = signer().sign("a.b", NOW);
        assert_eq!(
            signer().verify(&dotted, DEFAULT_MAX_AGE, NOW),
            Ok("a.b".to_owned())
        );
    }

    #[test]
    fn an_old_token_has_expired() {
        let token = signer().sign("42", NOW);
        let later = NOW + 24 * 60 * 60 + 1;
        assert_eq!(
            signer().verify(&token, DEFAULT_MAX_AGE, later),
            Err(TokenError::Expired)
        );
        assert_eq!(
            signer().verify(&token, Duration::from_secs(5), NOW + 6),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn a_tampered_token_or_another_key_or_salt_is_invalid() {
        let token = signer().sign("42", NOW);
        let forged = token.replacen(
            &URL_SAFE_NO_PAD.encode(format!("42.{NOW}")),
            &URL_SAFE_NO_PAD.encode(format!("1.{NOW}")),
            1,
        );
        assert_ne!(forged, token);
        assert_eq!(
            signer().verify(&forged, DEFAULT_MAX_AGE, NOW),
            Err(TokenError::Invalid)
        );
        let other_key = Signer::new(&[8; 64], "user socket");
        assert_eq!(
            other_key.verify(&token, DEFAULT_MAX_AGE, NOW),
            Err(TokenError::Invalid)
        );
        let other_salt = Signer::new(&[7; 64], "something else");
        assert_eq!(
            other_salt.verify(&token, DEFAULT_MAX_AGE, NOW),
            Err(TokenError::Invalid)
        );
        for junk in ["", ".", "abc", "a.b.c", "....", "🦀.🦀"] {
            assert_eq!(
                signer().verify(junk, DEFAULT_MAX_AGE, NOW),
                Err(TokenError::Invalid),
                "{junk}"
            );
        }
    }

    #[test]
    fn a_token_from_the_future_is_invalid() {
        let token = signer().sign("42", NOW + 3600);
        assert_eq!(
            signer().verify(&token, DEFAULT_MAX_AGE, NOW),
            Err(TokenError::Invalid)
        );
    }
}
