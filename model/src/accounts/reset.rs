//! The forgotten-password forms: asking for a reset link, and choosing a new password with one.

use serde::{Deserialize, Serialize};

use super::{Email, FieldErrors, Password};
use crate::refusal::Refusal;

/// "Forgot your password?" as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForgotPasswordForm {
    pub email: String,
}

impl ForgotPasswordForm {
    pub const EMAIL: &'static str = "email";

    pub fn error_for(&self, field: &str) -> Option<Refusal> {
        match field {
            Self::EMAIL => Email::parse(&self.email).err().map(Refusal::from),
            _ => None,
        }
    }

    pub fn parse(&self) -> Result<Email, FieldErrors> {
        Email::parse(&self.email).map_err(|error| {
            let mut errors = FieldErrors::default();
            errors.insert(Self::EMAIL, error);
            errors
        })
    }
}

/// The reset form: the token from the mailed link, and the new password twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResetPasswordForm {
    pub token: String,
    pub password: String,
    pub password_confirmation: String,
}

impl ResetPasswordForm {
    /// Where a refused token's message goes.
    pub const TOKEN: &'static str = "token";
    pub const PASSWORD: &'static str = "password";
    pub const PASSWORD_CONFIRMATION: &'static str = "password_confirmation";

    pub fn error_for(&self, field: &str) -> Option<Refusal> {
        match field {
            Self::PASSWORD => Password::parse(&self.password).err().map(Refusal::from),
            Self::PASSWORD_CONFIRMATION => {
                (self.password_confirmation != self.password).then_some(Refusal::PasswordsDiffer)
            }
            _ => None,
        }
    }

    /// Every field's value by name (the token is not one a person types).
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            (Self::PASSWORD, self.password.clone()),
            (
                Self::PASSWORD_CONFIRMATION,
                self.password_confirmation.clone(),
            ),
        ]
    }

    /// The new password, when both fields agree and it follows the rules.
    pub fn parse(&self) -> Result<Password, FieldErrors> {
        let mut errors = FieldErrors::default();
        if let Some(message) = self.error_for(Self::PASSWORD_CONFIRMATION) {
            errors.insert(Self::PASSWORD_CONFIRMATION, message);
        }
        match Password::parse(&self.password) {
            Ok(password) if errors.is_empty() => Ok(password),
            Ok(_) => Err(errors),
            Err(error) => {
                errors.insert(Self::PASSWORD, error);
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asking_needs_an_address_that_reads_as_one() {
        let form = ForgotPasswordForm {
            email: "not-an-address".into(),
        };
        let errors = form.parse().expect_err("refused");
        assert!(errors.get(ForgotPasswordForm::EMAIL).is_some());
        let form = ForgotPasswordForm {
            email: " Ada@Example.com ".into(),
        };
        assert_eq!(form.parse().expect("parses").key(), "ada@example.com");
    }

    #[test]
    fn a_new_password_follows_the_rules_and_is_typed_twice_alike() {
        let form = |password: &str, confirmation: &str| ResetPasswordForm {
            token: "t".into(),
            password: password.into(),
            password_confirmation: confirmation.into(),
        };
        assert!(
            form("Difference-Engine-1822", "Difference-Engine-1822")
                .parse()
                .is_ok()
        );
        let errors = form("Difference-Engine-1822", "Difference-Engine")
            .parse()
            .expect_err("differs");
        assert!(
            errors
                .get(ResetPasswordForm::PASSWORD_CONFIRMATION)
                .is_some()
        );
        assert!(errors.get(ResetPasswordForm::PASSWORD).is_none());
        let errors = form("short", "short").parse().expect_err("too short");
        assert!(errors.get(ResetPasswordForm::PASSWORD).is_some());
    }
}
