// The fleet matrix: Applications (or their ApplicationSet) × clusters, one cell per pair coloured
// by the worst state of its targets, as `flotilla status -o html` draws it. Cells, rows and counts
// are indexed, so a live event changes one cell and a few counters, never the whole table.
"use strict";

const targetId = item => item.application + "\n" + item.cluster;

/** Counts of targets per state; `worst` is the worst state present. */
class StateCounts {
  constructor() { this.counts = Object.fromEntries(STATES.map(state => [state, 0])); this.total = 0; }
  add(state, delta) { this.counts[state] += delta; this.total += delta; }
  get worst() { for (let i = STATES.length - 1; i >= 0; i--) if (this.counts[STATES[i]] > 0) return STATES[i]; return null; }
}

class Matrix {
  /** A matrix of `items` (the list of GET /api/v1/targets), filtered by `filters` {app, cluster, state}. */
  constructor(items, filters) {
    this.filters = filters;
    this.items = new Map(items.map(item => [targetId(item), { ...item, state: this.stateOf(item) }]));
    this.clusters = [...new Set(items.map(item => item.cluster))].sort();
    this.rows = [...new Set(items.map(item => this.rowOf(item)))].sort();
    this.cells = new Map();      // row + "\n" + cluster → {td, ids}
    this.rowParts = new Map();   // row → {tr, ready, state, counts, matching}
    this.clusterParts = new Map(); // cluster → {td, counts}
    this.totals = new StateCounts();
    this.matching = 0;
  }

  /** The row of `item`: its ApplicationSet, or its Application without one; a child Application
   * (app of apps) under its parent's row, `parent › child`, as `flotilla status` draws it. */
  rowOf(item, depth = 0) {
    const own = item.applicationSet || item.application;
    if (!item.parent || depth > 8) return own;
    const at = item.parent.lastIndexOf("@");
    const parent = this.items.get(item.parent.slice(0, at) + "\n" + item.parent.slice(at + 1));
    return (parent ? this.rowOf(parent, depth + 1) : item.parent.slice(0, at)) + " › " + own;
  }

  stateOf(item) { return STATES.includes(item.state) ? item.state : "Unknown"; }

  matches(item) {
    const { app, cluster, state } = this.filters;
    return item.application.toLowerCase().includes(app.toLowerCase())
      && item.cluster.toLowerCase().includes(cluster.toLowerCase())
      && (state === "" || item.state === state);
  }

  /** The table, with the summary and filter line above it. */
  render(onFilter) {
    for (const row of this.rows) this.rowParts.set(row, { counts: new StateCounts(), matching: 0 });
    for (const cluster of this.clusters) this.clusterParts.set(cluster, { counts: new StateCounts() });
    for (const [id, item] of this.items) {
      const key = this.rowOf(item) + "\n" + item.cluster;
      if (!this.cells.has(key)) this.cells.set(key, { ids: [] });
      this.cells.get(key).ids.push(id);
      this.count(item, 1);
    }
    const body = document.createDocumentFragment();
    for (const row of this.rows) {
      const parts = this.rowParts.get(row);
      const tr = el("tr", { dataset: { row } }, el("th", { className: "row" }, row));
      for (const cluster of this.clusters) {
        const cell = this.cells.get(row + "\n" + cluster);
        const td = el("td", { className: "cell", dataset: { cluster } });
        if (cell) {
          cell.td = td;
          td.tabIndex = 0; // reachable with the keyboard: Enter opens it as a click does
          td.addEventListener("click", () => this.open(cell));
          td.addEventListener("keydown", event => { if (event.key === "Enter") this.open(cell); });
          this.paint(cell);
        } else {
          td.classList.add("none");
          td.textContent = "·";
        }
        tr.append(td);
      }
      parts.tr = tr;
      parts.ready = el("td", { className: "ready" });
      parts.state = el("td", { className: "state" });
      tr.append(parts.ready, parts.state);
      this.paintRow(parts);
      body.append(tr);
    }
    const footer = el("tr", {}, el("th", {}, "(worst)"));
    for (const cluster of this.clusters) {
      const parts = this.clusterParts.get(cluster);
      parts.td = el("td", { className: "worst" });
      this.paintCluster(parts);
      footer.append(parts.td);
    }
    footer.append(el("td"), el("td"));
    this.summary = el("p", { id: "summary" });
    this.shown = el("span", { id: "shown" });
    this.chooser = el("section", { id: "chooser", hidden: true });
    this.paintTotals();
    const head = el("tr", {}, el("th", {}, "APPLICATION"),
      this.clusters.map(cluster => el("th", { className: "cluster" }, el("a", { href: clusterHref(cluster) }, cluster))),
      el("th", {}, "READY"), el("th", {}, "STATE"));
    return el("div", { id: "fleet" },
      el("h1", {}, "Fleet"), this.summary, this.filterForm(onFilter),
      this.items.size === 0 ? el("p", { className: "empty" }, "No targets yet: the first cycle may not have finished.") : null,
      el("table", { className: "matrix" }, el("thead", {}, head), el("tbody", {}, body), el("tfoot", {}, footer)),
      this.chooser);
  }

  filterForm(onFilter) {
    const input = (id, value) => el("input", { id, type: "search", placeholder: "name contains", value });
    const app = input("filter-app", this.filters.app);
    const cluster = input("filter-cluster", this.filters.cluster);
    const state = el("select", { id: "filter-state" }, el("option", { value: "" }, "any"),
      STATES.map(name => el("option", { value: name }, name)));
    state.value = this.filters.state;
    const changed = () => {
      this.filters = { app: app.value, cluster: cluster.value, state: state.value };
      this.applyFilters();
      onFilter(this.filters);
    };
    for (const control of [app, cluster, state]) {
      control.addEventListener("input", changed);
      control.addEventListener("change", changed);
    }
    return el("form", { id: "filters", onsubmit: event => event.preventDefault() },
      el("label", {}, "Application ", app), el("label", {}, "Cluster ", cluster), el("label", {}, "State ", state),
      this.shown);
  }

  /** Adds (+1) or removes (-1) `item` from the counters of its row, its cluster and the fleet. */
  count(item, delta) {
    const parts = this.rowParts.get(this.rowOf(item));
    parts.counts.add(item.state, delta);
    this.clusterParts.get(item.cluster).counts.add(item.state, delta);
    this.totals.add(item.state, delta);
    if (this.matches(item)) { parts.matching += delta; this.matching += delta; }
  }

  paint(cell) {
    const targets = cell.ids.map(id => this.items.get(id));
    const worst = targets.reduce((worst, item) => stateRank(item.state) > stateRank(worst) ? item.state : worst, "Healthy");
    const td = cell.td;
    td.className = "cell " + worst;
    td.dataset.state = worst;
    td.textContent = SYMBOLS[worst];
    td.title = targets.map(item => item.application + ": " + item.syncStatus + ", " + item.health).join("\n");
    td.classList.toggle("dimmed", !targets.some(item => this.matches(item)));
  }

  paintRow(parts) {
    parts.ready.textContent = parts.counts.counts.Healthy + "/" + parts.counts.total;
    parts.state.textContent = parts.counts.worst || "Unknown";
    parts.tr.classList.toggle("hidden", parts.matching === 0);
  }

  paintCluster(parts) {
    const worst = parts.counts.worst;
    parts.td.textContent = worst ? SYMBOLS[worst] + " " + worst : "";
  }

  paintTotals() {
    this.summary.textContent = this.items.size + " targets on " + this.clusters.length + " clusters · "
      + STATES.map(state => this.totals.counts[state] + " " + state).join(" · ");
    this.shown.textContent = "showing " + this.matching + " of " + this.items.size + " targets";
  }

  applyFilters() {
    this.matching = 0;
    for (const parts of this.rowParts.values()) parts.matching = 0;
    for (const item of this.items.values()) {
      if (this.matches(item)) { this.rowParts.get(this.rowOf(item)).matching += 1; this.matching += 1; }
    }
    for (const cell of this.cells.values()) {
      cell.td.classList.toggle("dimmed", !cell.ids.some(id => this.matches(this.items.get(id))));
    }
    for (const parts of this.rowParts.values()) parts.tr.classList.toggle("hidden", parts.matching === 0);
    this.paintTotals();
  }

  /** Takes a reconciled target from the live events; false when it is new (a new row or column: render again). */
  update(incoming) {
    const id = targetId(incoming);
    const old = this.items.get(id);
    if (!old) return false;
    const item = { ...incoming, state: this.stateOf(incoming) };
    // A target that moved to another row (a child whose parent changed) renders again, before
    // any counter is touched.
    const row = this.rowOf(item);
    const cell = this.cells.get(row + "\n" + item.cluster);
    if (!cell || this.rowOf(old) !== row) return false;
    this.count(old, -1);
    this.items.set(id, item);
    this.count(item, 1);
    this.paint(cell);
    this.paintRow(this.rowParts.get(this.rowOf(item)));
    this.paintCluster(this.clusterParts.get(item.cluster));
    this.paintTotals();
    if (old.state !== item.state) {
      cell.td.classList.remove("flash");
      void cell.td.offsetWidth; // restarts the animation
      cell.td.classList.add("flash");
    }
    return true;
  }

  /** A cell's target page, or a choice when an ApplicationSet puts several targets on the cluster. */
  open(cell) {
    if (cell.ids.length === 1) {
      const item = this.items.get(cell.ids[0]);
      location.hash = targetHref(item.application, item.cluster);
      return;
    }
    const items = cell.ids.map(id => this.items.get(id));
    fill(this.chooser, el("h2", {}, "Targets of " + this.rowOf(items[0]) + " on " + items[0].cluster),
      el("ul", {}, items.map(item => el("li", {}, badge(item.state), " ",
        el("a", { href: targetHref(item.application, item.cluster) }, item.application)))));
    this.chooser.hidden = false;
  }

  /** Whether `items` are exactly the targets of this matrix (none added, none gone). */
  hasTargets(items) {
    return items.length === this.items.size && items.every(item => this.items.has(targetId(item)));
  }
}

/** The filters of a "#/?app=web&state=Degraded" route. */
function filtersFrom(query) {
  const wanted = new URLSearchParams(query);
  return { app: wanted.get("app") || "", cluster: wanted.get("cluster") || "", state: wanted.get("state") || "" };
}

/** The route of `filters`: "#/" followed by the non-empty ones. */
function routeOf(filters) {
  const query = new URLSearchParams();
  for (const key of ["app", "cluster", "state"]) if (filters[key]) query.set(key, filters[key]);
  const text = query.toString();
  return "#/" + (text ? "?" + text : "");
}
