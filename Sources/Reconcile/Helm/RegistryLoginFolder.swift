/// Where a Helm registry client keeps logins for one pull: a private folder whose
/// `config.json` is the client's credentials file and whose path is `DOCKER_CONFIG`. The file
/// is seeded with a placeholder entry before the client starts: an absent or empty store lets
/// Helm's client (oras-go) detect a Docker credential helper (`docker-credential-pass`,
/// `-secretservice`…) and keep the password in the user's keyring — where it outlives the
/// folder and is shared by every pull of that host — and `DOCKER_CONFIG` keeps the user's own
/// `~/.docker/config.json` logins away from pulls no `flotilla repo add` entry covers.
enum RegistryLoginFolder {
    /// The folder's `config.json`, seeded, and the environment that confines the client to it.
    static func prepare(
        _ folder: String
    ) throws(ReconcileError) -> (credentialsFile: String, environment: [String: String]) {
        let file = try PrivateFolder.write(
            #"{"auths":{"flotilla.invalid":{}}}"#, named: "config.json", in: folder,
            what: "a registry client's credentials file")
        return (file, ["DOCKER_CONFIG": folder])
    }
}
