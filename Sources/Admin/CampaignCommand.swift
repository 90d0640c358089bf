import Campaign
import Foundation
import Platform

/// `civic campaign check FILE…` and `civic campaign apply FILE --tenant SLUG`.
enum CampaignCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        switch arguments.first {
        case "check":
            let options = try Options(Array(arguments.dropFirst()), valued: [])
            guard !options.positional.isEmpty else {
                throw CommandError("usage: civic campaign check FILE…", exitCode: ExitCode.usage)
            }
            let result = CampaignConfiguration.check(files: options.positional.map { URL(fileURLWithPath: $0) })
            if result.exitCode == 0 { print(result.output) } else { printError(result.output) }
            return result.exitCode
        case "apply":
            let options = try Options(Array(arguments.dropFirst()), valued: ["tenant"])
            guard options.positional.count == 1, let path = options.positional.first else {
                throw CommandError("usage: civic campaign apply FILE --tenant SLUG", exitCode: ExitCode.usage)
            }
            let slug = try options.required("tenant")
            let document: CampaignDocument
            do {
                document = try CampaignConfiguration.load(contentsOf: URL(fileURLWithPath: path))
            } catch {
                printError(error.problems.map(\.description).joined(separator: "\n"))
                throw CommandError("\(path): \(error.problems.count) problem(s), nothing stored", exitCode: ExitCode.dataError)
            }
            let context = try PlatformContext.connect()
            let tenant = try context.tenant(slug)
            let store = CampaignStore(registry: context.registry)
            do {
                let report = try store.apply(document, to: tenant, file: path)
                if report.totalChanges == 0 {
                    print("\(path): campaign \(document.campaign.id) of \(tenant.slug) is already up to date (nothing changed)")
                } else {
                    let details = report.changes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    print("\(path): stored campaign \(document.campaign.id) in \(tenant.slug): \(report.totalChanges) row(s) changed (\(details))")
                }
            } catch let error as CampaignStore.ApplyError {
                throw CommandError(error.description + "; nothing stored", exitCode: ExitCode.dataError)
            } catch {
                throw CommandError("\(path): \(error); nothing stored", exitCode: ExitCode.failure)
            }
            return 0
        default:
            throw CommandError("usage: civic campaign check FILE… | civic campaign apply FILE --tenant SLUG", exitCode: ExitCode.usage)
        }
    }
}
