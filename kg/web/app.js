// The ipkg query workbench: YASGUI (editor, tabs, results) on this server's own SPARQL endpoint, the query
// pack as an examples gallery with parameter forms, IRIs of our graph shown with their labels and linked to
// this server's pages, downloads, a bar-chart view and one-line errors.
// Offline by design: every request goes to this server (/query, /api/...), nothing to any other host.
// No inline script or style anywhere: the page runs under Content-Security-Policy default-src 'self'.
"use strict";

const ENDPOINT = new URL("/query", window.location.href).href;
const OUR_BASE = "https://w3id.org/ipkg/"; // IRIs of our graph; their path is this server's path
const ID_BASE = OUR_BASE + "id/";
const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "byte",
  "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
  "unsignedLong"].map((t) => XSD + t));
const PACK_TABS = "ipkg.packTabs"; // localStorage: YASGUI tab id -> {name, values} of an example's form
const TRUNCATED_HEADER = "Kg-Result-Truncated"; // kg serve --max-rows: the answer holds the first rows only
const CHART_ROWS = 100; // a bar chart of more rows is unreadable: the first ones are drawn, with a note
const STARTER = `PREFIX ipkg: <https://w3id.org/ipkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# The 31 regions: Chinese and English names and GB/T 2260 codes
SELECT ?region ?zh ?en ?code WHERE {
  ?region a ipkg:Region ;
          rdfs:label ?zh, ?en .
  FILTER (LANG(?zh) = "zh" && LANG(?en) = "en")
  OPTIONAL { ?region skos:notation ?code }
}
ORDER BY ?code
`;

const $ = (id) => document.getElementById(id);

// YASR's column resizer inserts inline <style> elements, which CSP default-src 'self' refuses (a console
// error each time): they are not inserted, and their rules are in style.css instead.
const appendToHead = document.head.appendChild.bind(document.head);
document.head.appendChild = (node) => (node instanceof HTMLStyleElement && "gripid" in node ? node
  : appendToHead(node));

let yasgui = null;
let pack = [];
let prefixes = {};
const labels = new Map(); // IRI -> label text, or null once looked up without one

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function fetchJson(url, options = {}) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).trim()}`);
  return response.json();
}

/** A SELECT on our own endpoint, as any SPARQL client sends it. */
function sparql(query) {
  return fetchJson(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
    body: new URLSearchParams({ query }),
  });
}

// --- IRIs of our graph: labels and local links ----------------------------------------------------

const SAFE_IRI = /^[^\s<>"{}|\\^`]+$/;

/** Fetch the labels of the graph's resources among these IRIs (once each), English first, then Chinese. */
async function lookUpLabels(iris) {
  const wanted = [...new Set(iris)].filter((iri) => iri.startsWith(ID_BASE) && SAFE_IRI.test(iri)
    && !labels.has(iri));
  for (let start = 0; start < wanted.length; start += 300) {
    const chunk = wanted.slice(start, start + 300);
    for (const iri of chunk) labels.set(iri, null);
    const data = await sparql(`PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE { VALUES ?s { ${chunk.map((iri) => `<${iri}>`).join(" ")} }
  ?s rdfs:label|skos:prefLabel ?label }`);
    const rank = (term) => ({ en: 0, zh: 1 }[term["xml:lang"]] ?? 2);
    const best = new Map();
    for (const b of data.results.bindings) {
      const seen = best.get(b.s.value);
      if (!seen || rank(b.label) < rank(seen)) best.set(b.s.value, b.label);
    }
    for (const [iri, term] of best) labels.set(iri, term.value);
  }
}

function resultIris(yasr) {
  const out = [];
  for (const binding of yasr.results?.getBindings() || []) {
    for (const term of Object.values(binding)) if (term.type === "uri") out.push(term.value);
  }
  return out;
}

function shorten(iri, known) {
  let best = null;
  for (const [prefix, namespace] of Object.entries(known || prefixes)) {
    if (iri.startsWith(namespace) && iri.length > namespace.length
        && (!best || namespace.length > best[1].length)) best = [prefix, namespace];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

/** The local page of an IRI of our graph: its path under https://w3id.org/ipkg/ on this server. */
function localPath(iri) {
  return "/" + iri.slice(OUR_BASE.length);
}

function isNumeric(term) {
  return term && term.type !== "uri" && term.type !== "bnode" && NUMERIC.has(term.datatype)
    && term.value.trim() !== "" && !Number.isNaN(Number(term.value));
}

function displayText(term) {
  if (!term) return "";
  if (term.type === "uri") return labels.get(term.value) || shorten(term.value);
  return term.value;
}

// --- results: the table (YASR's, with labelled local links and numeric sorting) -----------------------

function defineTable() {
  const BaseTable = Yasr.plugins.table;
  return class LabelledTable extends BaseTable {
    async draw(config) {
      try {
        await lookUpLabels(resultIris(this.yasr));
      } catch (error) {
        console.warn("labels not available:", error); // the table is drawn with prefixed IRIs instead
      }
      super.draw(config);
    }

    getUriLinkFromBinding(binding, known) {
      const iri = binding.value;
      if (!iri.startsWith(OUR_BASE) || !SAFE_IRI.test(iri)) return super.getUriLinkFromBinding(binding, known);
      const label = labels.get(iri);
      const short = escapeHtml(shorten(iri, known));
      const text = label ? `${escapeHtml(label)}<span class="ipkg-curie">${short}</span>` : short;
      return `<a class="iri ipkg-local" href="${escapeHtml(localPath(iri))}" title="${escapeHtml(iri)}"`
        + ` target="_blank" rel="noopener">${text}</a>`;
    }

    getColumns() {
      const columns = super.getColumns();
      const bindings = this.yasr.results?.getBindings() || [];
      for (const column of columns.slice(1)) {
        const terms = bindings.map((b) => b[column.name]).filter(Boolean);
        const numeric = terms.length > 0 && terms.every(isNumeric);
        const render = column.render;
        if (numeric) {
          column.type = "num";
          column.className = "dt-right";
        }
        column.render = (term, type, row, meta) => {
          if (term === "" || (type !== "sort" && type !== "filter" && type !== "type")) {
            return render(term, type, row, meta);
          }
          if (numeric) return type === "filter" ? term.value : Number(term.value);
          if (term.type === "uri" && labels.get(term.value)) {
            return type === "filter" ? `${labels.get(term.value)} ${term.value}` : labels.get(term.value);
          }
          return term.value;
        };
      }
      return columns;
    }
  };
}

// --- results: a bar chart (Chart.js) of a label column and a numeric column ---------------------------

function chartColumns(yasr) {
  const vars = yasr.results?.getVariables() || [];
  const bindings = yasr.results?.getBindings() || [];
  const values = vars.filter((v) => {
    const terms = bindings.map((b) => b[v]).filter(Boolean);
    return terms.length > 0 && terms.every(isNumeric);
  });
  const names = vars.filter((v) => !values.includes(v) && bindings.some((b) => b[v]));
  return { names, values, bindings };
}

function barIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  for (const [x, h] of [[1, 8], [6, 13], [11, 5]]) {
    const rect = document.createElementNS(ns, "rect");
    for (const [k, v] of Object.entries({ x, y: 15 - h, width: 4, height: h, fill: "currentColor" })) {
      rect.setAttribute(k, String(v));
    }
    svg.append(rect);
  }
  return svg;
}

class ChartView {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Chart";
    this.chart = null;
    this.controls = null;
    this.config = {};
  }

  canHandleResults() {
    const { names, values } = chartColumns(this.yasr);
    return names.length > 0 && values.length > 0;
  }

  getIcon() {
    return barIcon();
  }

  async draw(config) {
    this.config = { ...this.config, ...(config || {}) };
    try {
      await lookUpLabels(resultIris(this.yasr));
    } catch (error) {
      console.warn("labels not available:", error);
    }
    const { names, values, bindings } = chartColumns(this.yasr);
    const name = names.includes(this.config.label) ? this.config.label : names[0];
    const value = values.includes(this.config.value) ? this.config.value : values[0];
    this.drawControls(names, values, name, value);
    const rows = bindings.slice(0, CHART_ROWS);
    const box = el("div", { className: "ipkg-chart" });
    box.style.height = `${Math.max(240, rows.length * 22 + 60)}px`;
    const canvas = el("canvas", { role: "img", "aria-label": `Bar chart of ${value} by ${name}` });
    box.append(canvas);
    if (bindings.length > rows.length) {
      this.yasr.resultsEl.append(el("p", { className: "ipkg-chart-note",
        text: `The first ${rows.length} of ${bindings.length} rows are drawn (the table has them all).` }));
    }
    this.yasr.resultsEl.append(box);
    this.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map((b) => displayText(b[name])),
        datasets: [{ label: value, data: rows.map((b) => (b[value] ? Number(b[value].value) : null)),
          backgroundColor: "#b3261e" }],
      },
      options: {
        indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false }, title: { display: true, text: `${value} by ${name}` } },
        scales: { x: { beginAtZero: true, title: { display: true, text: value } } },
      },
    });
    this.yasr.resultsEl.dataset.chart = "drawn";
  }

  drawControls(names, values, name, value) {
    this.removeControls();
    const select = (options, chosen, key, title) => {
      const node = el("select", { "aria-label": title, dataset: { chart: key } },
        ...options.map((o) => el("option", { value: o, text: o, selected: o === chosen })));
      node.addEventListener("change", () => {
        this.config = { ...this.config, [key]: node.value };
        this.yasr.storePluginConfig("chart", this.config);
        this.yasr.draw();
      });
      return el("label", {}, `${title} `, node);
    };
    this.controls = el("div", { className: "ipkg-chart-controls" },
      select(names, name, "label", "Bars"), select(values, value, "value", "Length"));
    this.yasr.pluginControls.append(this.controls);
  }

  removeControls() {
    this.controls?.remove();
    this.controls = null;
  }

  download(filename) {
    if (!this.chart) return undefined;
    return { getData: () => this.chart.toBase64Image(), contentType: "image/png", title: "Download the chart",
      filename: `${filename || "chart"}.png` };
  }

  destroy() {
    this.chart?.destroy();
    this.chart = null;
    this.removeControls();
  }
}

// --- errors in one line ------------------------------------------------------------------------------

/** "line 3, column 15: expected …" from the engine's "error at 3:15: expected one of …" message. */
function readableError(status, text, query) {
  const message = String(text || "").trim();
  const found = /error at (\d+):(\d+): expected one of ([\s\S]*)$/.exec(message);
  if (!found) {
    const first = message.split("\n")[0] || "no answer from the endpoint";
    return `${status ? `${status}: ` : ""}${first}`;
  }
  const [, line, column, rest] = found;
  const items = [];
  let depth = 0;
  let current = "";
  for (const c of rest) {
    if (c === "[") depth += 1;
    if (c === "]") depth -= 1;
    if (c === "," && depth === 0) {
      items.push(current.trim());
      current = "";
    } else current += c;
  }
  items.push(current.trim());
  const sourceLine = (query || "").split("\n")[Number(line) - 1] || "";
  const where = `Syntax error at line ${line}, column ${column}`;
  if (items.includes("Prefix not found")) {
    const used = /([A-Za-z][\w.-]*)?:[^\s:]*$/.exec(sourceLine.slice(0, Number(column) - 1));
    const prefix = used ? `${used[1] || ""}:` : "a prefix";
    return `${where}: ${prefix} is not declared (add a PREFIX line for it, or press Ctrl-Space after it)`;
  }
  const words = [];
  for (const item of items) {
    const quoted = /^\['(.)'\]$/.exec(item);
    if (/^[A-Za-z][A-Za-z ]*$/.test(item)) words.push(item);
    else if (quoted) words.push(`"${quoted[1]}"`);
  }
  const near = sourceLine.slice(Math.max(0, Number(column) - 1)).trim().slice(0, 30);
  const expected = words.length ? `expected ${words.join(", ")}` : "unexpected text";
  return `${where}${near ? ` (near “${near}”)` : ""}: ${expected}`;
}

function errorRenderer(error) {
  const tab = yasgui?.getTab();
  const query = tab ? tab.getQuery() : "";
  return el("p", { className: "ipkg-error", role: "alert",
    text: readableError(error.status, error.text, query) });
}

// --- downloads (the endpoint's own CSV, TSV, JSON or Turtle) ---------------------------------------

const DOWNLOADS = [
  ["CSV", "text/csv", "csv", false],
  ["TSV", "text/tab-separated-values", "tsv", false],
  ["JSON", "application/sparql-results+json", "json", false],
  ["Turtle", "text/turtle", "ttl", true],
  ["JSON-LD", "application/ld+json", "jsonld", true],
];

function slug(name) {
  return (name || "query").trim().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "query";
}

async function download(tab, media, extension) {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: media },
    body: new URLSearchParams({ query: tab.getQuery() }),
  });
  if (!response.ok) {
    showPageError(readableError(response.status, await response.text(), tab.getQuery()));
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: `${slug(tab.getName())}.${extension}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function decorateTab(tab) {
  const yasr = tab?.getYasr();
  if (!yasr || yasr.headerEl.querySelector(".ipkg-downloads")) return;
  const bar = el("span", { className: "ipkg-downloads", "aria-label": "Download the results" }, "Download:");
  for (const [label, media, extension, graph] of DOWNLOADS) {
    const button = el("button", { type: "button", text: label,
      dataset: { download: extension, graph: String(graph) } });
    button.addEventListener("click", () => download(tab, media, extension)
      .catch((error) => showPageError(String(error))));
    bar.append(button);
  }
  // a server that sends only part of a long answer says so in a header: shown, never silent
  const truncated = el("span", { className: "ipkg-truncated", role: "status", hidden: true });
  yasr.headerEl.append(bar, truncated);
  tab.getYasqe()?.on("queryResponse", (_, response) => {
    const note = response?.headers?.get?.(TRUNCATED_HEADER);
    truncated.textContent = note ? `Partial answer: ${note}.` : "";
    truncated.hidden = !note;
  });
  const update = () => { // result formats for SELECT and ASK, graph formats for CONSTRUCT and DESCRIBE
    const graphAnswer = ["CONSTRUCT", "DESCRIBE"].includes(tab.getYasqe()?.getQueryType());
    bar.hidden = !yasr.results || yasr.results.hasError();
    for (const button of bar.querySelectorAll("button")) {
      button.hidden = (button.dataset.graph === "true") !== graphAnswer;
    }
  };
  yasr.on("drawn", update);
  update();
}

function showPageError(message) {
  const box = $("page-error");
  box.textContent = message;
  box.hidden = false;
}

// --- the examples gallery -------------------------------------------------------------------------

let activeTag = null;

function renderTags() {
  const tags = [...new Set(pack.flatMap((q) => q.tags))].sort();
  $("tags").replaceChildren(...tags.map((tag) => {
    const button = el("button", { type: "button", className: "tag", text: tag, dataset: { tag } });
    button.setAttribute("aria-pressed", String(tag === activeTag));
    button.addEventListener("click", () => {
      activeTag = activeTag === tag ? null : tag;
      renderTags();
      renderGallery();
    });
    return button;
  }));
}

function renderGallery() {
  const words = $("search").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = pack.filter((q) => {
    if (activeTag && !q.tags.includes(activeTag)) return false;
    const haystack = [q.name, q.summary, q.description, ...q.tags].join(" ").toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
  $("examples").replaceChildren(...shown.map((q) => el("li", {},
    el("button", { type: "button", className: "example", dataset: { example: q.name } },
      el("span", { className: "summary", text: q.summary }),
      el("span", { className: "name", text: q.name + (q.view === "chart" ? " · chart" : "") }),
      el("span", { className: "description", text: q.description }),
      el("span", { className: "tags" }, ...q.tags.map((t) => el("span", { className: "tag", text: t })))))));
  for (const button of $("examples").querySelectorAll("button.example")) {
    button.addEventListener("click", () => openExample(pack.find((q) => q.name === button.dataset.example)));
  }
  $("count").textContent = `${shown.length} of ${pack.length} examples`;
}

function packTabs() {
  try {
    return JSON.parse(localStorage.getItem(PACK_TABS) || "{}");
  } catch {
    return {};
  }
}

function savePackTab(id, entry) {
  const all = packTabs();
  if (entry) all[id] = entry;
  else delete all[id];
  localStorage.setItem(PACK_TABS, JSON.stringify(all));
}

function defaultValues(query) {
  return Object.fromEntries(query.parameters.map((p) => [p.name, p.default ?? ""]));
}

function openExample(query) {
  const values = defaultValues(query);
  const tab = yasgui.addTab(true, {
    name: yasgui.createTabName(query.name),
    yasqe: { value: query.text },
    yasr: { settings: { selectedPlugin: query.view || "table", pluginsConfig: {} }, response: undefined },
  });
  savePackTab(tab.getId(), { name: query.name, values });
  decorateTab(tab);
  renderForm();
  if (query.parameters.length === 0) {
    tab.query().catch(() => {});
  } else if (query.parameters.every((p) => !p.required)) {
    bindAndRun(); // only optional parameters (an edition): it runs at once, its notices shown
  } else {
    $("fields").querySelector("input")?.focus();
  }
}

// --- the parameter form of an example's tab -----------------------------------------------------------

// The values a parameter form offers, by parameter name (or one of `names`): asked of /query like any other
// query, so they are the data's own.
const VALUE_LISTS = {
  // the region of a query: its Chinese name, English name or code (the pack accepts all three)
  region: {
    query: `PREFIX ipkg: <https://w3id.org/ipkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?zh ?en ?code WHERE {
  ?r a ipkg:Region ; rdfs:label ?zh, ?en .
  FILTER (LANG(?zh) = "zh" && LANG(?en) = "en")
  OPTIONAL { ?r skos:notation ?code }
} ORDER BY ?code`,
    options: (b) => [
      [b.zh.value, [b.en.value, b.code?.value].filter(Boolean).join(" · ")],
      [b.en.value, [b.zh.value, b.code?.value].filter(Boolean).join(" · ")],
      ...(b.code ? [[b.code.value, `${b.zh.value} · ${b.en.value}`]] : []),
    ],
  },
  agency: {
    query: `PREFIX ipkg: <https://w3id.org/ipkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name (SAMPLE(?t) AS ?type) WHERE {
  ?a a ipkg:Agency ; rdfs:label ?name .
  OPTIONAL { ?a ipkg:agencyType/skos:prefLabel ?t FILTER (LANG(?t) = "en") }
} GROUP BY ?name ORDER BY ?name`,
    options: (b) => [[b.name.value, b.type?.value || ""]],
  },
  agencyType: {
    names: ["type", "agencytype"],
    query: `PREFIX ipkg: <https://w3id.org/ipkg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code ?zh ?en WHERE {
  ?t a ipkg:AgencyType ; skos:notation ?code .
  OPTIONAL { ?t skos:prefLabel ?zh FILTER (LANG(?zh) = "zh") }
  OPTIONAL { ?t skos:prefLabel ?en FILTER (LANG(?en) = "en") }
} ORDER BY ?code`,
    options: (b) => [[b.code.value, [b.zh?.value, b.en?.value].filter(Boolean).join(" · ")]],
  },
  measure: {
    query: `PREFIX ipkg: <https://w3id.org/ipkg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label (COUNT(DISTINCT ?region) AS ?regions) WHERE {
  ?m a ipkg:Measure ; skos:prefLabel ?label .
  OPTIONAL { ?task ipkg:measure ?m ; ipkg:region ?region }
} GROUP BY ?label ORDER BY DESC(?regions) ?label`,
    options: (b) => [[b.label.value, `${b.regions.value} regions`]],
  },
  // the editions of the graph: the year of each source document the tasks were read from
  edition: {
    query: `PREFIX ipkg: <https://w3id.org/ipkg/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?issued (COUNT(?task) AS ?tasks) WHERE {
  ?task a ipkg:Task ; prov:wasDerivedFrom ?source .
  ?source dcterms:issued ?issued .
} GROUP BY ?issued ORDER BY DESC(?issued)`,
    options: (b) => [[b.issued.value.slice(0, 4), `${b.tasks.value} tasks`]],
  },
  indicator: {
    query: `PREFIX ipkg: <https://w3id.org/ipkg/def#>
SELECT ?indicator (COUNT(?target) AS ?targets) WHERE { ?target ipkg:indicator ?indicator }
GROUP BY ?indicator ORDER BY DESC(?targets) ?indicator`,
    options: (b) => [[b.indicator.value, `${b.targets.value} targets`]],
  },
};
const loadedLists = new Map(); // parameter name -> Promise of the filled <datalist>

function valueList(name) {
  const key = Object.keys(VALUE_LISTS).find((k) => k === name || VALUE_LISTS[k].names?.includes(name));
  if (!key) return null;
  if (!loadedLists.has(key)) {
    const list = el("datalist", { id: `values-${key}` });
    document.body.append(list);
    loadedLists.set(key, sparql(VALUE_LISTS[key].query).then((data) => {
      const seen = new Set();
      for (const binding of data.results.bindings) {
        for (const [value, label] of VALUE_LISTS[key].options(binding)) {
          if (seen.has(value)) continue;
          seen.add(value);
          list.append(el("option", { value, label }));
        }
      }
      list.dataset.loaded = String(seen.size);
      return list;
    }));
  }
  return `values-${key}`;
}

function inputType(type) {
  return type === "number" || NUMERIC.has(XSD + type.replace(/^xsd:/, "")) ? "number" : "text";
}

function renderForm() {
  const tab = yasgui.getTab();
  const entry = tab && packTabs()[tab.getId()];
  const query = entry && pack.find((q) => q.name === entry.name);
  const form = $("params");
  $("params-status").hidden = true;
  if (!query || query.parameters.length === 0) {
    form.hidden = true;
    form.dataset.query = "";
    return;
  }
  form.hidden = false;
  form.dataset.query = query.name;
  form.dataset.tab = tab.getId();
  $("params-title").textContent = `${query.summary} (${query.name})`;
  $("params-description").textContent = query.description;
  $("fields").replaceChildren(...query.parameters.map((p) => {
    const list = valueList(p.name);
    const input = el("input", { name: p.name, type: inputType(p.type), required: p.required,
      placeholder: p.default ?? "", value: entry.values?.[p.name] ?? p.default ?? "" });
    if (list) input.setAttribute("list", list);
    if (input.type === "number") input.step = "any";
    input.addEventListener("invalid", () => showFormError(input.validity.valueMissing
      ? `“${p.name}” is required: pick or type a value.` : `“${p.name}”: ${input.validationMessage}`));
    return el("label", {},
      el("span", {}, p.name, p.required ? el("span", { className: "required", text: " *" }) : " (optional)",
        " · ", el("span", { className: "type", text: p.type })),
      input);
  }));
}

/** A default the server used for a parameter left empty is said on the page, never used silently. */
function showNotices(notices) {
  const box = $("params-notice");
  box.textContent = notices.join(" · ");
  box.hidden = notices.length === 0;
}

function showFormError(message) {
  const status = $("params-status");
  status.textContent = message;
  status.hidden = false;
}

async function bindAndRun(event) {
  event?.preventDefault();
  const form = $("params");
  const tab = yasgui.getTab();
  if (!tab || form.dataset.tab !== tab.getId()) return;
  if (!form.checkValidity()) {
    form.reportValidity();
    return;
  }
  $("params-status").hidden = true;
  const values = Object.fromEntries([...form.querySelectorAll("#fields input")].map((i) => [i.name, i.value]));
  savePackTab(tab.getId(), { name: form.dataset.query, values });
  try {
    const bound = await fetchJson("/api/bind", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ name: form.dataset.query, params: values }),
    });
    tab.setQuery(bound.query);
    showNotices(bound.notices || []);
    showBoundValues(tab.getYasqe(), pack.find((q) => q.name === form.dataset.query)?.text || "");
    await tab.query();
  } catch (error) {
    showFormError(String(error.message || error).replace(/^\/api\/bind: 400 /, ""));
  }
}

/** Mark what binding changed in the example's text (the values, however the pack binds them) and bring
 * the first change into view, so the reader sees what ran. */
function showBoundValues(yasqe, template) {
  const before = template.split("\n");
  const after = yasqe.getValue().split("\n");
  if (before.length !== after.length) return;
  let first = -1;
  after.forEach((text, line) => {
    const old = before[line];
    if (text === old) return;
    let start = 0;
    while (start < text.length && text[start] === old[start]) start += 1;
    let end = 0;
    while (end < text.length - start && text[text.length - 1 - end] === old[old.length - 1 - end]) end += 1;
    yasqe.markText({ line, ch: start }, { line, ch: text.length - end }, { className: "ipkg-bound" });
    if (first < 0) first = line;
  });
  if (first >= 0) yasqe.scrollIntoView({ line: Math.min(after.length - 1, first + 4), ch: 0 }, 60);
}

/** The pack example whose text this is, required parameters still unbound, if any (an example with only
 * optional parameters runs as it is: left out, they stay unbound, which is what they mean). */
function unboundExample(text) {
  return pack.find((q) => q.parameters.some((p) => p.required) && q.text === text);
}

/**
 * An example's text with its parameters unbound is never sent as is (its parameter variables would match
 * anything: a silent wrong answer). Whatever asks to run it (Ctrl-Enter, the run button, a share link opened
 * here), the tab gets the example's form instead, which binds the values shown and runs the bound text.
 */
function guardUnboundExamples() {
  const send = Yasqe.prototype.query;
  Yasqe.prototype.query = function query(...args) {
    const example = unboundExample(this.getValue());
    if (!example) return send.apply(this, args);
    setTimeout(() => runThroughForm(example), 0); // a share link runs while YASGUI is still starting
    return Promise.resolve();
  };
}

function runThroughForm(example) {
  const tab = yasgui.getTab();
  const form = $("params");
  if (form.dataset.tab !== tab.getId() || form.dataset.query !== example.name) { // else: the values shown
    if (packTabs()[tab.getId()]?.name !== example.name) {
      savePackTab(tab.getId(), { name: example.name, values: defaultValues(example) });
    }
    renderForm();
  }
  form.requestSubmit();
}

function runKey() {
  yasgui?.getTab()?.query().catch(() => {});
}

// --- start ---------------------------------------------------------------------------------------

function configureYasgui(completions) {
  prefixes = completions.prefixes;
  Yasqe.forkAutocompleter("prefixes", { name: "ipkgPrefixes", persistenceId: null,
    get: () => Promise.resolve(Object.entries(prefixes).map(([p, iri]) => `${p}: <${iri}>`).sort()) });
  Yasqe.forkAutocompleter("class", { name: "ipkgClasses", bulk: true, persistenceId: null,
    get: completions.classes });
  Yasqe.forkAutocompleter("property", { name: "ipkgProperties", bulk: true, persistenceId: null,
    get: completions.properties });
  // only our own lists: no prefix.cc, no Linked Open Vocabularies
  Yasqe.defaults.autocompleters.splice(0, Infinity,
    "variables", "ipkgPrefixes", "ipkgClasses", "ipkgProperties");
  Yasqe.defaults.prefixCcApi = null;
  guardUnboundExamples();
  Yasqe.defaults.extraKeys["Ctrl-Enter"] = runKey;
  Yasqe.defaults.extraKeys["Cmd-Enter"] = runKey;
  Yasr.registerPlugin("table", defineTable());
  Yasr.registerPlugin("chart", ChartView);
  Yasr.defaults.pluginOrder = ["table", "chart", "response"];
  Yasr.defaults.prefixes = prefixes;
  Yasr.defaults.errorRenderers = [errorRenderer];
}

function startYasgui() {
  yasgui = new Yasgui($("yasgui"), {
    requestConfig: { endpoint: ENDPOINT, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
    // a share link opened here queries this server, whatever endpoint the link names
    populateFromUrl: (config) => ({ ...config,
      requestConfig: { ...config.requestConfig, endpoint: ENDPOINT } }),
    yasqe: { value: STARTER },
    yasr: { prefixes },
    tabName: "Query",
  });
  yasgui.on("tabSelect", () => setTimeout(() => { decorateTab(yasgui.getTab()); renderForm(); }, 0));
  yasgui.on("tabAdd", () => setTimeout(() => { decorateTab(yasgui.getTab()); renderForm(); }, 0));
  yasgui.on("tabClose", (_, tab) => { savePackTab(tab.getId(), null); setTimeout(renderForm, 0); });
  yasgui.on("queryResponse", (_, tab) => { decorateTab(tab); $("page-error").hidden = true; });
  decorateTab(yasgui.getTab());
  renderForm();
}

async function init() {
  $("endpoint").textContent = ENDPOINT;
  $("params").addEventListener("submit", bindAndRun);
  $("search").addEventListener("input", renderGallery);
  try {
    const [listing, completions] = await Promise.all([
      fetchJson("/api/queries"), fetchJson("/api/completions")]);
    pack = listing;
    configureYasgui(completions);
    renderTags();
    renderGallery();
    startYasgui();
    document.body.dataset.ready = "true";
  } catch (error) {
    showPageError(`The page could not start: ${error.message || error}`);
  }
}

init();
