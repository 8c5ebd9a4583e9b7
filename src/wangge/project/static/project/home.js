// Home: active subscriptions by product line (data from json_script "line-data").
(function () {
  const node = document.getElementById('line-data');
  const box = document.getElementById('lines');
  if (!node || !box) return;
  const data = JSON.parse(node.textContent);
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: {}, grid: {left: 60, right: 20, top: 20, bottom: 30},
    xAxis: {type: 'category', data: data.map(d => d.name)},
    yAxis: {type: 'value'},
    series: [{type: 'bar', data: data.map(d => d.value), itemStyle: {color: '#c7000b'}}]
  });
  window.addEventListener('resize', () => chart.resize());
})();
