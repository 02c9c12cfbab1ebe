use serde::{Deserialize, Serialize};

use super::{Age, FieldErrors, Password, PersonName};
use crate::refusal::Refusal;

/// The profile's details form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub name: String,
    pub age: String,
}

/// Details that passed every rule.
#[derive(Debug)]
pub struct ProfileChanges {
    pub name: PersonName,
    pub age: Option<Age>,
}

impl ProfileForm {
    pub const NAME: &'static str = "name";
    pub const AGE: &'static str = "age";

    /// What is wrong with one field, or `None` when it is fine.
    pub fn error_for(&self, field: &str) -> Option<Refusal> {
        match field {
            Self::NAME => PersonName::parse(&self.name).err().map(Refusal::from),
            Self::AGE => Age::parse_optional(&self.age).err().map(Refusal::from),
            _ => None,
        }
    }

    /// Every field's value by name.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            (Self::NAME, self.name.clone()),
            (Self::AGE, self.age.clone()),
        ]
    }

    pub fn parse(&self) -> Result<ProfileChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = PersonName::parse(&self.name)
            .map_err(|e| errors.insert(Self::NAME, e))
            .ok();
        let age = Age::parse_optional(&self.age)
            .map_err(|e| errors.insert(Self::AGE, e))
            .ok();
        match (name, age) {
            (Some(name), Some(age)) => Ok(ProfileChanges { name, age }),
            _ => Err(errors),
        }
    }
}

/// The change-password form as typed. The current password proves it is really the owner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordChangeForm {
    pub current_password: String,
    pub password: String,
    pub password_confirmation: String,
}

/// A password change that passed the rules (the current password is checked by the server).
#[derive(Debug)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: Password,
}

impl PasswordChangeForm {
    pub const CURRENT_PASSWORD: &'static str = "current_password";
    pub const PASSWORD: &'static str = "password";
    pub const PASSWORD_CONFIRMATION: &'static str = "password_confirmation";

    pub fn error_for(&self, field: &str) -> Option<Refusal> {
        match field {
            Self::CURRENT_PASSWORD => self
                .current_password
                .is_empty()
                .then_some(Refusal::CurrentPasswordEmpty),
            Self::PASSWORD => Password::parse(&self.password).err().map(Refusal::from),
            Self::PASSWORD_CONFIRMATION => {
                (self.password_confirmation != self.password).then_some(Refusal::PasswordsDiffer)
            }
            _ => None,
        }
    }

    /// Every field's value by name.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            (Self::CURRENT_PASSWORD, self.current_password.clone()),
            (Self::PASSWORD, self.password.clone()),
            (
                Self::PASSWORD_CONFIRMATION,
                self.password_confirmation.clone(),
            ),
        ]
    }

    pub fn parse(&self) -> Result<PasswordChange, FieldErrors> {
        let mut errors = FieldErrors::default();
        for field in [Self::CURRENT_PASSWORD, Self::PASSWORD_CONFIRMATION] {
            if let Some(message) = self.error_for(field) {
                errors.insert(field, message);
            }
        }
        let new_password = Password::parse(&self.password)
            .map_err(|e| errors.insert(Self::PASSWORD, e))
            .ok();
        match new_password {
            Some(new_password) if errors.is_empty() => Ok(PasswordChange {
                current_password: self.current_password.clone(),
                new_password,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_details_follow_the_registration_rules() {
        let changes = ProfileForm {
            name: " <i>Ada</i> ".into(),
            age: "".into(),
        }
        .parse()
        .expect("valid");
        assert_eq!(changes.name.as_str(), "Ada");
        assert_eq!(changes.age, None);
        let errors = ProfileForm {
            name: "".into(),
            age: "200".into(),
        }
        .parse()
        .expect_err("invalid");
        assert_eq!(errors.get("name"), Some(&Refusal::NameEmpty));
        assert_eq!(errors.get("age"), Some(&Refusal::AgeTooOld { max: 150 }));
    }

    #[test]
    fn a_password_change_needs_the_current_password_and_a_confirmed_valid_new_one() {
        let form = PasswordChangeForm {
            current_password: "".into(),
            password: "weak".into(),
            password_confirmation: "other".into(),
        };
        let errors = form.parse().expect_err("invalid");
        assert_eq!(
            errors.get("current_password"),
            Some(&Refusal::CurrentPasswordEmpty)
        );
        assert_eq!(
            errors.get("password"),
            Some(&Refusal::PasswordTooShort { min: 8 })
        );
        assert_eq!(
            errors.get("password_confirmation"),
            Some(&Refusal::PasswordsDiffer)
        );

        let ok = PasswordChangeForm {
            current_password: "Old-Password-1".into(),
            password: "New-Password-2".into(),
            password_confirmation: "New-Password-2".into(),
        };
        assert_eq!(
            ok.parse().expect("valid").new_password.expose(),
            "New-Password-2"
        );
    }
}
