//! `/users`: admins list everyone, look one up, change a role, delete an account. An admin
//! never changes or deletes their own account here (409): another admin must.

use axum::{Json, extract::State, http::StatusCode};
use chrono::{DateTime, Utc};
use domain::accounts::{self, User as DomainUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use model::accounts::UsersReport;

use super::me::RoleName;
use crate::{
    api::{
        caller::AdminCaller,
        input::{Body, Ids, Params},
        paging::{CursorParams, Cursored, Data, PageParams, Paged},
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
    },
    state::AppState,
};

/// A new role for an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: RoleName,
}

async fn change_role(
    state: &AppState,
    admin: AdminCaller,
    id: i64,
    change: RoleChange,
) -> Result<DomainUser, ApiError> {
    Ok(accounts::set_role(&state.db, admin.0.scope, id, change.role.into()).await?)
}

async fn delete(state: &AppState, admin: AdminCaller, id: i64) -> Result<StatusCode, ApiError> {
    accounts::delete_user(&state.db, &state.pubsub, &state.uploads, admin.0.scope, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accounts by role and sign-ups by month (admins).
#[utoipa::path(get, path = "/users/report", tag = "users",
    responses((status = 200, body = Data<UsersReport>), ReadRefusals))]
pub async fn report(
    State(state): State<AppState>,
    AdminCaller(caller): AdminCaller,
) -> Result<Json<Data<UsersReport>>, ApiError> {
    Ok(Json(Data {
        data: accounts::users_report(&state.db, caller.scope).await?,
    }))
}

/// The handlers both versions share but for the user's shape.
macro_rules! user_routes {
    () => {
        /// One account (admins).
        #[utoipa::path(get, path = "/users/{id}", tag = "users",
                            params(("id" = i64, Path, description = "The account's id")),
                            responses((status = 200, body = Data<User>), ReadRefusals))]
        pub async fn show(
            State(state): State<AppState>,
            AdminCaller(caller): AdminCaller,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<User>>, ApiError> {
            Ok(Json(Data::of(
                accounts::find_user(&state.db, caller.scope, id).await?,
            )))
        }

        /// Changes another account's role (admins).
        #[utoipa::path(patch, path = "/users/{id}", tag = "users", request_body = RoleChange,
                            params(("id" = i64, Path, description = "The account's id")),
                            responses((status = 200, body = Data<User>), WriteRefusals))]
        pub async fn update(
            State(state): State<AppState>,
            admin: AdminCaller,
            Ids(id): Ids<i64>,
            Body(change): Body<RoleChange>,
        ) -> Result<Json<Data<User>>, ApiError> {
            Ok(Json(Data::of(
                super::change_role(&state, admin, id, change).await?,
            )))
        }

        /// Deletes another account and everything that is theirs (admins); their sockets close.
        #[utoipa::path(delete, path = "/users/{id}", tag = "users",
                            params(("id" = i64, Path, description = "The account's id")),
                            responses((status = 204, description = "Deleted"), WriteRefusals))]
        pub async fn delete(
            State(state): State<AppState>,
            admin: AdminCaller,
            Ids(id): Ids<i64>,
        ) -> Result<StatusCode, ApiError> {
            super::delete(&state, admin, id).await
        }
    };
}

pub mod v1 {
    use super::*;

    #[derive(Debug, Serialize, ToSchema)]
    pub struct User {
        pub id: i64,
        pub email: String,
        pub name: String,
        pub age: Option<u8>,
        pub role: RoleName,
        pub active: bool,
        pub inserted_at: DateTime<Utc>,
    }

    impl From<DomainUser> for User {
        fn from(user: DomainUser) -> Self {
            Self {
                id: user.id,
                email: user.email,
                name: user.name,
                age: user.age,
                role: user.role.into(),
                active: user.active,
                inserted_at: user.inserted_at,
            }
        }
    }

    user_routes!();

    /// Every account, in the order they were made (admins).
    #[utoipa::path(get, path = "/users", tag = "users", params(PageParams),
        responses((status = 200, body = Paged<User>), ReadRefusals))]
    pub async fn list(
        State(state): State<AppState>,
        AdminCaller(caller): AdminCaller,
        Params(params): Params<PageParams>,
    ) -> Result<Json<Paged<User>>, ApiError> {
        let page = params.page()?;
        let users = accounts::list_users(&state.db, caller.scope, page).await?;
        let total = accounts::count_users(&state.db, caller.scope).await?;
        Ok(Json(Paged {
            data: users.into_iter().map(User::from).collect(),
            total,
        }))
    }
}

pub mod v2 {
    use super::*;

    #[derive(Debug, Serialize, ToSchema)]
    pub struct User {
        pub id: i64,
        pub email: String,
        pub name: String,
        pub age: Option<u8>,
        pub role: RoleName,
        pub active: bool,
        pub created_at: DateTime<Utc>,
    }

    impl From<DomainUser> for User {
        fn from(user: DomainUser) -> Self {
            Self {
                id: user.id,
                email: user.email,
                name: user.name,
                age: user.age,
                role: user.role.into(),
                active: user.active,
                created_at: user.inserted_at,
            }
        }
    }

    user_routes!();

    /// Every account, in the order they were made (admins).
    #[utoipa::path(get, path = "/users", tag = "users", params(CursorParams),
        responses((status = 200, body = Cursored<User>), ReadRefusals))]
    pub async fn list(
        State(state): State<AppState>,
        AdminCaller(caller): AdminCaller,
        Params(params): Params<CursorParams>,
    ) -> Result<Json<Cursored<User>>, ApiError> {
        let page = params.page()?;
        let users = accounts::list_users(&state.db, caller.scope, page).await?;
        let users = users.into_iter().map(User::from).collect();
        Ok(Json(Cursored::new(users, page, |user: &User| user.id)))
    }
}
