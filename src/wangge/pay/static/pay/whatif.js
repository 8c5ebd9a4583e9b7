// What-if for the distribution editor: on every change, ask the server's core
// check (/api/pay/check/) and show each person's pay move, with the rule checks.
(function () {
  const form = document.getElementById('editor');
  if (!form) return;
  const token = form.querySelector('input[name=csrfmiddlewaretoken]').value;
  const list = document.getElementById('violations');
  const okText = document.getElementById('labels').dataset.ok;
  const yuan = wg.yuan;  // the product's one yuan format (base/format.js)
  let timer = null;
  let seq = 0;

  function payload() {
    const allocations = [];
    form.querySelectorAll('tr[data-person]').forEach((tr) => {
      const id = Number(tr.dataset.person);
      const amount = tr.querySelector('input.amount').value.trim();
      const reason = tr.querySelector('input.reason').value;
      allocations.push({person: id, yuan: amount || '0', reason: reason});
    });
    const coefs = {};
    form.querySelectorAll('input[data-post]').forEach((i) => { if (i.value.trim()) coefs[i.dataset.post] = i.value.trim(); });
    return {distribution: Number(form.dataset.dist), allocations: allocations, post_coefficients: coefs};
  }

  function show(data) {
    const byId = {};
    data.people.forEach((p) => { byId[p.person] = p; });
    const avg = data.team_average_cents;
    form.querySelectorAll('tr[data-person]').forEach((tr) => {
      const p = byId[Number(tr.dataset.person)];
      if (!p) return;
      tr.querySelector('.formula').textContent = yuan(p.formula_cents);
      tr.querySelector('.training').textContent = yuan(p.training_cents);
      tr.querySelector('.pay').textContent = yuan(p.pool_pay_cents);
      tr.querySelector('.cap').textContent = yuan(p.cap_cents);
      tr.querySelector('.floor').textContent = yuan(p.floor_cents);
      tr.querySelector('.allow').textContent = yuan(p.allowances_cents);
      tr.querySelector('.ratio').textContent = avg ? (p.pool_pay_cents / avg).toFixed(2) : '';
      tr.classList.toggle('bad', p.rules.length > 0);
      tr.dataset.rules = p.rules.join(' ');
    });
    document.getElementById('disc-given').textContent = yuan(data.discretionary_given_cents);
    document.getElementById('average').textContent = yuan(avg);
    list.innerHTML = '';
    list.classList.toggle('ok', data.ok);
    const msgs = data.ok ? [okText] : data.messages;
    msgs.forEach((m) => { const li = document.createElement('li'); li.textContent = m; list.appendChild(li); });
    form.dataset.checked = String(seq);
  }

  function check() {
    const mine = ++seq;
    fetch(form.dataset.check, {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
      body: JSON.stringify(payload()),
    }).then((r) => r.json().then((j) => ({r, j}))).then(({r, j}) => {
      if (mine !== seq) return;
      if (r.ok) { show(j); return; }
      list.innerHTML = '';
      list.classList.remove('ok');
      const msgs = j.messages || Object.values(j).flat();
      msgs.forEach((m) => { const li = document.createElement('li'); li.textContent = m; list.appendChild(li); });
      form.dataset.checked = String(seq);
    });
  }

  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 250); });
  check();
})();
