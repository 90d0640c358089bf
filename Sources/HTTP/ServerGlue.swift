import CMicroHTTPD
import CShims
import Foundation

// The C callbacks below receive two opaque pointers:
// - `cls` is the Server's `ServerCore`, retained by `Server` for the daemon's lifetime;
// - `*con_cls` is a `RequestContext`, retained in `serverRequestBegins` (libmicrohttpd calls it
//   once per request, before parsing) and released in `serverRequestCompleted`, which
//   libmicrohttpd then calls exactly once for that request on every path (success, client
//   abort, timeout, shutdown). A context is only touched by the thread owning its connection.

/// State shared by every callback of one daemon; immutable, hence safe across pool threads.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let handler: RequestHandler

    init(configuration: ServerConfiguration, handler: @escaping RequestHandler) {
        self.configuration = configuration
        self.handler = handler
    }
}

/// What the server has gathered about one request across access-handler calls.
final class RequestContext {
    enum Stage {
        case awaitingHeaders
        case receivingBody
        case answered
    }

    let target: String
    let startedAt = DispatchTime.now().uptimeNanoseconds
    var stage = Stage.awaitingHeaders
    var method = "-"
    var decodedTarget: (rawPath: String, path: String, rawQuery: String, query: FormData)?
    var body: [UInt8] = []
    /// Bytes dropped after the body went over the limit; the client still has to send them.
    var discardedBytes = 0
    var status = 0

    init(target: String) {
        self.target = target
        Self.live.add(1)
    }

    deinit {
        Self.live.add(-1)
    }

    /// Contexts not yet freed, across all servers; lets tests prove none leak.
    static let live = LiveCount()
}

/// A lock-protected counter (a few nanoseconds per request, worth the leak check).
final class LiveCount: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0

    func add(_ delta: Int) {
        lock.withLock { count += delta }
    }

    var value: Int { lock.withLock { count } }
}

/// Methods the server passes to handlers; anything else gets 501 (HTTP says methods are case-sensitive).
private let supportedMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

let serverRequestBegins: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?)
    -> UnsafeMutableRawPointer? = { _, uri, _ in
        let target = uri.map { String(cString: $0) } ?? ""
        return Unmanaged.passRetained(RequestContext(target: target)).toOpaque()
    }

let serverRequestCompleted: MHD_RequestCompletedCallback = { cls, _, requestContext, termination in
    guard let requestContext, let raw = requestContext.pointee else { return }
    requestContext.pointee = nil
    let context = Unmanaged<RequestContext>.fromOpaque(raw).takeRetainedValue()
    guard let cls else { return }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    core.logCompletion(of: context, termination: termination)
}

let serverAccessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, requestContext in
    guard let cls, let connection, let uploadDataSize, let requestContext else {
        ServerLog.error("libmicrohttpd called the access handler without its arguments")
        return .NO
    }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context: RequestContext
    if let raw = requestContext.pointee {
        context = Unmanaged<RequestContext>.fromOpaque(raw).takeUnretainedValue()
    } else {
        // Only if libmicrohttpd skipped the URI callback; keep the same ownership rule.
        context = RequestContext(target: url.map { String(cString: $0) } ?? "")
        requestContext.pointee = Unmanaged.passRetained(context).toOpaque()
    }
    let method = method.map { String(cString: $0) } ?? ""
    return core.process(connection: connection, method: method, context: context,
                        uploadData: uploadData, uploadDataSize: uploadDataSize)
}

extension ServerCore {
    func process(connection: OpaquePointer, method: String, context: RequestContext,
                 uploadData: UnsafePointer<CChar>?, uploadDataSize: UnsafeMutablePointer<Int>) -> MHD_Result {
        let limit = configuration.maximumBodyBytes
        switch context.stage {
        case .awaitingHeaders:
            // First call: headers are parsed, no body read yet. Answering now (before the
            // body) lets libmicrohttpd skip "100 Continue" and the upload entirely.
            context.method = method
            guard supportedMethods.contains(method) else {
                return queue(Response.text("Méthode non prise en charge.", status: 501), on: connection, context: context)
            }
            guard let target = Request.decodeTarget(context.target) else {
                return queue(Self.badRequest, on: connection, context: context)
            }
            context.decodedTarget = target
            if let declared = connectionValue(connection, kind: .HEADER_KIND, key: "Content-Length"),
               let length = Int(declared.trimmingCharacters(in: .whitespaces)), length > 0 {
                if length > limit {
                    return queue(Self.payloadTooLarge, on: connection, context: context)
                }
                context.body.reserveCapacity(length)
            }
            context.stage = .receivingBody
            return .YES

        case .receivingBody where uploadDataSize.pointee > 0:
            let size = uploadDataSize.pointee
            uploadDataSize.pointee = 0
            if context.discardedBytes > 0 || context.body.count + size > limit {
                // Chunked bodies have no declared length: drop the excess and answer 413 at the
                // end, but give up on clients that keep streaming far past the limit.
                context.discardedBytes += size
                return context.discardedBytes > 4 * max(limit, 64 * 1024) ? .NO : .YES
            }
            if let uploadData {
                context.body.append(contentsOf: UnsafeRawBufferPointer(start: uploadData, count: size))
            }
            return .YES

        case .receivingBody:
            if context.discardedBytes > 0 {
                return queue(Self.payloadTooLarge, on: connection, context: context)
            }
            guard let request = makeRequest(connection: connection, context: context) else {
                ServerLog.error("request reached the handler stage without a decoded target")
                return queue(Response.internalError, on: connection, context: context)
            }
            let response = handler(request)
            return queue(response, on: connection, context: context)

        case .answered:
            // Nothing more to do for this request; swallow any late data.
            uploadDataSize.pointee = 0
            return .YES
        }
    }

    static let payloadTooLarge = Response.text("La requête est trop volumineuse.", status: 413)
    static let badRequest = Response.text("Requête invalide.", status: 400)

    private func makeRequest(connection: OpaquePointer, context: RequestContext) -> Request? {
        guard let target = context.decodedTarget else { return nil }
        var headers = HTTPHeaders()
        withUnsafeMutablePointer(to: &headers) { headers in
            _ = MHD_get_connection_values_n(connection, .HEADER_KIND, collectHeader, headers)
        }
        let isHead = context.method == "HEAD"
        let request = Request(method: isHead ? "GET" : context.method, path: target.path, rawPath: target.rawPath,
                              rawQuery: target.rawQuery, query: target.query, headers: headers,
                              body: context.body, clientAddress: clientAddress(connection), isHead: isHead)
        // The body now lives in the request alone; dropping this reference lets it be freed
        // as soon as the handler is done with it.
        context.body = []
        return request
    }

    /// Sends `response` with the default security headers; any failure here becomes a bare 500.
    private func queue(_ response: Response, on connection: OpaquePointer, context: RequestContext) -> MHD_Result {
        context.stage = .answered
        var response = response.withDefaultSecurityHeaders()
        var mhdResponse: OpaquePointer?
        do {
            mhdResponse = try makeMHDResponse(response)
        } catch {
            ServerLog.error("cannot send the handler's response to \(context.method) \(ServerLog.sanitized(context.target)): \(error)")
            response = Response.internalError.withDefaultSecurityHeaders()
            mhdResponse = try? makeMHDResponse(response)
        }
        guard let mhdResponse else {
            ServerLog.error("cannot build even the error response; closing the connection")
            return .NO
        }
        defer { MHD_destroy_response(mhdResponse) }
        context.status = response.status
        let queued = MHD_queue_response(connection, UInt32(response.status), mhdResponse)
        if queued != .YES {
            ServerLog.error("libmicrohttpd refused the response to \(context.method) \(ServerLog.sanitized(context.target))")
        }
        return queued
    }

    private func makeMHDResponse(_ response: Response) throws(ResponseError) -> OpaquePointer {
        guard (100...599).contains(response.status) else { throw .invalidStatus(response.status) }
        let created = response.body.withUnsafeBytes { bytes in
            // MUST_COPY: libmicrohttpd keeps its own copy, so the Swift array may go away now.
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                            .RESPMEM_MUST_COPY)
        }
        guard let created else { throw .cannotCreate }
        for field in response.headers {
            // libmicrohttpd frames the body itself; a handler's framing headers would contradict it.
            if HTTPHeaders.sameName(field.name, "Content-Length") || HTTPHeaders.sameName(field.name, "Transfer-Encoding") {
                continue
            }
            guard HTTPHeaders.isToken(field.name), HTTPHeaders.isSafeValue(field.value),
                  MHD_add_response_header(created, field.name, field.value) == .YES else {
                MHD_destroy_response(created)
                throw .invalidHeader(field.name)
            }
        }
        return created
    }

    func logCompletion(of context: RequestContext, termination: MHD_RequestTerminationCode) {
        guard configuration.logsRequests else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - context.startedAt) / 1_000_000
        let path = context.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        var line = "\(context.method) \(ServerLog.sanitized(path)) \(context.status == 0 ? "-" : String(context.status)) "
            + String(format: "%.1fms", elapsed)
        if termination != .REQUEST_TERMINATED_COMPLETED_OK {
            line += " (terminated: \(Self.describe(termination)))"
        }
        ServerLog.write(line)
    }

    private static func describe(_ termination: MHD_RequestTerminationCode) -> String {
        switch termination {
        case .REQUEST_TERMINATED_WITH_ERROR: "error"
        case .REQUEST_TERMINATED_TIMEOUT_REACHED: "timeout"
        case .REQUEST_TERMINATED_DAEMON_SHUTDOWN: "shutdown"
        case .REQUEST_TERMINATED_READ_ERROR: "read error"
        case .REQUEST_TERMINATED_CLIENT_ABORT: "client abort"
        default: "code \(termination.rawValue)"
        }
    }

    private func connectionValue(_ connection: OpaquePointer, kind: MHD_ValueKind, key: String) -> String? {
        MHD_lookup_connection_value(connection, kind, key).map { String(cString: $0) }
    }

    private func clientAddress(_ connection: OpaquePointer) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        guard cshims_client_address(connection, &buffer, buffer.count) == 0 else { return nil }
        let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Why a handler's response could not be put on the wire.
enum ResponseError: Error, CustomStringConvertible {
    case invalidStatus(Int)
    case invalidHeader(String)
    case cannotCreate

    var description: String {
        switch self {
        case let .invalidStatus(status): "status \(status) is outside 100...599"
        case let .invalidHeader(name): "header \(ServerLog.sanitized(name)) has an invalid name or value"
        case .cannotCreate: "libmicrohttpd could not allocate the response"
        }
    }
}

private let collectHeader: MHD_KeyValueIteratorN = { cls, _, key, keySize, value, valueSize in
    guard let cls, let key else { return .YES }
    let headers = cls.assumingMemoryBound(to: HTTPHeaders.self)
    let name = String(decoding: UnsafeRawBufferPointer(start: key, count: keySize), as: UTF8.self)
    let text = value.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: valueSize), as: UTF8.self) } ?? ""
    headers.pointee.add(name, text)
    return .YES
}

/// Writes server diagnostics to stderr, one whole line per write(2) so threads do not interleave.
enum ServerLog {
    static func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        _ = bytes.withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    static func error(_ message: String) {
        write("http: error: " + message)
    }

    /// Replaces control characters so a crafted URL cannot forge log lines.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}
