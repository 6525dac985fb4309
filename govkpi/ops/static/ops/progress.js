// Long work started from a form (govkpi.ops.progress, "a page with long work"): send the form in the background
// and, while the server works in that request, poll the progress of its stages into a <progress> bar, a polite
// live region and a list of the stages. When the answer comes it replaces the page's main content: the same page a
// plain POST shows without this script.
//
// The form:  <form method="post" data-progress-url="(the JSON of snapshot)" data-progress-box="(id of the box)">
// The box:   <section id="…" hidden data-sending data-counted data-counting data-failed [data-focus]>
//              <progress>, an element with aria-live (the current stage), an <ol> (every stage so far)
// data-counted / data-counting: how a stage reads with and without a total ({stage}, {done}, {total});
// data-focus: where the new page's focus goes (a selector; by default its error summary, else <main>).
(function () {
  "use strict";
  var POLL_MS = 500;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function parts(box) {
    return {
      bar: box.querySelector("progress"),
      status: box.querySelector("[aria-live]"),
      list: box.querySelector("ol")
    };
  }

  function show(box, state) {
    var found = parts(box);
    var stages = (state && state.stages) || [];
    if (!stages.length) {
      return;
    }
    found.list.textContent = "";
    stages.forEach(function (stage) {
      var item = document.createElement("li");
      var known = stage.total !== null && stage.total !== undefined;
      item.textContent = format(box.getAttribute(known ? "data-counted" : "data-counting"),
        {stage: stage.name, done: stage.done, total: stage.total});
      found.list.appendChild(item);
    });
    var current = stages[stages.length - 1];
    if (current.total) {
      found.bar.max = current.total;
      found.bar.value = Math.min(current.done, current.total);
    } else {
      found.bar.removeAttribute("value");  // indeterminate: the stage's size is not known yet
    }
    var text = found.list.lastChild.textContent;
    if (found.status.textContent !== text) {
      found.status.textContent = text;
    }
  }

  function replaceMain(html, focusOn) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) {
      return false;
    }
    main.innerHTML = fresh.innerHTML;
    document.title = page.title;
    var focus = main.querySelector(focusOn || "#error-summary") || main;
    if (!focus.hasAttribute("tabindex")) {
      focus.setAttribute("tabindex", "-1");
    }
    focus.focus();
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-progress-url][data-progress-box]") || !window.fetch ||
        !window.FormData || !window.DOMParser) {
      return;  // no script support: the plain POST
    }
    var box = document.getElementById(form.getAttribute("data-progress-box"));
    if (!box) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    box.hidden = false;
    parts(box).status.textContent = box.getAttribute("data-sending");
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
        if (!replaceMain(html, box.getAttribute("data-focus"))) {
          throw new Error("no page");
        }
      })
      .catch(function () {
        done = true;
        parts(box).status.textContent = box.getAttribute("data-failed");
        if (button) {
          button.disabled = false;
        }
      });
  });
}());
