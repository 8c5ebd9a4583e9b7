// The validation problems of the grids in view (gaps, overlaps, invalid boundaries,
// places in no grid or in several): a red layer on the map and a list beside it;
// clicking an item shows it on the map. The texts come worded from the server.
(function () {
  const el = document.getElementById('map');
  const list = document.getElementById('problems-list');
  const summary = document.getElementById('problems-summary');
  const labels = JSON.parse(document.getElementById('problem-labels').textContent);
  const box = document.querySelector('input[name=problem-layer]');
  const escape = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const layer = L.layerGroup();
  const red = {color: '#c7000b', weight: 2, dashArray: '4 3', fillOpacity: 0.35};

  function draw(data) {
    const map = window.wgMap;
    const features = data.features || [];
    summary.textContent = features.length ? labels.some.replace('{n}', features.length) : labels.none;
    el.dataset.problems = String(features.length);
    features.forEach((f, i) => {
      const p = f.properties;
      let shown = null;
      if (f.geometry && f.geometry.type === 'Point') {
        shown = L.circleMarker([p.lat, p.lon], {color: '#c7000b', radius: 7, weight: 2, fillOpacity: 0.6});
      } else if (f.geometry) {
        shown = L.geoJSON(f, {style: red});
      }
      if (shown) {
        shown.bindPopup(`<strong>${escape(p.title)}</strong><br>${escape(p.text)}`);
        layer.addLayer(shown);
      }
      const item = document.createElement('li');
      item.dataset.kind = p.kind;
      item.innerHTML = `<button type="button"><span class="kind">${escape(p.title)}</span>${escape(p.text)}</button>`;
      item.querySelector('button').addEventListener('click', () => {
        if (!shown) { return; }
        if (!map.hasLayer(layer)) { box.checked = true; layer.addTo(map); }
        if (shown.getBounds) {
          map.fitBounds(shown.getBounds(), {maxZoom: 17});
          shown.openPopup();
        } else {
          map.setView(shown.getLatLng(), Math.max(map.getZoom(), 16));
          shown.openPopup();
        }
      });
      list.appendChild(item);
      item.id = `problem-${i + 1}`;
    });
    if (box.checked) { layer.addTo(map); }
  }

  function load() {
    const asOf = new URLSearchParams(window.location.search).get('as_of');
    const url = '/api/map/problems/' + (asOf ? `?as_of=${encodeURIComponent(asOf)}` : '');
    fetch(url, {credentials: 'same-origin'})
      .then((r) => { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(draw)
      .catch(() => { summary.textContent = labels.failed; });
  }
  box.addEventListener('change', () => {
    if (box.checked) { layer.addTo(window.wgMap); } else { window.wgMap.removeLayer(layer); }
  });
  if (el.dataset.ready) { load(); } else { el.addEventListener('wg:ready', load, {once: true}); }
})();
