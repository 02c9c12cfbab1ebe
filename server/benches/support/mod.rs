//! What the node and uploads benchmarks share: their error type, their knobs, and signing up.

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The environment variable `name` parsed, or `default`.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Registers Ada at the server at `url` (the first account: an admin) through the plain form;
/// answers the `session=…` cookie.
pub async fn register(client: &reqwest::Client, url: &str) -> Result<String, Error> {
    let response = client
        .post(format!("{url}/register"))
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("age", ""),
            ("password", "Analytical-Engine-1843"),
            ("password_confirmation", "Analytical-Engine-1843"),
        ])
        .send()
        .await?;
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("session="))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| "no session cookie".into())
}
