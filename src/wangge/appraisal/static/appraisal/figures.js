// Rates by period: sort the table by a clicked header, chart one chosen rate.
(function () {
  const table = document.getElementById('figures-table');
  if (table) {
    table.querySelectorAll('thead th').forEach((th, index) => {
      th.style.cursor = 'pointer';
      th.addEventListener('click', () => {
        const numeric = th.dataset.sort === 'num';
        const up = th.dataset.dir !== 'asc';
        table.querySelectorAll('thead th').forEach(h => delete h.dataset.dir);
        th.dataset.dir = up ? 'asc' : 'desc';
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).filter(r => r.cells.length > 1);
        const key = r => {
          const cell = r.cells[index];
          if (!numeric) return cell.textContent.trim();
          const v = cell.dataset.v;
          return v === '' || v === undefined ? null : parseFloat(v);
        };
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          if (x === null && y === null) return 0;
          if (x === null) return 1;  // empty rates always last
          if (y === null) return -1;
          const c = numeric ? x - y : String(x).localeCompare(String(y), 'zh');
          return up ? c : -c;
        });
        rows.forEach(r => body.appendChild(r));
      });
    });
  }
  const node = document.getElementById('figures-data');
  const box = document.getElementById('figures-chart');
  const pick = document.getElementById('figures-rate');
  if (!node || !box || !pick || typeof echarts === 'undefined') return;
  const data = JSON.parse(node.textContent);
  const chart = echarts.init(box);
  const draw = () => {
    const rate = pick.value;
    const money = rate.endsWith('_cents');
    const pct = !money && rate !== 'input_output';
    // cents and rates come as stored: money is plotted in yuan, rates as they are, and
    // every label and tooltip is written by the product's formatter (base/format.js)
    const value = d => d[rate] === null ? null : (money ? wg.yuanValue(d[rate]) : d[rate]);
    const shown = x => x === null ? wg.MISSING : (money ? wg.yuan(Math.round(x * 100)) : (pct ? wg.percent(x) : x));
    chart.setOption({
      tooltip: {trigger: 'axis', valueFormatter: shown},
      grid: {left: 60, right: 20, top: 30, bottom: 80},
      xAxis: {type: 'category', data: data.map(d => d.name), axisLabel: {rotate: 45}},
      yAxis: {type: 'value', axisLabel: {formatter: pct ? (v) => wg.percent(v, 1) : '{value}'}},
      series: [{name: pick.options[pick.selectedIndex].text, type: 'bar', data: data.map(value), itemStyle: {color: '#c7000b'}}]
    }, true);
  };
  pick.addEventListener('change', draw);
  draw();
  window.addEventListener('resize', () => chart.resize());
})();
