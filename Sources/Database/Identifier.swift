/// A validated SQL identifier (schema, role, table name) that is always quoted when written into SQL.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// Accepts `^[a-z][a-z0-9_]{0,62}$` only, so that quoting can never be escaped from.
    public init(_ name: String) throws {
        guard SQLIdentifier.isValid(name) else { throw DatabaseError.invalidIdentifier(name) }
        self.name = name
    }

    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    /// The identifier in double quotes, ready for SQL text.
    public var quoted: String { "\"\(name)\"" }
    public var description: String { quoted }
}
