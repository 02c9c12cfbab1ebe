use domain::access_tokens;
use model::api::{AccessTokenForm, NewTokenInfo, TokenInfo};

use crate::{AppError, auth::ssr::for_signed_in, limits};

pub(super) async fn list() -> Result<Vec<TokenInfo>, AppError> {
    for_signed_in(async |ctx, user| {
        let tokens = access_tokens::list(&ctx.db, user.scope()).await?;
        Ok(tokens.into_iter().map(TokenInfo::from).collect())
    })
    .await
}

/// Checks the form with the same rules as the API, within the person's budget of new tokens.
pub(super) async fn create(form: AccessTokenForm) -> Result<NewTokenInfo, AppError> {
    for_signed_in(async |ctx, user| {
        let new = form.parse().map_err(AppError::Invalid)?;
        let allowed = limits::check(limits::from_context()?.token_creations.check(&user.id))?;
        limits::note(&allowed);
        let (token, secret) = access_tokens::create(&ctx.db, user.scope(), new).await?;
        Ok(NewTokenInfo {
            token: token.into(),
            secret: secret.expose().to_owned(),
        })
    })
    .await
}

pub(super) async fn revoke(id: i64) -> Result<(), AppError> {
    for_signed_in(async |ctx, user| Ok(access_tokens::revoke(&ctx.db, user.scope(), id).await?))
        .await
}
