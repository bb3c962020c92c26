// The dashboard's charts, drawn with the vendored Chart.js from the data the page carries in
// json_script; the tables beside them hold the same numbers. And the year picker submits itself.
(function () {
  "use strict";

  const KLEUREN = ["#1d4e89", "#e07a1f", "#2a9d8f", "#b3261e", "#7b5ea7", "#8a6d3b", "#5c6f82", "#c2185b"];
  const euro = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });

  function lees(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function kleurVan(namen, naam) {
    return KLEUREN[namen.indexOf(naam) % KLEUREN.length];
  }

  function tekenFinancieringsmix() {
    const data = lees("financieringsmix-data");
    if (!data || typeof Chart === "undefined") return;
    const namen = data.bronnen.map((b) => b.naam);
    const tooltip = { callbacks: { label: (c) => `${c.dataset.label}: ${euro.format(c.parsed.y)}` } };

    const staaf = document.getElementById("grafiek-bronnen");
    if (staaf) {
      new Chart(staaf, {
        type: "bar",
        data: {
          labels: data.jaren.map(String),
          datasets: data.bronnen.map((b) => ({
            label: b.naam,
            data: b.bedragen.map(Number),
            backgroundColor: kleurVan(namen, b.naam),
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            x: { stacked: true },
            y: { stacked: true, grace: "5%", ticks: { callback: (waarde) => euro.format(waarde) } },
          },
          plugins: { tooltip: tooltip, legend: { position: "bottom" } },
        },
      });
    }

    const ring = document.getElementById("grafiek-dit-jaar");
    if (ring && data.ditJaar.length) {
      new Chart(ring, {
        type: "doughnut",
        data: {
          labels: data.ditJaar.map((d) => d.naam),
          datasets: [
            {
              data: data.ditJaar.map((d) => Number(d.bedrag)),
              backgroundColor: data.ditJaar.map((d) => kleurVan(namen, d.naam)),
            },
          ],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { position: "bottom" },
            tooltip: { callbacks: { label: (c) => `${c.label}: ${euro.format(c.parsed)}` } },
          },
        },
      });
    }
  }

  function jaarkeuzeVerstuurtZichzelf() {
    document.querySelectorAll("form[data-vanzelf-versturen] select").forEach((select) => {
      select.addEventListener("change", () => select.form.submit());
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    jaarkeuzeVerstuurtZichzelf();
    tekenFinancieringsmix();
  });
})();
