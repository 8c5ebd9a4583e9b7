// The city map: grids, places and channels from our own API; base tiles only if configured.
// Grids are coloured by class, or by the latest published appraisal score; each layer can
// be switched off, grids carry their names, and a search finds any grid, place or channel.
(function () {
  const el = document.getElementById('map');
  const labels = JSON.parse(document.getElementById('map-labels').textContent);
  const map = L.map(el, {zoomSnap: 0.25});
  window.wgMap = map;  // the page's other layers (problems.js, design.js) draw on it
  const dots = L.canvas({padding: 0.2});  // thousands of points draw faster on canvas
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || '', maxZoom: 18}).addTo(map);
  }
  const info = document.getElementById('grid-info');
  const phone = window.matchMedia('(max-width: 800px)');
  const scores = {};  // unit id -> {total, rank, peers, card}
  const found = document.getElementById('map-found');
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
  const style = (f) => ({color: colour(f), weight: 1.5, fillOpacity: mode === 'score' ? 0.45 : 0.18});
  const escape = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const row = (k, v) => `<tr><th>${escape(labels[k] || k)}</th><td>${v}</td></tr>`;
  function show(p) {
    const s = scores[p.id];
    info.innerHTML = `<button type="button" class="sheet-close" aria-label="${escape(labels.close)}">×</button>` +
      `<h2>${escape(p.name)}</h2><table class="kv">` +
      row('class', escape(p.grid_class + ' · ' + (labels[p.grid_type] || p.grid_type))) +
      row('parent', escape(p.parent)) +
      row('households', escape(p.households)) + row('population', escape(p.population)) +
      row('enterprises', escape(p.enterprises)) + row('places', escape(p.places)) +
      (s ? row('score', `<a href="/appraisal/card/${Number(s.card)}/">${escape(s.total)}</a> · ${escape(labels.rank)} ${escape(s.rank)}/${escape(s.peers)}`) : '') +
      '</table>';
    // On a phone the profile is a sheet over the map's lower part, in view at once.
    info.classList.add('open');
    info.querySelector('.sheet-close').addEventListener('click', () => info.classList.remove('open'));
  }
  function legend() {
    document.getElementById('legend-class').hidden = mode !== 'class';
    document.getElementById('legend-score').hidden = mode !== 'score';
  }

  const layers = {grids: null, labels: null, places: L.layerGroup(), channels: L.layerGroup()};
  const named = [];  // {name, kind, layer, feature} of everything a search can find
  let gridLayer;
  // ?as_of=YYYY-MM-DD on the page shows the grids as they stood that day
  const asOf = new URLSearchParams(window.location.search).get('as_of');
  const on = asOf ? `?as_of=${encodeURIComponent(asOf)}` : '';
  Promise.all([
    fetch('/api/map/grids/' + on, {credentials: 'same-origin'}).then((r) => r.json()),
    fetch('/api/map/points/' + on, {credentials: 'same-origin'}).then((r) => r.json()),
    fetch('/api/appraisal/grid-scores/', {credentials: 'same-origin'})
      .then((r) => (r.ok ? r.json() : {grids: []})).catch(() => ({grids: []})),
  ]).then(([grids, points, latest]) => {
    (latest.grids || []).forEach((g) => {
      scores[g.unit] = {total: Number(g.total), rank: Number(g.rank), peers: g.peers, card: g.card};
    });
    if (Object.keys(scores).length) {
      document.getElementById('colour-by').hidden = false;
      document.getElementById('score-month').textContent = (latest.month || '').slice(0, 7);
    }
    layers.labels = L.layerGroup();
    gridLayer = L.geoJSON(grids, {
      filter: (f) => f.geometry !== null,
      style: style,
      onEachFeature: (f, layer) => {
        layer.on('click', () => show(f.properties));
        named.push({name: f.properties.name, layer: layer, feature: f});
        const centre = layer.getBounds().getCenter();
        layers.labels.addLayer(L.marker(centre, {
          interactive: false, keyboard: false,
          icon: L.divIcon({className: 'grid-label', html: `<span>${escape(f.properties.name)}</span>`, iconSize: null}),
        }));
      },
    });
    layers.grids = gridLayer;
    el.dataset.grids = String(grids.features.length);
    L.geoJSON(points, {
      pointToLayer: (f, latlng) => {
        const channel = f.properties.layer === 'channel';
        const dot = L.circleMarker(latlng, {
          renderer: dots,
          radius: channel ? 4 : 2.5,
          color: channel ? '#e08a00' : '#444',
          weight: 1, fillOpacity: 0.8,
        }).bindTooltip(escape(f.properties.name));
        layers[channel ? 'channels' : 'places'].addLayer(dot);
        named.push({name: f.properties.name, layer: dot, feature: f});
        return dot;
      },
    });
    document.querySelectorAll('input[name=layer]').forEach((box) => {
      if (box.checked) { layers[box.value].addTo(map); }
    });
    const list = document.getElementById('map-names');
    [...new Set(named.map((n) => n.name))].sort().slice(0, 3000).forEach((name) => {
      const option = document.createElement('option');
      option.value = name;
      list.appendChild(option);
    });
    const bounds = gridLayer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([36.65, 117.0], 10); }
    labelsForZoom();
    el.dataset.ready = '1';
    el.dispatchEvent(new CustomEvent('wg:ready', {detail: {grids: grids}}));
  });

  // Names of grids are drawn once they are legible: with more than LEGIBLE grids in view
  // (a whole province at once) they would be a smudge, so they wait for a closer zoom.
  const LEGIBLE = 80;
  function labelsForZoom() {
    if (!layers.labels) { return; }
    const view = map.getBounds();
    let inView = 0;
    layers.labels.eachLayer((m) => { if (view.contains(m.getLatLng())) { inView += 1; } });
    el.classList.toggle('labels-hidden', inView > LEGIBLE);
  }
  map.on('moveend', labelsForZoom);

  document.querySelectorAll('input[name=layer]').forEach((box) => {
    box.addEventListener('change', () => {
      const layer = layers[box.value];
      if (!layer) { return; }
      if (box.checked) { layer.addTo(map); } else { map.removeLayer(layer); }
    });
  });

  document.getElementById('map-search').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = document.getElementById('map-q').value.trim().toLowerCase();
    if (!q) { return; }
    const hits = named.filter((n) => String(n.name).toLowerCase().includes(q));
    const exact = hits.filter((n) => String(n.name).toLowerCase() === q);
    const hit = (exact.length ? exact : hits)[0];
    if (!hit) { found.textContent = labels.nothing_found; return; }
    found.textContent = hits.length > 1 ? labels.more_found.replace('{n}', hits.length) : '';
    if (hit.layer.getBounds) {
      map.fitBounds(hit.layer.getBounds(), {maxZoom: 15});
      show(hit.feature.properties);
    } else {
      map.setView(hit.layer.getLatLng(), Math.max(map.getZoom(), 15));
      hit.layer.openTooltip();
    }
  });

  document.querySelectorAll('input[name=colour]').forEach((input) => {
    input.addEventListener('change', () => {
      mode = input.value;
      legend();
      if (gridLayer) { gridLayer.setStyle(style); }
    });
  });
  legend();
  phone.addEventListener('change', () => info.classList.remove('open'));
})();
