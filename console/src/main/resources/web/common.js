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

  /* ---------------------------------------------------------------- language: the message catalogues */

  /*
   * Every word a page shows comes from one catalogue per language, web/i18n/<lang>.json: a flat object of
   * "key": "text". Keys are dotted: "common.logout", "dispatcher.detail.title", and "enum.<Type>.<VALUE>" for the
   * words of a value the model sends (enum.UnitType.BLS_AMBULANCE). A text may name parameters, {id}, filled by
   * Beacon.t(key, {id: 5}). Static HTML asks for its words with data-i18n="key" (text), data-i18n-title,
   * data-i18n-placeholder; scripts call Beacon.t / Beacon.enumText. A missing key shows as ⟦key⟧ (tests look for it).
   * Vietnamese is the default; the choice (the header's language button) is kept in localStorage.
   * To add strings: add the key to BOTH vi.json and en.json (console's I18nCatalogueTest checks they match).
   */
  const LANGS = ['vi', 'en'];
  const LANG_KEY = 'beacon.lang';
  function chosenLang() {
    let l = null;
    try { l = localStorage.getItem(LANG_KEY); } catch (_) { l = null; }
    return LANGS.includes(l) ? l : 'vi';
  }
  /** Read before any page script runs (pages build their rows at once): a small synchronous request. */
  function loadCatalogue(lang) {
    try {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/i18n/' + lang + '.json', false);
      xhr.send(null);
      if (xhr.status === 200) return JSON.parse(xhr.responseText);
    } catch (e) {
      console.error('catalogue ' + lang, e);
    }
    return {};
  }
  Beacon.lang = chosenLang();
  Beacon.messages = loadCatalogue(Beacon.lang);
  Beacon.MISSING_OPEN = '\u27e6';
  Beacon.MISSING_CLOSE = '\u27e7';
  /** The number format of the language (Vietnamese: 1.234,5). */
  Beacon.numberFormat = new Intl.NumberFormat(Beacon.lang === 'vi' ? 'vi-VN' : 'en-GB');

  /** The text of `key` in the page's language, {name} filled from params; ⟦key⟧ when the catalogue lacks it. */
  Beacon.t = function (key, params) {
    const s = Beacon.messages[key];
    if (typeof s !== 'string') return Beacon.MISSING_OPEN + key + Beacon.MISSING_CLOSE;
    if (!params) return s;
    return s.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined || params[name] === null ? '' : String(params[name])));
  };
  /** True when the catalogue has `key`. */
  Beacon.hasText = (key) => typeof Beacon.messages[key] === 'string';

  /** The word for a value of an enum the model sends ('' for none); ⟦enum.Type.VALUE⟧ when the catalogue lacks it. */
  Beacon.enumText = function (type, value) {
    if (value === undefined || value === null || value === '') return '';
    return Beacon.t('enum.' + type + '.' + value);
  };

  /** A location fix's origin in words: source, method, shape ("AML (HTTPS) · GNSS · circle"). */
  Beacon.fixText = function (source, method, shape) {
    if (!source || source === 'NONE') return Beacon.t('fix.none');
    const parts = [Beacon.enumText('FixSource', source)];
    if (method && method !== 'UNKNOWN') parts.push(Beacon.enumText('LocationMethod', method));
    if (shape && shape !== 'NONE') parts.push(Beacon.enumText('LocationShape', shape));
    return parts.join(' · ');
  };

  /** The word for a timeline entry's kind ("unit-status", "call-added" ...). */
  Beacon.timelineKind = (kind) => (kind ? Beacon.t('enum.TimelineKind.' + kind) : '');

  /** The words of a list of enum values, joined. */
  Beacon.enumList = function (type, values, sep) {
    return (values || []).map((v) => Beacon.enumText(type, v)).join(sep === undefined ? ', ' : sep);
  };

  /**
   * Words for the enum names inside a text the server wrote (journal notes, replay summaries): every
   * NAME_LIKE_THIS and every bare value a table knows is replaced by its word. Free text stays as the server wrote it.
   */
  let enumWords = null;
  Beacon.localizeText = function (text) {
    if (!text) return '';
    if (!enumWords) {
      enumWords = new Map();
      for (const key of Object.keys(Beacon.messages)) {
        if (!key.startsWith('enum.')) continue;
        const value = key.slice(key.lastIndexOf('.') + 1);
        if (/^[A-Z][A-Z0-9_]+$/.test(value) && !enumWords.has(value)) enumWords.set(value, Beacon.messages[key]);
      }
    }
    return String(text).replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{3,}\b/g, (m) => (enumWords.has(m) ? enumWords.get(m) : m));
  };

  /** Fills the static words of a page: data-i18n (text), data-i18n-title, data-i18n-placeholder. */
  Beacon.translatePage = function (root) {
    const r = root || document;
    for (const e of r.querySelectorAll('[data-i18n]')) e.textContent = Beacon.t(e.dataset.i18n);
    for (const e of r.querySelectorAll('[data-i18n-title]')) e.title = Beacon.t(e.dataset.i18nTitle);
    for (const e of r.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = Beacon.t(e.dataset.i18nPlaceholder);
    for (const e of r.querySelectorAll('[data-i18n-enum]')) {
      // <option value="FIRE" data-i18n-enum="Hazard">: the value's word
      e.textContent = Beacon.enumText(e.dataset.i18nEnum, e.value || e.dataset.value);
    }
  };

  /** Switches the language: kept for the next pages, this page reloads in it. */
  Beacon.setLang = function (lang) {
    if (!LANGS.includes(lang)) return;
    try { localStorage.setItem(LANG_KEY, lang); } catch (_) { /* private mode: this page only */ }
    location.reload();
  };

  /** The language button: in the header bar (or the login box), names the other language. */
  function languageButton() {
    const other = Beacon.lang === 'vi' ? 'en' : 'vi';
    const b = document.createElement('button');
    b.type = 'button';
    b.id = 'lang-switch';
    b.className = 'lang-switch';
    b.lang = other;
    b.dataset.lang = other;
    b.textContent = Beacon.t('common.langSwitch');
    b.title = Beacon.t('common.langSwitchTitle');
    b.addEventListener('click', () => Beacon.setLang(other));
    const bar = document.querySelector('header.topbar');
    const logout = document.getElementById('logout');
    if (bar && logout) bar.insertBefore(b, logout);
    else if (bar) bar.appendChild(b);
    else {
      const box = document.querySelector('.login-box');
      if (box) box.appendChild(b);
    }
  }

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

  /*
   * Times are the center's (Asia/Ho_Chi_Minh, +07:00) whatever zone the browser runs in: a dispatcher's screen,
   * the CAP messages and the journals' readers agree on the hour.
   */
  Beacon.CENTER_ZONE = 'Asia/Ho_Chi_Minh';
  const partsFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone: Beacon.CENTER_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  /** The center's wall clock at instant ms: {y, mo, d, h, mi, s, ms}. */
  function centerParts(ms) {
    const out = { ms: ((ms % 1000) + 1000) % 1000 };
    for (const p of partsFormat.formatToParts(new Date(ms))) {
      if (p.type === 'year') out.y = +p.value;
      else if (p.type === 'month') out.mo = +p.value;
      else if (p.type === 'day') out.d = +p.value;
      else if (p.type === 'hour') out.h = +p.value % 24;
      else if (p.type === 'minute') out.mi = +p.value;
      else if (p.type === 'second') out.s = +p.value;
    }
    return out;
  }
  Beacon.centerParts = centerParts;

  /** The center zone's offset from UTC at instant ms, in ms (+07:00 → 25,200,000). */
  Beacon.zoneOffsetMs = function (ms) {
    const p = centerParts(ms);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms) - ms;
  };

  /** The offset as "+07:00". */
  Beacon.zoneOffsetText = function (ms) {
    const off = Math.round(Beacon.zoneOffsetMs(ms === undefined ? Date.now() : ms) / 60000);
    const a = Math.abs(off);
    return (off < 0 ? '-' : '+') + pad2(Math.floor(a / 60)) + ':' + pad2(a % 60);
  };

  /** The instant of a wall-clock time in the center's zone (month 1-12). */
  Beacon.centerInstant = function (y, mo, d, h, mi, s, ms) {
    const guess = Date.UTC(y, mo - 1, d, h, mi, s || 0, ms || 0);
    return guess - Beacon.zoneOffsetMs(guess);
  };

  /** The center's wall-clock time HH:MM:SS ('' when unknown). */
  Beacon.fmtTime = function (ms) {
    if (!ms) return '';
    const p = centerParts(ms);
    return pad2(p.h) + ':' + pad2(p.mi) + ':' + pad2(p.s);
  };

  /** The center's date-time "YYYY-MM-DD HH:MM:SS.mmm" (the audit page's text box uses it both ways). */
  Beacon.fmtDateTime = function (ms) {
    const p = centerParts(ms);
    return p.y + '-' + pad2(p.mo) + '-' + pad2(p.d) + ' ' + pad2(p.h) + ':' + pad2(p.mi) + ':' + pad2(p.s) + '.' + pad3(p.ms);
  };

  /** Seconds as ETA "mm:ss" ('' when 0 / unknown, the protocol's "none"). */
  Beacon.fmtEta = function (s) {
    return s > 0 ? Beacon.fmtAge(s * 1000) : '';
  };

  /** Distance: metres below 1 km, else km with one decimal. */
  Beacon.fmtDist = function (m) {
    if (m === undefined || m === null || isNaN(m)) return '';
    return m < 1000 ? Math.round(m) + ' m' : Beacon.numberFormat.format(Math.round(m / 100) / 10) + ' km';
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
      throw httpError(0, null, Beacon.t('common.unreachable'));
    }
    let json = null;
    try { json = await res.json(); } catch (_) { json = null; }
    if (res.status === 401 && !opts.no401Redirect) {
      // no or expired session: back to the login page (the server's "/" shows it)
      location.href = '/';
      throw httpError(401, json, Beacon.t('common.sessionExpired'));
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
  /**
   * Writes a command's outcome into an element: accepted, refused with its reason, or journaled but not decided yet.
   * data-state is "accepted", "refused", "pending" or "error"; data-reason the state machine's reason of a refusal.
   * The words are the catalogue's (command.outcome.*; a reason is enum.RejectReason.* when the catalogue has it, else
   * the state machine's own text of the refusal).
   */
  Beacon.showOutcome = function (out, what, a) {
    if (!out) return;
    const state = a.outcome === 'refused' ? 'refused' : a.outcome === 'pending' ? 'pending' : 'accepted';
    out.className = 'command-result ' + (state === 'refused' ? 'error' : state === 'pending' ? 'pending' : 'ok');
    out.dataset.state = state;
    out.dataset.reason = state === 'refused' ? (a.reason || '') : '';
    const params = { what, seq: a.sequence, time: Beacon.fmtTime(Date.now()) };
    if (state === 'refused') {
      const key = 'enum.RejectReason.' + a.reason;
      params.reason = Beacon.hasText(key) ? Beacon.t(key) : (a.detail || a.reason || '');
    }
    Beacon.setText(out, Beacon.t('command.outcome.' + state, params));
  };

  /**
   * Sends an operator command (POST /api/command) and writes its outcome into #command-result (and into
   * opts.outcomeIn, an element where the operator clicked): the answer comes once the state machine decided, accepted
   * or refused with its reason. Resolves with the answer (a.outcome), refused ones included.
   */
  Beacon.command = async function (cmd, label, opts) {
    const outs = [document.getElementById('command-result'), opts && opts.outcomeIn].filter((o) => o);
    const what = label || Beacon.enumText('Command', cmd.type);
    for (const out of outs) {
      out.className = 'command-result pending';
      out.dataset.state = 'sending';
      out.dataset.reason = '';
      Beacon.setText(out, Beacon.t('command.sending', { what }));
    }
    try {
      const a = await Beacon.postJson('/api/command', cmd);
      for (const out of outs) Beacon.showOutcome(out, what, a);
      return a;
    } catch (e) {
      for (const out of outs) {
        out.className = 'command-result error';
        out.dataset.state = 'error';
        Beacon.setText(out, Beacon.t('command.failed', { what, reason: e.message }) + (e.status ? ' (HTTP ' + e.status + ')' : ''));
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
    if (clock) clock.title = Beacon.t('common.clockTitle', { zone: Beacon.CENTER_ZONE, offset: Beacon.zoneOffsetText() });
    const tickClock = () => {
      if (clock) Beacon.setText(clock, Beacon.fmtTime(Date.now()) + ' (UTC' + Beacon.zoneOffsetText() + ')');
    };
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
    if (r) { Beacon.setText(r, Beacon.enumText('Role', me.role)); r.dataset.role = me.role; }
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
      Beacon.setText(s, Beacon.t(live ? 'common.live' : 'common.offline'));
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
    const named = [];   // [name, points] of the edges the network names (SUMO's edge "name")
    for (const r of data.roads || []) {
      edges.set(r.e, r.p);
      if (r.p && r.p.length > 1) {
        lines.push(r.p);
        if (r.n) named.push([r.n, r.p]);
      }
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
    // the overlays an operator switches on and off: pages draw into these groups
    const layers = {
      streets: L.layerGroup().addTo(map),
      routes: L.layerGroup().addTo(map),
      zones: L.layerGroup().addTo(map),
      cells: L.layerGroup().addTo(map),
      network: L.layerGroup(),   // every cell of the broadcast network: off until asked for
    };
    for (const c of cells.values()) {
      L.polygon(Beacon.cellWedge(c), { pane: 'roads', weight: 0.6, color: '#5c6bc0', fillOpacity: 0.03, interactive: false,
        className: 'network-cell' }).addTo(layers.network);
    }
    const overlays = {};
    overlays[Beacon.t('map.layer.streets')] = layers.streets;
    overlays[Beacon.t('map.layer.routes')] = layers.routes;
    overlays[Beacon.t('map.layer.zones')] = layers.zones;
    overlays[Beacon.t('map.layer.cells')] = layers.cells;
    if (cells.size) overlays[Beacon.t('map.layer.network')] = layers.network;
    L.control.layers(null, overlays, { collapsed: false, position: 'topright' }).addTo(map);
    L.control.scale({ metric: true, imperial: false, maxWidth: 140, position: 'bottomleft' }).addTo(map);
    if (data.bounds) {
      map.fitBounds(data.bounds, { padding: [10, 10] });
    } else if (lines.length) {
      map.fitBounds(L.latLngBounds(lines.flat()), { padding: [10, 10] });
    } else {
      map.setView([10.776, 106.700], 15);
    }
    streetLabels(map, named, layers.streets);
    return {
      map,
      layers,
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

  /**
   * Street names on the map, from the road network's edge names: at zoom 15 and closer, for the edges in view, one
   * label per name per 220 px square, turned along the street; redrawn when the view moves.
   */
  function streetLabels(map, named, group) {
    if (!named.length) return;
    const MAX = 150;
    const redraw = () => {
      group.clearLayers();
      if (map.getZoom() < 15) return;
      const view = map.getBounds().pad(0.1);
      const seen = new Set();
      let count = 0;
      for (const [name, pts] of named) {
        if (count >= MAX) break;
        const mid = Math.floor((pts.length - 1) / 2);
        const a = pts[mid];
        const b = pts[Math.min(mid + 1, pts.length - 1)];
        const at = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        if (!view.contains(at)) continue;
        const pa = map.latLngToContainerPoint(pts[0]);
        const pb = map.latLngToContainerPoint(pts[pts.length - 1]);
        if (pa.distanceTo(pb) < 60) continue;   // too short on screen for its name
        const p = map.latLngToContainerPoint(at);
        const cell = name + '|' + Math.floor(p.x / 220) + ',' + Math.floor(p.y / 220);
        if (seen.has(cell)) continue;
        seen.add(cell);
        let deg = Math.atan2(pb.y - pa.y, pb.x - pa.x) * 180 / Math.PI;
        if (deg > 90) deg -= 180;
        if (deg < -90) deg += 180;
        const span = el('span', { class: 'street-name', text: name });
        span.style.transform = 'translate(-50%, -50%) rotate(' + deg.toFixed(1) + 'deg)';
        L.marker(at, { interactive: false, keyboard: false, pane: 'roads',
          icon: L.divIcon({ className: 'street-label', html: span, iconSize: null }) }).addTo(group);
        count++;
      }
    };
    map.on('zoomend moveend', redraw);
    map.whenReady(redraw);
  }

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
          el('span', { class: 'notice-kind', text: Beacon.enumText('NoticeKind', nk) }),
          el('span', { class: 'notice-text', text: Beacon.noticeText(n) }));
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
      this.badge.title = this.unseen ? Beacon.t('notices.unseen', { n: this.unseen }) : Beacon.t('notices.title');
      this.badge.dataset.unseen = String(this.unseen);
      this.badge.classList.toggle('unseen', this.unseen > 0);
      let alarm = false;
      for (const d of this.nodes.values()) if (d.classList.contains('alarm')) { alarm = true; break; }
      this.badge.classList.toggle('alarm', alarm && this.unseen > 0);
    }
  }
  Beacon.NoticeList = NoticeList;

  /**
   * A notice's text in the page's language: from its structured form when the model sends one (msg + args, see
   * console/README.md), else the server's text with its enum names put into words.
   */
  Beacon.noticeText = function (n) {
    if (n.msg && Beacon.hasText('notice.msg.' + n.msg)) {
      const args = Object.assign({}, n.args || {});
      for (const k of Object.keys(args)) {
        const v = args[k];
        if (k === 'faults') args[k] = v ? Beacon.enumList('SignalFault', String(v).split(',')) : Beacon.t('common.none');
        else if (k === 'source') args[k] = Beacon.enumText('FixSource', v);
        else if (typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v)) args[k] = Beacon.localizeText(v);
      }
      return Beacon.t('notice.msg.' + n.msg, args);
    }
    return Beacon.localizeText(n.text || '');
  };

  window.Beacon = Beacon;
  // pages load their scripts at the end of <body>: the tables are there already
  document.documentElement.lang = Beacon.lang;
  Beacon.translatePage();
  languageButton();
  Beacon.splitHeaders();
})();
