import CCurl
import KubeClient

/// Turns a finished transfer into a response, or into a `KubeError` that says what failed
/// and what to check.
enum TransferOutcome {
    static func result(
        of transfer: Transfer, _ code: CURLcode, _ endpoint: ClusterEndpoint
    ) -> Result<
        KubeResponse, KubeError
    > {
        guard code == CURLE_OK else { return .failure(error(code, transfer.errorText, endpoint)) }
        return .success(KubeResponse(status: transfer.status, headers: transfer.headers, body: transfer.body))
    }

    static func error(_ code: CURLcode, _ detail: String, _ endpoint: ClusterEndpoint) -> KubeError {
        let reasonText = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let cluster = endpoint.name
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return KubeError(
                .unreachable, cluster: cluster, message: "cannot connect to \(endpoint.server): \(reasonText)")
        case CURLE_OPERATION_TIMEDOUT:
            return KubeError(.timedOut, cluster: cluster, message: "no answer from \(endpoint.server): \(reasonText)")
        case CURLE_PEER_FAILED_VERIFICATION:
            return KubeError(
                .tls, cluster: cluster, message: "the server's certificate was not accepted: \(reasonText)",
                hint: endpoint.certificateAuthority == nil
                    ? "the cluster record has no CA: add certificate-authority-data to its kubeconfig"
                    : "the certificate-authority-data does not match this server, or tls-server-name is wrong")
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            return KubeError(
                .tls, cluster: cluster, message: "the TLS credentials cannot be used: \(reasonText)",
                hint: "check the client certificate, its key and the CA data in the kubeconfig")
        case CURLE_SSL_CONNECT_ERROR:
            return KubeError(
                .tls, cluster: cluster, message: "the TLS handshake failed: \(reasonText)", hint: tlsHint(reasonText))
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            if reasonText.contains("alert") {
                return KubeError(
                    .tls, cluster: cluster, message: "the server refused the TLS session: \(reasonText)",
                    hint: tlsHint(reasonText))
            }
            if reasonText.contains("getpeername"), case .clientCertificate = endpoint.credential {
                // Over HTTP/2 and TLS 1.3, libcurl 7.88 may write its first frames before the
                // server's verdict on the client certificate arrives, and then meets a socket
                // already closed by that refusal instead of reading its alert.
                return KubeError(
                    .tls, cluster: cluster,
                    message: "the server closed the connection right after the TLS handshake: \(reasonText)",
                    hint:
                        "the server does not trust the client certificate: it has expired or is not signed by the cluster's CA"
                )
            }
            return KubeError(
                .connectionLost, cluster: cluster, message: "the connection to \(endpoint.server) broke: \(reasonText)")
        case CURLE_ABORTED_BY_CALLBACK:
            return KubeError(.cancelled, cluster: cluster, message: "the request was cancelled")
        default:
            return KubeError(.connectionLost, cluster: cluster, message: "request failed: \(reasonText)")
        }
    }

    private static func tlsHint(_ detail: String) -> String {
        if detail.contains("expired") {
            return "the client certificate has expired: renew it and add the cluster again"
        }
        if detail.contains("unknown ca") || detail.contains("bad certificate")
            || detail.contains("certificate required")
        {
            return "the server does not trust the client certificate: it is not signed by the cluster's CA"
        }
        return "check the client certificate and the CA data in the kubeconfig"
    }
}
