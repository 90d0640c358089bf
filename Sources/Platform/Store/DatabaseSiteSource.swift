import Campaign
import Database
import Foundation
import Tenancy

/// The web layer's source in production: tenants from the catalog, their settings and
/// campaigns from their own schema, each read in a tenant-scoped transaction.
public struct DatabaseSiteSource: SiteSource {
    public let registry: TenantRegistry
    /// The tenant served when the Host header names none (e.g. http://127.0.0.1:8080/ on a laptop).
    public let defaultTenantSlug: String?

    public init(registry: TenantRegistry, defaultTenantSlug: String? = nil) {
        self.registry = registry
        self.defaultTenantSlug = defaultTenantSlug
    }

    public func tenant(forHost host: String) throws -> TenantSettings? {
        if let tenant = try registry.tenant(forHost: host), tenant.status == .active {
            return try settings(of: tenant)
        }
        guard let defaultTenantSlug else { return nil }
        return try tenant(slug: defaultTenantSlug)
    }

    public func tenant(slug: String) throws -> TenantSettings? {
        guard let tenant = try registry.tenant(slug: slug), tenant.status == .active else { return nil }
        return try settings(of: tenant)
    }

    public func currentCampaign(of settings: TenantSettings) throws -> Campaign? {
        guard let tenant = try registry.tenant(slug: settings.slug), tenant.status == .active else { return nil }
        return try CampaignStore(registry: registry).currentCampaign(of: tenant)
    }

    public func isHealthy() -> Bool {
        (try? registry.pool.withConnection { connection in try connection.execute("SELECT 1") }) != nil
    }

    /// The applied settings, or the catalog's facts with a neutral vocabulary before any configuration.
    private func settings(of tenant: Tenant) throws -> TenantSettings {
        if let stored = try CampaignStore(registry: registry).settings(of: tenant) {
            return stored
        }
        return TenantSettings(slug: tenant.slug, displayName: tenant.displayName, hostnames: tenant.hostnames,
                              timeZone: tenant.timeZone,
                              vocabulary: Vocabulary(venueSingular: "lieu", venuePlural: "lieux", venuesPath: "lieux"))
    }
}
