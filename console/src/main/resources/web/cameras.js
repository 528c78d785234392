/*
 * The dispatcher's camera view: watchlist hits and crowd incident candidates as they arrive (newest first, with
 * the crop and the camera's place on the map), the watchlist itself, adding or removing a plate, and proposing an
 * area alert around a crowd candidate.
 * Entities (see console/README.md): camera, hit, candidate, watch.
 */
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const el = Beacon.el;
  const T = Beacon.t;
  const E = Beacon.enumText;
  const fmtTime = Beacon.fmtTime;

  function cropImg(ref) {
    if (!ref) return el('span', { class: 'when', text: T('cameras.noCrop') });
    return el('img', { src: '/api/crops/' + ref.split('/').map(encodeURIComponent).join('/'), alt: T('cameras.crop'), loading: 'lazy' });
  }

  const Cameras = {
    attach(model, map) {
      this.model = model;
      this.map = map;
      this.cameraLayers = new Map();
      this.eventLayer = L.layerGroup().addTo(map);
      this.rows = new Map();
      model.onChange((batch) => this.render(batch));
      this.render({ reset: true, keys: new Set(), kinds: new Set(['camera', 'hit', 'candidate', 'watch']) });
      $('watch-add').addEventListener('click', () => {
        const plate = $('watch-plate').value.trim();
        if (!plate) return;
        Beacon.command({ type: 'WATCHLIST_ADD', plate, reason: $('watch-reason').value }, T('command.label.watchAdd', { plate }))
          .then(() => { $('watch-plate').value = ''; }).catch(() => {});
      });
    },

    render(batch) {
      const kinds = batch.kinds || new Set();
      if (!batch.reset && !['camera', 'hit', 'candidate', 'watch'].some((k) => kinds.has(k))) return;
      this.drawCameras();
      this.drawWatchlist();
      this.drawEvents();
    },

    drawCameras() {
      for (const c of this.model.kind('camera').values()) {
        if (typeof c.lat !== 'number' || this.cameraLayers.has(c.id)) continue;
        const marker = L.circleMarker([c.lat, c.lon], { radius: 5, className: 'camera-marker camera-' + c.id, weight: 2 })
          .bindTooltip(T('cameras.camera', { id: c.id }) + ': ' + (c.name || ''));
        marker.addTo(this.map);
        this.cameraLayers.set(c.id, marker);
      }
    },

    drawWatchlist() {
      const box = $('watchlist');
      const entries = Array.from(this.model.kind('watch').values()).sort((a, b) => a.plate.localeCompare(b.plate));
      box.replaceChildren(...entries.map((w) => {
        const remove = el('button', { type: 'button', title: T('cameras.unwatch'), text: '×' });
        remove.addEventListener('click', () => Beacon.command({ type: 'WATCHLIST_REMOVE', plate: w.plate }, T('command.label.watchRemove', { plate: w.plate }))
          .catch(() => {}));
        return el('span', { class: 'watch', dataset: { plate: w.plate, reason: w.reason }, title: E('WatchlistReason', w.reason) },
          w.plate + ' ' + E('WatchlistReason', w.reason), remove);
      }));
    },

    drawEvents() {
      const events = [];
      for (const h of this.model.kind('hit').values()) events.push(h);
      for (const c of this.model.kind('candidate').values()) events.push(c);
      events.sort((a, b) => b.atMs - a.atMs);
      const shown = events.slice(0, 50);
      $('hit-count').textContent = String(this.model.kind('hit').size + this.model.kind('candidate').size);
      const box = $('camera-events');
      box.replaceChildren(...shown.map((e) => this.row(e)));
      this.eventLayer.clearLayers();
      for (const e of shown.slice(0, 10)) {
        if (typeof e.lat !== 'number') continue;
        if (e.kind === 'hit') {
          L.circleMarker([e.lat, e.lon], { radius: 9, className: 'hit-marker hit-' + e.n, color: '#c62828', weight: 3, fill: false })
            .bindTooltip(T('cameras.watchlistTip', { plate: e.plate })).addTo(this.eventLayer);
        } else {
          L.circle([e.lat, e.lon], { radius: Math.max(10, e.radiusM || 30), className: 'candidate-zone candidate-' + e.id,
            color: '#ef6c00', weight: 2 }).bindTooltip(T('cameras.crowdTip', { n: e.count })).addTo(this.eventLayer);
        }
      }
    },

    row(e) {
      const camera = this.model.get('camera:' + e.cameraId);
      const where = camera && camera.name ? camera.name : T('cameras.camera', { id: e.cameraId });
      const text = e.kind === 'hit'
        ? el('div', null,
          el('div', { class: 'what', text: T('cameras.hit', { plate: e.plate }) + (e.exact ? '' : ' ≈ ' + e.listedPlate) }),
          el('div', { class: 'hit-facts', dataset: { reason: e.reason }, text: E('WatchlistReason', e.reason) +
            (e.incidentId ? ' · ' + T('alerts.incident', { id: e.incidentId }) : '') + ' · ' + where +
            ' · ' + T('cameras.confidence', { pct: Math.round(e.confidence * 100) }) }),
          el('div', { class: 'when', text: fmtTime(e.atMs) }))
        : el('div', null,
          el('div', { class: 'what', text: T('cameras.crowd', { n: e.count, rule: E('CrowdRule', e.rule) }) }),
          el('div', { text: where + ' · ' + T('cameras.zone', { id: e.zoneId }) + ' · ' + T('cameras.occupancy', { pct: Math.round(e.occupancy * 100) }) }),
          el('div', { class: 'when', text: fmtTime(e.atMs) }));
      if (e.kind === 'candidate' && typeof e.lat === 'number') {
        // the crowd's place and zone radius as the proposed inner zone; the state machine sizes the ring
        const propose = el('button', { type: 'button', class: 'propose-alert', dataset: { candidate: e.id }, text: T('cameras.propose') });
        propose.addEventListener('click', (ev) => {
          ev.stopPropagation();
          const radius = Math.min(20000, Math.max(10, Math.round(e.radiusM || 0)));
          Beacon.command({ type: 'ALERT_PROPOSE', candidateId: e.id, hazard: 'CROWD', lat: e.lat, lon: e.lon, innerRadiusM: radius },
            T('command.label.propose', { id: e.id })).catch(() => {});
        });
        text.appendChild(propose);
      }
      const row = el('div', { class: 'camera-event ' + e.kind, dataset: { key: e.k } }, cropImg(e.cropRef), text);
      row.addEventListener('click', () => { if (typeof e.lat === 'number') this.map.panTo([e.lat, e.lon]); });
      return row;
    },
  };
  window.BeaconCameras = Cameras;
})();
