// The navigation folds behind a "Menu" button on narrow screens (site.css, max-width 40rem).
// Without this script the list simply stays open.
(function () {
  "use strict";
  document.querySelectorAll(".site-nav--collapsible").forEach(function (nav) {
    var button = nav.querySelector(".site-nav__toggle");
    if (!button) { return; }
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("site-nav--closed", !open);
    }
    button.hidden = false;
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
  });
})();
