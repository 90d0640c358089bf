import Database
import Foundation

/// The platform's database: the tenant catalog, tenant provisioning, tenant-scoped
/// transactions and migrations. Connects as the platform's owner role; tenant work
/// drops to the tenant's role for the length of one transaction.
public final class TenantRegistry: Sendable {
    public let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    // MARK: - Tenant-scoped work

    /// Runs `body` in one transaction that can see only the tenant's schema: the transaction
    /// starts with a transaction-local `search_path` and `SET LOCAL ROLE`, so nothing outlives
    /// it on the pooled connection, and PostgreSQL itself refuses access to other schemas.
    @discardableResult
    public func withTenant<Value>(_ tenant: Tenant, _ body: (Connection) throws -> Value) throws -> Value {
        try pool.transaction { connection in
            try Self.enter(tenant, on: connection)
            return try body(connection)
        }
    }

    /// Turns the caller's open transaction into the tenant's: only for code that must first
    /// do catalog work in the same transaction (e.g. applying a configuration atomically).
    public static func enter(_ tenant: Tenant, on connection: Connection) throws {
        try connection.execute("SELECT set_config('search_path', \(tenant.schema.quoted), true)")
        try connection.execute("SET LOCAL ROLE \(identifier: tenant.role)")
    }

    // MARK: - Catalog

    /// Every tenant, by slug.
    public func tenants() throws -> [Tenant] {
        try pool.withConnection { connection in
            try Self.readTenants(connection, where: "true", parameters: [])
        }
    }

    /// The tenant with this slug, or nil.
    public func tenant(slug: String) throws -> Tenant? {
        guard (try? TenantNaming.validate(slug: slug)) != nil else { return nil }
        return try pool.withConnection { connection in
            try Self.readTenants(connection, where: "t.slug = $1", parameters: [slug.sqlValue]).first
        }
    }

    /// The tenant one of whose hostnames is `hostname` (compared lower-case), or nil.
    public func tenant(forHost hostname: String) throws -> Tenant? {
        let host = hostname.lowercased()
        return try pool.withConnection { connection in
            try Self.readTenants(connection,
                                 where: "t.slug = (SELECT tenant_slug FROM platform.tenant_hosts WHERE hostname = $1)",
                                 parameters: [host.sqlValue]).first
        }
    }

    private static func readTenants(_ connection: Connection, where condition: String, parameters: [SQLValue]) throws -> [Tenant] {
        // `condition` is one of the constant strings above, never data.
        let result = try connection.execute(Query(sql: """
            SELECT t.slug, t.display_name, t.schema_name, t.role_name, t.time_zone, t.status, t.created_at,
                   coalesce(array(SELECT h.hostname FROM platform.tenant_hosts h
                                  WHERE h.tenant_slug = t.slug ORDER BY h.position), '{}') AS hostnames
            FROM platform.tenants t
            WHERE \(condition)
            ORDER BY t.slug
            """, parameters: parameters))
        return try result.rows.map { row in
            Tenant(slug: try row.decode("slug"),
                   displayName: try row.decode("display_name"),
                   hostnames: try row.decode("hostnames"),
                   schema: try SQLIdentifier(try row.decode("schema_name")),
                   role: try SQLIdentifier(try row.decode("role_name")),
                   timeZone: try row.decode("time_zone"),
                   status: Tenant.Status(rawValue: try row.decode("status")) ?? .suspended,
                   createdAt: try row.decode("created_at"))
        }
    }

    /// Brings the catalog entry in line with a configuration, inside the caller's transaction
    /// (before it enters the tenant): display name, time zone, and any hostname not yet listed.
    public func updateCatalogEntry(of tenant: Tenant, displayName: String, timeZone: String,
                                   addingHostnames hostnames: [String], on connection: Connection) throws {
        try TenantNaming.validate(timeZone: timeZone)
        try connection.execute("""
            UPDATE platform.tenants SET display_name = \(displayName), time_zone = \(timeZone)
            WHERE slug = \(tenant.slug) AND (display_name, time_zone) IS DISTINCT FROM (\(displayName), \(timeZone))
            """)
        var position = tenant.hostnames.count
        for host in hostnames.map({ $0.lowercased() }) where !tenant.hostnames.contains(host) {
            try TenantNaming.validate(hostname: host)
            let owner = try connection.execute("SELECT tenant_slug FROM platform.tenant_hosts WHERE hostname = \(host)")
            if let row = owner.first {
                throw TenancyError.hostnameTaken(hostname: host, tenant: try row.decode("tenant_slug"))
            }
            try connection.execute("""
                INSERT INTO platform.tenant_hosts (hostname, tenant_slug, position) VALUES (\(host), \(tenant.slug), \(position))
                """)
            position += 1
        }
    }

    // MARK: - Provisioning

    /// Creates the tenant's catalog entry, its role and schema, and migrates the schema:
    /// all in one transaction, so a failure leaves nothing behind.
    @discardableResult
    public func createTenant(slug: String, displayName: String, hostnames: [String], timeZone: String = "Europe/Paris",
                             migrations: MigrationSet) throws -> Tenant {
        try TenantNaming.validate(slug: slug)
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw TenancyError.invalidDisplayName }
        let hosts = hostnames.map { $0.lowercased() }
        for host in hosts { try TenantNaming.validate(hostname: host) }
        try TenantNaming.validate(timeZone: timeZone)

        return try pool.transaction { connection in
            let database: String = try connection.one("SELECT current_database() AS name").decode("name")
            let schema = try TenantNaming.schema(for: slug)
            let role = try TenantNaming.role(for: slug, database: database)
            if try !connection.execute("SELECT 1 FROM platform.tenants WHERE slug = \(slug)").isEmpty {
                throw TenancyError.tenantExists(slug)
            }
            for host in hosts {
                let owner = try connection.execute("SELECT tenant_slug FROM platform.tenant_hosts WHERE hostname = \(host)")
                if let row = owner.first {
                    throw TenancyError.hostnameTaken(hostname: host, tenant: try row.decode("tenant_slug"))
                }
            }
            try connection.execute("""
                INSERT INTO platform.tenants (slug, display_name, schema_name, role_name, time_zone)
                VALUES (\(slug), \(name), \(schema.name), \(role.name), \(timeZone))
                """)
            for (position, host) in Set(hosts).sorted().enumerated() {
                try connection.execute("""
                    INSERT INTO platform.tenant_hosts (hostname, tenant_slug, position) VALUES (\(host), \(slug), \(position))
                    """)
            }
            // A role of its own that can log in nowhere and owns only its schema.
            try connection.execute("CREATE ROLE \(identifier: role) NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION")
            try connection.execute("GRANT \(identifier: role) TO CURRENT_USER")
            try connection.execute("CREATE SCHEMA \(identifier: schema) AUTHORIZATION \(identifier: role)")
            let tenant = try Self.readTenants(connection, where: "t.slug = $1", parameters: [slug.sqlValue])
            guard let created = tenant.first else { throw TenancyError.unknownTenant(slug) }
            _ = try migrate(created, with: migrations, on: connection)
            return created
        }
    }

    // MARK: - Migrations

    /// The outcome of migrating one schema.
    public struct SchemaReport: Sendable {
        public var schema: String
        public var tenant: String?
        public var applied: [String]
        public var failure: String?
    }

    /// Applies the catalog's pending files, then every tenant's, each tenant in its own
    /// transaction under its own advisory lock and in parallel; a failing tenant is left
    /// exactly as it was and the others go on.
    public func migrateAll(_ catalog: MigrationCatalog, parallelism: Int = 2) throws -> [SchemaReport] {
        var reports = [try migrateCatalog(catalog.platform)]
        let tenants = try self.tenants()
        let results = ReportCollector(count: tenants.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, parallelism)
        for (index, tenant) in tenants.enumerated() {
            queue.addOperation { [self] in
                let report: SchemaReport
                do {
                    let applied = try pool.transaction { connection in
                        try migrate(tenant, with: catalog.tenant, on: connection)
                    }
                    report = SchemaReport(schema: tenant.schema.name, tenant: tenant.slug,
                                          applied: applied.map(\.displayPath), failure: nil)
                } catch {
                    report = SchemaReport(schema: tenant.schema.name, tenant: tenant.slug, applied: [],
                                          failure: "\(error)")
                }
                results.set(index, report)
            }
        }
        queue.waitUntilAllOperationsAreFinished()
        reports.append(contentsOf: results.reports)
        return reports
    }

    /// Creates the catalog schema if needed and applies its pending files in one transaction.
    public func migrateCatalog(_ set: MigrationSet) throws -> SchemaReport {
        let schema = try SQLIdentifier("platform")
        let applied = try pool.transaction { connection -> [MigrationFile] in
            try connection.execute("SELECT pg_advisory_xact_lock(hashtext('civic:migrate:catalog'))")
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: schema)")
            try connection.execute("SELECT set_config('search_path', \(schema.quoted), true)")
            return try SchemaMigrator.apply(set, on: connection, schema: schema)
        }
        return SchemaReport(schema: schema.name, tenant: nil, applied: applied.map(\.displayPath), failure: nil)
    }

    /// Migrates one tenant inside the caller's transaction, as the tenant's own role.
    func migrate(_ tenant: Tenant, with set: MigrationSet, on connection: Connection) throws -> [MigrationFile] {
        try connection.execute("SELECT pg_advisory_xact_lock(hashtext('civic:migrate:' || \(tenant.schema.name)))")
        try Self.enter(tenant, on: connection)
        let applied = try SchemaMigrator.apply(set, on: connection, schema: tenant.schema)
        try connection.execute("RESET ROLE")
        return applied
    }
}

/// Collects per-tenant reports written from several threads.
private final class ReportCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [TenantRegistry.SchemaReport?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ report: TenantRegistry.SchemaReport) {
        lock.lock()
        slots[index] = report
        lock.unlock()
    }

    var reports: [TenantRegistry.SchemaReport] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
