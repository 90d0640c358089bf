/// Ordered name/value pairs from a query string or an urlencoded form; repeated names are kept.
public struct FormData: Sendable, Equatable {
    /// One decoded name/value pair.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every pair in the order the client sent it.
    public var fields: [Field]

    public init(fields: [Field] = []) {
        self.fields = fields
    }

    /// The first value for `name`, or nil when absent.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value for `name` in order (checkboxes, multi-selects).
    public func values(for name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    public var isEmpty: Bool { fields.isEmpty }
}

/// Bounds applied while decoding urlencoded data, so a hostile body cannot make us allocate without limit.
public struct FormLimits: Sendable, Equatable {
    public var maximumBytes: Int
    public var maximumFields: Int

    public init(maximumBytes: Int = 1 << 20, maximumFields: Int = 1_000) {
        self.maximumBytes = maximumBytes
        self.maximumFields = maximumFields
    }
}

/// Why a query string or form body could not be decoded.
public enum FormError: Error, Equatable, CustomStringConvertible {
    case tooLarge(bytes: Int, limit: Int)
    case tooManyFields(limit: Int)
    /// A `%` not followed by two hex digits, at this byte offset of the input.
    case invalidPercentEncoding(offset: Int)
    /// The decoded bytes of the field at this position are not UTF-8.
    case invalidUTF8(fieldIndex: Int)
    case unsupportedContentType(String?)

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit):
            "form data of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case let .tooManyFields(limit):
            "form data has more than \(limit) fields"
        case let .invalidPercentEncoding(offset):
            "invalid percent-encoding at byte \(offset)"
        case let .invalidUTF8(fieldIndex):
            "field #\(fieldIndex) is not valid UTF-8"
        case let .unsupportedContentType(type):
            "expected application/x-www-form-urlencoded, got \(type ?? "no content type")"
        }
    }
}

extension FormData {
    /// Decodes `application/x-www-form-urlencoded` bytes (UTF-8; `+` is a space; empty pairs skipped).
    public static func parse(urlEncoded bytes: some Collection<UInt8>,
                             limits: FormLimits = FormLimits()) throws(FormError) -> FormData {
        let bytes = Array(bytes)
        guard bytes.count <= limits.maximumBytes else {
            throw .tooLarge(bytes: bytes.count, limit: limits.maximumBytes)
        }
        var fields: [Field] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if end > start {
                guard fields.count < limits.maximumFields else { throw .tooManyFields(limit: limits.maximumFields) }
                let pair = bytes[start..<end]
                let equals = pair.firstIndex(of: UInt8(ascii: "="))
                let nameBytes = pair[..<(equals ?? end)]
                let valueBytes = equals.map { pair[($0 + 1)...] } ?? []
                let index = fields.count
                let name = try PercentDecoding.decode(nameBytes, plusIsSpace: true, fieldIndex: index)
                let value = try PercentDecoding.decode(valueBytes, plusIsSpace: true, fieldIndex: index)
                fields.append(Field(name: name, value: value))
            }
            start = end + 1
        }
        return FormData(fields: fields)
    }

    /// Decodes a query string (the part after `?`, without it) with the form rules.
    public static func parse(query: some StringProtocol, limits: FormLimits = FormLimits()) throws(FormError) -> FormData {
        try parse(urlEncoded: Array(query.utf8), limits: limits)
    }
}

/// Strict percent-decoding shared by paths, queries and forms.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` when asked); errors carry offsets in the slice's own indices.
    static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool, fieldIndex: Int = 0) throws(FormError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw .invalidPercentEncoding(offset: index)
                }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw .invalidUTF8(fieldIndex: fieldIndex)
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Percent-encoding for building URLs from user data.
public enum URLEncoding {
    /// Encodes `text` for use as one path segment or one query name/value: everything except
    /// RFC 3986 unreserved characters is escaped, so `/`, `?`, `&`, `=`, `#` and spaces are safe.
    public static func component(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%"
                result.unicodeScalars.append(hexDigit(byte >> 4))
                result.unicodeScalars.append(hexDigit(byte & 0xF))
            }
        }
        return result
    }

    /// Encodes one path segment (alias of ``component(_:)`` that reads well at call sites).
    public static func pathSegment(_ text: String) -> String { component(text) }

    /// Builds `name=value&…` with every name and value encoded.
    public static func query(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { component($0.key) + "=" + component($0.value) }.joined(separator: "&")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexDigit(_ value: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10)
    }
}
