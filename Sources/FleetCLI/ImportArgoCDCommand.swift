import ArgumentParser
import FleetModel
import Foundation
import Generators

/// `flotilla import argocd`: Argo CD ApplicationSets and Applications as fleet files.
struct ImportArgoCDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "argocd",
        abstract: "Convert Argo CD ApplicationSets and Applications into fleet files.",
        discussion: """
            PATH is a file or a folder, read recursively for *.yaml and *.yml. Placeholders \
            {{param}} (and {{.param}} where spec.goTemplate is true) become <<param>>; comments, \
            order and layout are kept. A Go template construct other than a plain lookup \
            (pipes, index, default, if, range, functions) is reported with its file and line. \
            Applications and AppProjects are copied; other documents are left out with a note.

            Without -o the converted files are printed; with -o DIR each is written under DIR \
            with its name below the folder given. Nothing is written when a problem is found, \
            and an input is never overwritten unless --in-place is given.

            Exit status: 0 when every file converted, 1 when something could not be converted \
            (every problem is listed), 2 on bad usage.
            """
    )

    @Argument(help: ArgumentHelp("Argo CD files or folders.", valueName: "path"))
    var paths: [String] = []

    @Option(
        name: [.short, .customLong("output-dir")],
        help: ArgumentHelp("Write the converted files under this folder.", valueName: "dir"))
    var outputFolder: String?

    @Flag(name: .customLong("in-place"), help: "Rewrite each input file with its conversion.")
    var inPlace = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("name at least one file or folder to import") }
        if inPlace, outputFolder != nil { throw ValidationError("use -o DIR or --in-place, not both") }
    }

    func run() throws {
        let inputs: ImportInputs
        do {
            inputs = try ImportInputs(paths: paths, excluding: outputFolder)
        } catch {
            throw CommandFailure(error)
        }
        var notes = inputs.notes
        var problems: [String] = []
        var converted: [(file: ImportInputs.File, text: String)] = []
        for file in inputs.files {
            let result: ArgoImport
            do {
                result = ArgoImporter.convert(try ImportInputs.text(of: file), file: file.path)
            } catch {
                problems.append(error.description)
                continue
            }
            notes += result.notes.map(\.description)
            problems += (result.problems + result.invalid).map(\.description)
            if let output = result.output { converted.append((file, output)) }
        }
        for note in notes { Terminal.standardError.write("note: \(note)\n") }
        guard problems.isEmpty else {
            throw CommandFailure(
                (problems + ["nothing written: \(problems.count) problem(s) to resolve"]).joined(separator: "\nerror: ")
            )
        }
        if let outputFolder {
            let destinations = try ImportDestinations(
                folder: outputFolder, files: converted.map(\.file), inputs: inputs.files)
            try write(converted, to: destinations)
        } else if inPlace {
            try write(converted, to: ImportDestinations(inPlace: converted.map(\.file)))
        } else {
            Terminal.standardOutput.write(Self.stream(converted.map(\.text)))
        }
    }

    private func write(
        _ converted: [(file: ImportInputs.File, text: String)], to destinations: ImportDestinations
    ) throws {
        for ((file, text), destination) in zip(converted, destinations.paths) {
            do {
                try destinations.write(text, to: destination)
            } catch {
                let reason = (error as? LocalizedError)?.errorDescription ?? (error as NSError).localizedDescription
                throw CommandFailure("\(destination): cannot write: \(reason)")
            }
            Terminal.standardOutput.write("\(file.path) -> \(destination)\n")
        }
    }

    /// Several converted files as one YAML stream.
    static func stream(_ texts: [String]) -> String {
        var output = ""
        for text in texts {
            if !output.isEmpty {
                if !output.hasSuffix("\n") { output += "\n" }
                if !text.hasPrefix("---") { output += "---\n" }
            }
            output += text
        }
        return output
    }
}
