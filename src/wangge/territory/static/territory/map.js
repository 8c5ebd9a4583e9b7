// The city map: grids, places and channels from our own API; base tiles only if configured.
// Grids are coloured by class, or by the latest published appraisal score.
(function () {
  const el = document.getElementById('map');
  const labels = JSON.parse(document.getElementById('map-labels').textContent);
  const map = L.map(el, {zoomSnap: 0.25});
  const dots = L.canvas({padding: 0.2});  // thousands of points draw faster on canvas
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || '', maxZoom: 18}).addTo(map);
  }
  const info = document.getElementById('grid-info');
  const scores = {};  // unit id -> {total, rank, peers, card}
  let mode = 'class';

  function scoreColour(total) {
    // 60 and below red, 100 and above green, amber between
    const t = Math.max(0, Math.min(1, (total - 60) / 40));
    const hue = Math.round(120 * t);
    return `hsl(${hue}, 70%, 42%)`;
  }
  function colour(f) {
    if (mode === 'score') {
      const s = scores[f.properties.id];
      return s ? scoreColour(s.total) : '#888';
    }
    return f.properties.grid_class === 'A' ? '#c7000b' : '#1f6fb2';
  }
  const row = (k, v) => `<tr><th>${labels[k] || k}</th><td>${v}</td></tr>`;
  function show(p) {
    const s = scores[p.id];
    info.innerHTML = `<h2>${p.name}</h2><table class="kv">` +
      row('class', p.grid_class + ' · ' + (labels[p.grid_type] || p.grid_type)) + row('parent', p.parent) +
      row('households', p.households) + row('population', p.population) +
      row('enterprises', p.enterprises) + row('places', p.places) +
      (s ? row('score', `<a href="/appraisal/card/${s.card}/">${s.total}</a> · ${labels.rank} ${s.rank}/${s.peers}`) : '') +
      '</table>';
  }
  function legend() {
    document.getElementById('legend-class').hidden = mode !== 'class';
    document.getElementById('legend-score').hidden = mode !== 'score';
  }

  let gridLayer;
  Promise.all([
    fetch('/api/map/grids/', {credentials: 'same-origin'}).then((r) => r.json()),
    fetch('/api/map/points/', {credentials: 'same-origin'}).then((r) => r.json()),
    fetch('/api/appraisal/cards/?limit=5000', {credentials: 'same-origin'})
      .then((r) => (r.ok ? r.json() : {results: []})).catch(() => ({results: []})),
  ]).then(([grids, points, cards]) => {
    (cards.results || []).forEach((c) => {
      if (c.subject_kind === 'unit' && c.unit) {
        scores[c.unit] = {total: Number(c.total), rank: Number(c.rank), peers: c.peers, card: c.id};
      }
    });
    if (Object.keys(scores).length) {
      document.getElementById('colour-by').hidden = false;
      const month = (cards.results[0] || {}).month || '';
      document.getElementById('score-month').textContent = month.slice(0, 7);
    }
    gridLayer = L.geoJSON(grids, {
      filter: (f) => f.geometry !== null,
      style: (f) => ({color: colour(f), weight: 1.5, fillOpacity: mode === 'score' ? 0.45 : 0.18}),
      onEachFeature: (f, layer) => {
        layer.bindTooltip(f.properties.name, {sticky: true});
        layer.on('click', () => show(f.properties));
      },
    }).addTo(map);
    el.dataset.grids = String(grids.features.length);
    L.geoJSON(points, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        renderer: dots,
        radius: f.properties.layer === 'channel' ? 4 : 2.5,
        color: f.properties.layer === 'channel' ? '#e08a00' : '#444',
        weight: 1, fillOpacity: 0.8,
      }).bindTooltip(f.properties.name),
    }).addTo(map);
    const bounds = gridLayer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([36.65, 117.0], 10); }
    el.dataset.ready = '1';
  });

  document.querySelectorAll('input[name=colour]').forEach((input) => {
    input.addEventListener('change', () => {
      mode = input.value;
      legend();
      if (gridLayer) {
        gridLayer.setStyle((f) => ({color: colour(f), weight: 1.5, fillOpacity: mode === 'score' ? 0.45 : 0.18}));
      }
    });
  });
  legend();
})();
