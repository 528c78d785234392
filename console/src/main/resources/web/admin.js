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
      result(false, 'users: ' + e.message);
    }
  }

  function userRow(u) {
    const enabled = u.enabled !== false;
    const toggle = enabled
      ? el('button', { type: 'button', class: 'disable-user danger', dataset: { user: u.user }, text: 'Disable' })
      : el('button', { type: 'button', class: 'enable-user', dataset: { user: u.user }, text: 'Enable' });
    toggle.addEventListener('click', () => setEnabled(u.user, !enabled, toggle));
    const edit = el('button', { type: 'button', class: 'edit-user', dataset: { user: u.user }, text: 'Reset…',
      title: 'fill the form with this user to set a new password or role' });
    edit.addEventListener('click', () => {
      $('new-user').value = u.user;
      $('new-role').value = u.role;
      $('new-operator').value = u.operatorId || '';
      $('new-password').value = '';
      $('new-password').focus();
    });
    return el('tr', { class: 'user' + (enabled ? '' : ' disabled'), dataset: { user: u.user } },
      el('td', { class: 'name', text: u.user }),
      el('td', { class: 'role', text: u.role }),
      el('td', { class: 'num operator', text: u.operatorId !== undefined ? String(u.operatorId) : '' }),
      el('td', { class: 'enabled', text: enabled ? 'yes' : 'no' }),
      el('td', { class: 'actions' }, toggle, ' ', edit));
  }

  async function setEnabled(user, enabled, btn) {
    btn.disabled = true;
    try {
      await Beacon.postJson('/api/admin/users', { user, enabled });
      result(true, (enabled ? 'enabled ' : 'disabled ') + user);
    } catch (e) {
      result(false, (enabled ? 'enable ' : 'disable ') + user + ': ' + e.message);
    }
    await loadUsers();
  }

  $('user-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const user = $('new-user').value.trim();
    const role = $('new-role').value;
    const operatorId = Number($('new-operator').value);
    const password = $('new-password').value;
    if (!user) { result(false, 'user name is missing'); return; }
    if (!Number.isInteger(operatorId) || operatorId <= 0) { result(false, 'operator id must be a whole number above 0'); return; }
    if (!password) { result(false, 'password is missing'); return; }
    const btn = $('save-user');
    btn.disabled = true;
    try {
      await Beacon.postJson('/api/admin/users', { user, role, password, operatorId });
      result(true, 'saved ' + user + ' (' + role + ', operator ' + operatorId + ')');
      $('new-password').value = '';
    } catch (e) {
      result(false, 'save ' + user + ': ' + e.message);
    } finally {
      btn.disabled = false;
    }
    await loadUsers();
  });

  $('reload-users').addEventListener('click', loadUsers);

  Beacon.initHeader().catch((e) => console.error('header', e));
  loadUsers();
})();
