// Service worker of the citizen page: keeps the shell for a quick start and shows the
// offline page when the network fails. Questions (/v1/) always go to the network.
"use strict";

const CACHE = "collectivia-chat-v2";
const OFFLINE = "/hors-ligne";
const SHELL = [
  "/",
  OFFLINE,
  "/static/app.css",
  "/theme.css",
  "/static/app.js",
  "/static/icon.svg",
  "/manifest.webmanifest",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/v1/")) return;
  if (request.mode === "navigate") {
    // Network first: pages stay fresh; the cached copy, then the offline page, otherwise.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(request).then((hit) => hit || caches.match(OFFLINE)),
      ),
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    // Stale while revalidate for the shell's assets.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((hit) => {
          const fresh = fetch(request)
            .then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            })
            .catch(() => hit);
          return hit || fresh;
        }),
      ),
    );
  }
});
