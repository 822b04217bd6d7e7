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

  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option(spec));
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    // A viewBox lets the SVG scale down to the A4 column when printed instead of being cut off.
    chart.on("finished", function () {
      var svg = el.querySelector("svg");
      if (!svg) return;
      svg.setAttribute("viewBox", "0 0 " + parseFloat(svg.getAttribute("width")) + " " + parseFloat(svg.getAttribute("height")));
      svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    });
    charts.push(chart);
  });
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
  // Chrome applies print media before printing: redraw at the A4 width then.
  if (window.matchMedia) {
    var mq = window.matchMedia("print");
    (mq.addEventListener ? mq.addEventListener.bind(mq, "change") : mq.addListener.bind(mq))(resizeAll);
  }
  window.addEventListener("afterprint", resizeAll);
})();
