/* "Select all" on the project progress approvals page: the box (hidden until this script runs) ticks or clears
   every report's box; it shows "some" (mixed) when only some are ticked. Without the script each box is ticked
   by hand. */
(function () {
  "use strict";
  function ready() {
    var all = document.querySelector("[data-select-all]");
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-select-item]"));
    if (!all || !items.length) { return; }
    document.querySelector("[data-select-all-box]").hidden = false;
    function sync() {
      var ticked = items.filter(function (item) { return item.checked; }).length;
      all.checked = ticked === items.length;
      all.indeterminate = ticked > 0 && ticked < items.length;
    }
    all.addEventListener("change", function () {
      items.forEach(function (item) { item.checked = all.checked; });
      sync();
    });
    items.forEach(function (item) { item.addEventListener("change", sync); });
    sync();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
}());
