//! A person an admin adds from a list (recipe 23): the registration's rules for name, email
//! and age, and no password — they set one themselves (the reset flow comes with mail).

use serde::{Deserialize, Serialize};

use super::{Age, Email, FieldErrors, PersonName, RegistrationForm};

/// A row an import refused, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedRow {
    /// The row's number as a spreadsheet shows it (the header is row 1).
    pub row: u64,
    /// What was wrong, field by field.
    pub reason: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub accepted: u64,
    pub refused: Vec<RefusedRow>,
}

/// One row of an import as read: every field a string, as in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonForm {
    pub name: String,
    pub email: String,
    pub age: String,
}

/// A person who passed every rule.
#[derive(Debug)]
pub struct NewPerson {
    pub name: PersonName,
    pub email: Email,
    pub age: Option<Age>,
}

impl PersonForm {
    /// The same checks, and the same field names, as the registration form's.
    pub fn parse(&self) -> Result<NewPerson, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = PersonName::parse(&self.name)
            .map_err(|e| errors.insert(RegistrationForm::NAME, e))
            .ok();
        let email = Email::parse(&self.email)
            .map_err(|e| errors.insert(RegistrationForm::EMAIL, e))
            .ok();
        let age = Age::parse_optional(&self.age)
            .map_err(|e| errors.insert(RegistrationForm::AGE, e))
            .ok();
        match (name, email, age) {
            (Some(name), Some(email), Some(age)) => Ok(NewPerson { name, email, age }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_passes_the_registrations_rules_but_the_password() {
        let person = PersonForm {
            name: "  Grace   Hopper ".into(),
            email: "Grace@Example.COM".into(),
            age: "".into(),
        }
        .parse()
        .expect("valid");
        assert_eq!(person.name.as_str(), "Grace Hopper");
        assert_eq!(person.email.as_str(), "Grace@example.com");
        let refused = PersonForm {
            name: "".into(),
            email: "not an email".into(),
            age: "7".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(refused.0.len(), 3);
    }
}
