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
