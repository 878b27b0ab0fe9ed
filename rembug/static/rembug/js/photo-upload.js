/* Photos that reach the server on slow data (issue 13, point 1; docs/decisions/0032).
   A phone photo of 3-8 MB is shrunk here first (long side 1600 px, JPEG 80 %: ~0.3-0.8 MB, and its EXIF with
   the GPS position is gone), then sent alone, after the proposal itself is saved, with a progress bar and
   retries; a file that still fails is named, with a button to send it again. Each file has its own id
   (client_upload), so a retry after a lost answer is stored once. Without this script the form sends its
   files as an ordinary multipart form. Texts: data-msg-* of #offline-status (offline.js). No inline code. */
(function () {
  "use strict";
  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var WAITS = [2000, 5000, 10000, 20000];  // between the attempts of one file
  var ids = new WeakMap();

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function idOf(file) {
    if (!ids.has(file)) { ids.set(file, uuid4()); }
    return ids.get(file);
  }

  /* A smaller JPEG of the photo, drawn upright (the browser applies the EXIF rotation); the file itself when it
     is not a photo the browser can draw (a PDF) or is small already. */
  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1024 * 1024) { bitmap.close(); return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";  // a transparent PNG becomes white, not black, as JPEG
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); }).then(function (blob) {
        if (!blob || blob.size >= file.size) { return file; }
        var name = (file.name || "foto").replace(/\.[^.]*$/, "") + ".jpg";
        return new File([blob], name, { type: "image/jpeg" });
      });
    }, function () { return file; });
  }

  function token(form) {
    var input = (form || document).querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  /* One attempt: resolves with the server's JSON; rejects {final: true, reason} when the server refused the file
     (retrying will not help), {final: false} when the connection failed. */
  function post(url, file, id, csrf, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("X-Rembug-Async", "1");
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.timeout = 180000;
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) { onProgress(e.loaded / e.total); } };
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
        if (xhr.status >= 200 && xhr.status < 300 && data.ok) { resolve(data); return; }
        if (xhr.status >= 400 && xhr.status < 500 && xhr.status !== 408) {
          var errors = data.errors ? Object.keys(data.errors).map(function (k) { return data.errors[k].join(" "); }) : [];
          reject({ final: true, reason: data.error || errors.join(" ") || String(xhr.status) });
          return;
        }
        reject({ final: false });
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { reject({ final: false }); };
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      body.append("client_upload", id);
      body.append("file", file, file.name || "foto.jpg");
      xhr.send(body);
    });
  }

  function wait(ms) {
    return new Promise(function (resolve) {
      var done = false;
      function go() { if (!done) { done = true; window.removeEventListener("online", go); resolve(); } }
      setTimeout(function () { if (navigator.onLine) { go(); } else { window.addEventListener("online", go); } }, ms);
    });
  }

  /* A row with the file's name, a progress bar and, once stored, its thumbnail. */
  function row(list, name) {
    var li = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", name);
    li.appendChild(label);
    li.appendChild(bar);
    list.appendChild(li);
    return { li: li, bar: bar };
  }

  function uploadOne(original, ui, url, csrf, api) {
    var name = original.name || "foto";
    var view = row(ui.list, name);
    api.say(api.text("shrinking", { name: name }));
    return shrink(original).then(function (file) {
      var attempt = 0;
      function tryOnce() {
        attempt += 1;
        api.say(api.text("uploading", { name: name }));
        return post(url, file, idOf(original), csrf, function (part) { view.bar.value = Math.round(part * 100); })
          .then(function (data) {
            view.bar.value = 100;
            if (data.thumb_url) {
              var img = document.createElement("img");
              img.src = data.thumb_url;
              img.alt = api.text("uploaded", { name: name });
              img.width = 80;
              view.li.appendChild(img);
            }
            api.say(api.text("uploaded", { name: name }));
            return { ok: true, name: name };
          }, function (error) {
            if (error.final) { return { ok: false, name: name, reason: error.reason, file: original }; }
            if (attempt > WAITS.length) { return { ok: false, name: name, file: original }; }
            api.say(api.text("retrying", { name: name, n: attempt + 1, max: WAITS.length + 1 }));
            return wait(WAITS[attempt - 1]).then(tryOnce);
          });
      }
      return tryOnce();
    });
  }

  /* Send files one after the other (a phone on 400 kbps gains nothing from parallel uploads). */
  function uploadAll(files, url, ui, csrf, api) {
    var results = [];
    return files.reduce(function (chain, file) {
      return chain.then(function () {
        return uploadOne(file, ui, url, csrf, api).then(function (r) { results.push(r); });
      });
    }, Promise.resolve()).then(function () { return results; });
  }

  function listFor(form) {
    var list = form.querySelector("[data-upload-list]");
    if (!list) {
      list = document.createElement("ul");
      list.className = "upload-list";
      list.setAttribute("data-upload-list", "");
      var status = form.querySelector("[data-form-status]");
      form.insertBefore(list, status || null);
    }
    list.textContent = "";
    return list;
  }

  /* After uploading: go on when all arrived; else name what did not, offer to send it again or go on without. */
  function finish(results, url, next, ui, csrf, api) {
    var failed = results.filter(function (r) { return !r.ok; });
    if (!failed.length) {
      api.say(api.text("allUploaded"));
      location.assign(next);
      return;
    }
    var reasons = failed.filter(function (r) { return r.reason; }).map(function (r) {
      return api.text("uploadRefused", { name: r.name, reason: r.reason });
    });
    var message = api.text("uploadFailed", { names: failed.map(function (r) { return r.name; }).join(", ") });
    api.say([message].concat(reasons).join(" "), {
      label: api.text("retry"),
      onClick: function () {
        ui.list.textContent = "";
        var again = failed.map(function (r) { return r.file; });
        uploadAll(again, url, ui, csrf, api).then(function (more) { finish(more, url, next, ui, csrf, api); });
      }
    });
    var link = document.createElement("a");
    link.href = next;
    link.className = "button secondary";
    link.textContent = api.text("openProposal");
    ui.list.parentNode.insertBefore(link, ui.list.nextSibling);
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".js-error, [data-error-summary]"), function (el) {
      el.remove();
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid='true']"), function (el) {
      el.removeAttribute("aria-invalid");
    });
  }

  /* The server's field errors beside their fields (as the page would show them), focus on the first. */
  function showErrors(form, errors, api) {
    clearErrors(form);
    var first = null;
    var loose = [];
    Object.keys(errors || {}).forEach(function (name) {
      var el = form.elements[name];
      if (el && el.length !== undefined && !el.tagName) { el = el[0]; }
      var box = el && el.type !== "hidden" ? el.closest(".field") : null;
      if (!box) { loose = loose.concat(errors[name]); return; }
      var p = document.createElement("p");
      p.className = "error js-error";
      p.id = (el.id || name) + "_jserror";
      p.textContent = errors[name].join(" ");
      box.appendChild(p);
      box.classList.add("has-error");
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", ((el.getAttribute("aria-describedby") || "") + " " + p.id).trim());
      first = first || el;
    });
    api.say([api.text("checkFields")].concat(loose).join(" "));
    summarize(form, errors, api);
  }

  /* The same error summary the server draws (includes/error_summary.html): it takes focus, links to each field,
     and the page title starts with "Kesalahan: " (issue 13, point 5), when the form was checked by the server
     behind the page's back. */
  function summarize(form, errors, api) {
    var box = document.createElement("div");
    box.className = "form-errors error-summary";
    box.id = "error-summary";
    box.tabIndex = -1;
    box.setAttribute("data-error-summary", "");
    var title = document.createElement("h2");
    title.className = "error-summary-title";
    title.textContent = api.text("summaryTitle");
    box.appendChild(title);
    var list = document.createElement("ul");
    Object.keys(errors || {}).forEach(function (name) {
      var el = form.elements[name];
      if (el && el.length !== undefined && !el.tagName) { el = el[0]; }
      var item = document.createElement("li");
      var label = el && el.id ? form.querySelector("label[for='" + el.id + "']") : null;
      var words = (label ? label.textContent.trim() + ": " : "") + errors[name].join(" ");
      if (el && el.id && el.type !== "hidden") {
        var link = document.createElement("a");
        link.href = "#" + el.id;
        link.textContent = words;
        item.appendChild(link);
      } else {
        item.textContent = words;
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    var token = form.querySelector("input[name='csrfmiddlewaretoken']");
    form.insertBefore(box, token ? token.nextSibling : form.firstChild);
    var prefix = api.text("errorTitle");
    if (prefix && document.title.indexOf(prefix) !== 0) { document.title = prefix + document.title; }
    box.focus();
  }

  function submit(form, api) {
    var input = form.querySelector("input[type='file']");
    var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
    var body = new FormData(form);
    if (input) { body.delete(input.name); }
    var button = form.querySelector("button[type='submit'], input[type='submit']");
    form.dataset.sending = "1";
    if (button) { button.disabled = true; }
    function done() { delete form.dataset.sending; if (button) { button.disabled = false; } }
    api.say(api.text("saving"));
    fetch(form.action || location.href, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Rembug-Async": "1" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: {} }; });
    }, function () { return null; }).then(function (answer) {
      if (answer === null) { done(); api.offline(); return; }  // no signal after all: keep it on the phone
      if (answer.status === 400 && answer.data.errors) { done(); showErrors(form, answer.data.errors, api); return; }
      if (!(answer.data && answer.data.ok)) { done(); api.say(answer.data.error || api.text("failed")); return; }
      api.saved();
      clearErrors(form);
      if (!files.length) { location.assign(answer.data.url); return; }
      var ui = { list: listFor(form) };
      uploadAll(files, answer.data.upload_url, ui, token(form), api).then(function (results) {
        finish(results, answer.data.upload_url, answer.data.url, ui, token(form), api);
      });
    });
  }

  /* The "add photos" form of a proposal's page: the same shrinking and sending, then the page again. */
  function setupAddForm(form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type='file']");
      if (!input || !input.files || !input.files.length || !window.fetch) { return; }
      event.preventDefault();
      var region = form.querySelector("[data-form-status]");
      var off = window.RembugOffline;
      var api = {
        text: off.text,
        say: function (message, action) { off.say(region, message, action); }
      };
      var url = form.dataset.uploadUrl;
      var ui = { list: listFor(form) };
      var files = Array.prototype.slice.call(input.files);
      uploadAll(files, url, ui, token(form), api).then(function (results) {
        finish(results, url, location.pathname, ui, token(form), api);
      });
    });
  }

  window.RembugPhotos = { submit: submit, shrink: shrink };
  Array.prototype.forEach.call(document.querySelectorAll("form[data-photo-upload]"), setupAddForm);
}());
