// A rollout's page (#/rollouts/<applicationSet>): where it stands, each step's targets with their
// sync and health, Resume and Abort; and those two actions as the rollout lines above the matrix use them.
"use strict";

/** The hash route of one rollout's page. */
function rolloutHref(applicationSet) {
  return "#/rollouts/" + encodeURIComponent(applicationSet);
}

/** "web: halted at step 1/2, revision 0123456789ab": one line of where a rollout stands (text). */
function rolloutSummary(rollout) {
  return rollout.state + " at step " + rollout.step + "/" + rollout.stepCount
    + ", revision " + revisionsText(rollout.revision, rollout.revisions);
}

/**
 * Resume (halted, aborted) and Abort (progressing, paused, halted) of a rollout, for operators:
 * the confirmation, the request through `runAction` (buttons of `root` disabled meanwhile, the
 * outcome in `panel`), then `after()` to read the rollout again.
 */
class RolloutActions {
  constructor(ui, root, panel, after) {
    this.ui = ui;
    this.root = root;
    this.panel = panel;
    this.after = after;
    this.acting = false;
  }

  /** The buttons `rollout`'s state allows (disabled, with why, for viewers and during an action). */
  buttons(rollout) {
    const operate = api.canOperate();
    const why = operate ? null : "your role (" + (api.session ? api.session.role : "none") + ") cannot change rollouts";
    const button = (action, label, states) => states.includes(rollout.state) ? el("button", {
      type: "button", className: "rollout-" + action, disabled: !operate || this.acting, title: why,
      onclick: () => this[action](rollout),
    }, label) : null;
    return [button("resume", "Resume", ["halted", "aborted"]), button("abort", "Abort", ["progressing", "paused", "halted"])];
  }

  async resume(rollout) {
    if (!await this.ui.confirm("Resume rollout " + rollout.applicationSet + "?", [
      el("p", {}, "Go on from step " + rollout.step + "/" + rollout.stepCount + " at revision ",
        el("code", {}, revisionsText(rollout.revision, rollout.revisions)), ": the targets of the steps up to it that differ from Git "
        + "are synced again, then the later steps follow (or it halts again)."),
    ], "Resume")) return;
    await this.act("resume", rollout, answer => this.outcome("Resume", answer));
  }

  async abort(rollout) {
    if (!await this.ui.confirm("Abort rollout " + rollout.applicationSet + "?", [
      el("p", {}, "Sync the targets it reached (steps 1–" + rollout.step + ") back to ",
        el("code", {}, revisionsText(rollout.lastHealthyRevision, rollout.lastHealthyRevisions)),
        rollout.lastHealthyRevision ? ", the last revision healthy everywhere; " : ", each the one it was last healthy at; ",
        el("code", {}, revisionsText(rollout.revision, rollout.revisions)), " is not synced again until a new commit or Resume."),
    ], "Abort")) return;
    await this.act("abort", rollout, answer => this.outcome("Abort", answer));
  }

  async act(action, rollout, view) {
    this.acting = true;
    try {
      await runAction(this.root, this.panel, action,
        () => api.post("rollouts/" + encodeURIComponent(rollout.applicationSet) + "/" + action, {}), view);
    } finally {
      this.acting = false;
    }
    this.after();
  }

  /** What Resume or Abort did: where the rollout stands now, and each target's run. */
  outcome(title, answer) {
    const rollout = answer.rollout;
    const results = answer.results || [];
    const failed = results.some(item => !item.result.succeeded);
    return [
      el("h2", { className: failed ? "failed" : "ok" }, title + " of rollout " + rollout.applicationSet
        + (failed ? " failed" : " done")
        + (answer.revisions ? ": back to " + revisionsText(answer.revision, answer.revisions) : "")),
      el("p", {}, "Rollout " + rollout.applicationSet + " is " + rollout.state + " at step " + rollout.step + "/"
        + rollout.stepCount + (rollout.state === "halted" ? " — " + rollout.haltedTarget + " " + rollout.haltReason : "") + "."),
      results.length === 0 ? null : table(["Target", "Result", "Sync", "Health", "Message"], results.map(item => [
        item.application + " on " + item.cluster,
        el("span", { className: item.result.succeeded ? "ok" : "failed" }, item.result.succeeded ? "succeeded" : "failed"),
        item.result.syncStatus, item.result.health, item.result.message || "",
      ]), "list results"),
    ];
  }
}

/** One rollout (GET /api/v1/rollouts/<applicationSet>): its header, Resume and Abort, a table per
 * step; read again when one of its targets is reconciled or a cycle ends. */
class RolloutPage {
  constructor(applicationSet, ui) {
    this.applicationSet = applicationSet;
    this.rollout = null;
    this.root = el("div", { id: "rollout-page" });
    this.header = el("div", { id: "rollout-header" });
    this.buttons = el("div", { id: "actions" });
    this.result = el("section", { id: "result", hidden: true });
    this.summary = el("section", { id: "rollout-summary" });
    this.steps = el("section", { id: "rollout-steps" });
    append(this.root, [this.header, this.buttons, this.result, this.summary, this.steps]);
    this.actions = new RolloutActions(ui, this.root, this.result, () => this.load());
    this.reloading = null;
  }

  render() {
    fill(this.header, el("h1", {}, "Rollout ", this.applicationSet));
    this.load();
    return this.root;
  }

  async load() {
    let rollout;
    try {
      rollout = await api.get("rollouts/" + encodeURIComponent(this.applicationSet));
    } catch (error) {
      if (error.status !== 401) fill(this.summary, el("p", { className: "error" }, error.message));
      fill(this.steps);
      return;
    }
    this.show(rollout);
  }

  show(rollout) {
    this.rollout = rollout;
    this.root.dataset.state = rollout.state;
    fill(this.buttons, this.actions.buttons(rollout));
    const perTarget = Object.entries(rollout.revisions || {});
    fill(this.summary, properties([
      ["State", el("span", { className: "rollout-state " + rollout.state }, rolloutSummary(rollout))],
      ["Revision", rollout.revision || perTarget.length === 0 ? el("code", {}, rollout.revision || "-")
        : el("ul", { className: "revisions" }, perTarget.map(([target, revision]) =>
          el("li", {}, target + ": ", el("code", {}, shortRevision(revision)))))],
      ["Last healthy", el("code", {}, rollout.lastHealthyRevision || (Object.keys(rollout.lastHealthyRevisions || {}).length
        ? "per target" : "-"))],
      ["Halted by", rollout.state === "halted" || rollout.haltedTarget ? this.haltedBy(rollout) : null],
      ["Baking until", rollout.state === "paused" ? when(rollout.pausedUntil) : null],
      ["Updated", when(rollout.updatedAt)],
    ]));
    const steps = rollout.steps || [];
    fill(this.steps, steps.length === 0
      ? el("p", { className: "empty" }, "The steps are shown once serve has read the fleet's strategy.")
      : steps.map(step => this.step(step, steps.length, rollout)));
  }

  /** "web-s1 on s1: Degraded …", the target a link to its page. */
  haltedBy(rollout) {
    const target = rollout.haltedTarget || "";
    const at = target.lastIndexOf("@");
    const link = at > 0 ? el("a", { href: targetHref(target.slice(0, at), target.slice(at + 1)) }, target) : target;
    return el("span", { id: "halt" }, link, rollout.haltReason ? ": " + rollout.haltReason : "");
  }

  step(step, count, rollout) {
    const halting = rollout.haltedTarget;
    return el("div", { className: "rollout-step " + step.state, dataset: { step: String(step.number), state: step.state } },
      el("h2", {}, "Step " + step.number + "/" + count + ": " + step.title + " ",
        el("span", { className: "step-state " + step.state }, step.state)),
      el("p", { className: "muted" }, "max update " + step.maxUpdate + ", max unavailable " + step.maxUnavailable
        + (step.pauseAfter && step.pauseAfter !== "0s" ? ", bake " + step.pauseAfter : "")),
      step.targets.length === 0 ? el("p", { className: "empty" }, "No target matches this step.") :
        table(["Application", "Cluster", "Project", "Sync", "Health", "Rollout revision", "Last synced"],
          step.targets.map(target => [
            el("a", { href: targetHref(target.application, target.cluster),
              className: target.application + "@" + target.cluster === halting ? "halting" : null }, target.application),
            el("a", { href: clusterHref(target.cluster) }, target.cluster),
            target.project,
            el("span", { className: "sync " + (target.syncStatus || "Unknown") }, target.syncStatus || "-"),
            healthCell(target.health),
            el("code", {}, shortRevision(target.revision)),
            el("code", {}, shortRevision(target.lastSyncRevision)),
          ]), "list step-targets"));
  }

  /** Reads the rollout again soon (once, however many events). */
  reload() {
    clearTimeout(this.reloading);
    this.reloading = setTimeout(() => this.load(), 300);
  }

  /** A live event: one of its targets was reconciled (the rollout may have moved). */
  onTarget(item) { if (item.applicationSet === this.applicationSet) this.reload(); }

  onCycle() { this.reload(); }
}

/** A target's health in the matrix cell colours: Missing and Suspended as Degraded and Progressing. */
function healthCell(health) {
  if (!health) return "-";
  const colour = { Missing: "Degraded", Suspended: "Progressing" }[health] || (STATES.includes(health) ? health : "Unknown");
  return el("span", { className: "badge " + colour, dataset: { health } }, health);
}
