import FleetModel
import FuzzSupport
import Generators

/// Fleet files: YAML into documents, documents into ApplicationSets, Applications and
/// AppProjects, ApplicationSets expanded over two clusters.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFleet(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let documents = try? YAMLLoader.load(text, file: "fuzz.yaml") else { return 0 }
    let expander = ApplicationSetExpander(clusters: FuzzClusters.all, templates: NoTemplates())
    for document in documents {
        guard case .applicationSet(let set)? = try? FleetDocument(document: document) else { continue }
        _ = try? expander.expand(set)
    }
    return 0
}

// SwiftPM gives an executable Swift's main: it hands the inputs to libFuzzer's driver.
runFuzzer(fuzzFleet)
