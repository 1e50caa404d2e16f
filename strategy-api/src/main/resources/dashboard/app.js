// Flywheel growth dashboard: plain modules of the API, charts from Chart.js (served from /vendor).
'use strict';
const PAGES = ['kpis', 'pipeline', 'models', 'recommendations', 'videos', 'experiments', 'briefs', 'accounts', 'review'];
const PLATFORMS = ['YOUTUBE_SHORTS', 'TIKTOK', 'INSTAGRAM_REELS'];
let refreshTimer = null;
// While the review page is shown: its keys (j, k, a, r); returns true when it used the key.
let pageKeys = null;
const charts = [];

function key() { return sessionStorage.getItem('flywheel.key') || ''; }

async function api(path, options = {}) {
  const headers = Object.assign({ 'Authorization': 'Bearer ' + key() }, options.headers || {});
  const res = await fetch(path, Object.assign({}, options, { headers }));
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const msg = body && body.detail ? body.detail : res.status + ' ' + res.statusText;
    throw new Error(msg);
  }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function fmt(v, digits = 1) {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v.toLocaleString('en');
    // Small probabilities (exploration picks) would read as 0.00.
    return Math.abs(v) < 0.01 && v !== 0 ? v.toPrecision(2) : v.toFixed(digits);
  }
  return String(v);
}

// A panel shows "Loading…", then its content or the error, so no panel is ever silently empty.
async function panel(title, id, render) {
  const body = el('div', { class: 'loading' }, 'Loading…');
  const p = el('section', { class: 'panel', id, 'data-state': 'loading' }, el('h2', {}, title), body);
  document.getElementById('page').append(p);
  try {
    const content = await render();
    body.className = '';
    body.replaceChildren(content);
    p.dataset.state = 'ready';
  } catch (e) {
    body.className = 'error';
    body.textContent = 'Could not load: ' + e.message;
    p.dataset.state = 'error';
  }
}

function chart(type, labels, datasets, options = {}) {
  const canvas = el('canvas', { height: '220' });
  if (window.Chart) {
    charts.push(new window.Chart(canvas, { type, data: { labels, datasets }, options: Object.assign({ animation: false, responsive: true, plugins: { legend: { labels: { color: '#e8ecf5' } } }, scales: type === 'doughnut' ? {} : { x: { ticks: { color: '#93a0b8' } }, y: { ticks: { color: '#93a0b8' } } } }, options) }));
  }
  canvas.classList.add('chart');
  return canvas;
}

function table(rows, columns) {
  const t = el('table', {}, el('tr', {}, ...columns.map(c => el('th', {}, c[1]))));
  for (const r of rows) t.append(el('tr', {}, ...columns.map(c => el('td', { class: typeof r[c[0]] === 'number' ? 'num' : '' }, fmt(r[c[0]], 2)))));
  return t;
}

// The content parameters as a person reads them, in the order of the model's parameter table.
const PARAMETER_LABELS = [['hook_style', 'hook'], ['pacing', 'pacing'], ['target_duration_s', 'length'], ['voice', 'voice'],
  ['music_mood', 'music'], ['caption_style', 'captions'], ['visual_style', 'visuals'], ['video_locale', 'language'],
  ['posting_hour', 'posting hour']];

function parameterText(key, value) {
  if (key === 'target_duration_s') return value + ' s';
  if (key === 'posting_hour') return String(value).padStart(2, '0') + ':00';
  if (key === 'video_locale') return String(value).replace('_', '-').replace(/^[A-Z]+/, (l) => l.toLowerCase());
  return String(value).toLowerCase().replace(/_/g, ' ');
}

function rangeEnd(v) { return Math.abs(v) >= 10 ? Math.round(v).toLocaleString('en') : v.toFixed(2); }

// Recommended arms often share most values; each row shows what sets it apart from the segment's
// best arm (the highest predicted outcome), so six rows never look the same.
function recommendationsView(d) {
  const recs = d.recommendations;
  if (recs.length === 0) return el('p', {}, 'No recommendations for this segment.');
  const best = recs.reduce((a, b) => (b.predicted_objective > a.predicted_objective ? b : a));
  const rows = recs.map(r => {
    const diffs = PARAMETER_LABELS.filter(([k]) => r.parameters[k] !== best.parameters[k])
      .map(([k, label]) => label + ' ' + parameterText(k, r.parameters[k]));
    return {
      rank: '#' + r.rank,
      arm: r === best ? PARAMETER_LABELS.map(([k, label]) => label + ' ' + parameterText(k, r.parameters[k])).join(', ')
        : (diffs.length ? 'as the best, but ' + diffs.join(', ') : 'the best arm again'),
      predicted: r.predicted_objective,
      interval: r.spread === null || r.spread === undefined ? '–'
        : rangeEnd(Math.max(0, r.predicted_objective - r.spread)) + '–' + rangeEnd(r.predicted_objective + r.spread),
      p: r.selection_probability,
      kind: r.exploration ? 'explore' : 'exploit',
    };
  });
  const explored = recs.filter(r => r.exploration).length;
  const summary = 'policy ' + d.policy_version + ' · ' + explored + ' of ' + recs.length + ' arms explore (Thompson draws), '
    + (recs.length - explored) + ' exploit the mean; each video explores with probability ' + fmt(d.exploration_share * 100, 0) + '%.';
  const list = table(rows, [['rank', ''], ['arm', 'Arm (what differs from the best)'], ['predicted', 'Pred.'],
    ['interval', 'Range (± ensemble spread)'], ['p', 'P(sel)'], ['kind', '']]);
  list.classList.add('arms');
  return el('div', {}, el('p', { class: 'rec-summary' }, summary),
    chart('bar', rows.map(r => r.rank), [{ label: 'predicted objective', data: rows.map(r => r.predicted), backgroundColor: COLORS[0] }]),
    list);
}

const COLORS = ['#5b8def', '#f2a541', '#57c785', '#ef6b6b', '#b57bee', '#4fc3d9', '#e0d35b', '#9aa5b8'];

// What rises faster than its own baseline in the last hour (the streaming trend job, docs/trends.md).
function trendsPanel() {
  return panel('Trending now (our own engagement stream)', 'kpi-trends', async () => {
    const d = await api('/v1/trends?minutes=60&limit=20');
    if (d.trends.length === 0) return el('p', {}, 'Nothing is rising faster than its baseline in the last hour.');
    const label = new Map(PARAMETER_LABELS.concat([['arm', 'arm'], ['niche', 'niche'], ['platform', 'platform']]));
    const rows = d.trends.map(t => ({
      platform: t.platform,
      what: label.get(t.dimension) || t.dimension,
      value: t.dimension === 'arm' ? t.value : parameterText(t.dimension, t.value),
      views: t.engaged_views,
      baseline: t.baseline_mean,
      z: t.z_score,
      since: (t.since || t.window_end).slice(11, 16) + ' UTC' }));
    return el('div', {}, table(rows, [['platform', 'Platform'], ['what', 'Parameter'], ['value', 'Value'], ['views', 'Engaged views (10 min)'], ['baseline', 'Expected'], ['z', 'z'], ['since', 'Trending since']]),
      el('p', { class: 'summary' }, `${d.trends.length} trending; exploring recommendations lean toward them`));
  });
}

const pages = {
  async kpis() {
    await Promise.all([
      panel('Totals by platform', 'kpi-platforms', async () => {
        const d = await api('/v1/kpis/platforms');
        const wrap = el('div');
        wrap.append(chart('bar', d.platforms.map(p => p.platform), [
          { label: 'views', data: d.platforms.map(p => p.views), backgroundColor: COLORS[0] },
          { label: 'engaged views', data: d.platforms.map(p => p.engaged_views), backgroundColor: COLORS[1] }]));
        wrap.append(table(d.platforms, [['platform', 'Platform'], ['videos', 'Videos'], ['views', 'Views'], ['engaged_views', 'Engaged'], ['likes', 'Likes'], ['shares', 'Shares']]));
        return wrap;
      }),
      panel('Engaged views per minute by arm (live)', 'kpi-arms', async () => {
        const d = await api('/v1/kpis/arms?metric=engaged_views&window_seconds=60&since_minutes=180');
        const times = [...new Set(d.points.map(p => p.window_start))].sort();
        const arms = [...new Set(d.points.map(p => p.arm_id))];
        const sets = arms.map((a, i) => ({ label: a.length > 24 ? a.slice(0, 24) + '…' : a, borderColor: COLORS[i % 8], backgroundColor: COLORS[i % 8],
          data: times.map(t => { const p = d.points.find(x => x.arm_id === a && x.window_start === t); return p ? p.value : null; }) }));
        const wrap = el('div', {}, chart('line', times.map(t => t.slice(11, 16)), sets));
        wrap.append(el('p', { class: 'summary' }, `${arms.length} arms, ${d.points.length} windows; updates every 5 s`));
        return wrap;
      }),
      panel('Cost and revenue per video by arm', 'kpi-economics', async () => {
        const d = await api('/v1/kpis/economics?arms=12');
        const label = a => (a.arm_key || a.arm_id).slice(0, 24);
        return el('div', {}, chart('bar', d.arms.map(label), [
          { label: 'cost $ / video', data: d.arms.map(a => a.cost_usd_per_video), backgroundColor: COLORS[3] },
          { label: 'revenue $ / video', data: d.arms.map(a => a.revenue_usd_per_video), backgroundColor: COLORS[2] }]),
          table(d.arms.map(a => Object.assign({ arm: label(a) }, a)), [['arm', 'Arm'], ['platform', 'Platform'], ['videos', 'Videos'],
            ['cost_usd_per_video', 'Cost $/video'], ['revenue_usd_per_video', 'Revenue $/video'], ['margin_usd_per_video', 'Margin $/video']]));
      }),
      trendsPanel()]);
    refreshTimer = setTimeout(() => show('kpis'), 5000);
  },
  async pipeline() {
    await Promise.all([
      panel('Jobs by status', 'pipeline-status', async () => {
        const d = await api('/v1/ops/pipeline?days=14');
        const labels = Object.keys(d.status_counts);
        return el('div', {}, chart('doughnut', labels, [{ data: labels.map(l => d.status_counts[l]), backgroundColor: COLORS }]),
          table(labels.map(l => ({ status: l, jobs: d.status_counts[l] })), [['status', 'Status'], ['jobs', 'Jobs']]));
      }),
      panel('Render latency p95 and failure rate per day', 'pipeline-days', async () => {
        const d = await api('/v1/ops/pipeline?days=14');
        return el('div', {}, chart('bar', d.days.map(x => String(x.day).slice(0, 10)), [
          { label: 'p95 request→rendered (s)', data: d.days.map(x => x.render_latency_p95_s), backgroundColor: COLORS[0] },
          { label: 'failure rate (%)', data: d.days.map(x => 100 * x.failure_rate), backgroundColor: COLORS[3] }]),
          table(d.days.map(x => Object.assign({}, x, { day: String(x.day).slice(0, 10) })), [['day', 'Day'], ['requested', 'Requested'], ['rendered', 'Rendered'], ['failed', 'Failed'], ['render_latency_p95_s', 'p95 s']]));
      }),
      panel('Stage latency p95 and failures (last 24 h)', 'pipeline-stages', async () => {
        const d = await api('/v1/ops/stages?hours=24');
        return el('div', {}, chart('bar', d.stages.map(x => x.stage), [
          { label: 'p95 ms (median minute)', data: d.stages.map(x => x.latency_p95_ms_median_minute), backgroundColor: COLORS[0] },
          { label: 'p95 ms (worst minute)', data: d.stages.map(x => x.latency_p95_ms_worst_minute), backgroundColor: COLORS[1] }]),
          table(d.stages, [['stage', 'Stage'], ['attempts', 'Attempts'], ['failures', 'Failures'], ['failure_rate', 'Failure rate'], ['cost_usd', 'Cost $']]));
      }),
      panel('Cost per day against budget', 'pipeline-cost', async () => {
        const d = await api('/v1/ops/cost?days=14');
        return el('div', {}, chart('bar', d.days.map(x => x.day), [
          { label: 'spent $', data: d.days.map(x => x.spent_usd), backgroundColor: COLORS[3] },
          { label: 'budget $', data: d.days.map(x => x.budget_usd), backgroundColor: COLORS[2] }]),
          table(d.days.map(x => Object.assign({}, x, { breached: x.breached_at ? 'breached' : 'within' })), [['day', 'Day'], ['spent_usd', 'Spent $'], ['budget_usd', 'Budget $'], ['breached', 'Budget']]));
      })]);
  },
  async models() {
    await panel('Model versions', 'models-versions', async () => {
      const d = await api('/v1/models');
      if (d.versions.length === 0) return el('p', {}, 'No model trained yet: recommendations use the cold-start exploration set.');
      const metric = Object.keys(d.versions[0].metrics)[0] || 'rmse';
      const wrap = el('div', {}, chart('line', d.versions.map(v => v.model_version), [{ label: 'validation ' + metric, data: d.versions.map(v => v.metrics[metric]), borderColor: COLORS[1], backgroundColor: COLORS[1] }]));
      wrap.append(table(d.versions.map(v => Object.assign({}, v, { champion: v.champion ? '★ serving' : '', created_at: v.created_at.slice(0, 19), rmse: v.metrics.rmse, status: v.registry.status || '', decision: v.registry.decision || '' })),
        [['model_version', 'Version'], ['created_at', 'Created'], ['ensemble_size', 'Boosters'], ['rmse', 'RMSE'], ['status', 'Registry'], ['decision', 'Decision'], ['champion', '']]));
      const champion = d.champion || d.versions[d.versions.length - 1].model_version;
      const m = await api('/v1/models/' + encodeURIComponent(champion));
      const feats = Object.entries(m.feature_importance).slice(0, 12);
      wrap.append(el('h2', {}, 'Feature importance of ' + champion + ' (total gain)'));
      wrap.append(chart('bar', feats.map(f => f[0]), [{ label: 'gain', data: feats.map(f => f[1]), backgroundColor: COLORS[2] }], { indexAxis: 'y' }));
      wrap.append(table(feats.slice(0, 5).map(f => ({ feature: f[0], gain: f[1] })), [['feature', 'Top features'], ['gain', 'Total gain']]));
      for (const p of m.plots) {
        // Plots need the key, which <img> cannot send: fetch them and show the bytes.
        const res = await fetch(p.url, { headers: { 'Authorization': 'Bearer ' + key() } });
        if (res.ok) wrap.append(el('h2', {}, p.name), el('img', { class: 'plot', alt: p.name, src: URL.createObjectURL(await res.blob()) }));
      }
      return wrap;
    });
  },
  async recommendations() {
    const niche = sessionStorage.getItem('flywheel.niche') || 'cooking';
    const form = el('form', { class: 'panel inline', id: 'rec-segment' },
      el('label', {}, 'Niche ', el('input', { name: 'niche', value: niche, pattern: '[a-z0-9]+(-[a-z0-9]+)*' })),
      el('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', ev => { ev.preventDefault(); sessionStorage.setItem('flywheel.niche', new FormData(form).get('niche')); show('recommendations'); });
    document.getElementById('page').append(form);
    for (const platform of PLATFORMS) {
      await panel('Next arms for ' + platform + ' / ' + niche, 'rec-' + platform, async () => {
        const d = await api(`/v1/recommendations?platform=${platform}&niche=${encodeURIComponent(niche)}&count=6`);
        return recommendationsView(d);
      });
    }
  },
  async videos() {
    await panel('Video gallery', 'videos-gallery', async () => {
      const d = await api('/v1/videos?limit=24');
      const player = el('div', { id: 'player' });
      const grid = el('div', { class: 'gallery' });
      for (const v of d.videos) {
        const card = el('div', { class: 'card', tabindex: '0', 'data-video': v.video_id },
          v.thumbnail_url ? el('img', { src: v.thumbnail_url, alt: v.title }) : el('div', {}, 'no thumbnail'), el('div', {}, v.title));
        card.addEventListener('click', () => play(v.video_id, player));
        grid.append(card);
      }
      return el('div', {}, grid, player);
    });
  },
  async experiments() {
    await panel('Experiments', 'experiments-list', async () => {
      const d = await api('/v1/experiments');
      const wrap = el('div');
      if (d.experiments.length === 0) wrap.append(el('p', {}, 'No experiments yet.'));
      for (const e of d.experiments) {
        const full = await api('/v1/experiments/' + e.experiment_id);
        wrap.append(el('h2', {}, e.name + ' — ' + e.platform + '/' + e.niche + ' (' + e.status + ')'));
        const rows = full.arms.map(a => Object.assign({ name: a.name + (a.name === full.control_arm ? ' (control)' : ''), share: a.traffic_share, hook: a.parameters.hook_style }, (full.results.find(r => r.arm === a.name) || {})));
        wrap.append(chart('bar', rows.map(r => r.name), [{ label: 'mean ' + full.objective + ' (batch report)', data: rows.map(r => r.mean), backgroundColor: COLORS[4] }]));
        wrap.append(table(rows, [['name', 'Arm'], ['hook', 'Hook'], ['share', 'Traffic'], ['jobs', 'Jobs'], ['videos', 'Videos'], ['mean', 'Mean'], ['p_value', 'p'], ['prob_best', 'P(best)']]));
      }
      return wrap;
    });
  },
  async briefs() {
    await panel('New brief', 'brief-form', async () => {
      const out = el('div', { id: 'brief-result' });
      const form = el('form', { class: 'inline', id: 'new-brief' },
        el('label', {}, 'Platform ', el('select', { name: 'platform' }, ...PLATFORMS.map(p => el('option', { value: p }, p)))),
        el('label', {}, 'Niche ', el('input', { name: 'niche', value: 'cooking', required: 'required' })),
        el('label', {}, 'Videos ', el('input', { name: 'count', type: 'number', min: '1', max: '100', value: '3' })),
        el('label', {}, 'Exploration share ', el('input', { name: 'exploration_share', type: 'number', min: '0', max: '1', step: '0.05', value: '0.2' })),
        el('button', { type: 'submit' }, 'Create brief'));
      form.addEventListener('submit', async ev => {
        ev.preventDefault();
        const f = new FormData(form);
        out.className = 'loading'; out.textContent = 'Creating…';
        try {
          const b = await api('/v1/briefs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ platform: f.get('platform'), niche: f.get('niche'), count: Number(f.get('count')), exploration_share: Number(f.get('exploration_share')) }) });
          out.className = ''; out.replaceChildren(el('p', { id: 'brief-created' }, `Brief ${b.brief_id}: ${b.jobs.length} jobs requested (${b.policy_version})`));
        } catch (e) { out.className = 'error'; out.textContent = 'Could not create: ' + e.message; }
      });
      return el('div', {}, form, out);
    });
    await panel('Recent briefs', 'briefs-list', async () => {
      const d = await api('/v1/briefs?limit=10');
      return table(d.briefs.map(b => Object.assign({}, b, {
          progress: Object.entries(b.status_counts).map(([k, v]) => k + ' ' + v).join(', '),
          created_at: b.created_at.slice(0, 19),
          policy: (b.policies || []).map(p => p.split('/')[0]).join(', '),
          measured: b.kpis ? b.kpis.measured : null,
          views: b.kpis ? b.kpis.views : null,
          engaged: b.kpis ? b.kpis.engaged_views_per_video : null })),
        [['created_at', 'Created'], ['platform', 'Platform'], ['niche', 'Niche'], ['count', 'Videos'], ['progress', 'Progress'],
         ['policy', 'Chosen by'], ['measured', 'Measured'], ['views', 'Views'], ['engaged', 'Engaged views / video']]);
    });
  },
  async accounts() {
    await panel('Connected accounts', 'accounts-list', async () => {
      const d = await api('/v1/accounts');
      if (d.accounts.length === 0) return el('p', {}, 'No account connected: run `flywheel accounts connect youtube|tiktok|instagram`.');
      const time = t => (t ? t.slice(0, 16).replace('T', ' ') : null);
      return table(d.accounts.map(a => Object.assign({}, a, {
          connected_at: time(a.connected_at), access_expires_at: time(a.access_expires_at), token_expires_at: time(a.token_expires_at),
          quota: Object.entries(a.quota_today).map(([k, v]) => k + ' ' + v).join(', ') || 'none' })),
        [['platform', 'Platform'], ['account_id', 'Account'], ['account_name', 'Name'], ['connected_at', 'Connected (UTC)'],
         ['access_expires_at', 'Access token expires'], ['token_expires_at', 'Stored token expires'], ['quota', 'Quota used today']]);
    });
  },
  async review() {
    await panel('Review queue', 'review-queue', async () => {
      const d = await api('/v1/review/items?limit=100');
      const items = d.items;
      let at = 0;
      let busy = false; // one decision at a time: a second key press waits for the first
      const status = el('p', { id: 'review-status', class: 'summary' },
        items.length + ' waiting · j/k move · a approve · r reject (type the reason, Enter)');
      const list = el('ol', { id: 'review-list' });
      const detail = el('div', { id: 'review-detail' });
      const why = it => (it.reason === 'moderation_borderline' ? 'borderline moderation: ' : 'channel policy: ') + (it.reason_detail || '');
      function draw() {
        list.replaceChildren(...items.map((it, i) => el('li', { class: i === at ? 'selected' : '', 'data-video': it.video_id,
          onclick: () => { at = i; draw(); } }, it.title + ' · ' + it.channel + ' · ' + why(it))));
        const it = items[at];
        if (!it) { detail.replaceChildren(el('p', { id: 'review-empty' }, 'Nothing waits for review.')); return; }
        const video = el('video', { controls: '', id: 'review-player', preload: 'auto' });
        video.muted = true;
        if (it.video_url) video.src = it.video_url;
        const reason = el('input', { id: 'reject-reason', name: 'reason', maxlength: '500', placeholder: 'why it is rejected', size: '40' });
        const reject = el('form', { id: 'reject-form', class: 'review-actions' }, reason, el('button', { type: 'submit' }, 'Reject (r)'));
        reject.addEventListener('submit', ev => { ev.preventDefault(); decide('reject', reason.value); });
        detail.replaceChildren(el('h2', {}, it.title), video,
          el('p', {}, it.channel + ' · ' + why(it) + ' · waiting since ' + it.created_at.slice(0, 16).replace('T', ' ') + ' UTC'),
          el('div', { class: 'review-actions' }, el('button', { id: 'approve', onclick: () => decide('approve') }, 'Approve (a)')), reject);
        video.play().catch(() => {});
      }
      async function decide(action, reason) {
        const it = items[at];
        if (!it || busy) return;
        if (action === 'reject' && !(reason || '').trim()) {
          status.textContent = 'A rejection needs a reason: type it, then Enter.';
          document.getElementById('reject-reason').focus();
          return;
        }
        busy = true;
        try {
          await api('/v1/review/items/' + it.video_id + '/' + action, action === 'reject'
            ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: reason.trim() }) }
            : { method: 'POST' });
          items.splice(at, 1);
          at = Math.min(at, Math.max(0, items.length - 1));
          status.textContent = (action === 'approve' ? 'Approved “' + it.title + '”; it publishes now.'
            : 'Rejected “' + it.title + '”: ' + reason.trim()) + ' ' + items.length + ' waiting.';
          document.activeElement.blur();
          draw();
        } catch (e) { status.textContent = 'Could not ' + action + ': ' + e.message; } finally { busy = false; }
      }
      pageKeys = k => {
        if (k === 'j' && at < items.length - 1) { at++; draw(); return true; }
        if (k === 'k' && at > 0) { at--; draw(); return true; }
        if (k === 'a' && items[at]) { decide('approve'); return true; }
        if (k === 'r' && items[at]) { document.getElementById('reject-reason').focus(); return true; }
        return k === 'j' || k === 'k';
      };
      draw();
      return el('div', {}, status, el('div', { class: 'review' }, list, detail));
    });
  },
};

async function play(videoId, target) {
  target.replaceChildren(el('p', { class: 'loading' }, 'Loading…'));
  try {
    const v = await api('/v1/videos/' + videoId);
    const r = v.renditions[v.renditions.length - 1] || v.renditions[0];
    const video = el('video', { controls: '', id: 'video-player', src: r.url, preload: 'auto' });
    video.muted = true;
    const params = v.parameters ? Object.entries(v.parameters).map(([k, x]) => ({ parameter: k, value: x })) : [];
    const kpis = v.kpis ? Object.entries(v.kpis).map(([k, x]) => ({ parameter: k, value: x })) : [];
    target.replaceChildren(el('h2', {}, v.title), video, table(params, [['parameter', 'Parameter'], ['value', 'Value']]),
      el('h2', {}, 'Live KPIs'), kpis.length ? table(kpis, [['parameter', 'KPI'], ['value', 'Value']]) : el('p', {}, 'No engagement measured yet.'),
      await evidenceView(videoId), await thumbnailsView(videoId));
    video.play().catch(() => {});
  } catch (e) { target.replaceChildren(el('p', { class: 'error' }, 'Could not load: ' + e.message)); }
}

// Each asset of the video with its provider, version, prompt or source, licence and receipt, and
// whether the publisher will take it (its own check, from the API).
async function evidenceView(videoId) {
  const box = el('div', { id: 'video-evidence' }, el('h2', {}, 'Licence evidence'));
  try {
    const ev = await api('/v1/videos/' + videoId + '/evidence');
    box.append(el('p', { id: 'evidence-verdict', class: ev.publishable ? '' : 'error' },
      ev.publishable ? 'Complete: may be published to ' + ev.platform + '.' : 'Not publishable: ' + ev.refusal));
    if (ev.publication) {
      box.append(el('p', {}, 'Publication: ' + ev.publication.status + (ev.publication.last_error ? ' (' + ev.publication.last_error + ')' : '')));
    }
    box.append(ev.assets.length
      ? table(ev.assets.map(a => Object.assign({}, a, { licence: a.licence || 'missing', receipt_id: a.receipt_id || 'missing',
          source: a.source && a.source.length > 120 ? a.source.slice(0, 119) + '…' : a.source })),
        [['asset', 'Asset'], ['provider', 'Provider'], ['version', 'Version'], ['source', 'Prompt or source'], ['licence', 'Licence'], ['receipt_id', 'Receipt']])
      : el('p', {}, 'No evidence recorded.'));
  } catch (e) { box.append(el('p', { class: 'error' }, 'Could not load the evidence: ' + e.message)); }
  return box;
}

// The video's thumbnail variants (style and image) and each platform's test: counts, click-through,
// probability of being best, and the winner once the rule decides.
async function thumbnailsView(videoId) {
  const box = el('div', { id: 'video-thumbnails' }, el('h2', {}, 'Thumbnail test'));
  try {
    const t = await api('/v1/videos/' + videoId + '/thumbnails');
    if (!t.variants.length) { box.append(el('p', {}, 'No thumbnail variants recorded.')); return box; }
    box.append(el('div', { class: 'thumb-variants' }, ...t.variants.map(v => el('figure', {},
      v.wide_url ? el('img', { src: v.wide_url, alt: 'variant ' + v.variant, width: '240' }) : '',
      el('figcaption', {}, v.variant + ': ' + v.frame_position + ' frame (' + v.frame_s.toFixed(1) + ' s), ' + v.text_style + ', ' + v.colour)))));
    const pct = x => x == null ? '–' : (100 * x).toFixed(2) + ' %';
    for (const test of t.tests) {
      box.append(el('p', { class: 'thumb-verdict' }, test.platform + ': ' + (test.winner_variant
        ? 'variant ' + test.winner_variant + ' won (P(best) ' + pct(test.winner_probability) + ') and is shown'
        : 'showing variant ' + test.current_variant + '; no winner yet (needs P(best) ≥ ' + pct(t.rule.probability_best_at_least)
          + ' and ' + t.rule.min_impressions_per_variant + ' impressions per variant)')));
      box.append(table(test.variants.map(c => Object.assign({}, c, { ctr: pct(c.ctr), probability_best: pct(c.probability_best) })),
        [['variant', 'Variant'], ['impressions', 'Impressions'], ['clicks', 'Clicks'], ['ctr', 'CTR'], ['probability_best', 'P(best)']]));
    }
    if (!t.tests.length) box.append(el('p', {}, 'Not tested on a platform yet.'));
  } catch (e) { box.append(el('p', { class: 'error' }, 'Could not load the thumbnails: ' + e.message)); }
  return box;
}

async function show(name) {
  if (!PAGES.includes(name)) name = 'kpis';
  clearTimeout(refreshTimer);
  pageKeys = null;
  const scroll = window.scrollY;
  const page = document.getElementById('page');
  const fresh = page.dataset.page !== name;
  charts.splice(0).forEach(c => c.destroy());
  page.replaceChildren();
  page.dataset.page = name;
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#' + name));
  if (!key()) { page.append(el('section', { class: 'panel error' }, 'Enter an API key (scope read, or write to create briefs, or review for the review queue) above.')); return; }
  await pages[name]();
  if (!fresh) window.scrollTo(0, scroll);
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('key-form').addEventListener('submit', ev => {
    ev.preventDefault();
    sessionStorage.setItem('flywheel.key', document.getElementById('api-key').value.trim());
    document.getElementById('api-key').value = '';
    show(location.hash.slice(1));
  });
  document.addEventListener('keydown', ev => {
    if (ev.target.matches('input, select, textarea') || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (pageKeys && pageKeys(ev.key)) { ev.preventDefault(); return; }
    const i = Number(ev.key);
    if (i >= 1 && i <= PAGES.length) location.hash = PAGES[i - 1];
    else if (ev.key === 'r') show(location.hash.slice(1));
    else if (ev.key === '?') document.getElementById('help').showModal();
  });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
});
