//! `/me`: the caller's own account — read it; change the profile and the nested preferences
//! with one partial update (recipe 5) that leaves every key it does not name alone.

use std::sync::Arc;

use app::AppError;
use axum::{Extension, Json, extract::State};
use chrono::{DateTime, Utc};
use domain::{
    access_tokens::Bearer,
    accounts::{self, Role, User},
};
use model::accounts::{Preferences, PreferencesPatch, ProfileForm};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::{
    api::{
        caller::{Caller, Writer},
        input::Body,
        paging::Data,
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
    },
    state::AppState,
};

/// What a person may do beyond their own things.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RoleName {
    User,
    Admin,
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::User => Self::User,
            Role::Admin => Self::Admin,
        }
    }
}

impl From<RoleName> for Role {
    fn from(role: RoleName) -> Self {
        match role {
            RoleName::User => Self::User,
            RoleName::Admin => Self::Admin,
        }
    }
}

/// A change of one's own account: only what is given changes. `age: null` clears the age;
/// `preferences` is merged key by key into what is stored.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MeChanges {
    /// At most 100 characters once spaces are collapsed; no control characters.
    #[schema(min_length = 1)]
    pub name: Option<String>,
    /// 13 to 150, or `null` to remove it.
    #[serde(deserialize_with = "given")]
    #[schema(value_type = Option<u8>, minimum = 13, maximum = 150)]
    pub age: Option<Option<u16>>,
    pub preferences: Option<PreferencesPatch>,
}

/// A key that is present, `null` included, as `Some` (absent stays `None` by `default`).
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// The profile form the change amounts to: what it names, and the rest as it is now.
fn profile_form(current: &User, changes: &MeChanges) -> ProfileForm {
    let age = match changes.age {
        None => current.age.map(u16::from),
        Some(age) => age,
    };
    ProfileForm {
        name: changes.name.clone().unwrap_or_else(|| current.name.clone()),
        age: age.map(|years| years.to_string()).unwrap_or_default(),
    }
}

/// Applies `changes` for the caller: every rule is checked before anything is written.
async fn change(
    state: &AppState,
    caller: Caller,
    changes: MeChanges,
) -> Result<(User, Preferences), ApiError> {
    let scope = caller.scope;
    let current = accounts::find_user(&state.db, scope, scope.user_id).await?;
    let profile = (changes.name.is_some() || changes.age.is_some())
        .then(|| profile_form(&current, &changes).parse())
        .transpose()
        .map_err(AppError::Invalid)?;
    let user = match profile {
        Some(profile) => accounts::update_profile(&state.db, scope, profile).await?,
        None => current,
    };
    let preferences = match changes.preferences {
        Some(patch) => accounts::update_preferences(&state.db, scope, patch).await?,
        None => accounts::preferences(&state.db, scope).await?,
    };
    Ok((user, preferences))
}

/// The caller's account: as it was read with their token (which is never out of date, see
/// `access_tokens::OpenedTokens`), else from the database.
async fn read(
    state: &AppState,
    caller: Caller,
    bearer: Option<Extension<Arc<Bearer>>>,
) -> Result<(User, Preferences), ApiError> {
    if let Some(Extension(bearer)) = bearer {
        return Ok((bearer.user.clone(), bearer.preferences.clone()));
    }
    let scope = caller.scope;
    let user = accounts::find_user(&state.db, scope, scope.user_id).await?;
    let preferences = accounts::preferences(&state.db, scope).await?;
    Ok((user, preferences))
}

/// The handlers both versions share but for their `Me` (the calling module's).
macro_rules! me_routes {
    () => {
        /// Your account.
        #[utoipa::path(get, path = "/me", tag = "me", responses((status = 200, body = Data<Me>), ReadRefusals))]
        pub async fn show(
            State(state): State<AppState>,
            caller: Caller,
            bearer: Option<Extension<Arc<Bearer>>>,
        ) -> Result<Json<Data<Me>>, ApiError> {
            Ok(Json(Data::of(read(&state, caller, bearer).await?)))
        }

        /// Changes your profile and preferences; what is left out stays.
        #[utoipa::path(patch, path = "/me", tag = "me", request_body = MeChanges, responses((status = 200, body = Data<Me>), WriteRefusals))]
        pub async fn update(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Body(changes): Body<MeChanges>,
        ) -> Result<Json<Data<Me>>, ApiError> {
            Ok(Json(Data::of(change(&state, caller, changes).await?)))
        }
    };
}

pub mod v1 {
    use super::*;

    /// The caller's account.
    #[derive(Debug, Serialize, ToSchema)]
    #[schema(as = Me)]
    pub struct Me {
        pub id: i64,
        pub email: String,
        pub name: String,
        pub age: Option<u8>,
        pub role: RoleName,
        pub avatar_url: Option<String>,
        pub preferences: Preferences,
        pub inserted_at: DateTime<Utc>,
    }

    impl From<(User, Preferences)> for Me {
        fn from((user, preferences): (User, Preferences)) -> Self {
            Self {
                id: user.id,
                email: user.email,
                name: user.name,
                age: user.age,
                role: user.role.into(),
                avatar_url: user.avatar_url,
                preferences,
                inserted_at: user.inserted_at,
            }
        }
    }

    me_routes!();
}

pub mod v2 {
    use super::*;

    /// The caller's account (v2: `created_at` where v1 said `inserted_at`).
    #[derive(Debug, Serialize, ToSchema)]
    #[schema(as = Me)]
    pub struct Me {
        pub id: i64,
        pub email: String,
        pub name: String,
        pub age: Option<u8>,
        pub role: RoleName,
        pub avatar_url: Option<String>,
        pub preferences: Preferences,
        pub created_at: DateTime<Utc>,
    }

    impl From<(User, Preferences)> for Me {
        fn from((user, preferences): (User, Preferences)) -> Self {
            Self {
                id: user.id,
                email: user.email,
                name: user.name,
                age: user.age,
                role: user.role.into(),
                avatar_url: user.avatar_url,
                preferences,
                created_at: user.inserted_at,
            }
        }
    }

    me_routes!();
}
