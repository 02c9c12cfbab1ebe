//! Writing a post (`/posts/new`) and editing one (`/posts/<id>/edit`): one form, checked as it
//! is typed by the rules the server applies (`model::board::PostForm`), posted without
//! JavaScript; a refusal comes back with what was typed.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{components::Redirect, hooks::use_params_map};
use model::board::{PostBody, PostForm, PostState};

use crate::{
    AppError,
    auth::{Viewer, sign_in_path},
    board::{PostAttempt, open_post},
    components::{Field, textarea_text},
    i18n::{t, t_string, use_i18n},
    pages::NotFound,
    refusals::{failure, say},
};

#[component]
pub fn NewPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    view! {
        <Title text=move || t_string!(i18n, board.new_title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/posts/new") /> }.into_any(),
            Some(_) => view! {
                <section class="panel narrow" aria-labelledby="post-form-title">
                    <h1 id="post-form-title">{t!(i18n, board.new_title)}</h1>
                    <PostEditor action="/posts".to_owned() form=PostForm::default() published=false />
                </section>
            }.into_any(),
        }}
    }
}

#[component]
pub fn EditPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let post = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => open_post(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    if user.is_none() {
        let back = id
            .get_untracked()
            .map_or("/posts".to_owned(), |id| format!("/posts/{id}/edit"));
        return view! { <Redirect path=sign_in_path(&back) /> }.into_any();
    }
    view! {
        <Title text=move || t_string!(i18n, board.edit_title) />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, board.loading)}</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(view) if view.may_manage => {
                        let post = view.detail.post;
                        let form = PostForm::of(
                            &post.title,
                            view.detail.markdown.as_deref().unwrap_or_default(),
                            &post.tags,
                        );
                        view! {
                            <section class="panel narrow" aria-labelledby="post-form-title">
                                <h1 id="post-form-title">{t!(i18n, board.edit_title)}</h1>
                                <PostEditor
                                    action=format!("/posts/{}", post.id)
                                    form
                                    published=post.state == PostState::Published
                                />
                            </section>
                        }.into_any()
                    }
                    Ok(_) => {
                        let words = failure(i18n.get_locale_untracked(), &AppError::Forbidden);
                        view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => {
                        let words = failure(i18n.get_locale_untracked(), &error);
                        view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// Title, Markdown body and tags, with Publish and Save as draft (or, for a published post,
/// Save and Back to draft).
#[component]
fn PostEditor(action: String, form: PostForm, published: bool) -> impl IntoView {
    let i18n = use_i18n();
    // Posted without JavaScript and refused: what was typed comes back with the errors.
    let attempt = SharedValue::new(use_context::<PostAttempt>).into_inner();
    let (form, refused) = match attempt {
        Some(attempt) => (attempt.form, attempt.errors),
        None => (form, Default::default()),
    };
    let title = RwSignal::new(form.title.clone());
    let body = RwSignal::new(form.body.clone());
    let tags = RwSignal::new(form.tags.clone());
    let touched_title = RwSignal::new(refused.get(PostForm::TITLE).is_some());
    let touched_tags = RwSignal::new(refused.get(PostForm::TAGS).is_some());
    let touched_body = RwSignal::new(refused.get(PostForm::BODY).is_some());
    let typed = Memo::new(move |_| PostForm {
        title: title.get(),
        body: body.get(),
        tags: tags.get(),
        publish: None,
    });
    let error = move |field: &'static str| {
        let refused = refused.get(field).cloned();
        Signal::derive(move || {
            let now = typed.with(|form| form.error_for(field));
            now.or_else(|| refused.clone())
                .map(|refusal| say(i18n.get_locale(), &refusal))
        })
    };
    let title_error = error(PostForm::TITLE);
    let tags_error = error(PostForm::TAGS);
    let body_error = error(PostForm::BODY);
    let body_shown = move || touched_body.get().then(|| body_error.get()).flatten();
    let initial_body = form.body;
    view! {
        <form class="form post-form" method="post" action=action novalidate>
            <Field
                label=move || t_string!(i18n, board.post_title)
                name="title"
                value=title
                touched=touched_title
                error=title_error
            />
            <div class="field" class:field-invalid=move || body_shown().is_some()>
                <label for="body">{t!(i18n, board.body)}</label>
                <textarea
                    id="body"
                    name="body"
                    rows="14"
                    maxlength=PostBody::MAX_CHARS.to_string()
                    aria-invalid=move || body_shown().is_some().to_string()
                    aria-describedby="body-hint body-error"
                    prop:value=body
                    on:input=move |ev| {
                        body.set(event_target_value(&ev));
                        touched_body.set(true);
                    }
                    on:blur=move |_| touched_body.set(true)
                >
                    {textarea_text(initial_body)}
                </textarea>
                <p class="field-hint" id="body-hint">{t!(i18n, board.markdown_hint)}</p>
                <p class="field-error" id="body-error" aria-live="polite">{body_shown}</p>
            </div>
            <Field
                label=move || t_string!(i18n, board.tags)
                name="tags"
                hint=move || t_string!(i18n, board.tags_hint)
                value=tags
                touched=touched_tags
                error=tags_error
            />
            <div class="form-actions">
                <button type="submit" name="publish" value="1">
                    {if published { t!(i18n, board.save).into_any() } else { t!(i18n, board.publish).into_any() }}
                </button>
                <button type="submit" class="secondary">
                    {if published { t!(i18n, board.unpublish).into_any() } else { t!(i18n, board.save_draft).into_any() }}
                </button>
            </div>
        </form>
    }
}
