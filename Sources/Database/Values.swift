import Foundation

/// A parameter bound to a query, sent in PostgreSQL's text format.
public enum SQLValue: Sendable, Equatable {
    case null
    case text(String)

    /// The text sent to the server, or nil for SQL NULL.
    var wireText: String? {
        switch self {
        case .null: return nil
        case .text(let text): return text
        }
    }
}

/// A Swift value that can be bound as a query parameter.
public protocol SQLEncodable: Sendable {
    var sqlValue: SQLValue { get }
}

/// A Swift value that can be decoded from a column in PostgreSQL's text format.
public protocol SQLDecodable: Sendable {
    /// Returns nil when the text is not a valid value of the type.
    init?(sqlText text: String)
    /// A phrase naming the type, for error messages.
    static var sqlTypeDescription: String { get }
}

extension String: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(self) }
    public init?(sqlText text: String) { self = text }
    public static var sqlTypeDescription: String { "text" }
}

extension Int: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(String(self)) }
    public init?(sqlText text: String) { self.init(text) }
    public static var sqlTypeDescription: String { "an integer" }
}

extension Int64: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(String(self)) }
    public init?(sqlText text: String) { self.init(text) }
    public static var sqlTypeDescription: String { "a 64-bit integer" }
}

extension Int32: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(String(self)) }
    public init?(sqlText text: String) { self.init(text) }
    public static var sqlTypeDescription: String { "a 32-bit integer" }
}

extension Double: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(String(self)) }
    public init?(sqlText text: String) { self.init(text) }
    public static var sqlTypeDescription: String { "a number" }
}

extension Bool: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(self ? "t" : "f") }
    public init?(sqlText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
    public static var sqlTypeDescription: String { "a boolean" }
}

extension UUID: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue { .text(uuidString.lowercased()) }
    public init?(sqlText text: String) { self.init(uuidString: text) }
    public static var sqlTypeDescription: String { "a UUID" }
}

extension Optional: SQLEncodable where Wrapped: SQLEncodable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// `timestamptz`: the connection's session time zone is UTC (set at connect time),
/// so the server writes `2023-03-15 11:00:00+00` or with fractional seconds.
extension Date: SQLEncodable, SQLDecodable {
    public var sqlValue: SQLValue {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return .text(formatter.string(from: self))
    }

    public init?(sqlText text: String) {
        guard let date = TimestampParser.parse(text) else { return nil }
        self = date
    }

    public static var sqlTypeDescription: String { "a timestamp with time zone" }
}

/// A calendar date (`date` column) with no time zone attached.
public struct SQLDate: Sendable, Hashable, Comparable, SQLEncodable, SQLDecodable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(sqlText text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public var sqlValue: SQLValue { .text(description) }
    public static var sqlTypeDescription: String { "a date" }

    public static func < (lhs: SQLDate, rhs: SQLDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// One-dimensional arrays in PostgreSQL's text format: `{a,"b c",NULL}`.
extension Array: SQLEncodable where Element: SQLEncodable {
    public var sqlValue: SQLValue {
        let items = map { element -> String in
            guard let text = element.sqlValue.wireText else { return "NULL" }
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return .text("{" + items.joined(separator: ",") + "}")
    }
}

extension Array: SQLDecodable where Element: SQLDecodable {
    public init?(sqlText text: String) {
        guard let items = ArrayLiteralParser.parse(text) else { return nil }
        var values: [Element] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard let item, let value = Element(sqlText: item) else { return nil }
            values.append(value)
        }
        self = values
    }

    public static var sqlTypeDescription: String { "an array of \(Element.sqlTypeDescription)" }
}

enum ArrayLiteralParser {
    /// Parses a one-dimensional array literal; nil entries are SQL NULLs.
    static func parse(_ text: String) -> [String?]? {
        let characters = Array(text)
        guard characters.first == "{", characters.last == "}" else { return nil }
        var items: [String?] = []
        var index = 1
        let end = characters.count - 1
        if index == end { return [] }
        while index < end {
            if characters[index] == "\"" {
                index += 1
                var item = ""
                while index < end, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < end { index += 1 }
                    item.append(characters[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1
                items.append(item)
            } else {
                var item = ""
                while index < end, characters[index] != "," {
                    item.append(characters[index])
                    index += 1
                }
                items.append(item == "NULL" ? nil : item)
            }
            if index < end {
                guard characters[index] == "," else { return nil }
                index += 1
            }
        }
        return items
    }
}

enum TimestampParser {
    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM]` as written by PostgreSQL with DateStyle ISO.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 22,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
              let offsetHours = number(index + 1, 2)
        else { return nil }
        let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
        var offsetMinutes = 0
        if index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: ":"), let minutes = number(index + 4, 2) {
            offsetMinutes = minutes
        }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        guard let base = calendar.date(from: components) else { return nil }
        let offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        return base.addingTimeInterval(fraction - Double(offset))
    }
}
