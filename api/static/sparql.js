// The SPARQL page: a CodeMirror editor over the plain textarea (when the vendored
// CodeMirror loaded), example queries, results as a table, download links kept in step.
"use strict";

(() => {
  const form = document.getElementById("sparql-form");
  if (!form) return;
  const text = form.dataset;
  const textarea = document.getElementById("query");
  const status = document.getElementById("sparql-status");
  const holder = document.getElementById("sparql-table");
  const format = document.getElementById("format");
  const example = document.getElementById("example");
  const downloads = { csv: document.getElementById("download-csv"), json: document.getElementById("download-json") };
  const DGID = "https://w3id.org/dutygraph/id/";
  const PREFIXES = [[DGID, "dgid:"], ["https://w3id.org/dutygraph/ontology#", "dg:"],
    ["http://www.w3.org/2004/02/skos/core#", "skos:"], ["http://www.w3.org/2001/XMLSchema#", "xsd:"]];
  let editor = null;

  const run = () => { form.requestSubmit(); };
  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      matchBrackets: true,
      indentUnit: 2,
      viewportMargin: Infinity,
      // the editable element inside the scrolling area, so the keyboard reaches what scrolls
      // (and screen readers and phones get CodeMirror's better-supported input)
      inputStyle: "contenteditable",
      screenReaderLabel: text.editorLabel,
      // Tab leaves the editor (no keyboard trap); Ctrl/Cmd+Enter runs the query.
      extraKeys: { Tab: false, "Shift-Tab": false, "Ctrl-Enter": run, "Cmd-Enter": run },
    });
    editor.on("change", () => refreshLinks());
  } else {
    textarea.addEventListener("input", () => refreshLinks());
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
    });
  }

  const query = () => (editor ? editor.getValue() : textarea.value);

  function refreshLinks() {
    for (const [name, link] of Object.entries(downloads)) {
      link.href = "/sparql?" + new URLSearchParams({ query: query(), format: name }).toString();
    }
  }

  if (example) {
    example.addEventListener("change", () => {
      const chosen = example.selectedOptions[0];
      if (editor) editor.setValue(chosen.dataset.query); else textarea.value = chosen.dataset.query;
      refreshLinks();
      const url = new URL(window.location.href);
      url.searchParams.set("example", example.value);
      window.history.replaceState(null, "", url);
    });
  }

  function short(iri) {
    for (const [ns, prefix] of PREFIXES) if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
    return iri;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri" && (term.value.startsWith(DGID) || /^https?:\/\//i.test(term.value))) {
      // only http(s) IRIs become links: a result IRI such as javascript:... or data:... is shown as text
      const a = document.createElement("a");
      a.href = term.value.startsWith(DGID) ? "/id/" + term.value.slice(DGID.length) : term.value;
      a.textContent = short(term.value);
      td.appendChild(a);
    } else if (term.type === "uri") {
      td.textContent = short(term.value);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) {
        const tag = document.createElement("span");
        tag.className = "lang-tag";
        tag.textContent = "@" + term["xml:lang"];
        td.appendChild(tag);
      }
    }
    return td;
  }

  function table(data) {
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const t = document.createElement("table");
    t.className = "results-table";
    const caption = t.createCaption();
    caption.textContent = rows.length === 1 ? text.oneRow : text.rows.replace("{n}", rows.length);
    const head = t.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = v;
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cell(row[v]));
    }
    return [t, caption.textContent];
  }

  function show(node, message) {
    holder.replaceChildren(node);
    holder.hidden = false;
    status.textContent = message;
  }

  form.addEventListener("submit", async (event) => {
    if (format.value !== "json") return; // CSV, TSV, XML: let the browser open the endpoint's answer
    event.preventDefault();
    status.textContent = text.running;
    holder.hidden = true;
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: query() }),
      });
      const type = response.headers.get("content-type") || "";
      if (!response.ok) {
        const problem = type.includes("json") ? await response.json() : { detail: await response.text() };
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = problem.detail || problem.title || response.statusText;
        show(p, text.failed + " (" + response.status + ")");
        return;
      }
      if (type.includes("sparql-results+json")) {
        const data = await response.json();
        if ("boolean" in data) {
          const p = document.createElement("p");
          p.className = "boolean";
          p.textContent = data.boolean ? text.yes : text.no;
          show(p, p.textContent);
        } else {
          const [t, message] = table(data);
          show(t, message);
        }
      } else {
        const pre = document.createElement("pre");
        pre.textContent = await response.text();
        show(pre, type.split(";")[0]);
      }
    } catch (error) {
      status.textContent = text.failed + ": " + error;
    }
  });
})();
