import Foundation
import TestSupport
import Testing
@testable import HTTP

/// Starts a server on an ephemeral port for the duration of `body`.
func withServer<T>(maximumBodyBytes: Int = 1 << 20, threadCount: Int = 4,
                   handler: @escaping RequestHandler = echoHandler,
                   _ body: (UInt16) async throws -> T) async throws -> T {
    let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: threadCount,
                                            maximumBodyBytes: maximumBodyBytes, logsRequests: false)
    let server = Server(configuration: configuration, handler: handler)
    try server.start()
    defer { server.stop() }
    #expect(server.port != 0)
    return try await body(server.port)
}

/// Answers according to the path so one handler covers every server test.
let echoHandler: RequestHandler = { request in
    switch request.path {
    case "/page":
        let name = request.query["name"] ?? "personne"
        return .html(HTML.document(title: "Accueil", body: "<p>Bonjour \(name)</p>"))
    case "/query":
        let lines = request.query.fields.map { "\($0.name)=\($0.value)" }
        return .text(lines.joined(separator: "\n"))
    case "/form":
        do {
            let form = try request.form()
            let lines = form.fields.map { "\($0.name)=\($0.value)" }
            return .text("\(request.method) " + lines.joined(separator: "\n"))
        } catch {
            return .text("formulaire invalide : \(error)", status: 400)
        }
    case "/failure":
        return .html("<p>Le service est indisponible.</p>", status: 500)
    case "/bad-header":
        var response = Response.text("ok")
        response.headers.add("X-Injected", "a\r\nSet-Cookie: evil=1")
        return response
    case "/csp":
        var response = Response.text("ok")
        response.setContentSecurityPolicy("default-src 'none'")
        return response
    case "/login":
        var response = Response.redirect(to: "/compte?bienvenue=1")
        do {
            try response.setCookie("sid", value: "abc", secure: true)
        } catch {
            return .text("cookie refusé : \(error)", status: 500)
        }
        return response
    case "/slow":
        usleep(20_000)
        return .text("lent \(request.query["i"] ?? "")")
    default:
        return .text("introuvable : \(request.path)", status: 404)
    }
}

@Suite("Server over real HTTP")
struct ServerTests {
    @Test func servesHandlerPageWithSecurityHeaders() async throws {
        try await withServer { port in
            let response = try TestClient.get("/page?name=%3Cscript%3E", port: port)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Referrer-Policy") == "same-origin")
            #expect(response.header("Content-Security-Policy") == Response.defaultContentSecurityPolicy)
            #expect(response.text.hasPrefix("<!doctype html><html lang=\"fr\">"))
            #expect(response.text.contains("<p>Bonjour &lt;script&gt;</p>"))
        }
    }

    @Test func letsHandlerReplaceContentSecurityPolicy() async throws {
        try await withServer { port in
            let response = try TestClient.get("/csp", port: port)
            #expect(response.headers.filter { $0.0 == "Content-Security-Policy" }.map(\.1) == ["default-src 'none'"])
        }
    }

    @Test func decodesQueryParametersInOrderWithRepeats() async throws {
        try await withServer { port in
            let response = try TestClient.get("/query?b=1&a=deux+mots&b=%C3%A9t%C3%A9&vide=&seul", port: port)
            #expect(response.status == 200)
            #expect(response.text == "b=1\na=deux mots\nb=été\nvide=\nseul=")
        }
    }

    @Test func decodesPercentEncodedPath() async throws {
        try await withServer { port in
            let response = try TestClient.get("/projets/%C3%A9t%C3%A9%20vert?x=1", port: port)
            #expect(response.status == 404)
            #expect(response.text == "introuvable : /projets/été vert")
        }
    }

    @Test func answersInvalidQueryEncodingWith400() async throws {
        try await withServer { port in
            let response = try TestClient.get("/query?a=%ZZ", port: port)
            #expect(response.status == 400)
            #expect(response.text == "Requête invalide.")
        }
    }

    @Test func deliversPostedFormToHandler() async throws {
        try await withServer { port in
            let body = Array("titre=Un+banc&lieu=Arras%20centre&tag=a&tag=b".utf8)
            let response = try TestClient.post("/form", port: port,
                                               contentType: "application/x-www-form-urlencoded; charset=utf-8", body: body)
            #expect(response.status == 200)
            #expect(response.text == "POST titre=Un banc\nlieu=Arras centre\ntag=a\ntag=b")
        }
    }

    @Test func deliversChunkedBodyToHandler() async throws {
        try await withServer { port in
            let request = "POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\na=12\r\n6\r\n&b=345\r\n0\r\n\r\n"
            let response = try TestClient.send(request, port: port)
            #expect(response.status == 200)
            #expect(response.text == "POST a=12\nb=345")
        }
    }

    @Test func answersOversizedBodyWith413() async throws {
        try await withServer(maximumBodyBytes: 1_000) { port in
            let response = try TestClient.post("/form", port: port, contentType: "application/x-www-form-urlencoded",
                                               body: [UInt8](repeating: UInt8(ascii: "a"), count: 5_000))
            #expect(response.status == 413)
            #expect(response.text == "La requête est trop volumineuse.")
        }
    }

    @Test func answersOversizedDeclaredLengthWith413BeforeReadingBody() async throws {
        try await withServer(maximumBodyBytes: 1_000) { port in
            // Only headers are sent: the server must answer from Content-Length alone.
            let response = try TestClient.send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n", port: port)
            #expect(response.status == 413)
        }
    }

    @Test func answersOversizedChunkedBodyWith413() async throws {
        try await withServer(maximumBodyBytes: 10) { port in
            let request = "POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"
            let response = try TestClient.send(request, port: port)
            #expect(response.status == 413)
        }
    }

    @Test func acceptsBodyExactlyAtLimit() async throws {
        try await withServer(maximumBodyBytes: 7) { port in
            let response = try TestClient.post("/form", port: port, contentType: "application/x-www-form-urlencoded",
                                               body: Array("a=12345".utf8))
            #expect(response.status == 200)
            #expect(response.text == "POST a=12345")
        }
    }

    @Test func answersUnknownMethodWith501WithoutCallingHandler() async throws {
        let calls = Counter()
        try await withServer(handler: { _ in calls.increment(); return .text("appelé") }) { port in
            let response = try TestClient.send("BREW /pot HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
            #expect(response.status == 501)
            #expect(response.text == "Méthode non prise en charge.")
        }
        #expect(calls.value == 0)
    }

    @Test func answersInvalidPathEncodingWith400WithoutCallingHandler() async throws {
        let calls = Counter()
        try await withServer(handler: { _ in calls.increment(); return .text("appelé") }) { port in
            let truncated = try TestClient.get("/a%C3", port: port)
            let nul = try TestClient.get("/a%00b", port: port)
            #expect(truncated.status == 400)
            #expect(nul.status == 400)
        }
        #expect(calls.value == 0)
    }

    @Test func sendsRedirectWithSessionCookie() async throws {
        try await withServer { port in
            let response = try TestClient.send("POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", port: port)
            #expect(response.status == 303)
            #expect(response.header("Location") == "/compte?bienvenue=1")
            #expect(response.header("Set-Cookie") == "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax")
        }
    }

    @Test func answersHeadLikeGetWithoutBody() async throws {
        try await withServer { port in
            let response = try TestClient.send("HEAD /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(Int(response.header("Content-Length") ?? "") ?? 0 > 0)
        }
    }

    @Test func sendsHandlerProduced500Page() async throws {
        try await withServer { port in
            let response = try TestClient.get("/failure", port: port)
            #expect(response.status == 500)
            #expect(response.text == "<p>Le service est indisponible.</p>")
        }
    }

    @Test func replacesUnsendableResponseWithFrench500() async throws {
        try await withServer { port in
            let response = try TestClient.get("/bad-header", port: port)
            #expect(response.status == 500)
            #expect(response.text == "Une erreur est survenue.")
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.header("X-Injected") == nil)
        }
    }

    @Test func passesHeadersCookiesAndClientAddress() async throws {
        let seen = Box<Request>()
        try await withServer(handler: { request in seen.set(request); return .text("ok") }) { port in
            _ = try TestClient.get("/entete", port: port, headers: ["X-Tenant: arras", "Cookie: sid=abc; theme=sombre"])
        }
        let request = try #require(seen.value)
        #expect(request.header("x-tenant") == "arras")
        #expect(request.header("HOST") == "localhost")
        #expect(request.cookies == ["sid": "abc", "theme": "sombre"])
        #expect(request.clientAddress == "127.0.0.1")
        #expect(request.method == "GET")
        #expect(request.body.isEmpty)
    }

    @Test func answersFiftyParallelRequests() async throws {
        try await withServer { port in
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<50 {
                    group.addTask { try TestClient.get("/slow?i=\(index)", port: port).text }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(answers == Set((0..<50).map { "lent \($0)" }))
        }
    }

    @Test func servesKeepAliveRequestsOnOneConnection() async throws {
        try await withServer { port in
            let request = "GET /query?n=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /query?n=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let response = try TestClient.send(request, port: port)
            #expect(response.status == 200)
            // Both answers arrive on the same connection, in order.
            #expect(response.text.contains("n=1"))
            #expect(response.text.contains("n=2"))
        }
    }

    @Test func refusesConnectionsAfterStop() throws {
        let server = Server(configuration: ServerConfiguration(port: 0, logsRequests: false), handler: echoHandler)
        try server.start()
        let port = server.port
        #expect(try TestClient.get("/page", port: port).status == 200)
        server.stop()
        #expect(server.port == 0)
        #expect(throws: TestClientError.self) { try TestClient.connect(port: port) }
    }

    @Test func reportsPortInUse() throws {
        let first = Server(configuration: ServerConfiguration(port: 0, logsRequests: false), handler: echoHandler)
        try first.start()
        defer { first.stop() }
        let second = Server(configuration: ServerConfiguration(port: first.port, logsRequests: false), handler: echoHandler)
        #expect(throws: ServerError.self) { try second.start() }
    }

    @Test func rejectsHostNameAndBadLimits() {
        let named = Server(configuration: ServerConfiguration(host: "localhost", port: 0), handler: echoHandler)
        #expect(throws: ServerError.invalidHost("localhost")) { try named.start() }
        let invalid = Server(configuration: ServerConfiguration(port: 0, threadCount: 0, maximumConnections: 0),
                             handler: echoHandler)
        #expect {
            try invalid.start()
        } throws: { error in
            guard case let ServerError.invalidConfiguration(problems) = error else { return false }
            return problems.count == 2
        }
    }
}

/// A thread-safe counter for handlers that run on server threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A thread-safe slot to capture what a handler saw.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}

/// Requests whose contexts are counted globally; serialized so other suites' servers do not
/// disturb the count.
@Suite("Per-request memory", .serialized)
struct RequestContextLifetimeTests {
    @Test func freesEveryRequestContextOnEveryPath() async throws {
        try await withServer(maximumBodyBytes: 100) { port in
            _ = try TestClient.get("/page", port: port)
            _ = try TestClient.send("BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
            _ = try TestClient.send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", port: port)
            _ = try TestClient.get("/query?a=%Z", port: port)
            // A client that sends half a body and hangs up.
            let aborted = try TestClient.connect(port: port)
            let partial = "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc"
            _ = partial.withCString { send(aborted, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            close(aborted)
            // A client still mid-body when the server stops (the shutdown path).
            let pending = try TestClient.connect(port: port)
            _ = partial.withCString { send(pending, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            try await Task.sleep(for: .milliseconds(200))
            close(pending)
        }
        // Other suites run in parallel and may hold contexts; wait for the count to settle.
        var live = RequestContext.live.value
        for _ in 0..<50 where live != 0 {
            try await Task.sleep(for: .milliseconds(100))
            live = RequestContext.live.value
        }
        #expect(live == 0)
    }
}
