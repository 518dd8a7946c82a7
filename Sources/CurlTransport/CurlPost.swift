import CCurl
import FleetModel
import Foundation

/// One bounded JSON POST over libcurl, for calls out of `serve` to addresses it does not
/// trust to behave (notification receivers): http and https only, redirects not followed,
/// connect and total timeouts, at most `maximumResponse` bytes of the answer kept.
public struct CurlPost: Sendable {
    /// How a POST went: the HTTP status, or why there is none (curl's words, never the URL).
    public enum Outcome: Sendable, Equatable {
        /// The receiver answered with `status` (any, including 3xx: redirects are not followed).
        case answered(status: Int, body: [UInt8])
        /// No answer.
        case failed(String)
    }

    /// The longest wait for a connection.
    public var connectTimeout: Duration
    /// The longest wait for the whole exchange.
    public var timeout: Duration
    /// The most bytes of the answer kept (the rest is cut off, the transfer ended).
    public var maximumResponse: Int

    /// A poster; by default 5 s to connect, 10 s in all, 64 KiB of answer.
    public init(connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(10), maximumResponse: Int = 65536)
    {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maximumResponse = maximumResponse
    }

    /// POSTs `body` as `application/json` to `url`, on a thread of its own (never the
    /// cooperative pool's).
    public func post(_ body: [UInt8], to url: String) async -> Outcome {
        await BlockingWork.run { perform(body, url) }
    }

    private func perform(_ body: [UInt8], _ url: String) -> Outcome {
        guard let scheme = URLComponents(string: url)?.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            return .failed("only http and https URLs are posted to")
        }
        guard Self.curlReady else { return .failed("libcurl could not be initialized") }
        guard let easy = curl_easy_init() else { return .failed("libcurl could not make a handle") }
        defer { curl_easy_cleanup(easy) }
        let response = ResponseBuffer(limit: maximumResponse)
        var headers: UnsafeMutablePointer<curl_slist>?
        for line in ["Content-Type: application/json", "User-Agent: flotilla/1.0", "Expect:"] {
            headers = curl_slist_append(headers, line)
        }
        defer { curl_slist_free_all(headers) }
        var failed = CURLE_OK
        func set(_ code: CURLcode) { if failed == CURLE_OK, code != CURLE_OK { failed = code } }
        set(url.withCString { flotilla_easy_setopt_string(easy, CURLOPT_URL, $0) })
        set("http,https".withCString { flotilla_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, $0) })
        set(flotilla_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        set(flotilla_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        set(flotilla_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout)))
        set(flotilla_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout)))
        set(flotilla_easy_setopt_long(easy, CURLOPT_POST, 1))
        set(flotilla_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count))
        set(
            body.withUnsafeBytes { bytes in
                flotilla_easy_setopt_pointer(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            })
        set(flotilla_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headers))
        set(flotilla_easy_setopt_write(easy, CURLOPT_WRITEFUNCTION, collectResponse))
        let context = Unmanaged.passUnretained(response).toOpaque()
        set(flotilla_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        guard failed == CURLE_OK else { return .failed(String(cString: curl_easy_strerror(failed))) }
        let code = withExtendedLifetime(response) { curl_easy_perform(easy) }
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && response.isFull) else {
            return .failed(String(cString: curl_easy_strerror(code)))
        }
        var status = 0
        _ = flotilla_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .answered(status: status, body: response.bytes)
    }

    /// libcurl's global setup, done once (the Kubernetes engine does its own).
    private static let curlReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// The kept part of an answer (used by one transfer on one thread).
private final class ResponseBuffer {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var isFull = false

    init(limit: Int) {
        self.limit = limit
    }

    /// Keeps what fits; false when the answer went over the limit (the transfer then ends).
    func append(_ chunk: UnsafeRawBufferPointer) -> Bool {
        let room = limit - bytes.count
        bytes.append(contentsOf: chunk.prefix(max(0, room)))
        isFull = chunk.count > room
        return !isFull
    }
}

private let collectResponse: flotilla_write_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let length = size * count
    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context).takeUnretainedValue()
    return buffer.append(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}
