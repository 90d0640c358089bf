import Database

/// What went wrong provisioning, resolving or migrating tenants, in words an operator can act on.
public enum TenancyError: Error, Sendable, CustomStringConvertible {
    case invalidSlug(String)
    case invalidHostname(String)
    case invalidDisplayName
    case unknownTimeZone(String)
    case tenantExists(String)
    case hostnameTaken(hostname: String, tenant: String)
    case unknownTenant(String)
    case nameTooLong(String)
    case invalidMigrationFile(path: String, reason: String)
    case checksumMismatch(file: String, schema: String)
    case migrationFailed(file: String, schema: String, underlying: DatabaseError)
    case migrationsMissing(path: String)

    public var description: String {
        switch self {
        case .invalidSlug(let slug):
            return "invalid tenant slug \"\(slug)\": expected 2 to 41 characters, lower-case letters, digits and hyphens, starting with a letter (^[a-z][a-z0-9-]{1,40}$)"
        case .invalidHostname(let host):
            return "invalid hostname \"\(host)\": expected lower-case letters, digits, dots and hyphens (e.g. budget.example.fr)"
        case .invalidDisplayName:
            return "the tenant's display name (--name) must not be empty"
        case .unknownTimeZone(let zone):
            return "unknown time zone \"\(zone)\": expected an IANA name such as Europe/Paris"
        case .tenantExists(let slug):
            return "a tenant \"\(slug)\" already exists"
        case .hostnameTaken(let host, let tenant):
            return "hostname \"\(host)\" is already used by tenant \"\(tenant)\""
        case .unknownTenant(let slug):
            return "no tenant \"\(slug)\" (see `civic tenant list`)"
        case .nameTooLong(let name):
            return "derived database name \"\(name)\" is longer than PostgreSQL's 63 bytes: use a shorter slug or database name"
        case .invalidMigrationFile(let path, let reason):
            return "\(path): \(reason)"
        case .checksumMismatch(let file, let schema):
            return "\(file) was already applied to schema \(schema) and has changed since (checksum differs): add a new migration file instead of editing an applied one"
        case .migrationFailed(let file, let schema, let underlying):
            return "\(file) failed on schema \(schema); nothing of it was kept: \(underlying)"
        case .migrationsMissing(let path):
            return "no migrations folder at \(path) (set CIVIC_HOME to the project folder)"
        }
    }
}
