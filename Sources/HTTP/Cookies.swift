/// Reading the `Cookie` request header and writing `Set-Cookie` response headers.
public enum Cookies {
    /// Parses `Cookie` header values (`a=1; b=2`). The first occurrence of a name wins, as
    /// browsers send the most specific cookie first; malformed pairs are skipped, never fatal.
    public static func parse(headerValues: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headerValues {
            for pair in header.split(separator: ";", omittingEmptySubsequences: true) {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingSpaces()
                var value = pair[pair.index(after: equals)...].trimmingSpaces()
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                guard HTTPHeaders.isToken(name), cookies[name] == nil else { continue }
                cookies[name] = value
            }
        }
        return cookies
    }

    /// Parses one `Cookie` header value.
    public static func parse(header: String) -> [String: String] {
        parse(headerValues: [header])
    }
}

/// The `SameSite` attribute of a cookie.
public enum SameSite: String, Sendable {
    case strict = "Strict"
    case lax = "Lax"
    case none = "None"
}

/// Why a cookie cannot be set.
public enum CookieError: Error, Equatable {
    /// The name is not an RFC 6265 token.
    case invalidName(String)
    /// The value holds a character outside RFC 6265 cookie-octets (space, `"`, `,`, `;`, `\`, controls).
    case invalidValue(name: String)
    /// `SameSite=None` is only accepted by browsers together with `Secure`.
    case sameSiteNoneRequiresSecure(name: String)
}

/// A `Set-Cookie` header; defaults are the safe ones (HttpOnly, SameSite=Lax, Path=/).
public struct SetCookie: Sendable, Equatable {
    public var name: String
    public var value: String
    public var path: String
    /// Lifetime in seconds; nil for a session cookie, 0 to delete the cookie.
    public var maxAge: Int?
    public var secure: Bool
    public var httpOnly: Bool
    public var sameSite: SameSite

    public init(name: String, value: String, path: String = "/", maxAge: Int? = nil,
                secure: Bool = false, httpOnly: Bool = true, sameSite: SameSite = .lax) throws(CookieError) {
        guard HTTPHeaders.isToken(name) else { throw .invalidName(name) }
        guard value.utf8.allSatisfy(Self.isCookieOctet), path.utf8.allSatisfy({ Self.isCookieOctet($0) || $0 == 0x20 }) else {
            throw .invalidValue(name: name)
        }
        guard sameSite != .none || secure else { throw .sameSiteNoneRequiresSecure(name: name) }
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// The header value, e.g. `sid=abc; Path=/; HttpOnly; SameSite=Lax`.
    public var headerValue: String {
        var parts = ["\(name)=\(value)", "Path=\(path)"]
        if let maxAge { parts.append("Max-Age=\(max(0, maxAge))") }
        if secure { parts.append("Secure") }
        if httpOnly { parts.append("HttpOnly") }
        parts.append("SameSite=\(sameSite.rawValue)")
        return parts.joined(separator: "; ")
    }

    private static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
            || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
