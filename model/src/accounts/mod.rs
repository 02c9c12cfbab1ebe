//! What a person gives to register and sign in.

pub mod age;
pub(crate) mod email;
mod handle;
mod import;
pub(crate) mod name;
pub mod password;
mod preferences;
mod profile;
mod registration;
mod report;
mod reset;

pub use age::{Age, AgeError};
pub use email::{Email, EmailError};
pub use handle::{Handle, HandleMalformed};
pub use import::{ImportReport, NewPerson, PersonForm, RefusedRow};
pub use name::{PersonName, PersonNameError};
pub use password::{Password, PasswordError};
pub use preferences::{
    ChatPreferences, ChatPreferencesPatch, Digest, Notifications, NotificationsPatch, Preferences,
    PreferencesPatch, Theme,
};
pub use profile::{PasswordChange, PasswordChangeForm, ProfileChanges, ProfileForm};
pub use registration::{FieldErrors, Registration, RegistrationForm};
pub use report::{MonthSignups, UsersReport};
pub use reset::{ForgotPasswordForm, ResetPasswordForm};
