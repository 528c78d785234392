/*
 * Traffic-control console: intersections (map and list), active green waves, the selected
 * intersection with its commands, and signal notices, all from the live model.
 *
 * Every signal command goes through a confirmation dialog and is sent with "confirmed":true only
 * when the operator says yes (the server refuses it without). Rows and markers are kept per key and
 * updated in place: 2,000 intersections change phase every few seconds.
 */
'use strict';

(function () {
  const { el, setText, fmtTime, hasPos } = Beacon;
  const T = Beacon.t;
  const E = Beacon.enumText;
  const faultWords = (faults) => Beacon.enumList('SignalFault', faults);

  const model = new LiveModel();
  let mapCtx = null;
  let ixLayers = null;     // intersection markers
  let unitLayers = null;   // markers of the units that have a wave
  const waveLines = new Map();   // unitId -> {line, sig}
  let selectedIndex = -1;

  const $ = (id) => document.getElementById(id);
  const listBody = $('intersection-list').tBodies[0];
  const waveBody = $('wave-list').tBodies[0];
  const filterBox = $('filter');
  const onlyActive = $('only-active');

  const ixOf = (index) => model.get('intersection:' + index);
  const unitOf = (id) => model.get('unit:' + id);

  /* ------------------------------------------------------------------ summary state */

  /** One word for an intersection's condition; colours of markers and rows follow it. */
  function summary(ix) {
    if (ix.alarm || ix.mode === 'FAULT_FLASH') return 'fault';
    switch (ix.mode) {
      case 'LOCAL': return 'normal';
      case 'PREEMPT_ENTRY': case 'PREEMPT_DWELL': case 'PREEMPT_EXIT': return 'preempt';
      case 'HOLD': return 'hold';
      case 'FLASH': return 'flash';
      default: return 'offline';   // OFFLINE, STARTUP, anything unknown
    }
  }
  const SUMMARY_COLOR = {
    normal: '#43a964', preempt: '#1f5fbf', hold: '#f28e2b', fault: '#d62728', flash: '#f1c40f', offline: '#9e9e9e',
  };
  const isActive = (ix) => ix.mode !== 'LOCAL' || !!ix.alarm;

  function ixLatLng(ix) {
    if (hasPos(ix)) return [ix.lat, ix.lon];
    return mapCtx ? mapCtx.intersectionLatLng(ix.index) : null;
  }

  function unitName(id) {
    const u = unitOf(id);
    return u && u.callSign ? u.callSign + ' (#' + id + ')' : '#' + id;
  }

  /** R / Y / G letter of a vehicle indication ("GREEN", "FLASHING_YELLOW" ...); X for dark/other. */
  function lamp(v) {
    const s = String(v || '');
    if (s.includes('GREEN')) return 'G';
    if (s.includes('YELLOW')) return 'Y';
    if (s.includes('RED')) return 'R';
    return 'X';
  }

  function phaseBoxes(phases) {
    const frag = document.createDocumentFragment();
    for (const p of phases || []) {
      frag.appendChild(el('span', { class: 'phase ' + lamp(p.vehicle), text: String(p.phase),
        title: T('traffic.phaseTip', { n: p.phase, vehicle: E('SignalIndication', p.vehicle) }) +
          (p.ped ? ', ' + T('traffic.pedTip', { ped: E('PedSignal', p.ped) }) : '') }));
    }
    return frag;
  }

  /* ------------------------------------------------------------------ intersection list */

  const rows = new Map();   // index -> {tr, td, phaseSig, faultSig}
  let orderDirty = true;

  function upsertRow(ix) {
    let r = rows.get(ix.index);
    if (!r) {
      const td = {
        id: el('td', { class: 'id' }), mode: el('td', { class: 'mode' }), phases: el('td', { class: 'phases' }),
        preempt: el('td', { class: 'preempt' }), faults: el('td', { class: 'faults' }), alarm: el('td', { class: 'alarm-cell' }),
      };
      const tr = el('tr', { class: 'intersection', dataset: { index: ix.index } },
        td.id, td.mode, td.phases, td.preempt, td.faults, td.alarm);
      tr.addEventListener('click', () => select(ix.index, true));
      r = { tr, td, phaseSig: null };
      rows.set(ix.index, r);
      orderDirty = true;
    }
    const { tr, td } = r;
    const cls = 'intersection s-' + summary(ix) + (ix.alarm ? ' alarm' : '') + (ix.index === selectedIndex ? ' selected' : '');
    if (tr.className !== cls) tr.className = cls;
    setText(td.id, ix.id || ('#' + ix.index));
    setText(td.mode, E('ControllerModeCode', ix.mode));
    td.mode.dataset.mode = ix.mode || '';
    const sig = (ix.phases || []).map((p) => p.phase + lamp(p.vehicle) + (p.ped || '')).join(',');
    if (sig !== r.phaseSig) { r.phaseSig = sig; td.phases.replaceChildren(phaseBoxes(ix.phases)); }
    setText(td.preempt, ix.preemptUnitId > 0 ? unitName(ix.preemptUnitId) : '');
    setText(td.faults, faultWords(ix.faults));
    setText(td.alarm, ix.alarm ? T('traffic.alarm') : '');
  }

  function matches(ix, f) {
    if (onlyActive.checked && !isActive(ix)) return false;
    if (f && !String(ix.id || '').toLowerCase().includes(f) && String(ix.index) !== f) return false;
    return true;
  }

  function syncList() {
    const f = filterBox.value.trim().toLowerCase();
    const list = [];
    for (const ix of model.kind('intersection').values()) if (matches(ix, f)) list.push(ix);
    list.sort((a, b) => a.index - b.index);
    syncChildren(listBody, list.map((ix) => rows.get(ix.index).tr));
    const all = model.kind('intersection');
    let alarms = 0;
    for (const ix of all.values()) if (ix.alarm) alarms++;
    setText($('ix-count'), all.size + (alarms ? ' / ' + T('traffic.alarms', { n: alarms }) : ''));
    $('ix-count').classList.toggle('alarm', alarms > 0);
    orderDirty = false;
  }

  /** Puts exactly `nodes` into `container` in order, moving only what is out of place. */
  function syncChildren(container, nodes) {
    let cursor = container.firstChild;
    for (const n of nodes) {
      if (n === cursor) { cursor = cursor.nextSibling; continue; }
      container.insertBefore(n, cursor);
    }
    while (cursor) { const next = cursor.nextSibling; container.removeChild(cursor); cursor = next; }
  }

  /* ------------------------------------------------------------------ map */

  function ixMarker(ix) {
    if (!ixLayers) return;
    const ll = ixLatLng(ix);
    if (!ll) { ixLayers.remove(ix.k); return; }
    const s = summary(ix);
    const sel = ix.index === selectedIndex;
    ixLayers.upsert(ix.k, {
      latlng: ll,
      className: 'intersection-marker intersection-' + ix.index,
      radius: ix.alarm || sel ? 8 : 6,
      style: { fillColor: SUMMARY_COLOR[s], color: sel ? '#111' : (ix.alarm ? '#7f0000' : '#ffffff'), weight: sel || ix.alarm ? 2.5 : 1, fillOpacity: 0.92 },
      tooltip: () => {
        const cur = ixOf(ix.index) || ix;
        const box = el('div', null, el('b', { text: (cur.id || '#' + cur.index) + ' ' + E('ControllerModeCode', cur.mode) }), el('div', null, phaseBoxes(cur.phases)));
        if (cur.preemptUnitId > 0) box.appendChild(el('div', { text: T('traffic.preemptTip', { unit: unitName(cur.preemptUnitId) }) }));
        if (cur.faults && cur.faults.length) box.appendChild(el('div', { text: T('traffic.faultsTip', { faults: faultWords(cur.faults) }) }));
        return box;
      },
      onClick: () => select(ix.index, false),
    });
  }

  function waveLatLngs(w) {
    const pts = [];
    for (const wi of w.intersections || []) {
      const ix = ixOf(wi.index);
      const ll = ix ? ixLatLng(ix) : (mapCtx ? mapCtx.intersectionLatLng(wi.index) : null);
      if (ll) pts.push(ll);
    }
    return pts;
  }

  function drawWave(w) {
    if (!mapCtx) return;
    const sig = (w.intersections || []).map((i) => i.index).join(',');
    let r = waveLines.get(w.unitId);
    if (r && r.sig !== sig) { r.line.remove(); waveLines.delete(w.unitId); r = null; }
    if (!r) {
      const pts = waveLatLngs(w);
      if (!pts.length) return;   // positions not known yet: the next update of the wave tries again
      const line = L.polyline(pts, {
        pane: 'waves', className: 'wave-line wave-' + w.unitId, color: '#1f5fbf', weight: 5, opacity: 0.75,
        dashArray: '8 6', lineCap: 'round',
      }).addTo(mapCtx.layers.routes);
      line.bindTooltip(() => {
        const cur = model.get('wave:' + w.unitId) || w;
        return el('div', null, el('b', { text: T('traffic.waveTip', { unit: unitName(cur.unitId) }) }), el('div', { text: T('alerts.incident', { id: cur.incidentId }) }));
      }, { sticky: true });
      r = { line, sig };
      waveLines.set(w.unitId, r);
    }
    const u = unitOf(w.unitId);
    if (unitLayers && u) unitMarker(u);
  }

  function removeWave(unitId) {
    const r = waveLines.get(unitId);
    if (r) { r.line.remove(); waveLines.delete(unitId); }
    if (unitLayers) unitLayers.remove('unit:' + unitId);
  }

  /** The unit of a wave, shown on the map while its wave lasts. */
  function unitMarker(u) {
    if (!unitLayers) return;
    if (!hasPos(u) || !model.get('wave:' + u.id)) { unitLayers.remove(u.k); return; }
    unitLayers.upsert(u.k, {
      latlng: [u.lat, u.lon],
      className: 'unit-marker unit-' + u.id,
      radius: 5,
      style: { fillColor: Beacon.unitStatusColor[u.status] || '#666', color: '#111', weight: 1.5, fillOpacity: 1 },
      tooltip: () => { const cur = unitOf(u.id) || u; return el('div', { text: (cur.callSign || '#' + cur.id) + ' ' + E('UnitStatusCode', cur.status) }); },
    });
  }

  /* ------------------------------------------------------------------ waves list */

  const waveRows = new Map();   // unitId -> {tr, td, entity}

  function upsertWaveRow(w) {
    let r = waveRows.get(w.unitId);
    if (!r) {
      const td = { unit: el('td', { class: 'unit' }), incident: el('td', { class: 'num incident' }), ixs: el('td', { class: 'ixs wrap' }) };
      const tr = el('tr', { class: 'wave', dataset: { unit: w.unitId } }, td.unit, td.incident, td.ixs);
      tr.addEventListener('click', () => {
        const cur = model.get('wave:' + w.unitId);
        if (cur && mapCtx) { const pts = waveLatLngs(cur); if (pts.length) mapCtx.map.fitBounds(pts, { padding: [40, 40], maxZoom: 17 }); }
      });
      r = { tr, td, entity: null };
      waveRows.set(w.unitId, r);
    }
    setText(r.td.unit, unitName(w.unitId));
    setText(r.td.incident, w.incidentId > 0 ? '#' + w.incidentId : '');
    if (r.entity !== w) {
      r.entity = w;
      r.td.ixs.replaceChildren(...(w.intersections || []).map((wi) => {
        const ix = ixOf(wi.index);
        return el('span', { class: 'wave-ix ' + wi.state, dataset: { index: wi.index, state: wi.state },
          title: (wi.etaMs ? T('col.eta') + ' ' + fmtTime(wi.etaMs) : '') + (wi.endReason ? ' — ' + E('PreemptEnd', wi.endReason) : '') },
        (ix && ix.id ? ix.id : '#' + wi.index) + ' ' + E('WaveState', wi.state));
      }));
    }
  }

  function syncWaves() {
    const list = Array.from(model.kind('wave').values()).sort((a, b) => a.unitId - b.unitId);
    syncChildren(waveBody, list.map((w) => waveRows.get(w.unitId).tr));
    setText($('wave-count'), list.length);
  }

  /* ------------------------------------------------------------------ selected intersection */

  const holdPhase = $('hold-phase');
  let detailSig = '';

  function renderDetail() {
    const ix = selectedIndex >= 0 ? ixOf(selectedIndex) : null;
    $('ix-empty').hidden = !!ix;
    $('ix-body').hidden = !ix;
    if (!ix) return;
    $('ix-head').replaceChildren(
      el('span', { class: 'title', text: T('traffic.ixTitle', { id: ix.id || '', index: ix.index }) }),
      el('span', { class: 'kv' }, T('traffic.kvMode') + ' ', el('b', { class: 'mode', dataset: { mode: ix.mode || '' }, text: E('ControllerModeCode', ix.mode) })),
      ix.alarm ? el('span', { class: 'nuisance', text: T('traffic.alarm') }) : el('span'),
      el('span', { class: 'kv' }, T('traffic.asOf') + ' ', el('b', { class: 'mono', text: fmtTime(ix.atMs) })));
    const facts = [];
    if (ix.preemptUnitId > 0) facts.push(el('div', { class: 'kv' }, T('traffic.preemptedFor') + ' ', el('b', { text: unitName(ix.preemptUnitId) })));
    if (ix.faults && ix.faults.length) facts.push(el('div', { class: 'kv' }, T('traffic.colFaults') + ' ', el('b', { class: 'faults', text: faultWords(ix.faults) })));
    const lc = ix.lastCommand;
    if (lc) {
      facts.push(el('div', { class: 'kv last-command' }, T('traffic.lastCommand') + ' ', el('b', { text: E('SignalCommandType', lc.type) }),
        ' ' + T('traffic.byAt', { id: lc.operatorId, time: fmtTime(lc.atMs) }) + ': ',
        el('b', { class: lc.accepted ? 'accepted' : 'rejected', text: lc.accepted ? T('traffic.accepted') : T('traffic.rejected') }),
        lc.reason ? ' — ' + E('SignalRejectReason', lc.reason) : ''));
    }
    $('ix-facts').replaceChildren(...facts);
    const tb = $('ix-phases').tBodies[0];
    tb.replaceChildren(...(ix.phases || []).map((p) => el('tr', null,
      el('td', { class: 'num' }, el('span', { class: 'phase ' + lamp(p.vehicle), text: String(p.phase) })),
      el('td', { text: E('SignalIndication', p.vehicle) }),
      el('td', { text: E('PedSignal', p.ped) }),
      el('td', { class: 'num', text: dsText(p.minEndDs) }),
      el('td', { class: 'num', text: dsText(p.maxEndDs) }))));
    // hold-phase choices: the phases that serve an approach here (the server refuses the others); the operator's
    // pick survives updates
    const approach = mapCtx && mapCtx.approachPhases ? mapCtx.approachPhases(ix.index) : null;
    const choices = approach || (ix.phases || []).map((p) => p.phase);
    const sig = ix.index + ':' + choices.join(',');
    if (sig !== detailSig) {
      detailSig = sig;
      const keep = holdPhase.value;
      holdPhase.replaceChildren(...choices.map((p) => el('option', { value: p, text: T('traffic.phaseN', { n: p }) })));
      if (Array.from(holdPhase.options).some((o) => o.value === keep)) holdPhase.value = keep;
    }
  }

  /** Deciseconds (as the controller counts) in seconds. */
  const dsText = (ds) => (typeof ds === 'number' ? Beacon.numberFormat.format(Math.round(ds) / 10) + ' s' : '');

  function select(index, panTo) {
    const prev = selectedIndex;
    selectedIndex = index;
    for (const i of [prev, index]) {
      const ix = ixOf(i);
      if (ix) { upsertRow(ix); ixMarker(ix); }
    }
    const r = rows.get(index);
    if (r && r.tr.isConnected) Beacon.revealVertically(r.tr);
    renderDetail();
    const ix = ixOf(index);
    const ll = ix ? ixLatLng(ix) : null;
    if (panTo && mapCtx && ll && !mapCtx.map.getBounds().contains(ll)) mapCtx.map.panTo(ll);
  }

  /* ------------------------------------------------------------------ commands with confirmation */

  const dialog = $('confirm-dialog');
  let pendingCommand = null;

  function openConfirm(text, cmd) {
    pendingCommand = cmd;
    setText($('confirm-text'), text);
    dialog.hidden = false;
    $('confirm-no').focus();   // the safe answer has the focus
  }

  function closeConfirm() {
    dialog.hidden = true;
    pendingCommand = null;
  }

  $('confirm-yes').addEventListener('click', () => {
    const cmd = pendingCommand;
    closeConfirm();
    if (!cmd) return;
    Beacon.command(Object.assign({}, cmd, { confirmed: true }), E('Command', cmd.type) + ' ' + cmd.label).catch(() => {});
  });
  $('confirm-no').addEventListener('click', () => {
    const cmd = pendingCommand;
    closeConfirm();
    if (cmd) {
      const out = $('command-result');
      out.className = 'command-result';
      out.dataset.state = 'cancelled';
      setText(out, T('traffic.cancelled', { what: E('Command', cmd.type) + ' ' + cmd.label }));
    }
  });
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && !dialog.hidden) $('confirm-no').click(); });
  dialog.addEventListener('click', (ev) => { if (ev.target === dialog) $('confirm-no').click(); });

  function commandError(text) {
    const out = $('command-result');
    out.className = 'command-result error';
    out.dataset.state = 'error';
    setText(out, text);
  }

  /** Reads a whole number of seconds from an input; null when not a positive integer. */
  function seconds(input) {
    const v = Number(input.value);
    return Number.isInteger(v) && v > 0 ? v : null;
  }

  /**
   * Builds the command a button asks for and what to tell the operator about it. The command's
   * "label" is for the result line only and is dropped before sending.
   */
  function ask(kind) {
    const ix = selectedIndex >= 0 ? ixOf(selectedIndex) : null;
    if (!ix) { commandError(T('traffic.selectFirst')); return; }
    const name = T('traffic.ixTitle', { id: ix.id || T('traffic.intersection'), index: ix.index });
    const now = T('traffic.now', { mode: E('ControllerModeCode', ix.mode) }) +
      (ix.preemptUnitId > 0 ? ', ' + T('traffic.preemptTip', { unit: unitName(ix.preemptUnitId) }) : '') +
      (ix.alarm ? ', ' + T('traffic.alarm') : '') + '.';
    let cmd;
    let text;
    switch (kind) {
      case 'hold': {
        const phase = Number(holdPhase.value);
        const d = seconds($('hold-duration'));
        if (!holdPhase.value) { commandError(T('traffic.noPhase')); return; }
        if (!d) { commandError(E('Command', 'SIGNAL_HOLD') + ': ' + T('traffic.badDuration')); return; }
        cmd = { type: 'SIGNAL_HOLD', intersection: ix.index, phase, durationS: d };
        text = T('traffic.askHold', { name, phase, d });
        break;
      }
      case 'advance':
        cmd = { type: 'SIGNAL_ADVANCE', intersection: ix.index };
        text = T('traffic.askAdvance', { name });
        break;
      case 'flash': {
        const d = seconds($('flash-duration'));
        if (!d) { commandError(E('Command', 'SIGNAL_FLASH') + ': ' + T('traffic.badDuration')); return; }
        cmd = { type: 'SIGNAL_FLASH', intersection: ix.index, durationS: d };
        text = T('traffic.askFlash', { name, d });
        break;
      }
      case 'release':
        cmd = { type: 'SIGNAL_RELEASE', intersection: ix.index };
        text = T('traffic.askRelease', { name });
        break;
      case 'reset-fault':
        cmd = { type: 'SIGNAL_RESET_FAULT', intersection: ix.index };
        text = T('traffic.askReset', { name, faults: faultWords(ix.faults) || T('common.none') });
        break;
      default:
        return;
    }
    const label = T('traffic.on', { id: ix.id || '#' + ix.index });
    openConfirm(text + '\n' + now, Object.defineProperty(cmd, 'label', { value: label, enumerable: false }));
  }

  for (const kind of ['hold', 'advance', 'flash', 'release', 'reset-fault']) {
    document.querySelector('button.cmd-' + kind).addEventListener('click', () => ask(kind));
  }

  /* ------------------------------------------------------------------ render loop */

  const notices = new Beacon.NoticeList($('notices'), $('notice-count'),
    (n) => Beacon.noticeKind(n).startsWith('signal') || n.level === 'alarm');

  function render(batch) {
    const reset = batch.reset;
    let wavesDirty = reset;
    let detailDirty = reset;
    if (reset) {
      for (const [index, r] of rows) if (!ixOf(index)) { r.tr.remove(); rows.delete(index); }
      for (const [unitId, r] of waveRows) if (!model.get('wave:' + unitId)) { r.tr.remove(); waveRows.delete(unitId); }
      for (const unitId of Array.from(waveLines.keys())) if (!model.get('wave:' + unitId)) removeWave(unitId);
      if (ixLayers) ixLayers.retain(new Set(model.kind('intersection').keys()));
      for (const ix of model.kind('intersection').values()) { upsertRow(ix); ixMarker(ix); }
      for (const w of model.kind('wave').values()) { upsertWaveRow(w); drawWave(w); }
      orderDirty = true;
    } else {
      const filtering = onlyActive.checked;   // a mode change may (un)list a row
      for (const k of batch.keys) {
        const colon = k.indexOf(':');
        const kind = k.slice(0, colon);
        const e = model.get(k);
        if (kind === 'intersection') {
          const index = Number(k.slice(colon + 1));
          if (e) { upsertRow(e); ixMarker(e); } else {
            const r = rows.get(index);
            if (r) { r.tr.remove(); rows.delete(index); }
            if (ixLayers) ixLayers.remove(k);
          }
          if (filtering || !e) orderDirty = true;
          if (index === selectedIndex) detailDirty = true;
        } else if (kind === 'wave') {
          const unitId = Number(k.slice(colon + 1));
          if (e) { upsertWaveRow(e); drawWave(e); } else {
            const r = waveRows.get(unitId);
            if (r) { r.tr.remove(); waveRows.delete(unitId); }
            removeWave(unitId);
          }
          wavesDirty = true;
        } else if (kind === 'unit' && e) {
          if (waveLines.has(e.id)) { unitMarker(e); const w = model.get('wave:' + e.id); if (w) upsertWaveRow(w); }
        }
      }
    }
    if (orderDirty) syncList();
    if (wavesDirty) syncWaves();
    if (detailDirty) renderDetail();
    notices.update(batch, model);
  }

  let filterTimer = 0;
  filterBox.addEventListener('input', () => { clearTimeout(filterTimer); filterTimer = setTimeout(syncList, 120); });
  onlyActive.addEventListener('change', syncList);

  async function start() {
    Beacon.initHeader().catch((e) => console.error('header', e));
    model.onChange(render);
    model.start();
    try {
      mapCtx = await Beacon.loadMap($('map'));
    } catch (e) {
      commandError(T('common.mapFailed', { reason: e.message }));
      return;
    }
    ixLayers = new Beacon.LayerSet(mapCtx.map, 'intersections');
    unitLayers = new Beacon.LayerSet(mapCtx.map, 'units');
    for (const ix of model.kind('intersection').values()) ixMarker(ix);
    for (const w of model.kind('wave').values()) drawWave(w);
  }

  start();
  window.beaconTraffic = { model, select, get selectedIndex() { return selectedIndex; } };
})();
