import Foundation

/// Reads and checks campaign configuration files (`config/tenants/<slug>/campaign-<id>.json`).
public enum CampaignConfiguration {
    /// Every problem in `data`, in document order; empty when the file is valid.
    public static func problems(in data: Data, file: String) -> [ConfigurationProblem] {
        do {
            _ = try JSONDecoder().decode(CampaignDocument.self, from: data)
            return []
        } catch {
            return [ConfigurationProblem(file: file, path: "$", expected: "a valid campaign document (\(error))")]
        }
    }

    /// The document in `data`, or every problem found in it.
    public static func load(_ data: Data, file: String) throws(ConfigurationError) -> CampaignDocument {
        do {
            return try JSONDecoder().decode(CampaignDocument.self, from: data)
        } catch {
            throw ConfigurationError(problems: problems(in: data, file: file))
        }
    }

    /// The document in the file at `url`; an unreadable file is reported as one problem.
    public static func load(contentsOf url: URL) throws(ConfigurationError) -> CampaignDocument {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigurationError(problems: [
                ConfigurationProblem(file: url.path, path: "$", expected: "a readable file (\(error.localizedDescription))"),
            ])
        }
        return try load(data, file: url.path)
    }
}
