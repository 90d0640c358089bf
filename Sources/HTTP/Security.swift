import COpenSSL
import Foundation

/// Why a cryptographic helper failed.
public enum CryptoError: Error, Equatable, CustomStringConvertible {
    /// OpenSSL's generator could not produce random bytes (not seeded, or failing).
    case randomUnavailable
    /// Secrets shorter than 32 bytes make HMAC tokens guessable.
    case secretTooShort(bytes: Int)
    case hmacFailed

    public var description: String {
        switch self {
        case .randomUnavailable: "OpenSSL RAND_bytes failed"
        case let .secretTooShort(bytes): "secret has \(bytes) bytes, at least 32 are required"
        case .hmacFailed: "OpenSSL HMAC-SHA256 failed"
        }
    }
}

/// Cryptographically secure random bytes from OpenSSL.
public enum SecureRandom {
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(clamping: $0.count)) }
        guard status == 1 else { throw .randomUnavailable }
        return bytes
    }

    /// A URL- and cookie-safe random token (base64url, no padding); 32 bytes give 256 bits.
    public static func token(byteCount: Int = 32) throws(CryptoError) -> String {
        Base64URL.encode(try bytes(byteCount))
    }
}

/// Issues and checks CSRF tokens bound to a session: base64url(HMAC-SHA256(secret, session id)).
/// Stateless, so any app process with the same secret accepts the tokens of the others.
public struct CSRFTokens: Sendable {
    private let secret: [UInt8]
    /// Separates these MACs from any other use of the same secret.
    private static let purpose = Array("civic-budget/csrf/v1\0".utf8)

    public init(secret: [UInt8]) throws(CryptoError) {
        guard secret.count >= 32 else { throw .secretTooShort(bytes: secret.count) }
        self.secret = secret
    }

    /// The token to embed in the session's forms.
    public func token(for sessionID: String) throws(CryptoError) -> String {
        Base64URL.encode(try mac(for: sessionID))
    }

    /// Whether `token` was issued for `sessionID`, compared in constant time.
    public func isValid(_ token: String, for sessionID: String) -> Bool {
        guard let presented = Base64URL.decode(token), let expected = try? mac(for: sessionID),
              presented.count == expected.count else {
            return false
        }
        return presented.withUnsafeBytes { left in
            expected.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    private func mac(for sessionID: String) throws(CryptoError) -> [UInt8] {
        let message = Self.purpose + Array(sessionID.utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = secret.withUnsafeBytes { key in
            message.withUnsafeBufferPointer { data in
                HMAC(EVP_sha256(), key.baseAddress, Int32(key.count), data.baseAddress, data.count, &digest, &length)
            }
        }
        guard result != nil, length == 32 else { throw .hmacFailed }
        return Array(digest.prefix(Int(length)))
    }
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Nil when `text` is not base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "=") }) else {
            return nil
        }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard).map { Array($0) }
    }
}
