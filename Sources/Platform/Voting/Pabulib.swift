import Foundation

/// A problem found while reading a Pabulib file, with where it is.
public struct PabulibError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number, when the problem sits on one line.
    public var line: Int?
    /// The column or META key concerned, if any.
    public var field: String?
    public var problem: Problem

    /// What went wrong, in words that say what was expected.
    public enum Problem: Sendable, Equatable {
        case unreadable(String)
        case missingSection(String)
        case unexpectedContent(String)
        case missingColumn(String)
        case wrongFieldCount(expected: Int, found: Int)
        case unterminatedQuote
        case invalidAmount(String)
        case invalidInteger(String)
        case missingBudget
        case unknownVoteType(String)
        case duplicateProject(String)
        case unknownProject(String)
        case pointsMismatch(choices: Int, points: Int)
    }

    public init(file: String, line: Int? = nil, field: String? = nil, problem: Problem) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let field { location += " (\(field))" }
        let what: String
        switch problem {
        case .unreadable(let reason): what = "cannot read the file: \(reason)"
        case .missingSection(let name): what = "section \(name) is missing (expected META, PROJECTS and VOTES)"
        case .unexpectedContent(let text): what = "unexpected content before the first section: \"\(text)\""
        case .missingColumn(let name): what = "the header has no \"\(name)\" column"
        case .wrongFieldCount(let expected, let found): what = "expected \(expected) fields, found \(found)"
        case .unterminatedQuote: what = "a quoted field is never closed"
        case .invalidAmount(let text): what = "\"\(text)\" is not an amount (expected digits, optionally 1–2 decimals after '.' or ',')"
        case .invalidInteger(let text): what = "\"\(text)\" is not a whole number"
        case .missingBudget: what = "META has no budget"
        case .unknownVoteType(let text): what = "unknown vote_type \"\(text)\" (expected approval, ordinal, cumulative or scoring)"
        case .duplicateProject(let id): what = "project \"\(id)\" is listed twice"
        case .unknownProject(let id): what = "the ballot names project \"\(id)\", which is not in PROJECTS"
        case .pointsMismatch(let choices, let points): what = "\(choices) projects but \(points) points"
        }
        return "\(location): \(what)"
    }
}

/// Reads and writes Pabulib `.pb` files.
public enum Pabulib {
    /// Parses a file; the file is memory-mapped and scanned once, line by line.
    ///
    /// `keepingBallotAttributes: false` drops the voters' extra columns (age, sex…),
    /// which a tally never reads, to save time and memory on large files.
    public static func parse(contentsOf url: URL, keepingBallotAttributes: Bool = true) throws(PabulibError) -> Election {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw PabulibError(file: url.path, problem: .unreadable(error.localizedDescription))
        }
        return try parse(data, fileName: url.lastPathComponent, keepingBallotAttributes: keepingBallotAttributes)
    }

    /// How many bytes `parse(path:)` asks the system for at a time. Big enough that the
    /// reads cost nothing next to the scanning, small enough not to weigh on peak memory:
    /// the file itself is never held whole.
    static let defaultChunkSize = 64 * 1024

    /// Parses the file at a path, streaming: it is read in fixed-size chunks into one
    /// reused buffer, so memory does not grow with the file. Lighter than
    /// `parse(contentsOf:)` in a short-lived command, as it needs no URL machinery.
    public static func parse(path: String, keepingBallotAttributes: Bool = true) throws(PabulibError) -> Election {
        try parse(path: path, keepingBallotAttributes: keepingBallotAttributes, chunkSize: defaultChunkSize)
    }

    /// `chunkSize` is a parameter so that tests can make every record cross a chunk boundary.
    static func parse(path: String, keepingBallotAttributes: Bool = true,
                      chunkSize: Int) throws(PabulibError) -> Election {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw PabulibError(file: path, problem: .unreadable("no such file, or not readable"))
        }
        defer { close(descriptor) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return try parseChunks(fileName: name, keepingBallotAttributes: keepingBallotAttributes,
                               chunkSize: chunkSize) { (destination) throws(PabulibError) -> Int in
            while true {
                let count = read(descriptor, destination.baseAddress, destination.count)
                if count >= 0 { return count }
                // A signal may interrupt the read before it got anything; it is not an error.
                if errno == EINTR { continue }
                throw PabulibError(file: path, problem: .unreadable(String(cString: strerror(errno))))
            }
        }
    }

    /// Parses the bytes of a `.pb` file; `fileName` only labels errors.
    public static func parse(_ data: Data, fileName: String = "<input>",
                             keepingBallotAttributes: Bool = true) throws(PabulibError) -> Election {
        var builder = ElectionBuilder(file: fileName)
        builder.keepBallotAttributes = keepingBallotAttributes
        // The bytes are already in memory: they are the one and final chunk, scanned in place.
        let result: Result<Void, PabulibError> = data.withUnsafeBytes { raw in
            var scanner = RecordScanner(bytes: raw.bindMemory(to: UInt8.self))
            return Result(catching: { () throws(PabulibError) in try scan(&scanner, into: &builder, file: fileName) })
        }
        try result.get()
        return try builder.finish()
    }

    /// Parses the bytes of `data` as if read `chunkSize` bytes at a time; for tests of the
    /// streaming path without files.
    static func parse(_ data: Data, fileName: String = "<input>", keepingBallotAttributes: Bool = true,
                      chunkSize: Int) throws(PabulibError) -> Election {
        var offset = 0
        return try parseChunks(fileName: fileName, keepingBallotAttributes: keepingBallotAttributes,
                               chunkSize: chunkSize) { (destination) throws(PabulibError) -> Int in
            let count = min(destination.count, data.count - offset)
            let start = data.index(data.startIndex, offsetBy: offset)
            data.copyBytes(to: destination, from: start..<(start + count))
            offset += count
            return count
        }
    }

    /// The streaming reader: `read` fills the buffer it is given and returns how many
    /// bytes it wrote, 0 at the end of the file. The buffer holds `chunkSize` bytes. Complete records are handed to the
    /// builder as soon as they are in the buffer; the incomplete record at the end of a
    /// chunk (which may stop inside a quoted field, between "" or between CR and LF) is
    /// moved to the front of the buffer and scanned again once the next chunk is in.
    static func parseChunks(fileName: String, keepingBallotAttributes: Bool, chunkSize: Int,
                            read: (UnsafeMutableRawBufferPointer) throws(PabulibError) -> Int)
        throws(PabulibError) -> Election {
        var builder = ElectionBuilder(file: fileName)
        builder.keepBallotAttributes = keepingBallotAttributes
        let chunkSize = max(chunkSize, 1)
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var filled = 0
        var atEnd = false
        var scanner = RecordScanner(bytes: UnsafeBufferPointer(start: buffer.baseAddress, count: 0))
        var checkedByteOrderMark = false
        while !atEnd {
            // Only a record longer than the buffer fills it: grow it, or it could never be read whole.
            if filled == buffer.count {
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                _ = larger.initialize(from: buffer[..<filled])
                buffer.deallocate()
                buffer = larger
            }
            // The rest of the buffer after the carried tail: a chunk less the tail, a few bytes.
            let free = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled...])
            let count = try read(free)
            if count == 0 { atEnd = true }
            filled += count
            // The byte-order mark is only looked for at the very start, and only once
            // its three bytes (or the whole file, if shorter) are in.
            if !checkedByteOrderMark {
                guard filled >= 3 || atEnd else { continue }
                checkedByteOrderMark = true
                scanner.skipsByteOrderMark = true
            }
            scanner.restart(with: UnsafeBufferPointer(rebasing: buffer[..<filled]), isFinal: atEnd)
            try scan(&scanner, into: &builder, file: fileName)
            // Keep the unread tail for the next round.
            let consumed = scanner.position
            let tail = filled - consumed
            if tail > 0 && consumed > 0, let base = buffer.baseAddress {
                memmove(base, base + consumed, tail)
            }
            filled = tail
        }
        return try builder.finish()
    }

    /// Feeds the builder every complete record of the scanner's bytes.
    static func scan(_ scanner: inout RecordScanner, into builder: inout ElectionBuilder,
                     file: String) throws(PabulibError) {
        while let line = try scanner.next(file: file) {
            try builder.consume(scanner, line: line)
        }
    }

    /// Writes an election as a `.pb` file; `parse(write(e))` gives `e` back.
    public static func write(_ election: Election) -> String {
        var out = "META\nkey;value\n"
        var meta = election.meta
        func setMeta(_ key: String, _ value: String) {
            if let index = meta.firstIndex(where: { $0.key == key }) {
                meta[index].value = value
            } else {
                meta.append(.init(key: key, value: value))
            }
        }
        setMeta("budget", formatAmount(election.budget))
        setMeta("vote_type", pabulibVoteType(election.kind))
        setMeta("num_projects", String(election.projects.count))
        setMeta("num_votes", String(election.ballots.count))
        for entry in meta { out += quote(entry.key) + ";" + quote(entry.value) + "\n" }

        var projectColumns = ["project_id", "cost"]
        for column in election.projectColumns where !projectColumns.contains(column) { projectColumns.append(column) }
        for project in election.projects {
            if !project.name.isEmpty && !projectColumns.contains("name") { projectColumns.append("name") }
            if !project.categories.isEmpty && !projectColumns.contains("category") { projectColumns.append("category") }
            if project.territory != nil && !projectColumns.contains("territory") { projectColumns.append("territory") }
            for key in project.attributes.keys.sorted() where !projectColumns.contains(key) { projectColumns.append(key) }
        }
        out += "PROJECTS\n" + projectColumns.map(quote).joined(separator: ";") + "\n"
        for project in election.projects {
            let fields = projectColumns.map { column -> String in
                switch column {
                case "project_id": return project.id
                case "cost": return formatAmount(project.cost)
                case "name": return project.name
                case "category": return project.categories.joined(separator: ",")
                case "territory": return project.territory ?? ""
                default: return project.attributes[column] ?? ""
                }
            }
            out += fields.map(quote).joined(separator: ";") + "\n"
        }

        var voteColumns = ["voter_id", "vote"]
        if election.ballots.contains(where: { $0.points != nil }) { voteColumns.append("points") }
        for column in election.voteColumns where !voteColumns.contains(column) { voteColumns.append(column) }
        for ballot in election.ballots {
            if ballot.territory != nil && !voteColumns.contains("territory") { voteColumns.append("territory") }
            for key in ballot.attributes.keys.sorted() where !voteColumns.contains(key) { voteColumns.append(key) }
        }
        out += "VOTES\n" + voteColumns.map(quote).joined(separator: ";") + "\n"
        for ballot in election.ballots {
            let fields = voteColumns.map { column -> String in
                switch column {
                case "voter_id": return ballot.voterID
                case "vote": return ballot.choices.map { election.projects[$0].id }.joined(separator: ",")
                case "points": return (ballot.points ?? []).map(String.init).joined(separator: ",")
                case "territory": return ballot.territory ?? ""
                default: return ballot.attributes[column] ?? ""
                }
            }
            out += fields.map(quote).joined(separator: ";") + "\n"
        }
        return out
    }

    /// Formats cents as Pabulib does: whole units, or two decimals when needed.
    public static func formatAmount(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let units = magnitude / 100, rest = magnitude % 100
        if rest == 0 { return sign + String(units) }
        return sign + String(units) + "." + (rest < 10 ? "0" : "") + String(rest)
    }

    /// Parses an amount ("12500", "12500.5", "12 500,50") into cents.
    public static func parseAmount(_ text: String) -> Int64? {
        var units: Int64 = 0
        var cents: Int64 = 0
        var decimals = 0
        var seenSeparator = false
        var seenDigit = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                let digit = Int64(scalar.value - 48)
                seenDigit = true
                if seenSeparator {
                    decimals += 1
                    if decimals > 2 {
                        if digit != 0 { return nil }
                        continue
                    }
                    cents = cents * 10 + digit
                } else {
                    let (times, overflow1) = units.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(digit)
                    if overflow1 || overflow2 || sum > Int64.max / 100 { return nil }
                    units = sum
                }
            case ".", ",":
                if seenSeparator { return nil }
                seenSeparator = true
            case " ", "\u{00A0}", "\u{202F}":
                if seenSeparator { return nil }
            default:
                return nil
            }
        }
        if !seenDigit { return nil }
        if decimals == 1 { cents *= 10 }
        return units * 100 + cents
    }

    static func pabulibVoteType(_ kind: BallotKind) -> String {
        switch kind {
        case .approval, .knapsack: return "approval"
        case .cumulative: return "cumulative"
        case .ordinal: return "ordinal"
        case .scoring, .majorityJudgment: return "scoring"
        }
    }

    static func quote(_ field: String) -> String {
        if field.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }
}

/// Where one field sits in the file; quoted fields exclude their quotes.
struct FieldSpan {
    var start: Int
    var end: Int
    var quoted: Bool
}

/// Splits the bytes into records of `;`-separated fields, honouring CSV quotes,
/// CRLF line ends and a leading byte-order mark. Fields are spans into the bytes,
/// turned into strings only when needed: the VOTES section of a large file is
/// read without building a string per field.
///
/// The bytes may be one chunk of a file read piece by piece: unless `isFinal`, a record
/// that runs into the end of the bytes is not returned, and `position` and `line` are
/// left at its start, for the caller to scan it again with the next chunk after it.
struct RecordScanner {
    private(set) var bytes: UnsafeBufferPointer<UInt8>
    /// Where scanning resumes; at the end, or at the start of the incomplete record.
    private(set) var position = 0
    /// The last line read, counted across chunks.
    private(set) var line = 0
    /// Whether the bytes end the file, so that a record may end without a line break.
    private(set) var isFinal = true
    /// Set until the byte-order mark has been looked for, at the start of the file.
    var skipsByteOrderMark = true
    /// The fields of the current record, reused from record to record.
    var fields: [FieldSpan] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        skipByteOrderMark()
    }

    /// Continues with new bytes: the unread tail of the previous ones followed by the next chunk.
    mutating func restart(with bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool) {
        self.bytes = bytes
        self.isFinal = isFinal
        position = 0
        skipByteOrderMark()
    }

    private mutating func skipByteOrderMark() {
        guard skipsByteOrderMark else { return }
        skipsByteOrderMark = false
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
    }

    /// Reads the next non-blank record into `fields`; returns the line it starts on, or nil
    /// when no complete record is left in the bytes.
    mutating func next(file: String) throws(PabulibError) -> Int? {
        let count = bytes.count
        let isFinal = self.isFinal
        let semicolon = UInt8(ascii: ";"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let quote = UInt8(ascii: "\"")
        // Work on locals and store them back once: through `self` the compiler reloads and
        // stores the position around every append, in the loop that touches every byte.
        var position = self.position, line = self.line
        var fields: [FieldSpan] = []
        swap(&fields, &self.fields)
        defer {
            self.position = position
            self.line = line
            self.fields = fields
        }
        // Where the record being read starts, to come back to when it is cut by the chunk's end.
        var recordStart = position, lineBefore = line
        while position < count {
            recordStart = position
            lineBefore = line
            line += 1
            let startLine = line
            fields.removeAll(keepingCapacity: true)
            while true {
                if position < count && bytes[position] == quote {
                    position += 1
                    let start = position
                    while true {
                        guard position < count else {
                            if !isFinal { position = recordStart; line = lineBefore; return nil }
                            throw PabulibError(file: file, line: startLine, problem: .unterminatedQuote)
                        }
                        let byte = bytes[position]
                        if byte == quote {
                            if position + 1 < count && bytes[position + 1] == quote {
                                position += 2
                                continue
                            }
                            break
                        }
                        if byte == newline { line += 1 }
                        position += 1
                    }
                    fields.append(FieldSpan(start: start, end: position, quoted: true))
                    position += 1
                    // Anything between the closing quote and the separator is ignored, as CSV readers do.
                    while position < count && bytes[position] != semicolon && bytes[position] != newline
                        && bytes[position] != carriageReturn { position += 1 }
                } else {
                    let start = position
                    while position < count && bytes[position] != semicolon && bytes[position] != newline
                        && bytes[position] != carriageReturn { position += 1 }
                    fields.append(FieldSpan(start: start, end: position, quoted: false))
                }
                // The field ran into the end of the chunk: the record may go on in the next one.
                // This also covers a quote last in the chunk, which may be the first half of "".
                if position == count && !isFinal { position = recordStart; line = lineBefore; return nil }
                if position < count && bytes[position] == semicolon {
                    position += 1
                    continue
                }
                if position < count && bytes[position] == carriageReturn {
                    position += 1
                    // A CR last in the chunk may be followed by the LF of the same line break.
                    if position == count && !isFinal { position = recordStart; line = lineBefore; return nil }
                    if position < count && bytes[position] == newline { position += 1 }
                } else if position < count && bytes[position] == newline {
                    position += 1
                }
                break
            }
            if fields.count == 1 && !fields[0].quoted && isBlank(fields[0]) { continue }
            return startLine
        }
        return nil
    }
    func isBlank(_ span: FieldSpan) -> Bool {
        var index = span.start
        while index < span.end {
            if bytes[index] != 0x20 && bytes[index] != 0x09 { return false }
            index += 1
        }
        return true
    }

    /// The text of field `index` of the current record.
    func string(_ index: Int) -> String {
        string(fields[index])
    }

    func string(_ span: FieldSpan) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.quoted && slice.contains(UInt8(ascii: "\"")) else { return String(decoding: slice, as: UTF8.self) }
        // Inside quotes, "" stands for one quote.
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(slice.count)
        var index = 0
        while index < slice.count {
            unescaped.append(slice[index])
            index += slice[index] == UInt8(ascii: "\"") && index + 1 < slice.count && slice[index + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }
}

/// Finds a project from the bytes of its id without building a String: the VOTES
/// section names projects hundreds of thousands of times, and creating, hashing and
/// freeing a String for each was most of the time spent reading a large file.
///
/// Ids of 1 to 7 bytes (those of every real file) are packed into one integer, so that
/// hashing and comparing them is a multiplication and one comparison; open addressing
/// with linear probing, the table at most half full. A miss is not final: the caller
/// falls back to the String dictionary, which also finds longer ids and equates
/// canonically equivalent spellings.
struct ProjectIDTable {
    /// The packed id in each slot; 0, which no packed id is, marks an empty slot.
    private var keys: [UInt64]
    private var projects: [Int]
    private let mask: Int

    init(ids: [String]) {
        var capacity = 8
        while capacity < ids.count * 2 { capacity *= 2 }
        keys = [UInt64](repeating: 0, count: capacity)
        projects = [Int](repeating: 0, count: capacity)
        mask = capacity - 1
        for (project, id) in ids.enumerated() {
            let bytes = Array(id.utf8)
            guard let packed = bytes.withUnsafeBufferPointer(Self.pack) else { continue }
            var slot = Self.slot(of: packed) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = packed
            projects[slot] = project
        }
    }

    /// The bytes as one integer, with the length in the top byte so that it is never 0
    /// and "1" and "1\0" differ; nil for an empty or longer id.
    @inline(__always)
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard (1...7).contains(bytes.count) else { return nil }
        var packed = UInt64(bytes.count) << 56
        for offset in 0..<bytes.count { packed |= UInt64(bytes[offset]) << (8 * UInt64(offset)) }
        return packed
    }

    /// Fibonacci hashing; no keyed hash is needed, the table lives for one parse.
    @inline(__always)
    private static func slot(of packed: UInt64) -> Int {
        Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The index of the project whose id has exactly these bytes, if it is short enough to be in the table.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let packed = Self.pack(key) else { return nil }
        var slot = Self.slot(of: packed) & mask
        while true {
            let stored = keys[slot]
            if stored == packed { return projects[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}

/// Turns records into an election, section by section.
struct ElectionBuilder {
    enum Section { case none, meta, projects, votes }

    let file: String
    var section = Section.none
    var header: [String]? = nil
    var meta: [Election.MetaEntry] = []
    var projects: [Project] = []
    var projectIndex: [String: Int] = [:]
    /// The choices of the ballot being read, reused from ballot to ballot.
    var choiceBuffer: [Int] = []
    /// Built when VOTES starts, once every project is known.
    var projectIDTable = ProjectIDTable(ids: [])
    var ballots: [Ballot] = []
    var projectColumns: [String] = []
    var voteColumns: [String] = []
    var sectionsSeen: Set<String> = []
    // Column positions in the current header.
    var idColumn = 0, costColumn = 0, nameColumn: Int? = nil, categoryColumn: Int? = nil, territoryColumn: Int? = nil
    var voteColumn = 0, pointsColumn: Int? = nil
    var kind: BallotKind = .approval
    var kindFixed = false
    var keepBallotAttributes = true

    init(file: String) { self.file = file }

    mutating func consume(_ scanner: RecordScanner, line: Int) throws(PabulibError) {
        let fieldCount = scanner.fields.count
        if fieldCount == 1 {
            let marker = scanner.string(0).trimmedSpaces.uppercased()
            if marker == "META" || marker == "PROJECTS" || marker == "VOTES" {
                try startSection(marker, line: line)
                return
            }
        }
        guard section != .none else {
            let text = (0..<fieldCount).map { scanner.string($0) }.joined(separator: ";")
            throw PabulibError(file: file, line: line, problem: .unexpectedContent(text))
        }
        guard let header else {
            try readHeader((0..<fieldCount).map { scanner.string($0).trimmedSpaces }, line: line)
            return
        }
        // Trailing empty fields are tolerated: some exports end rows with ';'.
        var used = fieldCount
        while used > header.count, scanner.fields[used - 1].start == scanner.fields[used - 1].end { used -= 1 }
        guard used == header.count else {
            throw PabulibError(file: file, line: line, problem: .wrongFieldCount(expected: header.count, found: used))
        }
        switch section {
        case .meta: meta.append(.init(key: scanner.string(0), value: scanner.string(1)))
        case .projects: try readProject((0..<used).map { scanner.string($0) }, header: header, line: line)
        case .votes: try readBallot(scanner, header: header, line: line)
        case .none: break
        }
    }

    mutating func startSection(_ name: String, line: Int) throws(PabulibError) {
        if name != "META" && !sectionsSeen.contains("META") {
            throw PabulibError(file: file, line: line, problem: .missingSection("META"))
        }
        if name == "VOTES" {
            if !sectionsSeen.contains("PROJECTS") {
                throw PabulibError(file: file, line: line, problem: .missingSection("PROJECTS"))
            }
            try fixKind()
            projectIDTable = ProjectIDTable(ids: projects.map { $0.id })
        }
        sectionsSeen.insert(name)
        if name == "VOTES", let declared = meta.first(where: { $0.key == "num_votes" }).flatMap({ Int($0.value) }),
           declared > 0 {
            // The declared count is only a hint, but it spares the array its doublings on big files.
            ballots.reserveCapacity(min(declared, 10_000_000))
        }
        section = name == "META" ? .meta : name == "PROJECTS" ? .projects : .votes
        header = nil
    }

    mutating func fixKind() throws(PabulibError) {
        guard !kindFixed else { return }
        kindFixed = true
        let type = meta.first { $0.key == "vote_type" }?.value.lowercased() ?? "approval"
        switch type {
        case "approval": kind = .approval
        case "ordinal": kind = .ordinal
        case "cumulative": kind = .cumulative
        case "scoring": kind = .scoring
        default: throw PabulibError(file: file, field: "vote_type", problem: .unknownVoteType(type))
        }
    }

    mutating func readHeader(_ columns: [String], line: Int) throws(PabulibError) {
        func position(_ name: String) throws(PabulibError) -> Int {
            guard let index = columns.firstIndex(of: name) else {
                throw PabulibError(file: file, line: line, problem: .missingColumn(name))
            }
            return index
        }
        switch section {
        case .meta:
            guard columns.count == 2 else {
                throw PabulibError(file: file, line: line, problem: .wrongFieldCount(expected: 2, found: columns.count))
            }
        case .projects:
            idColumn = try position("project_id")
            costColumn = try position("cost")
            nameColumn = columns.firstIndex(of: "name")
            categoryColumn = columns.firstIndex(of: "category")
            territoryColumn = columns.firstIndex(of: "territory")
            projectColumns = columns
        case .votes:
            idColumn = try position("voter_id")
            voteColumn = try position("vote")
            pointsColumn = columns.firstIndex(of: "points")
            territoryColumn = columns.firstIndex(of: "territory")
            voteColumns = columns
        case .none: break
        }
        header = columns
    }

    mutating func readProject(_ row: [String], header: [String], line: Int) throws(PabulibError) {
        let id = row[idColumn].trimmedSpaces
        guard let cost = Pabulib.parseAmount(row[costColumn]) else {
            throw PabulibError(file: file, line: line, field: "cost", problem: .invalidAmount(row[costColumn]))
        }
        guard projectIndex[id] == nil else {
            throw PabulibError(file: file, line: line, field: "project_id", problem: .duplicateProject(id))
        }
        var attributes: [String: String] = [:]
        for (index, column) in header.enumerated()
        where index != idColumn && index != costColumn && index != nameColumn && index != categoryColumn && index != territoryColumn {
            attributes[column] = row[index]
        }
        let categories = categoryColumn.map { row[$0].split(separator: ",").map(String.init) } ?? []
        let territory = territoryColumn.flatMap { row[$0].isEmpty ? nil : row[$0] }
        projectIndex[id] = projects.count
        projects.append(Project(id: id, cost: cost, name: nameColumn.map { row[$0] } ?? "",
                                categories: categories, territory: territory, attributes: attributes))
    }

    mutating func readBallot(_ scanner: RecordScanner, header: [String], line: Int) throws(PabulibError) {
        let bytes = scanner.bytes
        var choices: [Int] = []
        let vote = scanner.fields[voteColumn]
        if vote.quoted {
            // Rare: fall back to strings so that escaped quotes are handled.
            for part in scanner.string(vote).split(separator: ",", omittingEmptySubsequences: true) {
                let id = part.trimmedSpaces
                guard let project = projectIndex[id] else {
                    throw PabulibError(file: file, line: line, field: "vote", problem: .unknownProject(id))
                }
                choices.append(project)
            }
        } else {
            // Collected in a buffer kept from ballot to ballot, then copied into an array
            // of the exact size: one allocation per ballot instead of a few doublings.
            choiceBuffer.removeAll(keepingCapacity: true)
            var start = vote.start
            var index = vote.start
            while true {
                let atEnd = index == vote.end
                if atEnd || bytes[index] == UInt8(ascii: ",") {
                    var low = start, high = index
                    while low < high && (bytes[low] == 0x20 || bytes[low] == 0x09) { low += 1 }
                    while high > low && (bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09) { high -= 1 }
                    if low < high {
                        let key = UnsafeBufferPointer(rebasing: bytes[low..<high])
                        if let project = projectIDTable.index(of: key) {
                            choiceBuffer.append(project)
                        } else {
                            // Not byte for byte: a String compares canonically equivalent ids as equal.
                            let id = String(decoding: key, as: UTF8.self)
                            guard let project = projectIndex[id] else {
                                throw PabulibError(file: file, line: line, field: "vote", problem: .unknownProject(id))
                            }
                            choiceBuffer.append(project)
                        }
                    }
                    if atEnd { break }
                    start = index + 1
                }
                index += 1
            }
            choices = Array(choiceBuffer[...])
        }
        var points: [Int]? = nil
        if let pointsColumn, kind == .cumulative || kind == .scoring {
            var values: [Int] = []
            for part in scanner.string(pointsColumn).split(separator: ",", omittingEmptySubsequences: true) {
                guard let value = Int(part.trimmedSpaces) else {
                    throw PabulibError(file: file, line: line, field: "points", problem: .invalidInteger(String(part)))
                }
                values.append(value)
            }
            guard values.count == choices.count else {
                throw PabulibError(file: file, line: line, field: "points",
                                   problem: .pointsMismatch(choices: choices.count, points: values.count))
            }
            points = values
        }
        var attributes: [String: String] = [:]
        if keepBallotAttributes {
            attributes.reserveCapacity(header.count)
            for (index, column) in header.enumerated()
            where index != idColumn && index != voteColumn && index != territoryColumn
                && !(index == pointsColumn && points != nil) {
                attributes[column] = scanner.string(index)
            }
        }
        let territory = territoryColumn.flatMap { column -> String? in
            let text = scanner.string(column)
            return text.isEmpty ? nil : text
        }
        ballots.append(Ballot(voterID: scanner.string(idColumn), choices: choices, points: points,
                              territory: territory, attributes: attributes))
    }

    mutating func finish() throws(PabulibError) -> Election {
        for name in ["META", "PROJECTS", "VOTES"] where !sectionsSeen.contains(name) {
            throw PabulibError(file: file, problem: .missingSection(name))
        }
        guard let budgetText = meta.first(where: { $0.key == "budget" })?.value else {
            throw PabulibError(file: file, field: "budget", problem: .missingBudget)
        }
        guard let budget = Pabulib.parseAmount(budgetText) else {
            throw PabulibError(file: file, field: "budget", problem: .invalidAmount(budgetText))
        }
        return Election(kind: kind, budget: budget, projects: projects, ballots: ballots,
                        meta: meta, projectColumns: projectColumns, voteColumns: voteColumns)
    }
}

extension Substring {
    /// The text without leading or trailing spaces and tabs; cheap when there are none,
    /// which is what almost every field of a real file looks like.
    var trimmedSpaces: String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return "" }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return String(self) }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start = bytes.index(after: start) }
        while end > start {
            let previous = bytes.index(before: end)
            guard bytes[previous] == 0x20 || bytes[previous] == 0x09 else { break }
            end = previous
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension String {
    /// The text without leading or trailing spaces and tabs.
    var trimmedSpaces: String { self[...].trimmedSpaces }
}
