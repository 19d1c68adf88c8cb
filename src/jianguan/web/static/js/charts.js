// Line charts from JSON the server placed on elements with data-chart (quality trends).
(function () {
  var elements = document.querySelectorAll(".chart[data-chart]");
  elements.forEach(function (element) {
    if (!window.echarts) { return; }
    var data = JSON.parse(element.getAttribute("data-chart"));
    var chart = window.echarts.init(element);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 50 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: data.series.map(function (s) { return { name: s.name, type: "line", data: s.data, smooth: true }; })
    });
    window.addEventListener("resize", function () { chart.resize(); });
    element.setAttribute("data-rendered", "true");
  });
})();
