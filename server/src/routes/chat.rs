//! The chat's plain HTTP posts: creating a room works from a form, without JavaScript.

use app::{AppError, auth::CurrentUser};
use axum::{
    Extension, Form, Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::post,
};
use domain::chat;
use model::{accounts::FieldErrors, chat::RoomName};
use serde::Deserialize;

use super::accounts::{see_other, to_sign_in};
use crate::startup::AppState;

pub fn add_routes(router: Router<AppState>) -> Router<AppState> {
    router.route("/chat/rooms", post(create_room))
}

#[derive(Deserialize)]
struct NewRoom {
    name: String,
    /// A checkbox: present (any value but "false") when ticked.
    #[serde(default)]
    private: Option<String>,
}

async fn create_room(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Form(form): Form<NewRoom>,
) -> Response {
    let Some(Extension(user)) = user else {
        return to_sign_in("/chat");
    };
    let name = match RoomName::parse(&form.name) {
        Ok(name) => name,
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.insert("name", error);
            return AppError::Invalid(errors).into_response();
        }
    };
    let private = form.private.is_some_and(|value| value != "false");
    let scope = user.scope();
    match chat::create_room(&state.db, &state.realtime.pubsub, scope, name, private).await {
        Ok(room) => see_other(&format!("/chat/{}", room.id), []),
        Err(error) => AppError::from(error).into_response(),
    }
}
