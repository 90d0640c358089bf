/// An HTTP response built by a handler; the server adds security headers the handler did not set.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An HTML page (`text/html; charset=utf-8`).
    public static func html(_ page: String, status: Int = 200) -> Response {
        Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(page.utf8))
    }

    /// An HTML page built with the escaping builder.
    public static func html(_ page: HTML, status: Int = 200) -> Response {
        html(page.markup, status: status)
    }

    /// Plain text (`text/plain; charset=utf-8`).
    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// A redirect; 303 by default so that a POST is followed by a GET (post/redirect/get).
    public static func redirect(to location: String, status: Int = 303) -> Response {
        Response(status: status, headers: ["Location": location], body: [])
    }

    /// Adds a `Set-Cookie` header (HttpOnly and SameSite=Lax unless told otherwise).
    public mutating func setCookie(_ name: String, value: String, path: String = "/", maxAge: Int? = nil,
                                   secure: Bool = false, httpOnly: Bool = true,
                                   sameSite: SameSite = .lax) throws(CookieError) {
        let cookie = try SetCookie(name: name, value: value, path: path, maxAge: maxAge,
                                   secure: secure, httpOnly: httpOnly, sameSite: sameSite)
        setCookie(cookie)
    }

    /// Adds a prepared `Set-Cookie` header.
    public mutating func setCookie(_ cookie: SetCookie) {
        headers.add("Set-Cookie", cookie.headerValue)
    }

    /// Asks the browser to drop cookie `name` (Max-Age=0).
    public mutating func expireCookie(_ name: String, path: String = "/") throws(CookieError) {
        try setCookie(name, value: "", path: path, maxAge: 0)
    }

    /// Replaces the default Content-Security-Policy for this response.
    public mutating func setContentSecurityPolicy(_ policy: String) {
        headers.set("Content-Security-Policy", policy)
    }

    /// The Content-Security-Policy the server adds when the handler sets none: same-origin
    /// resources only, no inline scripts, no plugins, no framing, forms post only to us.
    public static let defaultContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

    /// The page sent for failures inside the server itself; says nothing about the cause.
    static let internalError = Response.text("Une erreur est survenue.", status: 500)

    /// Adds the headers every answer carries unless the handler chose otherwise.
    func withDefaultSecurityHeaders() -> Response {
        var response = self
        if !headers.contains("X-Content-Type-Options") { response.headers.add("X-Content-Type-Options", "nosniff") }
        if !headers.contains("Referrer-Policy") { response.headers.add("Referrer-Policy", "same-origin") }
        if !headers.contains("Content-Security-Policy") {
            response.headers.add("Content-Security-Policy", Self.defaultContentSecurityPolicy)
        }
        return response
    }
}
