import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A response read off the wire by ``TestClient``.
public struct RawResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

public enum TestClientError: Error {
    case socket(String)
    case malformedResponse(String)
}

/// A deliberately dumb HTTP/1.1 client over a blocking socket, so tests control every byte
/// sent (oversized bodies, odd methods, invalid encodings) and see exactly what comes back.
public enum TestClient {
    public static func send(_ request: String, port: UInt16) throws -> RawResponse {
        try send(Array(request.utf8), port: port)
    }

    public static func send(_ request: [UInt8], port: UInt16) throws -> RawResponse {
        let socket = try connect(port: port)
        defer { close(socket) }
        var offset = 0
        while offset < request.count {
            let sent = request[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer (413) and close before reading everything; read what it said.
            if sent <= 0 { break }
            offset += sent
        }
        return try parse(readAll(socket))
    }

    public static func get(_ target: String, port: UInt16, headers: [String] = []) throws -> RawResponse {
        let extra = headers.map { $0 + "\r\n" }.joined()
        return try send("GET \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\(extra)\r\n", port: port)
    }

    public static func post(_ target: String, port: UInt16, contentType: String, body: [UInt8]) throws -> RawResponse {
        let head = "POST \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        return try send(Array(head.utf8) + body, port: port)
    }

    public static func connect(port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw TestClientError.socket("socket: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(socket)
            throw TestClientError.socket("connect: errno \(code)")
        }
        return socket
    }

    private static func readAll(_ socket: Int32) throws -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                data.append(contentsOf: buffer[..<count])
            } else if count == 0 || errno == ECONNRESET {
                return data
            } else {
                throw TestClientError.socket("recv: errno \(errno)")
            }
        }
    }

    public static func parse(_ data: [UInt8]) throws -> RawResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = data.indices.first(where: { data[$0...].starts(with: separator) }) else {
            throw TestClientError.malformedResponse(String(decoding: data, as: UTF8.self))
        }
        let head = String(decoding: data[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestClientError.malformedResponse(head)
        }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return RawResponse(status: status, headers: headers, body: Array(data[(end + 4)...]))
    }
}
