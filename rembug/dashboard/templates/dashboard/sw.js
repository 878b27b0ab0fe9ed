/* Rembug's service worker (decision 0032). Rendered by dashboard.views.service_worker; no inline code anywhere.
   Static files: from the cache at once, refreshed in the background. Pages: from the network; when there is no
   signal, the copy kept from the last visit, else the offline page. Form posts are never touched here: the
   page's own script (offline.js) queues them. */
"use strict";
var VERSION = "{{ version }}";
var SHELL = {{ shell_json|safe }};
var STATIC_PREFIX = {{ static_prefix_json|safe }};
var OFFLINE_URL = {{ offline_url_json|safe }};
var SHELL_CACHE = "rembug-shell-" + VERSION;
var PAGES_CACHE = "rembug-pages";
var MAX_PAGES = 30;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SHELL.concat([OFFLINE_URL])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("rembug-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "clear-pages") { event.waitUntil(caches.delete(PAGES_CACHE)); }
});

function keepPage(request, response) {
  if (!response.ok || response.type !== "basic") { return; }
  if ((response.headers.get("Cache-Control") || "").indexOf("no-store") !== -1) { return; }
  var copy = response.clone();
  caches.open(PAGES_CACHE).then(function (cache) {
    return cache.put(request, copy).then(function () { return cache.keys(); }).then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (k) { return cache.delete(k); }));
    });
  });
}

function fromStatic(event) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(event.request).then(function (hit) {
      var fresh = fetch(event.request).then(function (response) {
        if (response.ok) { cache.put(event.request, response.clone()); }
        return response;
      });
      if (hit) { event.waitUntil(fresh.catch(function () { return null; })); return hit; }
      return fresh;
    });
  });
}

function page(event) {
  return fetch(event.request).then(function (response) {
    keepPage(event.request, response);
    return response;
  }).catch(function () {
    return caches.match(event.request, { cacheName: PAGES_CACHE }).then(function (hit) {
      return hit || caches.match(OFFLINE_URL);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) { event.respondWith(fromStatic(event)); return; }
  if (request.mode === "navigate") { event.respondWith(page(event)); }
});
