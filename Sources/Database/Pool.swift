import Foundation

/// A bounded, thread-safe pool of connections to one database.
///
/// Connections are opened lazily up to `capacity`; a caller waits (up to `timeout`)
/// when all are busy. A returned connection is reset (rollback, `DISCARD ALL`) so that
/// no session state leaks to the next user; a broken one is closed and replaced later.
public final class ConnectionPool: @unchecked Sendable {
    public let conninfo: String
    public let capacity: Int
    public let timeout: TimeInterval

    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var openCount = 0

    public init(conninfo: String, capacity: Int = 8, timeout: TimeInterval = 10) {
        self.conninfo = conninfo
        self.capacity = max(1, capacity)
        self.timeout = timeout
    }

    /// Lends a connection to `body` and takes it back, whatever `body` does.
    @discardableResult
    public func withConnection<Value>(_ body: (Connection) throws -> Value) throws -> Value {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Runs `body` in a transaction on a pooled connection.
    @discardableResult
    public func transaction<Value>(_ body: (Connection) throws -> Value) throws -> Value {
        try withConnection { connection in try connection.transaction(body) }
    }

    /// The number of connections currently open (idle or lent).
    public var openConnections: Int {
        condition.lock()
        defer { condition.unlock() }
        return openCount
    }

    private func checkOut() throws -> Connection {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        while true {
            if let connection = idle.popLast() {
                condition.unlock()
                return connection
            }
            if openCount < capacity {
                openCount += 1
                condition.unlock()
                do {
                    return try Connection(conninfo: conninfo)
                } catch {
                    condition.lock()
                    openCount -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            if !condition.wait(until: deadline) {
                condition.unlock()
                throw DatabaseError.poolTimeout(seconds: timeout)
            }
        }
    }

    private func checkIn(_ connection: Connection) {
        let reusable = connection.reset()
        condition.lock()
        if reusable {
            idle.append(connection)
        } else {
            openCount -= 1
        }
        condition.signal()
        condition.unlock()
    }
}
