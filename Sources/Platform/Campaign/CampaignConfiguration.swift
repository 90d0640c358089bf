import Foundation

/// Reads and checks campaign configuration files (`config/tenants/<slug>/campaign-<id>.json`).
public enum CampaignConfiguration {
    /// Every problem in `data`, in document order of the fields checked; empty when the file is valid.
    public static func problems(in data: Data, file: String) -> [ConfigurationProblem] {
        validate(data, file: file).problems
    }

    /// The document in `data`, or every problem found in it.
    public static func load(_ data: Data, file: String) throws(ConfigurationError) -> CampaignDocument {
        let (document, problems) = validate(data, file: file)
        guard let document, problems.isEmpty else {
            throw ConfigurationError(problems: problems.isEmpty
                ? [ConfigurationProblem(file: file, path: "$", expected: "a campaign document")] : problems)
        }
        return document
    }

    /// The document in the file at `url`; an unreadable file is reported as one problem.
    public static func load(contentsOf url: URL) throws(ConfigurationError) -> CampaignDocument {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(problems: [
                ConfigurationProblem(file: url.path, path: "$", expected: "a readable JSON file (\(error.localizedDescription))"),
            ])
        }
        return try load(data, file: url.path)
    }

    /// `civic campaign check FILE…`: the text to print and the exit status (0 when every file is valid, 65 otherwise).
    ///
    /// Lives here rather than in Admin so the command's output is tested with the rules it reports on.
    public static func check(files urls: [URL]) -> (output: String, exitCode: Int32) {
        var lines: [String] = []
        var failed = false
        for url in urls {
            do {
                let document = try load(contentsOf: url)
                let campaign = document.campaign
                lines.append("\(url.path): ok — \(document.tenant.slug) \"\(campaign.title)\": \(campaign.phases.count) phases, "
                    + "\(campaign.territories.count) territories, \(campaign.venues.count) venues, \(campaign.workshops.count) workshops")
            } catch {
                failed = true
                lines.append(contentsOf: error.problems.map(\.description))
                lines.append("\(url.path): \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")")
            }
        }
        return (lines.joined(separator: "\n"), failed ? 65 : 0)
    }

    private static func validate(_ data: Data, file: String) -> (document: CampaignDocument?, problems: [ConfigurationProblem]) {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            return (nil, [ConfigurationProblem(
                file: file, path: "$",
                expected: "valid JSON at line \(error.line), column \(error.column): \(error.message)")])
        }
        var validator = CampaignValidator(file: file)
        let document = validator.document(root)
        return (document, validator.problems)
    }
}
