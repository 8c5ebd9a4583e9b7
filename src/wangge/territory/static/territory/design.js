// A grid proposal on the map: its grids filled in turn of colour, today's grids as a
// dark outline over them; a click names the grid with its workload and places.
(function () {
  const el = document.getElementById('design-map');
  const grids = JSON.parse(document.getElementById('proposal-grids').textContent);
  const labels = JSON.parse(document.getElementById('design-labels').textContent);
  const map = L.map(el, {zoomSnap: 0.25});
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || '', maxZoom: 18}).addTo(map);
  }
  const escape = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const palette = ['#1f6fb2', '#c7000b', '#2e8b57', '#e08a00', '#7b4fa0', '#0f8a8a', '#b5651d', '#d6336c'];
  const proposal = L.geoJSON({
    type: 'FeatureCollection',
    features: grids.map((g, i) => ({type: 'Feature', geometry: g.shape, properties: {...g, n: i}})),
  }, {
    style: (f) => ({color: palette[f.properties.n % palette.length], weight: 1, fillOpacity: 0.35}),
    onEachFeature: (f, layer) => {
      const p = f.properties;
      const name = p.code || labels.new;
      layer.bindPopup(`<strong>${escape(name)}</strong>${p.fixed ? ' · ' + escape(labels.fixed) : ''}<br>` +
        `${escape(labels.workload)} ${escape(wg.count(Math.round(p.workload)))} · ${escape(labels.places)} ${escape(wg.count(p.places))}`);
    },
  }).addTo(map);
  const layers = {proposal: proposal, current: L.layerGroup().addTo(map)};
  fetch('/api/map/grids/', {credentials: 'same-origin'}).then((r) => r.json()).then((data) => {
    L.geoJSON(data, {filter: (f) => f.geometry !== null, interactive: false,
      style: {color: '#222', weight: 2, fill: false, dashArray: '5 4'}}).addTo(layers.current);
  });
  const bounds = proposal.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds); } else { map.setView([36.65, 117.0], 10); }
  document.querySelectorAll('input[name=design-layer]').forEach((box) => {
    box.addEventListener('change', () => {
      if (box.checked) { layers[box.value].addTo(map); } else { map.removeLayer(layers[box.value]); }
    });
  });
  el.dataset.ready = '1';
})();
