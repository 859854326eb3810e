/* The survey, nicer with JavaScript: skip logic shown at once, answers saved on every change, exclusive
 * choices, unsaved changes kept in the browser while offline and sent again when the connection is back.
 * Without this file everything still works: each page is saved when the user moves on. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  var once = document.querySelectorAll("[data-submit-once]");
  once.forEach(function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  if (!form) { return; }

  var survey = form.closest("[data-survey]");
  var storageKey = "dx-survey-" + (survey ? survey.getAttribute("data-survey") : location.pathname);
  var status = form.querySelector("[data-save-status]");
  var timer = null;
  var pending = false;
  var inFlight = false;

  function say(text, isError) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  function selected(code) {
    var values = [];
    form.querySelectorAll('[name="' + code + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && input.checked) { values.push(input.value); }
    });
    return values;
  }

  function applySkipLogic() {
    form.querySelectorAll("[data-show-if]").forEach(function (fieldset) {
      var rule = fieldset.getAttribute("data-show-if").split("=");
      var parent = form.querySelector('[data-question="' + rule[0] + '"]');
      var visible = selected(rule[0]).indexOf(rule[1]) !== -1 && (!parent || !parent.hidden);
      fieldset.hidden = !visible;
      // a question shown here was seen: the server flags it if left empty (without JavaScript it asks first)
      var code = fieldset.getAttribute("data-question");
      var mark = form.querySelector('input[name="shown"][value="' + code + '"]');
      if (visible && !mark) {
        mark = document.createElement("input");
        mark.type = "hidden"; mark.name = "shown"; mark.value = code;
        fieldset.after(mark);
      }
    });
  }

  function snapshot() {
    var data = {};
    new FormData(form).forEach(function (value, key) {
      if (key === "csrfmiddlewaretoken") { return; }
      (data[key] = data[key] || []).push(value);
    });
    return data;
  }

  function remember() {
    var data = { t: Date.now() / 1000, answers: snapshot() };
    try { localStorage.setItem(storageKey, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }

  function forget() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* private mode */ }
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { saved = null; }
    var serverTime = Number(survey ? survey.getAttribute("data-updated") : 0);
    if (!saved || !saved.answers || saved.t <= serverTime) { forget(); return false; }
    form.querySelectorAll("input").forEach(function (input) {
      if (input.type === "hidden" || !input.name) { return; }
      var values = saved.answers[input.name] || [];
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = values.indexOf(input.value) !== -1;
      } else {
        input.value = values[0] || "";
      }
    });
    return true;
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-question]").forEach(function (fieldset) {
      var code = fieldset.getAttribute("data-question");
      var box = fieldset.querySelector(".js-error");
      if (errors[code]) {
        if (!box) {
          box = document.createElement("p");
          box.className = "errorlist js-error";
          fieldset.insertBefore(box, fieldset.querySelector("legend").nextSibling);
        }
        box.textContent = errors[code];
      } else if (box) {
        box.remove();
      }
    });
  }

  function save() {
    if (inFlight) { pending = true; return; }
    inFlight = true;
    pending = false;
    say(form.getAttribute("data-msg-saving"));
    var body = new FormData(form);
    body.append("action", "save");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      forget();
      showErrors(data.errors || {});
      say(form.getAttribute("data-msg-saved") + " " + data.saved_at);
    }).catch(function () {
      say(form.getAttribute("data-msg-offline"), true);
    }).then(function () {
      inFlight = false;
      if (pending) { save(); }
    });
  }

  function changed(event) {
    var input = event.target;
    if (input.type === "checkbox" && input.checked) {
      // the checkboxes only: a tools question's link (radio buttons) shares the name
      var group = form.querySelectorAll('input[type="checkbox"][name="' + input.name + '"]');
      group.forEach(function (other) {
        if (other !== input && (input.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive"))) {
          other.checked = false;
        }
      });
    }
    applySkipLogic();
    remember();
    window.clearTimeout(timer);
    timer = window.setTimeout(save, input.type === "text" ? 600 : 150);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) { if (event.target.type === "text") { changed(event); } });
  form.addEventListener("submit", function () { forget(); });
  window.addEventListener("online", function () {
    try { if (localStorage.getItem(storageKey)) { save(); } } catch (e) { /* private mode */ }
  });

  if (restore()) { applySkipLogic(); save(); } else { applySkipLogic(); }
})();
