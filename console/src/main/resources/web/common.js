/*
 * Beacon consoles: code shared by every page (no build step, no framework, nothing from the internet).
 *
 * - Beacon.getJson / Beacon.postJson: fetch helpers (JSON, X-Beacon-Csrf header, 401 -> back to login)
 * - LiveModel: the live model over the /ws WebSocket (hello / snapshot / upd), reconnecting with backoff
 * - Beacon.loadMap: Leaflet map of Beacon's own road network (no tile server)
 * - Beacon.LayerSet: map markers reused by entity key (thousands of units must not be re-created)
 * - Beacon.NoticeList: the notices panel, newest first
 * - Beacon.initHeader: the header bar (user, role, clock, logout)
 * - small DOM and formatting helpers; every server string is inserted as text, never as HTML
 */
'use strict';

(function () {
  const Beacon = {};

  /* ---------------------------------------------------------------- DOM and formatting helpers */

  /**
   * Creates an element. attrs: {class, text, title, dataset:{..}, on:{click:fn}, any other attribute}.
   * Children are nodes or strings (strings become text nodes, so server text is never parsed as HTML).
   */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const name of Object.keys(attrs)) {
        const v = attrs[name];
        if (v === undefined || v === null || v === false) continue;
        if (name === 'class') e.className = v;
        else if (name === 'text') e.textContent = v;
        else if (name === 'dataset') Object.assign(e.dataset, v);
        else if (name === 'on') for (const ev of Object.keys(v)) e.addEventListener(ev, v[ev]);
        else if (name === 'value') e.value = v;
        else e.setAttribute(name, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  Beacon.el = el;

  /** Escapes text for the rare place that takes HTML (none of ours should; kept for safety). */
  Beacon.escapeHtml = function (s) {
    return String(s === undefined || s === null ? '' : s)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  };

  /** Sets textContent only when it differs: cheap no-op for the many cells that did not change. */
  Beacon.setText = function (node, text) {
    const s = text === undefined || text === null ? '' : String(text);
    if (node.textContent !== s) node.textContent = s;
  };

  const pad2 = (n) => (n < 10 ? '0' : '') + n;
  const pad3 = (n) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

  /** Age as "mm:ss" below an hour, "h:mm:ss" above. */
  Beacon.fmtAge = function (ms) {
    if (!(ms > 0)) ms = 0;
    const total = Math.floor(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return h > 0 ? h + ':' + pad2(m) + ':' + pad2(s) : pad2(m) + ':' + pad2(s);
  };

  /** Local wall-clock time HH:MM:SS ('' when unknown). */
  Beacon.fmtTime = function (ms) {
    if (!ms) return '';
    const d = new Date(ms);
    return pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' + pad2(d.getSeconds());
  };

  /** Local date-time "YYYY-MM-DD HH:MM:SS.mmm" (the audit page's text box uses it both ways). */
  Beacon.fmtDateTime = function (ms) {
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad2(d.getMonth() + 1) + '-' + pad2(d.getDate()) + ' ' +
      pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' + pad2(d.getSeconds()) + '.' + pad3(d.getMilliseconds());
  };

  /** Seconds as ETA "mm:ss" ('' when 0 / unknown, the protocol's "none"). */
  Beacon.fmtEta = function (s) {
    return s > 0 ? Beacon.fmtAge(s * 1000) : '';
  };

  /** Distance: metres below 1 km, else km with one decimal. */
  Beacon.fmtDist = function (m) {
    if (m === undefined || m === null || isNaN(m)) return '';
    return m < 1000 ? Math.round(m) + ' m' : (m / 1000).toFixed(1) + ' km';
  };

  /**
   * Scrolls the nearest scrolling panel vertically so `node` is visible (scrollIntoView would also
   * scroll sideways and hide a table's first columns).
   */
  Beacon.revealVertically = function (node) {
    const box = node && node.closest('.panel-body');
    if (!box) return;
    const r = node.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const top = b.top;
    if (r.top < top) box.scrollTop -= top - r.top;
    else if (r.bottom > b.bottom) box.scrollTop += r.bottom - b.bottom;
  };

  /** Numeric-aware comparison so "P-2" sorts before "P-10". */
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  Beacon.compareText = (a, b) => collator.compare(String(a || ''), String(b || ''));

  /**
   * Moves the header of every `table.grid.split` into its own table above the scrolling rows (same
   * column template through data-for, same scrollbar gutter, so the columns line up). Rows then scroll
   * under nothing: a row scrolled to the top of its panel stays visible and clickable.
   */
  Beacon.splitHeaders = function (root) {
    for (const table of (root || document).querySelectorAll('table.grid.split')) {
      const body = table.parentElement;
      if (!table.tHead || !body || !body.classList.contains('panel-body')) continue;
      const head = el('table', { class: table.className.replace(/\b(split|clickable)\b/g, '').trim() + ' head-of', role: 'presentation' });
      head.appendChild(table.tHead);
      head.dataset.for = table.id;
      body.classList.add('split-body');
      body.parentElement.insertBefore(el('div', { class: 'table-head' }, head), body);
    }
  };

  /* ---------------------------------------------------------------- HTTP */

  let csrfPromise = null;

  /** The session's csrf token, fetched once from GET /api/me and cached. */
  Beacon.csrf = function () {
    if (!csrfPromise) {
      csrfPromise = Beacon.getJson('/api/me').then((me) => me.csrf).catch((e) => { csrfPromise = null; throw e; });
    }
    return csrfPromise;
  };

  /** An Error carrying the HTTP status and the server's readable reason. */
  function httpError(status, body, fallback) {
    const reason = body && body.error ? body.error : fallback;
    const e = new Error(reason);
    e.status = status;
    e.body = body;
    return e;
  }

  /** Sends a request, parses the JSON answer; rejects with a readable Error when not ok. */
  async function request(method, url, body, opts) {
    opts = opts || {};
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && !opts.noCsrf) headers['X-Beacon-Csrf'] = await Beacon.csrf();
    let res;
    try {
      res = await fetch(url, {
        method, headers, credentials: 'same-origin', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (netErr) {
      throw httpError(0, null, 'server unreachable');
    }
    let json = null;
    try { json = await res.json(); } catch (_) { json = null; }
    if (res.status === 401 && !opts.no401Redirect) {
      // no or expired session: back to the login page (the server's "/" shows it)
      location.href = '/';
      throw httpError(401, json, 'session expired');
    }
    if (!res.ok || (json && json.ok === false)) {
      throw httpError(res.status, json, 'HTTP ' + res.status);
    }
    return json;
  }

  Beacon.getJson = (url, opts) => request('GET', url, undefined, opts);

  /** POST with the csrf header; a 403 with a stale token is retried once with a fresh one. */
  Beacon.postJson = async function (url, body, opts) {
    try {
      return await request('POST', url, body === undefined ? {} : body, opts);
    } catch (e) {
      if (e.status === 403 && !(opts && opts.noCsrf)) {
        const old = await Beacon.csrf().catch(() => null);
        csrfPromise = null;
        const fresh = await Beacon.csrf().catch(() => null);
        if (fresh && fresh !== old) return request('POST', url, body === undefined ? {} : body, opts);
      }
      throw e;
    }
  };

  /**
   * Every visible word of a command's outcome, in one place (for the message catalogues). The reasons are the state
   * machine's (RejectReason and the signal and alert services' own); an unknown one shows the server's detail.
   */
  const OUTCOME_WORDS = {
    sending: 'sending…',
    accepted: 'accepted',
    refused: 'refused',
    pending: 'journaled; the decision is not in yet (see the notices)',
    failed: 'failed',
    sequence: 'sequence',
    reasons: {
      UNIT_NOT_AVAILABLE: 'the unit is not available',
      UNKNOWN_UNIT: 'no such unit',
      UNKNOWN_INCIDENT: 'no such incident',
      INCIDENT_CLOSED: 'the incident is closed',
      INVALID_COMMAND: 'the command is not valid here',
      UNKNOWN_CALL: 'no such call',
      NO_SUCH_FIX: 'no such location fix',
    },
  };
  Beacon.OUTCOME_WORDS = OUTCOME_WORDS;

  /**
   * Writes a command's outcome into an element: accepted, refused with its reason, or journaled but not decided yet.
   * data-state is "accepted", "refused", "pending" or "error"; data-reason the state machine's reason of a refusal.
   */
  Beacon.showOutcome = function (out, what, a) {
    if (!out) return;
    const when = ' (' + OUTCOME_WORDS.sequence + ' ' + a.sequence + ', ' + Beacon.fmtTime(Date.now()) + ')';
    const state = a.outcome === 'refused' ? 'refused' : a.outcome === 'pending' ? 'pending' : 'accepted';
    out.className = 'command-result ' + (state === 'refused' ? 'error' : state === 'pending' ? 'pending' : 'ok');
    out.dataset.state = state;
    out.dataset.reason = state === 'refused' ? (a.reason || '') : '';
    if (state === 'refused') {
      const why = OUTCOME_WORDS.reasons[a.reason] || a.detail || a.reason || '';
      Beacon.setText(out, what + ': ' + OUTCOME_WORDS.refused + ' — ' + why + when);
    } else {
      Beacon.setText(out, what + ': ' + OUTCOME_WORDS[state] + when);
    }
  };

  /**
   * Sends an operator command (POST /api/command) and writes its outcome into #command-result (and into
   * opts.outcomeIn, an element where the operator clicked): the answer comes once the state machine decided, accepted
   * or refused with its reason. Resolves with the answer (a.outcome), refused ones included.
   */
  Beacon.command = async function (cmd, label, opts) {
    const outs = [document.getElementById('command-result'), opts && opts.outcomeIn].filter((o) => o);
    const what = label || cmd.type;
    for (const out of outs) {
      out.className = 'command-result pending';
      out.dataset.state = 'sending';
      out.dataset.reason = '';
      Beacon.setText(out, what + ': ' + OUTCOME_WORDS.sending);
    }
    try {
      const a = await Beacon.postJson('/api/command', cmd);
      for (const out of outs) Beacon.showOutcome(out, what, a);
      return a;
    } catch (e) {
      for (const out of outs) {
        out.className = 'command-result error';
        out.dataset.state = 'error';
        Beacon.setText(out, what + ': ' + OUTCOME_WORDS.failed + ' — ' + e.message + (e.status ? ' (HTTP ' + e.status + ')' : ''));
      }
      throw e;
    }
  };

  /* ---------------------------------------------------------------- header bar */

  /**
   * Fills the header (user, role, clock, logout). Returns /api/me's answer (also primes the csrf cache).
   */
  Beacon.initHeader = async function () {
    const clock = document.getElementById('clock');
    const tickClock = () => { if (clock) Beacon.setText(clock, Beacon.fmtTime(Date.now())); };
    tickClock();
    setInterval(tickClock, 1000);

    const logout = document.getElementById('logout');
    if (logout) {
      logout.addEventListener('click', async () => {
        logout.disabled = true;
        try { await Beacon.postJson('/api/logout', {}); } catch (_) { /* going away anyway */ }
        location.href = '/';
      });
    }
    const me = await Beacon.getJson('/api/me');
    csrfPromise = Promise.resolve(me.csrf);
    const u = document.getElementById('hdr-user');
    const r = document.getElementById('hdr-role');
    if (u) Beacon.setText(u, me.user + (me.operatorId ? ' (#' + me.operatorId + ')' : ''));
    if (r) { Beacon.setText(r, me.role); r.dataset.role = me.role; }
    Beacon.me = me;
    return me;
  };

  /* ---------------------------------------------------------------- live model */

  const LATENCY_KEEP = 1000;

  /**
   * An entity's kind is taken from its key ("notice:12" -> "notice"), not from its "kind" field:
   * a notice carries its own "kind" ("rejected", "overdue" ...) in the same JSON field name.
   */
  function keyKind(k) {
    const s = String(k);
    const i = s.indexOf(':');
    return i > 0 ? s.slice(0, i) : '';
  }
  Beacon.keyKind = keyKind;

  /** A notice's own kind ("rejected", "overdue" ...), whichever field the server put it in. */
  Beacon.noticeKind = function (n) {
    if (n.kind && n.kind !== 'notice') return n.kind;
    return n.noticeKind || n.type || '';
  };
  window.beaconLatency = window.beaconLatency || [];

  /**
   * The live model: every entity by key ("incident:5"), and by kind. Listeners get, once per
   * animation frame, the batch of changes since the last call: {reset, keys:Set, kinds:Set}.
   * A key in `keys` whose entity is gone from the model was removed.
   */
  class LiveModel {
    constructor() {
      this.entities = new Map();
      this.byKind = new Map();
      this.listeners = [];
      this.seq = 0;
      this.hello = null;
      this.ws = null;
      this.backoffMs = 1000;
      this.lastMessageAt = 0;
      this._pending = LiveModel._emptyBatch();
      this._raf = 0;
      this._timer = 0;
      this._stopped = false;
    }

    static _emptyBatch() {
      return { reset: false, keys: new Set(), kinds: new Set() };
    }

    /** Entities of one kind as a Map key -> entity (empty Map when none). */
    kind(kind) {
      let m = this.byKind.get(kind);
      if (!m) { m = new Map(); this.byKind.set(kind, m); }
      return m;
    }

    get(key) { return this.entities.get(key); }

    onChange(fn) { this.listeners.push(fn); }

    start() {
      this._setStatus(false);
      this._connect();
      // keep-alive and dead-connection detection: a half-open socket never fires "close" by itself
      setInterval(() => {
        if (this.ws && this.ws.readyState === WebSocket.OPEN) {
          if (Date.now() - this.lastMessageAt > 45000) { this.ws.close(); return; }
          try { this.ws.send('{"t":"ping"}'); } catch (_) { /* close handler reconnects */ }
        }
      }, 15000);
      return this;
    }

    _connect() {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      let ws;
      try {
        ws = new WebSocket(proto + '//' + location.host + '/ws');
      } catch (e) {
        this._reconnectLater();
        return;
      }
      this.ws = ws;
      ws.onopen = () => {
        this.backoffMs = 1000;
        this.lastMessageAt = Date.now();
        this._setStatus(true);
      };
      ws.onmessage = (ev) => {
        this.lastMessageAt = Date.now();
        let msg;
        try { msg = JSON.parse(ev.data); } catch (_) { return; }
        this._apply(msg);
      };
      ws.onclose = () => {
        if (this.ws !== ws) return;
        this.ws = null;
        this._setStatus(false);
        this._reconnectLater();
      };
      ws.onerror = () => { /* "close" follows and reconnects */ };
    }

    _reconnectLater() {
      if (this._stopped) return;
      const wait = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, 10000);   // 1 s, 2 s, 4 s, 8 s, 10 s, 10 s ...
      setTimeout(() => {
        // a failed upgrade does not tell the browser why: ask /api/me, which goes to "/" on 401
        Beacon.getJson('/api/me').catch(() => null).finally(() => this._connect());
      }, wait);
    }

    _setStatus(live) {
      const s = document.getElementById('conn-status');
      if (!s) return;
      s.dataset.state = live ? 'live' : 'offline';
      Beacon.setText(s, live ? 'live' : 'offline');
    }

    _put(e) {
      const k = e.k;
      if (!k) return;
      const kind = keyKind(k) || e.kind;
      this.entities.set(k, e);
      this.kind(kind).set(k, e);
      this._pending.keys.add(k);
      this._pending.kinds.add(kind);
    }

    _remove(k) {
      const kind = keyKind(k);
      this.entities.delete(k);
      this.kind(kind).delete(k);
      this._pending.keys.add(k);
      this._pending.kinds.add(kind);
    }

    _apply(msg) {
      switch (msg.t) {
        case 'hello':
          this.hello = msg;
          break;
        case 'snapshot':
          // the whole model: replace everything we hold
          this.entities.clear();
          this.byKind.clear();
          this._pending = LiveModel._emptyBatch();
          this._pending.reset = true;
          for (const e of msg.entities || []) this._put(e);
          this.seq = msg.seq || 0;
          this._schedule();
          break;
        case 'upd': {
          if (typeof msg.tsNs === 'number') {
            // delivery delay from the sequencer's stamp to this browser, for tests and the status tip
            const lat = window.beaconLatency;
            lat.push(Date.now() * 1e6 - msg.tsNs);
            if (lat.length > LATENCY_KEEP) lat.splice(0, lat.length - LATENCY_KEEP);
          }
          // each entity is its newest full state: replace by key; then drop the removed keys
          for (const e of msg.entities || []) this._put(e);
          for (const k of msg.removed || []) this._remove(k);
          if (msg.seq) this.seq = msg.seq;
          this._schedule();
          break;
        }
        default:
          break;   // pong and anything newer: nothing to do
      }
    }

    /** Renders at most once per frame; a timer covers hidden tabs, where frames do not come. */
    _schedule() {
      if (this._raf || this._timer) return;
      this._raf = requestAnimationFrame(() => this._flush());
      this._timer = setTimeout(() => this._flush(), 400);
    }

    _flush() {
      if (this._raf) cancelAnimationFrame(this._raf);
      if (this._timer) clearTimeout(this._timer);
      this._raf = 0;
      this._timer = 0;
      const batch = this._pending;
      this._pending = LiveModel._emptyBatch();
      for (const fn of this.listeners) {
        try { fn(batch, this); } catch (e) { console.error('render failed', e); }
      }
    }
  }
  window.LiveModel = LiveModel;
  Beacon.LiveModel = LiveModel;

  /* ---------------------------------------------------------------- map */

  /**
   * Creates the Leaflet map in `element` and draws the road network from GET /api/map as thin grey
   * polylines on one canvas (fast for thousands of edges). Default CRS, no tile layer.
   * Resolves to {map, edgeLatLngs(edgeIndex), intersections, intersectionLatLng(index), bounds}.
   */
  Beacon.loadMap = async function (element) {
    const map = L.map(element, {
      attributionControl: false,
      zoomSnap: 0.25,
      minZoom: 3,
      maxZoom: 21,
      preferCanvas: false,   // markers stay SVG so they carry their class names (tests and CSS use them)
    });
    // panes keep the drawing order: roads < uncertainty < routes < units < incidents
    const panes = [['roads', 300], ['uncertainty', 380], ['routes', 390], ['waves', 395], ['units', 420],
      ['intersections', 430], ['incidents', 440]];
    for (const [name, z] of panes) map.createPane(name).style.zIndex = z;

    const data = await Beacon.getJson('/api/map');
    const edges = new Map();
    const lines = [];
    for (const r of data.roads || []) {
      edges.set(r.e, r.p);
      if (r.p && r.p.length > 1) lines.push(r.p);
    }
    const roadRenderer = L.canvas({ pane: 'roads', padding: 0.5 });
    if (lines.length) {
      L.polyline(lines, { renderer: roadRenderer, pane: 'roads', color: '#9aa2ab', weight: 1.2,
        opacity: 0.9, interactive: false, smoothFactor: 1 }).addTo(map);
    }
    const ix = new Map();
    for (const i of data.intersections || []) ix.set(i.i, i);
    const cells = new Map();
    for (const c of data.cells || []) cells.set(c.c, c);
    if (data.bounds) {
      map.fitBounds(data.bounds, { padding: [10, 10] });
    } else if (lines.length) {
      map.fitBounds(L.latLngBounds(lines.flat()), { padding: [10, 10] });
    } else {
      map.setView([10.776, 106.700], 15);
    }
    return {
      map,
      bounds: data.bounds,
      intersections: data.intersections || [],
      edgeLatLngs: (edgeIndex) => edges.get(edgeIndex) || null,
      intersectionLatLng: (index) => { const i = ix.get(index); return i ? [i.lat, i.lon] : null; },
      // the phases that serve an approach: the only ones a HOLD may name (null when the map does not say)
      approachPhases: (index) => { const i = ix.get(index); return i && Array.isArray(i.approachPhases) ? i.approachPhases : null; },
      // a cell of the broadcast network: {c, lat, lon, az, w, r}, or undefined (no cells in the map without a network)
      cell: (id) => cells.get(id),
    };
  };

  /** True when an entity has a usable position ("absent when unknown"). */
  Beacon.hasPos = (e) => e && typeof e.lat === 'number' && typeof e.lon === 'number';

  /**
   * Circle markers kept by entity key: updated in place (position, style) instead of re-created, so
   * thousands of moving units cost one setLatLng each. className is set once at creation (Leaflet does
   * not change it later); state-dependent looks go through setStyle.
   */
  class LayerSet {
    constructor(map, pane) {
      this.map = map;
      this.pane = pane;
      this.layers = new Map();   // key -> {layer, style(string)}
    }

    /**
     * Creates or updates the marker of `key`. opts: {latlng, className, radius, style:{color,...},
     * tooltip: () => Node|string, onClick}
     */
    upsert(key, opts) {
      let rec = this.layers.get(key);
      const styleSig = JSON.stringify(opts.style) + '|' + opts.radius;
      if (!rec) {
        const layer = L.circleMarker(opts.latlng, Object.assign({
          pane: this.pane, radius: opts.radius, className: opts.className, weight: 1.5, fillOpacity: 0.85,
        }, opts.style));
        rec = { layer, styleSig, tooltip: opts.tooltip };
        // the tooltip is built when it opens, from the newest entity (a Node: no HTML parsing)
        if (opts.tooltip) layer.bindTooltip(() => rec.tooltip(), { direction: 'top', offset: [0, -4] });
        if (opts.onClick) layer.on('click', opts.onClick);
        layer.addTo(this.map);
        this.layers.set(key, rec);
        return layer;
      }
      const layer = rec.layer;
      const ll = layer.getLatLng();
      if (ll.lat !== opts.latlng[0] || ll.lng !== opts.latlng[1]) layer.setLatLng(opts.latlng);
      if (rec.styleSig !== styleSig) {
        rec.styleSig = styleSig;
        layer.setStyle(opts.style);
        if (opts.radius) layer.setRadius(opts.radius);
      }
      if (opts.tooltip) {
        rec.tooltip = opts.tooltip;
        if (layer.isTooltipOpen()) layer.getTooltip().update();
      }
      return layer;
    }

    remove(key) {
      const rec = this.layers.get(key);
      if (rec) { rec.layer.remove(); this.layers.delete(key); }
    }

    has(key) { return this.layers.has(key); }

    get(key) { const r = this.layers.get(key); return r ? r.layer : null; }

    /** Removes every marker whose key is not in `keep` (a Set). */
    retain(keep) {
      for (const key of Array.from(this.layers.keys())) if (!keep.has(key)) this.remove(key);
    }

    clear() { for (const key of Array.from(this.layers.keys())) this.remove(key); }
  }
  Beacon.LayerSet = LayerSet;

  /* ---------------------------------------------------------------- colours shared by the pages */

  Beacon.agencyColor = {
    POLICE: '#1f5fbf', FIRE: '#d6361f', AMBULANCE: '#1a9e5a', UNIFIED: '#7b3fa0',
  };

  Beacon.unitStatusColor = {
    AVAILABLE: '#2ca25f', DISPATCHED: '#f28e2b', EN_ROUTE: '#e15759', ON_SCENE: '#b0122b',
    TRANSPORTING: '#8e44ad', AT_HOSPITAL: '#c2539c', OUT_OF_SERVICE: '#8c8c8c',
  };

  /* ---------------------------------------------------------------- area alert zones */

  /**
   * Draws an area alert's zones into a layer group: the outer ring (avoid, orange) as a circle of the inner radius
   * plus the ring width, the inner zone (evacuate, red) as its polygon or its circle. look: 'active' (solid) or
   * 'proposed' (dashed). Classes: alert-zone alert-inner|alert-outer <look> alert-<id>. pane: the map pane.
   */
  Beacon.alertZones = function (group, alert, area, look, pane, tooltip) {
    if (!area || !Beacon.hasPos(area)) return;
    const dashed = look === 'proposed';
    const common = { pane, weight: dashed ? 2 : 2.5, dashArray: dashed ? '6 5' : null };
    if (area.ringM > 0) {
      const outer = L.circle([area.lat, area.lon], Object.assign({}, common, { radius: area.innerRadiusM + area.ringM,
        className: 'alert-zone alert-outer ' + look + ' alert-' + alert.id, color: '#ef8a00', fillColor: '#ef8a00',
        fillOpacity: dashed ? 0.05 : 0.12 }));
      if (tooltip) outer.bindTooltip(tooltip, { sticky: true });
      outer.addTo(group);
    }
    const style = Object.assign({}, common, { className: 'alert-zone alert-inner ' + look + ' alert-' + alert.id,
      color: '#d32f2f', fillColor: '#d32f2f', fillOpacity: dashed ? 0.08 : 0.22 });
    const inner = area.polygon && area.polygon.length >= 3
      ? L.polygon(area.polygon, style)
      : L.circle([area.lat, area.lon], Object.assign({ radius: Math.max(area.innerRadiusM, 1) }, style));
    if (tooltip) inner.bindTooltip(tooltip, { sticky: true });
    inner.addTo(group);
    return inner;
  };

  /**
   * A broadcast cell's coverage as map points: the sector from its site between azimuth ± width/2 out to its reach
   * (an equirectangular approximation, fine for a sector of a few hundred metres).
   */
  Beacon.cellWedge = function (cell) {
    const pts = [[cell.lat, cell.lon]];
    const mPerDegLat = 111320;
    const mPerDegLon = 111320 * Math.cos(cell.lat * Math.PI / 180);
    const steps = 12;
    for (let i = 0; i <= steps; i++) {
      const b = (cell.az - cell.w / 2 + i * cell.w / steps) * Math.PI / 180;
      pts.push([cell.lat + cell.r * Math.cos(b) / mPerDegLat, cell.lon + cell.r * Math.sin(b) / mPerDegLon]);
    }
    return pts;
  };

  /** The zones an alert shows: its area out while ACTIVE (solid) and its pending revision (dashed); none once closed. */
  Beacon.alertAreas = function (alert) {
    if (alert.state === 'REJECTED' || alert.state === 'CANCELLED' || alert.state === 'EXPIRED') return [];
    const out = [];
    if (alert.state === 'ACTIVE' && alert.current) out.push([alert.current, 'active']);
    if (alert.pending) out.push([alert.pending, 'proposed']);
    return out;
  };

  /* ---------------------------------------------------------------- notices panel */

  /**
   * The notices panel: div.notice per notice (class = its level), newest first, kept in step with the
   * model (which keeps the newest 200 and removes older ones). `accept(notice)` picks the kinds a page
   * shows. The badge counts notices that arrived since the operator last clicked the panel.
   */
  class NoticeList {
    constructor(container, badge, accept) {
      this.container = container;
      this.badge = badge;
      this.accept = accept || (() => true);
      this.nodes = new Map();   // key -> div
      this.unseen = 0;
      this.first = true;
      const panel = container.closest('.panel') || container;
      panel.addEventListener('click', () => { this.unseen = 0; this._badge(); });
    }

    update(batch, model) {
      if (!batch.reset && !batch.kinds.has('notice')) return;
      if (batch.reset) {
        for (const n of this.nodes.values()) n.remove();
        this.nodes.clear();
      }
      const keys = batch.reset ? Array.from(model.kind('notice').keys()) : Array.from(batch.keys);
      const added = [];
      for (const k of keys) {
        if (!k.startsWith('notice:')) continue;
        const n = model.get(k);
        const node = this.nodes.get(k);
        if (!n || !this.accept(n)) {
          if (node) { node.remove(); this.nodes.delete(k); }
          continue;
        }
        if (!node) added.push(n);
      }
      added.sort((a, b) => a.n - b.n);
      for (const n of added) {
        const nk = Beacon.noticeKind(n);
        const div = el('div', { class: 'notice ' + (n.level || 'info') + ' kind-' + nk, dataset: { k: n.k, n: n.n, kind: nk } },
          el('span', { class: 'notice-time mono', text: Beacon.fmtTime(n.atMs) }),
          el('span', { class: 'notice-kind', text: nk }),
          el('span', { class: 'notice-text', text: n.text || '' }));
        if (Beacon.me && n.operatorId && n.operatorId === Beacon.me.operatorId) div.classList.add('mine');
        this._insert(div, n.n);
        this.nodes.set(n.k, div);
      }
      if (!this.first && !batch.reset) this.unseen += added.length;
      this.first = false;
      this._badge();
    }

    /** Newest first: new notices normally go on top; an out-of-order one finds its place. */
    _insert(div, n) {
      let before = this.container.firstChild;
      while (before && Number(before.dataset.n) > n) before = before.nextSibling;
      this.container.insertBefore(div, before);
    }

    _badge() {
      if (!this.badge) return;
      Beacon.setText(this.badge, String(this.nodes.size));
      this.badge.title = this.unseen ? this.unseen + ' new (click the panel to mark seen)' : 'notices';
      this.badge.dataset.unseen = String(this.unseen);
      this.badge.classList.toggle('unseen', this.unseen > 0);
      let alarm = false;
      for (const d of this.nodes.values()) if (d.classList.contains('alarm')) { alarm = true; break; }
      this.badge.classList.toggle('alarm', alarm && this.unseen > 0);
    }
  }
  Beacon.NoticeList = NoticeList;

  window.Beacon = Beacon;
  // pages load their scripts at the end of <body>: the tables are there already
  Beacon.splitHeaders();
})();
