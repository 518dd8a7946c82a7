// The HTTP API (/api/v1) and its live events. The session cookie (HttpOnly) authenticates;
// the CSRF token is kept in memory only and sent with every POST and DELETE.
"use strict";

/** An answer of the API other than 2xx: its status and the server's message. */
class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const api = {
  /** Who is signed in ({name, role, projects, csrfToken}), or null. */
  session: null,
  /** Called when the server answers 401 (the session ended or was revoked). */
  onSignedOut: () => {},

  async request(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && api.session) headers["X-CSRF-Token"] = api.session.csrfToken;
    let response;
    try {
      response = await fetch("/api/v1/" + path, {
        method, headers, credentials: "same-origin", cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, "the server cannot be reached (" + error.message + ")");
    }
    const text = await response.text();
    let document = null;
    try { document = text ? JSON.parse(text) : null; } catch (error) { document = null; }
    if (!response.ok) {
      const message = document && document.error && document.error.message
        ? document.error.message : (text.trim() || response.statusText || "request failed");
      if (response.status === 401 && path !== "session") api.onSignedOut();
      throw new ApiError(response.status, message);
    }
    return document;
  },

  get: path => api.request("GET", path),
  post: (path, body) => api.request("POST", path, body === undefined ? {} : body),

  /** The path of one target's resource: `targets/<application>/<cluster>[/<what>]`. */
  targetPath(application, cluster, what) {
    return "targets/" + encodeURIComponent(application) + "/" + encodeURIComponent(cluster) + (what ? "/" + what : "");
  },

  /** Signs in with `token`; the session (never the token) is kept. */
  async signIn(token) {
    api.session = await api.request("POST", "session", { token });
    return api.session;
  },

  /** The current session after a reload, or null. */
  async resume() {
    try {
      api.session = await api.request("GET", "session");
    } catch (error) {
      if (error.status !== 401) throw error;
      api.session = null;
    }
    return api.session;
  },

  async signOut() {
    try { await api.request("DELETE", "session"); } finally { api.session = null; }
  },

  /** May this session sync, refresh and roll back? */
  canOperate: () => Boolean(api.session && ["operator", "admin"].includes(api.session.role)),
};

/**
 * `GET /api/v1/events` as an EventSource: `onTarget(item)` per reconciled target, `onCycle(data)`
 * per finished cycle, `onState("live"|"connecting")`, `onClosed()` when the server refused the stream; after a lost connection it reconnects
 * (EventSource does, or a new one after a backoff when the browser gave up) and calls `onResync()`,
 * since events may have been missed meanwhile.
 */
class LiveEvents {
  constructor(handlers) {
    this.handlers = handlers;
    this.source = null;
    this.retry = 1000;
    this.timer = null;
    this.everOpened = false;
  }

  start() {
    this.stop();
    const source = new EventSource("/api/v1/events");
    this.source = source;
    this.handlers.onState("connecting");
    source.addEventListener("open", () => {
      this.retry = 1000;
      this.handlers.onState("live");
      if (this.everOpened) this.handlers.onResync();
      this.everOpened = true;
    });
    source.addEventListener("target", event => this.deliver(event, this.handlers.onTarget));
    source.addEventListener("cycle", event => this.deliver(event, this.handlers.onCycle));
    source.addEventListener("error", () => {
      this.handlers.onState("connecting");
      if (source.readyState === EventSource.CLOSED) {
        // The browser gives up on an answer that is not an event stream (401, 5xx): the session
        // may have ended (onClosed checks), else try again later.
        this.handlers.onClosed();
        this.timer = setTimeout(() => this.start(), this.retry);
        this.retry = Math.min(this.retry * 2, 30000);
      }
    });
  }

  deliver(event, handler) {
    let data;
    try { data = JSON.parse(event.data); } catch (error) { return; }
    handler(data);
  }

  stop() {
    clearTimeout(this.timer);
    if (this.source) this.source.close();
    this.source = null;
  }
}
