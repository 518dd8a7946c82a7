import FleetModel
import FuzzSupport
import Generators

/// `<<param>>` templates: the input's first line is a list element's value, the rest a
/// template string placed in an ApplicationSet, expanded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let value = JSONWriter.compact(.string(String(parts.first ?? "")))
    let template = JSONWriter.compact(.string(parts.count > 1 ? String(parts[1]) : ""))
    let yaml = """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: fuzz}
        spec:
          generators: [{list: {elements: [{v: \(value), n: {a: [1, 2]}}]}}]
          template:
            metadata: {name: 'app', labels: {x: \(template)}}
            spec:
              project: default
              source: {repoURL: 'https://example.com/r.git', path: \(template)}
              destination: {server: 'https://k', namespace: ns}
        """
    guard let document = try? YAMLLoader.load(yaml, file: "fuzz.yaml").first,
        case .applicationSet(let set)? = try? FleetDocument(document: document)
    else { return 0 }
    _ = try? ApplicationSetExpander(clusters: nil, templates: NoTemplates()).expand(set)
    return 0
}

// SwiftPM gives an executable Swift's main: it hands the inputs to libFuzzer's driver.
runFuzzer(fuzzTemplate)
