/* Draws the charts described in the page's #dash-charts JSON with ECharts (served
   locally). Every bar/point/slice links to the list of the records it counts. */
(function () {
  "use strict";
  var specsEl = document.getElementById("dash-charts");
  if (!specsEl || !window.echarts) return;
  var specs = JSON.parse(specsEl.textContent);
  var charts = [];
  var COLORS = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e"];
  var base = { fontSize: 14, fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif" };

  function fmt(v) { return (Math.round(v * 10) / 10).toLocaleString("zh-CN"); }

  function option(spec) {
    var s0 = spec.series[0] || { data: [] };
    var common = { color: COLORS, textStyle: base, animation: false, tooltip: { trigger: "item" } };
    if (spec.kind === "pie") {
      return Object.assign(common, {
        legend: { bottom: 0, textStyle: base },
        series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
          label: { formatter: "{b}\n{c}", fontSize: 14 },
          data: s0.data.map(function (d, i) { return { name: spec.categories[i], value: d.value, url: d.url }; }) }]
      });
    }
    if (spec.kind === "funnel") {
      return Object.assign(common, {
        series: [{ type: "funnel", left: "10%", width: "80%", sort: "none", minSize: "20%",
          label: { position: "inside", formatter: "{b}：{c}", fontSize: 14, color: "#fff" },
          data: s0.data.map(function (d, i) { return { name: spec.categories[i], value: d.value, url: d.url }; }) }]
      });
    }
    var horizontal = spec.kind === "hbar";
    var line = spec.kind === "line" || spec.kind === "month";
    var multi = spec.series.length > 1;
    var cat = { type: "category", data: spec.categories, axisLabel: { fontSize: 13, interval: 0, hideOverlap: !horizontal } };
    var val = { type: "value", axisLabel: { fontSize: 13 }, minInterval: 1 };
    if (!horizontal && spec.categories.length > 6) { cat.axisLabel.rotate = 30; }
    var legendSelected = {};
    if (spec.kind === "compare") {
      spec.series.forEach(function (s, i) { legendSelected[s.name] = i === 0; });
    }
    return Object.assign(common, {
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: multi ? { top: 0, textStyle: base, type: "scroll", selected: legendSelected } : undefined,
      grid: { left: horizontal ? 8 : 12, right: 24, top: multi ? 40 : 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? Object.assign(cat, { inverse: true }) : val,
      series: spec.series.map(function (s) {
        return { name: s.name, type: line && spec.kind !== "month" ? "line" : (spec.kind === "month" ? "bar" : "bar"),
          data: s.data.map(function (d) { return { value: d.value, url: d.url }; }),
          label: { show: !multi || spec.kind === "compare" || spec.kind === "grouped", position: horizontal ? "right" : "top", fontSize: 13, formatter: function (p) { return fmt(p.value); } },
          barMaxWidth: 48, symbolSize: 8, lineStyle: { width: 3 } };
      })
    });
  }

  // The SVG gets a viewBox so it scales into its box (an A4 column when printed) instead
  // of being cut off at the width it was drawn for.
  function fit(el) {
    var svg = el.querySelector("svg");
    if (!svg) return;
    var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
    if (!w || !h) return;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  }

  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.on("finished", function () { fit(el); });
    chart.setOption(option(spec));
    fit(el);
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    charts.push({ chart: chart, el: el });
  });

  // ECharts paints on the next animation frame; a print is laid out before that comes, so
  // paint at once (otherwise the old drawing would be shown through the new viewBox).
  function paint(c) {
    var zr = c.chart.getZr && c.chart.getZr();
    if (zr && zr.refreshImmediately) zr.refreshImmediately();
    fit(c.el);
  }
  // "auto": back to the box size after a print (an explicit size would otherwise stick).
  function resizeAll() { charts.forEach(function (c) { c.chart.resize({ width: "auto", height: "auto" }); paint(c); }); }

  // A4 portrait less the 12 mm margins of the print stylesheet is 186 mm ≈ 700 CSS px; charts in
  // the two-column grid get half. Drawing at these sizes keeps the printed text at its size.
  var MM = 96 / 25.4;
  function resizeForPrint() {
    charts.forEach(function (c) {
      var half = c.el.closest(".dash-grid");
      var big = c.el.classList.contains("tall") || c.el.classList.contains("wide");
      // heights as in the print stylesheet (a completion chart is lower: page 1 holds it)
      var mm = c.el.closest(".dash-wide-card") && big ? 55 : big ? 85 : 62;
      c.chart.resize({ width: Math.floor((half ? 91 : 186) * MM), height: Math.floor(mm * MM) });
      paint(c);
    });
  }
  window.addEventListener("resize", function () { if (!printing) resizeAll(); });
  var printing = false;
  function toPrint() {
    printing = true;
    resizeForPrint();
    // Some print paths (headless PDF, some print dialogs) never send afterprint: the next
    // touch of the page brings the screen sizes back.
    ["pointermove", "keydown", "scroll", "touchstart"].forEach(function (name) {
      window.addEventListener(name, function back() {
        window.removeEventListener(name, back);
        if (printing && !(window.matchMedia && window.matchMedia("print").matches)) toScreen();
      }, { passive: true });
    });
  }
  function toScreen() { printing = false; resizeAll(); }
  window.addEventListener("beforeprint", toPrint);
  window.addEventListener("afterprint", toScreen);
  if (window.matchMedia) {
    var mq = window.matchMedia("print");
    var onChange = function (e) { if (e.matches) toPrint(); else toScreen(); };
    if (mq.addEventListener) mq.addEventListener("change", onChange); else mq.addListener(onChange);
  }
})();
