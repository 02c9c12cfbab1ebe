//! The API's resources, each in one file with what its versions share and `v1` / `v2`
//! modules for where they differ (recipe 40: shared code, version-specific shapes).

pub mod csv;
pub mod me;
pub mod posts;
pub mod rooms;
pub mod tokens;
pub mod uploads;
pub mod users;

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// 201, with where the new thing is.
pub(crate) fn created(location: String, body: impl IntoResponse) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, location);
    }
    (StatusCode::CREATED, headers, body).into_response()
}
