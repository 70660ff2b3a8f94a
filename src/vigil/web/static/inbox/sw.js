/* Service worker of the report page: the page and its files come from this cache when the
   network is gone. Reports are never cached here: they travel only by POST. */
"use strict";
const CACHE = "vigil-inbox-v1";
const ASSETS = [
  "/static/inbox/envelope.js",
  "/static/inbox/queue.js",
  "/static/inbox/app.js",
  "/static/inbox/inbox.css",
  "/static/inbox/icon-192.png",
];
const NETWORK_WAIT_MS = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function networkFirst(request) {
  /* A live answer when there is one (a revoked invitation shows so), else the cached page;
     a network that hangs, as under a shutdown, is given up after a few seconds. */
  const network = fetch(request).then(function (response) {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then(function (c) { c.put(request, copy); });
    }
    return response;
  });
  const timeout = new Promise(function (_, reject) {
    setTimeout(function () { reject(new Error("timeout")); }, NETWORK_WAIT_MS);
  });
  return Promise.race([network, timeout]).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || network;
    });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" || url.pathname.indexOf("/inbox/r/") === 0) {
    event.respondWith(networkFirst(request));
    return;
  }
  event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
});
