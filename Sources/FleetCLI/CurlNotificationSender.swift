import Controller
import CurlTransport

/// Notifications posted with libcurl (`CurlPost`'s bounds: no redirects, timeouts, a capped answer).
struct CurlNotificationSender: NotificationSender {
    let poster = CurlPost()

    func send(_ request: NotificationRequest) async -> NotificationSendResult {
        switch await poster.post(request.body, to: request.url) {
        case .answered(let status, _): .of(status: status)
        case .failed(let reason): .failed(reason: reason, retryable: true)
        }
    }
}
