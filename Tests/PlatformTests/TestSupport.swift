import Campaign
import Database
import Foundation
import Platform
import Tenancy

/// The repository's root folder, from this file's path.
func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// A shipped configuration file, loaded and validated.
func shippedDocument(_ relativePath: String) throws -> CampaignDocument {
    try CampaignConfiguration.load(contentsOf: repositoryRoot().appendingPathComponent(relativePath))
}

let pasDeCalaisFile = "config/tenants/pas-de-calais/campaign-2023.json"
let exampleCommuneFile = "config/tenants/exemple-commune/campaign-2024.json"

/// A fresh database with the catalog migrated, and a registry on it.
func freshRegistry(poolSize: Int = 4) throws -> TenantRegistry {
    let scratch = try ScratchDatabase.create()
    let registry = TenantRegistry(pool: ConnectionPool(conninfo: scratch.conninfo, capacity: poolSize))
    let migrations = try MigrationCatalog.load(projectRoot: repositoryRoot())
    _ = try registry.migrateCatalog(migrations.platform)
    return registry
}

/// Creates the tenant of a shipped configuration (with its hostnames) and applies the file.
@discardableResult
func provision(_ relativePath: String, in registry: TenantRegistry) throws -> Tenant {
    let document = try shippedDocument(relativePath)
    let migrations = try MigrationCatalog.load(projectRoot: repositoryRoot())
    let tenant = try registry.createTenant(slug: document.tenant.slug, displayName: document.tenant.displayName,
                                           hostnames: document.tenant.hostnames, timeZone: document.tenant.timeZone,
                                           migrations: migrations.tenant)
    try CampaignStore(registry: registry).apply(document, to: tenant)
    return try registry.tenant(slug: tenant.slug) ?? tenant
}
