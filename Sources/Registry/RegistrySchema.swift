import GRDB

/// The registry's versioned migrations. Add a migration; never edit one that has shipped.
enum RegistrySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-clusters") { db in
            try db.create(table: "cluster") { table in
                table.primaryKey("name", .text)
                table.column("server", .text).notNull()
                table.column("project", .text).notNull().defaults(to: "")
                table.column("labels", .text).notNull()  // "key=value" lines, sorted
                table.column("annotations", .text).notNull()  // a JSON object
                table.column("tlsServerName", .text)
                table.column("insecureSkipTLSVerify", .boolean).notNull()
                table.column("hasCertificateAuthority", .boolean).notNull()
                table.column("proxyURL", .text)
                table.column("namespace", .text)
                table.column("credentialKind", .text).notNull()
                table.column("tokenFile", .text)
                table.column("execCommand", .text)
                table.column("execAPIVersion", .text)
                table.column("execEnvNames", .text)  // one name per line
                table.column("sealedSecrets", .blob).notNull()
                table.column("sourceFile", .text).notNull()
                table.column("sourceContext", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "registryMeta") { table in
                table.primaryKey("key", .text)
                table.column("value", .blob).notNull()
            }
        }
        migrator.registerMigration("v2-targets") { db in
            try db.create(table: "target") { table in
                table.column("application", .text).notNull()
                table.column("cluster", .text).notNull()
                table.column("applicationSet", .text)
                table.column("syncStatus", .text).notNull()
                table.column("health", .text).notNull()
                table.column("healthMessage", .text).notNull()
                table.column("revision", .text)
                table.column("message", .text).notNull()
                table.column("reconciledAt", .datetime).notNull()
                table.column("lastSyncAt", .datetime)
                table.column("lastSyncSucceeded", .boolean)
                table.column("lastSyncRevision", .text)
                table.column("objects", .text).notNull()  // JSON: the last sync's per-object results
                table.primaryKey(["application", "cluster"])
            }
            try db.create(table: "syncHistory") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("application", .text).notNull()
                table.column("cluster", .text).notNull()
                table.column("revision", .text)
                table.column("startedAt", .datetime).notNull()
                table.column("finishedAt", .datetime).notNull()
                table.column("succeeded", .boolean).notNull()
                table.column("message", .text).notNull()
                table.column("objects", .text).notNull()
            }
            try db.create(index: "syncHistoryByTarget", on: "syncHistory", columns: ["application", "cluster", "id"])
        }
        // Which fleet file each target came from, so that a run over other fleet files never
        // forgets or retires it (issue 21). Targets recorded before have none.
        migrator.registerMigration("v3-target-fleet-file") { db in
            try db.alter(table: "target") { table in table.add(column: "fleetFile", .text) }
        }
        // flotilla serve (issue 15): targets held at a rolled-back revision (automated sync
        // paused until asked), and the controller's last cycle for `status`.
        migrator.registerMigration("v4-serve") { db in
            try db.create(table: "syncHold") { table in
                table.column("application", .text).notNull()
                table.column("cluster", .text).notNull()
                table.column("rolledBackTo", .text).notNull()
                table.column("gitRevision", .text)
                table.column("since", .datetime).notNull()
                table.primaryKey(["application", "cluster"])
            }
            try db.create(table: "controllerCycle") { table in
                table.column("id", .integer).primaryKey()
                table.column("pid", .integer).notNull()
                table.column("finishedAt", .datetime).notNull()
                table.column("targets", .integer).notNull()
            }
        }
        // API tokens of flotilla serve's HTTP API (issue 16): only the secret's SHA-256 is kept,
        // looked up on every request; a name is unique among the tokens not revoked.
        migrator.registerMigration("v5-tokens") { db in
            try db.create(table: "apiToken") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull()
                table.column("role", .text).notNull()
                table.column("projects", .text).notNull()  // one name per line; empty: every project
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime)
                table.column("revokedAt", .datetime)
                table.column("lastUsedAt", .datetime)
                table.column("secretHash", .text).notNull().unique()
            }
            try db.execute(
                sql: "CREATE UNIQUE INDEX apiTokenActiveName ON apiToken(name) WHERE revokedAt IS NULL")
        }
        // Who asked for each sync (issue 16): automated, a CLI user or an API token's name.
        // Entries recorded before have none.
        migrator.registerMigration("v6-sync-initiator") { db in
            try db.alter(table: "syncHistory") { table in table.add(column: "initiatedBy", .text) }
        }
        // Private repositories (issue 17): `repo add` (one repository) and `repo add-creds`
        // (a template for a URL prefix); secrets sealed in one blob per row, like clusters'.
        migrator.registerMigration("v7-repositories") { db in
            try db.create(table: "repository") { table in
                table.column("url", .text).notNull()
                table.column("scope", .text).notNull()  // repository or template
                table.column("credentialKind", .text).notNull()
                table.column("username", .text)
                table.column("hasKnownHosts", .boolean).notNull()
                table.column("insecureIgnoreHostKey", .boolean).notNull()
                table.column("insecureSkipServerVerification", .boolean).notNull()
                table.column("hasCertificateAuthority", .boolean).notNull()
                table.column("sealedSecrets", .blob).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.primaryKey(["url", "scope"])
            }
        }
        // Progressive rollouts (issue 18): one row per ApplicationSet with a RollingSync strategy.
        migrator.registerMigration("v8-rollouts") { db in
            try db.create(table: "rollout") { table in
                table.primaryKey("applicationSet", .text)
                table.column("revision", .text)
                table.column("digest", .text).notNull()
                table.column("lastHealthyRevision", .text)
                table.column("step", .integer).notNull()
                table.column("stepCount", .integer).notNull()
                table.column("state", .text).notNull()
                table.column("haltedTarget", .text)
                table.column("haltReason", .text)
                table.column("startedAt", .datetime).notNull()
                table.column("updatedAt", .datetime).notNull()
                table.column("pausedUntil", .datetime)
            }
        }
        // App of apps (issue 17): the target whose manifests hold a child Application, and
        // whether the child carries Argo CD's resources finalizer (its objects go with it).
        migrator.registerMigration("v9-target-parent") { db in
            try db.alter(table: "target") { table in
                table.add(column: "parent", .text)
                table.add(column: "finalizesResources", .boolean)
            }
        }
        // Per-target revisions of a rollout (targets of one ApplicationSet at different commits):
        // JSON objects by `app@cluster`; `{}` (rows written before) means `revision` for every target.
        migrator.registerMigration("v10-rollout-revisions") { db in
            try db.alter(table: "rollout") { table in
                table.add(column: "revisions", .text).notNull().defaults(to: "{}")
                table.add(column: "lastHealthyRevisions", .text).notNull().defaults(to: "{}")
            }
        }
        // App of apps: the child Application documents a parent's last sync applied, which
        // its children follow until the parent is synced again.
        migrator.registerMigration("v11-accepted-children") { db in
            try db.alter(table: "target") { table in
                table.add(column: "acceptedChildren", .text)
            }
        }
        return migrator
    }
}
