// Numbers in the browser written as the server writes them (wangge.core.formatting):
// yuan from integer cents "¥1,234.50" / "-¥1,234.50", rates "93.83%", counts "123,608",
// missing "—". Pages and charts call window.wg.yuan / wg.percent / wg.count instead of
// dividing by 100 themselves; the server's json_script hands them cents.
(function () {
  const MISSING = '—';
  const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  function yuan(cents) {
    if (cents === null || cents === undefined || cents === '') return MISSING;
    const c = Math.trunc(Number(cents));
    const abs = Math.abs(c);
    const body = '¥' + group(String(Math.floor(abs / 100))) + '.' + String(abs % 100).padStart(2, '0');
    return c < 0 ? '-' + body : body;
  }
  function percent(rate, places) {
    if (rate === null || rate === undefined) return MISSING;
    const p = places === undefined ? 2 : places;
    const text = (Number(rate) * 100).toFixed(p);
    const [whole, frac] = text.replace('-', '').split('.');
    return (text.startsWith('-') && Number(text) !== 0 ? '-' : '') + group(whole) + (frac ? '.' + frac : '') + '%';
  }
  function count(n) {
    if (n === null || n === undefined) return MISSING;
    const v = Math.trunc(Number(n));
    return (v < 0 ? '-' : '') + group(String(Math.abs(v)));
  }
  // a chart's data point in yuan (display only: the exact figure is the cents)
  const yuanValue = (cents) => (cents === null || cents === undefined ? null : Number(cents) / 100);
  window.wg = Object.assign(window.wg || {}, {yuan, percent, count, yuanValue, MISSING});
})();
