//! The chat's plain HTTP posts: creating a room works from a form, without JavaScript.

use app::{
    auth::ssr::respond::see_other,
    chat::{NewRoomAttempt, ssr::create_room as create},
};
use axum::{Form, extract::State, http::request::Parts, response::Response};
use serde::Deserialize;

use super::accounts::{show_refusal, with_limit_headers};
use crate::{http::extract::SignedInPage, state::AppState};

#[derive(Deserialize)]
pub(super) struct NewRoom {
    name: String,
    /// A checkbox: present (any value but "false") when ticked.
    #[serde(default)]
    private: Option<String>,
}

/// Creates the room and goes to it; a refused name shows `/chat` again with what was typed.
pub(super) async fn create_room(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    parts: Parts,
    Form(form): Form<NewRoom>,
) -> Response {
    let private = form.private.is_some_and(|value| value != "false");
    match create(&state.chat, &state.limits, &user, &form.name, private).await {
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
