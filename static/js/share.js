// Sharing, enhanced: the share links and the address field work without
// this script; with it, "copy link" copies in one click, phones get their
// own share sheet (Web Share API), and posters get a print button.
(function () {
  "use strict";
  function status(text) {
    var el = document.querySelector("[data-share-status]");
    if (el) {
      el.textContent = text;
    }
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status(button.getAttribute("data-copied"));
      }, function () {
        field.select();
      });
    });
  });
  document.querySelectorAll("[data-web-share]").forEach(function (button) {
    if (!navigator.share) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.getAttribute("data-title"), url: button.getAttribute("data-url") })
        .catch(function () { /* the visitor closed the share sheet */ });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
