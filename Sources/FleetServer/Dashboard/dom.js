// DOM helpers. Every text the server sends goes through textContent (el's string children):
// nothing is ever parsed as HTML, so a name like <img src=x onerror=...> stays text.
"use strict";

/** An element `tag` with attributes/properties `props` and children (nodes or strings, as text). */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "hidden" || key === "disabled" || key === "checked") node[key] = Boolean(value);
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces the children of `node`. */
function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** The hash route of one target. */
function targetHref(application, cluster) {
  return "#/targets/" + encodeURIComponent(application) + "/" + encodeURIComponent(cluster);
}

/** The hash route of one cluster. */
function clusterHref(cluster) {
  return "#/clusters/" + encodeURIComponent(cluster);
}

/** The states of a matrix cell, best to worst, with the symbols of `flotilla status`. */
const STATES = ["Healthy", "Progressing", "OutOfSync", "Degraded", "Unknown"];
const SYMBOLS = { Healthy: "✓", Progressing: "~", OutOfSync: "!", Degraded: "✗", Unknown: "?" };
const stateRank = state => { const rank = STATES.indexOf(state); return rank < 0 ? STATES.length - 1 : rank; };

/** A coloured badge "✓ Healthy" for a target's state. */
function badge(state) {
  const known = STATES.includes(state) ? state : "Unknown";
  return el("span", { className: "badge " + known }, SYMBOLS[known] + " " + known);
}

/** A table with header `columns` and `rows` (arrays of cells: nodes or text). */
function table(columns, rows, className) {
  return el("table", { className: className || "list" },
    el("thead", {}, el("tr", {}, columns.map(column => el("th", {}, column)))),
    el("tbody", {}, rows.map(row => el("tr", {}, row.map(cell => el("td", {}, cell))))));
}

/** A two-column table of label → value, rows with an empty value left out. */
function properties(pairs) {
  return el("table", { className: "properties" },
    el("tbody", {}, pairs.filter(([, value]) => value !== undefined && value !== null && value !== "")
      .map(([label, value]) => el("tr", {}, el("th", {}, label), el("td", {}, value)))));
}

/** "2026-12-04 23:32:22" from an ISO 8601 time (local time), or "-". */
function when(iso) {
  if (!iso) return "-";
  const date = new Date(iso);
  if (isNaN(date)) return String(iso);
  const pad = n => String(n).padStart(2, "0");
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " "
    + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
}

/** The first 12 characters of a commit. */
const shortRevision = revision => revision ? String(revision).slice(0, 12) : "-";

/** `abc123def456` when a rollout's targets share one commit, else `N revisions` (each target's own). */
const revisionsText = (revision, revisions) => {
  if (revision) return shortRevision(revision);
  const distinct = new Set(Object.values(revisions || {}));
  return distinct.size === 0 ? shortRevision(null) : distinct.size + " revisions";
};
