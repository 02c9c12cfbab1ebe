//! One module per page.

mod api_docs;
mod board;
mod chat;
mod dashboard;
mod home;
mod jobs;
mod mailbox;
pub mod mentions;
mod not_found;
mod password;
mod people;
mod profile;
mod recipes;
mod register;
mod schedules;
mod sign_in;
pub(crate) mod system;
pub(crate) mod units;
mod uploads;

pub use api_docs::ApiDocs;
pub use board::{
    BoardReportPage, EditPostPage, FeedPage, NewPostPage, PersonPage, PostPage, SearchPage,
};
pub use chat::{ChatIndex, ChatLayout, ChatRoom};
pub use dashboard::Dashboard;
pub use home::Home;
pub use jobs::JobsPage;
pub use mailbox::Mailbox;
pub use mentions::MentionsPage;
pub use not_found::NotFound;
pub use password::{ForgotPassword, ResetPassword};
pub use people::PeoplePage;
pub use profile::Profile;
pub use recipes::Recipes;
pub use register::Register;
pub use schedules::SchedulesPage;
pub use sign_in::SignIn;
pub use system::SystemPage;
pub use uploads::Uploads;

/// A full page load of `path`: after signing up or in, the next page, its navigation and its
/// flash message all come from the server with the new session.
pub(crate) fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Err(error) = leptos::prelude::window().location().assign(path) {
        leptos::logging::error!("could not navigate to {path}: {error:?}");
    }
    #[cfg(not(feature = "hydrate"))]
    leptos::logging::warn!("navigation to {path} asked for outside a browser");
}

/// Percent-encodes all but the unreserved characters of a query value.
pub(crate) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
