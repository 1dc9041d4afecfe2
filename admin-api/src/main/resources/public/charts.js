// The charts of one symbol's last hour (GET /api/kit/series), redrawn at each of the page's polls.
// app.js announces each poll with a 'kit:polled' event; a click on a row of the grid picks the symbol.
(function () {
  'use strict';

  const BLUE = '#1f6feb';
  const GREEN = '#1b7f3b';
  const GREY = '#666';
  const WARN = '#9a6700';
  const BAD = '#b3261e';
  const HEIGHT = 170;

  function line(label, stroke) {
    return { label, stroke, width: 1.5, spanGaps: true, points: { show: false } };
  }

  function limit(label, stroke) {
    return { label, stroke, width: 1, dash: [6, 4], points: { show: false } };
  }

  // A share holds until the next decision changes it, so it is drawn as steps.
  function steps(label, stroke, dash) {
    return Object.assign(line(label, stroke), { dash, paths: uPlot.paths.stepped({ align: 1 }) });
  }

  // Per chart: its series after time, and the columns of an answer that feed them.
  const CHARTS = {
    psi: {
      series: (l) => [line('psi', BLUE), limit('warn ' + l.psi_warn, WARN), limit('halt ' + l.psi_halt, BAD)],
      columns: (p, l) => [column(p, 'psi'), flat(p, l.psi_warn), flat(p, l.psi_halt)]
    },
    slippage: {
      series: (l) => [line('slippage_bps', BLUE), limit('SLO ' + l.slippage_slo_bps + ' bps', BAD)],
      columns: (p, l) => [column(p, 'slippage_bps'), flat(p, l.slippage_slo_bps)]
    },
    budget: {
      series: () => [line('budget_left', GREEN)],
      columns: (p) => [column(p, 'budget_left')],
      y: { range: [0, 1] }
    },
    canary: {
      series: () => [steps('effective', BLUE), steps('commanded', GREY, [6, 4])],
      columns: (p) => [column(p, 'canary_share'), column(p, 'canary_share_commanded')]
    }
  };

  function column(points, field) {
    return points.map((point) => point[field]);
  }

  function flat(points, value) {
    return points.map(() => value);
  }

  // What the page test reads: the symbol shown, its uPlot instances by chart, and the answer's points.
  const state = { symbol: null, limits: null, charts: {}, points: [] };
  window.kitCharts = state;
  let busy = false;
  const $ = (id) => document.getElementById(id);

  // Times read as the rest of the page reads them: UTC, 24 hours.
  function utc(ts) {
    return new Date(ts).toISOString().substring(11, 19);
  }

  function options(name, limits, width) {
    return {
      width,
      height: HEIGHT,
      ms: 1, // the answer's ts are epoch milliseconds
      tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
      scales: Object.assign({ x: { time: true } }, CHARTS[name].y ? { y: CHARTS[name].y } : {}),
      axes: [{ values: (u, splits) => splits.map(utc) }, {}],
      series: [{ label: 'UTC', value: (u, ts) => (ts === null ? '–' : utc(ts)) }].concat(CHARTS[name].series(limits))
    };
  }

  function clear() {
    for (const name of Object.keys(state.charts)) state.charts[name].destroy();
    state.charts = {};
  }

  function draw(answer) {
    const limitsChanged = JSON.stringify(answer.limits) !== JSON.stringify(state.limits);
    if (answer.symbol !== state.symbol || limitsChanged) clear();
    state.symbol = answer.symbol;
    state.limits = answer.limits;
    state.points = answer.points;
    const ts = column(answer.points, 'ts');
    for (const name of Object.keys(CHARTS)) {
      const data = [ts].concat(CHARTS[name].columns(answer.points, answer.limits));
      const holder = $('chart-' + name);
      if (state.charts[name]) {
        state.charts[name].setData(data);
      } else {
        state.charts[name] = new uPlot(options(name, answer.limits, holder.clientWidth || 400), data, holder);
      }
    }
    $('charts-symbol').textContent = answer.symbol;
    $('charts-hint').textContent = answer.points.length
      ? answer.points.length + ' point(s) since ' + utc(answer.points[0].ts) + ' UTC'
      : 'no KPI record or decision of ' + answer.symbol + ' in the last hour';
  }

  async function refresh(symbol) {
    if (!symbol || busy) return;
    busy = true;
    try {
      const response = await fetch('/api/kit/series?symbol=' + encodeURIComponent(symbol) + '&minutes=60');
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.message || answer.error || String(response.status));
      draw(answer);
    } catch (e) {
      $('charts-hint').textContent = 'cannot read the series of ' + symbol + ': ' + e.message;
    } finally {
      busy = false;
    }
  }

  // Until a row is clicked, the first symbol of the grid is shown.
  let chosen = null;
  document.addEventListener('kit:polled', (e) => {
    const decisions = e.detail.decisions || [];
    refresh(chosen || (decisions.length ? decisions[0].symbol : null));
  });
  document.querySelector('#grid tbody').addEventListener('click', (e) => {
    const row = e.target.closest('tr');
    if (!row || !row.dataset.symbol) return;
    chosen = row.dataset.symbol;
    refresh(chosen);
  });
  window.addEventListener('resize', () => {
    for (const name of Object.keys(state.charts)) {
      state.charts[name].setSize({ width: $('chart-' + name).clientWidth || 400, height: HEIGHT });
    }
  });
})();
