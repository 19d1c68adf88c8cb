// Draws the library-count chart from the JSON the server placed on the element.
(function () {
  var element = document.getElementById("library-chart");
  if (!element || !window.echarts) { return; }
  var data = JSON.parse(element.getAttribute("data-chart"));
  var chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    grid: { left: 60, right: 20, top: 20, bottom: 60 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.values, itemStyle: { color: "#b71c1c" }, barMaxWidth: 36 }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  element.setAttribute("data-rendered", "true");
})();
