// The console: polls /console/api/overview every few seconds and draws it. No build step; Chart.js
// is the only library. The operator token is asked once and kept in this tab's session storage
// (or given as #token=... in the address, which never reaches a server and is removed at once).
"use strict";

const REFRESH_MS = 3000;
const TOKEN_KEY = "gateway-admin-token";
const COLORS = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#4b5563", "#db2777"];
const charts = {};

function takeTokenFromAddress() {
  const match = location.hash.match(/token=([^&]+)/);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
}

function askForToken(message) {
  const form = document.getElementById("token-form");
  form.hidden = false;
  setStatus(message);
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

async function refresh() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = token ? { Authorization: "Bearer " + token } : {};
  let response;
  try {
    response = await fetch("api/overview", { headers, cache: "no-store" });
  } catch (e) {
    setStatus("cannot reach the gateway: " + e.message);
    return;
  }
  if (response.status === 401 || response.status === 403) {
    askForToken(response.status === 401 ? "the operator token is missing or wrong" : "admin routes answer loopback only");
    return;
  }
  if (!response.ok) {
    setStatus("the gateway answered " + response.status);
    return;
  }
  document.getElementById("token-form").hidden = true;
  draw(await response.json());
  setStatus("updated " + new Date().toLocaleTimeString());
}

function draw(o) {
  drawSpend(o.spend);
  drawTraffic(o.traffic, o.spend);
  drawLatency(o.latency);
  drawCache(o.cache);
  drawProviders(o.providers, o.breakers);
  drawRecent(o.recent);
  document.body.dataset.asOf = o.as_of_ms;
}

function scopeName(s) {
  return s.project ? s.tenant + " / " + s.project : s.tenant;
}

function usd(v) {
  return v == null ? "–" : "$" + Number(v).toFixed(Number(v) < 1 ? 6 : 2);
}

function limited(used, limit) {
  return limit == null ? String(used) : used + " / " + limit;
}

function alertBadge(s) {
  if (s.daily_budget_usd == null && s.monthly_budget_usd == null) {
    return '<span class="badge">no budget</span>';
  }
  if (s.alert_level == null) {
    return '<span class="badge ok">below ' + (s.alert_levels[0] || 100) + "%</span>";
  }
  const kind = s.alert_level >= 100 ? "bad" : "warn";
  return '<span class="badge ' + kind + '">' + s.alert_level + "% reached</span>";
}

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text == null ? "–" : text;
  if (cls) td.className = cls;
  return td;
}

function fillTable(id, rows, build) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren(...rows.map(build));
}

function drawSpend(spend) {
  fillTable("spend", spend, (s) => {
    const tr = document.createElement("tr");
    tr.dataset.scope = scopeName(s);
    tr.append(cell(scopeName(s)), cell(usd(s.spent_today_usd), "num"), cell(usd(s.daily_budget_usd), "num"),
      cell(usd(s.spent_this_month_usd), "num"), cell(usd(s.monthly_budget_usd), "num"));
    const alert = document.createElement("td");
    alert.innerHTML = alertBadge(s);
    tr.append(alert, cell(limited(s.requests_last_minute, s.requests_per_minute_limit), "num"),
      cell(limited(s.tokens_last_minute, s.tokens_per_minute_limit), "num"), cell(s.in_flight, "num"));
    return tr;
  });
  const budgeted = spend.filter((s) => s.daily_percent != null || s.monthly_percent != null);
  chart("spend-chart", "bar", {
    labels: budgeted.map(scopeName),
    datasets: [
      { label: "% of daily budget", data: budgeted.map((s) => s.daily_percent), backgroundColor: budgeted.map(levelColor) },
      { label: "% of monthly budget", data: budgeted.map((s) => s.monthly_percent), backgroundColor: "#93c5fd" },
    ],
  }, { indexAxis: "y", scales: { x: { min: 0, suggestedMax: 100, title: { display: true, text: "% of budget" } } } });
}

function levelColor(s) {
  if (s.alert_level == null) return "#16a34a";
  return s.alert_level >= 100 ? "#dc2626" : "#d97706";
}

function minuteLabels(minutes) {
  return minutes.map((m) => new Date(m).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
}

function drawTraffic(traffic, spend) {
  const labels = minuteLabels(traffic.minutes);
  const tenantLimits = Object.fromEntries(spend.filter((s) => !s.project).map((s) => [s.tenant, s]));
  chart("requests-chart", "line", { labels, datasets: series(traffic.requests, tenantLimits, "requests_per_minute_limit") },
    { scales: { y: { beginAtZero: true, title: { display: true, text: "requests / min" } } } });
  chart("tokens-chart", "line", { labels, datasets: series(traffic.tokens, tenantLimits, "tokens_per_minute_limit") },
    { scales: { y: { beginAtZero: true, title: { display: true, text: "tokens / min" } } } });
}

// One line per tenant, its limit in the legend; the limit is drawn too (dashed, same colour) once
// the tenant uses a quarter of it, so that a far-off limit does not flatten every line.
function series(byTenant, limits, limitField) {
  const datasets = [];
  Object.entries(byTenant).forEach(([tenant, values], i) => {
    const color = COLORS[i % COLORS.length];
    const limit = limits[tenant] && limits[tenant][limitField];
    const label = limit ? tenant + " (limit " + limit + "/min)" : tenant;
    datasets.push({ label, data: values, borderColor: color, backgroundColor: color, tension: 0.2, pointRadius: 2 });
    if (limit && Math.max(...values) >= limit / 4) {
      datasets.push({ label: tenant + " limit", data: values.map(() => limit), borderColor: color, borderDash: [6, 4],
        pointRadius: 0, borderWidth: 1 });
    }
  });
  return datasets;
}

function drawLatency(l) {
  document.getElementById("latency-count").textContent = "(last " + l.requests + " requests)";
  chart("latency-chart", "bar", {
    labels: ["p50", "p90", "p99"],
    datasets: [
      { label: "latency (ms)", data: [l.latency_p50_ms, l.latency_p90_ms, l.latency_p99_ms], backgroundColor: "#2563eb" },
      { label: "time to first token (ms)", data: [l.ttft_p50_ms, l.ttft_p90_ms, l.ttft_p99_ms], backgroundColor: "#9333ea" },
    ],
  }, { scales: { y: { beginAtZero: true, title: { display: true, text: "ms" } } } });
}

function drawCache(c) {
  const pct = (r) => (100 * r).toFixed(1) + "%";
  document.getElementById("cache-ratio").textContent =
    "(hit ratio: exact " + pct(c.exact_hit_ratio) + ", semantic " + pct(c.semantic_hit_ratio) + ")";
  chart("cache-chart", "doughnut", {
    labels: ["exact hit", "semantic hit", "miss", "bypass"],
    datasets: [{ data: [c.exact_hits, c.semantic_hits, c.misses, c.bypasses],
      backgroundColor: ["#16a34a", "#0891b2", "#d97706", "#9ca3af"] }],
  }, { plugins: { legend: { position: "right" } } });
}

function drawProviders(providers, breakers) {
  fillTable("providers", providers, (p) => {
    const tr = document.createElement("tr");
    tr.dataset.provider = p.provider;
    const rate = document.createElement("td");
    const kind = p.error_rate >= 0.5 ? "bad" : p.error_rate > 0.05 ? "warn" : "ok";
    rate.innerHTML = '<span class="badge ' + kind + '">' + (100 * p.error_rate).toFixed(1) + "%</span>";
    tr.append(cell(p.provider), cell(p.requests, "num"), cell(p.failures, "num"), rate);
    return tr;
  });
  fillTable("breakers", breakers, (b) => {
    const tr = document.createElement("tr");
    const state = document.createElement("td");
    const badge = document.createElement("span");
    badge.className = "badge " + b.state;
    badge.textContent = b.state;
    state.append(badge);
    tr.append(cell(b.deployment), state);
    return tr;
  });
}

function drawRecent(recent) {
  fillTable("recent", recent, (r) => {
    const tr = document.createElement("tr");
    tr.dataset.requestId = r.request_id;
    const status = document.createElement("td");
    const badge = document.createElement("span");
    badge.className = "badge " + r.status;
    badge.textContent = r.error_code ? r.status + " (" + r.error_code + ")" : r.status;
    status.append(badge);
    tr.append(cell(new Date(r.finished_at_ms).toLocaleTimeString()), cell(r.request_id), cell(r.tenant),
      cell(r.project), cell(r.model), cell(r.provider), status, cell(r.cache), cell(r.input_tokens, "num"),
      cell(r.output_tokens, "num"), cell(r.cost_usd == null ? null : Number(r.cost_usd).toFixed(6), "num"),
      cell(r.latency_ms, "num"), cell(r.ttft_ms, "num"));
    return tr;
  });
}

// Creates a chart once and later only swaps its data, so refreshing does not flicker.
function chart(id, type, data, options) {
  if (charts[id]) {
    charts[id].data = data;
    charts[id].update("none");
    return;
  }
  charts[id] = new Chart(document.getElementById(id), {
    type, data, options: Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, options),
  });
}

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
  document.getElementById("token").value = "";
  refresh();
});

takeTokenFromAddress();
refresh();
setInterval(refresh, REFRESH_MS);
