use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Age, Email, Password, PersonName};
use crate::{locale::Locale, refusal::Refusal};

/// The registration form exactly as typed. Every field is a string, so a half-filled form is
/// still representable, and what was typed can be shown back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationForm {
    pub name: String,
    pub email: String,
    pub age: String,
    pub password: String,
    pub password_confirmation: String,
}

/// A registration that passed every rule.
#[derive(Debug)]
pub struct Registration {
    pub name: PersonName,
    pub email: Email,
    pub age: Option<Age>,
    pub password: Password,
    /// The language the account starts in (its mail's too): the one the form was shown in.
    pub language: Locale,
}

/// What is wrong with each refused field of a form, keyed by the field's name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, Refusal>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&Refusal> {
        self.0.get(field)
    }

    pub fn insert(&mut self, field: &str, refusal: impl Into<Refusal>) {
        self.0.insert(field.to_owned(), refusal.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl RegistrationForm {
    /// Field names, as the form's inputs are named.
    pub const NAME: &'static str = "name";
    pub const EMAIL: &'static str = "email";
    pub const AGE: &'static str = "age";
    pub const PASSWORD: &'static str = "password";
    pub const PASSWORD_CONFIRMATION: &'static str = "password_confirmation";

    /// What is wrong with one field, or `None` when it is fine; what the browser shows while
    /// typing.
    pub fn error_for(&self, field: &str) -> Option<Refusal> {
        match field {
            Self::NAME => PersonName::parse(&self.name).err().map(Refusal::from),
            Self::EMAIL => Email::parse(&self.email).err().map(Refusal::from),
            Self::AGE => Age::parse_optional(&self.age).err().map(Refusal::from),
            Self::PASSWORD => Password::parse(&self.password).err().map(Refusal::from),
            Self::PASSWORD_CONFIRMATION => {
                (self.password_confirmation != self.password).then_some(Refusal::PasswordsDiffer)
            }
            _ => None,
        }
    }

    /// Every rule at once: the parsed registration, or a message for each wrong field.
    pub fn parse(&self) -> Result<Registration, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = PersonName::parse(&self.name)
            .map_err(|e| errors.insert(Self::NAME, e))
            .ok();
        let email = Email::parse(&self.email)
            .map_err(|e| errors.insert(Self::EMAIL, e))
            .ok();
        let age = Age::parse_optional(&self.age)
            .map_err(|e| errors.insert(Self::AGE, e))
            .ok();
        let password = Password::parse(&self.password)
            .map_err(|e| errors.insert(Self::PASSWORD, e))
            .ok();
        if let Some(message) = self.error_for(Self::PASSWORD_CONFIRMATION) {
            errors.insert(Self::PASSWORD_CONFIRMATION, message);
        }
        match (name, email, age, password) {
            (Some(name), Some(email), Some(age), Some(password)) if errors.is_empty() => {
                Ok(Registration {
                    name,
                    email,
                    age,
                    password,
                    language: Locale::default(),
                })
            }
            _ => Err(errors),
        }
    }

    /// Every field's value by name.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            (Self::NAME, self.name.clone()),
            (Self::EMAIL, self.email.clone()),
            (Self::AGE, self.age.clone()),
            (Self::PASSWORD, self.password.clone()),
            (
                Self::PASSWORD_CONFIRMATION,
                self.password_confirmation.clone(),
            ),
        ]
    }

    /// The form without its passwords, to show back after a rejected submit.
    pub fn without_passwords(&self) -> Self {
        Self {
            name: self.name.clone(),
            email: self.email.clone(),
            age: self.age.clone(),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RegistrationForm {
        RegistrationForm {
            name: " Ada ".into(),
            email: "Ada@Example.com".into(),
            age: "".into(),
            password: "Analytical-1843".into(),
            password_confirmation: "Analytical-1843".into(),
        }
    }

    #[test]
    fn a_valid_form_parses_into_a_registration() {
        let registration = valid().parse().expect("valid");
        assert_eq!(registration.name.as_str(), "Ada");
        assert_eq!(registration.email.as_str(), "Ada@example.com");
        assert_eq!(registration.age, None);
    }

    #[test]
    fn every_wrong_field_gets_its_own_message() {
        let form = RegistrationForm {
            name: "".into(),
            email: "nope".into(),
            age: "9".into(),
            password: "short".into(),
            password_confirmation: "different".into(),
        };
        let errors = form.parse().expect_err("invalid");
        assert_eq!(errors.get("name"), Some(&Refusal::NameEmpty));
        assert_eq!(errors.get("email"), Some(&Refusal::EmailMalformed));
        assert_eq!(errors.get("age"), Some(&Refusal::AgeTooYoung { min: 13 }));
        assert_eq!(
            errors.get("password"),
            Some(&Refusal::PasswordTooShort { min: 8 })
        );
        assert_eq!(
            errors.get("password_confirmation"),
            Some(&Refusal::PasswordsDiffer)
        );
    }

    #[test]
    fn a_mismatched_confirmation_alone_fails_the_form() {
        let form = RegistrationForm {
            password_confirmation: "Analytical-1844".into(),
            ..valid()
        };
        let errors = form.parse().expect_err("mismatch");
        assert_eq!(errors.0.len(), 1);
        assert_eq!(
            form.error_for("password_confirmation"),
            Some(Refusal::PasswordsDiffer)
        );
    }

    #[test]
    fn the_form_shown_back_never_carries_the_passwords() {
        let shown = valid().without_passwords();
        assert_eq!(shown.email, "Ada@Example.com");
        assert!(shown.password.is_empty() && shown.password_confirmation.is_empty());
    }
}
