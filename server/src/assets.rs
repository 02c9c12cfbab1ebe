//! The browser bundle and the PWA shell as the node finds them at start-up: where the bundle
//! is, and the service worker stamped with this build's id.
//!
//! The service worker is served from a template with this build's id written in, so its bytes
//! (and therefore its cache name) change whenever the bundle does: browsers install the new
//! worker, which drops the old cache, and a deploy never serves stale JS or WASM.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::settings::AssetSettings;

/// The bundle files the build id covers, relative to `<site_root>/pkg`.
const BUNDLE: [&str; 3] = ["app.js", "app_bg.wasm", "main.css"];
/// The public files the build id covers, relative to the public dir.
const SHELL: [&str; 2] = ["sw.js", "manifest.webmanifest"];
const BUILD_ID_PLACEHOLDER: &str = "__BUILD_ID__";

/// Loaded once at start-up.
#[derive(Debug)]
pub struct Assets {
    pub build_id: String,
    /// The service worker, with the build id written in.
    pub service_worker: String,
    pkg_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error("could not read the service worker template {0}")]
    ServiceWorker(String, #[source] std::io::Error),
}

impl Assets {
    pub async fn load(settings: &AssetSettings) -> Result<Self, AssetsError> {
        let pkg_dir = settings.site_root.join("pkg");
        let template_path = settings.public_dir.join("sw.js");
        let template = tokio::fs::read_to_string(&template_path)
            .await
            .map_err(|e| AssetsError::ServiceWorker(template_path.display().to_string(), e))?;

        let files = BUNDLE
            .iter()
            .map(|name| pkg_dir.join(name))
            .chain(SHELL.iter().map(|name| settings.public_dir.join(name)));
        let mut hasher = Sha256::new();
        for file in files {
            match tokio::fs::read(&file).await {
                Ok(bytes) => {
                    hasher.update(
                        file.file_name()
                            .map(|n| n.as_encoded_bytes())
                            .unwrap_or_default(),
                    );
                    hasher.update(bytes);
                }
                Err(_) => tracing::warn!(
                    file = %file.display(),
                    "missing from the browser bundle: pages render but will not hydrate (scripts/run builds it)"
                ),
            }
        }
        // The offline pages are made from the translations, which the binary carries.
        for language in model::locale::Locale::ALL {
            hasher.update(crate::routes::offline::page(language));
        }
        let build_id: String = hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let service_worker = template.replace(BUILD_ID_PLACEHOLDER, &build_id);
        Ok(Self {
            build_id,
            service_worker,
            pkg_dir,
        })
    }

    pub fn pkg_dir(&self) -> &Path {
        &self.pkg_dir
    }

    /// Where pages load this build's bundle from, without the leading slash: `pkg/<build id>`.
    /// The id is a hash of the bundle, so what is behind the path never changes.
    pub fn pkg_path(&self) -> String {
        format!("pkg/{}", self.build_id)
    }
}
