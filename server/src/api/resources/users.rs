//! `/users`: admins list everyone, look one up, change a role, delete an account. An admin
//! never changes or deletes their own account here (409): another admin must.

use axum::{Json, extract::State, http::StatusCode};
use chrono::{DateTime, Utc};
use domain::accounts::{self, User as DomainUser};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::me::RoleName;
use crate::{
    api::{
        caller::AdminCaller,
        input::{Body, Ids, Params},
        paging::{CursorParams, Cursored, Data, PageParams, Paged},
        problem::{ApiError, ReadRefusals, WriteRefusals},
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

/// One month's sign-ups, by role.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct MonthSignups {
    /// `YYYY-MM`, UTC.
    pub month: String,
    pub total: i64,
    pub admin: i64,
    pub user: i64,
}

/// Accounts by role, and sign-ups by month and role (recipe 3).
#[derive(Debug, Serialize, ToSchema)]
pub struct UsersReport {
    pub total: i64,
    pub admins: i64,
    pub users: i64,
    /// Oldest first.
    pub months: Vec<MonthSignups>,
}

impl UsersReport {
    /// Groups the database's counts by month (they come ordered by month), each month's by role.
    fn of(counts: Vec<accounts::Signups>) -> Self {
        let mut months: Vec<MonthSignups> = Vec::new();
        for count in counts {
            if months.last().is_none_or(|last| last.month != count.month) {
                months.push(MonthSignups {
                    month: count.month.clone(),
                    ..MonthSignups::default()
                });
            }
            let month = months.last_mut().expect("pushed above when missing");
            month.total += count.count;
            match count.role.as_str() {
                "admin" => month.admin += count.count,
                _ => month.user += count.count,
            }
        }
        Self {
            total: months.iter().map(|month| month.total).sum(),
            admins: months.iter().map(|month| month.admin).sum(),
            users: months.iter().map(|month| month.user).sum(),
            months,
        }
    }
}

/// Accounts by role and sign-ups by month (admins).
#[utoipa::path(get, path = "/users/report", tag = "users",
    responses((status = 200, body = Data<UsersReport>), ReadRefusals))]
pub async fn report(
    State(state): State<AppState>,
    AdminCaller(caller): AdminCaller,
) -> Result<Json<Data<UsersReport>>, ApiError> {
    let counts = accounts::signups_by_month_and_role(&state.db, caller.scope).await?;
    Ok(Json(Data {
        data: UsersReport::of(counts),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn count(month: &str, role: &str, count: i64) -> accounts::Signups {
        accounts::Signups {
            month: month.into(),
            role: role.into(),
            count,
        }
    }

    #[test]
    fn counts_group_into_months_with_each_role() {
        let report = UsersReport::of(vec![
            count("2026-11", "admin", 1),
            count("2026-11", "user", 4),
            count("2026-12", "user", 2),
        ]);
        assert_eq!((report.total, report.admins, report.users), (7, 1, 6));
        assert_eq!(report.months.len(), 2);
        assert_eq!((report.months[0].admin, report.months[0].user), (1, 4));
        assert_eq!(
            (report.months[1].month.as_str(), report.months[1].total),
            ("2026-12", 2)
        );
    }
}
