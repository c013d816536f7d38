/* Familjeguiden: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";

  /* Quick exit: replace the current history entry so "back" does not return here. */
  function leave(url) {
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be blocked */ }
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (link) {
      event.preventDefault();
      leave(link.href);
    }
  });

  /* Pressing Escape twice quickly also leaves the site. */
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 800) {
      var link = document.querySelector("[data-quick-exit]");
      if (link) { leave(link.href); }
    }
    lastEscape = now;
  });

  /* Character counters for textareas with data-maxlength-counter. */
  document.querySelectorAll("textarea[maxlength][data-counter]").forEach(function (area) {
    var output = document.getElementById(area.getAttribute("data-counter"));
    if (!output) { return; }
    var max = parseInt(area.getAttribute("maxlength"), 10);
    function update() { output.textContent = (max - area.value.length) + " tecken kvar"; }
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
