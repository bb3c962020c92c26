// A new activity: while the name is typed, the empty code field shows the code the server will make
// from it (Activiteit.vrije_code adds "-2" when that code is taken). Typing a code replaces it.
(function () {
  "use strict";
  function slug(tekst) {
    return tekst.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x00-\x7f]/g, "")
      .toLowerCase().replace(/[^\w\s-]/g, "").replace(/[-\s]+/g, "-").replace(/^[-_]+|[-_]+$/g, "").slice(0, 50);
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-code-uit]").forEach((code) => {
      const naam = document.getElementById(code.getAttribute("data-code-uit"));
      if (!naam || code.required) return;
      const toon = () => { code.placeholder = slug(naam.value); };
      naam.addEventListener("input", toon);
      toon();
    });
  });
})();
