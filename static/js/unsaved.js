// Warn before leaving a form marked data-unsaved-warning while it holds input that is not saved:
// after typing in it, or when the server showed it back unsaved (data-unsaved="1"). Submitting the
// form itself is not leaving it. No inline code: the page's Content-Security-Policy forbids it.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) {
    return;
  }
  var dirty = false;
  var submitting = false;
  Array.prototype.forEach.call(forms, function (form) {
    if (form.getAttribute("data-unsaved") === "1") {
      dirty = true;
    }
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function (event) {
      // reporting.js may cancel the submit (a confirm answered "no"): the input is then still unsaved.
      if (!event.defaultPrevented) {
        submitting = true;
      }
    });
  });
  window.addEventListener("pageshow", function () { submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
