import ArgumentParser
import FleetModel

/// kubectl's `k=v` and `k-` arguments for labels and annotations.
enum MetadataArgument {
    /// Labels validate keys and values; annotations validate keys only.
    enum Kind: String {
        case label, annotation
    }

    /// One edit: set a value, or remove the key (`k-`).
    enum Edit: Equatable {
        case set(String, String)
        case remove(String)
    }

    /// Parses `k=v` assignments, validating them as Kubernetes does.
    static func parseAssignments(_ arguments: [String], kind: Kind) throws -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            guard case .set(let key, let value) = try parse(argument, kind: kind, allowRemoval: false) else { continue }
            result[key] = value
        }
        return result
    }

    /// Parses `k=v` or `k-`.
    static func parse(_ argument: String, kind: Kind, allowRemoval: Bool) throws -> Edit {
        if allowRemoval, argument.hasSuffix("-"), !argument.contains("=") {
            let key = String(argument.dropLast())
            try check(key: key, kind: kind)
            return .remove(key)
        }
        guard let equals = argument.firstIndex(of: "=") else {
            throw ValidationError("\(kind.rawValue) \"\(argument)\" must be k=v\(allowRemoval ? " or k-" : "")")
        }
        let key = String(argument[..<equals])
        let value = String(argument[argument.index(after: equals)...])
        try check(key: key, kind: kind)
        if kind == .label, let problem = LabelValidation.valueProblem(value) { throw ValidationError(problem.message) }
        return .set(key, value)
    }

    private static func check(key: String, kind: Kind) throws {
        if let problem = LabelValidation.keyProblem(key) {
            throw ValidationError(
                kind == .label
                    ? problem.message : problem.message.replacingOccurrences(of: "label key", with: "annotation key"))
        }
    }
}
