// A form is sent once: a double click on "Spara" or "Lägg till" must not create two rows.
// The buttons are disabled just after the submit event (so the clicked button's name and value
// still go with the form) and enabled again when the page is shown from the back/forward cache,
// or after a while for posts that answer with a download instead of a new page.
(function () {
  "use strict";
  var buttons = "button[type=submit], button:not([type]), input[type=submit]";

  function setDisabled(form, disabled) {
    form.querySelectorAll(buttons).forEach(function (button) { button.disabled = disabled; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") { return; }
    if (form.dataset.sending) { event.preventDefault(); return; }
    form.dataset.sending = "1";
    window.setTimeout(function () { setDisabled(form, true); }, 0);
    window.setTimeout(function () { delete form.dataset.sending; setDisabled(form, false); }, 10000);
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      delete form.dataset.sending;
      setDisabled(form, false);
    });
  });
})();

// An invalid form opens with a summary of its errors (base/templatetags/hallbar_forms.py): it takes the
// focus when the page loads, so a screen reader reads it first and the links lead to each field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();

// A text field with suggestions (base.widgets.SuggestInput, e.g. a supplier by name or organisation
// number): as one types, its <datalist> is filled from the field's data-suggest URL (JSON). The
// browser's own list is keyboard-usable; without script the field takes what is typed.
(function () {
  "use strict";
  var timers = new WeakMap();

  function fill(list, results) {
    var options = results.map(function (row) {
      var option = document.createElement("option");
      option.value = row.value;
      return option;
    });
    list.replaceChildren.apply(list, options);
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.suggest) { return; }
    var list = document.getElementById(input.getAttribute("list"));
    var text = input.value.trim();
    window.clearTimeout(timers.get(input));
    if (!list || text.length < 2) { return; }
    timers.set(input, window.setTimeout(function () {
      var url = input.dataset.suggest + "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === text) { fill(list, data.results || []); } })
        .catch(function () { /* no suggestions: the field still takes what is typed */ });
    }, 200));
  });
})();
