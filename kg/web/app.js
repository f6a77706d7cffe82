// The ipkg query page: the pack as one-click canned queries, an editor, a results table.
// All data is rendered with textContent / DOM nodes: nothing from the graph ever becomes markup.
"use strict";

const PREFIXES = [
  ["ipkg:", "https://w3id.org/ipkg/def#"],
  ["id:", "https://w3id.org/ipkg/id/"],
  ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
  ["skos:", "http://www.w3.org/2004/02/skos/core#"],
  ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
  ["wd:", "http://www.wikidata.org/entity/"],
];
const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger"]
  .map((t) => "http://www.w3.org/2001/XMLSchema#" + t));
const PARAM = /[?$](__?)([A-Za-z][A-Za-z0-9]*)(?:_([A-Za-z][A-Za-z0-9]*))?(?![A-Za-z0-9_])/g;

const $ = (id) => document.getElementById(id);
let pack = [];
let current = null; // the canned query shown, or null for free editing

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

function abbreviate(iri) {
  for (const [prefix, ns] of PREFIXES) {
    if (iri.startsWith(ns) && iri.length > ns.length) return prefix + iri.slice(ns.length);
  }
  return iri;
}

// --- the pack ------------------------------------------------------------------------------------

function renderPack() {
  const filter = $("filter").value.trim().toLowerCase();
  const list = $("queries");
  list.replaceChildren();
  for (const q of pack) {
    const haystack = [q.name, q.summary, q.description, ...q.tags].join(" ").toLowerCase();
    if (filter && !haystack.includes(filter)) continue;
    const button = el("button", { type: "button", dataset: { query: q.name }, title: q.description },
      el("span", { className: "name", text: q.name }),
      el("span", { className: "summary", text: q.summary }),
      el("span", {}, ...q.tags.map((t) => el("span", { className: "tag", text: t }))));
    if (current && current.name === q.name) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => choose(q, true));
    list.append(el("li", {}, button));
  }
}

function choose(q, run) {
  current = q;
  $("title").textContent = q.name;
  $("description").textContent = q.description || q.summary;
  $("editor").value = q.text;
  renderParams(q.parameters);
  renderPack();
  if (run) runQuery();
}

// --- parameters ----------------------------------------------------------------------------------

function paramsInText(text) {
  const found = new Map();
  for (const m of text.matchAll(PARAM)) {
    if (!found.has(m[2])) {
      found.set(m[2], { name: m[2], type: m[3] || "string", required: m[1] === "_", default: null });
    }
  }
  return [...found.values()];
}

function renderParams(parameters) {
  const form = $("params");
  const old = new Map([...form.querySelectorAll("input")].map((i) => [i.name, i.value]));
  form.replaceChildren();
  for (const p of parameters) {
    const input = el("input", { name: p.name, placeholder: p.default ?? "", required: p.required });
    input.value = old.has(p.name) ? old.get(p.name) : (p.default ?? "");
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); runQuery(); } });
    form.append(el("label", {},
      el("span", {}, `${p.name}${p.required ? "" : " (optional)"} · `, el("span", { className: "type", text: p.type })),
      input));
  }
}

function syncParamsWithEditor() {
  const text = $("editor").value;
  const known = current && current.text === text ? current.parameters : paramsInText(text);
  const shown = [...$("params").querySelectorAll("input")].map((i) => i.name).join(" ");
  if (shown !== known.map((p) => p.name).join(" ")) renderParams(known);
}

// --- running -------------------------------------------------------------------------------------

async function runQuery() {
  const button = $("run");
  const params = {};
  for (const input of $("params").querySelectorAll("input")) params[input.name] = input.value;
  const text = $("editor").value;
  const name = current && current.text === text ? current.name : "editor";
  button.disabled = true;
  $("error").hidden = true;
  $("status").textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("/api/run", {
      method: "POST",
      headers: { "Content-Type": "application/json",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: JSON.stringify({ name, query: text, params }),
    });
    const ms = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      showError(`${response.status} ${response.statusText}: ${await response.text()}`);
      $("status").textContent = "";
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) {
        $("results").replaceChildren(el("div", { className: "boolean", text: String(data.boolean) }));
        $("status").textContent = `ASK · ${ms} ms`;
      } else {
        renderTable(data);
        const n = data.results.bindings.length;
        $("status").textContent = `${n} row${n === 1 ? "" : "s"} · ${ms} ms`;
      }
    } else {
      const body = await response.text();
      $("results").replaceChildren(el("pre", { className: "graph", text: body }));
      $("status").textContent = `graph · ${ms} ms`;
    }
  } catch (error) {
    showError(String(error));
    $("status").textContent = "";
  } finally {
    button.disabled = false;
  }
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
  $("results").replaceChildren();
}

function cell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") {
    const safe = /^https?:\/\//i.test(term.value);
    td.append(safe ? el("a", { href: term.value, text: abbreviate(term.value), target: "_blank", rel: "noopener" })
                   : el("span", { text: term.value }));
  } else if (term.type === "bnode") {
    td.textContent = "_:" + term.value;
  } else if (term.type === "triple") {
    td.textContent = "<< triple >>";
  } else {
    td.append(el("span", { text: term.value }));
    if (term["xml:lang"]) td.append(el("span", { className: "lang", text: "@" + term["xml:lang"] }));
    if (NUMERIC.has(term.datatype)) td.className = "num";
  }
  return td;
}

function renderTable(data) {
  const vars = data.head.vars;
  const head = el("tr", {}, ...vars.map((v) => el("th", { scope: "col", text: v })));
  const body = el("tbody");
  for (const binding of data.results.bindings) body.append(el("tr", {}, ...vars.map((v) => cell(binding[v]))));
  $("results").replaceChildren(el("table", { className: "results" }, el("thead", {}, head), body));
}

// --- wiring --------------------------------------------------------------------------------------

function editorKeys(event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    runQuery();
  } else if (event.key === "Tab" && !event.shiftKey) {
    event.preventDefault();
    const ed = event.target;
    const { selectionStart: s, selectionEnd: e } = ed;
    ed.value = ed.value.slice(0, s) + "  " + ed.value.slice(e);
    ed.selectionStart = ed.selectionEnd = s + 2;
  }
}

async function init() {
  $("endpoint").textContent = new URL("/query", window.location.href).href;
  $("run").addEventListener("click", runQuery);
  $("editor").addEventListener("keydown", editorKeys);
  $("editor").addEventListener("input", syncParamsWithEditor);
  $("filter").addEventListener("input", renderPack);
  syncParamsWithEditor();
  try {
    const response = await fetch("/api/queries", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    pack = await response.json();
    renderPack();
    document.body.dataset.ready = "true";
  } catch (error) {
    showError("could not load the query pack: " + error);
  }
}

init();
