// The "Afdrukken" button of the stuurgroep report: the browser's own print dialog, which the
// print stylesheet (css/rapport.css) lays out on A4.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-afdrukken]").forEach((knop) => {
      knop.addEventListener("click", () => window.print());
    });
  });
})();
