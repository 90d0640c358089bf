import Campaign

/// French renderings of dates, times, amounts and lists, kept apart from the views so they are tested on their own.
///
/// Written by hand rather than with `DateFormatter`: the calendar values are wall-clock
/// values with no time zone, and French typography ("1er", "18 h 30", no-break spaces)
/// is not what the formatters produce on every platform.
enum FrenchFormat {
    /// Keeps a number and its unit (or groups of digits) on one line.
    static let noBreakSpace = "\u{00A0}"

    static let monthNames = [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]

    /// "janvier" … "décembre".
    static func monthName(_ month: Int) -> String {
        monthNames.indices.contains(month - 1) ? monthNames[month - 1] : String(month)
    }

    /// "1er" for the first of the month, as French typography wants; the number otherwise.
    static func dayOfMonth(_ day: Int) -> String {
        day == 1 ? "1er" : String(day)
    }

    /// "1er mars 2023".
    static func date(_ date: LocalDate) -> String {
        "\(dayOfMonth(date.day)) \(monthName(date.month)) \(date.year)"
    }

    /// "18 h", "18 h 30", "9 h 05".
    static func time(_ time: LocalTime) -> String {
        let hour = "\(time.hour)\(noBreakSpace)h"
        guard time.minute != 0 else { return hour }
        return hour + noBreakSpace + (time.minute < 10 ? "0" : "") + String(time.minute)
    }

    /// "1er mars 2023" or "1er octobre 2024 à 9 h".
    static func dateTime(_ value: LocalDateTime) -> String {
        value.time.map { "\(date(value.date)) à \(time($0))" } ?? date(value.date)
    }

    /// The window of a phase: "du 13 février au 12 avril 2023", "du 1er au 30 septembre 2023",
    /// "le 5 mars 2023", "à partir du 16 janvier 2023"; with times, both ends are written in full.
    static func period(from start: LocalDateTime, to end: LocalDateTime?) -> String {
        guard let end else { return "à partir du \(dateTime(start))" }
        if start.time != nil || end.time != nil {
            if start.date == end.date, let startTime = start.time, let endTime = end.time {
                return "le \(date(start.date)), de \(time(startTime)) à \(time(endTime))"
            }
            return "du \(dateTime(start)) au \(dateTime(end))"
        }
        if start.date == end.date { return "le \(date(end.date))" }
        return "du \(shortenedStart(start.date, before: end.date)) au \(date(end.date))"
    }

    /// A window within which a session takes place, its own day not being known:
    /// "entre le 1er mars et le 6 avril 2023".
    static func window(from start: LocalDate, to end: LocalDate?) -> String {
        guard let end, end != start else {
            return end == nil ? "à partir du \(date(start))" : "le \(date(start))"
        }
        return "entre le \(shortenedStart(start, before: end)) et le \(date(end))"
    }

    /// The first date of a range without what the last date repeats: "1er" before "30 septembre 2023",
    /// "13 février" before "12 avril 2023", the whole date across years.
    static func shortenedStart(_ start: LocalDate, before end: LocalDate) -> String {
        if start.year != end.year { return date(start) }
        if start.month != end.month { return "\(dayOfMonth(start.day)) \(monthName(start.month))" }
        return dayOfMonth(start.day)
    }

    /// "600 000 €", "4 500,50 €": groups of three digits and the unit held by no-break spaces.
    static func euros(cents: Int64) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let units = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in units.enumerated() {
            if index > 0 && (units.count - index) % 3 == 0 { grouped += noBreakSpace }
            grouped.append(digit)
        }
        let remainder = magnitude % 100
        let fraction = remainder == 0 ? "" : "," + (remainder < 10 ? "0" : "") + String(remainder)
        return (negative ? "-" : "") + grouped + fraction + noBreakSpace + "€"
    }

    /// "A", "A et B", "A, B et C".
    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        let head = items.dropLast()
        return head.isEmpty ? last : head.joined(separator: ", ") + " et " + last
    }

    /// The text with its first letter in upper case ("comptoirs" → "Comptoirs").
    static func capitalizedFirst(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
