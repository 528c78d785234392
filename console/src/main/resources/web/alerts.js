/*
 * The dispatcher's area alerts: proposals waiting for a decision (approve, edit, reject), alerts that are out
 * (identifier, cells reached per zone, approval → broadcast time, the CAP message, cancel), and the history;
 * on the map the inner zone (evacuate) in red and the outer ring (avoid) in orange, dashed while proposed.
 * Entity: alert (see console/README.md). Rows and their buttons are made once per alert and updated in place.
 */
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const { el, setText, fmtAge, fmtTime, hasPos } = Beacon;
  const T = Beacon.t;
  const E = Beacon.enumText;

  const MIN_RADIUS_M = 10;
  const MAX_RADIUS_M = 20000;
  const CLOSED = new Set(['REJECTED', 'CANCELLED', 'EXPIRED']);

  const Alerts = {
    /**
     * model: the LiveModel; map: the Leaflet map (may be null until drawn: call setMap);
     * hooks.selectIncident(id): shows an incident.
     */
    attach(model, hooks) {
      this.model = model;
      this.hooks = hooks || {};
      this.map = null;
      this.layers = new Map();   // alertId -> {group, sig}
      this.rows = new Map();     // 'p:<id>' | 'a:<id>' | 'h:<id>' -> {div, parts, ...}
      this.editing = null;       // {alertId, revision, lat, lon, moved, handle, preview} while the dispatcher edits
      this.lists = { proposals: $('alert-proposals'), active: $('alert-active'), history: $('alert-history-list') };
      model.onChange((batch) => this.render(batch));
      this.initDialog();
      this.render({ reset: true, keys: new Set(), kinds: new Set(['alert']) });
      setInterval(() => this.tick(), 1000);
    },

    setMap(map, cellOf, layers) {
      this.map = map;
      this.zoneGroup = layers ? layers.zones : map;   // the map's "zones" and "cells" overlays, when it has them
      this.cellGroup = layers ? layers.cells : map;
      this.cellOf = cellOf || null;   // cell id -> {lat, lon, az, w, r} of the broadcast network, when the map has it
      map.createPane('alerts').style.zIndex = 370;   // over the roads, under uncertainty circles and markers
      this.drawAll();
    },

    alerts() {
      return Array.from(this.model.kind('alert').values());
    },

    render(batch) {
      if (!batch.reset && !batch.kinds.has('alert')) return;
      const all = this.alerts();
      const proposals = all.filter((a) => a.pending && !CLOSED.has(a.state))
        .sort((x, y) => (x.pending.atMs - y.pending.atMs) || (x.id - y.id));
      const active = all.filter((a) => a.state === 'ACTIVE').sort((x, y) => (x.approvedAtMs - y.approvedAtMs) || (x.id - y.id));
      const history = all.filter((a) => CLOSED.has(a.state)).sort((x, y) => (y.stateAtMs - x.stateAtMs) || (y.id - x.id));
      this.sync(this.lists.proposals, 'p', proposals, (r, a) => this.fillProposal(r, a), (a) => this.makeProposal(a),
        T('alerts.noProposal'));
      this.sync(this.lists.active, 'a', active, (r, a) => this.fillActive(r, a), (a) => this.makeActive(a), T('alerts.noneOut'));
      this.sync(this.lists.history, 'h', history.slice(0, 100), (r, a) => this.fillHistory(r, a), (a) => this.makeHistory(a),
        T('common.none'));
      setText($('alert-count'), proposals.length + active.length);
      $('alert-count').classList.toggle('alarm', proposals.length > 0);
      setText($('alert-history-count'), history.length);
      if (this.editing) {
        const a = this.model.get('alert:' + this.editing.alertId);
        if (!a || !a.pending || a.pending.revision !== this.editing.revision) this.stopEdit();
      }
      this.drawAll();
    },

    /** Keeps one row per alert in `box`, in the order of `list`; rows of alerts no longer listed go. */
    sync(box, prefix, list, fill, make, emptyText) {
      const want = new Set(list.map((a) => prefix + ':' + a.id));
      for (const [key, r] of this.rows) {
        if (key.startsWith(prefix + ':') && !want.has(key)) { r.div.remove(); this.rows.delete(key); }
      }
      const nodes = [];
      for (const a of list) {
        const key = prefix + ':' + a.id;
        let r = this.rows.get(key);
        if (!r) { r = make(a); this.rows.set(key, r); }
        if (r.entity !== a) { r.entity = a; fill(r, a); }
        nodes.push(r.div);
      }
      if (!nodes.length) {
        if (!box._empty) box._empty = el('div', { class: 'muted empty-note' });
        setText(box._empty, emptyText);
        nodes.push(box._empty);
      }
      let cursor = box.firstChild;
      for (const n of nodes) {
        if (n === cursor) { cursor = cursor.nextSibling; continue; }
        box.insertBefore(n, cursor);
      }
      while (cursor) { const next = cursor.nextSibling; box.removeChild(cursor); cursor = next; }
    },

    /* -------------------------------------------------------------- rows */

    whatText(a) {
      return E('Hazard', a.hazard) + ' · ' + (a.incidentId > 0 ? T('alerts.incident', { id: a.incidentId }) : T('alerts.candidate', { id: a.candidateId }));
    },

    areaText(area) {
      if (!area) return '';
      return T('alerts.area', { inner: Math.round(area.innerRadiusM), ring: Math.round(area.ringM) }) +
        (area.polygon && area.polygon.length ? ', ' + T('alerts.polygon', { n: area.polygon.length }) : '');
    },

    head(a) {
      const what = el('span', { class: 'alert-what', text: '' });
      what.addEventListener('click', () => {
        const cur = this.model.get('alert:' + a.id) || a;
        if (cur.incidentId > 0 && this.hooks.selectIncident) this.hooks.selectIncident(cur.incidentId);
        const area = cur.pending || cur.current;
        if (this.map && area && hasPos(area)) this.map.panTo([area.lat, area.lon]);
      });
      return what;
    },

    makeProposal(a) {
      const parts = {
        what: this.head(a), rev: el('span', { class: 'alert-rev mono' }), auto: el('span', { class: 'alert-auto' }),
        update: el('span', { class: 'alert-update' }), age: el('span', { class: 'alert-age mono' }),
        area: el('div', { class: 'alert-area muted' }),
        approve: el('button', { type: 'button', class: 'primary alert-approve', text: T('alerts.approve') }),
        edit: el('button', { type: 'button', class: 'alert-edit', text: T('alerts.edit') }),
        reject: el('button', { type: 'button', class: 'danger alert-reject', text: T('alerts.reject') }),
        form: el('div', { class: 'alert-edit-form', hidden: true }),
      };
      parts.inner = el('input', { type: 'number', class: 'alert-inner-input', min: MIN_RADIUS_M, max: MAX_RADIUS_M, step: 10 });
      parts.ring = el('input', { type: 'number', class: 'alert-ring-input', min: 0, max: MAX_RADIUS_M, step: 10 });
      parts.save = el('button', { type: 'button', class: 'primary alert-save', text: T('alerts.sendEdit') });
      parts.cancelEdit = el('button', { type: 'button', class: 'alert-edit-cancel', text: T('common.cancel') });
      parts.moveNote = el('span', { class: 'muted alert-move-note', text: T('alerts.moveNote') });
      parts.form.append(el('label', null, T('alerts.inner') + ' ', parts.inner, ' m'), el('label', null, T('alerts.ring') + ' ', parts.ring, ' m'),
        parts.save, parts.cancelEdit, parts.moveNote);
      const div = el('div', { class: 'alert-row proposal', dataset: { alert: a.id } },
        el('div', { class: 'alert-line' }, parts.what, ' ', parts.rev, ' ', parts.auto, ' ', parts.update, el('span', { class: 'grow' }),
          parts.age),
        parts.area,
        el('div', { class: 'alert-buttons' }, parts.approve, parts.edit, parts.reject),
        parts.form);
      const r = { div, parts, entity: null };
      parts.approve.addEventListener('click', () => this.decide(r, 'ALERT_APPROVE', parts.approve));
      parts.reject.addEventListener('click', () => this.decide(r, 'ALERT_REJECT', parts.reject));
      parts.edit.addEventListener('click', () => this.startEdit(r));
      parts.cancelEdit.addEventListener('click', () => this.stopEdit());
      parts.save.addEventListener('click', () => this.sendEdit(r));
      return r;
    },

    fillProposal(r, a) {
      const p = r.parts;
      const pending = a.pending;
      setText(p.what, this.whatText(a));
      setText(p.rev, T('alerts.rev', { n: pending.revision }));
      setText(p.auto, pending.autoIssue ? T('alerts.autoIssue') : '');
      p.auto.hidden = !pending.autoIssue;
      setText(p.update, a.state === 'ACTIVE' ? T('alerts.updateOfOut') : '');
      p.update.hidden = a.state !== 'ACTIVE';
      setText(p.area, E('ProposalReason', pending.reason) + ' · ' + this.areaText(pending) +
        (pending.operatorId > 0 ? ' · ' + T('alerts.byOperator', { id: pending.operatorId }) : ' · ' + T('alerts.automatic')));
      setText(p.age, fmtAge(Date.now() - pending.atMs));
      r.div.dataset.revision = pending.revision;
      r.div.classList.toggle('auto-issue', !!pending.autoIssue);
    },

    makeActive(a) {
      const parts = {
        what: this.head(a), identifier: el('span', { class: 'alert-identifier mono' }),
        cells: el('div', { class: 'alert-cells' }), expires: el('span', { class: 'alert-expires mono muted' }),
        cap: el('a', { class: 'alert-cap', target: '_blank', rel: 'noopener', text: T('alerts.cap') }),
        cancel: el('button', { type: 'button', class: 'danger alert-cancel', text: T('alerts.cancelAlert') }),
      };
      const div = el('div', { class: 'alert-row active', dataset: { alert: a.id } },
        el('div', { class: 'alert-line' }, parts.what, ' ', parts.identifier, el('span', { class: 'grow' }), parts.expires),
        parts.cells,
        el('div', { class: 'alert-buttons' }, parts.cap, parts.cancel));
      const r = { div, parts, entity: null };
      parts.cancel.addEventListener('click', () => {
        const cur = this.model.get('alert:' + a.id);
        if (!cur) return;
        this.confirm(T('alerts.cancelTitle', { id: a.id }),
          T('alerts.cancelText', { what: this.whatText(cur), identifier: cur.identifier || T('alerts.noIdentifier') }),
          { type: 'ALERT_CANCEL', alertId: a.id, confirmed: true }, T('command.label.alertCancel', { id: a.id }));
      });
      return r;
    },

    fillActive(r, a) {
      const p = r.parts;
      setText(p.what, this.whatText(a));
      setText(p.identifier, a.identifier || '');
      p.cap.href = '/api/alerts/' + a.id + '/cap';
      setText(p.expires, a.expiresAtMs ? T('alerts.expires', { time: fmtTime(a.expiresAtMs) }) : '');
      const b = a.broadcast;
      const issued = (a.issued || []).length ? a.issued[a.issued.length - 1] : null;
      let text = T('alerts.approved', { type: issued ? E('AlertMsgType', issued.msgType) : '?',
        by: a.approvedBy > 0 ? T('alerts.operator', { id: a.approvedBy }) : T('alerts.automatic'), time: fmtTime(a.approvedAtMs) }) +
        ' · ' + this.areaText(a.current);
      if (b && (!issued || b.identifier === issued.identifier)) {
        text += ' · ' + T('alerts.broadcast', { outcome: E('BroadcastOutcome', b.outcome), inner: b.innerCells, outer: b.outerCells }) +
          (b.latencyMs !== null && b.latencyMs !== undefined ? ', ' + T('alerts.latency', { ms: b.latencyMs }) : '') +
          (b.detail ? ' (' + Beacon.localizeText(b.detail) + ')' : '');
      } else {
        text += ' · ' + T('alerts.waitingReport');
      }
      setText(p.cells, text);
      p.cells.dataset.outcome = b ? b.outcome : '';
      r.div.classList.toggle('broadcast-failed', !!b && b.outcome !== 'BROADCAST' && b.outcome !== 'CANCELLED');
    },

    makeHistory(a) {
      const parts = { what: this.head(a), state: el('span', { class: 'alert-state' }), when: el('span', { class: 'mono muted' }),
        cap: el('a', { class: 'alert-cap', target: '_blank', rel: 'noopener', text: T('alerts.cap') }) };
      const div = el('div', { class: 'alert-row history', dataset: { alert: a.id } },
        el('div', { class: 'alert-line' }, parts.what, ' ', parts.state, el('span', { class: 'grow' }), parts.when, ' ', parts.cap));
      return { div, parts, entity: null };
    },

    fillHistory(r, a) {
      const p = r.parts;
      setText(p.what, this.whatText(a));
      setText(p.state, E('AlertState', a.state) + (a.identifier ? ' · ' + a.identifier : ''));
      setText(p.when, fmtTime(a.stateAtMs));
      p.cap.hidden = !a.identifier;
      p.cap.href = '/api/alerts/' + a.id + '/cap';
      r.div.dataset.state = a.state;
    },

    tick() {
      for (const [key, r] of this.rows) {
        if (key.startsWith('p:') && r.entity && r.entity.pending) setText(r.parts.age, fmtAge(Date.now() - r.entity.pending.atMs));
      }
    },

    /* -------------------------------------------------------------- commands */

    async decide(r, type, btn) {
      const a = this.model.get('alert:' + r.div.dataset.alert);
      if (!a || !a.pending) return;
      btn.disabled = true;   // one click, one command
      try {
        await Beacon.command({ type, alertId: a.id, revision: a.pending.revision },
          T('command.label.alertDecide', { what: E('Command', type), id: a.id, rev: a.pending.revision }));
      } catch (_) { /* shown in #command-result */ }
      btn.disabled = false;
    },

    startEdit(r) {
      const a = this.model.get('alert:' + r.div.dataset.alert);
      if (!a || !a.pending) return;
      this.stopEdit();
      const p = r.parts;
      p.inner.value = Math.round(a.pending.innerRadiusM);
      p.ring.value = Math.round(a.pending.ringM);
      p.form.hidden = false;
      r.div.classList.add('editing');
      const ed = { alertId: a.id, revision: a.pending.revision, row: r, lat: a.pending.lat, lon: a.pending.lon, moved: false,
        handle: null, preview: null };
      this.editing = ed;
      if (this.map && hasPos(a.pending)) {
        ed.preview = L.circle([ed.lat, ed.lon], { pane: 'alerts', radius: Number(p.inner.value) || MIN_RADIUS_M, interactive: false,
          className: 'alert-edit-preview', color: '#2563c9', weight: 2, dashArray: '4 4', fillOpacity: 0.05 }).addTo(this.map);
        ed.handle = L.marker([ed.lat, ed.lon], { draggable: true, zIndexOffset: 1000, title: T('alerts.dragTitle'),
          icon: L.divIcon({ className: 'alert-drag-handle', iconSize: [18, 18] }) }).addTo(this.map);
        ed.handle.on('drag', () => ed.preview.setLatLng(ed.handle.getLatLng()));
        ed.handle.on('dragend', () => {
          const ll = ed.handle.getLatLng();
          ed.lat = Math.round(ll.lat * 1e6) / 1e6;
          ed.lon = Math.round(ll.lng * 1e6) / 1e6;
          ed.moved = true;
        });
        p.inner.oninput = () => { const v = Number(p.inner.value); if (v >= MIN_RADIUS_M) ed.preview.setRadius(v); };
      }
      p.inner.focus();
    },

    stopEdit() {
      const ed = this.editing;
      if (!ed) return;
      this.editing = null;
      if (ed.handle) ed.handle.remove();
      if (ed.preview) ed.preview.remove();
      ed.row.parts.form.hidden = true;
      ed.row.div.classList.remove('editing');
    },

    async sendEdit(r) {
      const ed = this.editing;
      const a = ed ? this.model.get('alert:' + ed.alertId) : null;
      if (!ed || !a || !a.pending) return;
      const p = r.parts;
      const cmd = { type: 'ALERT_EDIT', alertId: ed.alertId, revision: ed.revision };
      const inner = Math.round(Number(p.inner.value));
      const ring = Math.round(Number(p.ring.value));
      if (inner !== Math.round(a.pending.innerRadiusM)) cmd.innerRadiusM = inner;
      if (ring !== Math.round(a.pending.ringM)) cmd.ringM = ring;
      if (ed.moved) { cmd.lat = ed.lat; cmd.lon = ed.lon; }
      const out = $('command-result');
      if (Object.keys(cmd).length === 3) {
        if (out) { out.className = 'command-result error'; setText(out, T('alerts.nothingChanged')); }
        return;
      }
      p.save.disabled = true;
      try {
        await Beacon.command(cmd, T('command.label.alertDecide', { what: E('Command', 'ALERT_EDIT'), id: ed.alertId, rev: ed.revision }));
        this.stopEdit();
      } catch (_) { /* the reason is in #command-result; the form stays for a correction */ }
      p.save.disabled = false;
    },

    /* -------------------------------------------------------------- confirmation */

    initDialog() {
      const dialog = $('confirm-dialog');
      if (!dialog) return;
      $('confirm-yes').addEventListener('click', () => {
        const pending = this.confirming;
        this.confirming = null;
        dialog.hidden = true;
        if (pending) Beacon.command(pending.cmd, pending.label).catch(() => {});
      });
      $('confirm-no').addEventListener('click', () => { this.confirming = null; dialog.hidden = true; });
      document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && !dialog.hidden) $('confirm-no').click(); });
      dialog.addEventListener('click', (ev) => { if (ev.target === dialog) $('confirm-no').click(); });
    },

    confirm(title, text, cmd, label) {
      this.confirming = { cmd, label };
      setText($('confirm-title'), title);
      setText($('confirm-text'), text);
      $('confirm-dialog').hidden = false;
      $('confirm-no').focus();   // the safe answer has the focus
    },

    /* -------------------------------------------------------------- map */

    drawAll() {
      if (!this.map) return;
      const seen = new Set();
      for (const a of this.alerts()) {
        seen.add(a.id);
        this.draw(a);
      }
      for (const [id, rec] of this.layers) if (!seen.has(id)) { rec.group.remove(); rec.cells.remove(); this.layers.delete(id); }
    },

    /** Zones of one alert: the area out (solid) while ACTIVE, the pending revision (dashed); nothing once closed. */
    draw(a) {
      const areas = Beacon.alertAreas(a);
      const b = a.state === 'ACTIVE' && a.broadcast && a.broadcast.outcome === 'BROADCAST' ? a.broadcast : null;
      const cellIds = b ? [...(b.inner || []), ...(b.outer || [])] : [];
      const sig = JSON.stringify(areas) + '|' + cellIds.join(',');
      let rec = this.layers.get(a.id);
      if (rec && rec.sig === sig) return;
      if (!rec) {
        rec = { group: L.layerGroup().addTo(this.zoneGroup), cells: L.layerGroup().addTo(this.cellGroup), sig };
        this.layers.set(a.id, rec);
      }
      rec.sig = sig;
      rec.group.clearLayers();
      rec.cells.clearLayers();
      // where it went out: the sectors of the cells that broadcast it (blue, under the zones)
      if (this.cellOf) {
        const innerSet = new Set(b ? b.inner || [] : []);
        for (const id of cellIds) {
          const cell = this.cellOf(id);
          if (!cell) continue;
          L.polygon(Beacon.cellWedge(cell), { pane: 'alerts', weight: 1, color: '#1565c0', dashArray: '3 3',
            fillColor: '#1565c0', fillOpacity: innerSet.has(id) ? 0.10 : 0.04, interactive: false,
            className: 'alert-cell alert-' + a.id }).addTo(rec.cells);
        }
      }
      for (const [area, look] of areas) {
        const tip = () => {
          const cur = this.model.get('alert:' + a.id) || a;
          return this.whatText(cur) + ' · ' + E('AlertState', cur.state) + (look === 'proposed' ? ' · ' + T('alerts.proposedRev', { n: area.revision }) : '') +
            (cur.identifier && look === 'active' ? ' · ' + cur.identifier : '');
        };
        const inner = Beacon.alertZones(rec.group, a, area, look, 'alerts', tip);
        if (inner) {
          inner.on('click', () => { if (a.incidentId > 0 && this.hooks.selectIncident) this.hooks.selectIncident(a.incidentId); });
        }
      }
    },
  };
  window.BeaconAlerts = Alerts;
})();
