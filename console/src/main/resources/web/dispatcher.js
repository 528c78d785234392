/*
 * Dispatcher console: incident queue, incident detail (calls, location, recommendations, actions),
 * map, unit status board, area alerts (alerts.js) and notices, all from the live model.
 *
 * Rendering rule: rows, detail parts and map markers are created once per entity key and then
 * updated in place, because the model changes many times a second (units move) and a button that is
 * re-created between mouse-down and mouse-up loses the operator's click.
 */
'use strict';

(function () {
  const { el, setText, fmtAge, fmtTime, fmtEta, fmtDist, hasPos } = Beacon;
  const T = Beacon.t;
  const E = Beacon.enumText;
  const AGENCIES = ['POLICE', 'FIRE', 'AMBULANCE'];

  const model = new LiveModel();
  let mapCtx = null;            // {map, edgeLatLngs} once /api/map is drawn
  let incidentLayers = null;    // Beacon.LayerSet of incident markers
  let unitLayers = null;        // Beacon.LayerSet of unit markers
  let overlay = null;           // uncertainty circles of the selected incident's calls
  const routeLines = new Map(); // unitId -> {line, sig}: routes of the selected incident's units

  let selectedId = 0;           // selected incident id (0 none)
  let pick = null;              // {callId} while the operator picks a confirmed location on the map

  const $ = (id) => document.getElementById(id);
  const queueBody = $('incident-queue').tBodies[0];
  const unitBody = $('unit-board').tBodies[0];
  const showClosed = $('show-closed');
  const unitFilter = $('unit-filter');

  /* ------------------------------------------------------------------ helpers */

  const incidentOf = (id) => model.get('incident:' + id);
  const unitOf = (id) => model.get('unit:' + id);
  const callOf = (id) => model.get('call:' + id);

  /** A location problem worth showing ("NONE" is how the journal says there is none). */
  const hasProblem = (p) => !!p && p !== 'NONE';

  /** Sort key of a priority: 1 first .. 5; unknown (0) after 5. */
  const prioKey = (p) => (p >= 1 ? p : 9);

  /** Active = not closed and not merged into another one: those are the ones being worked. */
  const isActive = (inc) => inc.status !== 'CLOSED' && !(inc.mergedInto > 0);

  const agenciesOf = (inc) => (inc.agencies && inc.agencies.length ? inc.agencies : (inc.agency ? [inc.agency] : []));

  function agencyChips(list) {
    const span = el('span', { class: 'agencies' });
    for (const a of list) span.appendChild(el('span', { class: 'agency-chip agency-' + a, dataset: { agency: a }, text: E('Agency', a) }));
    return span;
  }

  /** Age of an incident: running while open, frozen at its last update once closed. */
  function incidentAge(inc, now) {
    const end = isActive(inc) ? now : (inc.updatedAtMs || now);
    return fmtAge(end - (inc.openedAtMs || end));
  }

  function locationText(inc) {
    if (inc.locationQuality && inc.locationQuality !== 'USABLE') return E('LocationQuality', inc.locationQuality);
    return inc.uncertaintyM > 0 ? '±' + Math.round(inc.uncertaintyM) + ' m' : (hasPos(inc) ? T('dispatcher.locOk') : '—');
  }

  /**
   * Puts exactly `rows` into `tbody`, in that order, moving only the rows that are out of place
   * (a table of thousands stays put when nothing moved) and taking out the others.
   */
  function syncTbody(tbody, rows) {
    let cursor = tbody.firstChild;
    for (const tr of rows) {
      if (tr === cursor) { cursor = cursor.nextSibling; continue; }
      tbody.insertBefore(tr, cursor);
    }
    while (cursor) { const next = cursor.nextSibling; tbody.removeChild(cursor); cursor = next; }
  }

  /* ------------------------------------------------------------------ incident queue */

  const incRows = new Map();   // id -> {tr, td:{...}}

  function upsertIncidentRow(inc) {
    let r = incRows.get(inc.id);
    if (!r) {
      const td = {
        prio: el('td', { class: 'prio num' }), id: el('td', { class: 'num id' }), agency: el('td', { class: 'agency' }),
        status: el('td', { class: 'status' }), calls: el('td', { class: 'num calls' }), age: el('td', { class: 'num age' }),
        loc: el('td', { class: 'loc' }), flags: el('td', { class: 'flags' }),
      };
      const tr = el('tr', { class: 'incident', dataset: { id: inc.id } },
        td.prio, td.id, td.agency, td.status, td.calls, td.age, td.loc, td.flags);
      tr.addEventListener('click', () => selectIncident(inc.id, true));
      r = { tr, td, agencySig: '' };
      incRows.set(inc.id, r);
    }
    const { tr, td } = r;
    tr.className = 'incident p' + inc.priority + ' st-' + inc.status + (inc.id === selectedId ? ' selected' : '');
    setText(td.prio, inc.priority >= 1 ? 'P' + inc.priority : '?');
    td.prio.title = E('Priority', inc.priority >= 1 ? inc.priority : 0);
    setText(td.id, inc.id);
    const ag = agenciesOf(inc);
    const sig = ag.join('+');
    if (r.agencySig !== sig) { r.agencySig = sig; td.agency.replaceChildren(agencyChips(ag)); }
    setText(td.status, inc.mergedInto > 0 ? T('dispatcher.mergedInto', { id: inc.mergedInto }) : E('IncidentStatus', inc.status));
    td.status.dataset.status = inc.status;
    setText(td.calls, inc.callCount !== undefined ? inc.callCount : (inc.calls || []).length);
    setText(td.age, incidentAge(inc, Date.now()));
    const loc = locationText(inc);
    setText(td.loc, loc);
    if (td.loc.title !== loc) td.loc.title = loc;
    // the nuisance badge exists only while flagged (a hidden one would still be "found")
    let badge = td.flags.querySelector('.nuisance');
    if (inc.nuisance && !badge) td.flags.appendChild(el('span', { class: 'nuisance', text: T('dispatcher.nuisance'), title: T('dispatcher.nuisanceTitle') }));
    else if (!inc.nuisance && badge) badge.remove();
  }

  /** Re-sorts and re-filters the queue: priority, then oldest first; closed ones only on request. */
  function syncQueue() {
    const list = [];
    for (const inc of model.kind('incident').values()) {
      if (!showClosed.checked && !isActive(inc)) continue;
      list.push(inc);
    }
    list.sort((a, b) => (prioKey(a.priority) - prioKey(b.priority)) || ((a.openedAtMs || 0) - (b.openedAtMs || 0)) || (a.id - b.id));
    syncTbody(queueBody, list.map((inc) => incRows.get(inc.id).tr));
    let active = 0;
    for (const inc of model.kind('incident').values()) if (isActive(inc)) active++;
    setText($('incident-count'), active);
  }

  /* ------------------------------------------------------------------ unit board */

  const unitRows = new Map();   // id -> {tr, td}
  let unitOrderDirty = true;

  function upsertUnitRow(u) {
    let r = unitRows.get(u.id);
    if (!r) {
      const td = {
        call: el('td', { class: 'callsign' }), agency: el('td', { class: 'agency' }), type: el('td', { class: 'type' }),
        status: el('td', { class: 'status' }), incident: el('td', { class: 'num incident' }), eta: el('td', { class: 'num eta' }),
        since: el('td', { class: 'num since' }),
      };
      const tr = el('tr', { class: 'unit', dataset: { id: u.id } },
        td.call, td.agency, td.type, td.status, td.incident, td.eta, td.since);
      tr.addEventListener('click', () => onUnitClick(u.id));
      r = { tr, td };
      unitRows.set(u.id, r);
      unitOrderDirty = true;
    }
    const { tr, td } = r;
    let cls = 'unit st-' + u.status;
    if (u.overdue) cls += ' overdue';
    if (selectedId && u.incidentId === selectedId) cls += ' assigned-to-selected';
    if (tr.className !== cls) tr.className = cls;
    const title = u.overdue ? T('dispatcher.overdueTitle', { status: E('UnitStatusCode', u.overdue.status), by: fmtAge(u.overdue.overdueS * 1000) }) : '';
    if (tr.title !== title) tr.title = title;   // attribute writes restyle the row: only on change
    setText(td.call, u.callSign || ('#' + u.id));
    setText(td.agency, E('Agency', u.agency));
    const typeWord = E('UnitType', u.type);
    setText(td.type, typeWord);
    if (td.type.title !== typeWord) { td.type.title = typeWord; td.agency.title = E('Agency', u.agency); }   // narrow columns clip
    setText(td.status, E('UnitStatusCode', u.status));
    td.status.dataset.status = u.status || '';
    setText(td.incident, u.incidentId > 0 ? '#' + u.incidentId : '');
    setText(td.eta, fmtEta(u.etaS));
    // the running "in status" clock is the tick's job (visible rows only); here only when the status changed
    if (r.sinceMs !== u.statusSinceMs) {
      r.sinceMs = u.statusSinceMs;
      setText(td.since, u.statusSinceMs ? fmtAge(Date.now() - u.statusSinceMs) : '');
    }
  }

  function unitMatches(u, f) {
    if (!f) return true;
    return (String(u.callSign || '') + ' ' + u.status + ' ' + u.type + ' ' + u.agency + ' #' + u.incidentId + ' ' +
      E('UnitStatusCode', u.status) + ' ' + E('UnitType', u.type) + ' ' + E('Agency', u.agency))
      .toLowerCase().includes(f);
  }

  function syncUnitBoard() {
    const f = unitFilter.value.trim().toLowerCase();
    const list = [];
    for (const u of model.kind('unit').values()) if (unitMatches(u, f)) list.push(u);
    list.sort((a, b) => Beacon.compareText(a.callSign, b.callSign) || (a.id - b.id));
    syncTbody(unitBody, list.map((u) => unitRows.get(u.id).tr));
    setText($('unit-count'), model.kind('unit').size);
    unitOrderDirty = false;
  }

  function onUnitClick(unitId) {
    const u = unitOf(unitId);
    if (!u) return;
    if (u.incidentId > 0 && incidentOf(u.incidentId)) selectIncident(u.incidentId, false);
    if (mapCtx && hasPos(u)) mapCtx.map.panTo([u.lat, u.lon]);
    const m = unitLayers && unitLayers.get('unit:' + unitId);
    if (m) m.openTooltip();
  }

  /* ------------------------------------------------------------------ map markers */

  function incidentMarker(inc) {
    const key = inc.k;
    if (!incidentLayers) return;
    if (!hasPos(inc) || (!showClosed.checked && !isActive(inc))) { incidentLayers.remove(key); return; }
    const sel = inc.id === selectedId;
    const layer = incidentLayers.upsert(key, {
      latlng: [inc.lat, inc.lon],
      className: 'incident-marker incident-' + inc.id,
      radius: inc.priority >= 1 && inc.priority <= 2 ? 10 : 7,
      style: {
        fillColor: Beacon.agencyColor[inc.agency] || '#555',
        color: sel ? '#111' : '#ffffff', weight: sel ? 3 : 1.5,
        fillOpacity: isActive(inc) ? 0.9 : 0.35,
        dashArray: inc.status === 'OPEN' ? '3 2' : null,
      },
      tooltip: () => {
        const cur = incidentOf(inc.id) || inc;
        return el('div', null, el('b', { text: '#' + cur.id + ' P' + cur.priority + ' ' + Beacon.enumList('Agency', agenciesOf(cur), ' + ') }),
          el('div', { text: T('dispatcher.incidentTip', { status: E('IncidentStatus', cur.status), calls: cur.callCount || 0,
            location: locationText(cur) }) }));
      },
      onClick: () => { if (!pick) selectIncident(inc.id, true); },
    });
    const node = layer.getElement && layer.getElement();
    if (node) node.classList.toggle('selected', sel);
  }

  function unitMarker(u) {
    const key = u.k;
    if (!unitLayers) return;
    if (!hasPos(u)) { unitLayers.remove(key); return; }
    const mine = selectedId && u.incidentId === selectedId;
    unitLayers.upsert(key, {
      latlng: [u.lat, u.lon],
      className: 'unit-marker unit-' + u.id,
      radius: mine ? 6 : 4,
      style: {
        fillColor: Beacon.unitStatusColor[u.status] || '#666',
        color: u.overdue ? '#c62828' : (mine ? '#111' : '#ffffff'),
        weight: u.overdue || mine ? 2 : 1,
        fillOpacity: 0.95,
      },
      tooltip: () => {
        const cur = unitOf(u.id) || u;
        return el('div', null, el('b', { text: (cur.callSign || '#' + cur.id) + ' ' + E('UnitType', cur.type) }),
          el('div', { text: E('UnitStatusCode', cur.status) + (cur.incidentId > 0 ? ' → #' + cur.incidentId : '') +
            (cur.etaS > 0 ? ', ' + T('col.eta') + ' ' + fmtEta(cur.etaS) : '') + (cur.speedKmh ? ', ' + Math.round(cur.speedKmh) + ' km/h' : '') }));
      },
      onClick: () => { if (!pick) onUnitClick(u.id); },
    });
  }

  /** Uncertainty circles of the selected incident's call fixes (latest fix drawn stronger). */
  function drawUncertainty() {
    if (!overlay) return;
    overlay.clearLayers();
    const inc = selectedId ? incidentOf(selectedId) : null;
    if (!inc) return;
    for (const callId of inc.calls || []) {
      const c = callOf(callId);
      if (!c) continue;
      let fixes = (c.fixes || []).filter(hasPos);
      if (!fixes.length && hasPos(c)) fixes = [{ lat: c.lat, lon: c.lon, uncertaintyM: c.uncertaintyM }];
      fixes.forEach((f, i) => {
        const latest = i === fixes.length - 1;
        L.circle([f.lat, f.lon], {
          pane: 'uncertainty', interactive: false,
          radius: Math.max(f.uncertaintyM || 0, 1),
          className: 'uncertainty' + (latest ? ' latest' : ''),
          color: latest ? '#d6361f' : '#e08a7a', weight: latest ? 2 : 1,
          opacity: latest ? 0.9 : 0.4, fillOpacity: latest ? 0.12 : 0.03,
          dashArray: latest ? null : '4 3',
        }).addTo(overlay);
      });
      if (c.betterFix && hasPos(c.betterFix)) {
        L.circle([c.betterFix.lat, c.betterFix.lon], {
          pane: 'uncertainty', interactive: false, radius: Math.max(c.betterFix.uncertaintyM || 0, 1),
          className: 'uncertainty better-fix-circle', color: '#2563c9', weight: 2, dashArray: '6 4', fillOpacity: 0.05,
        }).addTo(overlay);
      }
    }
  }

  /** Routes of the units assigned to the selected incident; kept while the edge list is the same. */
  function drawRoutes() {
    if (!mapCtx) return;
    const inc = selectedId ? incidentOf(selectedId) : null;
    // only units still committed to it: the incident's list keeps the ones that have left
    const want = new Set((inc ? (inc.units || []) : []).filter((id) => { const u = unitOf(id); return u && u.incidentId === inc.id; }));
    for (const [unitId, r] of routeLines) {
      if (!want.has(unitId)) { r.line.remove(); routeLines.delete(unitId); }
    }
    for (const unitId of want) {
      const u = unitOf(unitId);
      const route = u && u.route ? u.route : [];
      const sig = route.join(',');
      const r = routeLines.get(unitId);
      if (r && r.sig === sig) continue;
      if (r) { r.line.remove(); routeLines.delete(unitId); }
      const parts = [];
      for (const e of route) { const p = mapCtx.edgeLatLngs(e); if (p && p.length > 1) parts.push(p); }
      if (!parts.length) continue;
      const line = L.polyline(parts, {
        pane: 'routes', className: 'route route-unit-' + unitId, interactive: false,
        color: '#2563c9', weight: 4, opacity: 0.7, lineCap: 'round',
      }).addTo(mapCtx.layers.routes);
      routeLines.set(unitId, { line, sig });
    }
  }

  /* ------------------------------------------------------------------ detail panel */

  const detail = {
    empty: $('detail-empty'), body: $('detail-body'), head: $('detail-head'),
    addAgency: $('add-agency'), addAgencyBtn: $('add-agency-btn'), mergeTarget: $('merge-target'),
    mergeBtn: $('merge'), closeBtn: $('close-incident'),
    hazardSelect: $('hazard-select'), hazardExtent: $('hazard-extent'), classifyBtn: $('classify'), hazardCurrent: $('hazard-current'),
    recs: $('recommendations'), assigned: $('assigned-units'), calls: $('calls'),
  };
  const recRows = new Map();      // unitId -> {div, parts}
  const assignedRows = new Map(); // unitId -> {div, parts}
  const callDivs = new Map();     // callId -> {div, head, facts, actions, better, entity}
  let detailDeps = new Set();     // model keys the detail panel shows

  /** Replaces a select's options only when the list changed (an open dropdown is not disturbed). */
  function setOptions(select, options) {
    const sig = JSON.stringify(options);
    if (select.dataset.sig === sig) return;
    const keep = select.value;
    select.dataset.sig = sig;
    select.replaceChildren(...options.map(([v, t]) => el('option', { value: v, text: t })));
    if (options.some(([v]) => String(v) === keep)) select.value = keep;
  }

  function renderDetail() {
    const inc = selectedId ? incidentOf(selectedId) : null;
    detail.empty.hidden = !!inc;
    detail.body.hidden = !inc;
    detailDeps = new Set();
    if (!inc) {
      setText(detail.empty, selectedId ? T('dispatcher.gone', { id: selectedId }) : T('dispatcher.selectIncident'));
      return;
    }
    detailDeps.add(inc.k);
    const active = isActive(inc);

    // head: plain facts, rebuilt (no buttons in it but the merged-into link)
    const head = [
      el('span', { class: 'title', text: T('dispatcher.incidentNo', { id: inc.id }) }),
      el('span', { class: 'kv', title: E('Priority', inc.priority >= 1 ? inc.priority : 0) }, el('b', { text: inc.priority >= 1 ? 'P' + inc.priority : '?' })),
      agencyChips(agenciesOf(inc)),
      el('span', { class: 'kv' }, T('dispatcher.kvStatus') + ' ', el('b', { text: E('IncidentStatus', inc.status) })),
      el('span', { class: 'kv' }, T('dispatcher.kvLocation') + ' ', el('b', { text: (inc.locationQuality ? E('LocationQuality', inc.locationQuality) : '?') +
        (inc.uncertaintyM > 0 ? ' ±' + Math.round(inc.uncertaintyM) + ' m' : '') })),
      el('span', { class: 'kv' }, T('dispatcher.kvOpened') + ' ', el('b', { class: 'mono', text: fmtTime(inc.openedAtMs) })),
      el('span', { class: 'kv' }, T('dispatcher.kvAge') + ' ', el('b', { class: 'mono detail-age', text: incidentAge(inc, Date.now()) })),
      inc.lastReason ? el('span', { class: 'kv' }, T('dispatcher.kvLast') + ' ', el('b', { text: E('UpdateReason', inc.lastReason) })) : null,
      inc.nuisance ? el('span', { class: 'nuisance', text: T('dispatcher.nuisance') }) : null,
    ];
    if (inc.mergedInto > 0) {
      head.push(el('button', { type: 'button', class: 'merged-link', text: T('dispatcher.mergedIntoLink', { id: inc.mergedInto }),
        on: { click: () => selectIncident(inc.mergedInto, true) } }));
    }
    detail.head.replaceChildren(...head.filter(Boolean));

    // actions
    const have = agenciesOf(inc);
    const missing = AGENCIES.filter((a) => !have.includes(a));
    setOptions(detail.addAgency, missing.map((a) => [a, E('Agency', a)]));
    detail.addAgency.disabled = detail.addAgencyBtn.disabled = !active || !missing.length;
    const targets = [];
    for (const o of model.kind('incident').values()) {
      if (o.id !== inc.id && isActive(o)) targets.push(o);
    }
    targets.sort((a, b) => a.id - b.id);
    setOptions(detail.mergeTarget, targets.map((o) => [o.id, '#' + o.id + ' P' + o.priority + ' ' + Beacon.enumList('Agency', agenciesOf(o), '+') + ' ' +
      E('IncidentStatus', o.status)]));
    detail.mergeTarget.disabled = detail.mergeBtn.disabled = !active || !targets.length;
    detail.closeBtn.disabled = inc.status === 'CLOSED';

    // hazard: the select follows the incident's hazard when it changes, never while the dispatcher is choosing
    const hazard = inc.hazard || 'NONE';
    const shown = inc.id + ':' + hazard;
    if (detail.hazardSelect.dataset.shown !== shown) {
      detail.hazardSelect.dataset.shown = shown;
      detail.hazardSelect.value = hazard;
    }
    detail.hazardSelect.disabled = detail.classifyBtn.disabled = detail.hazardExtent.disabled = !active;
    const alertIds = inc.alerts || [];
    detail.hazardCurrent.dataset.hazard = hazard;
    setText(detail.hazardCurrent, (hazard !== 'NONE' ? T('dispatcher.classified', { hazard: E('Hazard', hazard) }) : T('dispatcher.noHazard')) +
      (alertIds.length ? ' · ' + T('dispatcher.areaAlert') + ' ' + alertIds.map((id) => {
        const a = model.get('alert:' + id);
        detailDeps.add('alert:' + id);
        return '#' + id + (a ? ' ' + E('AlertState', a.state) : '');
      }).join(', ') : ''));

    renderRecommendations(inc, active);
    renderAssigned(inc);
    renderCalls(inc, active);
  }

  function renderRecommendations(inc, active) {
    const recs = active ? (inc.recommendations || []).slice().sort((a, b) => a.rank - b.rank) : [];
    const want = new Set(recs.map((r) => r.unitId));
    for (const [unitId, r] of recRows) if (!want.has(unitId)) { r.div.remove(); recRows.delete(unitId); }
    const order = [];
    for (const rec of recs) {
      detailDeps.add('unit:' + rec.unitId);
      let r = recRows.get(rec.unitId);
      if (!r) {
        const parts = {
          rank: el('span', { class: 'rank muted' }), call: el('b', { class: 'callsign' }), type: el('span', { class: 'type muted' }),
          eta: el('span', { class: 'eta mono' }), dist: el('span', { class: 'dist mono muted' }), reassign: el('span', { class: 'reassign' }),
          btn: el('button', { type: 'button', class: 'dispatch primary', dataset: { unit: rec.unitId }, text: T('dispatcher.dispatch') }),
        };
        parts.btn.addEventListener('click', () => dispatchUnit(r.incidentId, rec.unitId, parts.btn));
        const div = el('div', { class: 'recommendation', dataset: { unit: rec.unitId } },
          el('div', { class: 'info' }, parts.rank, ' ', parts.call, ' ', parts.type, ' · ' + T('col.eta') + ' ', parts.eta, ' · ', parts.dist, ' ', parts.reassign),
          parts.btn);
        r = { div, parts, incidentId: inc.id };
        recRows.set(rec.unitId, r);
      }
      r.incidentId = inc.id;   // a row is kept per unit; the incident it is for is the one shown now
      const u = unitOf(rec.unitId);
      const p = r.parts;
      setText(p.rank, rec.rank + '.');
      setText(p.call, u ? (u.callSign || '#' + u.id) : T('dispatcher.unitNo', { id: rec.unitId }));
      setText(p.type, u ? E('UnitType', u.type) : '');
      setText(p.eta, fmtEta(rec.etaS) || '00:00');
      setText(p.dist, fmtDist(rec.distanceM));
      setText(p.reassign, rec.reassignFromIncidentId > 0 ? T('dispatcher.reassignFrom', { id: rec.reassignFromIncidentId }) : '');
      setText(p.btn, rec.reassignFromIncidentId > 0 ? T('dispatcher.reassign') : T('dispatcher.dispatch'));
      order.push(r.div);
    }
    if (!recs.length) order.push(emptyNote(detail.recs, active ? T('dispatcher.noRecommendation') : T('dispatcher.incidentClosed')));
    syncChildren(detail.recs, order);
  }

  function renderAssigned(inc) {
    const ids = inc.units || [];
    const want = new Set(ids);
    for (const [unitId, r] of assignedRows) if (!want.has(unitId)) { r.div.remove(); assignedRows.delete(unitId); }
    const order = [];
    for (const unitId of ids) {
      detailDeps.add('unit:' + unitId);
      let r = assignedRows.get(unitId);
      if (!r) {
        const parts = { call: el('b', { class: 'callsign' }), type: el('span', { class: 'type muted' }),
          status: el('span', { class: 'status' }), eta: el('span', { class: 'eta mono' }), since: el('span', { class: 'since mono muted' }),
          left: el('span', { class: 'left-note muted' }) };
        const div = el('div', { class: 'assigned-unit', dataset: { unit: unitId } },
          el('div', null, parts.call, ' ', parts.type, ' ', parts.eta, ' ', parts.since, ' ', parts.left), parts.status);
        div.addEventListener('click', () => onUnitClick(unitId));
        r = { div, parts };
        assignedRows.set(unitId, r);
      }
      const u = unitOf(unitId);
      const p = r.parts;
      // the incident lists every unit ever sent to it; the unit's own incidentId says whether it still is
      const left = !!u && u.incidentId !== inc.id;
      setText(p.call, u ? (u.callSign || '#' + u.id) : T('dispatcher.unitNo', { id: unitId }));
      setText(p.type, u ? E('UnitType', u.type) : '');
      setText(p.status, u ? E('UnitStatusCode', u.status) : '?');
      p.status.dataset.status = u ? u.status : '';
      setText(p.left, left ? (u.incidentId > 0 ? T('dispatcher.nowOn', { id: u.incidentId }) : T('dispatcher.noLongerAssigned')) : '');
      r.div.classList.toggle('left', left);
      r.div.classList.toggle('overdue', !!(u && u.overdue));
      setText(p.eta, u && u.etaS > 0 ? T('col.eta') + ' ' + fmtEta(u.etaS) : '');
      setText(p.since, u && u.statusSinceMs ? T('dispatcher.inStatus', { age: fmtAge(Date.now() - u.statusSinceMs) }) : '');
      order.push(r.div);
    }
    if (!ids.length) order.push(emptyNote(detail.assigned, T('common.none')));
    syncChildren(detail.assigned, order);
  }

  function renderCalls(inc, active) {
    const ids = inc.calls || [];
    const want = new Set(ids);
    for (const [callId, r] of callDivs) if (!want.has(callId)) { r.div.remove(); callDivs.delete(callId); }
    const order = [];
    const canSplit = active && ids.length >= 2;
    for (const callId of ids) {
      detailDeps.add('call:' + callId);
      const c = callOf(callId);
      let r = callDivs.get(callId);
      if (!r) {
        const head = el('div', { class: 'call-head' });
        const facts = el('div', { class: 'call-facts' });
        const confirmBtn = el('button', { type: 'button', class: 'confirm-location', dataset: { call: callId },
          text: T('dispatcher.confirmLocation'), title: T('dispatcher.confirmLocationTitle') });
        confirmBtn.addEventListener('click', () => startPick(callId));
        const actions = el('div', { class: 'call-actions' }, confirmBtn);
        const div = el('div', { class: 'call', dataset: { id: callId } }, head, facts, actions);
        r = { div, head, facts, actions, better: null, split: null, clear: null, entity: undefined, canSplit: null };
        callDivs.set(callId, r);
      }
      if (r.entity !== c || r.canSplit !== canSplit || r.active !== active) {
        r.entity = c;
        r.canSplit = canSplit;
        r.active = active;
        fillCall(r, c, inc, canSplit, active);
      }
      order.push(r.div);
    }
    if (!ids.length) order.push(emptyNote(detail.calls, T('dispatcher.noCalls')));
    syncChildren(detail.calls, order);
  }

  /** Writes one call's facts; buttons are created or removed only when their condition changes. */
  function fillCall(r, c, inc, canSplit, active) {
    const callId = Number(r.div.dataset.id);
    if (!c) {
      r.head.replaceChildren(el('span', { class: 'cid', text: T('dispatcher.callNo', { id: callId }) }), el('span', { class: 'muted', text: T('dispatcher.notInModel') }));
      r.facts.replaceChildren();
      return;
    }
    r.div.classList.toggle('ended', !!c.ended);
    r.head.replaceChildren(...[
      el('span', { class: 'cid', text: T('dispatcher.callNo', { id: c.id }) }),
      el('span', { class: 'caller mono', text: c.caller || T('dispatcher.unknownCaller') }),
      el('span', { class: 'muted mono', text: fmtTime(c.receivedAtMs) }),
      c.ended ? el('span', { class: 'muted ended-flag', text: T('dispatcher.ended') }) : el('span', { class: 'live-flag', text: T('dispatcher.onLine') }),
      c.nuisance ? el('span', { class: 'nuisance', text: T('dispatcher.nuisance') }) : null,
      c.recentCallsFromCaller > 1 ? el('span', { class: 'muted', text: T('dispatcher.recentCalls', { n: c.recentCallsFromCaller }) }) : null,
    ].filter(Boolean));
    const q = c.locationQuality || '?';
    r.facts.replaceChildren(...[
      el('span', { class: 'q-' + q }, el('b', { text: c.locationQuality ? E('LocationQuality', q) : '?' }),
        hasProblem(c.locationProblem) ? ' — ' + E('LocationProblem', c.locationProblem) : ''),
      el('span', { class: 'kv' }, T('dispatcher.uncertainty') + ' ', el('b', { class: 'mono', text: c.uncertaintyM > 0 ? '±' + Math.round(c.uncertaintyM) + ' m' : '—' })),
      el('span', { class: 'kv' }, T('dispatcher.fixes') + ' ', el('b', { class: 'mono', text: String(c.fixCount || 0) })),
      el('span', { class: 'kv fix-source', dataset: { source: c.fixSource || '', method: c.fixMethod || '', shape: c.shape || '' } },
        T('dispatcher.source') + ' ', el('b', { text: Beacon.fixText(c.fixSource, c.fixMethod, c.shape) })),
      el('span', { class: 'kv' }, T('dispatcher.confirmed') + ' ', el('b', { text: c.confirmed ? T('common.yes') : T('common.no') })),
      c.imsi ? el('span', { class: 'kv' }, 'IMSI ', el('b', { class: 'mono', text: c.imsi })) : null,
      c.imei ? el('span', { class: 'kv' }, 'IMEI ', el('b', { class: 'mono', text: c.imei })) : null,
      c.agency && c.agency !== inc.agency ? el('span', { class: 'kv' }, T('dispatcher.kvAgency') + ' ', el('b', { text: E('Agency', c.agency) })) : null,
    ].filter(Boolean));
    r.fixList = r.fixList || el('ol', { class: 'fix-list' });
    r.fixList.replaceChildren(...(c.fixes || []).slice().reverse().map((f) => el('li', { class: 'fix', dataset: { source: f.source || '', method: f.method || '' } },
      el('span', { class: 'mono', text: fmtTime(f.atMs) }), ' ', Beacon.fixText(f.source, f.method, f.shape),
      f.uncertaintyM > 0 ? ' ±' + Math.round(f.uncertaintyM) + ' m' : '')));
    if (r.fixList.parentNode !== r.facts) r.facts.appendChild(r.fixList);

    r.actions.querySelector('button.confirm-location').disabled = !active;
    // split: only when the incident holds two calls or more
    if (canSplit && !r.split) {
      r.split = el('button', { type: 'button', class: 'split-call', dataset: { call: callId }, text: T('dispatcher.split') });
      r.split.addEventListener('click', () => {
        const cur = callOf(callId);
        const incidentId = cur && cur.incidentId ? cur.incidentId : selectedId;
        Beacon.command({ type: 'SPLIT_CALL', incidentId, callId }, T('command.label.split', { call: callId, id: incidentId })).catch(() => {});
      });
      r.actions.appendChild(r.split);
    } else if (!canSplit && r.split) { r.split.remove(); r.split = null; }
    // clear nuisance: only while flagged
    if (c.nuisance && !r.clear) {
      r.clear = el('button', { type: 'button', class: 'clear-nuisance', dataset: { call: callId }, text: T('dispatcher.clearNuisance') });
      r.clear.addEventListener('click', () => Beacon.command({ type: 'CLEAR_NUISANCE', callId }, T('command.label.clearNuisance', { call: callId })).catch(() => {}));
      r.actions.appendChild(r.clear);
    } else if (!c.nuisance && r.clear) { r.clear.remove(); r.clear = null; }
    // better fix offered (the call-taker's confirmed location is never replaced silently)
    const bf = c.betterFix;
    if (bf && !r.better) {
      r.better = el('div', { class: 'better-fix' }, el('span', { class: 'bf-text' }),
        el('button', { type: 'button', class: 'accept-fix', dataset: { call: callId }, text: T('dispatcher.acceptFix') }));
      r.better.querySelector('button.accept-fix').addEventListener('click', () => {
        const cur = callOf(callId);
        if (!cur || !cur.betterFix) return;
        Beacon.command({ type: 'ACCEPT_FIX', callId, fixNumber: cur.betterFix.fixNumber }, T('command.label.acceptFix', { call: callId })).catch(() => {});
      });
      r.div.appendChild(r.better);
    } else if (!bf && r.better) { r.better.remove(); r.better = null; }
    if (bf) {
      setText(r.better.querySelector('.bf-text'), T('dispatcher.betterFix', { n: bf.fixNumber, source: E('FixSource', bf.source || 'NONE'),
        u: Math.round(bf.uncertaintyM || 0) }) +
        (bf.confirmedUncertaintyM ? ' ' + T('dispatcher.betterFixConfirmed', { u: Math.round(bf.confirmedUncertaintyM) }) : ''));
      r.better.dataset.fix = bf.fixNumber;
    }
  }

  /** A grey note for an empty list, reused per container. */
  function emptyNote(container, text) {
    let n = container._emptyNote;
    if (!n) { n = container._emptyNote = el('div', { class: 'muted empty-note' }); }
    setText(n, text);
    return n;
  }

  /** Same as syncTbody for any container. */
  function syncChildren(container, nodes) {
    let cursor = container.firstChild;
    for (const n of nodes) {
      if (n === cursor) { cursor = cursor.nextSibling; continue; }
      container.insertBefore(n, cursor);
    }
    while (cursor) { const next = cursor.nextSibling; container.removeChild(cursor); cursor = next; }
  }

  /* ------------------------------------------------------------------ selection and actions */

  function selectIncident(id, panTo) {
    const prev = selectedId;
    if (pick && id !== prev) stopPick();
    selectedId = id;
    for (const pid of [prev, id]) {
      const r = incRows.get(pid);
      if (r) r.tr.classList.toggle('selected', pid === selectedId);
      const inc = incidentOf(pid);
      if (inc) incidentMarker(inc);
    }
    const r = incRows.get(id);
    if (r && r.tr.isConnected) Beacon.revealVertically(r.tr);
    // units of the old and new incident change their look
    for (const u of model.kind('unit').values()) {
      if (u.incidentId && (u.incidentId === prev || u.incidentId === id)) { unitMarker(u); upsertUnitRow(u); }
    }
    renderDetail();
    drawUncertainty();
    drawRoutes();
    const inc = incidentOf(id);
    if (panTo && mapCtx && inc && hasPos(inc) && !mapCtx.map.getBounds().contains([inc.lat, inc.lon])) {
      mapCtx.map.panTo([inc.lat, inc.lon]);
    }
  }

  async function dispatchUnit(incidentId, unitId, btn) {
    const u = unitOf(unitId);
    btn.disabled = true;   // one click, one DISPATCH
    try {
      // the outcome shows under the recommendations too, where the dispatcher clicked: the row may go with a refresh
      await Beacon.command({ type: 'DISPATCH', incidentId, unitId },
        T('command.label.dispatch', { unit: u ? u.callSign || '#' + unitId : '#' + unitId, id: incidentId }), { outcomeIn: $('dispatch-outcome') });
    } catch (_) { /* shown in #command-result */ }
    btn.disabled = false;
  }

  detail.addAgencyBtn.addEventListener('click', () => {
    const agency = detail.addAgency.value;
    if (!selectedId || !agency) return;
    Beacon.command({ type: 'ADD_AGENCY', incidentId: selectedId, agency }, T('command.label.addAgency', { agency: E('Agency', agency), id: selectedId }))
      .catch(() => {});
  });
  detail.mergeBtn.addEventListener('click', () => {
    const target = Number(detail.mergeTarget.value);
    if (!selectedId || !target) return;
    Beacon.command({ type: 'MERGE_INCIDENTS', incidentId: selectedId, targetIncidentId: target },
      T('command.label.merge', { id: selectedId, target })).catch(() => {});
  });
  detail.classifyBtn.addEventListener('click', () => {
    if (!selectedId) return;
    const hazard = detail.hazardSelect.value;
    const cmd = { type: 'ALERT_CLASSIFY', incidentId: selectedId, hazard };
    const extent = detail.hazardExtent.value.trim();
    if (extent) cmd.innerRadiusM = Math.round(Number(extent));
    Beacon.command(cmd, T('command.label.classify', { id: selectedId, hazard: E('Hazard', hazard) })).catch(() => {});
  });
  detail.closeBtn.addEventListener('click', () => {
    if (!selectedId) return;
    Beacon.command({ type: 'CLOSE_INCIDENT', incidentId: selectedId }, T('command.label.close', { id: selectedId })).catch(() => {});
  });

  /* confirm location: the button arms the map; the next click on it is the confirmed point */
  function startPick(callId) {
    pick = { callId };
    setText($('pick-text'), T('dispatcher.pickText', { call: callId }));
    $('pick-bar').hidden = false;
    document.body.classList.add('pick-mode');
  }
  function stopPick() {
    pick = null;
    $('pick-bar').hidden = true;
    document.body.classList.remove('pick-mode');
  }
  $('pick-cancel').addEventListener('click', stopPick);
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && pick) stopPick(); });

  function onMapClick(ev) {
    if (!pick) return;
    const callId = pick.callId;
    const u = Number($('confirm-uncertainty').value);
    const uncertaintyM = u > 0 ? u : 10;
    const lat = Math.round(ev.latlng.lat * 1e7) / 1e7;
    const lon = Math.round(ev.latlng.lng * 1e7) / 1e7;
    stopPick();
    Beacon.command({ type: 'CONFIRM_LOCATION', callId, lat, lon, uncertaintyM },
      T('command.label.confirmLocation', { call: callId, lat: lat.toFixed(5), lon: lon.toFixed(5), u: uncertaintyM })).catch(() => {});
  }

  /* ------------------------------------------------------------------ render loop */

  // signal notices belong to the traffic console; coverage move-up proposals are many and advisory, so they
  // stay out of the way of overdue alerts and rejections unless the dispatcher asks for them
  const showMoveUp = $('show-move-up');
  const notices = new Beacon.NoticeList($('notices'), $('notice-count'), (n) => {
    const kind = Beacon.noticeKind(n);
    return !kind.startsWith('signal-') && (kind !== 'move-up' || showMoveUp.checked);
  });
  showMoveUp.addEventListener('change', () => notices.update({ reset: true, kinds: new Set(['notice']), keys: new Set() }, model));

  function render(batch) {
    const reset = batch.reset;
    let queueDirty = reset;

    if (reset) {
      // the server replaced the model: drop what is gone, then redraw everything
      for (const [id, r] of incRows) if (!incidentOf(id)) { r.tr.remove(); incRows.delete(id); }
      for (const [id, r] of unitRows) if (!unitOf(id)) { r.tr.remove(); unitRows.delete(id); }
      if (incidentLayers) incidentLayers.retain(new Set(model.kind('incident').keys()));
      if (unitLayers) unitLayers.retain(new Set(model.kind('unit').keys()));
      for (const inc of model.kind('incident').values()) { upsertIncidentRow(inc); incidentMarker(inc); }
      for (const u of model.kind('unit').values()) { upsertUnitRow(u); unitMarker(u); }
      unitOrderDirty = true;
    } else {
      for (const k of batch.keys) {
        const colon = k.indexOf(':');
        const kind = k.slice(0, colon);
        if (kind === 'incident') {
          const e = model.get(k);
          const id = Number(k.slice(colon + 1));
          if (e) { upsertIncidentRow(e); incidentMarker(e); } else {
            const r = incRows.get(id);
            if (r) { r.tr.remove(); incRows.delete(id); }
            if (incidentLayers) incidentLayers.remove(k);
          }
          queueDirty = true;
        } else if (kind === 'unit') {
          const e = model.get(k);
          const id = Number(k.slice(colon + 1));
          if (e) { upsertUnitRow(e); unitMarker(e); } else {
            const r = unitRows.get(id);
            if (r) { r.tr.remove(); unitRows.delete(id); unitOrderDirty = true; }
            if (unitLayers) unitLayers.remove(k);
          }
          if (unitFilter.value.trim()) unitOrderDirty = true;   // a status change may (un)match the filter
        }
      }
    }
    if (queueDirty) syncQueue();
    if (unitOrderDirty) syncUnitBoard();

    // detail and selection overlays: only when something they show changed
    let detailDirty = reset || !!(selectedId && batch.keys.has('incident:' + selectedId));
    if (!detailDirty) for (const k of batch.keys) if (detailDeps.has(k)) { detailDirty = true; break; }
    if (!detailDirty && queueDirty && selectedId) detailDirty = true;   // merge targets follow the incident list
    if (detailDirty) {
      renderDetail();
      drawUncertainty();
      drawRoutes();
    }
    notices.update(batch, model);
  }

  /**
   * The rows of a long table that are on screen (plus a margin). Rewriting a cell of every one of
   * 5,000 rows each second costs a whole-table layout; off-screen rows catch up when scrolled to.
   */
  function visibleRows(tbody) {
    const rows = tbody.rows;
    const box = tbody.closest('.panel-body');
    if (!rows.length || !box) return [];
    const h = rows[0].offsetHeight || 21;
    const first = Math.max(0, Math.floor(box.scrollTop / h) - 5);
    const last = Math.min(rows.length, first + Math.ceil(box.clientHeight / h) + 10);
    const out = [];
    for (let i = first; i < last; i++) out.push(rows[i]);
    return out;
  }

  function tickUnitRows(now) {
    for (const tr of visibleRows(unitBody)) {
      const u = unitOf(Number(tr.dataset.id));
      if (u && u.statusSinceMs) setText(tr.cells[6], fmtAge(now - u.statusSinceMs));
    }
  }

  /** Once a second: the running clocks (incident age, time in status). */
  function tick() {
    const now = Date.now();
    for (const tr of visibleRows(queueBody)) {
      const inc = incidentOf(Number(tr.dataset.id));
      if (inc) setText(tr.cells[5], incidentAge(inc, now));
    }
    tickUnitRows(now);
    const inc = selectedId ? incidentOf(selectedId) : null;
    const age = detail.head.querySelector('.detail-age');
    if (inc && age) setText(age, incidentAge(inc, now));
    for (const [unitId, r] of assignedRows) {
      const u = unitOf(unitId);
      if (u && u.statusSinceMs) setText(r.parts.since, T('dispatcher.inStatus', { age: fmtAge(now - u.statusSinceMs) }));
    }
  }

  showClosed.addEventListener('change', () => {
    for (const inc of model.kind('incident').values()) incidentMarker(inc);
    syncQueue();
  });
  // rows scrolled into view get their running clock at once, not at the next tick
  let scrollPending = false;
  for (const tbody of [queueBody, unitBody]) {
    tbody.closest('.panel-body').addEventListener('scroll', () => {
      if (scrollPending) return;
      scrollPending = true;
      requestAnimationFrame(() => { scrollPending = false; tick(); });
    }, { passive: true });
  }

  let filterTimer = 0;
  unitFilter.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(syncUnitBoard, 120);   // typing over 5,000 rows: filter once the keys settle
  });

  /* ------------------------------------------------------------------ start */

  async function start() {
    Beacon.initHeader().catch((e) => console.error('header', e));
    // rows and notices do not wait for the map; markers are added once it is drawn
    model.onChange(render);
    if (window.BeaconAlerts) window.BeaconAlerts.attach(model, { selectIncident: (id) => selectIncident(id, true) });
    model.start();
    try {
      mapCtx = await Beacon.loadMap($('map'));
    } catch (e) {
      setText($('command-result'), T('common.mapFailed', { reason: e.message }));
      return;
    }
    incidentLayers = new Beacon.LayerSet(mapCtx.map, 'incidents');
    unitLayers = new Beacon.LayerSet(mapCtx.map, 'units');
    overlay = L.layerGroup().addTo(mapCtx.map);
    mapCtx.map.on('click', onMapClick);
    for (const inc of model.kind('incident').values()) incidentMarker(inc);
    for (const u of model.kind('unit').values()) unitMarker(u);
    drawUncertainty();
    drawRoutes();
    if (window.BeaconCameras) window.BeaconCameras.attach(model, mapCtx.map);
    if (window.BeaconAlerts) window.BeaconAlerts.setMap(mapCtx.map, mapCtx.cell, mapCtx.layers);
  }

  setInterval(tick, 1000);
  start();
  // for tests and debugging from the browser console
  window.beaconDispatcher = { model, selectIncident, get selectedId() { return selectedId; }, get map() { return mapCtx ? mapCtx.map : null; } };
})();
