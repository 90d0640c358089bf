import Testing
import HTTP

@Suite("Form and cookie parsing")
struct FormTests {
    @Test func decodesPlusAndPercentSpaces() throws {
        let form = try FormData.parse(urlEncoded: Array("a=deux+mots&b=trois%20mots&c=%2B1".utf8))
        #expect(form["a"] == "deux mots")
        #expect(form["b"] == "trois mots")
        #expect(form["c"] == "+1")
    }

    @Test func keepsRepeatedKeysInOrderAndSkipsEmptyPairs() throws {
        let form = try FormData.parse(query: "x=1&&y&x=2&=v&")
        #expect(form.fields == [.init(name: "x", value: "1"), .init(name: "y", value: ""),
                                .init(name: "x", value: "2"), .init(name: "", value: "v")])
        #expect(form.values(for: "x") == ["1", "2"])
        #expect(form["absent"] == nil)
    }

    @Test func decodesUTF8() throws {
        #expect(try FormData.parse(query: "ville=B%C3%A9thune")["ville"] == "Béthune")
    }

    @Test func reportsInvalidPercentEncodingWithOffset() {
        #expect(throws: FormError.invalidPercentEncoding(offset: 4)) { try FormData.parse(query: "a=1&%G1=2") }
        #expect(throws: FormError.invalidPercentEncoding(offset: 2)) { try FormData.parse(query: "a=%4") }
        #expect(throws: FormError.invalidPercentEncoding(offset: 2)) { try FormData.parse(query: "a=%") }
    }

    @Test func reportsInvalidUTF8() {
        #expect(throws: FormError.invalidUTF8(fieldIndex: 1)) { try FormData.parse(query: "a=1&b=%FF") }
    }

    @Test func enforcesSizeAndFieldLimits() {
        let limits = FormLimits(maximumBytes: 10, maximumFields: 2)
        #expect(throws: FormError.tooLarge(bytes: 11, limit: 10)) { try FormData.parse(query: "a=123456789", limits: limits) }
        #expect(throws: FormError.tooManyFields(limit: 2)) { try FormData.parse(query: "a&b&c", limits: limits) }
        #expect((try? FormData.parse(query: "a&b", limits: limits))?.fields.count == 2)
    }

    @Test func requiresUrlencodedContentTypeForForms() throws {
        let json = Request(method: "POST", path: "/", headers: ["Content-Type": "application/json"], body: Array("a=1".utf8))
        #expect(throws: FormError.unsupportedContentType("application/json")) { try json.form() }
        let form = Request(method: "POST", path: "/", headers: ["content-type": "Application/X-WWW-Form-Urlencoded; charset=UTF-8"],
                           body: Array("a=1".utf8))
        #expect(try form.form()["a"] == "1")
    }

    @Test func parsesCookiesFirstOccurrenceWins() {
        let cookies = Cookies.parse(headerValues: ["sid=abc; theme=\"sombre\"; malformed; sid=autre", "lang=fr"])
        #expect(cookies == ["sid": "abc", "theme": "sombre", "lang": "fr"])
    }

    @Test func writesSafeCookieAttributes() throws {
        var response = Response.text("ok")
        try response.setCookie("sid", value: "abc123", maxAge: 3600, secure: true)
        #expect(response.headers["Set-Cookie"] == "sid=abc123; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax")
    }

    @Test func rejectsCookieInjection() {
        var response = Response.text("ok")
        #expect(throws: CookieError.invalidValue(name: "sid")) { try response.setCookie("sid", value: "a; Domain=evil") }
        #expect(throws: CookieError.invalidName("s id")) { try response.setCookie("s id", value: "a") }
        #expect(throws: CookieError.sameSiteNoneRequiresSecure(name: "sid")) {
            try response.setCookie("sid", value: "a", sameSite: .none)
        }
        #expect(response.headers["Set-Cookie"] == nil)
    }

    @Test func looksUpHeadersCaseInsensitively() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain"]
        headers.add("Set-Cookie", "a=1")
        headers.add("set-cookie", "b=2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        headers.set("CONTENT-TYPE", "text/html")
        #expect(headers.values(for: "Content-Type") == ["text/html"])
    }
}
