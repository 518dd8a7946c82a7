import FleetModel

extension GeneratorEvaluator {
    /// `git`: one param set per matching folder, or per matching file (per element when the
    /// file holds a list), from the repository snapshot read before generators ran.
    func gitParams(
        _ generator: Generator, _ spec: GitGeneratorSpec, outer: ParamSet?
    ) throws(GeneratorError)
        -> [ParamSet]
    {
        let key = RepositoryKey(generator, spec)
        guard let snapshot = repositories.snapshots[key] else {
            throw .generatorFailed(
                generator.location, path: generator.path,
                message: "the git generator's repository \(key) was not read (this command does not read "
                    + "repositories for git generators)")
        }
        var sets: [ParamSet] = []
        switch spec.selection {
        case .directories(let patterns):
            for folder in snapshot.folders(matching: patterns) {
                sets.append(ParamSet(GitPathParams.folder(folder, prefix: spec.pathParamPrefix)))
            }
        case .files(let globs):
            for entry in snapshot.files(matching: globs.map(PathGlob.init)) {
                let pathParams = GitPathParams.file(entry.path, prefix: spec.pathParamPrefix)
                for content in try fileParams(entry.path, text: snapshot.files[entry.path] ?? "", generator, key) {
                    var params = GitPathParams.flattened(content)
                    for (name, value) in pathParams { params[name] = value }
                    sets.append(ParamSet(params))
                }
            }
        }
        guard let values = spec.values else { return sets }
        let template = CompiledTemplate(compiling: values)
        return try sets.map { set throws(GeneratorError) in
            var params = set
            let scope = ParamSet((outer?.values ?? JSONObject()).deepMerging(set.values))
            params.values["values"] = try template.render(scope, missingParams: missingParams)
            return params
        }
    }

    /// The param maps of one config file: its map, or each map of its list; an empty file is one empty map.
    private func fileParams(
        _ path: String, text: String, _ generator: Generator, _ key: RepositoryKey
    ) throws(GeneratorError) -> [JSONObject] {
        func failure(_ message: String) -> GeneratorError {
            .generatorFailed(generator.location, path: generator.path, message: "\(key): \(path): \(message)")
        }
        let documents: [YAMLDocument]
        do {
            documents = try YAMLLoader.load(text, file: path)
        } catch {
            throw failure("not valid JSON or YAML: \(error.localizedDescription)")
        }
        guard documents.count <= 1 else { throw failure("holds \(documents.count) YAML documents; one is allowed") }
        switch documents.first?.value ?? .object(JSONObject()) {
        case .object(let object):
            return [object]
        case .array(let elements):
            var objects: [JSONObject] = []
            for (index, element) in elements.enumerated() {
                guard case .object(let object) = element else {
                    throw failure("element \(index) of the list is a \(element.typeName), not a map of params")
                }
                objects.append(object)
            }
            return objects
        case .null:
            return [JSONObject()]
        case let other:
            throw failure("holds a \(other.typeName), not a map or a list of maps")
        }
    }
}

extension RepositoryKey {
    /// The key of a git generator: its repository, revision and fleet file folder.
    init(_ generator: Generator, _ spec: GitGeneratorSpec) {
        let file = generator.location.file
        let folder = file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        self.init(
            repoURL: spec.repoURL, revision: spec.revision,
            baseDirectory: folder.isEmpty ? (file.hasPrefix("/") ? "/" : ".") : folder)
    }
}
