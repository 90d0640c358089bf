import Foundation
@testable import Campaign

/// Shared test inputs: the repository's config files and a fixed Paris clock.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CampaignTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let pasDeCalaisFile = repositoryRoot.appendingPathComponent("config/tenants/pas-de-calais/campaign-2023.json")
    static let exampleCommuneFile = repositoryRoot.appendingPathComponent("config/tenants/exemple-commune/campaign-2024.json")

    static let paris = TimeZone(identifier: "Europe/Paris") ?? .gmt

    /// The instant of an ISO 8601 text with an explicit offset, e.g. "2023-03-25T23:00:00Z".
    static func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else {
            preconditionFailure("bad fixture instant \(text)")
        }
        return date
    }

    static func date(_ text: String) -> LocalDateTime {
        guard let value = LocalDateTime(text) else { preconditionFailure("bad fixture date \(text)") }
        return value
    }
}
