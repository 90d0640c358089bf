import Foundation

/// A calendar day with no time zone, written "2023-01-16" in JSON.
public struct LocalDate: TextCodable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date, or nil when the day does not exist (2023-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly "YYYY-MM-DD"; nil for any other shape or a day that does not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        "\(LocalDate.pad(year, 4))-\(LocalDate.pad(month, 2))-\(LocalDate.pad(day, 2))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The date `count` days later (earlier when negative).
    public func adding(days count: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// Days since 1970-01-01, by Howard Hinnant's civil-from-days algorithm, so that
    /// date arithmetic needs no Calendar and no time zone.
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public static let textFormat = "an existing date as YYYY-MM-DD"
}

/// A wall-clock time of day, to the minute.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    /// Creates a time, or nil outside 00:00…23:59.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses exactly "HH:MM".
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String { "\(LocalDate.pad(hour, 2)):\(LocalDate.pad(minute, 2))" }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute)
    }
}

/// A day with an optional wall-clock time, in the tenant's time zone: "2023-09-01" or "2023-09-01T18:00".
///
/// Without a time, a *start* means 00:00 of that day and an *end* means the whole day
/// is included (the window closes at 00:00 of the next day).
public struct LocalDateTime: TextCodable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime?

    public init(date: LocalDate, time: LocalTime? = nil) {
        self.date = date
        self.time = time
    }

    /// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM".
    public init?(_ text: String) {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let date = LocalDate(String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard let time = LocalTime(String(parts[1])) else { return nil }
            self.init(date: date, time: time)
        } else {
            self.init(date: date)
        }
    }

    public var description: String {
        time.map { "\(date)T\($0)" } ?? date.description
    }

    /// Orders by the instant each value starts (a bare date sorts as its 00:00).
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.startMinute < rhs.startMinute
    }

    /// Minutes since the local epoch at which this value begins.
    var startMinute: Int {
        date.daysSinceEpoch * 1440 + (time.map { $0.hour * 60 + $0.minute } ?? 0)
    }

    /// Minutes since the local epoch at which a window ending here closes (exclusive).
    var exclusiveEndMinute: Int {
        time.map { date.daysSinceEpoch * 1440 + $0.hour * 60 + $0.minute } ?? (date.daysSinceEpoch + 1) * 1440
    }

    /// The instant this value begins in `timeZone`.
    public func startInstant(in timeZone: TimeZone) -> Date {
        Self.instant(localMinute: startMinute, in: timeZone)
    }

    /// The first instant after a window ending here, in `timeZone` (the window is half-open).
    public func exclusiveEndInstant(in timeZone: TimeZone) -> Date {
        Self.instant(localMinute: exclusiveEndMinute, in: timeZone)
    }

    /// Converts a wall-clock minute to an instant. The offset is looked up twice so that
    /// days on which daylight-saving time changes get the offset in force at that moment;
    /// a wall-clock time skipped by the spring change lands just after the gap.
    static func instant(localMinute: Int, in timeZone: TimeZone) -> Date {
        let wallClock = TimeInterval(localMinute) * 60
        let guess = wallClock - TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wallClock)))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))
        return Date(timeIntervalSince1970: wallClock - TimeInterval(offset))
    }

    public static let textFormat = "YYYY-MM-DD or YYYY-MM-DDTHH:MM"
}

/// A value written in JSON as one string, its `description`, and read back with `init?(_:)`.
public protocol TextCodable: Codable, CustomStringConvertible {
    init?(_ text: String)
    /// What a valid text looks like, for error messages.
    static var textFormat: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \(Self.textFormat), found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
