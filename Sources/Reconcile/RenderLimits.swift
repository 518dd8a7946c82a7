/// How much a render may unpack: a small packed repository can expand to gigabytes.
public struct RenderLimits: Sendable, Equatable {
    /// Bytes of files in one commit's tree (or one local source folder).
    public var maxBytes: Int
    /// Files, folders and links in it.
    public var maxEntries: Int

    /// Limits; 256 MB and 100,000 entries by default.
    public init(maxBytes: Int = 256 << 20, maxEntries: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxEntries = maxEntries
    }

    /// Throws when `commit`'s tree in `mirror` is larger than the limits, before anything is unpacked.
    func check(_ commit: String, in mirror: String, url: String) async throws(ReconcileError) {
        let listing = await ExternalCommand.run(
            "git", ["-C", mirror, "ls-tree", "-r", "-t", "-l", "--full-tree", "--end-of-options", commit])
        guard listing.status == 0 else {
            throw ReconcileError("cannot list \(url) at \(commit.prefix(12)): \(listing.errorText)")
        }
        var bytes = 0
        var entries = 0
        for line in listing.output.split(separator: "\n") {
            entries += 1
            // `<mode> <type> <object> <size>\t<path>`; trees and links have `-` or a small size.
            let fields = line.split(separator: "\t", maxSplits: 1)[0].split(
                separator: " ", omittingEmptySubsequences: true)
            if fields.count == 4, let size = Int(fields[3]) { bytes += size }
            try check(bytes: bytes, entries: entries, what: "\(url) at \(commit.prefix(12))")
        }
    }

    /// Throws when `bytes` or `entries` passed a limit.
    func check(bytes: Int, entries: Int, what: String) throws(ReconcileError) {
        if entries > maxEntries {
            throw ReconcileError("\(what) holds more than \(maxEntries) files and folders: refusing to render it")
        }
        if bytes > maxBytes {
            throw ReconcileError(
                "\(what) is larger than \(maxBytes) bytes unpacked: refusing to render it (--max-render-bytes)")
        }
    }
}
