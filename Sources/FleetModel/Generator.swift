/// One entry of `spec.generators`: a source of param sets.
///
/// Generator inputs that may hold `<<param>>` placeholders (list elements, a
/// cluster selector, cluster values, a template override) are kept as readers
/// over the raw document, to be templated when the generator runs.
public struct Generator: Sendable {
    /// What kind of generator this is, with its settings.
    public indirect enum Kind: Sendable {
        /// `list`: literal elements, or `elementsYaml` parsed from a param.
        case list(elements: FieldReader?, elementsYaml: FieldReader?)
        /// `clusters`: one param set per registered cluster matching `selector`.
        case clusters(selector: FieldReader?, values: FieldReader?)
        /// `matrix`: the cartesian product of two generators.
        case matrix([Generator])
        /// `merge`: the base generator's param sets, overridden by later ones with equal `mergeKeys`.
        case merge(mergeKeys: [String], generators: [Generator])
        /// `git`: one param set per folder or file of a repository.
        case git(GitGeneratorSpec)

        /// The generator's key in the fleet file.
        public var name: String {
            switch self {
            case .list: "list"
            case .clusters: "clusters"
            case .matrix: "matrix"
            case .merge: "merge"
            case .git: "git"
            }
        }
    }

    /// The kind and its settings.
    public var kind: Kind
    /// A post-filter over the generated params (`selector` beside the kind key).
    public var postSelector: LabelSelector?
    /// A template that overrides parts of the ApplicationSet's template for this generator's params.
    public var templateOverride: FieldReader?
    /// Where the generator was written.
    public var location: SourceLocation
    /// Its path in the document, such as `spec.generators[1]`.
    public var path: JSONPath
}
