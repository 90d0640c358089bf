/// What went wrong talking to PostgreSQL, with the context needed to act on it.
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached or refused the connection.
    case connectionFailed(message: String)
    /// The server rejected a statement; `sqlState` is the five-character SQLSTATE.
    case server(sqlState: String, message: String, detail: String?, statement: String)
    /// A value could not be decoded as the requested Swift type.
    case decoding(column: String, expected: String, found: String)
    /// A result did not have the column asked for.
    case missingColumn(String)
    /// A query expected a row and got none.
    case noRows(statement: String)
    /// No pooled connection became free in time.
    case poolTimeout(seconds: Double)
    /// An identifier (schema, role) did not match the strict pattern.
    case invalidIdentifier(String)
    /// A parameter could not be sent (e.g. a string holding a NUL byte).
    case invalidParameter(index: Int, reason: String)

    public var sqlState: String? {
        if case .server(let state, _, _, _) = self { return state }
        return nil
    }

    public var description: String {
        switch self {
        case .connectionFailed(let message):
            return "cannot connect to PostgreSQL: \(message)"
        case .server(let state, let message, let detail, let statement):
            let firstLine = statement.split(separator: "\n").first.map(String.init) ?? statement
            var text = "PostgreSQL error \(state): \(message)"
            if let detail { text += " (\(detail))" }
            return text + " — in: \(firstLine.prefix(120))"
        case .decoding(let column, let expected, let found):
            return "column \"\(column)\": expected \(expected), found \(found)"
        case .missingColumn(let column):
            return "the result has no column \"\(column)\""
        case .noRows(let statement):
            return "expected a row, got none — in: \(statement.prefix(120))"
        case .poolTimeout(let seconds):
            return "no database connection became free within \(seconds) s"
        case .invalidIdentifier(let name):
            return "invalid SQL identifier \"\(name)\": expected lower-case letters, digits and underscores, starting with a letter, at most 63 characters"
        case .invalidParameter(let index, let reason):
            return "parameter $\(index): \(reason)"
        }
    }
}

/// SQLSTATE codes the platform reacts to.
public enum SQLState {
    public static let insufficientPrivilege = "42501"
    public static let undefinedTable = "42P01"
    public static let duplicateDatabase = "42P04"
}
