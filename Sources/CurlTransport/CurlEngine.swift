import CCurl
import Foundation
import Synchronization

/// Drives transfers through one `curl_multi` handle on one thread.
///
/// Swift tasks hand transfers over and are resumed when they finish, so thousands of
/// requests can be in flight while the cooperative pool's threads (two, on two cores)
/// stay free. Connections are cached by the multi handle and reused per host, at most
/// `maxConnectionsPerHost` to one host: a new TLS connection costs far more CPU than a
/// request (OpenSSL 3 builds a context, decodes the key and verifies the chain each time),
/// so requests beyond the cap wait for a free connection; over HTTP/2 they share one.
final class CurlEngine: @unchecked Sendable {
    private static let engines = Mutex<[Int: CurlEngine]>([:])

    /// The engine for transports with this connection cap (one per cap in the process,
    /// usually one in all).
    static func engine(maxConnectionsPerHost: Int) -> CurlEngine {
        let cap = max(1, maxConnectionsPerHost)
        return engines.withLock { engines in
            if let engine = engines[cap] { return engine }
            let engine = CurlEngine(maxConnectionsPerHost: cap)
            engines[cap] = engine
            return engine
        }
    }

    /// The engine of watches. A watch holds its connection for as long as it is open (all
    /// of it, over HTTP/1.1), so under the per-host cap a cluster's watches would take the
    /// connections every other request waits for; on their own multi handle, without a cap,
    /// they do not (over HTTP/2 they share one connection of their own anyway).
    static let watching = CurlEngine(maxConnectionsPerHost: 0)

    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`: what other threads asked for since the loop last looked.
    private var arriving: [Transfer] = []
    private var cancelled: [Transfer] = []
    // Only touched on the engine thread.
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Transfers cancelled before the loop saw them start: finished as soon as they arrive.
    private var cancelledEarly: Set<ObjectIdentifier> = []

    private init(maxConnectionsPerHost: Int) {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: libcurl cannot run") }
        self.multi = multi
        _ = flotilla_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 2048)
        // 0: no cap.
        _ = flotilla_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, maxConnectionsPerHost))
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "flotilla-curl"
        thread.start()
    }

    /// Starts `transfer`; its completion runs on the engine thread.
    func start(_ transfer: Transfer) {
        lock.withLock { arriving.append(transfer) }
        curl_multi_wakeup(multi)
    }

    /// Aborts `transfer` if it is still running; it completes with `cancelled`.
    func cancel(_ transfer: Transfer) {
        lock.withLock { cancelled.append(transfer) }
        curl_multi_wakeup(multi)
    }

    private func loop() {
        var stillRunning: Int32 = 0
        while true {
            let (added, aborted) = lock.withLock {
                defer {
                    arriving.removeAll(keepingCapacity: true)
                    cancelled.removeAll(keepingCapacity: true)
                }
                return (arriving, cancelled)
            }
            for transfer in added {
                if cancelledEarly.remove(ObjectIdentifier(transfer)) != nil {
                    transfer.finish(CURLE_ABORTED_BY_CALLBACK)
                    continue
                }
                running[transfer.easy] = transfer
                let code = curl_multi_add_handle(multi, transfer.easy)
                if code != CURLM_OK {
                    running[transfer.easy] = nil
                    transfer.finish(CURLE_FAILED_INIT)
                }
            }
            for transfer in aborted {
                guard running.removeValue(forKey: transfer.easy) != nil else {
                    // Not started yet (its start is still on its way) or already done.
                    if !transfer.isFinished { cancelledEarly.insert(ObjectIdentifier(transfer)) }
                    continue
                }
                curl_multi_remove_handle(multi, transfer.easy)
                transfer.finish(CURLE_ABORTED_BY_CALLBACK)
            }
            curl_multi_perform(multi, &stillRunning)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let result = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                running.removeValue(forKey: easy)?.finish(result)
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }
}
