import FleetModel
import Foundation

/// What serve's secret files (webhook secrets, notification URLs) share: one YAML map of
/// name → secret, checked for who may read it. Messages name the file, line and key, never
/// a value.
enum SecretFile {
    /// A warning when others than the owner may read the file at `path` (its mode allows group
    /// or world access), else nil; `what` names the file for people ("webhook secret file").
    static func permissionWarning(file path: String, what: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        else { return nil }
        return "\(path): the \(what) may be read by others (mode \(String(mode & 0o777, radix: 8))); chmod 600 it"
    }

    /// Why a secret file's content is not one map.
    struct Problem: Error {
        /// Starts with `file:line:column`.
        var message: String
    }

    /// The one map of `text` (nil for an empty file) with each key's location; `expected` says
    /// what the map holds ("provider: secret").
    static func entries(
        _ text: String, file: String, expected: String
    ) throws(Problem)
        -> [(key: String, value: JSONValue, location: SourceLocation)]?
    {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLLoader.load(text, file: file)
        } catch {
            // The YAML error names the place and the problem; it quotes no scalar.
            throw Problem(message: error.description)
        }
        guard documents.count <= 1 else {
            throw Problem(message: "\(documents[1].location): one document expected, found \(documents.count)")
        }
        guard let document = documents.first else { return nil }
        guard case .object(let object) = document.value else {
            throw Problem(
                message: "\(document.location): expected a map of \(expected), found a \(document.value.typeName)")
        }
        return object.members.map { member in
            (member.key, member.value, document.sourceMap.location(of: JSONPath.root.appending(member.key)))
        }
    }
}
