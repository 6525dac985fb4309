/* Draws the charts of the page with the vendored Chart.js. Each <figure data-chart="ID"> holds a JSON script
   #ID-data; the text summary and the data table beside it stay the accessible source of every figure. */
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var THAI = "๐๑๒๓๔๕๖๗๘๙";
  function digits(text, preference) {
    text = String(text);
    return preference === "thai" ? text.replace(/[0-9]/g, function (d) { return THAI[+d]; }) : text;
  }
  document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
    var source = document.getElementById(figure.getAttribute("data-chart") + "-data");
    var holder = figure.querySelector(".chart__canvas");
    if (!source || !holder) { return; }
    var spec = JSON.parse(source.textContent);
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", figure.querySelector(".chart__summary").textContent.trim());
    holder.appendChild(canvas);
    var datasets = [{
      type: spec.kind, label: spec.label, data: spec.values,
      backgroundColor: "#0b3d91", borderColor: "#0b3d91", pointRadius: 4, borderWidth: 2
    }];
    var hasTarget = spec.target !== null && spec.target !== undefined;
    if (hasTarget) {
      /* The dataset gives the legend entry, the tooltip and the scale; the plugin below draws the line over the
         whole width, so that a chart of one point shows its target too. */
      datasets.push({
        type: "line", label: spec.targetLabel, data: spec.labels.map(function () { return spec.target; }),
        borderColor: "#b45309", backgroundColor: "#b45309", borderDash: [6, 4], pointRadius: 0,
        pointHitRadius: 8, borderWidth: 2, fill: false, showLine: false, targetLine: true
      });
    }
    var targetLine = {
      id: "govkpiTarget",
      afterDatasetsDraw: function (chart) {
        if (!hasTarget) { return; }
        var index = chart.data.datasets.findIndex(function (d) { return d.targetLine; });
        if (index < 0 || !chart.isDatasetVisible(index)) { return; }
        var y = chart.scales.y.getPixelForValue(spec.target), area = chart.chartArea, ctx = chart.ctx;
        ctx.save();
        ctx.strokeStyle = "#b45309"; ctx.lineWidth = 2; ctx.setLineDash([6, 4]);
        ctx.beginPath(); ctx.moveTo(area.left, y); ctx.lineTo(area.right, y); ctx.stroke();
        ctx.restore();
      }
    };
    new window.Chart(canvas, {
      plugins: [targetLine],
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { labels: { font: { family: "Sarabun" } } },
          tooltip: { callbacks: { label: function (item) {
            return item.dataset.label + ": " + digits(item.formattedValue, spec.digits);
          } } }
        },
        scales: {
          x: { offset: true, ticks: { font: { family: "Sarabun" } } },  /* one point stands in the middle */
          y: { beginAtZero: true, ticks: { font: { family: "Sarabun" }, callback: function (value) {
            return digits(value.toLocaleString("en-US"), spec.digits);
          } } }
        }
      }
    });
  });
})();
