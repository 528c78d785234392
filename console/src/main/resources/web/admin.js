/*
 * Administrator's console: user accounts (list, add or reset, enable or disable). An administrator
 * has no operational command, so this page needs neither the live model nor the map.
 */
'use strict';

(function () {
  const { el, setText } = Beacon;
  const $ = (id) => document.getElementById(id);
  const body = $('users').tBodies[0];

  function result(ok, text) {
    const out = $('command-result');
    out.className = 'command-result ' + (ok ? 'ok' : 'error');
    out.dataset.state = ok ? 'ok' : 'error';
    setText(out, text);
  }

  async function loadUsers() {
    try {
      const a = await Beacon.getJson('/api/admin/users');
      const users = (a.users || []).slice().sort((x, y) => Beacon.compareText(x.user, y.user));
      body.replaceChildren(...users.map(userRow));
      setText($('user-count'), users.length);
    } catch (e) {
      result(false, Beacon.t('admin.loadFailed', { reason: e.message }));
    }
  }

  function userRow(u) {
    const enabled = u.enabled !== false;
    const toggle = enabled
      ? el('button', { type: 'button', class: 'disable-user danger', dataset: { user: u.user }, text: Beacon.t('admin.disable') })
      : el('button', { type: 'button', class: 'enable-user', dataset: { user: u.user }, text: Beacon.t('admin.enable') });
    toggle.addEventListener('click', () => setEnabled(u.user, !enabled, toggle));
    const edit = el('button', { type: 'button', class: 'edit-user', dataset: { user: u.user }, text: Beacon.t('admin.reset'),
      title: Beacon.t('admin.resetTitle') });
    edit.addEventListener('click', () => {
      $('new-user').value = u.user;
      $('new-role').value = u.role;
      $('new-operator').value = u.operatorId || '';
      $('new-password').value = '';
      $('new-password').focus();
    });
    return el('tr', { class: 'user' + (enabled ? '' : ' disabled'), dataset: { user: u.user } },
      el('td', { class: 'name', text: u.user }),
      el('td', { class: 'role', dataset: { role: u.role }, text: Beacon.enumText('Role', u.role) }),
      el('td', { class: 'num operator', text: u.operatorId !== undefined ? String(u.operatorId) : '' }),
      el('td', { class: 'enabled', text: Beacon.t(enabled ? 'common.yes' : 'common.no') }),
      el('td', { class: 'actions' }, toggle, ' ', edit));
  }

  async function setEnabled(user, enabled, btn) {
    btn.disabled = true;
    try {
      await Beacon.postJson('/api/admin/users', { user, enabled });
      result(true, Beacon.t(enabled ? 'admin.enabledUser' : 'admin.disabledUser', { user }));
    } catch (e) {
      result(false, Beacon.t(enabled ? 'admin.enableFailed' : 'admin.disableFailed', { user, reason: e.message }));
    }
    await loadUsers();
  }

  $('user-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const user = $('new-user').value.trim();
    const role = $('new-role').value;
    const operatorId = Number($('new-operator').value);
    const password = $('new-password').value;
    if (!user) { result(false, Beacon.t('admin.noUser')); return; }
    if (!Number.isInteger(operatorId) || operatorId <= 0) { result(false, Beacon.t('admin.badOperator')); return; }
    if (!password) { result(false, Beacon.t('admin.noPassword')); return; }
    const btn = $('save-user');
    btn.disabled = true;
    try {
      await Beacon.postJson('/api/admin/users', { user, role, password, operatorId });
      result(true, Beacon.t('admin.saved', { user, role: Beacon.enumText('Role', role), id: operatorId }));
      $('new-password').value = '';
    } catch (e) {
      result(false, Beacon.t('admin.saveFailed', { user, reason: e.message }));
    } finally {
      btn.disabled = false;
    }
    await loadUsers();
  });

  $('reload-users').addEventListener('click', loadUsers);

  Beacon.initHeader().catch((e) => console.error('header', e));
  loadUsers();
})();
