import Campaign

/// Where the web layer reads tenants and campaigns from (the database in production).
public protocol SiteSource: Sendable {
    /// The active tenant one of whose hostnames is `host` (lower-cased, port removed), or nil.
    func tenant(forHost host: String) throws -> TenantSettings?
    /// The active tenant with this slug, or nil.
    func tenant(slug: String) throws -> TenantSettings?
    /// The tenant's current campaign (the latest), or nil when none is configured.
    func currentCampaign(of tenant: TenantSettings) throws -> Campaign?
    /// Whether the backing store answers (for /healthz).
    func isHealthy() -> Bool
}
