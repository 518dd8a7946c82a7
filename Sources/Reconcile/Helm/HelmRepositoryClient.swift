/// Fetches files from Helm repositories over HTTPS (libcurl in the CLI's wiring): Reconcile
/// knows no transport.
public protocol HelmRepositoryClient: Sendable {
    /// The body of `url` (an answer other than 200 is an error naming the URL and status),
    /// at most `maxBytes` of it.
    func get(_ url: String, maxBytes: Int) async throws(ReconcileError) -> [UInt8]
}
