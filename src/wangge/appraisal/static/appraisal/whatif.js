// What-if: old and new scores side by side (json_script "whatif-data"; the series'
// names come translated in the chart box's data-old and data-new).
(function () {
  const node = document.getElementById('whatif-data');
  const box = document.getElementById('whatif-chart');
  if (!node || !box) return;
  const data = JSON.parse(node.textContent);
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: {trigger: 'axis'}, legend: {data: [box.dataset.old, box.dataset.new]},
    grid: {left: 50, right: 20, top: 40, bottom: 80},
    xAxis: {type: 'category', data: data.map(d => d.name), axisLabel: {rotate: 45}},
    yAxis: {type: 'value'},
    series: [
      {name: box.dataset.old, type: 'bar', data: data.map(d => d.old), itemStyle: {color: '#9aa5b1'}},
      {name: box.dataset.new, type: 'bar', data: data.map(d => d.new), itemStyle: {color: '#c7000b'}}
    ]
  });
  window.addEventListener('resize', () => chart.resize());
})();
