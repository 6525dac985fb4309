/* The error summary of the results pages (the GOV.UK pattern): it takes the focus when the page comes back with
   errors, and each of its links moves the focus to its field (opening a collapsed section that holds it). */
(function () {
  "use strict";
  function ready() {
    var summary = document.getElementById("error-summary");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      var details = target.closest("details");
      if (details) { details.open = true; }
      var field = target.matches("input, textarea, select, [tabindex]") ? target
        : target.querySelector("input, textarea, select") || target;
      var label = field.id ? document.querySelector("label[for='" + field.id + "']") : null;
      (label || field).scrollIntoView({block: "center"});
      field.focus({preventScroll: true});
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
}());
