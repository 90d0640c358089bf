import Foundation

/// An HTTP request as seen by a handler: fully read, decoded and bounded.
public struct Request: Sendable {
    /// The method in upper case. HEAD requests arrive as `GET` with ``isHead`` set, so routes
    /// need only know GET; libmicrohttpd drops the body of the answer.
    public var method: String
    /// True when the client sent HEAD (``method`` is then `GET`).
    public var isHead: Bool
    /// The percent-decoded path without the query, e.g. `/projets/été`.
    public var path: String
    /// The path exactly as sent, still percent-encoded, without the query.
    public var rawPath: String
    /// The query string as sent, without `?` (empty when absent).
    public var rawQuery: String
    /// The decoded query parameters in order, repeated names kept.
    public var query: FormData
    public var headers: HTTPHeaders
    /// Cookies from the `Cookie` header(s); the first occurrence of a name wins.
    public var cookies: [String: String]
    /// The request body, at most `ServerConfiguration.maximumBodyBytes` long.
    public var body: [UInt8]
    /// The peer's IP address (the proxy's, behind nginx).
    public var clientAddress: String?

    public init(method: String, path: String, rawPath: String? = nil, rawQuery: String = "",
                query: FormData = FormData(), headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = [], clientAddress: String? = nil, isHead: Bool = false) {
        self.method = method
        self.isHead = isHead
        self.path = path
        self.rawPath = rawPath ?? path
        self.rawQuery = rawQuery
        self.query = query
        self.headers = headers
        self.cookies = Cookies.parse(headerValues: headers.values(for: "Cookie"))
        self.body = body
        self.clientAddress = clientAddress
    }

    /// The first value of header `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name]
    }

    /// The media type of the body without parameters, lower-cased (e.g. `application/x-www-form-urlencoded`).
    public var mediaType: String? {
        guard let contentType = header("Content-Type") else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Decodes an `application/x-www-form-urlencoded` body (UTF-8, repeated names kept).
    public func form(limits: FormLimits = FormLimits()) throws(FormError) -> FormData {
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw .unsupportedContentType(header("Content-Type"))
        }
        return try FormData.parse(urlEncoded: body, limits: limits)
    }
}

extension Request {
    /// Splits a request target into path and query and decodes both; nil when the
    /// encoding is invalid (the server answers 400 then).
    static func decodeTarget(_ target: String) -> (rawPath: String, path: String, rawQuery: String, query: FormData)? {
        var target = Substring(target)
        // Absolute-form targets (`GET http://host/path`) are legal for servers; keep only the path.
        for scheme in ["http://", "https://"] where target.lowercased().hasPrefix(scheme) {
            let afterScheme = target.dropFirst(scheme.count)
            target = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        }
        let withoutFragment = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = String(parts.first ?? "")
        let rawQuery = parts.count > 1 ? String(parts[1]) : ""
        guard let path = try? PercentDecoding.decode(ArraySlice(rawPath.utf8), plusIsSpace: false),
              !path.utf8.contains(0),
              let query = try? FormData.parse(query: rawQuery) else {
            return nil
        }
        return (rawPath, path, rawQuery, query)
    }
}
