//! Forgotten passwords, for both edges (the server functions and the plain form posts): ask
//! for a link, then choose a new password with it.

use std::net::IpAddr;

use chrono::Utc;
use domain::{
    accounts::{self, ResetToken},
    db::Db,
};
use model::{
    accounts::{ForgotPasswordForm, ResetPasswordForm},
    locale::Locale,
};
use ops::limits::Verdict;
use pubsub::PubSub;

use super::{answer, context, set_cookies};
use crate::{
    AppError,
    auth::{Flash, FlashKind},
    i18n::td_string,
    language,
    limits::{self, Limits},
};

/// Where both flows end: the sign-in page, with their flash.
pub const AFTER_RESET: &str = "/login";

/// Within the address's budget, enqueues the reset mail for `form`'s address. The answer is
/// the same words, after the same work, whether or not an account uses it.
pub async fn forgot_password(
    db: &Db,
    limits: &Limits,
    form: &ForgotPasswordForm,
    words: Locale,
    ip: IpAddr,
) -> Result<(Flash, Verdict), AppError> {
    let email = form.parse().map_err(AppError::Invalid)?;
    let allowed = limits::check(limits.password_resets.check(&ip))?;
    accounts::request_password_reset(db, &email, Utc::now().timestamp_millis()).await?;
    let flash = Flash {
        kind: FlashKind::Info,
        message: td_string!(language::of(words), flash.link_sent, email = email.as_str()),
    };
    Ok((flash, allowed))
}

/// Within the address's budget, sets the new password with the form's token: every session
/// of the person ends (so this browser's cookie is ended too).
pub async fn reset_password(
    db: &Db,
    pubsub: &PubSub,
    limits: &Limits,
    form: &ResetPasswordForm,
    words: Locale,
    ip: IpAddr,
) -> Result<(Flash, Verdict), AppError> {
    let password = form.parse().map_err(AppError::Invalid)?;
    let allowed = limits::check(limits.password_resets.check(&ip))?;
    let token = ResetToken::from_link(&form.token);
    accounts::reset_password(db, pubsub, &token, password, Utc::now().timestamp()).await?;
    let flash = Flash {
        kind: FlashKind::Info,
        message: td_string!(language::of(words), flash.password_reset).to_owned(),
    };
    Ok((flash, allowed))
}

pub(in crate::auth) async fn forgot_password_in_server_fn(
    form: ForgotPasswordForm,
) -> Result<String, AppError> {
    let asked = async {
        let ctx = context()?;
        let limits = limits::from_context()?;
        let (flash, allowed) =
            forgot_password(&ctx.db, &limits, &form, ctx.language, ctx.ip).await?;
        limits::note(&allowed);
        set_cookies([ctx.cookies.flash(&flash)]);
        Ok(AFTER_RESET.to_owned())
    };
    answer(asked.await)
}

pub(in crate::auth) async fn reset_password_in_server_fn(
    form: ResetPasswordForm,
) -> Result<String, AppError> {
    let reset = async {
        let ctx = context()?;
        let limits = limits::from_context()?;
        let (flash, allowed) =
            reset_password(&ctx.db, &ctx.pubsub, &limits, &form, ctx.language, ctx.ip).await?;
        limits::note(&allowed);
        set_cookies([ctx.cookies.end_session(), ctx.cookies.flash(&flash)]);
        Ok(AFTER_RESET.to_owned())
    };
    answer(reset.await)
}
