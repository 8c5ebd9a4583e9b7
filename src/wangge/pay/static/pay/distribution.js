// A distribution: pay by person against the average and the cap, and the average per
// head of front line and support (json_script "chart-data" and "group-names").
(function () {
  const node = document.getElementById('chart-data');
  if (!node) return;
  const d = JSON.parse(node.textContent);
  const g = JSON.parse(document.getElementById('group-names').textContent);
  const pay = echarts.init(document.getElementById('chart-pay'));
  pay.setOption({
    tooltip: {trigger: 'axis'}, grid: {left: 70, right: 60, top: 20, bottom: 60},
    xAxis: {type: 'category', data: d.names, axisLabel: {rotate: d.names.length > 8 ? 45 : 0}},
    yAxis: {type: 'value', max: (v) => Math.ceil(Math.max(v.max, d.cap) * 1.08)},
    series: [{type: 'bar', data: d.pay.map((v, i) => ({value: v, itemStyle: {color: d.front[i] ? '#c7000b' : '#1f6fb2'}})),
      markLine: {symbol: 'none', data: [{yAxis: d.average, name: 'avg', label: {formatter: '{c}'}}, {yAxis: d.cap, lineStyle: {color: '#c7000b', type: 'dashed'}, label: {formatter: 'k× {c}'}}]}}]
  });
  const groups = echarts.init(document.getElementById('chart-groups'));
  groups.setOption({
    tooltip: {}, grid: {left: 70, right: 20, top: 20, bottom: 30},
    xAxis: {type: 'category', data: [g.front, g.support]}, yAxis: {type: 'value'},
    series: [{type: 'bar', data: [{value: d.groups.front, itemStyle: {color: '#c7000b'}}, {value: d.groups.support, itemStyle: {color: '#1f6fb2'}}]}]
  });
  window.addEventListener('resize', () => { pay.resize(); groups.resize(); });
})();
