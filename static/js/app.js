// Buurtboost's only script: progressive enhancement on top of htmx. Every
// page works without it.
(function () {
  "use strict";
  // htmx requests carry the CSRF token as a header (forms post it as a field).
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
    }
  });
})();
