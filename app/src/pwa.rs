//! Installs the service worker that makes the app work as a PWA (browser only).

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{JsFuture, spawn_local};

/// Registers `/sw.js` where the browser offers service workers (secure contexts only); a
/// failure is logged, never fatal: the app works without it.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let offered =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !offered {
        return;
    }
    let registration = navigator.service_worker().register("/sw.js");
    spawn_local(async move {
        if let Err(error) = JsFuture::from(registration).await {
            web_sys::console::warn_2(&JsValue::from_str("service worker not registered:"), &error);
        }
    });
}
