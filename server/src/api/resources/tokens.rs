//! `/tokens`: one's personal access tokens (recipe 25), and `/sessions`: email and password
//! for a token, so a program can sign in without a browser.
//!
//! A token never makes tokens: creating one takes the browser's session or the password
//! (`POST /sessions`), so a leaked token cannot mint others that outlive its revocation.

use std::net::IpAddr;

use app::{
    AppError,
    auth::ClientAddress,
    limits::{self, ApiClient},
};
use axum::{
    Extension, Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    Scope,
    access_tokens::{self, AccessToken, Secret},
    accounts::{self, SignIn},
};
use model::api::{AccessTokenForm, NewTokenInfo as NewToken, TokenInfo as Token, TokenScope};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{
    api::{
        Version,
        caller::{Caller, Writer},
        input::{Body, Ids},
        paging::{Cursored, Data, Paged},
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
    },
    state::AppState,
};

/// A token to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// What it is for ("laptop script"): at most 60 characters once trimmed, no control
    /// characters.
    #[schema(min_length = 1)]
    pub name: String,
    pub scope: TokenScope,
    /// Days until it expires, 1 to 365; left out or `null`, it never does.
    #[schema(minimum = 1, maximum = 365)]
    #[serde(default)]
    pub expires_in_days: Option<u16>,
}

impl TokenRequest {
    /// The same form, and so the same rules, as the profile page's.
    fn form(&self) -> AccessTokenForm {
        AccessTokenForm {
            name: self.name.clone(),
            scope: self.scope.as_str().to_owned(),
            expires_in_days: self
                .expires_in_days
                .map(|days| days.to_string())
                .unwrap_or_default(),
        }
    }
}

/// Email and password, for a token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    pub email: String,
    #[schema(format = Password)]
    pub password: String,
    /// The token's name; "API session" if left out.
    #[serde(default)]
    pub name: Option<String>,
    /// `read write` if left out.
    #[serde(default)]
    pub scope: Option<TokenScope>,
    /// 30 if left out; 1 to 365.
    #[schema(minimum = 1, maximum = 365)]
    #[serde(default)]
    pub expires_in_days: Option<u16>,
}

/// 201 with the new token's address and the token, its secret included.
fn created(version: Version, token: AccessToken, secret: &Secret) -> Response {
    let location = format!("{}/tokens/{}", version.prefix(), token.id);
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, location);
    }
    let body = Data::of(NewToken {
        token: token.into(),
        secret: secret.expose().to_owned(),
    });
    (StatusCode::CREATED, headers, Json::<Data<NewToken>>(body)).into_response()
}

/// Makes a token for `scope` within the person's budget of token creations.
async fn make(
    state: &AppState,
    scope: Scope,
    request: TokenRequest,
) -> Result<(AccessToken, Secret), ApiError> {
    let new = request.form().parse().map_err(AppError::Invalid)?;
    limits::check(state.limits.token_creations.check(&scope.user_id))?;
    Ok(access_tokens::create(&state.db, scope, new).await?)
}

async fn create(
    state: &AppState,
    version: Version,
    Writer(caller): Writer,
    request: TokenRequest,
) -> Result<Response, ApiError> {
    if matches!(caller.client, ApiClient::Token(_)) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "A token cannot make tokens: sign in with POST /sessions, or use the profile page.",
        ));
    }
    let (token, secret) = make(state, caller.scope, request).await?;
    Ok(created(version, token, &secret))
}

async fn sign_in(
    state: &AppState,
    version: Version,
    address: IpAddr,
    request: SessionRequest,
) -> Result<Response, ApiError> {
    limits::check(state.limits.sign_ins.check(&address))?;
    let user = accounts::sign_in(
        &state.db,
        SignIn {
            email: &request.email,
            password: &request.password,
            ip: &address.to_string(),
        },
    )
    .await
    .map_err(|error| match error {
        accounts::AccountsError::InvalidCredentials => ApiError::invalid_credentials(),
        other => other.into(),
    })?;
    let token = TokenRequest {
        name: request.name.unwrap_or_else(|| "API session".to_owned()),
        scope: request.scope.unwrap_or(TokenScope::ReadWrite),
        expires_in_days: Some(request.expires_in_days.unwrap_or(30)),
    };
    let (token, secret) = make(state, Scope::for_user(&user), token).await?;
    Ok(created(version, token, &secret))
}

async fn one(state: &AppState, caller: Caller, id: i64) -> Result<Token, ApiError> {
    access_tokens::list(&state.db, caller.scope)
        .await?
        .into_iter()
        .find(|token| token.id == id)
        .map(Token::from)
        .ok_or_else(ApiError::not_found)
}

async fn revoke(state: &AppState, Writer(caller): Writer, id: i64) -> Result<StatusCode, ApiError> {
    access_tokens::revoke(&state.db, caller.scope, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn all(state: &AppState, caller: Caller) -> Result<Vec<Token>, ApiError> {
    let tokens = access_tokens::list(&state.db, caller.scope).await?;
    Ok(tokens.into_iter().map(Token::from).collect())
}

/// Each version's handlers: the same token, each version's list envelope and address.
macro_rules! token_routes {
    ($version:expr) => {
        /// Makes a token; the answer is the only time its secret is shown. Not with a token.
        #[utoipa::path(post, path = "/tokens", tag = "tokens", request_body = TokenRequest,
            responses((status = 201, body = Data<NewToken>,
                headers(("location" = String, description = "Where the token is"))), WriteRefusals))]
        pub async fn create(
            State(state): State<AppState>,
            writer: Writer,
            Body(request): Body<TokenRequest>,
        ) -> Result<Response, ApiError> {
            super::create(&state, $version, writer, request).await
        }

        /// Signs in with email and password for a token (the sign-in lockout applies).
        #[utoipa::path(post, path = "/sessions", tag = "tokens", request_body = SessionRequest,
            security(()),
            responses((status = 201, body = Data<NewToken>,
                headers(("location" = String, description = "Where the token is"))), WriteRefusals))]
        pub async fn sign_in(
            State(state): State<AppState>,
            Extension(ClientAddress(address)): Extension<ClientAddress>,
            Body(request): Body<SessionRequest>,
        ) -> Result<Response, ApiError> {
            super::sign_in(&state, $version, address, request).await
        }

        /// One of your tokens.
        #[utoipa::path(get, path = "/tokens/{id}", tag = "tokens",
            params(("id" = i64, Path, description = "The token's id")),
            responses((status = 200, body = Data<Token>), ReadRefusals))]
        pub async fn show(
            State(state): State<AppState>,
            caller: Caller,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<Token>>, ApiError> {
            Ok(Json(Data::of(super::one(&state, caller, id).await?)))
        }

        /// Revokes one of your tokens: from the next request on it opens nothing.
        #[utoipa::path(delete, path = "/tokens/{id}", tag = "tokens",
            params(("id" = i64, Path, description = "The token's id")),
            responses((status = 204, description = "Revoked"), WriteRefusals))]
        pub async fn revoke(
            State(state): State<AppState>,
            writer: Writer,
            Ids(id): Ids<i64>,
        ) -> Result<StatusCode, ApiError> {
            super::revoke(&state, writer, id).await
        }
    };
}

pub mod v1 {
    use super::*;

    token_routes!(Version::V1);

    /// Your tokens, newest first (at most 50, so one page).
    #[utoipa::path(get, path = "/tokens", tag = "tokens",
        responses((status = 200, body = Paged<Token>), ReadRefusals))]
    pub async fn list(
        State(state): State<AppState>,
        caller: Caller,
    ) -> Result<Json<Paged<Token>>, ApiError> {
        let data = all(&state, caller).await?;
        let total = i64::try_from(data.len()).unwrap_or(i64::MAX);
        Ok(Json(Paged { data, total }))
    }
}

pub mod v2 {
    use super::*;

    token_routes!(Version::V2);

    /// Your tokens, newest first (at most 50, so one page).
    #[utoipa::path(get, path = "/tokens", tag = "tokens",
        responses((status = 200, body = Cursored<Token>), ReadRefusals))]
    pub async fn list(
        State(state): State<AppState>,
        caller: Caller,
    ) -> Result<Json<Cursored<Token>>, ApiError> {
        Ok(Json(Cursored::whole(all(&state, caller).await?)))
    }
}
