@testable import Database
import Foundation
import Testing

/// A fresh database for this suite, in the project's private cluster.
private let scratch: Result<String, Error> = Result { try ScratchDatabase.create().conninfo }

private func conninfo() throws -> String { try scratch.get() }

@Suite("Connection and queries on a real PostgreSQL")
struct ConnectionTests {
    @Test func bindsParametersInsteadOfSplicingThem() throws {
        let connection = try Connection(conninfo: conninfo())
        let hostile = "x'); DROP TABLE pg_class; --"
        let row = try connection.one("SELECT \(hostile)::text AS echoed, \(42) + 1 AS answer")
        #expect(try row.decode("echoed", as: String.self) == hostile)
        #expect(try row.decode("answer", as: Int.self) == 43)
    }

    @Test func decodesTypedColumns() throws {
        let connection = try Connection(conninfo: conninfo())
        let row = try connection.one("""
            SELECT true AS yes, NULL::int AS nothing, '2023-03-15 12:00:00+02'::timestamptz AS instant,
                   '2023-09-30'::date AS day, 'a5c0f1e2-3b4d-4e5f-8a9b-0c1d2e3f4a5b'::uuid AS id,
                   ARRAY['un', 'deux trois', 'qu"atre'] AS words, ARRAY[1, 2, 3] AS numbers,
                   12345678901234::bigint AS cents
            """)
        #expect(try row.decode("yes", as: Bool.self))
        #expect(try row.decodeIfPresent("nothing", as: Int.self) == nil)
        #expect(try row.decode("instant", as: Date.self) == Date(timeIntervalSince1970: 1_678_874_400))
        #expect(try row.decode("day", as: SQLDate.self) == SQLDate(year: 2023, month: 9, day: 30))
        #expect(try row.decode("id", as: UUID.self) == UUID(uuidString: "a5c0f1e2-3b4d-4e5f-8a9b-0c1d2e3f4a5b"))
        #expect(try row.decode("words", as: [String].self) == ["un", "deux trois", "qu\"atre"])
        #expect(try row.decode("numbers", as: [Int].self) == [1, 2, 3])
        #expect(try row.decode("cents", as: Int64.self) == 12_345_678_901_234)
    }

    @Test func roundTripsBoundValuesOfEveryType() throws {
        let connection = try Connection(conninfo: conninfo())
        let instant = Date(timeIntervalSince1970: 1_694_000_000.25)
        let words = ["a,b", "{c}", "d\\e", ""]
        let row = try connection.one("""
            SELECT \(instant)::timestamptz AS instant, \(words)::text[] AS words,
                   \(Optional<Int>.none)::int AS nothing, \(SQLDate(year: 2024, month: 2, day: 29))::date AS day
            """)
        #expect(try row.decode("instant", as: Date.self) == instant)
        #expect(try row.decode("words", as: [String].self) == words)
        #expect(try row.isNull("nothing"))
        #expect(try row.decode("day", as: SQLDate.self) == SQLDate(year: 2024, month: 2, day: 29))
    }

    @Test func namesTheColumnThatCannotBeDecoded() throws {
        let connection = try Connection(conninfo: conninfo())
        let row = try connection.one("SELECT 'douze' AS amount")
        #expect(throws: DatabaseError.decoding(column: "amount", expected: "an integer", found: "\"douze\"")) {
            _ = try row.decode("amount", as: Int.self)
        }
        #expect(throws: DatabaseError.missingColumn("total")) { _ = try row.decode("total", as: Int.self) }
    }

    @Test func reportsSQLStateAndServerMessage() throws {
        let connection = try Connection(conninfo: conninfo())
        do {
            try connection.execute("SELECT * FROM no_such_table")
            Issue.record("the query should have failed")
        } catch let error as DatabaseError {
            #expect(error.sqlState == SQLState.undefinedTable)
            #expect(error.description.contains("no_such_table"))
        }
    }

    @Test func refusesAnUnreachableServerWithItsMessage() {
        #expect(throws: DatabaseError.self) {
            _ = try Connection(conninfo: "host=/nonexistent-socket-dir port=1 dbname=x connect_timeout=1")
        }
    }

    @Test func rejectsHostileIdentifiers() {
        #expect(throws: DatabaseError.invalidIdentifier("a\"; DROP")) { _ = try SQLIdentifier("a\"; DROP") }
        #expect(throws: DatabaseError.self) { _ = try SQLIdentifier("Upper") }
        #expect(throws: DatabaseError.self) { _ = try SQLIdentifier(String(repeating: "a", count: 64)) }
        #expect((try? SQLIdentifier("tenant_pas_de_calais"))?.quoted == "\"tenant_pas_de_calais\"")
    }
}

@Suite("Transactions")
struct TransactionTests {
    @Test func rollsBackWhenTheBodyThrows() throws {
        struct Abort: Error {}
        let connection = try Connection(conninfo: conninfo())
        try connection.execute("CREATE TABLE IF NOT EXISTS rollback_probe (value int)")
        try connection.execute("TRUNCATE rollback_probe")
        #expect(throws: Abort.self) {
            try connection.transaction { transaction in
                try transaction.execute("INSERT INTO rollback_probe VALUES (\(1))")
                throw Abort()
            }
        }
        let count = try connection.one("SELECT count(*) AS n FROM rollback_probe")
        #expect(try count.decode("n", as: Int.self) == 0)
        #expect(!connection.isInTransaction)
    }

    @Test func commitsWhenTheBodyReturns() throws {
        let connection = try Connection(conninfo: conninfo())
        try connection.execute("CREATE TABLE IF NOT EXISTS commit_probe (value int)")
        try connection.execute("TRUNCATE commit_probe")
        try connection.transaction { transaction in
            try transaction.execute("INSERT INTO commit_probe VALUES (\(7))")
        }
        let other = try Connection(conninfo: conninfo())
        #expect(try other.one("SELECT sum(value) AS total FROM commit_probe").decode("total", as: Int.self) == 7)
    }

    @Test func rollsBackOnlyTheNestedPartThatFailed() throws {
        struct Abort: Error {}
        let connection = try Connection(conninfo: conninfo())
        try connection.execute("CREATE TABLE IF NOT EXISTS nested_probe (value int)")
        try connection.execute("TRUNCATE nested_probe")
        try connection.transaction { outer in
            try outer.execute("INSERT INTO nested_probe VALUES (\(1))")
            try? outer.transaction { inner in
                try inner.execute("INSERT INTO nested_probe VALUES (\(2))")
                throw Abort()
            }
        }
        #expect(try connection.one("SELECT array_agg(value) AS v FROM nested_probe").decode("v", as: [Int].self) == [1])
    }
}

@Suite("Connection pool")
struct PoolTests {
    @Test func neverOpensMoreThanItsCapacityUnderLoad() throws {
        let pool = ConnectionPool(conninfo: try conninfo(), capacity: 3, timeout: 30)
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 24) { index in
            do {
                try pool.withConnection { connection in
                    _ = try connection.execute("SELECT pg_sleep(0.01), \(index) AS i")
                }
            } catch {
                failures.increment()
            }
        }
        #expect(failures.value == 0)
        #expect(pool.openConnections <= 3)
        #expect(pool.openConnections >= 1)
    }

    @Test func resetsSessionStateWhenAConnectionComesBack() throws {
        let pool = ConnectionPool(conninfo: try conninfo(), capacity: 1)
        try pool.withConnection { connection in
            try connection.execute("SET search_path TO pg_catalog")
            try connection.execute("BEGIN")
            try connection.execute("SET LOCAL ROLE NONE")
        }
        try pool.withConnection { connection in
            #expect(!connection.isInTransaction)
            let path: String = try connection.one("SHOW search_path").decode("search_path")
            #expect(path == "\"$user\", public")
        }
    }

    @Test func timesOutWhenEveryConnectionIsBusy() throws {
        let pool = ConnectionPool(conninfo: try conninfo(), capacity: 1, timeout: 0.2)
        try pool.withConnection { _ in
            let started = DispatchSemaphore(value: 0)
            let outcome = Box<Error?>(nil)
            Thread.detachNewThread {
                do { try pool.withConnection { _ in } } catch { outcome.value = error }
                started.signal()
            }
            started.wait()
            #expect(outcome.value as? DatabaseError == .poolTimeout(seconds: 0.2))
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

@Suite("Private cluster")
struct LocalClusterTests {
    /// `pg_ctl start` leaves a server running; waiting for pg_ctl must not wait for the server.
    @Test func returnsWhenTheProgramEndsEvenIfItLeavesADaemonBehind() throws {
        let finished = DispatchSemaphore(value: 0)
        let outcome = Box<(status: Int32, output: String)?>(nil)
        let marker = "civic-daemon-probe-\(UUID().uuidString.prefix(8))"
        Thread.detachNewThread {
            outcome.value = try? LocalCluster.runProcess("/bin/sh", ["-c", "sleep 57.31 & echo \(marker); exit 3"])
            finished.signal()
        }
        let returned = finished.wait(timeout: .now() + 30) == .success
        _ = try? LocalCluster.runProcess("/usr/bin/pkill", ["-f", "sleep 57.31"])
        #expect(returned, "runProcess waited for the background process")
        #expect(outcome.value?.status == 3)
        #expect(outcome.value?.output.contains(marker) == true)
    }
}
