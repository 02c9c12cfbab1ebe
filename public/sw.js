// The Commons service worker.
//
// The server writes this build's id below (see server/src/routes/assets.rs). Any change to the
// bundle changes the id, so the browser installs a new worker, which drops the old build's cache.
// Online, everything comes from the network, so a new deploy never meets stale JS or WASM; the
// cache only answers when the network is gone, and navigations then get the offline page, in
// the language of the last page the worker saw (its Content-Language).
const BUILD = "__BUILD_ID__";
const CACHE = `commons-${BUILD}`;
const LANGUAGES = ["en", "id", "es", "fr"];
const OFFLINE_PAGES = LANGUAGES.map((code) => `/offline/${code}`);
// Where the last page's language is kept: a worker's variables do not outlive it.
const LAST_LANGUAGE = "/offline/last-language";
// The pages load the bundle under this build's id; the offline pages link the plain names.
const SHELL = [
  ...OFFLINE_PAGES,
  "/pkg/main.css",
  `/pkg/${BUILD}/main.css`,
  `/pkg/${BUILD}/app.js`,
  `/pkg/${BUILD}/app_bg.wasm`,
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("commons-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(
        (response) => {
          event.waitUntil(keepLanguage(response.headers.get("Content-Language")));
          return response;
        },
        () => offlinePage(),
      ),
    );
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(url.pathname, { cacheName: CACHE }).then((cached) => cached || Response.error()),
      ),
    );
  }
});

async function keepLanguage(code) {
  if (!LANGUAGES.includes(code)) return;
  const cache = await caches.open(CACHE);
  await cache.put(LAST_LANGUAGE, new Response(code));
}

async function offlinePage() {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(LAST_LANGUAGE);
  const code = kept ? await kept.text() : "en";
  const page = await cache.match(`/offline/${LANGUAGES.includes(code) ? code : "en"}`);
  return page || Response.error();
}
