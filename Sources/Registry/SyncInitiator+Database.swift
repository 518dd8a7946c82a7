import GRDB

/// Stored as its plain text form (`automated`, `user:NAME`, `token:NAME`).
extension SyncInitiator: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ value: DatabaseValue) -> SyncInitiator? {
        String.fromDatabaseValue(value).flatMap(SyncInitiator.init(stored:))
    }
}
