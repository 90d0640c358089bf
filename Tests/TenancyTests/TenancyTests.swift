import Database
import Foundation
import Testing
@testable import Tenancy

/// The project's real migration files.
private let projectMigrations = Result { try MigrationCatalog.load(projectRoot: repositoryRoot()) }

private func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A registry on a fresh database with the catalog migrated.
private func freshRegistry() throws -> TenantRegistry {
    let scratch = try ScratchDatabase.create()
    let registry = TenantRegistry(pool: ConnectionPool(conninfo: scratch.conninfo, capacity: 4))
    _ = try registry.migrateCatalog(try projectMigrations.get().platform)
    return registry
}

private func temporaryMigrations(_ files: [String: String]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("civic-migrations-\(UUID().uuidString)/tenant")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, sql) in files {
        try sql.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return directory
}

@Suite("Tenant naming")
struct TenantNamingTests {
    @Test(arguments: ["pas-de-calais", "ab", "gironde33", "a" + String(repeating: "b", count: 40)])
    func acceptsValidSlugs(_ slug: String) throws {
        try TenantNaming.validate(slug: slug)
    }

    @Test(arguments: ["", "a", "Paris", "1commune", "pas_de_calais", "a b", "-x", "é-ville", "a" + String(repeating: "b", count: 41), "x\";drop"])
    func rejectsInvalidSlugs(_ slug: String) {
        #expect(throws: TenancyError.self) { try TenantNaming.validate(slug: slug) }
    }

    @Test func explainsWhatASlugMustLookLike() {
        let message = TenancyError.invalidSlug("Pas de Calais").description
        #expect(message.contains("Pas de Calais"))
        #expect(message.contains("^[a-z][a-z0-9-]{1,40}$"))
    }

    @Test func derivesDistinctSchemaAndRoleNames() throws {
        #expect(try TenantNaming.schema(for: "pas-de-calais").name == "tenant_pas_de_calais")
        #expect(try TenantNaming.role(for: "pas-de-calais", database: "civic").name == "civic_tenant_pas_de_calais")
        #expect(try TenantNaming.role(for: "x1", database: "My-DB").name == "my_db_tenant_x1")
    }

    @Test func rejectsBadHostnamesAndTimeZones() {
        #expect(throws: TenancyError.self) { try TenantNaming.validate(hostname: "bad host") }
        #expect(throws: TenancyError.self) { try TenantNaming.validate(hostname: "-x.fr") }
        #expect(throws: TenancyError.self) { try TenantNaming.validate(timeZone: "Europe/Lille") }
        #expect((try? TenantNaming.validate(hostname: "budgetcitoyen.pasdecalais.fr")) != nil)
    }
}

@Suite("Tenants on a real PostgreSQL")
struct TenantRegistryTests {
    @Test func createsATenantWithItsSchemaRoleAndMigrations() throws {
        let registry = try freshRegistry()
        let tenant = try registry.createTenant(slug: "pas-de-calais", displayName: "Département du Pas-de-Calais",
                                               hostnames: ["Budget.Example.fr", "pdc.localhost"],
                                               migrations: try projectMigrations.get().tenant)
        #expect(tenant.schema.name == "tenant_pas_de_calais")
        #expect(tenant.hostnames == ["budget.example.fr", "pdc.localhost"])
        #expect(try registry.tenants().map(\.slug) == ["pas-de-calais"])
        #expect(try registry.tenant(forHost: "PDC.localhost")?.slug == "pas-de-calais")
        #expect(try registry.tenant(forHost: "other.localhost") == nil)
        let ledger = try registry.withTenant(tenant) { connection in
            try connection.execute("SELECT version, name FROM schema_migrations ORDER BY version")
        }
        #expect(ledger.rows.count == (try projectMigrations.get().tenant.files.count))
        let owner = try registry.pool.withConnection { connection in
            try connection.one("SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'tenant_pas_de_calais'")
                .decode("owner", as: String.self)
        }
        #expect(owner == tenant.role.name)
    }

    @Test func refusesADuplicateTenantOrHostnameAndKeepsNothing() throws {
        let registry = try freshRegistry()
        let migrations = try projectMigrations.get().tenant
        try registry.createTenant(slug: "alpha", displayName: "Alpha", hostnames: ["alpha.localhost"], migrations: migrations)
        #expect(throws: TenancyError.self) {
            try registry.createTenant(slug: "alpha", displayName: "Alpha", hostnames: [], migrations: migrations)
        }
        do {
            try registry.createTenant(slug: "beta", displayName: "Beta", hostnames: ["alpha.localhost"], migrations: migrations)
            Issue.record("a taken hostname must be refused")
        } catch let error as TenancyError {
            #expect(error.description.contains("alpha.localhost"))
            #expect(error.description.contains("\"alpha\""))
        }
        #expect(try registry.tenants().map(\.slug) == ["alpha"])
        let schemas = try registry.pool.withConnection { connection in
            try connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'tenant_beta'")
        }
        #expect(schemas.isEmpty)
    }

    @Test func refusesToReadAnotherTenantsTablesEvenWhenSchemaQualified() throws {
        let registry = try freshRegistry()
        let migrations = try projectMigrations.get().tenant
        let alpha = try registry.createTenant(slug: "alpha", displayName: "Alpha", hostnames: [], migrations: migrations)
        let beta = try registry.createTenant(slug: "beta", displayName: "Beta", hostnames: [], migrations: migrations)
        try registry.withTenant(beta) { connection in
            try connection.execute("INSERT INTO territories (campaign_id, id, position, name) SELECT 'x', 'y', 0, 'z' WHERE false")
        }
        for statement in ["SELECT * FROM tenant_beta.campaigns", "SELECT * FROM platform.tenants",
                          "CREATE TABLE public.leak (x int)", "SELECT * FROM tenant_beta.schema_migrations"] {
            do {
                try registry.withTenant(alpha) { connection in
                    try connection.execute(Query(sql: statement))
                }
                Issue.record("\(statement) must be refused")
            } catch let error as DatabaseError {
                #expect(error.sqlState == SQLState.insufficientPrivilege, "\(statement): \(error)")
            }
        }
        // Its own tables are reachable without a schema name.
        let count = try registry.withTenant(alpha) { connection in
            try connection.one("SELECT count(*) AS n FROM campaigns").decode("n", as: Int.self)
        }
        #expect(count == 0)
    }

    @Test func leavesNoRoleOrPathOnThePooledConnection() throws {
        let registry = try freshRegistry()
        let tenant = try registry.createTenant(slug: "alpha", displayName: "Alpha", hostnames: [],
                                               migrations: try projectMigrations.get().tenant)
        let inside = try registry.withTenant(tenant) { connection in
            try connection.one("SELECT current_user AS who").decode("who", as: String.self)
        }
        #expect(inside == tenant.role.name)
        let after = try registry.pool.withConnection { connection in
            try connection.one("SELECT current_user AS who, current_setting('search_path') AS path")
        }
        #expect(try after.decode("who", as: String.self) != tenant.role.name)
        #expect(try after.decode("path", as: String.self) == "\"$user\", public")
    }

    @Test func refusesAnAppliedMigrationWhoseFileChanged() throws {
        let registry = try freshRegistry()
        let directory = try temporaryMigrations(["0001_things.sql": "CREATE TABLE things (id int);"])
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try registry.createTenant(slug: "alpha", displayName: "Alpha", hostnames: [], migrations: try MigrationSet.load(from: directory))
        try "CREATE TABLE things (id bigint);".write(to: directory.appendingPathComponent("0001_things.sql"), atomically: true, encoding: .utf8)
        let catalog = MigrationCatalog(platform: try projectMigrations.get().platform, tenant: try MigrationSet.load(from: directory))
        let reports = try registry.migrateAll(catalog)
        let failure = try #require(reports.first { $0.tenant == "alpha" }?.failure)
        #expect(failure.contains("Migrations/tenant/0001_things.sql"))
        #expect(failure.contains("tenant_alpha"))
        #expect(failure.contains("checksum"))
    }

    @Test func leavesATenantExactlyAsItWasWhenAMigrationFails() throws {
        let registry = try freshRegistry()
        let directory = try temporaryMigrations(["0001_things.sql": "CREATE TABLE things (id int);"])
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let alpha = try registry.createTenant(slug: "alpha", displayName: "Alpha", hostnames: [],
                                              migrations: try MigrationSet.load(from: directory))
        let beta = try registry.createTenant(slug: "beta", displayName: "Beta", hostnames: [],
                                             migrations: try MigrationSet.load(from: directory))
        // Alpha holds a row that makes the second step of 0002 fail there, and only there.
        try registry.withTenant(alpha) { connection in try connection.execute("INSERT INTO things VALUES (\(-1))") }
        try """
        CREATE TABLE more_things (id int);
        ALTER TABLE things ADD CONSTRAINT positive CHECK (id >= 0);
        """.write(to: directory.appendingPathComponent("0002_more.sql"), atomically: true, encoding: .utf8)
        let catalog = MigrationCatalog(platform: try projectMigrations.get().platform, tenant: try MigrationSet.load(from: directory))
        let reports = try registry.migrateAll(catalog)
        let alphaReport = try #require(reports.first { $0.tenant == "alpha" })
        let betaReport = try #require(reports.first { $0.tenant == "beta" })
        #expect(alphaReport.failure?.contains("0002_more.sql") == true)
        #expect(betaReport.failure == nil)
        #expect(betaReport.applied == ["Migrations/tenant/0002_more.sql"])
        let alphaTables = try registry.withTenant(alpha) { connection in
            try connection.execute("SELECT 1 FROM pg_tables WHERE schemaname = 'tenant_alpha' AND tablename = 'more_things'")
        }
        #expect(alphaTables.isEmpty)
        let alphaLedger = try registry.withTenant(alpha) { connection in
            try connection.one("SELECT max(version) AS v FROM schema_migrations").decode("v", as: Int.self)
        }
        #expect(alphaLedger == 1)
        _ = beta
        // A rerun resumes: once the bad row is gone, alpha catches up.
        try registry.withTenant(alpha) { connection in try connection.execute("DELETE FROM things") }
        let rerun = try registry.migrateAll(catalog)
        #expect(rerun.first { $0.tenant == "alpha" }?.applied == ["Migrations/tenant/0002_more.sql"])
        #expect(rerun.first { $0.tenant == "beta" }?.applied == [])
    }

    @Test func reportsAMisnamedMigrationFile() throws {
        let directory = try temporaryMigrations(["1_oops.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        do {
            _ = try MigrationSet.load(from: directory)
            Issue.record("a misnamed file must be refused")
        } catch let error as TenancyError {
            #expect(error.description.contains("1_oops.sql"))
            #expect(error.description.contains("0001_"))
        }
    }
}
