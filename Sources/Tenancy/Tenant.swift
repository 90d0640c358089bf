import Database
import Foundation

/// A tenant as the catalog knows it: where its data lives and which role may reach it.
public struct Tenant: Sendable, Equatable {
    public var slug: String
    public var displayName: String
    public var hostnames: [String]
    public var schema: SQLIdentifier
    public var role: SQLIdentifier
    public var timeZone: String
    public var status: Status
    public var createdAt: Date

    /// Whether the tenant is served.
    public enum Status: String, Sendable {
        case active
        case suspended
    }
}

/// The rules for names given by operators, checked before anything reaches SQL.
public enum TenantNaming {
    /// `^[a-z][a-z0-9-]{1,40}$`
    public static func validate(slug: String) throws(TenancyError) {
        let bytes = Array(slug.utf8)
        guard (2...41).contains(bytes.count), let first = bytes.first, isLowerLetter(first),
              bytes.allSatisfy({ isLowerLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") })
        else { throw .invalidSlug(slug) }
    }

    /// A DNS name (or `localhost`-style label), lower-case, 253 bytes at most.
    public static func validate(hostname: String) throws(TenancyError) {
        let bytes = Array(hostname.utf8)
        let labels = hostname.split(separator: ".", omittingEmptySubsequences: false)
        guard !bytes.isEmpty, bytes.count <= 253,
              bytes.allSatisfy({ isLowerLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }),
              labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { throw .invalidHostname(hostname) }
    }

    public static func validate(timeZone: String) throws(TenancyError) {
        guard TimeZone(identifier: timeZone) != nil else { throw .unknownTimeZone(timeZone) }
    }

    /// The tenant's schema: `tenant_` and the slug with `-` turned into `_` (slugs hold no `_`, so distinct slugs give distinct names).
    public static func schema(for slug: String) throws -> SQLIdentifier {
        try identifier("tenant_" + slug.replacingOccurrences(of: "-", with: "_"))
    }

    /// Roles are shared by every database of a cluster, so the role name carries the database's name.
    public static func role(for slug: String, database: String) throws -> SQLIdentifier {
        let databasePart = String(database.lowercased().map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber) ? character : "_"
        })
        return try identifier("\(databasePart)_tenant_" + slug.replacingOccurrences(of: "-", with: "_"))
    }

    private static func identifier(_ name: String) throws -> SQLIdentifier {
        guard name.utf8.count <= 63 else { throw TenancyError.nameTooLong(name) }
        return try SQLIdentifier(name)
    }

    private static func isLowerLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
