import Database
import Foundation
import Tenancy

/// How a command reaches the platform's database: `DATABASE_URL` when set, otherwise the
/// project's private cluster, started on demand.
struct PlatformContext {
    let registry: TenantRegistry
    let migrations: MigrationCatalog
    /// What bringing the catalog up to date did on connecting.
    let catalogReport: TenantRegistry.SchemaReport

    static func connect(poolSize: Int = 4) throws -> PlatformContext {
        let environment = ProcessInfo.processInfo.environment
        let conninfo: String
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            conninfo = url
        } else {
            do {
                conninfo = try LocalCluster.forCurrentProject().start()
            } catch {
                throw CommandError("cannot start the private PostgreSQL: \(error)", exitCode: ExitCode.unavailable)
            }
        }
        let pool = ConnectionPool(conninfo: conninfo, capacity: poolSize)
        do {
            try pool.withConnection { _ in }
        } catch {
            throw CommandError("\(error)", exitCode: ExitCode.unavailable)
        }
        let migrations = try MigrationCatalog.load()
        let registry = TenantRegistry(pool: pool)
        // Every command needs the catalog; bringing it up to date is idempotent and cheap.
        let catalogReport = try registry.migrateCatalog(migrations.platform)
        return PlatformContext(registry: registry, migrations: migrations, catalogReport: catalogReport)
    }

    /// The tenant, or an error naming the slug.
    func tenant(_ slug: String) throws -> Tenant {
        guard let tenant = try registry.tenant(slug: slug) else {
            throw CommandError(TenancyError.unknownTenant(slug).description, exitCode: ExitCode.dataError)
        }
        return tenant
    }
}
