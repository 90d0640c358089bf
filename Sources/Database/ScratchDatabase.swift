import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Throw-away databases for the test suites: one fresh database per suite, in the
/// project's private cluster. Databases (and roles) left by earlier test processes that
/// are no longer alive are dropped on first use.
public enum ScratchDatabase {
    private static let state = ScratchState()

    /// Starts the private cluster if needed and creates an empty database; returns its conninfo.
    public static func create(cluster: LocalCluster = .forCurrentProject()) throws -> (name: String, conninfo: String) {
        try state.prepare(cluster)
        let name = "t_\(getpid())_\(state.nextNumber())"
        try cluster.ensureDatabase(name)
        return (name, cluster.conninfo(database: name))
    }
}

private final class ScratchState: @unchecked Sendable {
    private let lock = NSLock()
    private var prepared = false
    private var counter = 0

    func nextNumber() -> Int {
        lock.lock()
        defer { lock.unlock() }
        counter += 1
        return counter
    }

    func prepare(_ cluster: LocalCluster) throws {
        lock.lock()
        defer { lock.unlock() }
        guard !prepared else { return }
        try cluster.start()
        try dropStale(cluster)
        prepared = true
    }

    /// Scratch names carry the creating process id: drop those whose process is gone.
    private func dropStale(_ cluster: LocalCluster) throws {
        let connection = try Connection(conninfo: cluster.conninfo(database: "postgres"))
        func isStale(_ name: String) -> Bool {
            let parts = name.split(separator: "_")
            guard parts.count >= 2, let pid = Int32(parts[1]) else { return false }
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        }
        let databases = try connection.execute("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'")
        for row in databases.rows {
            let name: String = try row.decode("datname")
            guard isStale(name), let identifier = try? SQLIdentifier(name) else { continue }
            _ = try? connection.execute("DROP DATABASE IF EXISTS \(identifier: identifier) WITH (FORCE)")
        }
        let roles = try connection.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 't\\_%'")
        for row in roles.rows {
            let name: String = try row.decode("rolname")
            guard isStale(name), let identifier = try? SQLIdentifier(name) else { continue }
            _ = try? connection.execute("DROP ROLE IF EXISTS \(identifier: identifier)")
        }
    }
}
