/* Where focus goes when a page comes back from the server, and what is said (issue 13, point 5; decision 0033).
   - A refused form: focus goes to its error summary (includes/error_summary.html); each link there puts focus in
     its field, not only scrolls to it.
   - After an action that redirects to an element (#fokus-naik-12 after moving item 12 up, #id_name after adding
     an attendee): focus goes back there, so a keyboard or screen-reader user carries on where they were. A button
     that became disabled (the item reached the top) hands focus to the other button of its group.
   - The page's messages ("… kini di urutan 2") are repeated in a polite live region once the page has settled:
     a live region filled before the page loads is not announced.
   Loaded with defer from base.html; no inline code (CSP). */
(function () {
  "use strict";
  function focusable(el) {
    return el && !el.disabled && (el.tabIndex >= 0 || el.hasAttribute("tabindex"));
  }
  function focusFromHash() {
    // "#fokus-<id>" names an element without being its id: the browser's own jump to a fragment would clear
    // focus again when the element cannot take it (a disabled button), after this script ran.
    var id = decodeURIComponent(window.location.hash.slice(1)).replace(/^fokus-/, "");
    var target = id ? document.getElementById(id) : null;
    if (!target) { return false; }
    if (target.disabled) {
      var group = target.closest("[data-focus-group]");
      var others = group ? group.querySelectorAll("button:not([disabled]), a[href], [tabindex]") : [];
      target = others.length ? others[0] : target.closest("[tabindex]");
    }
    if (!focusable(target)) { return false; }
    target.focus();
    return true;
  }
  function announce() {
    var region = document.querySelector("[data-announcer]");
    var shown = document.querySelector(".messages");
    if (!region || !shown) { return; }
    var text = shown.textContent.replace(/\s+/g, " ").trim();
    window.setTimeout(function () { region.textContent = text; }, 250);
  }
  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var field = link ? document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1))) : null;
        if (!field) { return; }
        event.preventDefault();
        field.focus();
        var label = document.querySelector("label[for='" + field.id + "']");
        (label || field).scrollIntoView({ block: "center" });
      });
    } else {
      focusFromHash();
    }
    announce();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
