//! The API's resources, each in one file with what its versions share and `v1` / `v2`
//! modules for where they differ (recipe 40: shared code, version-specific shapes).

pub mod csv;
pub mod me;
pub mod rooms;
pub mod tokens;
pub mod uploads;
pub mod users;
