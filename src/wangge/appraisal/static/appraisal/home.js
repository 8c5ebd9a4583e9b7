// Appraisal home: a sparkline of the last six months in each ranking row (data-trend).
document.querySelectorAll('.spark').forEach(function (el) {
  const values = el.dataset.trend.split(',').map(v => v === 'None' ? null : Number(v));
  if (values.filter(v => v !== null).length < 1) return;
  const chart = echarts.init(el, null, {renderer: 'svg'});
  chart.setOption({
    grid: {left: 2, right: 2, top: 2, bottom: 2}, tooltip: {trigger: 'axis'},
    xAxis: {type: 'category', show: false, data: values.map((_, i) => i)},
    yAxis: {type: 'value', show: false, scale: true},
    series: [{type: 'line', data: values, symbol: 'none', connectNulls: true, lineStyle: {color: '#c7000b', width: 1.5}}]
  });
});
