// The dashboard: sign-in, hash routes (#/ the matrix, #/targets/<app>/<cluster>, #/clusters/<name>,
// #/rollouts/<applicationSet>),
// the confirmation modal and the live event stream shared by every view.
"use strict";

const byId = id => document.getElementById(id);

const ui = {
  view: null,      // the page shown: a MatrixView, a TargetPage, a ClusterPage or a RolloutPage
  events: null,

  /** Shows `message` above the view (an error unless `kind` says otherwise); empty hides it. */
  notify(message, kind) {
    const notice = byId("notice");
    notice.textContent = message || "";
    notice.className = kind || "error";
    notice.hidden = !message;
  },

  /** A modal dialog; resolves true when confirmed, false when cancelled (button, Escape). */
  confirm(title, body, confirmLabel) {
    const modal = byId("modal");
    byId("modal-title").textContent = title;
    fill(byId("modal-body"), body);
    byId("modal-confirm").textContent = confirmLabel;
    modal.hidden = false;
    byId("modal-confirm").focus();
    return new Promise(resolve => {
      const close = answer => {
        modal.hidden = true;
        byId("modal-box").removeEventListener("submit", submit);
        byId("modal-cancel").removeEventListener("click", cancel);
        document.removeEventListener("keydown", escape);
        resolve(answer);
      };
      const submit = event => { event.preventDefault(); close(true); };
      const cancel = () => close(false);
      const escape = event => { if (event.key === "Escape") close(false); };
      byId("modal-box").addEventListener("submit", submit);
      byId("modal-cancel").addEventListener("click", cancel);
      document.addEventListener("keydown", escape);
    });
  },
};

/** The rollouts above the matrix (GET /api/v1/rollouts): a line per rollout under way, baking,
 * halted or aborted, its name a link to the rollout's page, with Resume and Abort for operators
 * (`RolloutActions`) and the result panel of those actions. */
class RolloutLines {
  constructor(ui) {
    this.lines = el("div", { id: "rollouts" });
    this.result = el("section", { id: "result", hidden: true });
    this.root = el("div", { id: "rollouts-box" }, this.lines, this.result);
    this.actions = new RolloutActions(ui, this.root, this.result, () => this.show());
    this.reading = null;
  }

  /** Reads the rollouts and draws their lines again. */
  async show() {
    let items;
    try { items = (await api.get("rollouts")).items || []; } catch (error) { return; }
    fill(this.lines, items.filter(rollout => ["progressing", "paused", "halted", "aborted"].includes(rollout.state))
      .map(rollout => this.line(rollout)));
  }

  /** Shows the rollouts again soon (once, however many calls): a target's run may have moved one. */
  showSoon() {
    clearTimeout(this.reading);
    this.reading = setTimeout(() => this.show(), 500);
  }

  line(rollout) {
    return el("p", { className: "rollout " + rollout.state, dataset: { applicationSet: rollout.applicationSet } },
      "Rollout ", el("a", { href: rolloutHref(rollout.applicationSet), className: "rollout-name" }, rollout.applicationSet),
      ": " + rollout.state + " at step " + rollout.step + "/" + rollout.stepCount
      + ", revision " + revisionsText(rollout.revision, rollout.revisions)
      + (rollout.state === "halted" ? " — " + rollout.haltedTarget + " " + rollout.haltReason : "")
      + (rollout.state === "paused" ? " (baking until " + when(rollout.pausedUntil) + ")" : ""),
      this.actions.buttons(rollout));
  }
}

/** The matrix page: the list read once, then kept current by the events. */
class MatrixView {
  constructor(filters) {
    this.filters = filters;
    this.root = el("div", { id: "matrix-view" }, el("p", { className: "muted" }, "Loading the fleet…"));
    this.rollouts = new RolloutLines(ui);
    this.matrix = null;
    this.reloading = null;
  }

  render() { this.load(); return this.root; }

  /** Reads the list and draws the matrix again. */
  async load() {
    try {
      this.show((await api.get("targets")).items || []);
    } catch (error) {
      if (error.status !== 401) fill(this.root, el("p", { className: "error" }, error.message));
    }
  }

  show(items) {
    this.matrix = new Matrix(items, this.filters);
    fill(this.root, this.rollouts.root, this.matrix.render(filters => {
      this.filters = filters;
      history.replaceState(null, "", routeOf(filters));
    }));
    this.rollouts.show();
    // When the table is built, then when it was painted (the benchmark reads both).
    this.root.dataset.builtAt = String(performance.now());
    requestAnimationFrame(() => setTimeout(() => { this.root.dataset.paintedAt = String(performance.now()); }, 0));
  }

  /** Reads the list again soon (once, however many calls): the same targets update their
   * cells in place; targets added or gone draw the matrix again. */
  reload() {
    clearTimeout(this.reloading);
    this.reloading = setTimeout(async () => {
      let items;
      try { items = (await api.get("targets")).items || []; } catch (error) { return; }
      if (!this.matrix || !this.matrix.hasTargets(items)) this.show(items);
      else for (const item of items) this.matrix.update(item);
    }, 500);
  }

  onTarget(item) {
    if (this.matrix && !this.matrix.update(item)) this.reload();
    if (item.applicationSet) this.rollouts.showSoon();
  }

  onCycle() { this.reload(); this.rollouts.show(); }
}

function route() {
  ui.notify("");
  const hash = location.hash || "#/";
  const [path, query] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean).map(part => { try { return decodeURIComponent(part); } catch (e) { return part; } });
  if (parts[0] === "targets" && parts.length === 3) ui.view = new TargetPage(parts[1], parts[2], ui);
  else if (parts[0] === "clusters" && parts.length === 2) ui.view = new ClusterPage(parts[1]);
  else if (parts[0] === "rollouts" && parts.length === 2) ui.view = new RolloutPage(parts[1], ui);
  else ui.view = new MatrixView(filtersFrom(query || ""));
  fill(byId("view"), ui.view.render());
  window.scrollTo(0, 0);
}

function showLive(state) {
  const live = byId("live");
  live.hidden = false;
  live.className = "live-" + state;
  live.textContent = state === "live" ? "● live" : "○ connecting…";
}

function signedIn() {
  const session = api.session;
  byId("who").textContent = session.name + " (" + session.role
    + (session.projects && session.projects.length ? ", projects " + session.projects.join(", ") : "") + ")";
  byId("sign-out").hidden = false;
  document.body.classList.remove("signed-out");
  ui.events = new LiveEvents({
    onState: showLive,
    onTarget: item => ui.view && ui.view.onTarget && ui.view.onTarget(item),
    onCycle: cycle => ui.view && ui.view.onCycle && ui.view.onCycle(cycle),
    onResync: () => ui.view && (ui.view.reload || ui.view.load).call(ui.view),
    onClosed: async () => {
      try {
        if (!await api.resume()) signedOut("Your session ended: sign in again.");
      } catch (error) { /* the server is down: the stream retries */ }
    },
  });
  ui.events.start();
  window.addEventListener("hashchange", route);
  route();
}

function signedOut(message) {
  if (ui.events) ui.events.stop();
  ui.events = null;
  ui.view = null;
  api.session = null;
  window.removeEventListener("hashchange", route);
  byId("who").textContent = "";
  byId("sign-out").hidden = true;
  byId("live").hidden = true;
  document.body.classList.add("signed-out");
  const token = el("input", { id: "token", type: "password", autocomplete: "off", spellcheck: "false",
    placeholder: "flt_…", required: true });
  const error = el("p", { id: "sign-in-error", className: "error", hidden: !message }, message || "");
  const form = el("form", { id: "sign-in" },
    el("h1", {}, "Sign in to Flotilla"),
    el("p", {}, "Paste a token made with ", el("code", {}, "flotilla token create NAME --role viewer|operator|admin"), "."),
    el("label", {}, "Token ", token), el("button", { type: "submit", className: "primary" }, "Sign in"), error);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    try {
      await api.signIn(token.value.trim());
      token.value = "";
      signedIn();
    } catch (failure) {
      token.value = "";
      error.textContent = failure.status === 401 ? "That token is not valid: mistyped, revoked or expired." : failure.message;
      error.hidden = false;
    }
  });
  fill(byId("view"), form);
  token.focus();
}

async function start() {
  api.onSignedOut = () => signedOut("Your session ended: sign in again.");
  byId("sign-out").addEventListener("click", async () => {
    try { await api.signOut(); } catch (error) { /* the session is gone either way */ }
    signedOut();
  });
  try {
    if (await api.resume()) signedIn(); else signedOut();
  } catch (error) {
    signedOut(error.message);
  }
}

start();
