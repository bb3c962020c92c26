// The jaarplan editor: when an amount changes, redraw the row, column and grand totals.
// Amounts are handled in whole cents so no floating-point error reaches the screen.
(function () {
  "use strict";
  var form = document.getElementById("begroting-form");
  if (!form) return;

  function centen(tekst) {
    var s = String(tekst || "").replace(/€|\s|\u00a0/g, "");
    if (!s) return 0;
    var negatief = s.charAt(0) === "-";
    s = s.replace(/^[-+]/, "");
    if (s.indexOf(",") >= 0) { s = s.replace(/\./g, "").replace(",", "."); }
    else if (!/^\d+\.\d{1,2}$/.test(s)) { s = s.replace(/\./g, ""); }
    if (!/^\d+(\.\d{1,2})?$/.test(s)) return NaN;
    var delen = s.split(".");
    var c = parseInt(delen[0], 10) * 100 + parseInt(((delen[1] || "") + "00").slice(0, 2), 10);
    return negatief ? -c : c;
  }

  function euro(c) {
    var teken = c < 0 ? "-" : "";
    c = Math.abs(c);
    var heel = String(Math.floor(c / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return "€\u00a0" + teken + heel + "," + String(c % 100).padStart(2, "0");
  }

  function zet(selector, c) {
    var el = form.querySelector(selector) || document.querySelector(selector);
    if (!el) return;
    el.textContent = euro(c);
    el.classList.toggle("nee", c < 0 || (el.hasAttribute("data-ongedekt") && c > 0));
  }

  // The dekkingsgraad as the server shows it (jaarplan.models.dekkingsgraad, kern.soorten.procent):
  // what is not ongedekt over what is begroot, in tenths of a percent, half up; "–" without budget.
  function zetDekkingsgraad(begroot, ongedekt) {
    var el = document.querySelector('[data-testid="dekkingsgraad"]');
    if (!el) return;
    if (begroot === 0) { el.textContent = "\u2013"; return; }
    var teller = (begroot - ongedekt) * 1000;
    var tiendes = Math.floor((2 * teller + begroot) / (2 * begroot));
    var teken = tiendes < 0 ? "-" : "";
    tiendes = Math.abs(tiendes);
    el.textContent = teken + Math.floor(tiendes / 10) + "," + (tiendes % 10) + "%";
  }

  function som(inputs) {
    var totaal = 0;
    inputs.forEach(function (i) { var c = centen(i.value); if (!isNaN(c)) totaal += c; });
    return totaal;
  }

  function herbereken() {
    // As the server counts it: per activity ongedekt = max(0, begroot - gedekt) and overgedekt the
    // other side, each summed; one activity's surplus never hides another's shortfall.
    var begroot = 0, gedekt = 0, ongedekt = 0, overgedekt = 0, vrij = 0;
    document.querySelectorAll("#begroting tbody tr[data-rij]").forEach(function (tr) {
      var id = tr.getAttribute("data-rij");
      var rijBegroot = som(tr.querySelectorAll("input"));
      var dekkingsRij = document.querySelector('#dekking tbody tr[data-rij="' + id + '"]');
      var rijGedekt = dekkingsRij ? som(dekkingsRij.querySelectorAll("input")) : 0;
      zet('[data-begroot="' + id + '"]', rijBegroot);
      zet('[data-begroot-kopie="' + id + '"]', rijBegroot);
      zet('[data-gedekt="' + id + '"]', rijGedekt);
      zet('[data-ongedekt="' + id + '"]', Math.max(0, rijBegroot - rijGedekt));
      zet('[data-overgedekt="' + id + '"]', Math.max(0, rijGedekt - rijBegroot));
      begroot += rijBegroot;
      gedekt += rijGedekt;
      ongedekt += Math.max(0, rijBegroot - rijGedekt);
      overgedekt += Math.max(0, rijGedekt - rijBegroot);
    });
    document.querySelectorAll("#dekking thead th[data-bron]").forEach(function (th, kolom) {
      var id = th.getAttribute("data-bron");
      var toegewezen = 0;
      document.querySelectorAll("#dekking tbody tr[data-rij]").forEach(function (tr) {
        var input = tr.querySelectorAll("input")[kolom];
        var c = input ? centen(input.value) : 0;
        if (!isNaN(c)) toegewezen += c;
      });
      var beschikbaar = centen(th.getAttribute("data-bron-totaal")) - toegewezen;
      zet('[data-toegewezen="' + id + '"]', toegewezen);
      zet('[data-vrij="' + id + '"]', beschikbaar);
      vrij += beschikbaar;
    });
    zet('[data-totaal="begroot"]', begroot);
    zet('[data-totaal="begroot-kopie"]', begroot);
    zet('[data-totaal="gedekt"]', gedekt);
    zet('[data-totaal="ongedekt"]', ongedekt);
    zet('[data-totaal="overgedekt"]', overgedekt);
    zet('[data-totaal="vrij"]', vrij);
    zet('[data-testid="totaal-begroot"]', begroot);
    zet('[data-testid="totaal-gedekt"]', gedekt);
    zet('[data-testid="totaal-ongedekt"]', ongedekt);
    zet('[data-testid="totaal-overgedekt"]', overgedekt);
    zet('[data-testid="totaal-vrij"]', vrij);
    zetDekkingsgraad(begroot, ongedekt);
  }

  form.addEventListener("input", herbereken);
  // What was typed before this script ran (a fast typist, a slow page) is counted too.
  herbereken();
})();
