import FleetModel

/// The edits that turn one Argo CD file into a Flotilla fleet file, gathered document by
/// document, with the documents the result must read as.
struct ArgoRewritePlan: Sendable {
    let text: SourceText
    let file: String
    private let spans: YAMLDocumentSpans
    private var edits: [SourceEdit] = []
    /// The documents the rewritten text must hold, in order.
    private(set) var expected: [JSONValue] = []
    var problems: [ImportFinding] = []
    var notes: [ImportFinding] = []

    init(text: SourceText, file: String) {
        self.text = text
        self.file = file
        spans = YAMLDocumentSpans(text)
    }

    /// The text with every edit applied.
    func rewrittenText() -> String { text.applying(edits) }

    /// Plans one document: ApplicationSets converted, Applications and AppProjects kept as
    /// written (Argo CD does not template them), anything else left out with a note.
    mutating func add(_ document: YAMLDocument) {
        let apiVersion = document.value["apiVersion"]?.stringValue ?? ""
        let kind = document.value["kind"]?.stringValue ?? ""
        let fleetGroup = FleetDocumentHeader.acceptedAPIVersions.contains(apiVersion)
        switch kind {
        case "ApplicationSet" where fleetGroup:
            convert(document)
        case "Application" where fleetGroup, "AppProject" where fleetGroup:
            expected.append(document.value)
        default:
            let span = spans.span(holding: document.location.line)
            edits.append(SourceEdit(range: spans.range(of: span, in: text), replacement: ""))
            let what = kind.isEmpty ? "a document without a kind" : "\(kind) (\(apiVersion))"
            notes.append(ImportFinding(document.location, "left out \(what): not an Argo CD fleet document"))
        }
    }

    private mutating func convert(_ document: YAMLDocument) {
        let conversion = ArgoDocumentConversion(applicationSet: document)
        expected.append(conversion.value)
        problems += conversion.keyProblems
        for path in conversion.unsupportedFields {
            problems.append(
                ImportFinding(
                    document.sourceMap.location(of: path), path: path,
                    "has no Flotilla equivalent (a Go template patch); write the fields into spec.template"))
        }
        // A string's actions are searched for up to where the next string starts (or the
        // document ends), so that text that differs from its value costs a bounded search.
        let starts = conversion.sites.map { site in
            let location = document.sourceMap.location(of: site.path)
            return text.offset(line: location.line, column: location.column) ?? 0
        }
        let documentEnd = spans.range(of: spans.span(holding: document.location.line), in: text).upperBound
        var limits = [Int](repeating: documentEnd, count: starts.count)
        for index in starts.indices.reversed().dropFirst() {
            let next = starts[index + 1]
            limits[index] = next > starts[index] ? next : next == starts[index] ? limits[index + 1] : documentEnd
        }
        for (index, site) in conversion.sites.enumerated() {
            plan(site, in: document.sourceMap, before: limits[index])
        }
        for path in conversion.droppedFields { commentOut(path, in: document.sourceMap) }
    }

    /// Finds each action of a string in the text, from where the string starts, and rewrites it.
    private mutating func plan(_ site: ArgoSite, in sourceMap: SourceMap, before limit: Int) {
        let start = sourceMap.location(of: site.path)
        for problem in site.problems { problems.append(ImportFinding(start, path: site.path, problem)) }
        var cursor = text.offset(line: start.line, column: start.column)
        for occurrence in site.occurrences {
            var location = start
            if let from = cursor, let found = text.find(occurrence.written, from: from, before: limit) {
                let position = text.position(of: found)
                location = SourceLocation(file: file, line: position.line, column: position.column)
                let end = found + occurrence.written.unicodeScalars.count
                if case .replace(let placeholder) = occurrence.outcome {
                    edits.append(SourceEdit(range: found..<end, replacement: placeholder))
                }
                cursor = end
            }
            switch occurrence.outcome {
            case .replace: break
            case .keep(let message): notes.append(ImportFinding(location, path: site.path, message))
            case .reject(let message): problems.append(ImportFinding(location, path: site.path, message))
            }
        }
    }

    /// Turns a dropped field's lines into comments (`# goTemplate: true`), so that every
    /// other line keeps its number.
    private mutating func commentOut(_ path: JSONPath, in sourceMap: SourceMap) {
        guard case .key(let key)? = path.components.last else { return }
        var line = sourceMap.location(of: path).line
        while line > 1, !text.line(line).trimmingPrefix(while: \.isWhitespace).hasPrefix(key + ":") { line -= 1 }
        let keyLine = text.line(line)
        let indent = keyLine.prefix(while: { $0 == " " }).count
        guard keyLine.dropFirst(indent).hasPrefix(key + ":") else { return }
        var last = line
        while last < text.lineCount {
            let next = text.line(last + 1)
            let nextIndent = next.prefix(while: { $0 == " " }).count
            let content = next.dropFirst(nextIndent)
            guard !content.isEmpty, nextIndent > indent || (nextIndent == indent && content.hasPrefix("- ")) else {
                break
            }
            last += 1
        }
        for commented in line...last {
            let offset = text.lineStarts[commented - 1] + text.line(commented).prefix(while: { $0 == " " }).count
            edits.append(SourceEdit(range: offset..<offset, replacement: "# "))
        }
    }
}
