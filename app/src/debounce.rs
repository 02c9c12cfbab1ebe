//! Debouncing (cookbook recipe 16) for the browser: a value that follows another once it has
//! stopped changing for a while, so a check against the server runs once per pause, not once
//! per keystroke.

use std::time::Duration;

use leptos::prelude::*;

/// Follows `source` after it has been still for `delay`. On the server it simply holds the
/// initial value: nothing runs there to change it, and the browser-only timer it keeps (a
/// thread-bound value) is never made — a page rendered under `Suspense` is created and
/// dropped on different threads, and dropping one there panics.
pub fn debounced<T>(source: Signal<T>, delay: Duration) -> ReadSignal<T>
where
    T: Clone + Send + Sync + 'static,
{
    let (settled, set_settled) = signal(source.get_untracked());
    #[cfg(feature = "hydrate")]
    {
        let pending = StoredValue::new_local(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let value = source.get();
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let handle = set_timeout_with_handle(move || set_settled.set(value), delay).ok();
            pending.set_value(handle);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_settled, delay);
    settled
}
