//! The chat's plain HTTP posts: creating a room works from a form, without JavaScript.

use app::{
    auth::CurrentUser,
    chat::{NewRoomAttempt, ssr::create_room as create},
};
use axum::{
    Extension, Form, Router, extract::State, http::request::Parts, response::Response,
    routing::post,
};
use serde::Deserialize;

use super::accounts::{see_other, show_refusal, to_sign_in, with_limit_headers};
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

/// Creates the room and goes to it; a refused name shows `/chat` again with what was typed.
async fn create_room(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    parts: Parts,
    Form(form): Form<NewRoom>,
) -> Response {
    let Some(Extension(user)) = user else {
        return to_sign_in("/chat");
    };
    let private = form.private.is_some_and(|value| value != "false");
    let pubsub = &state.pubsub;
    match create(&state.db, pubsub, &state.limits, &user, &form.name, private).await {
        Ok((id, allowed)) => {
            let mut response = see_other(&format!("/chat/{id}"), []);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            show_refusal(&state, "/chat", parts, error, "name", |errors| {
                NewRoomAttempt {
                    name: form.name,
                    private,
                    errors,
                }
            })
            .await
        }
    }
}
