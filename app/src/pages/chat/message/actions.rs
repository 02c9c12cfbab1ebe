//! A message's actions behind one button: the reactions to give or take back, Edit and
//! Delete.

use leptos::{ev::KeyboardEvent, prelude::*};
use model::chat::{ChatMessage, Reaction};

use super::{actions_id, focus_actions};
use crate::{
    components::{TimeStyle, focus_later, local, now},
    i18n::{t, t_string, use_i18n},
    pages::chat::{
        state::{Ask, RoomState},
        words,
    },
};

/// The message's actions behind one button (a disclosure): the reactions to give or take back,
/// and for its author Edit and Delete (Delete for an admin too), Delete asking first. Escape
/// closes it and puts focus back on the button.
#[component]
pub(super) fn Actions(
    id: i64,
    author: String,
    at: chrono::DateTime<chrono::Utc>,
    mine: bool,
    state: RoomState,
    current: Memo<Option<ChatMessage>>,
) -> impl IntoView {
    let open = move || state.actions_open.get() == Some(id);
    let confirming = RwSignal::new(false);
    let panel_id = format!("message-{id}-panel");
    let close = move |refocus: bool| {
        state.actions_open.set(None);
        confirming.set(false);
        if refocus {
            focus_actions(id);
        }
    };
    let first_in_panel = format!("#{panel_id} button");
    let toggle = move |_| {
        if open() {
            close(false);
        } else {
            confirming.set(false);
            state.actions_open.set(Some(id));
            focus_later(first_in_panel.clone());
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            close(true);
        }
    };
    let is_mine = move |reaction: Reaction| {
        current.with(|message| {
            message.as_ref().is_some_and(|m| {
                m.reactions
                    .iter()
                    .any(|count| count.reaction == reaction && count.mine)
            })
        })
    };
    let may_delete = mine || state.admin;
    let i18n = use_i18n();
    let label = move || {
        let when = TimeStyle::Clock.words(i18n.get_locale(), local(at), local(now()).date());
        t_string!(
            i18n,
            chat.actions.label,
            author = author.clone(),
            when = when
        )
    };
    let panel = {
        let panel_id = panel_id.clone();
        move || {
            if !open() {
                return None;
            }
            let choices = if confirming.get() {
                view! {
                    <p class="confirm">{t!(i18n, chat.actions.confirm_delete)}</p>
                    <button
                        type="button"
                        class="small danger"
                        on:click=move |_| {
                            state.ask(Ask::Delete { message_id: id });
                            close(false);
                        }
                    >
                        {t!(i18n, chat.actions.delete)}
                    </button>
                    <button type="button" class="small secondary keep" on:click=move |_| close(true)>
                        {t!(i18n, chat.actions.keep)}
                    </button>
                }
                .into_any()
            } else {
                let reactions = Reaction::ALL
                    .into_iter()
                    .map(|reaction| {
                        view! {
                            <button
                                type="button"
                                class="reaction-choice"
                                aria-pressed=move || is_mine(reaction).to_string()
                                aria-label=move || {
                                    let name = words::reaction(i18n.get_locale(), reaction);
                                    t_string!(i18n, chat.actions.react_with, reaction = name)
                                }
                                on:click=move |_| {
                                    let on = !is_mine(reaction);
                                    state.ask(Ask::React { message_id: id, reaction, on });
                                    close(true);
                                }
                            >
                                {reaction.emoji()}
                            </button>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="reaction-choices" role="group" aria-label=move || t_string!(i18n, chat.actions.react)>
                        {reactions}
                    </div>
                    {mine
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="small secondary"
                                    on:click=move |_| {
                                        state.actions_open.set(None);
                                        state.change_error.set(None);
                                        state.editing.set(Some(id));
                                    }
                                >
                                    {t!(i18n, chat.actions.edit)}
                                </button>
                            }
                        })}
                    {may_delete
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="small secondary"
                                    on:click=move |_| {
                                        confirming.set(true);
                                        focus_later(format!("#message-{id}-panel .keep"));
                                    }
                                >
                                    {t!(i18n, chat.actions.delete_ask)}
                                </button>
                            }
                        })}
                }
                .into_any()
            };
            Some(view! {
                <div class="actions-panel" id=panel_id.clone() on:keydown=on_keydown>
                    {choices}
                </div>
            })
        }
    };
    view! {
        <div class="message-actions" class:open=open>
            <button
                type="button"
                class="actions-toggle"
                id=actions_id(id)
                aria-label=label
                aria-expanded=move || open().to_string()
                aria-controls=panel_id.clone()
                on:click=toggle
            >
                <span aria-hidden="true">"⋯"</span>
            </button>
            {panel}
        </div>
    }
}
