import CLibPQ
import Foundation

/// One libpq connection. Used by one thread at a time (the pool hands it out exclusively).
public final class Connection: @unchecked Sendable {
    private let handle: OpaquePointer

    /// Opens a connection from a conninfo string or a `postgresql://` URL.
    ///
    /// The session's DateStyle and TimeZone are fixed at start-up (they become the
    /// session defaults, so `DISCARD ALL` keeps them) because decoding relies on them.
    public init(conninfo: String) throws {
        let keywords = ["dbname", "options", "client_encoding", "application_name"]
        let values = [conninfo, "-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=iso_8601 -c client_min_messages=warning", "UTF8", "civic"]
        let connection: OpaquePointer? = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw DatabaseError.connectionFailed(message: "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw DatabaseError.connectionFailed(message: message)
        }
        handle = connection
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the socket is still usable.
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction block is open (or failed and awaiting rollback).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs one statement with its bound parameters and returns the rows.
    @discardableResult
    public func execute(_ query: Query) throws -> ResultSet {
        let parameters = query.parameters
        for (offset, parameter) in parameters.enumerated() {
            if let text = parameter.wireText, text.utf8.contains(0) {
                throw DatabaseError.invalidParameter(index: offset + 1, reason: "text contains a NUL byte")
            }
        }
        let result: OpaquePointer? = withOptionalCStringArray(parameters.map(\.wireText)) { pointers in
            PQexecParams(handle, query.sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        guard let result else {
            throw DatabaseError.connectionFailed(message: String(cString: PQerrorMessage(handle)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Self.copy(result)
        default:
            throw Self.error(from: result, connection: handle, statement: query.sql)
        }
    }

    /// Runs SQL text that may hold several statements and no parameters (migration files).
    public func executeScript(_ sql: String) throws {
        guard let result = PQexec(handle, sql) else {
            throw DatabaseError.connectionFailed(message: String(cString: PQerrorMessage(handle)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            throw Self.error(from: result, connection: handle, statement: sql)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// Nested calls use a savepoint, so an inner failure undoes only the inner work.
    @discardableResult
    public func transaction<Value>(_ body: (Connection) throws -> Value) throws -> Value {
        if isInTransaction {
            try execute("SAVEPOINT civic_nested")
            do {
                let value = try body(self)
                try execute("RELEASE SAVEPOINT civic_nested")
                return value
            } catch {
                _ = try? execute("ROLLBACK TO SAVEPOINT civic_nested")
                throw error
            }
        }
        try execute("BEGIN")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if isHealthy { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Brings a returned connection back to a clean session: no open transaction, no
    /// session state (`DISCARD ALL` drops prepared statements, temp tables, settings, locks).
    func reset() -> Bool {
        guard isHealthy else { return false }
        if isInTransaction {
            guard (try? execute("ROLLBACK")) != nil else { return false }
        }
        return (try? execute("DISCARD ALL")) != nil
    }

    private static func copy(_ result: OpaquePointer) -> ResultSet {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String] = []
        var columnIndex: [String: Int] = [:]
        for column in 0..<columnCount {
            let name = String(cString: PQfname(result, Int32(column)))
            columns.append(name)
            if columnIndex[name] == nil { columnIndex[name] = column }
        }
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
            rows.append(Row(columnIndex: columnIndex, values: values))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return ResultSet(columns: columns, rows: rows, affectedRows: affected)
    }

    private static func error(from result: OpaquePointer, connection: OpaquePointer, statement: String) -> DatabaseError {
        func field(_ code: UInt8) -> String? {
            guard let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        guard let state = field(UInt8(ascii: "C")) else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            return .connectionFailed(message: message)
        }
        return .server(sqlState: state,
                       message: field(UInt8(ascii: "M")) ?? "unknown error",
                       detail: field(UInt8(ascii: "D")),
                       statement: statement)
    }
}

extension Connection {
    /// Runs a query and returns its only (first) row, or throws `.noRows`.
    public func one(_ query: Query) throws -> Row {
        guard let row = try execute(query).first else { throw DatabaseError.noRows(statement: query.sql) }
        return row
    }
}

private func withCStringArray<Result>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
    withOptionalCStringArray(strings.map { Optional($0) }) { pointers in
        body(pointers + [nil])
    }
}

/// Keeps C copies of the strings alive for the duration of `body`; nil stays a NULL pointer.
private func withOptionalCStringArray<Result>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { string in string.map { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}
