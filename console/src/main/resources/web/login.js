/* Beacon sign-in page (a separate file so a strict Content-Security-Policy needs no inline script). */
'use strict';
// Login: POST /api/login as JSON, then go to the page the server names for the role.
(function () {
  const form = document.getElementById('login-form');
  const btn = document.getElementById('login');
  const err = document.getElementById('login-error');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    const user = document.getElementById('user').value.trim();
    const password = document.getElementById('password').value;
    btn.disabled = true;
    try {
      // no csrf before a session exists; a 401 here is a wrong password, not an expired session
      const answer = await Beacon.postJson('/api/login', { user, password }, { noCsrf: true, no401Redirect: true });
      location.href = answer.page || '/';
    } catch (e) {
      err.textContent = e.status === 401 ? Beacon.t('login.wrong') : e.status === 429 ? Beacon.t('login.throttled') :
        (e.message || Beacon.t('login.failed'));
      btn.disabled = false;
      document.getElementById('password').select();
    }
  });
})();
