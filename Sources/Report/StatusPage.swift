import FleetModel
import Foundation
import Registry

/// The fleet as one self-contained HTML page (no network, no external files): the matrix
/// with one coloured cell per Application × cluster, filters by Application, cluster and
/// state, and each target's detail (sync, health, revision, last sync and its objects) on
/// click. The matrix and counts are plain HTML, so the page reads without scripts; the
/// script only filters and shows details, from the same document `-o json` prints.
public struct StatusPage: Sendable {
    let report: StatusReport
    let generatedAt: Date

    /// A page of `report`, stamped `generatedAt`.
    public init(_ report: StatusReport, generatedAt: Date) {
        self.report = report
        self.generatedAt = generatedAt
    }

    /// The page.
    public func html() -> String {
        let states = report.states
        let grid = StatusGrid(states)
        let clusters = grid.clusters
        var page = Self.head
        page += "<header><h1>Fleet status</h1>\n"
        page += "<p id=\"summary\">\(Self.escaped(summary(clusters: clusters.count)))</p>\n"
        page += "<p class=\"generated\">generated \(generatedAt.formatted(StatusReport.timestamp))</p></header>\n"
        page += Self.filters(total: states.count)
        page += "<table class=\"matrix\"><thead><tr><th>APPLICATION</th>"
        page += clusters.map { "<th class=\"cluster\">\(Self.escaped($0))</th>" }.joined()
        page += "<th>READY</th><th>STATE</th></tr></thead>\n<tbody>\n"
        for row in grid.rows {
            let summary = grid.summary(of: row)
            page += "<tr data-row=\"\(Self.escaped(row))\"><th>\(Self.escaped(row))</th>"
            for cluster in clusters {
                page += Self.cell(grid.targets(row, on: cluster).map { ($0, states[$0]) })
            }
            page +=
                "<td class=\"ready\">\(summary.ready)/\(summary.total)</td>"
                + "<td class=\"state\">\(summary.worst.rawValue)</td></tr>\n"
        }
        page += "</tbody>\n<tfoot><tr><th>(worst)</th>"
        for cluster in clusters {
            let worst = grid.worst(onCluster: cluster)
            page += "<td class=\"worst\">\(worst.map { "\($0.symbol) \($0.rawValue)" } ?? "")</td>"
        }
        page += "<td></td><td></td></tr></tfoot></table>\n"
        page += failing()
        page += "<section id=\"detail\" hidden></section>\n"
        page += "<script type=\"application/json\" id=\"fleet\">\(Self.embedded(report.document()))</script>\n"
        page += "<script>\(Self.script)</script>\n</body>\n</html>\n"
        return page
    }

    /// "12 targets on 4 clusters · 9 ready · 1 Progressing · …", every state named.
    func summary(clusters: Int) -> String {
        let cells = report.states.map(TargetCell.init)
        let counts = TargetCell.allCases.map { state in "\(cells.filter { $0 == state }.count) \(state.rawValue)" }
        return "\(cells.count) targets on \(clusters) clusters · " + counts.joined(separator: " · ")
    }

    private static func cell(_ targets: [(index: Int, state: TargetState)]) -> String {
        guard let worst = targets.map({ TargetCell($0.state) }).max() else {
            return "<td class=\"cell none\">·</td>"
        }
        let ids = targets.map { String($0.index) }.joined(separator: " ")
        let title = targets.map { "\($0.state.application): \($0.state.syncStatus), \($0.state.health)" }
            .joined(separator: "\n")
        return "<td class=\"cell \(worst.rawValue)\" data-targets=\"\(ids)\" title=\"\(escaped(title))\">"
            + "\(worst.symbol)</td>"
    }

    private func failing() -> String {
        let failing = report.states.filter { TargetCell($0) != .healthy }
        guard !failing.isEmpty else { return "" }
        var section = "<section id=\"failing\"><h2>Not Synced and Healthy (\(failing.count))</h2><ul>\n"
        for state in failing {
            let why = state.message.isEmpty ? state.healthMessage : state.message
            section +=
                "<li><b>\(Self.escaped(state.application))@\(Self.escaped(state.cluster))</b>: "
                + "\(Self.escaped(state.syncStatus.rawValue)), \(Self.escaped(state.health.rawValue))"
                + (why.isEmpty ? "" : ": \(Self.escaped(why))") + "</li>\n"
        }
        return section + "</ul></section>\n"
    }

    private static func filters(total: Int) -> String {
        let options = TargetCell.allCases.map { "<option>\($0.rawValue)</option>" }.joined()
        return """
            <form id="filters" onsubmit="return false">
            <label>Application <input id="filter-app" type="search" placeholder="name contains"></label>
            <label>Cluster <input id="filter-cluster" type="search" placeholder="name contains"></label>
            <label>State <select id="filter-state"><option value="">any</option>\(options)</select></label>
            <span id="shown">showing \(total) of \(total) targets</span>
            </form>

            """
    }

    /// The JSON document made safe inside a `<script>` element.
    private static func embedded(_ document: JSONValue) -> String {
        JSONWriter.compact(document).replacingOccurrences(of: "<", with: "\\u003c")
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    // Cell colours are exact and cells are apart (border-spacing), so that a screenshot can be
    // counted cell by cell; the per-cluster row and the STATE column carry no fill.
    private static let head = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Flotilla — fleet status</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1b1f24; background: #ffffff; }
        h1 { font-size: 20px; margin: 0 0 4px; }
        .generated { color: #57606a; font-size: 12px; margin: 0 0 12px; }
        #filters { display: flex; gap: 16px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; }
        table.matrix { border-collapse: separate; border-spacing: 3px; }
        table.matrix th { text-align: left; font-weight: 600; padding: 2px 8px 2px 0; white-space: nowrap; }
        table.matrix th.cluster { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left;
          padding: 4px 0; font-weight: 500; }
        td.cell { width: 40px; height: 28px; min-width: 40px; padding: 0; box-sizing: border-box;
          text-align: center; color: #ffffff; font-weight: 700; cursor: pointer; }
        td.cell.none { color: #8c959f; cursor: default; }
        td.Healthy { background: #1a7f37; }
        td.Progressing { background: #0969da; }
        td.OutOfSync { background: #bf8700; }
        td.Degraded { background: #cf222e; }
        td.Unknown { background: #6e7781; }
        td.cell.selected { outline: 3px solid #1b1f24; }
        td.ready, td.state, td.worst { padding: 0 8px; white-space: nowrap; color: #1b1f24; }
        tr.hidden, td.dimmed { visibility: hidden; }
        #failing li { margin: 2px 0; }
        #detail { margin-top: 16px; border: 1px solid #d0d7de; padding: 12px; max-width: 960px; }
        #detail table { border-collapse: collapse; }
        #detail td, #detail th { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; }
        </style>
        </head>
        <body>

        """

    // Filters hide rows and dim cells that do not match; a URL fragment such as
    // #state=Degraded&app=web sets the filters, so a view can be linked.
    private static let script = """
        const fleet = JSON.parse(document.getElementById("fleet").textContent);
        const byId = id => document.getElementById(id);
        const text = value => { const span = document.createElement("span"); span.textContent = value; return span.innerHTML; };
        function applyFilters() {
          const app = byId("filter-app").value.toLowerCase();
          const cluster = byId("filter-cluster").value.toLowerCase();
          const state = byId("filter-state").value;
          let shown = 0;
          for (const row of document.querySelectorAll("table.matrix tbody tr")) {
            let rowShown = 0;
            for (const cell of row.querySelectorAll("td.cell[data-targets]")) {
              const ids = cell.dataset.targets.split(" ").map(Number).filter(i => {
                const item = fleet.items[i];
                return item.application.toLowerCase().includes(app) && item.cluster.toLowerCase().includes(cluster)
                  && (state === "" || item.state === state);
              });
              cell.classList.toggle("dimmed", ids.length === 0);
              rowShown += ids.length;
            }
            row.classList.toggle("hidden", rowShown === 0);
            shown += rowShown;
          }
          byId("shown").textContent = "showing " + shown + " of " + fleet.items.length + " targets";
        }
        function showDetail(cell) {
          document.querySelectorAll("td.cell.selected").forEach(c => c.classList.remove("selected"));
          cell.classList.add("selected");
          const detail = byId("detail");
          detail.hidden = false;
          detail.innerHTML = cell.dataset.targets.split(" ").map(Number).map(i => {
            const item = fleet.items[i];
            const sync = item.lastSync;
            const objects = sync ? sync.objects.map(o => "<tr><td>" + text(o.object) + "</td><td>" + text(o.result)
              + "</td><td>" + text(o.message) + "</td></tr>").join("") : "";
            return "<h2>" + text(item.application) + " on " + text(item.cluster) + "</h2><table>"
              + "<tr><th>State</th><td>" + text(item.state) + "</td></tr>"
              + "<tr><th>Sync</th><td>" + text(item.syncStatus) + "</td></tr>"
              + "<tr><th>Health</th><td>" + text(item.health) + (item.healthMessage ? ": " + text(item.healthMessage) : "") + "</td></tr>"
              + "<tr><th>Revision</th><td>" + text(item.revision || "-") + "</td></tr>"
              + "<tr><th>Last sync</th><td>" + (sync ? text(sync.at) + (sync.succeeded ? " succeeded" : " failed") : "-") + "</td></tr>"
              + (item.message ? "<tr><th>Message</th><td>" + text(item.message) + "</td></tr>" : "")
              + "</table>" + (objects ? "<table><tr><th>Object</th><th>Result</th><th>Message</th></tr>" + objects + "</table>" : "");
          }).join("");
        }
        for (const cell of document.querySelectorAll("td.cell[data-targets]")) {
          cell.addEventListener("click", () => showDetail(cell));
        }
        for (const id of ["filter-app", "filter-cluster", "filter-state"]) {
          byId(id).addEventListener("input", applyFilters);
        }
        const wanted = new URLSearchParams(location.hash.slice(1));
        byId("filter-app").value = wanted.get("app") || "";
        byId("filter-cluster").value = wanted.get("cluster") || "";
        byId("filter-state").value = wanted.get("state") || "";
        applyFilters();
        """
}
