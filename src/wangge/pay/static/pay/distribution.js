// A distribution: pay by person against the average and the cap, and the average per
// head of front line and support (json_script "chart-data" and "group-names"). The data
// are cents; the cap is the core's bound for a whole month (k × pool / full-time heads,
// rounded down), drawn as given; labels use the product's yuan format (base/format.js).
(function () {
  const node = document.getElementById('chart-data');
  if (!node) return;
  const d = JSON.parse(node.textContent);
  const g = JSON.parse(document.getElementById('group-names').textContent);
  const v = wg.yuanValue;
  const label = (p) => wg.yuan(Math.round(p.value * 100));
  const lines = [];
  if (d.average_cents !== null) lines.push({yAxis: v(d.average_cents), name: 'avg', label: {formatter: label}});
  if (d.cap_cents !== null) lines.push({yAxis: v(d.cap_cents), lineStyle: {color: '#c7000b', type: 'dashed'}, label: {formatter: (p) => 'k× ' + label(p)}});
  const top = v(Math.max(d.cap_cents || 0, ...d.pay_cents));
  const pay = echarts.init(document.getElementById('chart-pay'));
  pay.setOption({
    tooltip: {trigger: 'axis', valueFormatter: (x) => wg.yuan(Math.round(x * 100))}, grid: {left: 70, right: 60, top: 20, bottom: 60},
    xAxis: {type: 'category', data: d.names, axisLabel: {rotate: d.names.length > 8 ? 45 : 0}},
    yAxis: {type: 'value', max: Math.ceil(top * 1.08) || null},
    series: [{type: 'bar', data: d.pay_cents.map((c, i) => ({value: v(c), itemStyle: {color: d.front[i] ? '#c7000b' : '#1f6fb2'}})),
      markLine: {symbol: 'none', data: lines}}]
  });
  const groups = echarts.init(document.getElementById('chart-groups'));
  groups.setOption({
    tooltip: {valueFormatter: (x) => wg.yuan(Math.round(x * 100))}, grid: {left: 70, right: 20, top: 20, bottom: 30},
    xAxis: {type: 'category', data: [g.front, g.support]}, yAxis: {type: 'value'},
    series: [{type: 'bar', data: [{value: v(d.groups_cents.front), itemStyle: {color: '#c7000b'}}, {value: v(d.groups_cents.support), itemStyle: {color: '#1f6fb2'}}]}]
  });
  window.addEventListener('resize', () => { pay.resize(); groups.resize(); });
})();
