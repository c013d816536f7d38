/* Familjeguiden: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";

  var store = null;
  try { store = window.sessionStorage; } catch (e) { /* storage may be blocked */ }
  var LEAVING = "fg-lamnar", ENTRIES = "fg-sidor", REPLACING = "fg-ersatter", LEAVE_FOR_MS = 10 * 60 * 1000;

  function get(key) { try { return store ? store.getItem(key) : null; } catch (e) { return null; } }
  function set(key, value) { try { if (store) { store.setItem(key, value); } } catch (e) { /* ignore */ } }

  /* Quick exit. A visit should leave as few traces in this tab's history as a
     browser allows: links and search forms inside the site replace the current
     history entry instead of adding one, so Back does not step through the
     guide. Pages that still add an entry (after sending a form) are counted;
     on quick exit the tab first goes back to the first page of the visit, and
     that page replaces itself with the neutral site. What a browser cannot
     hide (its history list, open tabs) is explained on /om/surfa-sakert. */
  function leavingFor() {
    var raw = get(LEAVING);
    if (!raw) { return null; }
    var parts = raw.split(" ");
    return Date.now() - parseInt(parts[0], 10) < LEAVE_FOR_MS ? parts[1] : null;
  }

  function leave(url) {
    var entries = parseInt(get(ENTRIES) || "1", 10);
    set(LEAVING, Date.now() + " " + url);
    if (entries > 1 && window.history.length > 1) {
      window.history.go(-(entries - 1));
      /* If the browser does not go back (or the page is cached), leave from here. */
      window.setTimeout(function () { window.location.replace(url); }, 400);
    } else {
      window.location.replace(url);
    }
  }

  var pending = leavingFor();
  if (pending) {
    window.location.replace(pending);
    return;
  }
  window.addEventListener("pageshow", function (event) {
    var url = leavingFor();
    if (event.persisted && url) { window.location.replace(url); }
  });

  if (get(REPLACING)) {
    try { store.removeItem(REPLACING); } catch (e) { /* ignore */ }
  } else if (!(window.history.state && window.history.state.fg)) {
    set(ENTRIES, String(parseInt(get(ENTRIES) || "0", 10) + 1));
  }
  try { window.history.replaceState({ fg: 1 }, ""); } catch (e) { /* ignore */ }

  function go(url) {
    set(REPLACING, "1");
    window.location.replace(url);
  }

  function sameSite(url) {
    return url.origin === window.location.origin;
  }

  var quiet = document.body && document.body.hasAttribute("data-quiet-history");

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) { return; }
    if (link.hasAttribute("data-quick-exit")) {
      event.preventDefault();
      leave(link.href);
      return;
    }
    if (!quiet || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey || link.target || link.hasAttribute("download")) { return; }
    var url = new URL(link.href, window.location.href);
    if (!sameSite(url) || url.protocol.indexOf("http") !== 0) { return; }
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) { return; }
    event.preventDefault();
    go(url.href);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!quiet || event.defaultPrevented || (form.method || "get").toLowerCase() !== "get") { return; }
    var url = new URL(form.action || window.location.href, window.location.href);
    if (!sameSite(url)) { return; }
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form)).toString();
    go(url.href);
  });

  /* Pressing Escape twice quickly also leaves the site, but never while someone
     is typing in a field: a half-written question must not be thrown away. */
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) { return; }
    var now = Date.now();
    if (now - lastEscape < 800) {
      var link = document.querySelector("[data-quick-exit]");
      if (link) { leave(link.href); }
    }
    lastEscape = now;
  });

  /* Copy buttons (hidden without JavaScript): copy the case code, words and link. */
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    var status = button.parentNode.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || "Kopierat."; }
      }, function () {
        if (status) { status.textContent = button.getAttribute("data-copy-failed") || "Det gick inte att kopiera. Skriv av uppgifterna i stället."; }
      });
    });
  });

  /* Character counters for textareas with data-counter. */
  document.querySelectorAll("textarea[maxlength][data-counter]").forEach(function (area) {
    var output = document.getElementById(area.getAttribute("data-counter"));
    if (!output) { return; }
    var max = parseInt(area.getAttribute("maxlength"), 10);
    var template = output.getAttribute("data-template") || "%d tecken kvar";
    function update() { output.textContent = template.replace("%d", String(max - area.value.length)); }
    area.addEventListener("input", update);
    update();
  });

  /* Move focus to an error summary so screen readers announce it. Its links
     focus the field and scroll its question (label or legend) and error
     message into view too: the browser alone would put the bare input at
     the top of the window, with the question above it out of sight. */
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      var field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
      if (!field) { return; }
      event.preventDefault();
      (field.closest("fieldset") || field.closest(".field") || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
})();
