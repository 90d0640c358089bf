import Database
import Foundation

/// One numbered SQL file of `Migrations/platform` or `Migrations/tenant`.
public struct MigrationFile: Sendable, Equatable {
    public var version: Int
    public var name: String
    /// The file's path relative to the project, for messages.
    public var displayPath: String
    public var sql: String
}

/// The ordered migration files of one kind (catalog or tenant).
public struct MigrationSet: Sendable {
    public var files: [MigrationFile]

    public init(files: [MigrationFile]) {
        self.files = files.sorted { $0.version < $1.version }
    }

    /// Reads `NNNN_name.sql` files; anything else in the folder (but dot files and README) is an error.
    public static func load(from directory: URL) throws -> MigrationSet {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TenancyError.migrationsMissing(path: directory.path)
        }
        let kind = directory.lastPathComponent
        var files: [MigrationFile] = []
        var seen: [Int: String] = [:]
        for entry in try manager.contentsOfDirectory(atPath: directory.path).sorted()
        where !entry.hasPrefix(".") && !entry.hasPrefix("README") {
            let displayPath = "Migrations/\(kind)/\(entry)"
            guard entry.hasSuffix(".sql") else {
                throw TenancyError.invalidMigrationFile(path: displayPath, reason: "expected a file named NNNN_name.sql")
            }
            let stem = entry.dropLast(4)
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]), version > 0,
                  parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
            else {
                throw TenancyError.invalidMigrationFile(path: displayPath, reason: "expected a name like 0001_create_tables.sql (four digits, an underscore, lower-case words)")
            }
            if let other = seen[version] {
                throw TenancyError.invalidMigrationFile(path: displayPath, reason: "version \(version) is also used by \(other)")
            }
            seen[version] = entry
            guard let data = manager.contents(atPath: directory.appendingPathComponent(entry).path),
                  let sql = String(data: data, encoding: .utf8)
            else {
                throw TenancyError.invalidMigrationFile(path: displayPath, reason: "cannot be read as UTF-8 text")
            }
            files.append(MigrationFile(version: version, name: String(parts[1]), displayPath: displayPath, sql: sql))
        }
        return MigrationSet(files: files)
    }
}

/// The catalog's and the tenants' migration files, found under the project's `Migrations/`.
public struct MigrationCatalog: Sendable {
    public var platform: MigrationSet
    public var tenant: MigrationSet

    public init(platform: MigrationSet, tenant: MigrationSet) {
        self.platform = platform
        self.tenant = tenant
    }

    public static func load(projectRoot: URL = ProjectLocator.root()) throws -> MigrationCatalog {
        let root = projectRoot.appendingPathComponent("Migrations")
        return MigrationCatalog(platform: try .load(from: root.appendingPathComponent("platform")),
                                tenant: try .load(from: root.appendingPathComponent("tenant")))
    }
}

/// Applies migration files to one schema, recording them in that schema's own ledger.
enum SchemaMigrator {
    /// The ledger lives in the schema it describes so that a tenant carries its own history.
    static func ensureLedger(on connection: Connection, schema: SQLIdentifier) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS \(identifier: schema).schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    /// Must run inside a transaction holding the schema's advisory lock. Returns the files applied.
    static func apply(_ set: MigrationSet, on connection: Connection, schema: SQLIdentifier) throws -> [MigrationFile] {
        try ensureLedger(on: connection, schema: schema)
        let ledger = try connection.execute("SELECT version, checksum FROM \(identifier: schema).schema_migrations")
        var applied: [Int: String] = [:]
        for row in ledger.rows {
            applied[try row.decode("version", as: Int.self)] = try row.decode("checksum", as: String.self)
        }
        var newlyApplied: [MigrationFile] = []
        for file in set.files {
            let checksum = try connection.one("SELECT encode(sha256(convert_to(\(file.sql), 'UTF8')), 'hex') AS sum")
                .decode("sum", as: String.self)
            if let recorded = applied[file.version] {
                guard recorded == checksum else {
                    throw TenancyError.checksumMismatch(file: file.displayPath, schema: schema.name)
                }
                continue
            }
            do {
                try connection.executeScript(file.sql)
            } catch let error as DatabaseError {
                throw TenancyError.migrationFailed(file: file.displayPath, schema: schema.name, underlying: error)
            }
            try connection.execute("""
                INSERT INTO \(identifier: schema).schema_migrations (version, name, checksum)
                VALUES (\(file.version), \(file.name), \(checksum))
                """)
            newlyApplied.append(file)
        }
        return newlyApplied
    }
}
