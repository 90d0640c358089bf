import Foundation

/// One thing wrong in a configuration file: where it is and what was expected there.
public struct ConfigurationProblem: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// JSON path such as `$.campaign.phases[2].end`; `$` for the whole document.
    public var path: String
    /// What should have been there, in plain English.
    public var expected: String

    public init(file: String, path: String, expected: String) {
        self.file = file
        self.path = path
        self.expected = expected
    }

    public var description: String { "\(file): \(path): expected \(expected)" }
}

/// A configuration that could not be loaded, with every problem found in it.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
