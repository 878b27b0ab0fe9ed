/* Forms that survive a weak signal (issue 13, point 2; docs/decisions/0032).
   - form[data-draft]: what is typed is kept on the phone (localStorage) and put back after a reload or a crash.
   - form[data-offline-queue]: a form sent without signal is kept in a queue on the phone and sent, with the
     same fields (its client_token included, so the server creates it once), as soon as the signal returns.
   - the service worker is registered (the app shell and static files open without signal).
   Every text comes from data-msg-* attributes of #offline-status (translated in the template). No inline code. */
(function () {
  "use strict";
  var root = document.getElementById("offline-status");
  if (!root || !window.localStorage) { return; }
  var USER = root.dataset.user || "";
  var QUEUE_KEY = "rembug.queue.v1";
  var DRAFT_PREFIX = "rembug.draft.v1:" + USER + ":";

  function text(key, vars) {
    var name = "msg" + key.charAt(0).toUpperCase() + key.slice(1);
    var out = root.dataset[name] || "";
    Object.keys(vars || {}).forEach(function (k) { out = out.split("{" + k + "}").join(String(vars[k])); });
    return out;
  }

  /* Show a message (with an optional link or button) in a status region: the page's, or a form's own. */
  function say(region, message, action) {
    region = region || root;
    region.textContent = "";
    if (!message) { return; }
    var p = document.createElement("p");
    p.className = "message";
    p.textContent = message;
    if (action) {
      p.appendChild(document.createTextNode(" "));
      var el;
      if (action.href) {
        el = document.createElement("a");
        el.href = action.href;
      } else {
        el = document.createElement("button");
        el.type = "button";
        el.className = "link-button";
        el.addEventListener("click", action.onClick);
      }
      el.textContent = action.label;
      p.appendChild(el);
    }
    region.appendChild(p);
  }

  function formRegion(form) { return form.querySelector("[data-form-status]") || root; }

  // --- reading and writing a form's fields, whatever fields it has ------------------------------------------
  function fieldsOf(form) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") { return; }
      if (["file", "submit", "button", "reset", "image"].indexOf(el.type) !== -1) { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { out.push([el.name, o.value]); });
        return;
      }
      out.push([el.name, el.value]);
    });
    return out;
  }

  function fill(form, fields) {
    var values = {};
    fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || el.name === "csrfmiddlewaretoken" || el.type === "file") { return; }
      var list = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = list.indexOf(o.value) !== -1; });
      } else {
        var i = seen[el.name] || 0;
        if (i < list.length) { el.value = list[i]; }
        seen[el.name] = i + 1;
      }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function read(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  // --- drafts ------------------------------------------------------------------------------------------------
  function draftKey(form) {
    return DRAFT_PREFIX + location.pathname + (form.dataset.draft ? "#" + form.dataset.draft : "");
  }

  function saveDraft(form, extra) {
    if (!USER || (form.dataset.done && !extra)) { return; }  // a late timer must not bring back a sent form
    var draft = { fields: fieldsOf(form), savedAt: Date.now(), submitted: false };
    Object.keys(extra || {}).forEach(function (k) { draft[k] = extra[k]; });
    write(draftKey(form), draft);
  }

  function setupDraft(form) {
    var key = draftKey(form);
    var draft = read(key, null);
    var dirty = false;
    var hasErrors = form.querySelector(".has-error, .form-errors, [aria-invalid='true']");
    // A hidden input's value is its default too, so form.reset() cannot bring back the fresh client token.
    var hidden = Array.prototype.map.call(form.querySelectorAll("input[type='hidden']"), function (el) {
      return [el, el.value];
    });
    if (draft && !hasErrors) {
      if (draft.submitted) {
        localStorage.removeItem(key);  // it went to the server; this is a fresh form
      } else if (draft.fields && draft.fields.length) {
        fill(form, draft.fields);
        say(formRegion(form) === root ? root : formRegion(form), text("draftRestored"), {
          label: text("draftDiscard"),
          onClick: function () {
            localStorage.removeItem(key);
            form.reset();  // back to what the server sent: empty fields and a fresh client token
            hidden.forEach(function (pair) { pair[0].value = pair[1]; });
            dirty = false;
            say(formRegion(form), "");
            var first = form.querySelector("input:not([type='hidden']), textarea, select");
            if (first) { first.focus(); }
          }
        });
      }
    }
    var timer = null;
    function later() { dirty = true; clearTimeout(timer); timer = setTimeout(function () { saveDraft(form); }, 400); }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("click", function () { dirty = true; });  // a map tap fills fields without events
    function leaving() { if (dirty && !form.dataset.done) { saveDraft(form); } }
    window.addEventListener("pagehide", leaving);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { leaving(); }
    });
  }

  /* The server has the form: the draft is no longer needed. */
  function dropDraft(form) {
    form.dataset.done = "1";
    localStorage.removeItem(draftKey(form));
  }

  // --- the queue of forms sent without signal ----------------------------------------------------------------
  function queue() { return read(QUEUE_KEY, []); }
  function mine(entry) { return entry.user === USER; }

  function enqueue(form) {
    var entry = {
      id: Date.now().toString(36) + Math.random().toString(36).slice(2),
      user: USER,
      url: form.action || location.href,
      formUrl: location.pathname,
      draftKey: draftKey(form),
      fields: fieldsOf(form),
      at: Date.now()
    };
    var list = queue();
    list.push(entry);
    if (!write(QUEUE_KEY, list)) { return false; }
    localStorage.removeItem(entry.draftKey);  // it is in the queue now; an error sends it back as a draft
    var photos = form.querySelector("input[type='file']");
    var message = text("queued");
    if (photos && photos.files && photos.files.length) { message += " " + text("noPhotosOffline"); }
    // Ready for the next one without signal (another attendee, another proposal): empty, with its own token.
    var hidden = Array.prototype.map.call(form.querySelectorAll("input[type='hidden']"), function (el) {
      return [el, el.value];
    });
    form.reset();
    hidden.forEach(function (pair) { pair[0].value = pair[0].name === "client_token" ? uuid4() : pair[1]; });
    say(formRegion(form), message);
    if (formRegion(form) !== root) { say(root, message); }
    return true;
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function currentToken() {
    var input = document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function remove(id) {
    write(QUEUE_KEY, queue().filter(function (e) { return e.id !== id; }));
  }

  /* Send one queued form. Resolves "sent" (with where to look), "rejected", "signed-out" or "offline". */
  function send(entry) {
    var body = new FormData();
    var token = currentToken();
    entry.fields.forEach(function (pair) {
      body.append(pair[0], pair[0] === "csrfmiddlewaretoken" && token ? token : pair[1]);
    });
    if (token && !body.has("csrfmiddlewaretoken")) { body.append("csrfmiddlewaretoken", token); }
    return fetch(entry.url, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Rembug-Async": "1" }
    }).then(function (response) {
      var landed = new URL(response.url, location.href);
      if (response.redirected && landed.pathname === root.dataset.login) { return { state: "signed-out" }; }
      var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
      if (json) {
        return response.json().then(function (data) {
          return response.ok && data.ok ? { state: "sent", url: data.url } : { state: "rejected" };
        });
      }
      if (response.ok && response.redirected) { return { state: "sent", url: landed.pathname + landed.search }; }
      return { state: "rejected" };  // the form came back with its errors, or the server refused it
    }, function () { return { state: "offline" }; });
  }

  var flushing = false;
  function flushNow() {
    var pending = queue().filter(mine);
    if (!pending.length || !navigator.onLine) { return Promise.resolve(); }
    say(root, text("sending"));
    var last = null;
    function next(i) {
      if (i >= pending.length) { return Promise.resolve(); }
      var entry = pending[i];
      if (!queue().some(function (e) { return e.id === entry.id; })) { return next(i + 1); }  // another tab sent it
      return send(entry).then(function (result) {
        last = result;
        if (result.state === "sent") {
          remove(entry.id);
          localStorage.removeItem(entry.draftKey);
          return next(i + 1);
        }
        if (result.state === "rejected") {
          remove(entry.id);
          write(entry.draftKey, { fields: entry.fields, savedAt: entry.at, submitted: false });
          say(root, text("rejected"), { href: entry.formUrl, label: text("openForm") });
          return null;
        }
        if (result.state === "signed-out") { say(root, text("signIn")); }
        else { say(root, text("queuedCount", { n: queue().filter(mine).length })); }
        return null;
      });
    }
    return next(0).then(function () {
      if (last && last.state === "sent" && !queue().filter(mine).length) {
        say(root, text("sent"), last.url ? { href: last.url, label: text("open") } : null);
      }
    });
  }

  /* One sender at a time, across tabs too (Web Locks where the browser has them): a form is sent once. */
  function flush() {
    if (flushing || !USER) { return; }
    flushing = true;
    var run = navigator.locks ? navigator.locks.request("rembug-queue", flushNow) : flushNow();
    Promise.resolve(run).then(function () { flushing = false; }, function () { flushing = false; });
  }

  function setupQueue(form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      if (form.dataset.sending) { event.preventDefault(); return; }
      if (!navigator.onLine) {
        event.preventDefault();
        enqueue(form);
        return;
      }
      if (form.hasAttribute("data-async-photos") && window.RembugPhotos && window.fetch) {
        event.preventDefault();
        window.RembugPhotos.submit(form, {
          say: function (message, action) { say(formRegion(form), message, action); },
          text: text,
          saved: function () { dropDraft(form); },
          offline: function () { enqueue(form); }
        });
        return;
      }
      saveDraft(form, { submitted: true });
      form.dataset.done = "1";
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), setupDraft);
  Array.prototype.forEach.call(document.querySelectorAll("form[data-offline-queue]"), setupQueue);
  window.RembugOffline = { say: say, text: text, flush: flush };

  if (!USER) {
    // Signed out (perhaps a shared phone): pages kept for offline use belong to the person who left.
    if (window.caches) { caches.delete("rembug-pages"); }
  } else if (queue().filter(mine).length) {
    if (navigator.onLine) { flush(); } else { say(root, text("queuedCount", { n: queue().filter(mine).length })); }
  }
  window.addEventListener("online", flush);
  setInterval(function () { if (navigator.onLine && queue().filter(mine).length) { flush(); } }, 30000);

  if ("serviceWorker" in navigator && root.dataset.sw) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/" }).catch(function () { return null; });
  }
}());
