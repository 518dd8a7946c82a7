import Foundation

/// Finds the shared template a `templateRef` names.
public protocol TemplateSource: Sendable {
    /// The template `name` as referenced by `reference` (whose file decides the fleet root).
    func template(named name: String, referencedBy reference: FieldReader) throws(FleetModelError) -> FieldReader
}

/// Templates stored as `templates/NAME.yaml` under the fleet root.
///
/// The fleet root is the nearest folder, from the referencing fleet file's folder
/// upwards, that holds a `templates` folder; the search stops at a Git work tree's
/// top. A name that resolves outside that `templates` folder is refused.
public struct TemplateDirectory: TemplateSource {
    /// A template source over the file system.
    public init() {}

    public func template(named name: String, referencedBy reference: FieldReader) throws(FleetModelError) -> FieldReader
    {
        let fleetFile = URL(fileURLWithPath: reference.sourceMap.file).standardizedFileURL
        guard let folder = Self.templatesFolder(above: fleetFile.deletingLastPathComponent()) else {
            throw reference.error(
                "templateRef \"\(name)\": no templates/ folder found above \(reference.sourceMap.file)")
        }
        let candidates = ["\(name).yaml", "\(name).yml"].map { folder.appendingPathComponent($0).standardizedFileURL }
        let inside = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        guard let first = candidates.first, first.path.hasPrefix(inside), !name.hasPrefix("/") else {
            throw reference.error("templateRef \"\(name)\" points outside \(Self.display(folder))")
        }
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw reference.error("templateRef \"\(name)\": no template \(Self.display(first))")
        }
        let display = Self.display(file)
        // A link out of templates/ (to a host file) is refused like a name that climbs out.
        let realFolder = folder.resolvingSymlinksInPath().path
        guard file.resolvingSymlinksInPath().path.hasPrefix(realFolder.hasSuffix("/") ? realFolder : realFolder + "/")
        else {
            throw reference.error(
                "templateRef \"\(name)\": \(display) is a symbolic link to outside \(Self.display(folder))")
        }
        let documents = try YAMLLoader.load(contentsOf: file, displayPath: display)
        guard documents.count == 1, let document = documents.first else {
            throw .invalidField(
                SourceLocation(file: display), path: .root, message: "a template file holds exactly one document")
        }
        return document.reader
    }

    private static func templatesFolder(above start: URL) -> URL? {
        var folder = start
        while true {
            let candidate = folder.appendingPathComponent("templates")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate.standardizedFileURL
            }
            let isRepositoryTop = FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path)
            let parent = folder.deletingLastPathComponent()
            if isRepositoryTop || parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// The path relative to the working folder when it lies below it, else absolute.
    private static func display(_ url: URL) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return url.path.hasPrefix(prefix) ? String(url.path.dropFirst(prefix.count)) : url.path
    }
}
