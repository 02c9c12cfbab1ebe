//! The profile page's access tokens (recipe 25): list, make (the secret shown once), revoke.
//! The same domain verbs and rules as the API's `/tokens`.

use leptos::prelude::*;
use model::api::{AccessTokenForm, NewTokenInfo, TokenInfo};

use crate::AppError;

#[cfg(feature = "ssr")]
mod ssr;

/// The signed-in person's tokens, newest first.
#[server(prefix = "/rpc", endpoint = "tokens/list")]
pub async fn list_tokens() -> Result<Vec<TokenInfo>, AppError> {
    ssr::list().await
}

/// Makes a token; the answer is the only time its secret is shown.
#[server(prefix = "/rpc", endpoint = "tokens/create")]
pub async fn create_token(form: AccessTokenForm) -> Result<NewTokenInfo, AppError> {
    ssr::create(form).await
}

/// Revokes one of the signed-in person's tokens (anyone else's is not found).
#[server(prefix = "/rpc", endpoint = "tokens/revoke")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    ssr::revoke(id).await
}
