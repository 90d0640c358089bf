import Testing
import HTTP

@Suite("CSRF tokens and random bytes")
struct SecurityTests {
    let secret = [UInt8](repeating: 7, count: 32)

    @Test func acceptsItsOwnToken() throws {
        let tokens = try CSRFTokens(secret: secret)
        let token = try tokens.token(for: "session-1")
        #expect(tokens.isValid(token, for: "session-1"))
        #expect(try tokens.token(for: "session-1") == token)
    }

    @Test func rejectsTamperedTokens() throws {
        let tokens = try CSRFTokens(secret: secret)
        let token = try tokens.token(for: "session-1")
        var bytes = Array(token.utf8)
        bytes[0] = bytes[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(!tokens.isValid(String(decoding: bytes, as: UTF8.self), for: "session-1"))
        #expect(!tokens.isValid(String(token.dropLast()), for: "session-1"))
        #expect(!tokens.isValid("", for: "session-1"))
        #expect(!tokens.isValid("!!not base64!!", for: "session-1"))
    }

    @Test func rejectsTokenOfAnotherSessionOrSecret() throws {
        let tokens = try CSRFTokens(secret: secret)
        let other = try CSRFTokens(secret: [UInt8](repeating: 8, count: 32))
        let token = try tokens.token(for: "session-1")
        #expect(!tokens.isValid(token, for: "session-2"))
        #expect(!other.isValid(token, for: "session-1"))
    }

    @Test func refusesShortSecret() {
        #expect(throws: CryptoError.secretTooShort(bytes: 16)) { try CSRFTokens(secret: [UInt8](repeating: 1, count: 16)) }
    }

    @Test func producesDistinctRandomTokens() throws {
        #expect(try SecureRandom.bytes(32).count == 32)
        let tokens = try (0..<100).map { _ in try SecureRandom.token() }
        #expect(Set(tokens).count == 100)
        #expect(tokens.allSatisfy { $0.count == 43 && !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
    }

    @Test func roundTripsBase64URL() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0x00, 0x3E]
        #expect(Base64URL.encode(bytes) == "-_8APg")
        #expect(Base64URL.decode("-_8APg") == bytes)
        #expect(Base64URL.decode("+/8APg") == nil)
    }
}
