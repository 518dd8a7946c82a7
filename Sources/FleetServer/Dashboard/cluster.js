// One cluster's page: reachable, version, latency, watches, labels, and its targets.
"use strict";

class ClusterPage {
  constructor(name) {
    this.name = name;
    this.root = el("div", { id: "cluster" });
    this.reloading = null;
  }

  render() {
    fill(this.root, el("h1", {}, "Cluster " + this.name), el("p", { className: "muted" }, "Loading…"));
    this.load();
    return this.root;
  }

  async load() {
    let answer;
    try {
      answer = await api.get("clusters/" + encodeURIComponent(this.name));
    } catch (error) {
      fill(this.root, el("h1", {}, "Cluster " + this.name), el("p", { className: "error" }, error.message));
      return;
    }
    const cluster = answer.cluster;
    const reachable = cluster.reachable === true ? "yes" : cluster.reachable === false ? "no" : "not checked yet";
    const labels = Object.entries(cluster.labels || {}).map(([key, value]) => key + "=" + value).join(", ");
    const watches = cluster.watches ? cluster.watches.active + " active of " + cluster.watches.kinds + " kinds" : "-";
    const targets = answer.targets || [];
    fill(this.root, el("h1", {}, "Cluster " + cluster.name),
      properties([
        ["Server", el("code", {}, cluster.server)],
        ["Reachable", el("span", { className: "reachable-" + reachable.split(" ")[0] }, reachable)],
        ["Version", cluster.version || "-"],
        ["Latency", cluster.latencyMs === null || cluster.latencyMs === undefined ? "-" : cluster.latencyMs + " ms"],
        ["Watches", watches],
        ["Labels", labels || "-"],
        ["Targets", cluster.targets ? cluster.targets.ready + " ready of " + cluster.targets.total : "-"],
      ]),
      el("h2", {}, "Targets (" + targets.length + ")"),
      table(["Application", "State", "Sync", "Health", "Revision"], targets.map(item => [
        el("a", { href: targetHref(item.application, item.cluster) }, item.application),
        badge(item.state), item.syncStatus, item.health, el("code", {}, shortRevision(item.revision)),
      ]), "list cluster-targets"));
  }

  onTarget(item) {
    if (item.cluster !== this.name) return;
    clearTimeout(this.reloading);
    this.reloading = setTimeout(() => this.load(), 300);
  }
}
