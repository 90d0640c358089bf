import Foundation
import HTTP
import Platform

/// `civic serve [--port 8080] [--host 127.0.0.1] [--threads 4] [--now ISO-8601] [--default-tenant SLUG]`.
enum ServeCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Options(arguments, valued: ["port", "host", "threads", "now", "default-tenant"])
        guard options.positional.isEmpty else {
            throw CommandError("unexpected argument \(options.positional[0])", exitCode: ExitCode.usage)
        }
        guard let port = UInt16(options.value("port") ?? "8080") else {
            throw CommandError("--port: expected a number from 0 to 65535", exitCode: ExitCode.usage)
        }
        guard let threads = Int(options.value("threads") ?? "4"), (1...64).contains(threads) else {
            throw CommandError("--threads: expected a number from 1 to 64", exitCode: ExitCode.usage)
        }
        let clock = try makeClock(options.value("now") ?? ProcessInfo.processInfo.environment["CIVIC_NOW"])
        // One database connection per server thread: a handler holds one while it runs.
        let context = try PlatformContext.connect(poolSize: threads + 1)
        let defaultTenant = options.value("default-tenant")
        if let defaultTenant { _ = try context.tenant(defaultTenant) }
        let application = WebApplication(
            source: DatabaseSiteSource(registry: context.registry, defaultTenantSlug: defaultTenant),
            clock: clock.now)
        let server = Server(configuration: ServerConfiguration(host: options.value("host") ?? "127.0.0.1", port: port,
                                                               threadCount: threads),
                            handler: { request in application.handle(request) })
        var banner = "civic: serving on http://\(options.value("host") ?? "127.0.0.1"):\(port)/"
        if let fixed = clock.fixed { banner += " with the clock fixed at \(ISO8601DateFormatter().string(from: fixed))" }
        printError(banner)
        do {
            try server.runUntilTerminated()
        } catch {
            throw CommandError("cannot serve: \(error)", exitCode: ExitCode.unavailable)
        }
        return 0
    }

    /// The site's clock: the real one, or a fixed instant (`--now` / `CIVIC_NOW`) to show the site as on that day.
    struct Clock: Sendable {
        var fixed: Date?
        var now: @Sendable () -> Date {
            let fixed = fixed
            return { fixed ?? Date() }
        }
    }

    static func makeClock(_ text: String?) throws -> Clock {
        guard let text, !text.isEmpty else { return Clock(fixed: nil) }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Clock(fixed: date) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Clock(fixed: date) }
        throw CommandError("CIVIC_NOW/--now: expected an ISO 8601 instant with an offset, e.g. 2023-09-15T12:00:00+02:00, found \"\(text)\"",
                           exitCode: ExitCode.usage)
    }
}
