/// The rows of a result, copied out of libpq so the C result can be freed at once.
public struct ResultSet: Sendable {
    public let columns: [String]
    public let rows: [Row]
    /// The count reported by the server for INSERT/UPDATE/DELETE (`PQcmdTuples`), 0 otherwise.
    public let affectedRows: Int

    public var isEmpty: Bool { rows.isEmpty }
    public var first: Row? { rows.first }
}

/// One row of a result: values in text format, decoded on demand with errors naming the column.
public struct Row: Sendable {
    let columnIndex: [String: Int]
    let values: [String?]

    init(columnIndex: [String: Int], values: [String?]) {
        self.columnIndex = columnIndex
        self.values = values
    }

    /// Decodes a non-null column.
    public func decode<Value: SQLDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard let index = columnIndex[column] else { throw DatabaseError.missingColumn(column) }
        guard let text = values[index] else {
            throw DatabaseError.decoding(column: column, expected: Value.sqlTypeDescription, found: "NULL")
        }
        guard let value = Value(sqlText: text) else {
            throw DatabaseError.decoding(column: column, expected: Value.sqlTypeDescription, found: "\"\(text.prefix(60))\"")
        }
        return value
    }

    /// Decodes a nullable column.
    public func decodeIfPresent<Value: SQLDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        guard let index = columnIndex[column] else { throw DatabaseError.missingColumn(column) }
        guard let text = values[index] else { return nil }
        guard let value = Value(sqlText: text) else {
            throw DatabaseError.decoding(column: column, expected: Value.sqlTypeDescription, found: "\"\(text.prefix(60))\"")
        }
        return value
    }

    /// Whether the column holds SQL NULL.
    public func isNull(_ column: String) throws -> Bool {
        guard let index = columnIndex[column] else { throw DatabaseError.missingColumn(column) }
        return values[index] == nil
    }
}
