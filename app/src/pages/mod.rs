//! One module per page.

mod coming_soon;
mod home;
mod not_found;

pub use coming_soon::ComingSoon;
pub use home::Home;
pub use not_found::NotFound;
