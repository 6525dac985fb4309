// The workbook upload page: send the form in the background and, while the server loads the file, poll the
// progress of its stages (reading, checking, comparing, writing) into a <progress> bar and a polite live region.
// When the answer comes it replaces the page's main content: the same page a plain POST shows without this script.
(function () {
  "use strict";
  var POLL_MS = 500;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function show(box, state) {
    var bar = box.querySelector("#upload-bar");
    var status = box.querySelector("#upload-status");
    var list = box.querySelector("#upload-stages");
    var stages = (state && state.stages) || [];
    if (!stages.length) {
      return;
    }
    list.textContent = "";
    stages.forEach(function (stage) {
      var item = document.createElement("li");
      var known = stage.total !== null && stage.total !== undefined;
      item.textContent = format(box.getAttribute(known ? "data-counted" : "data-counting"),
        {stage: stage.name, done: stage.done, total: stage.total});
      list.appendChild(item);
    });
    var current = stages[stages.length - 1];
    if (current.total) {
      bar.max = current.total;
      bar.value = Math.min(current.done, current.total);
    } else {
      bar.removeAttribute("value");  // indeterminate: the stage's size is not known yet
    }
    var text = list.lastChild.textContent;
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  function replaceMain(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) {
      return false;
    }
    main.innerHTML = fresh.innerHTML;
    document.title = page.title;
    var focus = main.querySelector("#error-summary, .upload-result h2") || main;
    if (!focus.hasAttribute("tabindex")) {
      focus.setAttribute("tabindex", "-1");
    }
    focus.focus();
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-progress-url]") || !window.fetch || !window.FormData) {
      return;  // no script support: the plain POST
    }
    var box = document.getElementById("upload-progress");
    if (!box) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    box.hidden = false;
    box.querySelector("#upload-status").textContent = box.getAttribute("data-sending");
    var done = false;
    var poll = function () {
      if (done) {
        return;
      }
      fetch(form.getAttribute("data-progress-url"), {credentials: "same-origin", cache: "no-store"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!done) {
            show(box, state);
            window.setTimeout(poll, POLL_MS);
          }
        })
        .catch(function () {
          if (!done) {
            window.setTimeout(poll, POLL_MS);
          }
        });
    };
    window.setTimeout(poll, POLL_MS);
    fetch(form.action || window.location.href, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        done = true;
        if (!replaceMain(html)) {
          throw new Error("no page");
        }
      })
      .catch(function () {
        done = true;
        box.querySelector("#upload-status").textContent = box.getAttribute("data-failed");
        if (button) {
          button.disabled = false;
        }
      });
  });
}());
