import Foundation
import Synchronization
import Testing
@testable import Voting

/// Locates `shared/data/pabulib`: `$CIVIC_SHARED_DIR/data/pabulib` when set, else
/// `../shared/data/pabulib` beside the repository (derived from this file's path).
enum SharedData {
    static var pabulibFolder: URL {
        if let shared = ProcessInfo.processInfo.environment["CIVIC_SHARED_DIR"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("data/pabulib")
        }
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // VotingTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // repository root
        return repository.deletingLastPathComponent().appendingPathComponent("shared/data/pabulib")
    }

    /// One expected-outcome file: an instance, a rule name, the winners pabutools found.
    struct ExpectedCase: Sendable, CustomTestStringConvertible {
        var instance: String
        var rule: String
        var file: URL
        /// Set when the data could not be found: the test must fail, not vanish.
        var missing: String?

        var testDescription: String { missing == nil ? "\(instance) \(rule)" : "shared data missing" }
    }

    static func expectedCases() -> [ExpectedCase] {
        let folder = pabulibFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let cases = names.filter { $0.hasPrefix("expected_") && $0.hasSuffix(".txt") }.sorted().compactMap { name -> ExpectedCase? in
            let stem = name.dropFirst("expected_".count).dropLast(".txt".count)
            guard let separator = stem.range(of: "__", options: .backwards) else { return nil }
            return ExpectedCase(instance: String(stem[..<separator.lowerBound]),
                                rule: String(stem[separator.upperBound...]),
                                file: folder.appendingPathComponent(name))
        }
        if cases.isEmpty {
            return [ExpectedCase(instance: "", rule: "", file: folder,
                                 missing: "no expected_*.txt in \(folder.path): put shared/ beside the repository or set CIVIC_SHARED_DIR")]
        }
        return cases
    }

    private static let cache = Mutex<[String: Election]>([:])

    /// Parses an instance once per test run; the big files are shared by many tests.
    static func election(_ instance: String) throws -> Election {
        if let cached = cache.withLock({ $0[instance] }) { return cached }
        let election = try Pabulib.parse(contentsOf: pabulibFolder.appendingPathComponent(instance + ".pb"))
        cache.withLock { $0[instance] = election }
        return election
    }

    static func expectedWinners(_ file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
