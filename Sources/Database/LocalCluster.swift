import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster in a folder of the project, so a newcomer needs no setup.
///
/// It is created with the installed PostgreSQL's `initdb` and run with `pg_ctl`, listening
/// only on a Unix socket in its own folder (mode 0700, so only its owner can connect, with
/// `trust` authentication). PostgreSQL refuses to run as root: when we are root, the cluster
/// runs as the `postgres` OS user (created by Debian's package) through `runuser`.
public struct LocalCluster: Sendable {
    /// Errors of starting or stopping the private cluster, with the command's own output.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let stateDirectory: URL
    public let superuser = "civic"
    public let port = 5432

    /// `stateDirectory` is typically `<project>/.civic`; the cluster lives in `postgres/` under it.
    public init(stateDirectory: URL) {
        self.stateDirectory = stateDirectory.standardizedFileURL
    }

    /// The cluster of the project containing the current directory (or `CIVIC_HOME`).
    public static func forCurrentProject() -> LocalCluster {
        LocalCluster(stateDirectory: ProjectLocator.root().appendingPathComponent(".civic"))
    }

    var clusterDirectory: URL {
        // A Unix socket path must fit in 107 bytes; deep checkouts fall back to /tmp.
        let preferred = stateDirectory.appendingPathComponent("postgres")
        if preferred.path.utf8.count + 30 < 104, Self.runAsUser.map({ Self.canReach(preferred.deletingLastPathComponent().deletingLastPathComponent(), as: $0) }) ?? true {
            return preferred
        }
        var hash: UInt64 = 1469598103934665603
        for byte in stateDirectory.path.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        return URL(fileURLWithPath: "/tmp/civic-\(String(hash, radix: 36))/postgres")
    }

    var dataDirectory: URL { clusterDirectory.appendingPathComponent("data") }
    var socketDirectory: URL { clusterDirectory.appendingPathComponent("run") }
    var logFile: URL { clusterDirectory.appendingPathComponent("server.log") }

    /// The conninfo of a database of this cluster.
    public func conninfo(database: String = "civic") -> String {
        "host='\(socketDirectory.path)' port=\(port) user=\(superuser) dbname='\(database)'"
    }

    /// Starts the cluster if it is not running (creating it on first use) and returns the
    /// conninfo of its `civic` database. Safe to call from several processes at once.
    @discardableResult
    public func start() throws -> String {
        try withLock {
            if try !isRunning() {
                if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
                    try create()
                }
                try prepareDirectories()
                try runPostgresTool("pg_ctl", ["-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "start"])
            }
            try ensureDatabase("civic")
        }
        return conninfo()
    }

    /// Stops the cluster; does nothing when it is not running.
    public func stop() throws {
        try withLock {
            guard try isRunning() else { return }
            try runPostgresTool("pg_ctl", ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"])
        }
    }

    /// A line saying where the cluster is and whether it runs.
    public func status() throws -> String {
        if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
            return "not created (data folder \(dataDirectory.path))"
        }
        return try isRunning()
            ? "running: data \(dataDirectory.path), socket \(socketDirectory.path), conninfo: \(conninfo())"
            : "stopped: data \(dataDirectory.path)"
    }

    /// Creates a database (owned by the cluster's superuser) if it does not exist.
    public func ensureDatabase(_ name: String) throws {
        let identifier = try SQLIdentifier(name)
        let connection = try Connection(conninfo: conninfo(database: "postgres"))
        let exists = try connection.execute("SELECT 1 FROM pg_database WHERE datname = \(name)")
        if exists.isEmpty {
            do {
                try connection.execute("CREATE DATABASE \(identifier: identifier)")
            } catch {
                // Another process may have created it in between: that is what we wanted.
                guard (error as? DatabaseError)?.sqlState == SQLState.duplicateDatabase else { throw error }
            }
        }
    }

    // MARK: - Internals

    private func isRunning() throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) else {
            return false
        }
        let status = try runPostgresTool("pg_ctl", ["-D", dataDirectory.path, "status"], allowFailure: true)
        return status == 0
    }

    private func create() throws {
        try prepareDirectories()
        try runPostgresTool("initdb", ["-D", dataDirectory.path, "-U", superuser, "-A", "trust",
                                       "-E", "UTF8", "--no-locale", "--no-instructions"])
        let settings = """

        # Civic Budget private cluster: Unix socket only, in a folder only its owner can enter.
        listen_addresses = ''
        port = \(port)
        unix_socket_directories = '\(socketDirectory.path)'
        unix_socket_permissions = 0700
        max_connections = 200
        shared_buffers = 128MB
        synchronous_commit = off
        timezone = 'UTC'
        log_min_messages = warning

        """
        let configuration = dataDirectory.appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: configuration)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
    }

    private func prepareDirectories() throws {
        let manager = FileManager.default
        try manager.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: clusterDirectory.path)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: socketDirectory.path)
        if let user = Self.runAsUser {
            try run("/bin/chown", ["-R", "\(user):\(user)", clusterDirectory.path])
        }
    }

    /// Serializes start/stop across threads and processes with `flock`.
    private func withLock(_ body: () throws -> Void) throws {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let lockPath = stateDirectory.appendingPathComponent("cluster.lock").path
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot open lock file \(lockPath)") }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw Failure(description: "cannot lock \(lockPath)")
        }
        var failure: Error?
        do { try body() } catch { failure = error }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        if let failure { throw failure }
    }

    /// The OS user that runs PostgreSQL when we are root; nil when we run it ourselves.
    static var runAsUser: String? {
        getuid() == 0 ? "postgres" : nil
    }

    static func canReach(_ directory: URL, as user: String) -> Bool {
        (try? runProcess("/sbin/runuser", ["-u", user, "--", "test", "-x", directory.path]).status) == 0
    }

    static func binaryDirectory() throws -> URL {
        let manager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["CIVIC_PG_BINDIR"] {
            return URL(fileURLWithPath: override)
        }
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? manager.contentsOfDirectory(atPath: root.path)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let candidate = root.appendingPathComponent("\(version)/bin")
            if manager.isExecutableFile(atPath: candidate.appendingPathComponent("initdb").path) {
                return candidate
            }
        }
        throw Failure(description: "no PostgreSQL server found under /usr/lib/postgresql (install the Debian package postgresql, or set DATABASE_URL)")
    }

    @discardableResult
    private func runPostgresTool(_ tool: String, _ arguments: [String], allowFailure: Bool = false) throws -> Int32 {
        let binary = try Self.binaryDirectory().appendingPathComponent(tool).path
        if let user = Self.runAsUser {
            return try run("/sbin/runuser", ["-u", user, "--", binary] + arguments, allowFailure: allowFailure)
        }
        return try run(binary, arguments, allowFailure: allowFailure)
    }

    @discardableResult
    private func run(_ executable: String, _ arguments: [String], allowFailure: Bool = false) throws -> Int32 {
        let (status, output) = try Self.runProcess(executable, arguments)
        if status != 0 && !allowFailure {
            throw Failure(description: "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.joined(separator: " ")) failed (exit \(status)):\n\(output)"
                + "\nserver log: \(logFile.path)")
        }
        return status
    }

    /// Runs a program to completion with its output in a file, and returns its exit status.
    ///
    /// Not Foundation's `Process`: on Linux it shares a socket with the child to learn when it
    /// ends, and `pg_ctl start` hands that socket on to the server it starts, so the wait would
    /// last as long as PostgreSQL runs. `posix_spawn` with our own descriptors (all close-on-exec
    /// but the three standard ones) leaves the server nothing of ours to hold.
    static func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("civic-\(getpid())-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server inherits the working directory, and must be able to enter it: start from /.
        let argv = ["/bin/sh", "-c", "cd / && exec \"$0\" \"$@\"", executable] + arguments
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw Failure(description: "cannot wait for \(executable): \(String(cString: strerror(errno)))")
            }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import: a signal death reads as 128 + signal.
        let exitCode = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitCode, output)
    }
}

/// Finds the project's root folder (the one holding `Migrations/`).
public enum ProjectLocator {
    /// `CIVIC_HOME` if set, else the nearest ancestor of the current directory (then of the
    /// executable) that holds `Migrations/platform`, else the current directory.
    public static func root() -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["CIVIC_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home)
        }
        let manager = FileManager.default
        let starts = [URL(fileURLWithPath: manager.currentDirectoryPath),
                      URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()]
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                if manager.fileExists(atPath: directory.appendingPathComponent("Migrations/platform").path) {
                    return directory
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return URL(fileURLWithPath: manager.currentDirectoryPath)
    }
}
