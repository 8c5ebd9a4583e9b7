// A background job's page polls its status until it is done or failed.
(function () {
  const box = document.getElementById('job');
  if (!box) return;
  function poll() {
    fetch(box.dataset.url, {credentials: 'same-origin'}).then((r) => r.json()).then((j) => {
      document.getElementById('job-status').textContent = j.status;
      document.getElementById('job-stage').textContent = j.stage + (j.total ? ` ${j.done}/${j.total}` : '');
      document.getElementById('job-bar').value = j.status === 'done' ? 100 : j.percent;
      document.getElementById('job-msg').textContent = j.message;
      if (j.status === 'done') { document.getElementById('job-link').hidden = !j.has_file; return; }
      if (j.status !== 'failed') { setTimeout(poll, 1000); }
    });
  }
  poll();
})();
