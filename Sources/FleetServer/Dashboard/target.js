// One target's page: its state, objects, live diff, last sync, history; Sync, Refresh, Rollback.
"use strict";

class TargetPage {
  constructor(application, cluster, ui) {
    this.application = application;
    this.cluster = cluster;
    this.ui = ui;
    this.item = null;
    this.root = el("div", { id: "target" });
    this.header = el("div", { id: "target-header" });
    this.actions = el("div", { id: "actions" });
    this.result = el("section", { id: "result", hidden: true });
    this.summary = el("section", { id: "target-summary" });
    this.objects = el("section", { id: "objects" });
    this.diff = el("section", { id: "diff" });
    this.lastSync = el("section", { id: "last-sync" });
    this.history = el("section", { id: "history" });
    append(this.root, [this.header, this.actions, this.result, this.summary, this.objects, this.diff,
      this.lastSync, this.history]);
    this.reloading = null;
    this.diffBusy = false;
  }

  path(what) { return api.targetPath(this.application, this.cluster, what); }

  /** The page, filled once the target is read. */
  render() {
    fill(this.header, el("h1", {}, this.application, el("span", { className: "on" }, " on "),
      el("a", { href: clusterHref(this.cluster) }, this.cluster)));
    this.renderActions();
    this.load();
    return this.root;
  }

  async load() {
    let detail;
    try {
      detail = await api.get(this.path());
    } catch (error) {
      fill(this.summary, el("p", { className: "error" }, error.message));
      return;
    }
    const previous = this.item;
    this.show(detail);
    const changed = !previous || previous.syncStatus !== detail.target.syncStatus
      || previous.revision !== detail.target.revision || previous.health !== detail.target.health;
    if (changed || this.diffBusy) this.loadDiff();
  }

  show(detail) {
    const item = detail.target;
    this.item = item;
    const hold = item.hold ? "rolled back to " + shortRevision(item.hold.rolledBackTo) + " since " + when(item.hold.since)
      + "; automated sync paused until a sync" : null;
    fill(this.summary, properties([
      ["State", badge(item.state)],
      ["Sync", item.syncStatus],
      ["Health", item.health + (item.healthMessage ? ": " + item.healthMessage : "")],
      ["Revision", el("code", {}, item.revision || "-")],
      ["Project", item.project],
      ["Sync policy", item.automated ? "automated" : "manual"],
      ["Running", item.running ? "a sync or comparison is running" : null],
      ["Held", hold],
      ["Message", item.message],
      ["Reconciled", when(item.reconciledAt)],
    ]));
    this.summary.dataset.state = item.state;
    this.summary.dataset.sync = item.syncStatus;
    this.showObjects(detail.objects || []);
    this.showLastSync(item.lastSync);
    this.showHistory(detail.history || []);
  }

  showObjects(objects) {
    fill(this.objects, el("h2", {}, "Objects (" + objects.length + ")"),
      objects.length === 0 ? el("p", { className: "empty" }, "No objects compared yet.") :
        table(["Kind", "Namespace/Name", "Sync", "Health", "Action"], objects.map(object => [
          object.kind,
          (object.namespace ? object.namespace + "/" : "") + object.name,
          el("span", { className: "sync " + object.status }, object.status),
          object.health ? object.health + (object.healthMessage ? ": " + object.healthMessage : "") : "-",
          object.action + (object.reason ? ": " + object.reason : ""),
        ]), "list objects"));
  }

  async loadDiff() {
    if (!this.item || this.item.syncStatus !== "OutOfSync") {
      fill(this.diff, el("h2", {}, "Diff"), el("p", { className: "empty" }, "Nothing to change: the live objects match Git."));
      return;
    }
    fill(this.diff, el("h2", {}, "Diff"), el("p", { className: "empty" }, "Comparing…"));
    this.diffBusy = false;
    try {
      const diff = await api.get(this.path("diff"));
      fill(this.diff, el("h2", {}, "Diff at " + shortRevision(diff.revision)), changesView(diff.changes || []));
    } catch (error) {
      this.diffBusy = error.status === 409; // read again when the next event says the sync ended
      fill(this.diff, el("h2", {}, "Diff"), el("p", { className: "error" },
        (error.status === 409 ? "busy: " : "") + error.message));
    }
  }

  showLastSync(sync) {
    if (!sync) { fill(this.lastSync, el("h2", {}, "Last sync"), el("p", { className: "empty" }, "Never synced.")); return; }
    fill(this.lastSync, el("h2", {}, "Last sync: " + (sync.succeeded ? "succeeded" : "failed") + ", " + when(sync.at)
      + " at " + shortRevision(sync.revision)), outcomesView(sync.objects || []));
  }

  showHistory(entries) {
    const operate = api.canOperate();
    fill(this.history, el("h2", {}, "History"),
      entries.length === 0 ? el("p", { className: "empty" }, "No syncs recorded.") :
        table(["ID", "Revision", "Started", "Finished", "Initiated by", "Result", "Message", ""], entries.map(entry => [
          String(entry.id),
          el("code", {}, shortRevision(entry.revision)),
          when(entry.startedAt), when(entry.finishedAt),
          entry.initiatedBy || "-",
          el("span", { className: entry.succeeded ? "ok" : "failed" }, entry.succeeded ? "succeeded" : "failed"),
          entry.message || "",
          el("button", {
            type: "button", className: "rollback", disabled: !operate || !entry.revision,
            title: operate ? (entry.revision ? "roll back to " + entry.revision : "no revision recorded")
              : "your role (" + api.session.role + ") cannot roll back",
            dataset: { id: String(entry.id) }, onclick: () => this.rollback(entry),
          }, "Rollback"),
        ]), "list history"));
  }

  renderActions() {
    const operate = api.canOperate();
    const why = operate ? null : "your role (" + (api.session ? api.session.role : "none") + ") cannot change targets";
    fill(this.actions,
      el("button", { id: "sync", type: "button", className: "primary", disabled: !operate, title: why, onclick: () => this.sync() }, "Sync"),
      el("button", { id: "refresh", type: "button", disabled: !operate, title: why, onclick: () => this.refresh() }, "Refresh"),
      operate ? null : el("span", { className: "muted" }, why));
  }

  async sync() {
    const prune = el("input", { type: "checkbox", id: "sync-prune" });
    const dryRun = el("input", { type: "checkbox", id: "sync-dry-run" });
    const confirmed = await this.ui.confirm("Sync " + this.application + " on " + this.cluster + "?", [
      el("p", {}, "Apply the objects of " + (this.item && this.item.revision ? shortRevision(this.item.revision) : "Git") + " to the cluster."),
      el("label", {}, prune, " Prune: delete live objects that Git no longer has"),
      el("label", {}, dryRun, " Dry run: only show what would change"),
    ], "Sync");
    if (!confirmed) return;
    await this.act("sync", { prune: prune.checked, dryRun: dryRun.checked }, answer => answer.changes
      ? [el("h2", {}, "Dry run: what a sync would change"), changesView(answer.changes)]
      : resultView("Sync", answer.result));
  }

  async refresh() {
    if (!await this.ui.confirm("Refresh " + this.application + " on " + this.cluster + "?", [
      el("p", {}, "Compare it with Git now" + (this.item && this.item.automated ? " (and sync it: its policy is automated)." : ".")),
    ], "Refresh")) return;
    await this.act("refresh", {}, () => [el("p", {}, "Refresh requested; the result arrives live.")]);
  }

  async rollback(entry) {
    const prune = el("input", { type: "checkbox", id: "rollback-prune" });
    const confirmed = await this.ui.confirm("Roll back " + this.application + " on " + this.cluster + "?", [
      el("p", {}, "Apply revision ", el("code", {}, shortRevision(entry.revision)), " (history entry " + entry.id + ")."
        + (this.item && this.item.automated ? " Its automated sync is paused until the next sync." : "")),
      el("label", {}, prune, " Prune: delete live objects that revision does not have"),
    ], "Rollback");
    if (!confirmed) return;
    await this.act("rollback", { id: entry.id, prune: prune.checked }, answer =>
      resultView("Rollback to " + shortRevision(answer.revision), answer.result));
  }

  /** POSTs `action`, shows its answer (or its error: 409 busy, 403 role), then reads the target again. */
  async act(action, body, view) {
    await runAction(this.root, this.result, action, () => api.post(this.path(action), body), view);
    this.load();
  }

  /** A live event: this target was reconciled. */
  onTarget(item) {
    if (item.application !== this.application || item.cluster !== this.cluster) return;
    clearTimeout(this.reloading);
    this.reloading = setTimeout(() => this.load(), 200);
  }
}

/**
 * Carries out an action of a page: `root`'s buttons disabled meanwhile, `panel` saying
 * "<action> running…", then `view(answer)` of what `request()` answered (`data-outcome` "ok") or
 * the error a user can act on (409 busy, 403 role; `data-outcome` "error").
 */
async function runAction(root, panel, action, request, view) {
  const buttons = root.querySelectorAll("button");
  buttons.forEach(button => { button.dataset.wasDisabled = button.disabled; button.disabled = true; });
  delete panel.dataset.outcome;
  fill(panel, el("p", { className: "muted" }, action + " running…"));
  panel.hidden = false;
  try {
    const answer = await request();
    fill(panel, view(answer));
    panel.dataset.outcome = "ok";
  } catch (error) {
    fill(panel, el("p", { className: "error" }, errorText(action, error)));
    panel.dataset.outcome = "error";
  } finally {
    buttons.forEach(button => { button.disabled = button.dataset.wasDisabled === "true"; });
  }
}

/** "Sync refused (403): …" — what an action's error says, with the status a user can act on. */
function errorText(action, error) {
  const what = { 403: "not allowed", 409: "busy", 404: "not found", 401: "signed out" }[error.status];
  return action + " " + (what ? what + " (" + error.status + ")" : "failed" + (error.status ? " (" + error.status + ")" : ""))
    + ": " + error.message;
}

/** A sync's result: succeeded or failed, its message and one line per object. */
function resultView(title, result) {
  if (!result) return [el("p", {}, title + " done.")];
  return [el("h2", { className: result.succeeded ? "ok" : "failed" }, title + (result.succeeded ? " succeeded" : " failed")),
    result.message ? el("p", {}, result.message) : null, outcomesView(result.outcomes || [])];
}

/** Per-object results of a sync. */
function outcomesView(outcomes) {
  return outcomes.length === 0 ? el("p", { className: "empty" }, "No objects.") :
    table(["Object", "Result", "Message"], outcomes.map(outcome => [outcome.object, outcome.result, outcome.message || ""]),
      "list outcomes");
}

/** The changes of a diff: each object with its action and its unified diff, line by line. */
function changesView(changes) {
  if (changes.length === 0) return el("p", { className: "empty" }, "No changes: the live objects match Git.");
  return el("div", { className: "changes" }, changes.map(change => el("div", { className: "change" },
    el("h3", {}, change.object + " ", el("span", { className: "action" }, change.action)),
    change.diff ? el("pre", { className: "diff" }, String(change.diff).split("\n").map(line => el("span", {
      className: line.startsWith("+") && !line.startsWith("+++") ? "add"
        : line.startsWith("-") && !line.startsWith("---") ? "del" : line.startsWith("@@") ? "hunk" : "",
    }, line + "\n"))) : null)));
}
