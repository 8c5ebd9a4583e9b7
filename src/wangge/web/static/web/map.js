// The city map: grids, places and channels from our own API; base tiles only if configured.
(function () {
  const el = document.getElementById('map');
  const labels = JSON.parse(document.getElementById('map-labels').textContent);
  const map = L.map(el, {zoomSnap: 0.25});
  const dots = L.canvas({padding: 0.2});  // thousands of points draw faster on canvas
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || '', maxZoom: 18}).addTo(map);
  }
  const info = document.getElementById('grid-info');
  const colour = (f) => (f.properties.grid_class === 'A' ? '#c7000b' : '#1f6fb2');
  const row = (k, v) => `<tr><th>${labels[k] || k}</th><td>${v}</td></tr>`;
  function show(p) {
    info.innerHTML = `<h2>${p.name}</h2><table>` +
      row('class', p.grid_class + ' · ' + p.grid_type) + row('parent', p.parent) +
      row('households', p.households) + row('population', p.population) +
      row('enterprises', p.enterprises) + row('places', p.places) + '</table>';
  }
  Promise.all([
    fetch('/api/map/grids/', {credentials: 'same-origin'}).then((r) => r.json()),
    fetch('/api/map/points/', {credentials: 'same-origin'}).then((r) => r.json()),
  ]).then(([grids, points]) => {
    const gridLayer = L.geoJSON(grids, {
      filter: (f) => f.geometry !== null,
      style: (f) => ({color: colour(f), weight: 1.5, fillOpacity: 0.18}),
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
})();
