/// A Kubernetes label selector: every requirement must hold.
///
/// An empty selector matches everything, as in Kubernetes.
public struct LabelSelector: Sendable, Hashable {
    /// The requirements, all of which must match.
    public var requirements: [LabelRequirement]

    /// A selector made of `requirements`.
    public init(requirements: [LabelRequirement] = []) {
        self.requirements = requirements
    }

    /// The selector that matches everything.
    public static let everything = LabelSelector()

    /// True when every requirement holds for `labels`.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// True when the selector selects everything.
    public var isEmpty: Bool { requirements.isEmpty }
}

/// One term of a label selector.
public struct LabelRequirement: Sendable, Hashable, CustomStringConvertible {
    /// How the key's value is tested.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
    }

    /// The label key.
    public var key: String
    /// The test.
    public var `operator`: Operator
    /// The values for `In` and `NotIn`, in the order given.
    public var values: [String]

    /// A requirement; use `validated` to check keys and values the way Kubernetes does.
    public init(key: String, operator: Operator, values: [String] = []) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    /// A requirement checked like Kubernetes checks it: a valid key, valid values (unless
    /// `checksValues` is false: a generator's post-selector compares param values, such as a
    /// server URL, that are no label values), at least one value for `In`/`NotIn` and none for
    /// `Exists`/`DoesNotExist`.
    public static func validated(
        key: String, operator: Operator, values: [String], checksValues: Bool = true
    ) -> Result<
        LabelRequirement, LabelValidationError
    > {
        if let problem = LabelValidation.keyProblem(key) { return .failure(problem) }
        switch `operator` {
        case .in, .notIn:
            if values.isEmpty {
                return .failure(
                    LabelValidationError("values for \(`operator`.rawValue) on \"\(key)\" must not be empty"))
            }
        case .exists, .doesNotExist:
            if !values.isEmpty {
                return .failure(LabelValidationError("values must be empty for \(`operator`.rawValue) on \"\(key)\""))
            }
        }
        for value in values where checksValues {
            if let problem = LabelValidation.valueProblem(value) { return .failure(problem) }
        }
        return .success(LabelRequirement(key: key, operator: `operator`, values: values))
    }

    /// True when `labels` satisfy this requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        switch `operator` {
        case .in:
            guard let value = labels[key] else { return false }
            return values.contains(value)
        case .notIn:
            guard let value = labels[key] else { return true }
            return !values.contains(value)
        case .exists:
            return labels[key] != nil
        case .doesNotExist:
            return labels[key] == nil
        }
    }

    /// The requirement in kubectl's selector syntax.
    public var description: String {
        switch `operator` {
        case .in where values.count == 1: "\(key)=\(values[0])"
        case .notIn where values.count == 1: "\(key)!=\(values[0])"
        case .in: "\(key) in (\(values.joined(separator: ",")))"
        case .notIn: "\(key) notin (\(values.joined(separator: ",")))"
        case .exists: key
        case .doesNotExist: "!\(key)"
        }
    }
}

extension LabelSelector: CustomStringConvertible {
    /// The selector in kubectl's syntax (`env=prod,tier!=db`).
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }
}
