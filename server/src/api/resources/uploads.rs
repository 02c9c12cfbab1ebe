//! `/uploads`: one's stored files — list, what one is, delete. The files themselves go in
//! and out over the streamed routes (`POST /uploads?name=…` with a bearer token of the
//! `read write` scope; `GET /uploads/{id}`), which the documents name.

use axum::{Json, extract::State, http::StatusCode};
use model::uploads::UploadInfo;

use crate::{
    api::{
        caller::{Caller, Writer},
        input::Ids,
        paging::{Cursored, Data, Paged},
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
    },
    state::AppState,
};

async fn all(state: &AppState, caller: Caller) -> Result<Vec<UploadInfo>, ApiError> {
    let uploads = state.uploads.list(caller.scope).await?;
    Ok(uploads.into_iter().map(UploadInfo::from).collect())
}

macro_rules! upload_routes {
    () => {
        /// What one of your files is (download it from `/uploads/{id}`, outside the API).
        #[utoipa::path(get, path = "/uploads/{id}", tag = "uploads",
                            params(("id" = i64, Path, description = "The file's id")),
                            responses((status = 200, body = Data<UploadInfo>), ReadRefusals))]
        pub async fn show(
            State(state): State<AppState>,
            caller: Caller,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<UploadInfo>>, ApiError> {
            let upload = state.uploads.info(caller.scope, id).await?;
            Ok(Json(Data::of(upload)))
        }

        /// Deletes one of your files.
        #[utoipa::path(delete, path = "/uploads/{id}", tag = "uploads",
                            params(("id" = i64, Path, description = "The file's id")),
                            responses((status = 204, description = "Deleted"), WriteRefusals))]
        pub async fn delete(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<StatusCode, ApiError> {
            state.uploads.delete(caller.scope, id).await?;
            Ok(StatusCode::NO_CONTENT)
        }
    };
}

pub mod v1 {
    use super::*;

    upload_routes!();

    /// Your files, newest first.
    #[utoipa::path(get, path = "/uploads", tag = "uploads",
        responses((status = 200, body = Paged<UploadInfo>), ReadRefusals))]
    pub async fn list(
        State(state): State<AppState>,
        caller: Caller,
    ) -> Result<Json<Paged<UploadInfo>>, ApiError> {
        let data = all(&state, caller).await?;
        let total = i64::try_from(data.len()).unwrap_or(i64::MAX);
        Ok(Json(Paged { data, total }))
    }
}

pub mod v2 {
    use super::*;

    upload_routes!();

    /// Your files, newest first.
    #[utoipa::path(get, path = "/uploads", tag = "uploads",
        responses((status = 200, body = Cursored<UploadInfo>), ReadRefusals))]
    pub async fn list(
        State(state): State<AppState>,
        caller: Caller,
    ) -> Result<Json<Cursored<UploadInfo>>, ApiError> {
        Ok(Json(Cursored::whole(all(&state, caller).await?)))
    }
}
