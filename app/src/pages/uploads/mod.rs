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
    uploads::list_uploads,
};
use files::StoredFiles;

/// The uploads page, for signed-in people.
#[component]
pub fn Uploads() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    view! {
        <Title text="Uploads" />
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

    view! {
        <section class="panel" aria-labelledby="uploads-title">
            <h1 id="uploads-title">"Uploads"</h1>
            <p class="muted">
                "Pictures and documents, each checked by its content, not only by its name. Yours only: nobody else can see them."
            </p>
            <Uploader rules=FILES action="/uploads" field="file" label="Choose files" on_uploaded />
        </section>
        <section class="panel" aria-labelledby="files-title">
            <h2 id="files-title" tabindex="-1">"Your files"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading your files…"</p> }>
                {move || Suspend::new(async move {
                    match uploads.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted files-empty">"No files yet: the ones you upload will be listed here."</p> }
                                .into_any()
                        }
                        Ok(list) => view! { <StoredFiles list on_deleted=reload /> }.into_any(),
                        Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}
