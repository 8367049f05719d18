// The local trace page: Jaeger's query API (v3, OTLP JSON) read and drawn as a waterfall.
// Every value from a span goes through textContent: span names and attributes are data.
"use strict";

const KINDS = { 1: "interne", 2: "serveur", 3: "client", 4: "producteur", 5: "consommateur" };
const HOUR_NS = 3600n * 1000000000n;

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path} : HTTP ${response.status}`);
  return response.json();
}

function problem(message) {
  const node = document.getElementById("problem");
  node.textContent = message;
  node.hidden = false;
}

// OTLP JSON -> flat spans with their service; times stay BigInt nanoseconds.
function spansOf(answer) {
  const spans = [];
  for (const resource of answer?.result?.resourceSpans ?? []) {
    const name = (resource.resource?.attributes ?? []).find((a) => a.key === "service.name");
    const service = name?.value?.stringValue ?? "?";
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        spans.push({
          service,
          name: span.name,
          kind: typeof span.kind === "number" ? KINDS[span.kind] ?? "" : String(span.kind ?? ""),
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId ?? "",
          start: BigInt(span.startTimeUnixNano),
          end: BigInt(span.endTimeUnixNano),
          failed: span.status?.code === 2 || span.status?.code === "STATUS_CODE_ERROR",
        });
      }
    }
  }
  return spans;
}

function milliseconds(nanoseconds) {
  return `${(Number(nanoseconds) / 1e6).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} ms`;
}

// Depth-first, children by start time: the order a person reads a request in.
function ordered(spans) {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map();
  for (const span of spans) {
    const parent = ids.has(span.parentSpanId) ? span.parentSpanId : "";
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(span);
  }
  const rows = [];
  const visit = (parent, depth) => {
    const list = (children.get(parent) ?? []).sort((a, b) => (a.start < b.start ? -1 : 1));
    for (const span of list) {
      rows.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit("", 0);
  return rows;
}

function hue(service) {
  let hash = 0;
  for (const character of service) hash = (hash * 31 + character.charCodeAt(0)) % 360;
  return hash;
}

async function showTrace(traceId) {
  const answer = await api(`/api/v3/traces/${encodeURIComponent(traceId)}`);
  const spans = spansOf(answer);
  if (spans.length === 0) {
    problem(`Aucune trace ${traceId} (pas encore arrivée, ou Jaeger a redémarré : il garde tout en mémoire).`);
    return;
  }
  const first = spans.reduce((m, s) => (s.start < m ? s.start : m), spans[0].start);
  const last = spans.reduce((m, s) => (s.end > m ? s.end : m), spans[0].end);
  const total = last - first > 0n ? last - first : 1n;
  const services = [...new Set(spans.map((s) => s.service))];
  document.getElementById("trace-title").textContent = `Trace ${traceId}`;
  document.getElementById("trace-summary").textContent =
    `${spans.length} étapes, ${services.length} services (${services.join(", ")}), ${milliseconds(total)}`;
  const list = document.getElementById("spans");
  list.replaceChildren();
  for (const { span, depth } of ordered(spans)) {
    const row = element("li", undefined, span.failed ? "span failed" : "span");
    const label = element("div", undefined, "label");
    label.style.paddingLeft = `${depth * 1.2}em`;
    const service = element("span", span.service, "service");
    service.style.borderColor = `hsl(${hue(span.service)} 60% 45%)`;
    label.append(service, element("span", ` ${span.name}`, "name"), element("span", ` ${span.kind}`, "kind"));
    const lane = element("div", undefined, "lane");
    const bar = element("div", undefined, "bar");
    bar.style.left = `${(Number(span.start - first) / Number(total)) * 100}%`;
    bar.style.width = `${Math.max((Number(span.end - span.start) / Number(total)) * 100, 0.3)}%`;
    bar.style.background = `hsl(${hue(span.service)} 60% 45%)`;
    lane.append(bar, element("span", milliseconds(span.end - span.start), "duration"));
    row.append(label, lane);
    list.append(row);
  }
  document.getElementById("trace").hidden = false;
}

async function showRecent(service) {
  const now = BigInt(Date.now()) * 1000000n;
  const iso = (ns) => new Date(Number(ns / 1000000n)).toISOString();
  const query = new URLSearchParams({
    "query.service_name": service,
    "query.start_time_min": iso(now - HOUR_NS),
    "query.start_time_max": iso(now + 60n * 1000000000n),
    "query.num_traces": "20",
  });
  const spans = spansOf(await api(`/api/v3/traces?${query}`));
  const traces = new Map();
  for (const span of spans) {
    if (!traces.has(span.traceId)) traces.set(span.traceId, []);
    traces.get(span.traceId).push(span);
  }
  const body = document.querySelector("#traces tbody");
  body.replaceChildren();
  const sorted = [...traces.entries()].sort(([, a], [, b]) => (a[0].start > b[0].start ? -1 : 1));
  for (const [traceId, members] of sorted) {
    const root = members.find((s) => !members.some((p) => p.spanId === s.parentSpanId)) ?? members[0];
    const first = members.reduce((m, s) => (s.start < m ? s.start : m), members[0].start);
    const last = members.reduce((m, s) => (s.end > m ? s.end : m), members[0].end);
    const link = element("a", root.name);
    link.href = `trace/${traceId}`;
    const row = element("tr");
    const opened = element("td");
    opened.append(link);
    row.append(
      element("td", new Date(Number(first / 1000000n)).toLocaleTimeString("fr-FR")),
      opened,
      element("td", [...new Set(members.map((s) => s.service))].join(", ")),
      element("td", String(members.length)),
      element("td", milliseconds(last - first)),
    );
    body.append(row);
  }
}

async function start() {
  document.getElementById("open-trace").addEventListener("submit", (event) => {
    event.preventDefault();
    window.location.pathname = `/trace/${document.getElementById("trace-id").value.toLowerCase()}`;
  });
  const opened = window.location.pathname.match(/^\/trace\/([0-9a-fA-F]{32})$/);
  if (opened) {
    document.getElementById("search").hidden = true;
    await showTrace(opened[1].toLowerCase());
    return;
  }
  const select = document.getElementById("service");
  const services = ((await api("/api/v3/services"))?.services ?? []).filter((s) => s !== "jaeger");
  for (const service of services) select.append(element("option", service));
  select.addEventListener("change", () => showRecent(select.value).catch((e) => problem(e.message)));
  const preferred = services.includes("citizen-chat") ? "citizen-chat" : services[0];
  if (preferred) {
    select.value = preferred;
    await showRecent(preferred);
  } else {
    problem("Aucune trace encore : les services démarrés après Jaeger lui envoient les leurs.");
  }
}

start().catch((error) => problem(`Jaeger ne répond pas comme prévu : ${error.message}`));
