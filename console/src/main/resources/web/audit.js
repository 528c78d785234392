/*
 * Auditor's console (read only): the city as of a chosen moment, rebuilt by the server from the
 * journals (GET /api/audit/state), an incident's timeline, and the journals' replay verification.
 * No command is sent from this page.
 */
'use strict';

(function () {
  const { el, setText, fmtAge, fmtTime, fmtDateTime, hasPos } = Beacon;
  const T = Beacon.t;
  const E = Beacon.enumText;
  const STEP_MS = 10000;
  const DEBOUNCE_MS = 150;

  const $ = (id) => document.getElementById(id);
  const scrubber = $('scrubber');
  const atTime = $('at-time');
  const marksBox = $('marks');
  const incBody = $('audit-incidents').tBodies[0];
  const unitBody = $('audit-units').tBodies[0];
  const timelineBody = $('timeline').tBodies[0];

  let range = { firstMs: 0, lastMs: 0 };
  let atMs = 0;                // the moment shown (or being loaded)
  let state = new Map();       // key -> entity as of atMs
  let selectedId = 0;
  let mapCtx = null;
  let incLayers = null;
  let unitLayers = null;
  let requestNo = 0;           // answers to older requests are dropped (scrubbing sends many)
  let debounce = 0;
  let editingTime = false;     // the operator is typing a time: moves elsewhere leave the box alone

  /* ------------------------------------------------------------------ time controls */

  function clamp(t) {
    if (!range.lastMs) return t;
    return Math.min(Math.max(t, range.firstMs), range.lastMs);
  }

  /**
   * Accepts "YYYY-MM-DD HH:MM:SS[.mmm]" and "HH:MM:SS" (the shown day) in the center's zone (+07:00, whatever the
   * browser's), an ISO instant with its offset, or epoch ms.
   */
  function parseTime(text) {
    const s = text.trim();
    if (/^\d{10,}$/.test(s)) return Number(s);
    let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(s);
    if (m) {
      return Beacon.centerInstant(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] || 0), +((m[7] || '0').padEnd(3, '0')));
    }
    m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(s);
    if (m) {
      const day = Beacon.centerParts(atMs || Date.now());
      return Beacon.centerInstant(day.y, day.mo, day.d, +m[1], +m[2], +(m[3] || 0), +((m[4] || '0').padEnd(3, '0')));
    }
    const t = Date.parse(s);
    return isNaN(t) ? null : t;
  }

  /** Moves to moment t: controls follow at once, the state is fetched once the scrubbing settles. */
  function goTo(t, immediate) {
    atMs = Math.round(clamp(t));
    scrubber.value = String(atMs);
    if (!editingTime) atTime.value = fmtDateTime(atMs);   // not under the operator's typing
    atTime.classList.remove('invalid');
    clearTimeout(debounce);
    if (immediate) loadState(atMs);
    else debounce = setTimeout(() => loadState(atMs), DEBOUNCE_MS);
  }

  scrubber.addEventListener('input', () => goTo(Number(scrubber.value), false));
  scrubber.addEventListener('change', () => goTo(Number(scrubber.value), false));
  $('step-back').addEventListener('click', () => goTo(atMs - STEP_MS, false));
  $('step-fwd').addEventListener('click', () => goTo(atMs + STEP_MS, false));
  atTime.addEventListener('input', () => { editingTime = true; });
  atTime.addEventListener('blur', () => { editingTime = false; });
  atTime.addEventListener('change', () => {
    editingTime = false;
    const t = parseTime(atTime.value);
    if (t === null) { atTime.classList.add('invalid'); atTime.title = T('audit.notATime', { text: atTime.value }); return; }
    goTo(t, false);
    atTime.value = fmtDateTime(atMs);
  });
  atTime.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') atTime.dispatchEvent(new Event('change')); });

  function applyRange(r) {
    range = { firstMs: r.firstMs || 0, lastMs: r.lastMs || 0 };
    scrubber.min = String(range.firstMs);
    scrubber.max = String(range.lastMs);
    scrubber.value = String(clamp(atMs));
    setText($('range-label'), T('audit.range', { from: fmtDateTime(range.firstMs), to: fmtDateTime(range.lastMs),
      offset: Beacon.zoneOffsetText(range.lastMs || Date.now()), span: fmtAge(range.lastMs - range.firstMs), inputs: r.inputs || 0,
      outputs: r.outputs || 0 }));
    placeMarks();
  }

  let marks = [];
  function placeMarks() {
    const span = range.lastMs - range.firstMs;
    marksBox.replaceChildren(...marks.map((m) => {
      const pct = span > 0 ? ((m.atMs - range.firstMs) / span) * 100 : 0;
      const s = el('span', { class: 'mark mark-' + (m.kind || ''), title: fmtTime(m.atMs) + ' ' + Beacon.localizeText(m.text || ''),
        dataset: { at: m.atMs, id: m.id || '' } });
      s.style.left = Math.min(Math.max(pct, 0), 100) + '%';
      s.addEventListener('click', () => {
        if (m.kind === 'incident' && m.id) selectIncident(m.id);
        goTo(m.atMs, true);
      });
      return s;
    }));
  }

  async function refreshRange() {
    const [r, mk] = await Promise.all([Beacon.getJson('/api/audit/range'), Beacon.getJson('/api/audit/marks').catch(() => ({ marks: [] }))]);
    marks = mk.marks || [];
    applyRange(r);
    return r;
  }

  /* ------------------------------------------------------------------ state as of T */

  async function loadState(t) {
    const my = ++requestNo;
    document.body.classList.add('loading');
    try {
      const a = await Beacon.getJson('/api/audit/state?atMs=' + encodeURIComponent(t));
      if (my !== requestNo) return;   // a newer moment was asked for meanwhile
      state = new Map();
      for (const e of a.entities || []) state.set(e.k, e);
      const at = typeof a.atMs === 'number' ? a.atMs : t;
      setText($('at-label'), fmtDateTime(at) + ' (UTC' + Beacon.zoneOffsetText(at) + ')');
      $('at-label').title = new Date(at).toISOString();
      $('at-label').dataset.atMs = String(at);
      setText($('at-info'), T('audit.seq', { seq: a.seq !== undefined ? a.seq : '?' }));
      renderState(at);
    } catch (e) {
      if (my !== requestNo) return;
      setText($('at-info'), T('audit.failed', { reason: e.message }));
    } finally {
      if (my === requestNo) document.body.classList.remove('loading');
    }
  }

  const ofKind = (kind) => Array.from(state.values()).filter((e) => Beacon.keyKind(e.k) === kind);
  const agenciesOf = (inc) => (inc.agencies && inc.agencies.length ? inc.agencies : (inc.agency ? [inc.agency] : []));

  /** Keyed rows reused between moments: scrubbing through 5,000 units must not rebuild the table. */
  function keyedRows(tbody, cache, items, idOf, make, fill) {
    const want = new Set();
    const order = [];
    for (const it of items) {
      const id = idOf(it);
      want.add(id);
      let r = cache.get(id);
      if (!r) { r = make(it); cache.set(id, r); }
      fill(r, it);
      order.push(r.tr);
    }
    for (const [id, r] of cache) if (!want.has(id)) { r.tr.remove(); cache.delete(id); }
    let cursor = tbody.firstChild;
    for (const tr of order) {
      if (tr === cursor) { cursor = cursor.nextSibling; continue; }
      tbody.insertBefore(tr, cursor);
    }
    while (cursor) { const next = cursor.nextSibling; tbody.removeChild(cursor); cursor = next; }
  }

  const incRows = new Map();
  const unitRows = new Map();

  function renderState(at) {
    const incidents = ofKind('incident').sort((a, b) => a.id - b.id);
    keyedRows(incBody, incRows, incidents, (i) => i.id, (inc) => {
      const tr = el('tr', { class: 'incident', dataset: { id: inc.id } });
      const cells = [];
      for (let i = 0; i < 8; i++) { const td = el('td'); cells.push(td); tr.appendChild(td); }
      cells[0].className = 'prio num';
      cells[1].className = 'num id';
      cells[2].className = 'agency';
      cells[3].className = 'status';
      cells[4].className = 'num opened';
      tr.addEventListener('click', () => selectIncident(inc.id));
      return { tr, cells };
    }, (r, inc) => {
      r.tr.className = 'incident p' + inc.priority + ' st-' + inc.status + (inc.id === selectedId ? ' selected' : '');
      const c = r.cells;
      setText(c[0], inc.priority >= 1 ? 'P' + inc.priority : '?');
      c[0].title = E('Priority', inc.priority >= 1 ? inc.priority : 0);
      setText(c[1], inc.id);
      setText(c[2], Beacon.enumList('Agency', agenciesOf(inc), ' + '));
      setText(c[3], inc.mergedInto > 0 ? T('dispatcher.mergedInto', { id: inc.mergedInto }) : E('IncidentStatus', inc.status));
      setText(c[4], fmtTime(inc.openedAtMs));
      setText(c[5], inc.callCount !== undefined ? inc.callCount : (inc.calls || []).length);
      setText(c[6], (inc.units || []).join(', '));
      setText(c[7], E('LocationQuality', inc.locationQuality) + (inc.uncertaintyM > 0 ? ' ±' + Math.round(inc.uncertaintyM) + ' m' : ''));
    });
    setText($('inc-count'), incidents.filter((i) => i.status !== 'CLOSED').length + ' / ' + incidents.length);

    const units = ofKind('unit').sort((a, b) => Beacon.compareText(a.callSign, b.callSign) || a.id - b.id);
    keyedRows(unitBody, unitRows, units, (u) => u.id, (u) => {
      const td = { call: el('td', { class: 'callsign' }), agency: el('td', { class: 'agency' }), type: el('td', { class: 'type' }), status: el('td', { class: 'status' }),
        incident: el('td', { class: 'num incident' }), since: el('td', { class: 'num since' }) };
      const tr = el('tr', { class: 'unit', dataset: { id: u.id } }, td.call, td.agency, td.type, td.status, td.incident, td.since);
      return { tr, td };
    }, (r, u) => {
      r.tr.className = 'unit st-' + u.status + (u.overdue ? ' overdue' : '');
      setText(r.td.call, u.callSign || '#' + u.id);
      setText(r.td.agency, E('Agency', u.agency));
      const typeWord = E('UnitType', u.type);
      setText(r.td.type, typeWord);
      if (r.td.type.title !== typeWord) { r.td.type.title = typeWord; r.td.agency.title = E('Agency', u.agency); }
      setText(r.td.status, E('UnitStatusCode', u.status));
      setText(r.td.incident, u.incidentId > 0 ? '#' + u.incidentId : '');
      setText(r.td.since, u.statusSinceMs ? fmtAge(at - u.statusSinceMs) : '');
    });
    setText($('unit-count'), units.length);

    drawMap(incidents, units);
    renderCalls();
  }

  let alertLayer = null;

  function drawMap(incidents, units) {
    if (!mapCtx) return;
    const keep = new Set();
    for (const inc of incidents) {
      if (!hasPos(inc) || inc.status === 'CLOSED') continue;
      keep.add(inc.k);
      const sel = inc.id === selectedId;
      incLayers.upsert(inc.k, {
        latlng: [inc.lat, inc.lon], className: 'incident-marker incident-' + inc.id,
        radius: inc.priority >= 1 && inc.priority <= 2 ? 10 : 7,
        style: { fillColor: Beacon.agencyColor[inc.agency] || '#555', color: sel ? '#111' : '#fff', weight: sel ? 3 : 1.5, fillOpacity: 0.9 },
        tooltip: () => {
          const cur = state.get(inc.k) || inc;
          return el('div', { text: '#' + cur.id + ' P' + cur.priority + ' ' + Beacon.enumList('Agency', agenciesOf(cur), ' + ') + ' ' +
            E('IncidentStatus', cur.status) });
        },
        onClick: () => selectIncident(inc.id),
      });
    }
    incLayers.retain(keep);
    const ukeep = new Set();
    for (const u of units) {
      if (!hasPos(u)) continue;
      ukeep.add(u.k);
      unitLayers.upsert(u.k, {
        latlng: [u.lat, u.lon], className: 'unit-marker unit-' + u.id, radius: 4,
        style: { fillColor: Beacon.unitStatusColor[u.status] || '#666', color: u.overdue ? '#c62828' : '#fff', weight: u.overdue ? 2 : 1, fillOpacity: 0.95 },
        tooltip: () => {
          const cur = state.get(u.k) || u;
          return el('div', { text: (cur.callSign || '#' + cur.id) + ' ' + E('UnitStatusCode', cur.status) + (cur.incidentId > 0 ? ' → #' + cur.incidentId : '') });
        },
      });
    }
    unitLayers.retain(ukeep);
    // area alerts as of T: out (solid) and proposed (dashed); cancelled, rejected and expired ones are not drawn
    if (!alertLayer) {
      mapCtx.map.createPane('alerts').style.zIndex = 370;
      alertLayer = L.layerGroup().addTo(mapCtx.layers.zones);
    }
    alertLayer.clearLayers();
    for (const a of ofKind('alert')) {
      for (const [area, look] of Beacon.alertAreas(a)) {
        Beacon.alertZones(alertLayer, a, area, look, 'alerts', T('audit.alertTip', { hazard: E('Hazard', a.hazard), id: a.id,
          state: E('AlertState', a.state) }) + (a.incidentId > 0 ? ' · ' + T('alerts.incident', { id: a.incidentId }) : ''));
      }
    }
  }

  /** The selected incident's calls as of T, with what only the auditor sees (numbers, IMSI, IMEI). */
  function renderCalls() {
    const box = $('audit-calls');
    const inc = selectedId ? state.get('incident:' + selectedId) : null;
    if (!inc || !(inc.calls || []).length) { box.hidden = true; box.replaceChildren(); return; }
    box.hidden = false;
    box.replaceChildren(...inc.calls.map((id) => {
      const c = state.get('call:' + id);
      if (!c) return el('div', { class: 'call muted', dataset: { id }, text: T('audit.callGone', { id }) });
      return el('div', { class: 'call', dataset: { id } },
        el('b', { text: T('dispatcher.callNo', { id: c.id }) }), ' ', el('span', { class: 'mono', text: c.caller || '' }),
        c.imsi ? ' IMSI ' : '', c.imsi ? el('span', { class: 'mono', text: c.imsi }) : '',
        c.imei ? ' IMEI ' : '', c.imei ? el('span', { class: 'mono', text: c.imei }) : '',
        ' · ' + E('LocationQuality', c.locationQuality) +
        (c.locationProblem && c.locationProblem !== 'NONE' ? ' (' + E('LocationProblem', c.locationProblem) + ')' : '') +
        (c.uncertaintyM > 0 ? ' ±' + Math.round(c.uncertaintyM) + ' m' : '') + ' · ' + Beacon.fixText(c.fixSource, c.fixMethod, c.shape) +
        ' · ' + T('dispatcher.fixes') + ' ' + (c.fixCount || 0) +
        (c.confirmed ? ' · ' + T('audit.confirmed') : '') + (c.nuisance ? ' · ' + T('dispatcher.nuisance') : '') +
        (c.ended ? ' · ' + T('dispatcher.ended') : '') + ' · ' + T('audit.received', { time: fmtTime(c.receivedAtMs) }));
    }));
  }

  /* ------------------------------------------------------------------ incident timeline */

  let timelineNo = 0;
  async function selectIncident(id) {
    selectedId = id;
    for (const [rid, r] of incRows) r.tr.classList.toggle('selected', rid === id);
    const r = incRows.get(id);
    if (r) Beacon.revealVertically(r.tr);
    renderCalls();
    const incidents = ofKind('incident');
    drawMap(incidents, ofKind('unit'));
    setText($('timeline-title'), T('audit.timelineLoading', { id }));
    const my = ++timelineNo;
    try {
      const a = await Beacon.getJson('/api/audit/timeline?incidentId=' + encodeURIComponent(id));
      if (my !== timelineNo) return;
      const entries = a.entries || [];
      timelineBody.replaceChildren(...entries.map((en) => {
        const tr = el('tr', { class: 'entry', dataset: { seq: en.seq, at: en.atMs, kind: en.kind || '' }, title: T('audit.goTo') },
          el('td', { class: 'num time', text: fmtTime(en.atMs), title: new Date(en.atMs).toISOString() }),
          el('td', { class: 'num seq', text: String(en.seq) }),
          el('td', { class: 'kind', text: Beacon.timelineKind(en.kind) }),
          el('td', { class: 'text', text: Beacon.localizeText(en.text || '') }));
        tr.addEventListener('click', () => goTo(en.atMs, true));
        return tr;
      }));
      setText($('timeline-title'), T('audit.timelineOf', { id, n: entries.length }));
    } catch (e) {
      if (my !== timelineNo) return;
      timelineBody.replaceChildren();
      setText($('timeline-title'), T('audit.timelineFailed', { id, reason: e.message }));
    }
  }

  /* ------------------------------------------------------------------ verify */

  $('verify').addEventListener('click', async () => {
    const btn = $('verify');
    const out = $('verify-result');
    btn.disabled = true;
    out.removeAttribute('data-identical');
    setText(out, T('audit.running'));
    try {
      const a = await Beacon.postJson('/api/audit/verify', {});
      out.dataset.identical = a.identical ? 'true' : 'false';
      setText(out, T(a.identical ? 'audit.identical' : 'audit.notIdentical') + (a.summary ? ' — ' + Beacon.localizeText(a.summary) : '') +
        (a.problem ? ' — ' + Beacon.localizeText(a.problem) : ''));
    } catch (e) {
      setText(out, T('audit.verifyFailed', { reason: e.message }));
    } finally {
      btn.disabled = false;
    }
  });

  /* ------------------------------------------------------------------ start */

  async function start() {
    Beacon.initHeader().catch((e) => console.error('header', e));
    try {
      mapCtx = await Beacon.loadMap($('map'));
      incLayers = new Beacon.LayerSet(mapCtx.map, 'incidents');
      unitLayers = new Beacon.LayerSet(mapCtx.map, 'units');
    } catch (e) {
      console.error('map', e);
    }
    try {
      const r = await refreshRange();
      goTo(r.lastMs || Date.now(), true);   // start at the newest moment the journals hold
    } catch (e) {
      setText($('range-label'), T('audit.rangeFailed', { reason: e.message }));
    }
    // the journals grow while the center runs: follow their end without moving the operator's moment
    setInterval(() => { refreshRange().catch(() => {}); }, 15000);
  }

  start();
  window.beaconAudit = { goTo, selectIncident, get atMs() { return atMs; } };
})();
