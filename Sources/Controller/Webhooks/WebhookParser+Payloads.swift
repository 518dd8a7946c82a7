import FleetModel
import Foundation

/// Reading each provider's push payload (after the call was authenticated).
extension WebhookParser {
    static func push(from call: Call, provider: WebhookProvider) throws(WebhookError) -> WebhookPush {
        let payload: JSONValue
        do {
            payload = try JSONReader.parse(try json(of: call, provider: provider))
        } catch let error as WebhookError {
            throw error
        } catch {
            throw .malformedPayload(provider, reason: "the body is not JSON: \(error)")
        }
        guard case .object = payload else {
            throw .malformedPayload(provider, reason: "the body is a JSON \(payload.typeName), not an object")
        }
        let push: WebhookPush
        switch provider {
        case .github, .gitea: push = try hubPush(payload, provider: provider)
        case .gitlab: push = try gitlabPush(payload)
        case .bitbucket: push = try bitbucketCloudPush(payload)
        case .bitbucketServer: push = try bitbucketServerPush(payload)
        }
        guard !push.repositoryURLs.isEmpty else {
            throw .malformedPayload(provider, reason: "the payload names no repository URL")
        }
        return push
    }

    /// The JSON of the payload: the body, or for GitHub's and Gitea's form content type
    /// (`application/x-www-form-urlencoded`) its `payload` field, decoded.
    static func json(of call: Call, provider: WebhookProvider) throws(WebhookError) -> [UInt8] {
        let contentType = call.header("content-type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else { return call.body }
        let form = String(decoding: call.body, as: UTF8.self)
        for field in form.split(separator: "&") where field.hasPrefix("payload=") {
            let value = field.dropFirst("payload=".count).replacingOccurrences(of: "+", with: " ")
            guard let decoded = value.removingPercentEncoding else { break }
            return Array(decoded.utf8)
        }
        throw .malformedPayload(provider, reason: "the form has no \"payload\" field")
    }

    /// GitHub, Gitea, Forgejo, Gogs: `ref`, `after`, `repository.{html_url, clone_url, ssh_url}`.
    private static func hubPush(_ payload: JSONValue, provider: WebhookProvider) throws(WebhookError) -> WebhookPush {
        guard let repository = payload["repository"], case .object = repository else {
            throw .malformedPayload(provider, reason: "no \"repository\" object")
        }
        guard let ref = payload["ref"]?.stringValue, !ref.isEmpty else {
            throw .malformedPayload(provider, reason: "no \"ref\"")
        }
        let urls = strings(["html_url", "clone_url", "ssh_url", "url"].map { repository[$0] })
        return WebhookPush(
            provider: provider, repositoryURLs: urls, refs: [ref], revision: commit(payload["after"]?.stringValue))
    }

    /// GitLab: `ref`, `after`/`checkout_sha`, `project.{web_url, git_http_url, git_ssh_url}`
    /// (older payloads: `repository.{homepage, git_http_url, git_ssh_url}`).
    private static func gitlabPush(_ payload: JSONValue) throws(WebhookError) -> WebhookPush {
        let project = payload["project"] ?? .null
        let repository = payload["repository"] ?? .null
        guard project.objectValue != nil || repository.objectValue != nil else {
            throw .malformedPayload(.gitlab, reason: "no \"project\" or \"repository\" object")
        }
        guard let ref = payload["ref"]?.stringValue, !ref.isEmpty else {
            throw .malformedPayload(.gitlab, reason: "no \"ref\"")
        }
        let urls = strings(
            ["web_url", "git_http_url", "git_ssh_url", "http_url", "ssh_url"].map { project[$0] }
                + ["homepage", "git_http_url", "git_ssh_url", "url"].map { repository[$0] })
        let revision = commit(payload["after"]?.stringValue) ?? commit(payload["checkout_sha"]?.stringValue)
        return WebhookPush(provider: .gitlab, repositoryURLs: urls, refs: [ref], revision: revision)
    }

    /// Bitbucket Cloud: `push.changes[].new.{type, name, target.hash}`,
    /// `repository.{links.html.href, full_name}` (the clone URLs are made from the full name).
    private static func bitbucketCloudPush(_ payload: JSONValue) throws(WebhookError) -> WebhookPush {
        guard let repository = payload["repository"], case .object = repository else {
            throw .malformedPayload(.bitbucket, reason: "no \"repository\" object")
        }
        guard let changes = payload["push"]?["changes"]?.arrayValue else {
            throw .malformedPayload(.bitbucket, reason: "no \"push.changes\" list")
        }
        var urls = strings([repository["links"]?["html"]?["href"]])
        if let fullName = repository["full_name"]?.stringValue, !fullName.isEmpty {
            urls += ["https://bitbucket.org/\(fullName).git", "git@bitbucket.org:\(fullName).git"]
        }
        var refs: [String] = []
        var revision: String?
        for change in changes {
            // A deleted branch has no `new`; it moves nothing an Application could follow.
            guard let new = change["new"], case .object = new, let name = new["name"]?.stringValue else { continue }
            let type = new["type"]?.stringValue ?? "branch"
            refs.append(type == "tag" || type == "annotated_tag" ? "refs/tags/\(name)" : "refs/heads/\(name)")
            if revision == nil { revision = commit(new["target"]?["hash"]?.stringValue) }
        }
        return WebhookPush(provider: .bitbucket, repositoryURLs: unique(urls), refs: refs, revision: revision)
    }

    /// Bitbucket Server: `changes[].{ref.id, toHash, type}`, `repository.links.{clone[].href, self[].href}`.
    private static func bitbucketServerPush(_ payload: JSONValue) throws(WebhookError) -> WebhookPush {
        guard let repository = payload["repository"], case .object = repository else {
            throw .malformedPayload(.bitbucketServer, reason: "no \"repository\" object")
        }
        guard let changes = payload["changes"]?.arrayValue else {
            throw .malformedPayload(.bitbucketServer, reason: "no \"changes\" list")
        }
        let links = repository["links"] ?? .null
        let urls = strings(
            (links["clone"]?.arrayValue ?? []).map { $0["href"] } + (links["self"]?.arrayValue ?? []).map { $0["href"] }
        )
        var refs: [String] = []
        var revision: String?
        for change in changes {
            guard change["type"]?.stringValue != "DELETE",
                let ref = change["ref"]?["id"]?.stringValue ?? change["refId"]?.stringValue
            else { continue }
            refs.append(ref)
            if revision == nil { revision = commit(change["toHash"]?.stringValue) }
        }
        return WebhookPush(provider: .bitbucketServer, repositoryURLs: urls, refs: refs, revision: revision)
    }

    /// The non-empty strings among `values`, first occurrence only.
    private static func strings(_ values: [JSONValue?]) -> [String] {
        unique(values.compactMap { $0?.stringValue }.filter { !$0.isEmpty })
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// A commit SHA; nil for none or the all-zero SHA of a deleted ref.
    private static func commit(_ text: String?) -> String? {
        guard let text, !text.isEmpty, text.contains(where: { $0 != "0" }) else { return nil }
        return text
    }
}
