// The "Copy" button beside a new API token: shown only when this script runs; copies the token and says so.
(function () {
  "use strict";
  var button = document.getElementById("copy-token");
  var token = document.getElementById("new-token");
  var status = document.getElementById("copy-status");
  if (!button || !token || !status) {
    return;
  }
  function selectToken() {
    var range = document.createRange();
    range.selectNodeContents(token);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = token.textContent.trim();
    var done = function () { status.textContent = button.getAttribute("data-copied"); };
    var fallback = function () {
      selectToken();
      try {
        if (document.execCommand("copy")) {
          done();
          return;
        }
      } catch (error) { /* the text stays selected: Ctrl+C copies it */ }
      status.textContent = button.getAttribute("data-select");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  });
}());
