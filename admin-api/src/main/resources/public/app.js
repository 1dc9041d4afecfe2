// The live page: polls the sidecar every second and sends actions after a second confirmation.
(function () {
  'use strict';

  const TOKEN_KEY = 'kitAdminToken';
  const GATES = ['slo', 'psi', 'budget', 'preflight', 'kill_switch', 'disarmed', 'data_quality', 'canary'];
  // Which decision reasons belong to which gate group, so each cell can name its reason.
  const REASONS_OF = {
    slo: ['slo_error_rate', 'slo_p95_place_ms', 'slo_slippage'],
    psi: ['psi', 'psi_warn'],
    budget: ['budget', 'max_positions'],
    preflight: ['preflight'],
    kill_switch: ['kill_switch'],
    disarmed: ['disarmed'],
    data_quality: ['stale', 'dislocation', 'features_missing', 'features_stale', 'reference_stale']
  };
  const ACTIONS = {
    'arm': { method: 'POST', path: '/api/kit/arm', text: 'Arm trading? Preflight runs first; every symbol may trade afterwards.' },
    'disarm': { method: 'POST', path: '/api/kit/disarm', text: 'Disarm trading? Every symbol halts.' },
    'promote': { method: 'POST', path: '/api/kit/model/promote', text: 'Promote the challenger? It becomes the champion.' },
    'rollback': { method: 'POST', path: '/api/kit/model/rollback', text: 'Roll back? The canary share goes back to 0.' },
    'risk-reset': { method: 'POST', path: '/api/kit/risk/reset', text: 'Reset the risk budget? The daily budget goes back to 1.0.' }
  };

  let authRequired = false;
  const $ = (id) => document.getElementById(id);

  function show(id, value) {
    $(id).textContent = value === null || value === undefined ? '–' : String(value);
  }

  function fixed(value, digits) {
    return typeof value === 'number' ? value.toFixed(digits) : value;
  }

  async function refresh() {
    try {
      const [status, gates] = await Promise.all([
        fetch('/api/kit/status').then((r) => r.json()),
        fetch('/api/kit/gates').then((r) => r.json())
      ]);
      renderStatus(status);
      renderGrid(gates.decisions || [], status.as_of);
      // charts: charts.js redraws on each poll.
      document.dispatchEvent(new CustomEvent('kit:polled', { detail: { decisions: gates.decisions || [] } }));
      refreshAlerts();
    } catch (e) {
      $('freshness').textContent = 'sidecar unreachable: ' + e.message;
      $('freshness').className = 'freshness stale';
    }
  }

  function renderStatus(s) {
    authRequired = !!s.auth_required;
    show('profile', s.profile + (s.live ? ' · LIVE' : ''));
    $('profile').className = 'badge' + (s.live ? ' live' : '');
    show('model_id_used', s.model_id_used);
    show('pinned', s.pinned ? 'yes' + (s.pinned_model ? ' (' + s.pinned_model + ')' : '') : 'no');
    show('canary_share', fixed(s.canary_share, 4) + (s.canary_share_commanded !== s.canary_share ? ' (set ' + s.canary_share_commanded + ')' : ''));
    show('budget_left', fixed(s.budget_left, 4));
    show('armed', s.armed ? 'armed' : 'disarmed');
    show('kill_switch', s.kill_switch ? 'ON: every symbol halted' : 'off');
    show('job', (s.job && s.job.running ? 'running' : 'NOT running') + (s.job ? ' · ' + s.job.detail : ''));
    show('gates_active', s.gates_active && s.gates_active.length ? s.gates_active.join(', ') : 'none');
    const age = s.age_seconds === null ? 'no decisions yet' : 'newest decision ' + s.age_seconds.toFixed(1) + ' s old';
    $('freshness').textContent = (s.stale ? 'STALE · ' : '') + age;
    $('freshness').className = 'freshness' + (s.stale ? ' stale' : '');
  }

  // Apart from the rest, so a Prometheus that does not answer leaves the status and the grid live.
  async function refreshAlerts() {
    let body;
    try {
      const response = await fetch('/api/kit/alerts');
      body = await response.json();
      if (!response.ok) throw new Error(body.message || body.error || String(response.status));
    } catch (e) {
      renderAlerts([], 'Prometheus unavailable: ' + e.message, true);
      return;
    }
    if (!body.configured) {
      renderAlerts([], 'no Prometheus (PROMETHEUS_URL unset): nothing evaluates the alert rules', true);
      return;
    }
    renderAlerts(body.alerts || [], (body.critical ? body.critical + ' critical · ' : '') + 'from ' + body.source, false);
  }

  function renderAlerts(alerts, source, warn) {
    show('alerts-source', source);
    $('alerts-source').className = warn ? 'muted stale' : 'muted';
    const list = $('alerts');
    list.replaceChildren();
    if (!alerts.length && !warn) {
      const none = document.createElement('li');
      none.textContent = 'none';
      none.className = 'ok';
      list.appendChild(none);
    }
    for (const a of alerts) {
      const li = document.createElement('li');
      li.className = a.severity === 'critical' ? 'critical' : 'warning';
      li.dataset.alert = a.alertname;
      li.textContent = a.alertname + (a.symbol ? ' {' + a.symbol + '}' : '') + ' · ' + a.severity
        + (a.summary ? ' · ' + a.summary : '') + (a.active_since ? ' · since ' + a.active_since : '');
      list.appendChild(li);
    }
  }

  function cell(row, text, cls, title) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    if (title) td.title = title;
    row.appendChild(td);
    return td;
  }

  function renderGrid(decisions, now) {
    const body = document.querySelector('#grid tbody');
    body.replaceChildren();
    for (const d of decisions) {
      const row = document.createElement('tr');
      row.dataset.symbol = d.symbol;
      cell(row, d.symbol);
      cell(row, d.mode, d.mode === 'normal' ? 'ok' : (d.mode === 'halted' ? 'tripped' : 'soft'));
      cell(row, fixed(d.size_multiplier, 2));
      cell(row, fixed(d.canary_share, 4));
      for (const gate of GATES) {
        const reasons = gate === 'canary'
          ? (d.gates.canary ? [d.gates.canary] : [])
          : (d.reasons || []).filter((r) => REASONS_OF[gate].includes(r));
        const tripped = gate === 'canary' ? !!d.gates.canary : !!d.gates[gate] || reasons.length > 0;
        const soft = reasons.length > 0 && reasons.every((r) => r === 'psi_warn' || r === 'max_positions');
        const td = cell(row, tripped ? (reasons.join(', ') || 'tripped') : 'ok',
          tripped ? (soft || gate === 'canary' ? 'soft' : 'tripped') : 'ok', reasons.join(', '));
        td.dataset.gate = gate;
      }
      cell(row, now && d.ts ? ((now - d.ts) / 1000).toFixed(1) + ' s' : '–');
      body.appendChild(row);
    }
  }

  // The chosen symbol's changes (GET /api/kit/gates/history), newest first on the page.
  async function showChanges(symbol) {
    $('changes-symbol').textContent = symbol;
    const body = document.querySelector('#changes tbody');
    try {
      const answer = await fetch('/api/kit/gates/history?symbol=' + encodeURIComponent(symbol)).then((r) => r.json());
      body.replaceChildren();
      for (const c of (answer.changes || []).slice().reverse()) {
        const row = document.createElement('tr');
        cell(row, new Date(c.ts).toISOString().substring(11, 23));
        cell(row, c.mode, c.mode === 'normal' ? 'ok' : (c.mode === 'halted' ? 'tripped' : 'soft'));
        cell(row, fixed(c.size_multiplier, 2));
        cell(row, c.reasons.length ? c.reasons.join(', ') : 'none');
        cell(row, c.psi === null ? '–' : fixed(c.psi, 3));
        body.appendChild(row);
      }
      $('changes-hint').textContent = answer.error ? answer.message
        : (answer.changes.length ? answer.changes.length + ' change(s) today' : 'no change today');
    } catch (e) {
      $('changes-hint').textContent = 'cannot read the changes: ' + e.message;
    }
  }

  function ask(dialogId) {
    return new Promise((resolve) => {
      const dialog = $(dialogId);
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.returnValue = '';
      dialog.showModal();
    });
  }

  async function token() {
    if (!authRequired) return null;
    let stored = sessionStorage.getItem(TOKEN_KEY);
    if (!stored) {
      $('token-input').value = '';
      if (!(await ask('token-dialog'))) return undefined;
      stored = $('token-input').value.trim();
      if (!stored) return undefined;
      sessionStorage.setItem(TOKEN_KEY, stored);
    }
    return stored;
  }

  async function act(name) {
    const action = ACTIONS[name];
    $('confirm-text').textContent = action.text;
    $('confirm-ok').textContent = 'Yes, ' + name.replace('-', ' ');
    if (!(await ask('confirm'))) {
      report('cancelled: ' + name + ' was not sent', false);
      return;
    }
    const bearer = await token();
    if (bearer === undefined) {
      report(name + ' needs the admin token; nothing was sent', true);
      return;
    }
    const headers = { 'X-Kit-Actor': 'page' };
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    try {
      const response = await fetch(action.path, { method: action.method, headers });
      const body = await response.json();
      if (response.status === 401) sessionStorage.removeItem(TOKEN_KEY);
      report(name + ' → ' + response.status + (body.ok ? ' ok' : ' ' + body.error + ': ' + body.message), !body.ok);
    } catch (e) {
      report(name + ' failed: ' + e.message, true);
    }
    refresh();
  }

  function report(text, error) {
    const out = $('result');
    out.textContent = text;
    out.className = error ? 'error' : '';
  }

  // ---- Rollout panel (GET /api/kit/rollout): the plan as a bar, the state, the checks and the buttons. ----
  Object.assign(ACTIONS, {
    'rollout-start': { method: 'POST', path: '/api/kit/rollout',
      text: 'Start the automatic rollout with the runbook plan (5% for 8 h, 10% until T+24h, then 20%)?' },
    'rollout-pause': { method: 'POST', path: '/api/kit/rollout/pause',
      text: 'Pause the rollout? The share holds at its step until it is resumed.' },
    'rollout-resume': { method: 'POST', path: '/api/kit/rollout/resume',
      text: 'Resume the rollout? It goes on judging its step.' },
    'rollout-abort': { method: 'POST', path: '/api/kit/rollout/abort',
      text: 'Abort the rollout? The challenger\'s share goes to 0 until a new rollout starts.' }
  });
  const VERDICT_CLASS = { pass: 'ok', fail: 'tripped', inconclusive: 'soft' };

  function duration(ms) {
    return ms % 3600000 === 0 ? (ms / 3600000) + ' h' : (ms / 60000).toFixed(ms % 60000 === 0 ? 0 : 1) + ' min';
  }

  function utc(ts) {
    return ts ? new Date(ts).toISOString().replace('T', ' ').substring(0, 19) + ' UTC' : null;
  }

  function num(value, digits) {
    return value === null || value === undefined ? '–' : fixed(value, digits);
  }

  async function refreshRollout() {
    try {
      renderRollout(await fetch('/api/kit/rollout').then((r) => r.json()));
    } catch (e) {
      show('rollout-reason', 'cannot read the rollout: ' + e.message);
    }
  }

  function renderRollout(r) {
    const active = r.state === 'running' || r.state === 'paused';
    show('rollout-state', r.state + (r.confirmed === false && r.state !== 'idle' ? ' (sent; the job has not shown it yet)' : ''));
    $('rollout-state').className = 'badge rollout-' + r.state;
    renderRolloutBar((r.plan && r.plan.steps) || [], r.step, r.state);
    show('rollout-step', r.step === null || r.step === undefined ? null : (r.step + 1) + ' of ' + r.steps);
    show('rollout-share', r.share === null || r.share === undefined ? null
      : fixed(r.share, 4) + (r.shadow ? ' (shadow: paper orders only)' : ''));
    show('rollout-next', utc(r.next_step_due));
    show('rollout-analysed', r.last_analysis ? utc(r.last_analysis.ts) : 'none yet');
    show('rollout-reason', r.reason);
    const body = document.querySelector('#rollout-checks tbody');
    body.replaceChildren();
    for (const c of (r.last_analysis ? r.last_analysis.checks : [])) {
      const row = document.createElement('tr');
      row.dataset.check = c.name;
      cell(row, c.name);
      cell(row, c.verdict, VERDICT_CLASS[c.verdict]).dataset.field = 'verdict';
      cell(row, num(c.challenger, 3));
      cell(row, num(c.champion, 3));
      cell(row, c.lower === null || c.lower === undefined ? '–' : '[' + num(c.lower, 3) + ', ' + num(c.upper, 3) + ']');
      cell(row, num(c.bound, 3));
      cell(row, c.samples + (c.champion_samples ? ' / ' + c.champion_samples : '')).dataset.field = 'samples';
      cell(row, c.detail || '');
      body.appendChild(row);
    }
    const enabled = { 'rollout-start': !active, 'rollout-pause': r.state === 'running',
      'rollout-resume': r.state === 'paused', 'rollout-abort': active };
    for (const [name, on] of Object.entries(enabled)) {
      document.querySelector('button[data-action="' + name + '"]').disabled = !on;
    }
  }

  // One segment per step, in order; the current one marked, and coloured by the state.
  function renderRolloutBar(steps, current, state) {
    const bar = $('rollout-bar');
    bar.replaceChildren();
    if (!steps.length) {
      bar.textContent = 'no rollout started from this sidecar';
      return;
    }
    steps.forEach((s, i) => {
      const seg = document.createElement('div');
      seg.dataset.step = String(i);
      const done = current !== null && current !== undefined && (i < current || (i === current && state === 'completed'));
      seg.className = 'seg ' + (i === current ? 'current ' + state : (done ? 'done' : 'todo'));
      seg.textContent = (s.shadow ? 'shadow' : (s.share * 100).toFixed(s.share * 100 % 1 === 0 ? 0 : 1) + '%')
        + ' · ' + duration(s.hold_ms);
      bar.appendChild(seg);
    });
  }
  // ---- End of the rollout panel. ----

  document.querySelector('#grid tbody').addEventListener('click', (e) => {
    const row = e.target.closest('tr');
    if (row && row.dataset.symbol) showChanges(row.dataset.symbol);
  });
  document.querySelectorAll('button[data-action]').forEach((b) =>
    b.addEventListener('click', () => act(b.dataset.action)));
  $('token-change').addEventListener('click', async () => {
    sessionStorage.removeItem(TOKEN_KEY);
    authRequired = true;
    await token();
    refresh();
  });
  refresh();
  setInterval(refresh, 1000);
  refreshRollout();
  setInterval(refreshRollout, 1000);
})();
