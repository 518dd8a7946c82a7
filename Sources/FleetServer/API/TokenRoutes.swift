import FleetModel
import Foundation
import Hummingbird
import Logging
import Registry

/// `/api/v1/tokens`: admins list, create and revoke API tokens, as `flotilla token` does. Only
/// an admin token of every project may: a project-limited admin could otherwise mint a token
/// wider than its own. A new token's secret is in the creating answer only; no answer or log
/// line ever holds a secret or its hash.
enum TokenRoutes {
    static func add(to api: RouterGroup<FleetRequestContext>, backend: any FleetBackend) {
        api.get("tokens") { _, context in
            _ = try admin(context)
            let now = Date()
            return JSONBody.response(["items": .array(try backend.apiTokens().map { document($0, now: now) })])
        }
        api.post("tokens") { request, context in
            let caller = try admin(context)
            let body = try await JSONBody.object(of: request, limit: 4096)
            guard let name = body["name"]?.stringValue else {
                throw ApiError.badRequest("give the token's name: {\"name\": \"ci\", \"role\": \"viewer\"}")
            }
            guard let role = body["role"]?.stringValue.flatMap(ApiRole.init(rawValue:)) else {
                throw ApiError.badRequest(
                    "\"role\" must be one of \(ApiRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let projects =
                try body["projects"].map { value -> [String] in
                    guard let names = value.arrayValue?.compactMap(\.stringValue),
                        names.count == value.arrayValue?.count
                    else { throw ApiError.badRequest("\"projects\" must be a list of AppProject names") }
                    return names
                } ?? []
            let expiresAt = try body["expiresAt"].map { value -> Date in
                guard let text = value.stringValue, let date = try? Date(text, strategy: .iso8601) else {
                    throw ApiError.badRequest("\"expiresAt\" must be an RFC 3339 time such as 2027-01-31T00:00:00Z")
                }
                return date
            }
            let created = try refusing {
                try backend.createToken(name: name, role: role, projects: projects, expiresAt: expiresAt)
            }
            context.logger.notice(
                "token created", metadata: ["token": "\(name)", "role": "\(role.rawValue)", "by": "\(caller.name)"])
            return JSONBody.response(
                ["token": document(created.token, now: Date()), "secret": .string(created.secret)], status: .created)
        }
        api.delete("tokens/:name") { _, context in
            let caller = try admin(context)
            let name = context.parameters.get("name")?.removingPercentEncoding ?? ""
            try refusing { try backend.revokeToken(named: name) }
            context.logger.notice("token revoked", metadata: ["token": "\(name)", "by": "\(caller.name)"])
            return Response(status: .noContent)
        }
    }

    private static func admin(_ context: FleetRequestContext) throws -> ApiIdentity {
        let caller = try context.caller(atLeast: .admin)
        guard caller.projects.isEmpty else {
            throw ApiError.forbidden("managing tokens needs an admin token of every project")
        }
        return caller
    }

    /// `work`, its token errors as the statuses a client expects.
    private static func refusing<Value>(_ work: () throws -> Value) throws -> Value {
        do {
            return try work()
        } catch let error as ApiTokenError {
            switch error {
            case .nameInUse: throw ApiError(.conflict, error.description)
            case .unknownName: throw ApiError.notFound(error.description)
            case .invalidName, .invalidProject, .expiryInPast: throw ApiError.badRequest(error.description)
            }
        }
    }

    private static func document(_ token: ApiToken, now: Date) -> JSONValue {
        let time = { (date: Date?) in date.map { JSONValue.string(TargetDocuments.timestamp($0)) } ?? .null }
        let members: [(String, JSONValue)] = [
            ("name", .string(token.name)), ("role", .string(token.role.rawValue)),
            ("projects", .array(token.projects.map(JSONValue.string))), ("createdAt", time(token.createdAt)),
            ("expiresAt", time(token.expiresAt)), ("revokedAt", time(token.revokedAt)),
            ("lastUsedAt", time(token.lastUsedAt)), ("status", .string(token.status(at: now).rawValue)),
        ]
        return .object(JSONObject(members))
    }
}
