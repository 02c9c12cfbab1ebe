use serde::{Deserialize, Serialize};

/// The youngest age at which one may register.
pub const MIN: u8 = 13;
pub(crate) const MAX: u8 = 150;

/// An age in years, 13–150. Optional on forms: see [`Age::parse_optional`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Age(u8);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AgeError {
    #[error("Enter your age as a whole number.")]
    NotANumber,
    #[error("You must be at least 13 to register.")]
    TooYoung,
    #[error("Enter an age of at most 150.")]
    TooOld,
}

impl Age {
    /// Reads what a person typed; blank means they chose not to say.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, AgeError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        if !trimmed.chars().all(|c| c.is_ascii_digit()) {
            return Err(AgeError::NotANumber);
        }
        // All digits: only overflow can fail, and that is too old by any measure.
        let years: u32 = trimmed.parse().unwrap_or(u32::MAX);
        Self::try_from(u8::try_from(years).unwrap_or(u8::MAX)).map(Some)
    }

    pub fn years(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Age {
    type Error = AgeError;
    fn try_from(years: u8) -> Result<Self, Self::Error> {
        match years {
            y if y < MIN => Err(AgeError::TooYoung),
            y if y > MAX => Err(AgeError::TooOld),
            y => Ok(Self(y)),
        }
    }
}

impl From<Age> for u8 {
    fn from(age: Age) -> Self {
        age.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_not_given() {
        assert_eq!(Age::parse_optional(""), Ok(None));
        assert_eq!(Age::parse_optional("   "), Ok(None));
    }

    #[test]
    fn the_bounds_are_inclusive() {
        assert_eq!(
            Age::parse_optional("13").map(|a| a.map(Age::years)),
            Ok(Some(13))
        );
        assert_eq!(
            Age::parse_optional(" 150 ").map(|a| a.map(Age::years)),
            Ok(Some(150))
        );
        assert_eq!(Age::parse_optional("12"), Err(AgeError::TooYoung));
        assert_eq!(Age::parse_optional("151"), Err(AgeError::TooOld));
        assert_eq!(
            Age::parse_optional("99999999999999999999"),
            Err(AgeError::TooOld)
        );
    }

    #[test]
    fn anything_but_a_whole_number_is_refused() {
        for input in ["abc", "-5", "20.5", "1e2", "２０", "+20"] {
            assert_eq!(
                Age::parse_optional(input),
                Err(AgeError::NotANumber),
                "{input}"
            );
        }
    }

    #[test]
    fn deserialising_runs_the_same_rules() {
        assert_eq!(
            serde_json::from_str::<Age>("30").map(Age::years).ok(),
            Some(30)
        );
        assert!(serde_json::from_str::<Age>("7").is_err());
    }
}
