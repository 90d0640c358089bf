/// A statement as a value: SQL text with `$n` placeholders plus the values bound to them.
///
/// Interpolating a value binds it as a parameter, so data never becomes SQL text:
/// `let query: Query = "SELECT name FROM venues WHERE id = \(id)"` sends `... WHERE id = $1`.
/// Identifiers go through `\(identifier: …)`, which only accepts a validated, quoted `SQLIdentifier`.
public struct Query: Sendable, Equatable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var parameters: [SQLValue]

    /// SQL text with explicit parameters. (Labelled on purpose: `Query("…")` would be read as a literal.)
    public init(sql: String, parameters: [SQLValue] = []) {
        self.sql = sql
        self.parameters = parameters
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: Interpolation) {
        self.init(sql: stringInterpolation.sql, parameters: stringInterpolation.parameters)
    }

    /// Builds the SQL text and the parameter list side by side.
    public struct Interpolation: StringInterpolationProtocol {
        var sql = ""
        var parameters: [SQLValue] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation<Value: SQLEncodable>(_ value: Value) {
            parameters.append(value.sqlValue)
            sql += "$\(parameters.count)"
        }

        /// An optional binds SQL NULL when nil (spelled out so the compiler does not warn about debug descriptions).
        public mutating func appendInterpolation<Value: SQLEncodable>(_ value: Value?) {
            parameters.append(value?.sqlValue ?? .null)
            sql += "$\(parameters.count)"
        }

        public mutating func appendInterpolation(identifier: SQLIdentifier) {
            sql += identifier.quoted
        }
    }
}
