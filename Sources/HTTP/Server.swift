import CMicroHTTPD
import CShims
import Foundation

/// Turns a request into a response. Runs synchronously on one of libmicrohttpd's worker
/// threads and may block (database I/O); while it does, that thread serves no other connection.
public typealias RequestHandler = @Sendable (Request) -> Response

/// Limits and bind address of a ``Server``.
public struct ServerConfiguration: Sendable {
    /// Numeric IPv4 or IPv6 address to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free port (read it back from ``Server/port``).
    public var port: UInt16
    /// libmicrohttpd worker threads, each running its own epoll loop and handlers.
    public var threadCount: Int
    /// Largest request body accepted; larger ones get 413 without reaching the handler.
    public var maximumBodyBytes: Int
    /// Idle time after which a connection is closed (slow clients, idle keep-alive).
    public var connectionTimeoutSeconds: Int
    /// Concurrent connections across all threads; more are refused at accept time.
    public var maximumConnections: Int
    /// libmicrohttpd's per-connection memory pool, which bounds the request line and headers.
    public var memoryLimitPerConnection: Int
    /// Whether to write one access line per request to stderr.
    public var logsRequests: Bool

    public init(host: String = "127.0.0.1", port: UInt16 = 8080, threadCount: Int = 4,
                maximumBodyBytes: Int = 1 << 20, connectionTimeoutSeconds: Int = 30,
                maximumConnections: Int = 256, memoryLimitPerConnection: Int = 64 * 1024,
                logsRequests: Bool = true) {
        self.host = host
        self.port = port
        self.threadCount = threadCount
        self.maximumBodyBytes = maximumBodyBytes
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
        self.maximumConnections = maximumConnections
        self.memoryLimitPerConnection = memoryLimitPerConnection
        self.logsRequests = logsRequests
    }

    /// Every problem with the settings, empty when they are usable.
    func problems() -> [String] {
        var problems: [String] = []
        if !(1...256).contains(threadCount) { problems.append("threadCount must be 1...256, got \(threadCount)") }
        if maximumBodyBytes < 0 { problems.append("maximumBodyBytes must be >= 0, got \(maximumBodyBytes)") }
        if !(1...86_400).contains(connectionTimeoutSeconds) {
            problems.append("connectionTimeoutSeconds must be 1...86400, got \(connectionTimeoutSeconds)")
        }
        // libmicrohttpd splits the connection limit between pool threads.
        if maximumConnections < max(threadCount, 1) || maximumConnections > 1_000_000 {
            problems.append("maximumConnections must be between threadCount and 1000000, got \(maximumConnections)")
        }
        if !(4 * 1024...(16 << 20)).contains(memoryLimitPerConnection) {
            problems.append("memoryLimitPerConnection must be 4 KiB...16 MiB, got \(memoryLimitPerConnection)")
        }
        return problems
    }
}

/// Why a ``Server`` could not start.
public enum ServerError: Error, Equatable, CustomStringConvertible {
    case invalidConfiguration([String])
    /// The host is not a numeric IPv4/IPv6 address.
    case invalidHost(String)
    /// libmicrohttpd refused to start (port in use, no permission…); `errno` as it left it.
    case cannotListen(host: String, port: UInt16, errno: Int32)
    case alreadyRunning

    public var description: String {
        switch self {
        case let .invalidConfiguration(problems):
            "invalid server configuration: " + problems.joined(separator: "; ")
        case let .invalidHost(host):
            "cannot listen on \(host): not a numeric IPv4 or IPv6 address"
        case let .cannotListen(host, port, code):
            "cannot listen on \(host):\(port): " + (code == 0 ? "libmicrohttpd failed to start" : String(cString: strerror(code)))
        case .alreadyRunning:
            "the server is already running"
        }
    }
}

/// An HTTP/1.1 server on libmicrohttpd's internal epoll threads (a thread pool).
public final class Server: @unchecked Sendable {
    // @unchecked: `daemon`, `core` and `boundPort` are only touched under `lock`.
    private let configuration: ServerConfiguration
    private let handler: RequestHandler
    private let lock = NSLock()
    private var daemon: OpaquePointer?
    private var core: Unmanaged<ServerCore>?
    private var boundPort: UInt16 = 0

    public init(configuration: ServerConfiguration, handler: @escaping RequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    deinit {
        stop()
    }

    /// The port the server listens on; 0 before ``start()`` and after ``stop()``.
    public var port: UInt16 {
        lock.withLock { boundPort }
    }

    /// Binds and starts serving on background threads; returns at once.
    public func start() throws(ServerError) {
        let problems = configuration.problems()
        guard problems.isEmpty else { throw .invalidConfiguration(problems) }

        lock.lock()
        defer { lock.unlock() }
        guard daemon == nil else { throw .alreadyRunning }

        // The core is retained here and released in stop(), after MHD_stop_daemon has
        // joined every thread that could still call back with it.
        let core = Unmanaged.passRetained(ServerCore(configuration: configuration, handler: handler))
        let context = core.toOpaque()
        var settings = cshims_daemon_settings()
        settings.extra_flags = 0
        settings.port = configuration.port
        settings.access_handler = serverAccessHandler
        settings.access_handler_context = context
        settings.completed_handler = serverRequestCompleted
        settings.completed_handler_context = context
        settings.uri_logger = serverRequestBegins
        settings.uri_logger_context = context
        settings.thread_pool_size = UInt32(configuration.threadCount)
        settings.connection_limit = UInt32(configuration.maximumConnections)
        settings.connection_timeout_seconds = UInt32(configuration.connectionTimeoutSeconds)
        settings.connection_memory_limit = configuration.memoryLimitPerConnection

        var started: OpaquePointer?
        var startErrno: Int32 = 0
        let status = configuration.host.withCString { host in
            settings.bind_address = host
            return cshims_start_daemon(&settings, &started, &startErrno)
        }
        guard status == CSHIMS_STARTED, let started else {
            core.release()
            if status == CSHIMS_INVALID_ADDRESS { throw .invalidHost(configuration.host) }
            throw .cannotListen(host: configuration.host, port: configuration.port, errno: startErrno)
        }
        daemon = started
        self.core = core
        boundPort = cshims_daemon_port(started)
    }

    /// Serves until SIGINT or SIGTERM, then stops gracefully; for `civic serve`.
    /// Call it before the process starts other threads: the signals are blocked in the
    /// calling thread (and so in libmicrohttpd's threads, which inherit the mask) and
    /// collected with sigwait, so a thread started earlier could still be killed by them.
    public func runUntilTerminated() throws(ServerError) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        try start()
        var received: Int32 = 0
        sigwait(&signals, &received)
        ServerLog.write("http: signal \(received) received, stopping")
        stop()
    }

    /// Stops listening, closes connections and waits for running handlers to return.
    /// Must not be called from inside a handler (it would wait for itself).
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard let daemon else { return }
        MHD_stop_daemon(daemon)
        self.daemon = nil
        core?.release()
        core = nil
        boundPort = 0
    }
}
