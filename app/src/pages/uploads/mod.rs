//! `/uploads` (recipes 22 and 43): an uploader for the person's files, with live progress per
//! file, above the list of what they have stored. Signed out, it sends them to sign in and
//! back. Without JavaScript the uploader is a plain multipart form and each Delete a plain
//! form, which the server answers with a redirect back here.

mod files;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::Redirect;
use model::uploads::{FILES, UploadInfo};

use crate::{
    auth::{Viewer, sign_in_path},
    components::Uploader,
    i18n::{t, t_string, use_i18n},
    refusals::failure,
    uploads::list_uploads,
};
use files::StoredFiles;

/// The uploads page, for signed-in people.
#[component]
pub fn Uploads() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, uploads.title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/uploads") /> }.into_any(),
            Some(_) => view! { <UploadsPage /> }.into_any(),
        }}
    }
}

/// The uploader and the file list, which loads again whenever an upload finishes or a file is
/// deleted, so a new file shows at the top without a reload.
#[component]
fn UploadsPage() -> impl IntoView {
    let changed = RwSignal::new(0_u32);
    let uploads = Resource::new(move || changed.get(), |_| list_uploads());
    let reload = Callback::new(move |()| changed.update(|count| *count += 1));
    let on_uploaded = Callback::new(move |_: UploadInfo| reload.run(()));
    let i18n = use_i18n();

    view! {
        <section class="panel" aria-labelledby="uploads-title">
            <h1 id="uploads-title">{t!(i18n, uploads.title)}</h1>
            <p class="muted">{t!(i18n, uploads.lead)}</p>
            <Uploader
                rules=FILES
                action="/uploads"
                field="file"
                label=move || t_string!(i18n, uploads.choose_files)
                on_uploaded
            />
        </section>
        <section class="panel" aria-labelledby="files-title">
            <h2 id="files-title" tabindex="-1">{t!(i18n, uploads.your_files)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, uploads.loading)}</p> }>
                {move || Suspend::new(async move {
                    match uploads.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted files-empty">{t!(i18n, uploads.empty)}</p> }
                                .into_any()
                        }
                        Ok(list) => view! { <StoredFiles list on_deleted=reload /> }.into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}
