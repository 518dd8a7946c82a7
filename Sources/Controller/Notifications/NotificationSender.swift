/// One POST of a notification.
public struct NotificationRequest: Sendable, Equatable {
    /// Where to (from the serve-side secret file: never logged).
    public var url: String
    /// The JSON body.
    public var body: [UInt8]

    /// A request.
    public init(url: String, body: [UInt8]) {
        self.url = url
        self.body = body
    }
}

/// How one attempt to deliver a notification went.
public enum NotificationSendResult: Sendable, Equatable {
    /// The receiver answered 2xx.
    case delivered
    /// It did not; `retryable` when trying again may help (no answer, 5xx, 408, 429). `reason`
    /// never holds the URL.
    case failed(reason: String, retryable: Bool)

    /// The result of an HTTP status.
    public static func of(status: Int) -> NotificationSendResult {
        if (200..<300).contains(status) { return .delivered }
        return .failed(reason: "HTTP \(status)", retryable: status >= 500 || status == 408 || status == 429)
    }
}

/// Sends notification requests (libcurl in `serve`, a fake in tests).
public protocol NotificationSender: Sendable {
    /// POSTs `request`; returns within the sender's own timeouts.
    func send(_ request: NotificationRequest) async -> NotificationSendResult
}
